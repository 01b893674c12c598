"""Converting with LibreOffice: old binary formats (.doc, .wps, .xls, .et) into their Open XML forms.

No Python library reads .doc or .wps well; LibreOffice does, headless. Each conversion runs in a
temporary directory with a profile of its own (so it neither needs nor disturbs the user's, and runs
beside an open LibreOffice), under a time limit, and its output is size-checked before it is read.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from taskmap.importer.readers.errors import UnreadableInput

TIMEOUT_SECONDS = 180
MAX_OUTPUT_BYTES = 60 * 1024 * 1024
INSTALL_HINT = "install LibreOffice to read it (Debian/Ubuntu: apt-get install libreoffice-writer-nogui)"


def office_command() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, suffix: str, target: str, what: str) -> bytes:
    """`data` (a file of `suffix`) converted by LibreOffice to `target` ("docx", "xlsx"), as bytes."""
    command = office_command()
    if command is None:
        hint = INSTALL_HINT if target == "docx" else INSTALL_HINT.replace("writer", "calc")
        raise UnreadableInput(f"{what} is read through LibreOffice, which is not installed; {hint}")
    with tempfile.TemporaryDirectory(prefix="taskmap-office-") as directory:
        folder = Path(directory)
        source = folder / f"input{suffix}"
        source.write_bytes(data)
        output = folder / "out"
        arguments = [
            command,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(output),
            str(source),
        ]
        run_bounded(arguments, what)
        converted = output / f"input.{target}"
        if not converted.is_file() or converted.stat().st_size == 0:
            raise UnreadableInput(f"LibreOffice could not convert {what} (damaged, or password-protected?)")
        if converted.stat().st_size > MAX_OUTPUT_BYTES:
            raise UnreadableInput(
                f"{what} converts to more than {MAX_OUTPUT_BYTES // 1024 // 1024} MiB; refused"
            )
        return converted.read_bytes()


def run_bounded(arguments: list[str], what: str) -> None:
    """Run LibreOffice in a session of its own, so a time-out ends its whole process group (the
    launcher script and soffice.bin both)."""
    import os
    import signal

    try:
        process = subprocess.Popen(
            arguments,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as error:
        raise UnreadableInput(f"LibreOffice could not be started ({error.strerror})") from None
    try:
        process.wait(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise UnreadableInput(
            f"LibreOffice took more than {TIMEOUT_SECONDS} s to convert {what}; refused"
        ) from None
