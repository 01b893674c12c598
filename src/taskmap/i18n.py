"""One language per person: what people read is Chinese when their locale is, English otherwise.

The language follows TASKMAP_LANG, then the locale variables in gettext's own order (LANGUAGE, LC_ALL,
LC_MESSAGES, LANG): `zh…` means Chinese. The Chinese catalogue is `locale/zh_CN/LC_MESSAGES/taskmap.po`,
compiled to `taskmap.mo` when the wheel is built and read with the standard library's gettext; in a source
checkout without the compiled file, Babel (a dev dependency) compiles it in memory. Machine formats (plain,
CSV, JSON) never pass through here, and English text costs no import at all.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gettext

LANGUAGE_VARIABLES = ("TASKMAP_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
CATALOGUE = Path(__file__).parent / "locale" / "zh_CN" / "LC_MESSAGES"
DOMAIN = "taskmap"


@cache
def language() -> str:
    """ "zh" or "en", from the first of LANGUAGE_VARIABLES that is set."""
    for name in LANGUAGE_VARIABLES:
        value = os.environ.get(name, "").strip()
        if value:
            return "zh" if value.split(":")[0].lower().startswith("zh") else "en"
    return "en"


@cache
def catalogue() -> gettext.NullTranslations:
    import gettext

    compiled = CATALOGUE / f"{DOMAIN}.mo"
    try:
        with compiled.open("rb") as file:
            return gettext.GNUTranslations(file)
    except OSError:
        pass
    try:
        import io

        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError:
        return gettext.NullTranslations()
    with (CATALOGUE / f"{DOMAIN}.po").open("rb") as source:
        buffer = io.BytesIO()
        write_mo(buffer, read_po(source))
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is made; it is translated where it is shown."""
    return message


def _(message: str) -> str:
    """The message in the reader's language."""
    return message if language() == "en" else catalogue().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The message for `count` things in the reader's language (Chinese has one form)."""
    if language() == "en":
        return singular if count == 1 else plural
    return catalogue().ngettext(singular, plural, count)
