"""A date cell written as a spreadsheet shows it, from its number format code (yyyy"年"m"月"d"日", …).

Only the date and time parts of Excel's format language are needed: a deadline column printed
2019年6月30日 must read so, not 2019-06-30 00:00:00. Codes this does not know fall back to year/month/day,
which is what a Chinese Excel shows for its default date format.
"""

from __future__ import annotations

import datetime
import re

TOKEN = re.compile(
    r'"[^"]*"|\\.|\[[^\]]*\]|yyyy|yy|mmmm|mmm|mm|m|dd|d|hh|h|ss|s|AM/PM|am/pm|.', re.IGNORECASE
)
DEFAULT_DATE = "yyyy/m/d"
DEFAULT_DATETIME = "yyyy/m/d h:mm"
US_DEFAULTS = {"mm-dd-yy": DEFAULT_DATE, "m/d/yy h:mm": DEFAULT_DATETIME, "general": ""}


def shown_date(value: datetime.date | datetime.time, code: str | None) -> str:
    """`value` under the number format `code` (None or unknown: year/month/day)."""
    code = (code or "").split(";")[0]
    code = US_DEFAULTS.get(code.lower(), code)
    if not code:
        timed = isinstance(value, datetime.datetime) and (value.hour or value.minute)
        code = DEFAULT_DATETIME if timed else DEFAULT_DATE
        if isinstance(value, datetime.time):
            code = "h:mm:ss"
    parts: list[str] = []
    tokens = [found[0] for found in TOKEN.finditer(code)]
    for index, token in enumerate(tokens):
        parts.append(rendered(token, value, minute_context(tokens, index)))
    return "".join(parts).strip()


def minute_context(tokens: list[str], index: int) -> bool:
    """Whether an m/mm token means minutes: right after an hour or right before seconds."""
    before = [token.lower() for token in tokens[:index] if token.lower() not in (":", " ")]
    after = [token.lower() for token in tokens[index + 1 :] if token.lower() not in (":", " ")]
    return bool(before and before[-1] in ("h", "hh")) or bool(after and after[0] in ("s", "ss"))


def rendered(token: str, value: datetime.date | datetime.time, minutes: bool) -> str:
    lowered = token.lower()
    date = value if isinstance(value, datetime.date) else None
    time = value if isinstance(value, datetime.time | datetime.datetime) else None
    if token.startswith('"'):
        return token[1:-1]
    if token.startswith("\\"):
        return token[1:]
    if token.startswith("["):
        return ""
    if lowered in ("m", "mm") and minutes:
        minute = time.minute if time else 0
        return f"{minute:02d}" if lowered == "mm" else str(minute)
    if date is not None:
        match lowered:
            case "yyyy":
                return f"{date.year:04d}"
            case "yy":
                return f"{date.year % 100:02d}"
            case "mmmm" | "mmm":
                return f"{date.month}月"
            case "mm":
                return f"{date.month:02d}"
            case "m":
                return str(date.month)
            case "dd":
                return f"{date.day:02d}"
            case "d":
                return str(date.day)
    if time is not None:
        match lowered:
            case "hh":
                return f"{time.hour:02d}"
            case "h":
                return str(time.hour)
            case "ss":
                return f"{time.second:02d}"
            case "s":
                return str(time.second)
            case "am/pm":
                return "AM" if time.hour < 12 else "PM"
    if lowered in ("yyyy", "yy", "mmmm", "mmm", "mm", "m", "dd", "d", "hh", "h", "ss", "s", "am/pm"):
        return ""
    return token
