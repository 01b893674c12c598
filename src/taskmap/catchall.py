"""Which catch-all phrases give their task to every unit of their notice, and which name units of their own.

A phrase reaches every unit only when it names the notice's own kind of unit: 市各有关部门 in a city's
notice, 各有关部门 or 国务院各部门 in a State Council one, 省直有关部门 in a province's. A phrase
naming another level or other actors (各省级人民政府, 各地, 各设区市, 各乡镇人民政府, 试点城市政府, 学校)
is a unit of its own: it answers its tasks, and no department inherits them.
"""

from __future__ import annotations

from taskmap.identity import NATIONAL, level_of
from taskmap.registry import city_prefixes, normalise

# What a phrase naming departments ends with: 部门, 有关部门和单位, 相关单位, 各直属机构.
UNIT_WORDS = ("部门", "单位", "机构")
# How a State Council notice names its own side: 国务院各部门, 中央和国家机关有关部门.
NATIONAL_OWN = ("国务院", "中央和国家机关", "中央国家机关", "中央")
# Words naming a place or a government other than the notice's own departments.
OTHER_LEVELS = ("省", "市", "县", "区", "乡", "镇", "村", "街道", "地", "州", "盟", "旗", "政府", "片区")


def reaches_every_unit(phrase: str, jurisdiction: str | None) -> bool:
    """Whether `phrase` names the departments of the notice's own government (so each inherits its task)."""
    name = normalise(phrase)
    if not name.endswith(UNIT_WORDS):
        return False
    rest = _without_own_side(name, jurisdiction or "")
    return not any(word in rest for word in OTHER_LEVELS)


def _without_own_side(name: str, jurisdiction: str) -> str:
    """The phrase without the notice's own place and level before it (常州市, 市, 省直, 省政府, 国务院)."""
    if jurisdiction == NATIONAL:
        return _without_first(name, NATIONAL_OWN)
    name = _without_first(name, city_prefixes(jurisdiction))
    level = level_of(jurisdiction)
    return _without_first(name, (*(level + word for word in ("委", "政府", "直", "级")), level))


def _without_first(name: str, prefixes: tuple[str, ...]) -> str:
    """`name` without the longest of `prefixes` it begins with."""
    for prefix in sorted(prefixes, key=len, reverse=True):
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return name
