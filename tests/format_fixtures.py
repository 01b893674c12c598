"""Documents in every input format, made at test time from the shared corpus's page text.

Page text becomes simple HTML (a paragraph a line; the table documents 07 and 12 get a real <table>
rebuilt from their cells, one per line), and LibreOffice turns the HTML into .docx, .doc, .xlsx, .xls and
PDF. LibreOffice's PDF maps every glyph back to the character typed; Chromium's maps some ideographs to
a variant sharing their glyph (胶 as 㬵), so it prints only the hand-made PDFs, whose text avoids them.
Nothing made here is kept in the repository.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "notices"
SECTION_ROW = re.compile(r"^[一二三四五六七八九十]+、")
SUBSECTION_ROW = re.compile(r"^（[一二三四五六七八九十]+）")
TASK_ROW = re.compile(r"^\d+\.")
# LibreOffice's export filters by target; HTML is opened in Writer (not Writer/Web) or Calc.
WRITER_TARGETS = {"docx": "docx:MS Word 2007 XML", "doc": "doc:MS Word 97", "pdf": "pdf:writer_pdf_Export"}
CALC_TARGETS = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "xls": "xls:MS Excel 97"}
CELL_STYLE = "border:1px solid black; border-collapse:collapse"


def corpus_file(prefix: str) -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the corpus of real notices is not beside the repository ({CORPUS})")
    return next(CORPUS.glob(f"{prefix}-*.txt"))


def page_lines(source: Path) -> list[str]:
    """The page's lines as the text reader keeps them: no `# source:` line, no blank lines."""
    lines = source.read_text(encoding="utf-8").splitlines()
    if lines and lines[0].startswith("# source:"):
        lines = lines[1:]
    return [line.strip() for line in lines if line.strip()]


def paragraph(text: str) -> str:
    return f"<p>{html.escape(text)}</p>\n"


def cell(paragraphs: list[str], rowspan: int = 1, colspan: int = 1) -> str:
    spans = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (
        f' colspan="{colspan}"' if colspan > 1 else ""
    )
    inner = "".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
    return f'<td style="{CELL_STYLE}"{spans}>{inner}</td>'


def table(rows: list[str]) -> str:
    body = "".join(f"<tr>{row}</tr>\n" for row in rows)
    return f'<table style="{CELL_STYLE}">\n{body}</table>\n'


def table_07(lines: list[str]) -> tuple[int, int, str]:
    """07's table: a header of five cells, section rows, then rows of five cells starting with a number."""
    start = lines.index("序号")
    rows = ["".join(cell([text]) for text in lines[start : start + 5])]
    index = start + 5
    while index < len(lines):
        if SECTION_ROW.match(lines[index]):
            rows.append(cell([lines[index]], colspan=5))
            index += 1
        elif lines[index].isdigit() and index + 5 <= len(lines):
            rows.append("".join(cell([text]) for text in lines[index : index + 5]))
            index += 5
        else:
            break
    return start, index, table(rows)


def is_unit_line(text: str) -> bool:
    return "。" not in text and len(text) <= 60


def table_12(lines: list[str]) -> tuple[int, int, str]:
    """12's table (see the corpus README's row for it): 工作任务 / 牵头单位 / 责任单位 / 工作要求, section
    rows spanning all four; after each task line its lead lines, then its 责任单位 paragraphs (from the
    first that ends with ， or starts with 各), then its 要求 (a sentence). A task without units takes
    them, by rowspan, from the row above; one without 要求 as well takes that."""
    start = lines.index("工 作 任 务")
    header = "".join(cell([text]) for text in lines[start : start + 4])
    entries: list[list[object]] = []  # [task, leads, responsible, requirement, kind]
    index = start + 4
    while index < len(lines):
        text = lines[index]
        if SECTION_ROW.match(text) or SUBSECTION_ROW.match(text):
            entries.append([text, [], [], None, "section"])
            index += 1
            continue
        if not TASK_ROW.match(text):
            break
        index += 1
        body = []
        while index < len(lines) and not (
            TASK_ROW.match(lines[index])
            or SECTION_ROW.match(lines[index])
            or SUBSECTION_ROW.match(lines[index])
        ):
            body.append(lines[index])
            index += 1
        requirement = body.pop() if body and not is_unit_line(body[-1]) else None
        split = next(
            (i for i, unit in enumerate(body) if unit.endswith("，") or unit.startswith("各")), len(body)
        )
        entries.append([text, body[:split], body[split:], requirement, "task"])
    rows = [header]
    for position, entry in enumerate(entries):
        task, leads, responsible, requirement, kind = entry
        if kind == "section":
            rows.append(cell([str(task)], colspan=4))
            continue
        if not leads and not responsible and position and entries[position - 1][4] == "task":
            if requirement is None:
                rows.append(cell([str(task)]))
            else:
                rows.append(cell([str(task)]) + cell([str(requirement)]))
            continue
        covered = 1
        while position + covered < len(entries):
            following = entries[position + covered]
            if following[4] != "task" or following[1] or following[2]:
                break
            covered += 1
        requirement_span = 1
        while requirement_span < covered and entries[position + requirement_span][3] is None:
            requirement_span += 1
        row = cell([str(task)]) + cell(list(leads), rowspan=covered)  # type: ignore[arg-type]
        row += cell(list(responsible), rowspan=covered)  # type: ignore[arg-type]
        row += cell([str(requirement)] if requirement else [], rowspan=requirement_span)
        rows.append(row)
    return start, index, table(rows)


TABLE_BUILDERS = {"07": table_07, "12": table_12}


def html_page(prefix: str) -> str:
    """The corpus document `prefix` as an HTML page."""
    lines = page_lines(corpus_file(prefix))
    parts = ['<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>notice</title></head><body>\n']
    if prefix in TABLE_BUILDERS:
        start, end, markup = TABLE_BUILDERS[prefix](lines)
        parts += (
            [paragraph(line) for line in lines[:start]] + [markup] + [paragraph(line) for line in lines[end:]]
        )
    else:
        parts += [paragraph(line) for line in lines]
    return "".join(parts) + "</body></html>\n"


def require(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        pytest.skip(f"{program} is not installed; the format tests that need it are skipped")
    return found


def office() -> str:
    for name in ("soffice", "libreoffice"):
        if shutil.which(name):
            return name
    pytest.skip(
        "LibreOffice is not installed (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui)"
    )


def convert_all(pages: list[Path], target: str, folder: Path) -> list[Path]:
    """Every HTML page converted by LibreOffice to `target` (docx, doc, xlsx, xls) in one run."""
    command = office()
    in_filter = "HTML (StarCalc)" if target in CALC_TARGETS else "HTML (StarWriter)"
    export = {**WRITER_TARGETS, **CALC_TARGETS}[target]
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            command,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            f"--infilter={in_filter}",
            "--convert-to",
            export,
            "--outdir",
            str(folder),
            *map(str, pages),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return [folder / f"{page.stem}.{target}" for page in pages]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return name
    pytest.skip("Chromium is not installed (apt-get install chromium); the PDF format tests are skipped")


def print_to_pdf(page: Path, pdf: Path) -> Path:
    """`page` printed to `pdf` by headless Chromium, without its own header and footer."""
    subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={pdf.parent / 'chromium-profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return pdf


def convert_one(source: Path, export: str, folder: Path) -> Path:
    """`source` converted by LibreOffice with the filter `export` ("xls", "pdf:writer_pdf_Export:{…}")."""
    subprocess.run(
        [
            office(),
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            export,
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder / f"{source.stem}.{export.split(':')[0]}"
