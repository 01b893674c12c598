"""The shape of the shipped registry of central units, checked by pydantic when a notice is compiled."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from taskmap.model import Kind

Name = Annotated[str, StringConstraints(min_length=2, pattern=r"^\S+$")]
Category = Literal[
    "国务院组成部门",
    "国务院直属特设机构",
    "国务院直属机构",
    "国务院办事机构",
    "国务院办公厅",
    "国务院直属事业单位",
    "部委管理的国家局",
    "国务院议事协调机构的办事机构",
    "党中央职能部门",
    "党中央办事机构",
    "党中央派出机关",
    "党中央议事协调机构的办事机构",
    "党中央部门对外加挂牌子",
    "国家监察机关",
    "中央军事委员会机关部门",
    "人民团体",
    "合作经济组织",
    "国家审判机关",
    "国家检察机关",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class CentralUnit(Strict):
    """One organ: its official full name, the short forms documents print and the forms people say."""

    name: Name
    short: Annotated[list[Name], Field(min_length=1)]
    spoken: list[Name] = []
    kind: Kind
    category: Category
    source: Name
    abolished: Annotated[int, Field(ge=1949, le=2100)] | None = None  # the reform that ended it
    successors: list[Name] = []  # the units that took over its duties, by their full names

    @property
    def names(self) -> tuple[str, ...]:
        """Every name it goes by: the official one, then the printed short forms, then the spoken ones."""
        return (self.name, *self.short, *self.spoken)


class CentralFile(Strict):
    sources: dict[Name, Name]
    units: Annotated[list[CentralUnit], Field(min_length=1)]
