"""`taskmap import`: the shipped notice comes back whole, real notices of other issuers are read as printed,
and bad input gets one line, its exit code and no files."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from taskmap.importer.writer import yaml_text
from taskmap.store.loading import bundled_data_dir, compile_directory
from taskmap.store.yamlfile import YamlProblem, parse_yaml

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "data" / "source" / "changzhou-credit-task-division-2019.txt"
CORPUS = REPO.parent / "shared" / "corpus" / "notices"


def run_import(*args: str | Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "taskmap", "import", *map(str, args)],
        input=stdin,
        capture_output=True,
        timeout=120,
    )


def imported(tmp_path: Path, source: Path, *extra: str) -> dict[str, Any]:
    out = tmp_path / "out"
    result = run_import(source, "--out", out, *extra)
    assert result.returncode == 0, result.stderr.decode()
    return compile_directory(out)


def test_importing_the_shipped_source_gives_back_the_shipped_dataset_field_by_field(tmp_path: Path) -> None:
    shipped = compile_directory(bundled_data_dir())
    again = imported(tmp_path, SOURCE, "--units", str(REPO / "data" / "departments.yaml"))
    assert again["notice"] == shipped["notice"]
    assert again["departments"] == shipped["departments"]
    assert again["populations"] == shipped["populations"]
    assert len(again["populations"]) == 29
    for mine, theirs in zip(again["annexes"], shipped["annexes"], strict=True):
        assert {k: v for k, v in mine.items() if k != "sections"} == {
            k: v for k, v in theirs.items() if k != "sections"
        }
        for my_section, their_section in zip(mine["sections"], theirs["sections"], strict=True):
            assert my_section["title"] == their_section["title"]
            for my_task, their_task in zip(my_section["tasks"], their_section["tasks"], strict=True):
                assert my_task == their_task, their_task["id"]
    assert again == shipped


def corpus_document(prefix: str) -> Path:
    if not CORPUS.is_dir():
        pytest.skip("no ../shared/corpus beside this checkout")
    return next(CORPUS.glob(f"{prefix}-*.txt"))


def tasks_of(dataset: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["id"]: t for a in dataset["annexes"] for s in a["sections"] for t in s["tasks"]}


def test_guofa_2019_3_legend_inside_task_1_makes_the_first_unit_lead_from_there_on(tmp_path: Path) -> None:
    tasks = tasks_of(imported(tmp_path, corpus_document("01")))
    assert len(tasks) == 21  # items 1.–21. under 四、主要任务
    assert (tasks["1.4.1"]["lead"], tasks["1.4.1"]["support"]) == (["税务总局"], ["财政部", "海关总署"])
    assert (tasks["1.4.5"]["lead"], tasks["1.4.5"]["support"]) == (["海关总署"], [])
    assert tasks["1.4.6"]["support"] == ["商务部"]
    assert tasks["1.4.6"]["open_ended"] == {"support": "等有关部门"}


def test_guofa_2018_42_items_three_to_twenty(tmp_path: Path) -> None:
    tasks = tasks_of(imported(tmp_path, corpus_document("02")))
    assert len(tasks) == 18  # （三）…（二十）; （一）（二） under 总体要求 name no unit
    assert tasks["1.2.3"]["lead"] == ["工业和信息化部"]
    assert tasks["1.2.3"]["support"] == ["发展改革委", "科技部", "农业农村部"]
    assert tasks["1.2.3"]["open_ended"] == {"support": "等"}
    assert tasks["1.8.18"]["lead"] == ["农业农村部", "工业和信息化部"]  # 牵头负责: both lead, legend or not
    assert tasks["1.8.19"]["lead"] == ["各省级人民政府"]


def test_guofa_2018_39_departments_and_provinces_in_one_group(tmp_path: Path) -> None:
    tasks = tasks_of(imported(tmp_path, corpus_document("03")))
    assert len(tasks) == 15
    task = next(t for t in tasks.values() if t["number"] == 4)
    assert task["lead"] == ["人力资源社会保障部"]
    assert task["support"] == ["科技部", "财政部", "住房城乡建设部", "市场监管总局", "各省级人民政府"]


def test_guobanfa_2018_117_top_level_items_are_the_tasks(tmp_path: Path) -> None:
    dataset = imported(tmp_path, corpus_document("04"))
    tasks = tasks_of(dataset)
    assert len(tasks) == 30  # 一、…三十、
    assert tasks["1.1.1"]["responsible"] == ["市场监管总局"]
    assert dataset["annexes"][0]["in_body"] is True
    assert dataset["annexes"][0]["sections"][0]["numeral"] is None


def test_guobanfa_2018_121_every_parenthesis_inside_an_item_is_kept(tmp_path: Path) -> None:
    tasks = tasks_of(imported(tmp_path, corpus_document("05")))
    assert len(tasks) == 16  # （四）…（十九）
    ten = next(t for t in tasks.values() if t["number"] == 10)
    assert ten["responsible"] == ["市场监管总局", "体育总局", "教育部", "网信办", "科技部", "工业和信息化部"]
    assert ten["lead"] == [] and ten["lead_unknown"] is True  # no legend in this notice


def test_guobanfa_2018_128_lead_participate_and_guide_wording(tmp_path: Path) -> None:
    tasks = tasks_of(imported(tmp_path, corpus_document("06")))
    assert len(tasks) == 20
    first = next(iter(tasks.values()))
    assert first["lead"] == ["生态环境部"]
    assert first["support"] == [
        "国家发展改革委",
        "工业和信息化部",
        "住房城乡建设部",
        "农业农村部",
        "国家统计局",
    ]
    second, *later = list(tasks.values())[1:]
    assert second["guide"] == ["生态环境部"] and second["responsible"] == ["试点城市政府"]
    assert second["remark"] is None  # 以下均需试点城市政府落实，不再列出: read, not kept as words
    assert all("试点城市政府" in task["responsible"] for task in later)  # …and given to every later task


def test_guobanfa_2018_126_table_rows_with_a_numbering_gap(tmp_path: Path) -> None:
    tasks = tasks_of(imported(tmp_path, corpus_document("07")))
    assert sorted(t["number"] for t in tasks.values()) == [*range(1, 15), 21, 22, 23]
    assert tasks["1.1.1"]["guide"] == ["最高人民法院", "最高人民检察院", "国家知识产权局"]
    assert tasks["1.1.1"]["heading"] == "知识产权民事、刑事、行政案件“三合一”审判"
    assert tasks["1.1.1"]["remark"] == "推广范围：全国"


def test_guobanfa_2018_129_departments_and_provinces_joined_by_he(tmp_path: Path) -> None:
    tasks = tasks_of(imported(tmp_path, corpus_document("08")))
    assert len(tasks) == 17
    three = next(t for t in tasks.values() if t["number"] == 3)
    assert three["responsible"][-2:] == ["全国妇联", "各省级人民政府"]
    assert three["open_ended"] == {"responsible": "等"}


BAD_INPUTS: dict[str, bytes] = {
    "empty.txt": b"",
    "binary.bin": bytes(range(256)) * 10,
    "no-tasks.txt": "一、总则\n这是一段没有任何单位的文字。\n".encode(),
    "long-line.txt": b"a" * 1_100_000,
    "truncated.docx": b"PK\x03\x04" + b"\0" * 50,
    "latin1.txt": "caf\xe9 \xff\xfe\xfd".encode("latin-1") * 3,
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gets_one_line_its_exit_code_and_no_files(tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    source.write_bytes(BAD_INPUTS[name])
    out = tmp_path / "out"
    result = run_import(source, "--out", out)
    assert result.returncode == (1 if name == "no-tasks.txt" else 2), result.stderr
    assert len(result.stderr.decode().splitlines()) == 1 and b"Traceback" not in result.stderr
    assert not out.exists()


def test_a_50_mb_file_is_refused_without_reading_it_as_a_page(tmp_path: Path) -> None:
    source = tmp_path / "big.txt"
    source.write_bytes(b"1\xe3\x80\x81x\n" * (50 * 1024 * 1024 // 6))
    result = run_import(source, "--out", tmp_path / "out")
    assert result.returncode == 2 and b"larger than" in result.stderr
    assert not (tmp_path / "out").exists()


def test_html_scripts_are_dropped_and_the_page_is_read(tmp_path: Path) -> None:
    page = SOURCE.read_text(encoding="utf-8").splitlines()
    html = "<html><script>alert('（牵头单位:黑客）')</script><body>" + "".join(
        f"<p>{line}</p>" for line in page
    )
    source = tmp_path / "notice.html"
    source.write_text(html + "</body></html>", encoding="utf-8")
    dataset = imported(tmp_path, source, "--units", str(REPO / "data" / "departments.yaml"))
    assert len(tasks_of(dataset)) == len(tasks_of(compile_directory(bundled_data_dir())))
    assert "黑客" not in str(dataset)


def test_docx_and_gb18030_give_the_same_tasks_as_the_text(tmp_path: Path) -> None:
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{line}</w:t></w:r></w:p>' for line in lines)
    docx = tmp_path / "notice.docx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>",
        )
    gbk = tmp_path / "notice-gbk.txt"
    gbk.write_bytes(SOURCE.read_text(encoding="utf-8").encode("gb18030"))
    units = str(REPO / "data" / "departments.yaml")
    shipped = tasks_of(compile_directory(bundled_data_dir()))
    for source in (docx, gbk):
        out = tmp_path / source.stem
        result = run_import(source, "--out", out, "--units", units)
        assert result.returncode == 0, result.stderr
        assert tasks_of(compile_directory(out)) == shipped
    assert b"GB18030" in run_import(gbk, "--out", tmp_path / "again").stderr


def test_a_non_empty_directory_is_refused_unless_forced_and_foreign_files_survive(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    refused = run_import(SOURCE, "--out", out)
    assert refused.returncode == 4 and len(refused.stderr.splitlines()) == 1
    forced = run_import(SOURCE, "--out", out, "--force", "--report", tmp_path / "report.txt")
    assert forced.returncode == 0, forced.stderr
    assert (out / "mine.txt").read_text() == "keep me"
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == forced.stderr.decode()
    assert "line 186" in forced.stderr.decode()


def test_imported_directory_answers_queries(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_import(corpus_document("01"), "--out", out).returncode == 0
    answer = subprocess.run(
        [sys.executable, "-m", "taskmap", "dept", "税务总局", "--data", str(out)],
        capture_output=True,
        timeout=60,
    )
    assert answer.returncode == 0, answer.stderr
    assert "拓展两个市场" in answer.stdout.decode()


def test_tasks_in_a_notices_own_body_are_shown_as_its_body_not_as_an_annex(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_import(corpus_document("01"), "--out", out).returncode == 0
    env = {**os.environ, "COLUMNS": "100"}
    shown = [
        subprocess.run(
            [sys.executable, "-m", "taskmap", *command, "--data", str(out)],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            check=True,
        ).stdout
        for command in (
            ["task", "1.4.3", "-f", "table"],
            ["dept", "商务部", "-f", "md"],
            ["annex", "-f", "table"],
        )
    ]
    title = compile_directory(out)["notice"]["title"]
    for text in shown:
        assert "附件" not in text
        assert re.search(rf"正文\s+{re.escape(title)}", text), text


YAML_FORMS = [
    "a: 1\nb: [x, 'y', \"z\"]\nc: null\nd: true\ne: 1.5\nf: 2019-05-01\n",
    "? [1, 2]\n: unhashable key\n",
    "base: {x: 1}\nmerged:\n  <<: {y: 2}\n  z: 3\n",
    "1: number key\n'1': string key\n",
    "tags: !!set {a, b}\nexplicit: !!str 12\nordered: !!omap [{a: 1}]\n",
    "- !!python/name:os.system\n",
    "nested:\n  - k: v\n    k: again\n",
]


@pytest.mark.parametrize("text", YAML_FORMS)
def test_the_fast_strict_loader_reads_every_form_as_pyyaml_does_or_refuses_it(text: str) -> None:
    try:
        expected: object = yaml.safe_load(text)
    except yaml.YAMLError as error:
        expected = type(error)
    try:
        read: object = parse_yaml(text.encode())
    except YamlProblem as problem:
        read = problem.message
    if isinstance(read, str):  # refused: a duplicate key, or a tag PyYAML's safe loader refuses too
        assert "duplicate key" in read or expected is yaml.constructor.ConstructorError
    else:
        assert read == expected


def test_the_writer_writes_what_pyyaml_writes_and_shares_no_anchor() -> None:
    shared = ["市发改委", "市财政局"]
    document = {
        "tasks": [{"id": "1.1.1", "lead": shared}, {"id": "1.1.2", "lead": shared, "n": 2, "x": None}]
    }
    text = yaml_text(document)
    assert "&" not in text and parse_yaml(text.encode()) == document
    unshared = {"tasks": [{**task, "lead": list(task["lead"])} for task in document["tasks"]]}
    assert text == yaml.dump(unshared, allow_unicode=True, sort_keys=False, width=10_000)


def import_report(tmp_path: Path, prefix: str) -> list[str]:
    result = run_import(corpus_document(prefix), "--out", tmp_path / prefix)
    assert result.returncode == 0, result.stderr.decode()
    return [line.strip() for line in result.stderr.decode().splitlines() if line.startswith("    line")]


def test_a_legend_is_reported_once_where_it_is_printed_not_at_every_group_it_decides(tmp_path: Path) -> None:
    assert import_report(tmp_path, "01") == [
        "line 33: legend 排在第一位的部门为牵头部门: the first unit of a list leads,"
        " in this and every later group (下同)"
    ]


def test_unnumbered_tasks_under_numbered_headings_raise_no_alarm(tmp_path: Path) -> None:
    # 06 opens each （一）…（六） with a task of its own; every task is an unnumbered paragraph
    assert import_report(tmp_path, "06") == [
        "line 38: the text sets a time (2019年6月底前), no deadline is printed: taskmap due sees none",
        "line 39: 以下均需试点城市政府落实: 试点城市政府 added to every later task",
        "line 44: units listed as jointly responsible and no legend says who leads: lead unknown",
    ]


def test_items_without_units_are_reported_and_nothing_else_when_a_legend_decides_every_lead(
    tmp_path: Path,
) -> None:
    assert [spot for spot in import_report(tmp_path, "02") if "legend" not in spot] == [
        "lines 23, 24 (2×): item （一）、（二） names no unit; not a task",
    ]


def test_gbk_bytes_that_are_not_gb18030_get_one_line_naming_the_place_and_exit_2(tmp_path: Path) -> None:
    head, tail = "一、总则\n1.落实".encode("gbk"), "任务。（市财政局负责）\n".encode("gbk")
    broken = head + b"\xff" + tail  # a stray byte inside line 2
    source = tmp_path / "gbk.txt"
    source.write_bytes(broken)
    result = run_import(source, "--out", tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        f"taskmap: error: {source}: neither UTF-8 nor GB18030/GBK text (line 2, byte {len(head)} reads as"
        " neither);"
        " save the page as UTF-8 and try again"
    ]
    assert not (tmp_path / "out").exists()


def test_a_page_of_unpunctuated_lines_is_joined_in_linear_time(tmp_path: Path) -> None:
    line = "测试文字" * 12 + "\n"  # long, no closing punctuation: every line joins the one before
    source = tmp_path / "unpunctuated.txt"
    source.write_text(line * (19_000_000 // len(line.encode())), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "taskmap", "import", str(source), "--out", str(tmp_path / "out")],
        capture_output=True,
        timeout=30,  # joined by adding to one string, this took over three minutes
    )
    assert result.returncode == 1 and b"no task found" in result.stderr


def test_an_item_number_printed_twice_is_kept_as_the_next_number_and_reported(tmp_path: Path) -> None:
    page = "一、总则\n1.甲任务。（市财政局负责）\n2.乙任务。（市财政局负责）\n2.丙任务。（市财政局负责）\n"
    source = tmp_path / "twice.txt"
    source.write_text(page, encoding="utf-8")
    out = tmp_path / "out"
    result = run_import(source, "--out", out)
    assert result.returncode == 0, result.stderr.decode()
    assert "line 4: item 2. comes after item 2; kept as item 3" in result.stderr.decode()
    texts = {task["number"]: task["text"] for task in tasks_of(compile_directory(out)).values()}
    assert texts == {1: "甲任务。", 2: "乙任务。", 3: "丙任务。"}


def test_force_over_a_notice_with_more_annexes_leaves_only_the_new_notices_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_import(SOURCE, "--out", out).returncode == 0  # four annexes
    (out / "notes.txt").write_text("the office's own notes")
    again = run_import(corpus_document("01"), "--out", out, "--force")
    assert again.returncode == 0, again.stderr
    assert sorted(path.name for path in (out / "annexes").iterdir()) == ["annex-1.yaml"]
    assert (out / "notes.txt").read_text() == "the office's own notes"
    aside = next(tmp_path.glob(".out.before-import-*"))
    assert f"kept in {aside}" in again.stderr.decode()
    assert compile_directory(aside)["notice"]["document_number"] == "常信用办〔2019〕10号"


def test_a_notice_edited_since_its_import_is_named_and_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_import(corpus_document("01"), "--out", out).returncode == 0
    annex = out / "annexes" / "annex-1.yaml"
    annex.write_text(
        annex.read_text(encoding="utf-8").replace("税务总局", "国家税务总局", 1), encoding="utf-8"
    )
    refused = run_import(corpus_document("01"), "--out", out)
    assert refused.returncode == 4
    assert "annexes/annex-1.yaml" in refused.stderr.decode() and len(refused.stderr.splitlines()) == 1
    forced = run_import(corpus_document("01"), "--out", out, "--force")
    assert forced.returncode == 0
    aside = next(tmp_path.glob(".out.before-import-*"))
    assert "国家税务总局" in (aside / "annexes" / "annex-1.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("step", [1, 2])
def test_an_import_interrupted_at_any_rename_leaves_the_old_notice_or_the_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: int
) -> None:
    from taskmap.importer import import_notice

    out = tmp_path / "out"
    import_notice(SOURCE.read_bytes(), str(SOURCE), out)
    before = compile_directory(out)
    renames = {"count": 0}
    original = Path.replace

    def interrupted(self: Path, target: Any) -> Path:
        renames["count"] += 1
        if renames["count"] == step:
            raise KeyboardInterrupt
        return original(self, target)

    monkeypatch.setattr(Path, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        import_notice(corpus_document("01").read_bytes(), "01.txt", out, force=True)
    monkeypatch.undo()
    assert compile_directory(out) == before  # the old notice, whole, where it was
    assert not list(tmp_path.glob(".taskmap-import-*"))  # no half-built notice left to be loaded


@pytest.mark.parametrize("source", ["fifo", "/dev/zero", "directory"])
def test_an_input_that_is_no_regular_file_is_refused_before_it_is_read(tmp_path: Path, source: str) -> None:
    path = {"fifo": tmp_path / "fifo", "/dev/zero": Path("/dev/zero"), "directory": tmp_path}[source]
    if source == "fifo":
        os.mkfifo(path)  # opening it would wait for a writer forever
    result = run_import(path, "--out", tmp_path / "out")
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_stdin_without_end_is_read_only_up_to_the_limit(tmp_path: Path) -> None:
    endless = subprocess.Popen(["yes", "一、总则"], stdout=subprocess.PIPE)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "taskmap", "import", "-", "--out", str(tmp_path / "out")],
            stdin=endless.stdout,
            capture_output=True,
            timeout=60,
        )
    finally:
        endless.kill()
        endless.wait()
        assert endless.stdout is not None
        endless.stdout.close()
    assert result.returncode == 2 and b"larger than" in result.stderr


def test_deadlines_are_kept_wherever_printed_and_an_unread_one_is_reported(tmp_path: Path) -> None:
    page = (
        "一、主要任务\n"
        "1.推进试点。（市财政局负责，2019年底前完成）\n"  # inside the unit group
        "2.加强监管。责任单位：市公安局。完成时限：根据工作需要适时推进。\n"  # a label segment
        "3.建立机制。\n责任单位：市司法局\n时间要求：2020年6月底前\n"  # label lines after the item
    )
    source = tmp_path / "deadlines.txt"
    source.write_text(page, encoding="utf-8")
    result = run_import(source, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr.decode()
    tasks = tasks_of(compile_directory(tmp_path / "out"))
    assert [task["deadline"] for task in tasks.values()] == [
        "2019年底前完成",
        "根据工作需要适时推进",
        "2020年6月底前",
    ]
    assert [task["responsible"] for task in tasks.values()] == [["市财政局"], ["市公安局"], ["市司法局"]]
    assert (
        "line 3: deadline kept as printed, not read as a date: 根据工作需要适时推进" in result.stderr.decode()
    )


def test_control_characters_of_a_page_never_reach_the_data_and_the_report_says_so(tmp_path: Path) -> None:
    source = tmp_path / "escape.txt"
    source.write_bytes("一、主要任务\n1.推进\x1b]0;title\x07试点。（市财政局负责）\n".encode())
    result = run_import(source, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr.decode()
    assert "2 control characters (ESC and the like) dropped" in result.stderr.decode()
    assert "imported 1 task into" in result.stderr.decode()
    written = b"".join(path.read_bytes() for path in (tmp_path / "out").rglob("*") if path.is_file())
    assert b"\x1b" not in written and b"\x07" not in written
    assert next(iter(tasks_of(compile_directory(tmp_path / "out")).values()))["text"] == "推进]0;title试点。"


SUBSECTION = re.compile(r"^（[一二三四五六七八九十]+）")


def test_guofa_2019_3_each_task_keeps_the_heading_between_its_section_and_it(tmp_path: Path) -> None:
    lines = corpus_document("01").read_text(encoding="utf-8").splitlines()
    tasks = tasks_of(imported(tmp_path, corpus_document("01")))
    for task in tasks.values():
        at = next(i for i, line in enumerate(lines) if task["text"][:20] in line)
        nearest = next(line for line in reversed(lines[:at]) if SUBSECTION.match(line))
        assert task["subsections"] == [nearest], task["id"]
    assert len({task["subsections"][0] for task in tasks.values()}) == 5  # （一）–（五） of 四、主要任务


def test_guofa_2019_3_outline_and_page_show_each_subsection_over_its_tasks(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_import(corpus_document("01"), "--out", out).returncode == 0
    shown = subprocess.run(
        [sys.executable, "-m", "taskmap", "annex", "--data", str(out), "--format", "table"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "120"},
        check=True,
    ).stdout.splitlines()
    at = next(i for i, line in enumerate(shown) if "（二）推动创新创业，打造研发设计中心。" in line)
    assert "1.4.6" in shown[at + 1]  # the first task of （二） is drawn under it
    page = tmp_path / "page.html"
    built = subprocess.run([sys.executable, "-m", "taskmap", "site", "--data", str(out), "--out", str(page)])
    assert built.returncode == 0
    assert '"subsections":["（二）推动创新创业，打造研发设计中心。"]' in page.read_text(encoding="utf-8")
