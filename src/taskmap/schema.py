"""The shape of the YAML data files, checked by pydantic when the data is (re)compiled.

Unknown keys are forbidden and types are strict, so a typo in a data file is an error, never ignored.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from taskmap.model import Kind

Text = Annotated[str, StringConstraints(min_length=1)]
UnitName = Annotated[str, StringConstraints(min_length=1, pattern=r"^\S+$")]
RoleName = Literal["lead", "support", "responsible"]
OpenEndedSuffix = Literal["等", "等部门", "等有关部门", "等市部门"]


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


class SectionEntry(Strict):
    number: Annotated[int, Field(ge=1)]
    numeral: Text
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
    preamble: Text
    sections: Annotated[list[SectionEntry], Field(min_length=1)]
    populations: list[PopulationEntry] = []


class DepartmentEntry(Strict):
    name: UnitName
    kind: Kind
    spellings: list[UnitName] = []
    short_forms: list[UnitName] = []


class DepartmentsFile(Strict):
    departments: Annotated[list[DepartmentEntry], Field(min_length=1)]


class AnnexListing(Strict):
    number: Annotated[int, Field(ge=1)]
    title: Text


class NoticeFile(Strict):
    title: Text
    jurisdiction: Text | None = None  # the issuing city (常州市): units may be typed with or without it
    document_number: Text
    index_number: Text
    disclosure: Text
    publisher: Text
    generated: IsoDate
    published: IsoDate
    status: Text
    summary: Text
    addressees: Text
    body: list[Text]
    annexes: Annotated[list[AnnexListing], Field(min_length=1)]
    issuer: Text
    issued: IsoDate
    issued_as_printed: Text
    release: Text
