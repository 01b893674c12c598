"""The shape of a progress file (`progress/ROUND.yaml`), checked by pydantic as every data file is."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

from taskmap.store.schema import IsoDate, Strict, Text
from taskmap.tracking.rounds import State

TaskId = Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
Timestamp = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")]
Digest = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16,128}$")]


class ReportEntry(Strict):
    task: TaskId
    state: State
    progress: Text | None = None
    problems: Text | None = None
    next_steps: Text | None = None
    evidence: Text | None = None


class SubmissionEntry(Strict):
    unit: Text
    file: Text
    collected: Timestamp
    digest: Digest
    reports: list[ReportEntry]


class ProgressFile(Strict):
    round: Text
    due: IsoDate
    submissions: list[SubmissionEntry]
