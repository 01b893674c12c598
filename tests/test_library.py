"""A library of notices: keys, jurisdictions, one unit registry per place, conflicts named with both files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from taskmap.errors import AmbiguousUnit, InvalidDataset, UnknownNotice
from taskmap.identity import notice_jurisdiction, notice_key, qualified_unit_name, typeable_key
from taskmap.library import LISTED_KEYS, Library, Notice
from taskmap.store.library_loading import UnitsOnly, build_library, notice_directories, units_library
from taskmap.store.loading import bundled_data_dir, load_dataset


def notice_copy(target: Path, **notice_fields: str) -> Path:
    """The shipped notice copied to `target`, with notice.yaml fields set (appended, YAML's last key wins)."""
    shutil.copytree(bundled_data_dir(), target, ignore=shutil.ignore_patterns("source"))
    notice = target / "notice.yaml"
    text = notice.read_text(encoding="utf-8")
    for field, value in notice_fields.items():
        text = "\n".join(line for line in text.splitlines() if not line.startswith(f"{field}:")) + "\n"
        text += f"{field}: {value}\n"
    notice.write_text(text, encoding="utf-8")
    return target


def library_of(*directories: Path) -> Library:
    return build_library([(directory, load_dataset(directory)) for directory in directories])


@pytest.mark.parametrize(
    ("number", "key"),
    [
        ("常信用办〔2019〕10号", "常信用办2019-10"),
        ("国办发〔2018〕117号", "国办发2018-117"),
        ("国发[2019]3号", "国发2019-3"),
    ],
)
def test_a_document_number_becomes_a_typeable_key(number: str, key: str) -> None:
    assert typeable_key(number) == key
    assert notice_key({"document_number": number}, "fallback") == key


def test_an_explicit_key_wins_and_a_notice_without_number_is_named_by_its_directory() -> None:
    assert notice_key({"key": "credit", "document_number": "常信用办〔2019〕10号"}, "x") == "credit"
    assert notice_key({}, "credit-2020") == "credit-2020"


@pytest.mark.parametrize(
    ("issuer", "place"),
    [
        ("常州市社会信用体系建设领导小组办公室", "常州市"),
        ("国务院办公厅", "全国"),
        ("江苏省人民政府", "江苏省"),
    ],
)
def test_the_jurisdiction_is_read_from_the_issuer(issuer: str, place: str) -> None:
    assert notice_jurisdiction({"issuer": issuer}) == place
    assert notice_jurisdiction({"issuer": issuer, "jurisdiction": "无锡市"}) == "无锡市"


def test_a_unit_is_named_with_its_place_across_cities() -> None:
    assert qualified_unit_name("市公安局", "无锡市") == "无锡市公安局"
    assert qualified_unit_name("人民银行常州市中心支行", "常州市") == "人民银行常州市中心支行"
    assert qualified_unit_name("公安部", "全国") == "公安部"


def test_a_library_directory_holds_its_notices_as_sub_directories(tmp_path: Path) -> None:
    first = notice_copy(tmp_path / "library" / "a", key="a")
    second = notice_copy(tmp_path / "library" / "b", key="b")
    assert notice_directories(tmp_path / "library") == [first, second]
    assert notice_directories(first) == [first]


def test_two_notices_of_one_city_share_units_spelled_differently(tmp_path: Path) -> None:
    first = notice_copy(tmp_path / "a", key="a")
    second = notice_copy(tmp_path / "b", key="b")
    departments = second / "departments.yaml"
    text = departments.read_text(encoding="utf-8").replace("name: 市交通运输局", "name: 市交通局")
    departments.write_text(
        text.replace("spellings: [市交通局]", "spellings: [市交通运输局]"), encoding="utf-8"
    )
    library = library_of(first, second)
    unit = library.resolve_unit("市交通局")
    assert unit.department.name == "市交通运输局"
    assert unit.names_by_notice == {"a": "市交通运输局", "b": "市交通局"}


def test_one_spelling_claimed_for_two_units_of_one_city_names_both_files(tmp_path: Path) -> None:
    first = notice_copy(tmp_path / "a", key="a")
    second = notice_copy(tmp_path / "b", key="b")
    departments = second / "departments.yaml"
    text = departments.read_text(encoding="utf-8").replace("spellings: [市交通局]", "spellings: []")
    text += "- {name: 市交通管理局, kind: government_department, spellings: [市交通局]}\n"
    departments.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidDataset) as raised:
        library_of(first, second).resolve_unit("市公安局")
    message = str(raised.value)
    assert str(first / "departments.yaml") in message and str(second / "departments.yaml") in message


def units_kept(*directories: Path) -> Library:
    """The library `validate` checks: each notice's units kept, its data let go."""
    kept = UnitsOnly()
    return units_library([kept.kept(directory, load_dataset(directory)) for directory in directories])


def test_a_library_of_units_alone_merges_and_refuses_its_units_as_the_whole_notices_do(
    tmp_path: Path,
) -> None:
    first = notice_copy(tmp_path / "a", key="a")
    second = notice_copy(tmp_path / "b", key="b")
    departments = second / "departments.yaml"
    text = departments.read_text(encoding="utf-8")
    renamed = text.replace("name: 市交通运输局", "name: 市交通局")
    departments.write_text(
        renamed.replace("spellings: [市交通局]", "spellings: [市交通运输局]"), encoding="utf-8"
    )
    whole, alone = library_of(first, second), units_kept(first, second)
    assert alone.all_units() == whole.all_units() and len(alone.all_units()) > 50
    assert not any(notice.loaded for notice in alone.notices)
    claimed = text.replace("spellings: [市交通局]", "spellings: []")
    claimed += "- {name: 市交通管理局, kind: government_department, spellings: [市交通局]}\n"
    departments.write_text(claimed, encoding="utf-8")  # 市交通局 names a unit of each notice
    with pytest.raises(InvalidDataset) as refused_whole:
        library_of(first, second).all_units()
    with pytest.raises(InvalidDataset) as refused_alone:
        units_kept(first, second).all_units()
    assert str(refused_alone.value) == str(refused_whole.value)
    assert str(first / "departments.yaml") in str(refused_alone.value)


def test_a_name_known_in_two_cities_is_ambiguous_and_the_city_prefix_picks_one(tmp_path: Path) -> None:
    changzhou = notice_copy(tmp_path / "cz", key="cz")
    wuxi = notice_copy(tmp_path / "wx", key="wx", jurisdiction="无锡市")
    library = library_of(changzhou, wuxi)
    with pytest.raises(AmbiguousUnit) as raised:
        library.resolve_unit("市公安局")
    assert {"常州市公安局", "无锡市公安局"} <= set(raised.value.suggestions)
    assert library.resolve_unit("无锡市公安局").jurisdiction == "无锡市"


def test_two_notices_with_one_key_are_refused_naming_both(tmp_path: Path) -> None:
    first = notice_copy(tmp_path / "a")
    second = notice_copy(tmp_path / "b")
    with pytest.raises(InvalidDataset) as raised:
        library_of(first, second)
    assert str(first / "notice.yaml") in str(raised.value) and str(second / "notice.yaml") in str(
        raised.value
    )


def test_the_notice_filter_accepts_the_key_or_the_document_number(tmp_path: Path) -> None:
    library = library_of(notice_copy(tmp_path / "a"), notice_copy(tmp_path / "b", key="b"))
    assert library.notice("常信用办〔2019〕10号").key == "常信用办2019-10"
    assert library.narrowed("b").notices[0].key == "b"
    with pytest.raises(UnknownNotice):
        library.notice("c")


def test_an_unknown_key_in_a_large_library_says_how_many_notices_and_the_nearest_not_every_key() -> None:
    def keys_of(count: int) -> list[str]:
        return [f"常测办2020-{number}" for number in range(1, count + 1)]

    def unknown(library: Library, key: str) -> str:
        with pytest.raises(UnknownNotice) as raised:
            library.notice(key)
        return str(raised.value)

    dataset = load_dataset(FIXTURES / "minimal")
    small = Library([Notice(key, "常州市", Path(key), dataset) for key in keys_of(LISTED_KEYS)])
    assert ", ".join(keys_of(LISTED_KEYS)) in unknown(small, "常测办2020-99")
    large = Library([Notice(key, "常州市", Path(key), dataset) for key in keys_of(1000)])
    said = unknown(large, "常测办2020-5000")
    assert "1,000" in said and "taskmap notices" in said
    assert "常测办2020-500," in said  # the nearest key is suggested
    assert said.count("常测办2020-") == 4  # the key asked and three suggestions, not every key


def test_tasks_carry_their_notice_and_are_qualified_only_among_several(tmp_path: Path) -> None:
    alone = library_of(bundled_data_dir())
    task = alone.notices[0].dataset.tasks["2.3.6"]
    assert (task.notice, task.ref) == ("常信用办2019-10", "2.3.6")
    several = library_of(notice_copy(tmp_path / "a"), notice_copy(tmp_path / "b", key="b"))
    assert several.notices[1].dataset.tasks["2.3.6"].ref == "b:2.3.6"
