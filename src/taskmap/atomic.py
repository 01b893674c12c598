"""Writing a file so that anyone reading it, now or later, finds the old file or the new one, never a part.

The new content goes to a hidden temporary file beside the target (the same directory, so the same file
system), is flushed to the disk, and is renamed over the target in one step. Whatever stops the write
(an error, Ctrl-C, SIGTERM, SIGHUP) removes the temporary file and leaves the target as it was. Only
SIGKILL or a power cut can leave a temporary file behind, named `.NAME.XXXXXXXX.tmp`; the target is
still whole.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, BinaryIO, TextIO

TEMPORARY_SUFFIX = ".tmp"
# Room in a 255-byte file name for the dot, the random part and the suffix.
NAME_BYTES_KEPT = 200
# What renaming over a mount point (a file bind-mounted into a container) or across file systems gives.
CANNOT_REPLACE = (errno.EBUSY, errno.EXDEV)


def write_atomically(path: Path, data: bytes, durable: bool = True) -> None:
    """Make `data` the content of `path` in one step (see the module's docstring)."""
    with replacing(path, durable) as file:
        file.write(data)


@contextmanager
def replacing_text(path: Path, encoding: str = "utf-8", newline: str | None = None) -> Iterator[TextIO]:
    """A text file that replaces `path` when the block ends without error, as `replacing` does."""
    with replacing(path) as binary:
        text = io.TextIOWrapper(binary, encoding=encoding, newline=newline)
        yield text
        text.detach()  # flushes; the binary file stays open for `replacing` to sync and rename


@contextmanager
def replacing(path: Path, durable: bool = True) -> Iterator[BinaryIO]:
    """A binary file that replaces `path` when the block ends without error; else `path` is untouched.

    A symbolic link is written through (a dangling one creates the file it names); the existing target's
    permissions are kept. `durable` syncs the file and its directory to the disk: a cache, whose entries
    are checked by digest when read, can do without.
    """
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    temporary, descriptor = _create_beside(target)
    try:
        with _stopping_signals_interrupt():
            with open(descriptor, "wb") as file:  # noqa: PTH123 (a descriptor, not a path)
                yield file
                file.flush()
                if durable:
                    os.fsync(file.fileno())
            _keep_permissions(target, temporary)
            _replace(temporary, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)  # noqa: PTH108 (a plain string)
        raise
    if durable:
        _sync_directory(target.parent)


def _create_beside(target: Path) -> tuple[str, int]:
    """A new temporary file in the target's directory (mode 0666 less the umask, as any new file)."""
    stem = os.fsdecode(os.fsencode(target.name)[:NAME_BYTES_KEPT])
    while True:
        temporary = os.path.join(target.parent, f".{stem}.{os.urandom(4).hex()}{TEMPORARY_SUFFIX}")  # noqa: PTH118
        try:
            return temporary, os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue


def _keep_permissions(target: Path, temporary: str) -> None:
    """Give the new file the mode of the file it replaces, if there is one."""
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)  # noqa: PTH116
    except OSError:
        return
    os.chmod(temporary, mode)  # noqa: PTH101


def _replace(temporary: str, target: Path) -> None:
    try:
        Path(temporary).replace(target)
    except OSError as error:
        if error.errno in CANNOT_REPLACE:
            raise OSError(
                error.errno,
                "it cannot be replaced in one step (a mount point?); give a file inside a directory",
            ) from None
        raise


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable; a file system that cannot sync a directory is left as it is."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


@contextmanager
def _stopping_signals_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP raise KeyboardInterrupt while writing, so the temporary file is removed.

    Only the main thread may set handlers; a signal someone set to be ignored stays ignored.
    """
    import signal

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous: dict[int, Any] = {}
    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)):
        try:
            handler = signal.getsignal(signum)
            if handler is not signal.SIG_IGN and signum not in previous:
                previous[signum] = signal.signal(signum, interrupt)
        except ValueError:  # not the main thread
            break
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
