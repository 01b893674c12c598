"""A reporting round (报送轮次) and the progress reports of it, kept as YAML beside their notice.

`progress/ROUND.yaml` in a notice's directory holds every form collected for that round: who sent it,
when, from which file, and each task's reported state. It is the truth (nothing else records reports), so
it is only ever appended to and written in one atomic step: a resubmission is a new submission after the
earlier one, which the answers then take as the unit's latest word, and the earlier one stays on record.
"""

# No postponed annotations here: typing.NamedTuple would compile every field's annotation string.

from datetime import date
from pathlib import Path
from typing import Any, Literal, NamedTuple

from taskmap.errors import BadQuery, InvalidDataset, Problem
from taskmap.i18n import N_

PROGRESS_DIR = "progress"
PROGRESS_SUFFIX = ".yaml"
# Characters a round name cannot hold: it is a file name on every system.
UNSAFE_IN_ROUND_NAMES = '/\\:*?"<>|'
MAX_PROGRESS_BYTES = 64 * 1024 * 1024

State = Literal["done", "in_progress", "not_started", "behind", "other"]
STATES: tuple[State, ...] = ("done", "in_progress", "not_started", "behind", "other")
STATE_LABELS: dict[State, str] = {
    "done": "已完成",
    "in_progress": "推进中",
    "not_started": "未启动",
    "behind": "滞后",
    "other": "其他",
}
# The columns a unit fills in, by the key the records keep them under.
FILLED_FIELDS: dict[str, str] = {
    "progress": "进展情况",
    "problems": "存在问题",
    "next_steps": "下步打算",
    "evidence": "佐证材料",
}


class Round(NamedTuple):
    """A reporting round: its name (2019Q2, 2019年第二季度) and the day reports are due."""

    name: str
    due: date


class Report(NamedTuple):
    """What one unit reported on one task in one submission."""

    task: str
    state: State
    progress: str | None = None
    problems: str | None = None
    next_steps: str | None = None
    evidence: str | None = None


class Submission(NamedTuple):
    """One returned form as collected: whose, from which file, when, and the reports it held."""

    unit: str
    file: str
    collected: str
    digest: str
    reports: tuple[Report, ...]


class Progress(NamedTuple):
    """Everything collected for one round of one notice, submissions in the order they came in."""

    round: Round
    submissions: tuple[Submission, ...]

    def latest(self) -> dict[tuple[str, str], tuple[Report, Submission]]:
        """(unit, task id) → the unit's latest report on the task and the submission it came in."""
        found: dict[tuple[str, str], tuple[Report, Submission]] = {}
        for submission in self.submissions:
            for report in submission.reports:
                found[(submission.unit, report.task)] = (report, submission)
        return found

    def reporting_units(self) -> set[str]:
        return {submission.unit for submission in self.submissions}

    def has(self, unit: str, digest: str) -> bool:
        """Whether this very file (by its digest) was already collected for `unit`."""
        return any(s.unit == unit and s.digest == digest for s in self.submissions)


def state_of(label: str) -> State | None:
    """The state a form's 完成状态 cell names (its Chinese label or its key), or None."""
    text = label.strip()
    for state, shown in STATE_LABELS.items():
        if text in (shown, state):
            return state
    return None


def checked_round_name(name: str) -> str:
    """The round's name as given, when it can be a file name: no separators, no leading dot, not empty."""
    text = name.strip()
    if not text:
        raise BadQuery(N_("a round needs a name, such as 2019Q2 or 2019年第二季度"))
    bad = [ch for ch in text if ch in UNSAFE_IN_ROUND_NAMES or not ch.isprintable()]
    if bad or text.startswith("."):
        if not bad:
            raise BadQuery(N_("round name {name} cannot be a file name; leave out the dot"), name=repr(text))
        raise BadQuery(
            N_("round name {name} cannot be a file name; leave out {characters}"),
            name=repr(text),
            characters="".join(bad),
        )
    return text


def progress_path(notice_directory: Path, round_name: str) -> Path:
    return notice_directory / PROGRESS_DIR / f"{checked_round_name(round_name)}{PROGRESS_SUFFIX}"


def round_names(notice_directory: Path) -> list[str]:
    """The rounds a notice has progress for, by file name."""
    directory = notice_directory / PROGRESS_DIR
    if not directory.is_dir():
        return []
    return sorted(
        path.name.removesuffix(PROGRESS_SUFFIX)
        for path in directory.iterdir()
        if path.name.endswith(PROGRESS_SUFFIX) and not path.name.startswith(".")
    )


def read_progress(notice_directory: Path, round_name: str) -> Progress | None:
    """The round's progress of a notice, checked as every data file is; None when nothing was collected."""
    path = progress_path(notice_directory, round_name)
    if not path.is_file():
        return None
    from pydantic import ValidationError

    from taskmap.store.compiler import message_of
    from taskmap.store.yamlfile import YamlProblem, parse_yaml
    from taskmap.tracking.progress_schema import ProgressFile

    name = f"{PROGRESS_DIR}/{path.name}"
    try:
        data = path.read_bytes()
        if len(data) > MAX_PROGRESS_BYTES:
            raise YamlProblem(
                "", N_("file is larger than {limit} bytes; refused"), limit=f"{MAX_PROGRESS_BYTES:,}"
            )
        entry = ProgressFile.model_validate(parse_yaml(data))
    except YamlProblem as problem:
        raise InvalidDataset([problem.in_file(str(notice_directory / name))]) from None
    except ValidationError as error:
        raise InvalidDataset(
            [
                Problem(str(notice_directory / name), ".".join(map(str, e["loc"])), *message_of(e))
                for e in error.errors()
            ]
        ) from None
    except OSError as error:
        unread = N_("cannot be read: {reason}")
        raise InvalidDataset([Problem(str(path), "", unread, {"reason": error.strerror or error})]) from None
    if entry.round != round_name:
        raise InvalidDataset(
            [
                Problem(
                    str(path),
                    "round",
                    N_("names round {round!r}, but the file is {file}"),
                    {"round": entry.round, "file": path.name},
                )
            ]
        )
    return Progress(
        Round(entry.round, date.fromisoformat(entry.due)),
        tuple(
            Submission(
                s.unit,
                s.file,
                s.collected,
                s.digest,
                tuple(
                    Report(r.task, r.state, r.progress, r.problems, r.next_steps, r.evidence)
                    for r in s.reports
                ),
            )
            for s in entry.submissions
        ),
    )


def progress_document(progress: Progress) -> dict[str, Any]:
    """The progress as the YAML file holds it (empty fields left out)."""
    return {
        "round": progress.round.name,
        "due": progress.round.due.isoformat(),
        "submissions": [
            {
                "unit": s.unit,
                "file": s.file,
                "collected": s.collected,
                "digest": s.digest,
                "reports": [
                    {key: value for key, value in r._asdict().items() if value is not None} for r in s.reports
                ],
            }
            for s in progress.submissions
        ],
    }


def write_progress(notice_directory: Path, progress: Progress) -> Path:
    """Replace the round's progress file in one atomic step (validated before it is written)."""
    import yaml

    from taskmap.atomic import write_atomically
    from taskmap.tracking.progress_schema import ProgressFile

    document = progress_document(progress)
    ProgressFile.model_validate(document)
    path = progress_path(notice_directory, progress.round.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1000)
    write_atomically(path, text.encode())
    return path


def with_submission(progress: Progress | None, round_: Round, submission: Submission) -> Progress:
    """The progress with `submission` appended after every earlier one (a new round starts empty)."""
    if progress is None:
        return Progress(round_, (submission,))
    return progress._replace(submissions=(*progress.submissions, submission))
