"""Keep the Chinese catalogue in step with the code: `python tools/catalogue.py` extracts every message
marked with _(), N_() or ngettext() from src/taskmap with Babel, keeps the translations the catalogue
already has, and writes it back; messages without a translation are listed (tests/test_i18n.py fails on
them)."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "taskmap"
PO = SOURCE / "locale" / "zh_CN" / "LC_MESSAGES" / "taskmap.po"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extracted() -> list[tuple[str | tuple[str, str], str, int]]:
    """Every marked message with the file and line it is marked at."""
    found = extract_from_dir(SOURCE, method_map=[("**.py", "python")], keywords=KEYWORDS)
    return [(message, filename, line) for filename, line, message, _, _ in found]


def main() -> int:
    old = Catalog(locale="zh_CN")
    if PO.exists():
        with PO.open("rb") as file:
            old = read_po(file)
    catalog = Catalog(locale="zh_CN", project="taskmap", charset="utf-8", fuzzy=False)
    for message, filename, line in extracted():
        known = old.get(message if isinstance(message, str) else message[0])
        empty = "" if isinstance(message, str) else ("",)
        catalog.add(message, known.string if known else empty, locations=[(f"src/taskmap/{filename}", line)])
    with PO.open("wb") as file:
        write_po(file, catalog, width=110, sort_output=True)
    missing = [
        m.id for m in catalog if m.id and not (m.string if isinstance(m.string, str) else all(m.string))
    ]
    for message in missing:
        print(f"untranslated: {message}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
