"""Reading the numbers a notice prints before its headings and items.

The levels, outermost first: 一、 （一） 1. / 1、 / 1。 / ⒈ （1） / ⑴ ①. Brackets may be full- or
half-width and mixed (`(一）`), a space may follow the marker (`1. 加强`), and 〔一〕 reads as （一）.
"""

from __future__ import annotations

import re
from typing import NamedTuple

DIGITS = "一二三四五六七八九"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PARENTHESIZED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"  # one character each, as （1）…（20）
FULL_STOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"  # one character each, as 1.…20.
SECTION = re.compile(r"^([一二三四五六七八九十]{1,3})[、．]\s*(.*)$")
SUBSECTION = re.compile(r"^[（(〔]([一二三四五六七八九十]{1,3})[）)〕]\s*(.*)$")
ITEM = re.compile(r"^(\d{1,4})(?:、|[.。](?!\d)|．)\s*(.*)$")
PAREN_ITEM = re.compile(r"^(?:[（(](\d{1,3})[）)]|(\d{1,3})[）)])\s*(.*)$")
CIRCLED_ITEM = re.compile(rf"^([{CIRCLED}])\s*(.*)$")
ONE_CHARACTER = re.compile(rf"^([{PARENTHESIZED}{FULL_STOP}])\s*(.*)$")
# How far out a level stands: a smaller rank holds the larger ones.
RANK = {"section": 0, "subsection": 1, "item": 2, "paren_item": 3, "circled": 4, "plain": 9}


class Numbered(NamedTuple):
    """A paragraph's numbering style (section, subsection, item, … or plain), its number and the rest."""

    style: str
    number: int
    numeral: str
    rest: str

    @property
    def rank(self) -> int:
        return RANK[self.style]


def chinese_number(numeral: str) -> int | None:
    """一 → 1, 十 → 10, 十一 → 11, 二十 → 20, 三十五 → 35; None for anything else."""
    if not numeral or any(character not in DIGITS + "十" for character in numeral):
        return None
    if "十" not in numeral:
        return DIGITS.index(numeral) + 1 if len(numeral) == 1 else None
    tens, _, units = numeral.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    return (DIGITS.index(tens) + 1 if tens else 1) * 10 + (DIGITS.index(units) + 1 if units else 0)


def chinese_numeral(number: int) -> str:
    """The numeral of 1..99 as a notice prints it (1 → 一, 10 → 十, 21 → 二十一)."""
    tens, units = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens - 1] + "十")
    return head + (DIGITS[units - 1] if units else "")


def numbering_of(paragraph: str) -> Numbered:
    """How a paragraph is numbered; style "plain" with number 0 when it is not."""
    for style, pattern in (("section", SECTION), ("subsection", SUBSECTION)):
        match = pattern.match(paragraph)
        if match and (number := chinese_number(match[1])) is not None:
            return Numbered(style, number, match[1], match[2])
    if match := ITEM.match(paragraph):
        return Numbered("item", int(match[1]), match[1], match[2])
    if match := PAREN_ITEM.match(paragraph):
        printed = match[1] or match[2]
        return Numbered("paren_item", int(printed), printed, match[3])
    if match := ONE_CHARACTER.match(paragraph):
        style = "paren_item" if match[1] in PARENTHESIZED else "item"
        return Numbered(style, (PARENTHESIZED + FULL_STOP).index(match[1]) % 20 + 1, match[1], match[2])
    if match := CIRCLED_ITEM.match(paragraph):
        return Numbered("circled", CIRCLED.index(match[1]) + 1, match[1], match[2])
    return Numbered("plain", 0, "", paragraph)
