"""`taskmap validate` over a library names units of one place that are probably one office."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from taskmap.questions.near_duplicates import probably_one, stem


def test_a_name_with_and_without_its_level_or_place_is_probably_one_unit() -> None:
    assert stem("区交建局", "平潭综合实验区") == stem("交建局", "平潭综合实验区") == "交建局"
    assert stem("国家税务总局", "全国") == "税务总局"
    assert stem("常州市公安局", "常州市") == stem("市公安局", "常州市") == "公安局"
    pairs = probably_one([("平潭综合实验区", "区交建局", []), ("平潭综合实验区", "交建局", [])])
    assert [(pair.first, pair.second) for pair in pairs] == [("区交建局", "交建局")]


def test_units_of_other_places_and_collectives_are_never_paired() -> None:
    assert probably_one([("常州市", "市公安局", []), ("福建省", "省公安局", [])]) == []
    assert probably_one([("常州市", "市各有关部门", []), ("常州市", "各有关部门", [])]) == []


def notice(tmp_path: Path, name: str, unit: str) -> Path:
    page = tmp_path / f"{name}.txt"
    page.write_text(f"一、主要任务\n1.推进改造。（责任单位：{unit}）\n", encoding="utf-8")
    out = tmp_path / "library" / name
    subprocess.run([sys.executable, "-m", "taskmap", "import", str(page), "--out", str(out)], check=True)
    facts = yaml.safe_load((out / "notice.yaml").read_text(encoding="utf-8"))
    facts |= {"jurisdiction": "平潭综合实验区", "key": name}
    (out / "notice.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
    return out


def test_validate_over_a_library_names_the_pair_and_how_to_make_them_one(tmp_path: Path) -> None:
    notice(tmp_path, "first", "区交建局")
    notice(tmp_path, "second", "交建局")
    result = subprocess.run(
        [sys.executable, "-m", "taskmap", "validate", "--data", str(tmp_path / "library")],
        capture_output=True,
        text=True,
        env=os.environ | {"TASKMAP_LANG": "en"},
    )
    assert result.returncode == 0, result.stderr
    assert (
        "区交建局 and 交建局 (平潭综合实验区) are probably one unit: both read 交建局 without place or level;"
        " if so, write “区交建局: [交建局]” under “平潭综合实验区:” in "
        f"{tmp_path / 'library' / 'spellings.yaml'}"
    ) in result.stdout
