"""Word's automatic list numbers, rendered as Word shows them (一、 （一） 1. ①), from numbering.xml.

A notice typed in Word often numbers its items with a list style, so "一、" is in numbering.xml and not in
the paragraph's text; without it the structure pass would see unnumbered paragraphs. Counters follow
Word's rules closely enough for notices: one set per abstract list, a level's counter restarting when a
higher level advances, a list's start override applied when that list is first used. Bullets give no
label.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DIGITS = "零一二三四五六七八九"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


@dataclass
class Level:
    start: int = 1
    format: str = "decimal"
    text: str = "%1."
    legal: bool = False


@dataclass
class ListDefinition:
    levels: dict[int, Level] = field(default_factory=dict)


def val(element: Any, name: str) -> str | None:
    found = element.find(f"{W}{name}") if element is not None else None
    return None if found is None else found.get(f"{W}val")


def number_of(element: Any, name: str, default: int) -> int:
    try:
        return int(val(element, name) or default)
    except ValueError:
        return default


class ListNumbers:
    """Each paragraph's list label, asked for in document order."""

    def __init__(self, numbering: Any, styles: Any) -> None:
        self.abstract: dict[str, ListDefinition] = {}
        self.lists: dict[str, tuple[str, dict[int, int]]] = {}  # numId → abstract id, start overrides
        self.style_numbers: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if numbering is not None:
            self.read_numbering(numbering)
        if styles is not None:
            self.read_styles(styles)

    def read_numbering(self, numbering: Any) -> None:
        for abstract in numbering.iter(f"{W}abstractNum"):
            definition = ListDefinition()
            for level in abstract.iter(f"{W}lvl"):
                definition.levels[number_of_attribute(level, "ilvl")] = Level(
                    start=number_of(level, "start", 1),
                    format=val(level, "numFmt") or "decimal",
                    text=val(level, "lvlText") or "",
                    legal=level.find(f"{W}isLgl") is not None,
                )
            self.abstract[str(abstract.get(f"{W}abstractNumId"))] = definition
        for instance in numbering.iter(f"{W}num"):
            overrides = {}
            for override in instance.iter(f"{W}lvlOverride"):
                start = val(override, "startOverride")
                if start is not None and start.isdigit():
                    overrides[number_of_attribute(override, "ilvl")] = int(start)
            abstract_id = val(instance, "abstractNumId") or ""
            self.lists[str(instance.get(f"{W}numId"))] = (abstract_id, overrides)

    def read_styles(self, styles: Any) -> None:
        for style in styles.iter(f"{W}style"):
            properties = style.find(f"{W}pPr")
            numbering = properties.find(f"{W}numPr") if properties is not None else None
            if numbering is not None and val(numbering, "numId"):
                self.style_numbers[str(style.get(f"{W}styleId"))] = (
                    str(val(numbering, "numId")),
                    number_of(numbering, "ilvl", 0),
                )

    def label(self, paragraph: Any) -> str:
        """The paragraph's list label ("一、", "（二）", "3."), or "" when it is not numbered."""
        found = self.list_of(paragraph)
        if found is None:
            return ""
        list_id, level = found
        abstract_id, overrides = self.lists.get(list_id, ("", {}))
        definition = self.abstract.get(abstract_id)
        if definition is None or level not in definition.levels:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if list_id not in self.started:
            self.started.add(list_id)
            for overridden, start in overrides.items():
                counters[overridden] = start - 1
        counters[level] = counters.get(level, definition.levels[level].start - 1) + 1
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]
        text = definition.levels[level].text
        for shown in range(9):
            placeholder = f"%{shown + 1}"
            if placeholder in text:
                shown_level = definition.levels.get(shown, Level())
                value = counters.get(shown, shown_level.start)
                style = "decimal" if definition.levels[level].legal else shown_level.format
                text = text.replace(placeholder, formatted(value, style))
        if definition.levels[level].format in ("bullet", "none"):
            return ""
        return text

    def list_of(self, paragraph: Any) -> tuple[str, int] | None:
        properties = paragraph.find(f"{W}pPr")
        if properties is None:
            return None
        numbering = properties.find(f"{W}numPr")
        style = val(properties, "pStyle")
        from_style = self.style_numbers.get(style or "")
        list_id = val(numbering, "numId") if numbering is not None else None
        if list_id is None and from_style is not None:
            list_id = from_style[0]
        if list_id is None or list_id == "0":
            return None
        default_level = from_style[1] if from_style else 0
        level = number_of(numbering, "ilvl", default_level) if numbering is not None else default_level
        return list_id, level


def number_of_attribute(element: Any, name: str) -> int:
    try:
        return int(element.get(f"{W}{name}", 0))
    except ValueError:
        return 0


def formatted(value: int, style: str) -> str:
    """A counter's value in a Word number format."""
    if style in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting"):
        return chinese(value)
    if style in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= value <= len(CIRCLED):
        return CIRCLED[value - 1]
    if style == "ideographTraditional" and 1 <= value <= len(HEAVENLY_STEMS):
        return HEAVENLY_STEMS[value - 1]
    if style == "ideographZodiac" and 1 <= value <= len(EARTHLY_BRANCHES):
        return EARTHLY_BRANCHES[value - 1]
    if style == "decimalFullWidth":
        return "".join(chr(ord(digit) + 0xFEE0) for digit in str(value))
    if style == "decimalZero":
        return f"{value:02d}"
    if style in ("lowerLetter", "upperLetter") and value >= 1:
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if style == "upperLetter" else letter
    if style in ("lowerRoman", "upperRoman") and 1 <= value < 4000:
        return roman(value).lower() if style == "lowerRoman" else roman(value)
    return str(value)


def chinese(value: int) -> str:
    """一 … 十 … 九十九, then digits by digit (一百零一 is not a heading number a notice reaches)."""
    if value < 0:
        return str(value)
    if value < 10:
        return DIGITS[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")
    return "".join(DIGITS[int(digit)] for digit in str(value))


def roman(value: int) -> str:
    numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L")]
    numerals += [(40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    result = ""
    for amount, numeral in numerals:
        while value >= amount:
            result += numeral
            value -= amount
    return result
