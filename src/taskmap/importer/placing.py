"""Putting an imported notice in place: whole, never over a person's edits, never half.

The new notice is written complete in a dot-directory beside DIR (libraries skip dot-directories, so a
scan never loads it), judged by the loader, then renamed into place. Over an existing notice (`--force`)
the old directory is first renamed aside, so at any instant DIR holds the old notice or the new one, never
a mixture. Files the import did not write (an office's own notes) are carried over into the new one.

Each import records what it wrote and each file's SHA-256 in `source/imported.json`. A re-import that finds
a recorded file changed since (someone corrected the YAML by hand) names those files and stops; with
`--force` it goes on, and the old directory, edits and all, is kept aside: an edit is never silently lost.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
from pathlib import Path

from taskmap.errors import CannotWrite
from taskmap.i18n import N_

MANIFEST = "source/imported.json"
IMPORTED_DIRECTORIES = ("annexes", "source")  # wholly the import's: replaced, never merged


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest_text(staging: Path, names: list[str]) -> str:
    """The record of what an import wrote, to be kept at MANIFEST."""
    files = {name: digest(staging / name) for name in names}
    return json.dumps({"written_by": "taskmap import", "files": files}, ensure_ascii=False, indent=1) + "\n"


def recorded_files(out: Path) -> dict[str, str] | None:
    """What the previous import wrote into `out`, or None when `out` holds no record."""
    try:
        recorded = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        files = recorded["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return {str(name): str(value) for name, value in files.items()} if isinstance(files, dict) else None


def edited_since_import(out: Path, recorded: dict[str, str]) -> list[str]:
    """The recorded files changed (or removed) since the import wrote them."""
    changed = []
    for name, expected in recorded.items():
        path = out / name
        try:
            if digest(path) != expected:
                changed.append(name)
        except OSError:
            changed.append(f"{name} (removed)")
    return changed


def check_target(out: Path, force: bool) -> None:
    """Refuse what would lose something: a file as DIR, a non-empty DIR without --force, hand edits."""
    if out.exists() and not out.is_dir():
        raise CannotWrite(N_("{out} exists and is not a directory"), out=out)
    if not out.is_dir() or not any(out.iterdir()):
        return
    if force:
        return
    recorded = recorded_files(out)
    if recorded is not None and (changed := edited_since_import(out, recorded)):
        raise CannotWrite(
            N_(
                "{out}: edited since it was imported ({changed}); --force imports anyway"
                " and keeps the edited directory aside"
            ),
            out=out,
            changed=", ".join(changed),
        )
    raise CannotWrite(
        N_("{out} is not empty; use --force to replace it (the old one is kept aside)"), out=out
    )


def carry_over(out: Path, staging: Path, recorded: dict[str, str] | None) -> None:
    """Copy into the new notice every file of the old one the import did not write."""
    ours = set(recorded or {}) | {"notice.yaml", "departments.yaml", MANIFEST}
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out).as_posix()
        top = relative.split("/", 1)[0]
        if path.is_dir() or relative in ours or top in IMPORTED_DIRECTORIES:
            continue
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)


def aside_name(out: Path) -> Path:
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = out.parent / f".{out.name}.before-import-{stamp}"
    suffix = 1
    while candidate.exists():
        suffix += 1
        candidate = out.parent / f".{out.name}.before-import-{stamp}-{suffix}"
    return candidate


def place(staging: Path, out: Path) -> Path | None:
    """Rename the staged notice to `out`; an existing `out` is renamed aside first and its path returned."""
    aside = None
    if out.is_dir() and not any(out.iterdir()):
        out.rmdir()
    if out.exists():
        carry_over(out, staging, recorded_files(out))
        aside = aside_name(out)
        out.replace(aside)
    try:
        staging.replace(out)
    except BaseException:  # a failed rename, Ctrl-C or a kill signal turned exception
        if aside is not None:
            aside.replace(out)  # put the old notice back: the state stays the old one
        raise
    return aside
