"""What text from a notice may not do to the terminal or the spreadsheet it is shown in.

A notice is text from outside. A control character in it (ESC above all) would move the cursor, retitle
the window or erase lines when printed, and a spreadsheet cell beginning with = would run as a formula.
So text for a terminal shows every C0 and C1 control character other than tab and newline, and any lone
surrogate (a file name that is not UTF-8), as U+FFFD: one character for one, so that column widths and
highlighted spans hold. CSV cells that a spreadsheet would take for a formula begin with an apostrophe,
as OWASP's CSV-injection guidance says. JSON keeps every value exactly: its encoder escapes C0, and C1,
DEL and lone surrogates are written as \\u escapes too.

Most text has none of these, and every answer passes through here, so each check starts with a test
that runs in C at memory speed (`str.isprintable`, a byte search): the regular expressions, whose
classes with the surrogate range take most of a millisecond to compile, are compiled (and then kept
by `re`) only for text that needs them.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar, cast

REPLACEMENT = "\ufffd"
CONTROLS = "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]"
# What json.dumps leaves raw that a terminal may act on, or that cannot be encoded as UTF-8.
RAW_IN_JSON = "[\x7f-\x9f\ud800-\udfff]"
# The UTF-8 of DEL, and the lead byte of U+0080..U+00BF (C1 among them).
DEL_OR_C1_BYTES = (b"\x7f", b"\xc2")
# OWASP: a cell beginning with one of these is a formula to Excel, LibreOffice or Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Value = TypeVar("Value")


def printable(text: str) -> str:
    """`text` with each control character (but tab and newline) and lone surrogate shown as U+FFFD."""
    if text.isprintable():  # no control, no surrogate: most text, checked in C
        return text
    return re.sub(CONTROLS, REPLACEMENT, text)


def printable_value(value: Value) -> Value:
    """A copy of an answer (named tuples, tuples, lists and dicts of them) with every string printable."""
    return cast(Value, _printable_copy(value))


def _printable_copy(value: Any) -> Any:
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, tuple):
        items = [_printable_copy(item) for item in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if isinstance(value, list):
        return [_printable_copy(item) for item in value]
    if isinstance(value, dict):
        return {_printable_copy(key): _printable_copy(item) for key, item in value.items()}
    return value


def spreadsheet_cell(value: str | int | float) -> str | int | float:
    """A CSV cell as a spreadsheet will not run it: printable, and text that would begin a formula
    prefixed with an apostrophe (numbers are left as they are)."""
    if not isinstance(value, str):
        return value
    text = printable(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def json_safe(text: str) -> str:
    """JSON text with C1 controls, DEL and lone surrogates as \\u escapes: the same values, safe to print."""
    try:
        encoded = text.encode()
    except UnicodeEncodeError:  # a lone surrogate
        encoded = DEL_OR_C1_BYTES[0]
    if not any(byte in encoded for byte in DEL_OR_C1_BYTES):
        return text
    return re.sub(RAW_IN_JSON, lambda match: f"\\u{ord(match.group()):04x}", text)
