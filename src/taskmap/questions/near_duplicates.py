"""Units of one place that are probably one: what `taskmap validate` says of a library.

Notices of one place write one office in more than one way. Where two units of a library share no
spelling they stay two, and each answers its own tasks; these rules only point at the pairs a person
should look at: one name is the other with its level or place before it (交建局, 区交建局; 税务总局,
国家税务总局), or one is the other's name inside a longer official form (国家发展和改革委员会 and
发展改革委 are joined by the central registry; what it does not know is said here).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from taskmap.identity import NATIONAL, level_of
from taskmap.registry import normalise

NATIONAL_PREFIXES = ("国家", "中国", "国务院", "中华人民共和国", "中央")
COLLECTIVE_WORDS = ("各", "有关", "相关")


class ProbablyOne(NamedTuple):
    """Two units of one place that are probably one office, and the name both read as without place or
    level."""

    jurisdiction: str
    first: str
    second: str
    stem: str


def stem(name: str, jurisdiction: str) -> str:
    """The name without its place and level: 区交建局 → 交建局 in 平潭综合实验区, 国家税务总局 → 税务总局."""
    name = normalise(name)
    if jurisdiction == NATIONAL:
        for prefix in sorted(NATIONAL_PREFIXES, key=len, reverse=True):
            if name.startswith(prefix) and len(name) > len(prefix) + 1:
                return name.removeprefix(prefix)
        return name
    level = level_of(jurisdiction)
    place = normalise(jurisdiction)
    for prefix in (place, place.removesuffix(level), level):
        if prefix and name.startswith(prefix) and len(name) > len(prefix) + 1:
            return name.removeprefix(prefix)
    return name


def probably_one(units: Iterable[tuple[str, str, Iterable[str]]]) -> list[ProbablyOne]:
    """Pairs among (jurisdiction, name, every spelling) whose names differ only by place or level."""
    by_stem: dict[tuple[str, str], list[str]] = {}
    for jurisdiction, name, spellings in units:
        if any(word in name for word in COLLECTIVE_WORDS):
            continue
        stems = {stem(spelling, jurisdiction) for spelling in (name, *spellings)}
        for key in stems:
            by_stem.setdefault((jurisdiction, key), [])
            if name not in by_stem[(jurisdiction, key)]:
                by_stem[(jurisdiction, key)].append(name)
    found = []
    for (jurisdiction, key), names in by_stem.items():
        for other in names[1:]:
            found.append(ProbablyOne(jurisdiction, names[0], other, key))
    return list(dict.fromkeys(found))
