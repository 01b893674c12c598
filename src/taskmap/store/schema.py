"""The shape of the YAML data files, checked by pydantic when the data is (re)compiled.

Unknown keys are forbidden and types are strict, so a typo in a data file is an error, never ignored.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from taskmap.model import OPEN_ENDED_SUFFIX, Kind

Text = Annotated[str, StringConstraints(min_length=1)]
UnitName = Annotated[str, StringConstraints(min_length=1, pattern=r"^\S+$")]
RoleName = Literal["lead", "support", "responsible", "guide"]
OpenEndedSuffix = Annotated[str, StringConstraints(pattern=rf"^{OPEN_ENDED_SUFFIX}$")]


def _is_calendar_date(value: str) -> str:
    datetime.date.fromisoformat(value)
    return value


IsoDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(_is_calendar_date)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class DocumentEntry(Strict):
    title: Text
    number: Text | None = None
    level: Literal["national", "provincial", "city"] | None = None


class ClauseEntry(Strict):
    """One clause of an item that names several groups: the words its group closes and that group's units."""

    text: Text
    lead: list[UnitName] = []
    support: list[UnitName] = []
    responsible: list[UnitName] = []
    guide: list[UnitName] = []


class TaskEntry(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    number: Annotated[int, Field(ge=1)]
    numbered: bool = True
    heading: Text | None = None
    text: Text
    lead: list[UnitName] = []
    support: list[UnitName] = []
    responsible: list[UnitName] = []
    open_ended: dict[RoleName, OpenEndedSuffix] = {}
    remark: Text | None = None
    # Added for imported notices; absent from the shipped one.
    guide: list[UnitName] = []  # 指导单位: units that guide the work (e.g. "生态环境部指导")
    lead_unknown: bool = False  # the units are listed as jointly responsible and no legend names a lead
    deadline: Text | None = None  # 完成时限, verbatim
    printed: Text | None = (
        None  # the item's number as printed (（三）, 2., 三、), when the id's differs in form
    )
    clauses: list[ClauseEntry] = []  # an item closed by several groups: each clause with its own units
    subsections: list[Text] = []  # the headings between its section and it, as printed: （一）总体要求。


class SectionEntry(Strict):
    number: Annotated[int, Field(ge=1)]
    numeral: Text | None = None  # None: the document has no section level; one section holds the tasks
    title: Text
    tasks: list[TaskEntry]


class PopulationEntry(Strict):
    number: int
    name: Text
    lead: Annotated[list[UnitName], Field(min_length=1)]


class AnnexFile(Strict):
    number: Annotated[int, Field(ge=1)]
    title: Text
    implements: DocumentEntry
    basis: list[DocumentEntry]
    preamble: Text | None = None
    in_body: bool = False  # the tasks sit in the notice's own body, not in a 附件
    sections: Annotated[list[SectionEntry], Field(min_length=1)]
    populations: list[PopulationEntry] = []


class DepartmentEntry(Strict):
    name: UnitName
    kind: Kind
    kind_inferred: bool = False  # kind guessed by `taskmap import` from the name; check it
    spellings: list[UnitName] = []
    short_forms: list[UnitName] = []


class DepartmentsFile(Strict):
    departments: Annotated[list[DepartmentEntry], Field(min_length=1)]


class AnnexListing(Strict):
    number: Annotated[int, Field(ge=1)]
    title: Text


class NoticeFile(Strict):
    # Only the title and the annex list are required: other issuers' pages lack some of these facts.
    title: Text
    jurisdiction: Text | None = None  # the issuing city (常州市): units may be typed with or without it
    document_number: Text | None = None
    index_number: Text | None = None
    disclosure: Text | None = None
    publisher: Text | None = None
    generated: IsoDate | None = None
    published: IsoDate | None = None
    status: Text | None = None
    summary: Text | None = None
    addressees: Text | None = None
    body: list[Text] = []
    annexes: Annotated[list[AnnexListing], Field(min_length=1)]
    issuer: Text | None = None
    issued: IsoDate | None = None
    issued_as_printed: Text | None = None
    release: Text | None = None
    # A short name for the notice among several (default: its 文号 made typeable, see taskmap.identity).
    key: Annotated[str, StringConstraints(pattern=r"^[^\s:：]+$")] | None = None


# A library's spellings.yaml: under each place, a unit's name as the library shows it, then its other
# spellings (see taskmap.store.library_spellings).
SpellingsFile = dict[UnitName, dict[UnitName, Annotated[list[UnitName], Field(min_length=1)]]]
