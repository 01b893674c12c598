"""One language per person: with a Chinese locale (or TASKMAP_LANG=zh) what people read is Chinese,
otherwise English; every message marked for translation has its Chinese in the shipped catalogue."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))
from catalogue import PO, extracted  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus" / "notices"
HAN = re.compile(r"[\u4e00-\u9fff]")


def shipped_catalogue() -> Catalog:
    with PO.open("rb") as file:
        return read_po(file)


def test_every_message_marked_for_translation_has_its_chinese() -> None:
    catalogue = shipped_catalogue()
    missing = []
    for message, filename, line in extracted():
        entry = catalogue.get(message if isinstance(message, str) else message[0])
        translated = entry.string if entry is None or isinstance(entry.string, str) else all(entry.string)
        if entry is None or not translated:
            missing.append(f"{filename}:{line}: {message}")
    assert missing == [], "run python tools/catalogue.py and translate:\n" + "\n".join(missing)


def test_every_translation_keeps_the_placeholders_of_its_message() -> None:
    for entry in shipped_catalogue():
        if entry.id and isinstance(entry.id, str):
            placeholders = sorted(re.findall(r"\{\w*\}", entry.id))
            assert placeholders == sorted(re.findall(r"\{\w*\}", str(entry.string))), entry.id


def run_import(tmp_path: Path, language: dict[str, str]) -> list[str]:
    if not CORPUS.is_dir():
        pytest.skip("no ../shared/corpus beside this checkout")
    source = next(CORPUS.glob("02-*.txt"))
    environment = {
        k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    }
    environment.pop("TASKMAP_LANG", None)
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "taskmap", "import", str(source), "--out", str(out)],
        capture_output=True,
        env=environment | language,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode()
    return result.stderr.decode().splitlines()


@pytest.mark.parametrize(
    "language",
    [{"TASKMAP_LANG": "zh"}, {"LANG": "zh_CN.UTF-8"}, {"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}],
    ids=["TASKMAP_LANG", "LANG", "LC_ALL over LANG"],
)
def test_the_import_report_speaks_chinese_in_a_chinese_locale(
    tmp_path: Path, language: dict[str, str]
) -> None:
    lines = run_import(tmp_path, language)
    assert lines[0].startswith("已导入 18 项任务")
    for line in lines:  # every line says its part in Chinese; only names, numbers and file names stay
        assert HAN.search(re.sub(r"[\w./-]+\.yaml|taskmap validate --data", "", line)), line
    assert not any(word in line for line in lines for word in ("imported", "doubtful", "names no unit"))


def test_the_import_report_is_english_otherwise(tmp_path: Path) -> None:
    lines = run_import(tmp_path, {"LANG": "en_US.UTF-8", "TASKMAP_LANG": ""})
    assert lines[0].startswith("imported 18 tasks")
    spots = [line.strip() for line in lines]
    assert "lines 23, 24 (2×): item （一）、（二） names no unit; not a task" in spots
