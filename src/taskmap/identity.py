"""What names a notice among many: its short key and the jurisdiction whose units it addresses.

Both come from the notice's own data, so they are stable across machines and runs; notice.yaml may set
either explicitly (`key:`, `jurisdiction:`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

NATIONAL = "全国"
# Issuers of the central government address every unit of the country.
NATIONAL_ISSUERS = ("国务院", "中共中央", "全国人民代表大会")
# The leading place name of an issuer: 常州市社会信用体系建设领导小组办公室 → 常州市.
PLACE = re.compile(r"^(.{2,}?(?:自治区|自治州|省|市|县|区|州|盟|旗))")
# A place within it named next: 上海市嘉定区人民政府办公室 → 上海市 and 嘉定区 (not 市场 of 市场监督管理局).
INNER_PLACE = re.compile(r"^([\u4e00-\u9fff]{2,8}?(?:自治县|区|县|市|旗))")
# The level a unit's name begins with in its own jurisdiction's notices: 市公安局 in a city's, 省财政厅 in a
# province's, 区公安局 in a district's (an autonomous region's units print 自治区 or 区 the same way).
LEVELS = (("自治区", "区"), *((level, level) for level in "省市区县州旗"))
OPENING_BRACKETS = "〔[(【（"
CLOSING_BRACKETS = "〕])】）"


def typeable_key(text: str) -> str:
    """A 文号 as a key a person can type: 常信用办〔2019〕10号 → 常信用办2019-10."""
    folded = unicodedata.normalize("NFKC", text).strip()
    folded = folded.removesuffix("号")
    for bracket in OPENING_BRACKETS:
        folded = folded.replace(bracket, "")
    for bracket in CLOSING_BRACKETS:
        folded = folded.replace(bracket, "-")
    return "".join(folded.split()).strip("-:")


def notice_key(notice: dict[str, Any], fallback: str) -> str:
    """The notice's key: `key:` from notice.yaml, else its 文号 made typeable, else `fallback`."""
    explicit = notice.get("key")
    if explicit:
        return str(explicit)
    number = notice.get("document_number")
    if number and typeable_key(number):
        return typeable_key(number)
    return fallback


def notice_jurisdiction(notice: dict[str, Any]) -> str:
    """`jurisdiction:` from notice.yaml, else the place its issuer names (全国 for the central government)."""
    explicit = notice.get("jurisdiction")
    if explicit:
        return str(explicit)
    issuer = unicodedata.normalize("NFKC", str(notice.get("issuer") or notice.get("publisher") or ""))
    if issuer.startswith(NATIONAL_ISSUERS):
        return NATIONAL
    place = PLACE.match(issuer.removeprefix("中共"))  # 中共常州市委办公室: the party's committee of 常州市
    if place is None:
        return issuer
    jurisdiction = place.group(1)
    for _ in range(2):  # a district's notice addresses its own units: two districts' 区委组织部 are two
        inner = INNER_PLACE.match(issuer.removeprefix("中共")[len(jurisdiction) :])
        if inner is None:
            break
        jurisdiction += inner.group(1)
    return jurisdiction


def level_of(jurisdiction: str | None) -> str:
    """The level prefix of a jurisdiction's own units: 市 for 常州市, 省 for 福建省, 区 for 平潭综合实验区."""
    for suffix, level in LEVELS:
        if jurisdiction and jurisdiction.endswith(suffix):
            return level
    return "市"


def qualified_unit_name(name: str, jurisdiction: str) -> str:
    """A unit's name with its place, as people write it across places: 市公安局 of 常州市 → 常州市公安局,
    省财政厅 of 福建省 → 福建省财政厅."""
    level = level_of(jurisdiction)
    stem = jurisdiction.removesuffix(level) if jurisdiction.endswith(level) else jurisdiction
    if jurisdiction == NATIONAL or (stem and stem in name):
        return name
    if name.startswith(level) and jurisdiction.endswith(level):
        return jurisdiction + name[len(level) :]
    return f"{jurisdiction}{name}"
