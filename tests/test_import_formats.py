"""Every input format imports to the same tasks as the page text it was made from; each reader on small
documents made by hand; bad input in every format is one line, exit 2, and nothing written."""

from __future__ import annotations

import datetime
import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from format_fixtures import convert_all, convert_one, corpus_file, html_page, print_to_pdf
from taskmap.importer.blocks import Paragraph, Table
from taskmap.importer.readers import read_source
from taskmap.importer.readers.errors import UnreadableInput
from taskmap.store.loading import compile_directory

PARAGRAPH_DOCUMENTS = ["01", "04", "06", "10", "14"]
TABLE_DOCUMENTS = ["07", "12"]
DOCUMENT_FORMATS = ["html", "docx", "doc", "pdf"]
SHEET_FORMATS = ["xlsx", "xls"]
# 12's page text (one cell per line, empty cells missing) is read less well than its real table: the
# page text's task 1 takes its lead unit into its text. The structure pass reading page tables is being
# rewritten; until then the table formats of 12 cannot equal its page text.
PAGE_TABLE_PENDING = pytest.mark.xfail(
    reason="the structure pass reads 12's one-cell-per-line page text less well than its table", strict=False
)


def run_import(source: Path, out: Path, path: str | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PATH": path} if path is not None else None
    return subprocess.run(
        [sys.executable, "-m", "taskmap", "import", str(source), "--out", str(out)],
        capture_output=True,
        timeout=300,
        env=env,
    )


def tasks_of(dataset: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        task for annex in dataset["annexes"] for section in annex["sections"] for task in section["tasks"]
    ]


def imported_tasks(source: Path, out: Path) -> list[dict[str, Any]]:
    result = run_import(source, out)
    assert result.returncode == 0, result.stderr.decode()
    return tasks_of(compile_directory(out))


class FormatShelf:
    """The corpus documents as HTML pages, each other format made from them on first use (one
    LibreOffice run per format for all documents)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pages: dict[str, Path] = {}
        self.made: dict[tuple[str, str], Path] = {}
        self.expected: dict[str, list[dict[str, Any]]] = {}

    def page(self, prefix: str) -> Path:
        if prefix not in self.pages:
            page = self.folder / "html" / f"{prefix}.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(html_page(prefix), encoding="utf-8")
            self.pages[prefix] = page
        return self.pages[prefix]

    def document(self, prefix: str, format: str) -> Path:
        if format == "html":
            return self.page(prefix)
        if (prefix, format) not in self.made:
            prefixes = (
                PARAGRAPH_DOCUMENTS + TABLE_DOCUMENTS if format in DOCUMENT_FORMATS else TABLE_DOCUMENTS
            )
            pages = [self.page(each) for each in prefixes]
            for each, made in zip(prefixes, convert_all(pages, format, self.folder / format), strict=True):
                self.made[(each, format)] = made
        return self.made[(prefix, format)]

    def expected_tasks(self, prefix: str) -> list[dict[str, Any]]:
        if prefix not in self.expected:
            self.expected[prefix] = imported_tasks(corpus_file(prefix), self.folder / "from-text" / prefix)
        return self.expected[prefix]


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> FormatShelf:
    return FormatShelf(tmp_path_factory.mktemp("formats"))


def assert_same_tasks(mine: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> None:
    assert theirs, "the page text itself gives no task"
    for my_task, their_task in zip(mine, theirs, strict=False):
        assert my_task == their_task, their_task["id"]
    assert len(mine) == len(theirs)


def format_cases() -> list[Any]:
    cases = [pytest.param(prefix, format) for prefix in PARAGRAPH_DOCUMENTS for format in DOCUMENT_FORMATS]
    for prefix in TABLE_DOCUMENTS:
        marks = [PAGE_TABLE_PENDING] if prefix == "12" else []
        cases += [pytest.param(prefix, format, marks=marks) for format in DOCUMENT_FORMATS + SHEET_FORMATS]
    return cases


@pytest.mark.parametrize(("prefix", "format"), format_cases())
def test_a_corpus_document_in_every_format_imports_to_the_tasks_of_its_page_text(
    shelf: FormatShelf, tmp_path: Path, prefix: str, format: str
) -> None:
    document = shelf.document(prefix, format)
    assert_same_tasks(imported_tasks(document, tmp_path / "out"), shelf.expected_tasks(prefix))


def test_a_converted_doc_says_so_in_its_source(shelf: FormatShelf) -> None:
    source = read_source(shelf.document("14", "doc").read_bytes(), "notice.doc")
    assert source.format == "doc" and any("LibreOffice" in note for note in source.notes)


def test_the_page_text_of_a_table_document_prints_each_cell_once_as_its_page_does(shelf: FormatShelf) -> None:
    lines = [line for line in read_source(shelf.page("12").read_bytes(), "12.html").text.splitlines() if line]
    published = corpus_file("12").read_text(encoding="utf-8").splitlines()[1:]
    assert lines == [line.strip() for line in published if line.strip()]


# HTML


def html_source(markup: str, encoding: str = "utf-8") -> Any:
    return read_source(markup.encode(encoding), "page.html")


def test_html_rowspan_and_colspan_repeat_a_merged_cells_text_in_every_position_it_covers() -> None:
    source = html_source(
        "<table><tr><th>序号</th><th colspan=2>单位</th></tr>"
        "<tr><td>1</td><td rowspan=2>省发改委</td><td>甲</td></tr>"
        "<tr><td>2</td><td>乙</td></tr></table>"
    )
    (table,) = source.blocks
    assert isinstance(table, Table)
    assert table.rows == (("序号", "单位", "单位"), ("1", "省发改委", "甲"), ("2", "省发改委", "乙"))
    assert source.text.splitlines() == ["序号", "单位", "1", "省发改委", "甲", "2", "乙"]


def test_html_cell_paragraphs_are_joined_by_newlines_and_br_breaks_a_paragraph() -> None:
    source = html_source(
        "<p>第一段<br>第二段</p><table><tr><td>任务</td><td><p>省直各部门，</p><p>各设区市</p></td></tr>"
        "<tr><td>x</td><td>A<br>B</td></tr></table>"
    )
    assert [block.text for block in source.blocks if isinstance(block, Paragraph)] == ["第一段", "第二段"]
    table = next(block for block in source.blocks if isinstance(block, Table))
    assert table.rows == (("任务", "省直各部门，\n各设区市"), ("x", "A\nB"))


def test_html_script_style_and_hidden_text_are_dropped() -> None:
    source = html_source(
        "<html><head><style>p{}</style><script>var a='（牵头单位：黑客）'</script></head><body>"
        "<p>正文</p><script>x()</script><p style='display:none'>隐藏</p><p>尾</p></body></html>"
    )
    assert [block.text for block in source.blocks] == ["正文", "尾"]


def test_a_gbk_page_with_a_meta_charset_is_decoded_by_its_declaration() -> None:
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
    source = html_source(page + "<body><p>一、加强组织领导（省政府办公厅负责）</p></body></html>", "gbk")
    assert [block.text for block in source.blocks] == ["一、加强组织领导（省政府办公厅负责）"]
    assert "gb2312" in source.encoding


def test_words_save_as_web_page_markup_reads_as_its_text() -> None:
    page = (
        "<html xmlns:o='urn:schemas-microsoft-com:office:office'><body><div class=WordSection1>"
        "<p class=MsoNormal><span lang=ZH-CN>关于印发政务公开工作\n要点的通知</span><o:p></o:p></p>"
        "<p class=MsoListParagraph><![if !supportLists]><span>1.<span>&nbsp;</span></span><![endif]>"
        "<span lang=ZH-CN>加强\n领导</span></p><!--[if gte mso 9]><xml><o:x>隐藏</o:x></xml><![endif]-->"
        "</div></body></html>"
    )
    assert [block.text for block in html_source(page).blocks] == [
        "关于印发政务公开工作要点的通知",
        "1. 加强领导",
    ]


def test_a_layout_table_around_the_page_is_read_as_its_paragraphs_and_its_inner_table() -> None:
    source = html_source(
        "<table><tr><td><p>标题</p><p>正文</p>"
        "<table><tr><td>序号</td><td>任务</td></tr><tr><td>1</td><td>甲</td></tr></table>"
        "</td></tr></table>"
    )
    assert [type(block).__name__ for block in source.blocks] == ["Paragraph", "Paragraph", "Table"]
    assert source.blocks[2].rows == (("序号", "任务"), ("1", "甲"))  # type: ignore[union-attr]


def test_deeply_nested_html_is_refused_quickly() -> None:
    started = time.perf_counter()
    with pytest.raises(UnreadableInput, match="nested"):
        html_source("<html><body>" + "<div>" * 200_000 + "x" + "</div>" * 200_000 + "</body></html>")
    assert time.perf_counter() - started < 5


def test_an_absurd_colspan_costs_nothing() -> None:
    source = html_source("<table><tr><td colspan=1000000>a</td><td>b</td></tr><tr><td>c</td></tr></table>")
    (table,) = source.blocks
    assert isinstance(table, Table) and len(table.rows[0]) == 1001


# .docx


def built_docx(tmp_path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("关于印发任务分工的通知")
    table = document.add_table(rows=4, cols=3)
    for column, text in enumerate(("序号", "工作任务", "牵头单位")):
        table.cell(0, column).text = text
    for row, (number, task) in enumerate((("1", "任务甲"), ("2", "任务乙"), ("3", "任务丙")), start=1):
        table.cell(row, 0).text = number
        table.cell(row, 1).text = task
    lead = table.cell(1, 2)
    lead.text = "省发改委"
    lead.add_paragraph("省财政厅")
    lead.merge(table.cell(2, 2))  # vertical merge: vMerge restart / continue
    table.cell(3, 1).merge(table.cell(3, 2))  # horizontal merge: gridSpan 2
    document.add_paragraph("附件说明")
    document.add_paragraph("加强组织领导", style="List Number")
    path = tmp_path / "built.docx"
    document.save(str(path))
    return path


def test_docx_paragraphs_and_tables_come_in_document_order_with_merges_resolved(tmp_path: Path) -> None:
    source = read_source(built_docx(tmp_path).read_bytes(), "built.docx")
    kinds = [type(block).__name__ for block in source.blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph", "Paragraph"]
    table = source.blocks[1]
    assert isinstance(table, Table)
    assert table.rows == (
        ("序号", "工作任务", "牵头单位"),
        ("1", "任务甲", "省发改委\n省财政厅"),
        ("2", "任务乙", "省发改委\n省财政厅"),
        ("3", "任务丙", "任务丙"),
    )


def test_docx_automatic_list_numbers_are_written_as_word_shows_them(tmp_path: Path) -> None:
    source = read_source(built_docx(tmp_path).read_bytes(), "built.docx")
    assert source.blocks[-1].text == "1.加强组织领导"  # type: ignore[union-attr]


def test_word_number_formats_include_chinese_counting() -> None:
    from taskmap.importer.readers.wordnumbering import formatted

    assert [formatted(n, "chineseCounting") for n in (1, 10, 11, 20, 35)] == [
        "一",
        "十",
        "十一",
        "二十",
        "三十五",
    ]
    assert formatted(3, "decimalEnclosedCircle") == "③"


# Spreadsheets


def built_xlsx(tmp_path: Path) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "任务分解"
    sheet.append(["2019年任务分解表"])
    sheet.merge_cells("A1:D1")
    sheet.append(["序号", "工作任务", "牵头单位", "完成时限"])
    sheet.append([1, "任务甲", "省发改委", datetime.date(2019, 6, 30)])
    sheet.append([2.0, "任务乙", None, "年底前"])
    sheet.merge_cells("C3:C4")
    sheet["D3"].number_format = 'yyyy"年"m"月"d"日"'
    sheet.cell(row=30, column=12, value=None)
    hidden = workbook.create_sheet("下拉")
    hidden.append(["选项"])
    hidden.sheet_state = "hidden"
    second = workbook.create_sheet("第二表")
    second.append(["序号", "任务"])
    path = tmp_path / "built.xlsx"
    workbook.save(path)
    return path


def test_every_visible_sheet_is_a_table_with_merged_ranges_whole_numbers_and_dates_as_shown(
    tmp_path: Path,
) -> None:
    source = read_source(built_xlsx(tmp_path).read_bytes(), "built.xlsx")
    tables = [block for block in source.blocks if isinstance(block, Table)]
    assert [table.name for table in tables] == ["任务分解", "第二表"]
    assert tables[0].rows == (
        ("2019年任务分解表",) * 4,
        ("序号", "工作任务", "牵头单位", "完成时限"),
        ("1", "任务甲", "省发改委", "2019年6月30日"),
        ("2", "任务乙", "省发改委", "年底前"),
    )


def test_an_xls_made_by_libreoffice_keeps_its_merged_cells(tmp_path: Path) -> None:
    xls = convert_one(built_xlsx(tmp_path), "xls", tmp_path / "xls")
    source = read_source(xls.read_bytes(), "built.xls")
    assert source.format == "xls"
    assert source.blocks[0].rows[3] == ("2", "任务乙", "省发改委", "年底前")  # type: ignore[union-attr]
    assert source.blocks[0].rows[2][3] == "2019年6月30日"  # type: ignore[union-attr]


# PDF


def test_a_pdf_ruled_table_is_a_table_and_running_footers_are_dropped(tmp_path: Path) -> None:
    rows = "".join(
        f"<tr><td>{n}</td><td>任务{n}。落实第{n}项工作。</td>"
        + ("<td rowspan=3>省发改委</td>" if n == 1 else "<td>省财政厅</td>" if n > 3 else "")
        + "</tr>"
        for n in range(1, 7)
    )
    filler = "".join(f"<p>第{n}段正文，说明任务分工的背景和要求。</p>" for n in range(120))
    page = tmp_path / "table.html"
    page.write_text(
        '<html><head><meta charset="utf-8"><style>td{border:1px solid black;padding:4px}'
        "table{border-collapse:collapse} .foot{position:fixed;bottom:0;width:100%;text-align:center}"
        "</style></head><body><div class=foot>- 页脚 -</div><p>一、总体要求</p>"
        f"<table><tr><td>序号</td><td>工作任务</td><td>牵头单位</td></tr>{rows}</table>{filler}</body></html>",
        encoding="utf-8",
    )
    source = read_source(print_to_pdf(page, tmp_path / "table.pdf").read_bytes(), "table.pdf")
    table = next(block for block in source.blocks if isinstance(block, Table))
    assert table.rows[0] == ("序号", "工作任务", "牵头单位")
    assert [row[2] for row in table.rows[1:]] == ["省发改委"] * 3 + ["省财政厅"] * 3
    paragraphs = [block.text for block in source.blocks if isinstance(block, Paragraph)]
    assert paragraphs[0] == "一、总体要求" and "- 页脚 -" not in paragraphs
    assert paragraphs[1:] == [f"第{n}段正文，说明任务分工的背景和要求。" for n in range(120)]


# Bad input: one line, exit 2, nothing written


def minimal_pdf(content: bytes) -> bytes:
    """A one-page PDF whose page draws `content` (no text at all when it draws none)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def zip_bomb() -> bytes:
    """A .docx whose document part inflates to 300 MiB of zeros from a few hundred KiB."""
    buffer = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(300):
            member.write(chunk)
    return buffer.getvalue()


def deep_docx() -> bytes:
    nested = "<w:sdt><w:sdtContent>" * 50_000 + "</w:sdtContent></w:sdt>" * 50_000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{nested}</w:body></w:document>",
        )
    return buffer.getvalue()


def entity_docx() -> bytes:
    laughs = '<!DOCTYPE d [<!ENTITY a "哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", laughs + "<w:document><w:body>&b;</w:body></w:document>")
    return buffer.getvalue()


def empty_xlsx() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.create_sheet("空白")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def encrypted(data: bytes) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt("secret", out)  # type: ignore[no-untyped-call]
    return out.getvalue()


def docx_bytes(tmp_path: Path) -> bytes:
    return built_docx(tmp_path).read_bytes()


BAD_INPUTS: dict[str, tuple[str, Any]] = {
    "encrypted.docx": ("encrypted", lambda tmp: encrypted(docx_bytes(tmp))),
    "encrypted.xlsx": ("encrypted", lambda tmp: encrypted(built_xlsx(tmp).read_bytes())),
    "truncated.docx": ("truncated", lambda tmp: docx_bytes(tmp)[: len(docx_bytes(tmp)) // 2]),
    "truncated.xlsx": ("truncated", lambda tmp: built_xlsx(tmp).read_bytes()[:3000]),
    "truncated.pdf": ("truncated", lambda tmp: minimal_pdf(b"")[:200]),
    "scanned.pdf": ("scanned PDF", lambda tmp: minimal_pdf(b"0 0 m 100 100 l S")),
    "no-table.xlsx": ("without any table", lambda tmp: empty_xlsx()),
    "bomb.docx": ("zip bomb", lambda tmp: zip_bomb()),
    "deep.docx": ("nested", lambda tmp: deep_docx()),
    "entities.docx": ("DTD", lambda tmp: entity_docx()),
    "unknown.bin": ("binary", lambda tmp: bytes(range(256)) * 64),
    "plain.zip": ("zip archive", lambda tmp: zip_of({"a.txt": b"x"})),
    "truncated.doc": ("truncated", lambda tmp: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
}


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def assert_refused(result: subprocess.CompletedProcess[bytes], out: Path, says: str) -> None:
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert len(stderr.splitlines()) == 1 and "Traceback" not in stderr, stderr
    assert says in stderr
    assert not out.exists()


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_in_every_format_is_one_line_exit_2_and_nothing_written(tmp_path: Path, name: str) -> None:
    says, make = BAD_INPUTS[name]
    source = tmp_path / name
    source.write_bytes(make(tmp_path))
    started = time.perf_counter()
    assert_refused(run_import(source, tmp_path / "out"), tmp_path / "out", says)
    assert time.perf_counter() - started < 60


def test_an_encrypted_pdf_is_refused_in_one_line(tmp_path: Path) -> None:
    page = tmp_path / "notice.html"
    page.write_text('<html><meta charset="utf-8"><p>一、加强领导（省政府负责）</p></html>', encoding="utf-8")
    options = '{"EncryptFile":{"type":"boolean","value":"true"},'
    options += '"DocumentOpenPassword":{"type":"string","value":"x"}}'
    pdf = convert_one(page, f"pdf:writer_pdf_Export:{options}", tmp_path)
    assert_refused(run_import(pdf, tmp_path / "out"), tmp_path / "out", "encrypted")


def test_a_doc_without_libreoffice_says_how_to_install_it(shelf: FormatShelf, tmp_path: Path) -> None:
    doc = shelf.document("14", "doc")
    result = run_import(doc, tmp_path / "out", path=str(tmp_path / "empty-path"))
    assert_refused(result, tmp_path / "out", "apt-get install libreoffice-writer-nogui")


def test_a_doc_that_libreoffice_fails_on_is_refused_in_one_line(shelf: FormatShelf, tmp_path: Path) -> None:
    doc = shelf.document("14", "doc")
    tools = tmp_path / "bin"
    tools.mkdir()
    failing = tools / "soffice"
    failing.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    failing.chmod(0o755)
    result = run_import(doc, tmp_path / "out", path=str(tools))
    assert_refused(result, tmp_path / "out", "LibreOffice could not convert")
