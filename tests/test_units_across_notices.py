"""Units across notices: the shipped registry of central units, provinces as cities, catch-alls that reach
only whom they name, clauses with their own units, printed numbers and co-leads.

Expected answers come from the registry and the documents' own data, never typed in.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS, Cli, shelf_of
from taskmap.central import central_units, names_by_spelling
from taskmap.library import Library
from taskmap.registry import normalise
from taskmap.store.library_loading import load_library

STATE_COUNCIL = sorted(path.name for path in CORPUS.glob("0[1-8]-*.txt")) if CORPUS.is_dir() else []
FUJIAN = sorted(path.name for path in CORPUS.glob("*fujian*.txt")) if CORPUS.is_dir() else []


@pytest.fixture(scope="session")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped notice and every shared document, imported into one library."""
    names = sorted(path.name for path in CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    return shelf_of(tmp_path_factory.mktemp("shelf"), names)


@pytest.fixture(scope="session")
def council(shelf: Path) -> list[str]:
    """The eight State Council documents of the shelf, as `--data` arguments."""
    return [arg for name in STATE_COUNCIL for arg in ("--data", str(shelf / name.removesuffix(".txt")))]


@pytest.fixture(scope="session")
def library(shelf: Path) -> Library:
    return load_library([shelf])


def national(library: Library) -> list[str]:
    return [notice.key for notice in library.notices if notice.jurisdiction == "全国"]


def test_every_spelling_of_the_registry_names_exactly_one_unit() -> None:
    units = central_units()
    owners: dict[str, set[str]] = {}
    for unit in units:
        for name in unit.names:
            owners.setdefault(normalise(name), set()).add(unit.name)
    assert {key: names for key, names in owners.items() if len(names) > 1} == {}
    assert len(names_by_spelling(units)) == len(owners)


def test_every_successor_is_a_unit_and_only_former_units_have_one() -> None:
    units = central_units()
    full_names = {unit.name for unit in units}
    for unit in units:
        assert set(unit.successors) <= full_names
        assert bool(unit.successors) == (unit.abolished is not None)


def test_a_central_unit_named_in_two_notices_is_one_unit(library: Library) -> None:
    by_spelling = names_by_spelling(central_units())
    keys = national(library)
    found_in: dict[str, set[str]] = {}
    for notice in library.notices:
        if notice.key in keys:
            for department in notice.departments:
                unit = by_spelling.get(normalise(department.name))
                if unit is not None:
                    found_in.setdefault(unit.name, set()).add(notice.key)
    shared = {name: notices for name, notices in found_in.items() if len(notices) > 1}
    assert shared  # the documents share ministries
    merged = library.units("全国")
    for name, notices in shared.items():
        (unit,) = {
            merged_name
            for merged_name, merged_unit in merged.items()
            if any(
                normalise(n) in {normalise(s) for s in by_spelling[normalise(name)].names}
                for n in (merged_name, *merged_unit.department.aliases)
            )
        }
        assert notices <= set(merged[unit].names_by_notice)


@pytest.mark.parametrize("spelling", ["发改委", "国家发展改革委", "发展改革委", "国家发展和改革委员会"])
def test_every_form_of_a_ministry_gives_one_answer(
    cli: Cli, library: Library, council: list[str], spelling: str
) -> None:
    canonical = cli.json("dept", "国家发展和改革委员会", *council)
    assert cli.json("dept", spelling, *council) == canonical
    names = {normalise(name) for name in names_by_spelling(central_units())["国家发展改革委"].names}
    printed = {
        notice.key
        for notice in library.notices
        if notice.jurisdiction == "全国" and names & {normalise(d.name) for d in notice.departments}
    }
    assert len(printed) > 1
    assert {task["notice"] for task in canonical["tasks"]} == printed


@pytest.mark.parametrize("spoken", ["工信部", "人社部", "住建部", "央行"])
def test_spoken_forms_resolve_to_the_unit_the_registry_says(
    cli: Cli, council: list[str], spoken: str
) -> None:
    unit = names_by_spelling(central_units())[spoken]
    answer = cli.json("dept", spoken, *council)
    assert normalise(answer["department"]["name"]) in {normalise(name) for name in unit.names}


def test_a_province_is_written_before_its_units_as_a_city_is(cli: Cli, shelf: Path) -> None:
    fujian = [arg for name in FUJIAN for arg in ("--data", str(shelf / name.removesuffix(".txt")))]
    library = load_library([Path(arg) for arg in fujian[1::2]])
    (province,) = library.jurisdictions
    units = [unit for unit in library.all_units() if unit.department.name.startswith("省")]
    assert units
    for unit in units:
        written = province + unit.department.name.removeprefix("省")
        assert cli.json("dept", written, *fujian)["department"]["name"] == unit.department.name


def test_a_provincial_unit_among_places_is_named_with_its_province(library: Library) -> None:
    from taskmap.identity import qualified_unit_name

    (notice,) = [n for n in library.notices if n.jurisdiction.endswith("省")][:1]
    unit = next(d for d in notice.departments if d.name.startswith("省"))
    qualified = qualified_unit_name(unit.name, notice.jurisdiction)
    assert qualified == notice.jurisdiction + unit.name.removeprefix("省")
    assert library.resolve_unit(qualified).department.name == unit.name


def written_collectives(shelf: Path) -> list[tuple[str, str, str]]:
    """(notice directory, phrase, jurisdiction) of every phrase the import wrote as kind collective."""
    import yaml

    from taskmap.identity import notice_jurisdiction

    found = []
    for directory in sorted(path for path in shelf.iterdir() if (path / "notice.yaml").is_file()):
        notice = yaml.safe_load((directory / "notice.yaml").read_text("utf-8"))
        units = yaml.safe_load((directory / "departments.yaml").read_text("utf-8"))["departments"]
        place = notice_jurisdiction(notice)
        found += [(directory.name, unit["name"], place) for unit in units if unit["kind"] == "collective"]
    return found


def test_only_phrases_naming_the_notices_own_departments_give_every_unit_their_tasks(
    shelf: Path, library: Library
) -> None:
    from taskmap.catchall import reaches_every_unit

    phrases = written_collectives(shelf)
    kinds = {reaches_every_unit(phrase, place) for _, phrase, place in phrases}
    assert kinds == {True, False}  # the documents have both
    by_directory = {notice.directory.name: notice for notice in library.notices}
    for directory, phrase, place in phrases:
        dataset = by_directory[directory].dataset
        unit = dataset.departments[phrase]
        assert unit.is_collective == reaches_every_unit(phrase, place), (directory, phrase)
        shared = {
            via for d in dataset.departments.values() for _, _, via in dataset.shared_through_phrases(d.name)
        }
        tasks = {task_id for _, task_id in dataset.assignments(phrase)}
        # a task naming two catch-alls (省政府各部门、各直属机构) is shared once, through the first
        through_another = all(
            any(other != phrase and task_id in {t for _, t in dataset.assignments(other)} for other in shared)
            for task_id in tasks
        )
        assert (
            (phrase in shared) == unit.is_collective or not tasks or (unit.is_collective and through_another)
        )


def test_a_phrase_naming_another_level_answers_its_own_tasks_and_no_ministry_inherits_them(
    cli: Cli, library: Library, council: list[str]
) -> None:
    from taskmap.catchall import reaches_every_unit

    notice = next(n for n in library.notices if "各省级人民政府" in {d.name for d in n.departments})
    assert not reaches_every_unit("各省级人民政府", notice.jurisdiction)
    dataset = notice.dataset
    own = {task_id for _, task_id in dataset.assignments("各省级人民政府")}
    answer = cli.json("dept", "各省级人民政府", "--notice", notice.key, *council)
    assert {task["id"] for task in answer["tasks"]} == own
    vias = {via for d in dataset.departments.values() for _, _, via in dataset.shared_through_phrases(d.name)}
    assert "各省级人民政府" not in vias
    assert vias <= {d.name for d in dataset.departments.values() if d.is_collective}


def test_the_footer_names_the_phrases_of_the_notices_loaded(
    cli: Cli, council: list[str], library: Library
) -> None:
    answer = cli("dept", "科技部", *council, "--format", "table")
    assert answer.exit_code == 0
    footer = " ".join(answer.stdout.split()[-30:])
    assert "市各有关部门" not in footer
    reaching = {
        d.name for n in library.notices if n.jurisdiction == "全国" for d in n.departments if d.is_collective
    }
    assert any(phrase in footer for phrase in reaching)


def notices_with_clauses(library: Library) -> list[tuple[str, str]]:
    """(notice key, task id) of every item closed by several groups."""
    return [
        (notice.key, task.id)
        for notice in library.notices
        for task in notice.dataset.tasks.values()
        if task.clauses
    ]


def test_the_clauses_of_121_and_128_are_read(library: Library) -> None:
    keys = {key for key, _ in notices_with_clauses(library)}
    assert {"国办发2018-121", "国办发2018-128"} <= keys


def test_a_unit_of_one_clause_partners_only_with_its_clause(
    cli: Cli, library: Library, council: list[str]
) -> None:
    for key, task_id in notices_with_clauses(library):
        if key not in national(library):
            continue
        task = library.notice(key).dataset.tasks[task_id]
        for clause in task.clauses:
            for unit in (
                u for role in ("lead", "support", "responsible", "guide") for u in clause.units(role)
            ):
                if task.clause_of(unit) is not clause:
                    continue
                answer = cli.json("partners", unit, "--notice", key, *council)
                with_task = {p["name"] for p in answer["partners"] if task_id in p["tasks"]}
                expected = {u for _, u in task.units_with(unit)} - {
                    d.name for d in library.notice(key).departments if d.is_collective
                }
                assert with_task == expected, (key, task_id, unit)


def test_the_task_view_and_json_show_every_clause(cli: Cli, library: Library, council: list[str]) -> None:
    for key, task_id in notices_with_clauses(library):
        if key not in national(library):
            continue
        task = library.notice(key).dataset.tasks[task_id]
        answer = cli.json("task", f"{key}:{task_id}", *council)
        assert [c["text"] for c in answer["clauses"]] == [c.text for c in task.clauses]
        table = cli("task", f"{key}:{task_id}", *council, "--format", "table").stdout
        assert all(f"clause {n}" in table for n in range(1, len(task.clauses) + 1))


def test_every_task_of_every_shared_document_is_found_by_its_printed_number(library: Library) -> None:
    from taskmap.errors import UnknownTask
    from taskmap.questions import answers
    from taskmap.questions.queries import printed_key

    for notice in library.notices:
        tasks = list(notice.dataset.tasks.values())
        for task in tasks:
            same = [t.ref for t in tasks if printed_key(t.shown_number) == printed_key(task.shown_number)]
            asked = f"{notice.key}:{task.shown_number}"
            if len(same) == 1:
                assert answers.find_task(library, asked).task.ref == task.ref
            else:
                with pytest.raises(UnknownTask) as error:
                    answers.find_task(library, asked)
                assert task.ref in error.value.suggestions


def test_a_chinese_numeral_is_found_with_or_without_its_brackets(cli: Cli, council: list[str]) -> None:
    library = load_library([Path(arg) for arg in council[1::2]])
    notice = library.notice("国办发2018-121")
    task = next(t for t in notice.dataset.tasks.values() if t.printed and t.printed.startswith("（"))
    bare = task.printed.strip("（）") if task.printed else ""
    for asked in (task.printed or "", bare):
        assert cli.json("task", f"{notice.key}:{asked}", *council)["id"] == task.id


def test_units_written_alike_in_many_notices_merge_as_each_notice_in_turn(tmp_path: Path) -> None:
    """Merged once for all the notices writing a unit alike, a unit names each of them in library order,
    as the first of them alone would name it."""
    from taskmap.library import merge_units
    from taskmap.store.library_loading import build_library
    from taskmap.store.loading import load_dataset
    from test_library import notice_copy

    keys = ["c", "a", "b"]
    copies = [notice_copy(tmp_path / key, key=key) for key in keys]
    notices = build_library([(copy, load_dataset(copy)) for copy in copies]).notices
    units = merge_units(notices)
    assert len(units) == len(notices[0].departments)
    assert all(list(unit.names_by_notice) == keys for unit in units.values())
    alone = {
        name: (unit.department, list(unit.names_by_notice.values()))
        for name, unit in merge_units(notices[:1]).items()
    }
    assert {
        name: (unit.department, list(unit.names_by_notice.values())[:1]) for name, unit in units.items()
    } == alone


def test_a_spelling_joining_two_units_of_a_notice_is_said_of_the_first_notice_keeping_them_apart() -> None:
    from taskmap.dataset import Dataset
    from taskmap.errors import InvalidDataset
    from taskmap.library import Notice, merge_units
    from taskmap.model import Department

    class Units:
        """A store that knows each notice's units alone."""

        def __init__(self, departments: tuple[Department, ...]) -> None:
            self._departments = departments

        def dataset(self, notice: Notice) -> Dataset:
            return load_library().notices[0].dataset

        def facts(self, key: str) -> None:
            return None

        def headlines(self, key: str) -> None:
            return None

        def departments(self, key: str) -> list[Department]:
            return list(self._departments)

    def notice(key: str, *departments: Department) -> Notice:
        return Notice(key, "常州市", Path(key), store=Units(departments), content_key=key)

    first, second = (Department(name, "government_department", (), ()) for name in ("市甲局", "市乙局"))
    joining = first._replace(spellings=("市乙局",))
    with pytest.raises(InvalidDataset) as raised:
        merge_units([notice("a", first, second), notice("b", first, second), notice("c", joining)])
    assert [str(problem) for problem in raised.value.problems] == [
        f"{Path('c', 'departments.yaml')}: '市乙局' names 市甲局 here but 市乙局 in "
        f"{Path('a', 'departments.yaml')}, which keeps 市甲局 and 市乙局 apart; "
        "each spelling must name one unit of 常州市"
    ]
