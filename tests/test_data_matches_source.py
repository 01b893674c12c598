"""The YAML says what the published notice says: checked against an independent scan of the source text."""

from __future__ import annotations

import re

import pytest

from source_scan import ROLE_LABELS, SOURCE, ScannedNotice
from taskmap.dataset import Dataset
from taskmap.model import ROLES
from taskmap.registry import normalise
from taskmap.store.loading import bundled_data_dir


def test_the_repository_keeps_the_same_source_as_shared_when_shared_is_present() -> None:
    shared = SOURCE.parents[3] / "shared" / "source" / SOURCE.name
    if not shared.exists():
        pytest.skip("no ../shared beside this checkout")
    assert shared.read_bytes() == SOURCE.read_bytes()


def test_every_task_text_occurs_verbatim_in_the_source(dataset: Dataset, source: ScannedNotice) -> None:
    page = source.text.replace("\n", "")
    missing = [task.id for task in dataset.tasks.values() if task.text not in page]
    assert missing == []


def test_every_numbered_item_of_the_source_is_a_task_with_the_same_text(
    dataset: Dataset, source: ScannedNotice
) -> None:
    assert [task.id for task in source.tasks] == list(dataset.tasks)
    for scanned in source.tasks:
        task = dataset.tasks[scanned.id]
        assert (task.text, task.numbered) == (scanned.body, scanned.numbered), scanned.id


def test_numbering_gaps_of_the_source_are_kept(dataset: Dataset, source: ScannedNotice) -> None:
    for section in source.sections:
        printed = [t.number for t in source.tasks if (t.annex, t.section) == (section.annex, section.number)]
        kept = [
            dataset.tasks[task_id].number
            for task_id in dataset.annexes[section.annex].sections[section.number - 1].task_ids
        ]
        assert kept == printed, f"{section.annex}.{section.number}"
    gaps = [
        (t.annex, t.section, n)
        for t in source.tasks
        for n in range(1, t.number)
        if not any((s.annex, s.section, s.number) == (t.annex, t.section, n) for s in source.tasks)
    ]
    assert gaps, "the source skips at least one item number"
    assert all(f"{a}.{s}.{n}" not in dataset.tasks for a, s, n in gaps)


def test_units_of_every_task_match_the_source_role_by_role(dataset: Dataset, source: ScannedNotice) -> None:
    for scanned in source.tasks:
        task = dataset.tasks[scanned.id]
        for role in ROLES:
            assert list(task.spellings.get(role, ())) == scanned.units.get(role, []), f"{scanned.id} {role}"
            canonical = [dataset.registry.canonical(unit) for unit in scanned.units.get(role, [])]
            assert list(task.units(role)) == canonical, f"{scanned.id} {role}"


def test_open_ended_lists_and_remarks_match_the_source(dataset: Dataset, source: ScannedNotice) -> None:
    for scanned in source.tasks:
        task = dataset.tasks[scanned.id]
        assert task.open_ended == scanned.open_ended, scanned.id
        assert task.remark == ("，".join(scanned.remarks) or None), scanned.id


def test_every_role_label_of_the_source_is_read(source: ScannedNotice) -> None:
    labels_in_page = sum(source.text.count(f"{label}:") for label in ROLE_LABELS)
    assert labels_in_page == sum(len(task.units) for task in source.tasks)


def test_population_table_matches_the_source_row_by_row(dataset: Dataset, source: ScannedNotice) -> None:
    assert len(dataset.populations) == len(source.populations)
    for scanned in source.populations:
        row = dataset.populations[scanned.number]
        assert (row.name, list(row.lead_spellings)) == (scanned.name, scanned.lead)
        assert list(row.lead) == [dataset.registry.canonical(unit) for unit in scanned.lead]


def test_population_count_is_the_one_the_notice_announces(dataset: Dataset, source: ScannedNotice) -> None:
    announced = re.search(r"(\d+)类重点人群", source.text)
    assert announced is not None
    assert len(dataset.populations) == int(announced[1])


def test_every_spelling_in_the_source_resolves_to_exactly_one_unit(
    dataset: Dataset, source: ScannedNotice
) -> None:
    spellings = {unit for task in source.tasks for units in task.units.values() for unit in units}
    spellings |= {unit for row in source.populations for unit in row.lead}
    for spelling in spellings:
        claimed_by = [
            department.name
            for department in dataset.departments.values()
            if normalise(spelling) in {normalise(name) for name in (department.name, *department.aliases)}
        ]
        assert len(claimed_by) == 1, (spelling, claimed_by)


def test_every_unit_of_the_registry_is_named_by_the_notice(dataset: Dataset, source: ScannedNotice) -> None:
    named = {
        dataset.registry.canonical(unit)
        for task in source.tasks
        for units in task.units.values()
        for unit in units
    }
    named |= {dataset.registry.canonical(unit) for row in source.populations for unit in row.lead}
    assert set(dataset.departments) == named


def test_sections_match_the_source(dataset: Dataset, source: ScannedNotice) -> None:
    kept = [(a.number, s.number, s.title) for a in dataset.annexes.values() for s in a.sections]
    assert kept == [(s.annex, s.number, s.title) for s in source.sections]


def test_annex_titles_and_preambles_match_the_source(dataset: Dataset, source: ScannedNotice) -> None:
    for number, annex in dataset.annexes.items():
        assert annex.title == source.annex_titles[number]
        assert annex.preamble == source.annex_preambles[number]


def test_basis_documents_are_cited_in_the_preamble(dataset: Dataset) -> None:
    for annex in dataset.annexes.values():
        assert annex.basis
        for document in annex.basis:
            assert f"《{document.title}》({document.number})" in annex.preamble
        assert annex.implements.title in annex.title


def test_headings_are_the_opening_sentence_of_their_task(dataset: Dataset) -> None:
    for task in dataset.tasks.values():
        if task.heading:
            assert task.text.startswith(task.heading + "。"), task.id


def test_notice_metadata_is_on_the_page(dataset: Dataset, source: ScannedNotice) -> None:
    notice = dataset.notice
    header = source.text.split("附件1\n")[0]
    for key in (
        "title",
        "document_number",
        "index_number",
        "publisher",
        "generated",
        "published",
        "status",
        "summary",
        "addressees",
        "issuer",
        "issued_as_printed",
        "release",
    ):
        assert notice[key] in header, key
    for paragraph in notice["body"]:
        assert paragraph in header
    for listing in notice["annexes"]:
        assert f"{listing['number']}.{listing['title']}" in header
    assert [listing["number"] for listing in notice["annexes"]] == list(dataset.annexes)


def test_the_bundled_data_is_the_repository_data() -> None:
    repository = SOURCE.parents[1]
    bundled = bundled_data_dir()
    for path in sorted(repository.glob("**/*.yaml")):
        relative = path.relative_to(repository)
        assert (bundled / relative).read_bytes() == path.read_bytes(), relative
