"""Build hook: the wheel carries the shipped data's database already built, so the first answer after
install is as fast as any other (no YAML parse, no pydantic import), and the Chinese catalogue compiled
to the .mo file gettext reads (with Babel, the catalogue's own tool).

The shipped notice is kept in it under the content key of the data files, like a library's database:
if those files are edited after install, the key no longer matches and taskmap compiles them afresh.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SHIPPED_PATH = "taskmap/compiled"
CATALOGUE = "taskmap/locale/zh_CN/LC_MESSAGES"


class CompiledDataHook(BuildHookInterface):
    """Compiles data/ with taskmap's own compiler into the database `store.loading.SHIPPED_DATABASE` is."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install reads the repository's data/, which is meant to be edited
        root = Path(self.root)
        self._output = Path(tempfile.mkdtemp(prefix="taskmap-compiled-"))
        sys.path.insert(0, str(root / "src"))
        try:
            from taskmap.store.loading import ship_compiled

            ship_compiled(root / "data", self._output / "notice.sqlite3")
        finally:
            sys.path.remove(str(root / "src"))
        for path in sorted(self._output.iterdir()):
            build_data["force_include"][str(path)] = f"{SHIPPED_PATH}/{path.name}"
        compiled = Path(tempfile.mkdtemp(prefix="taskmap-locale-")) / "taskmap.mo"
        compile_catalogue(root / "src" / CATALOGUE / "taskmap.po", compiled)
        build_data["force_include"][str(compiled)] = f"{CATALOGUE}/taskmap.mo"
        self._catalogue = compiled.parent

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        for name in ("_output", "_catalogue"):
            output = getattr(self, name, None)
            if output is not None:
                shutil.rmtree(output, ignore_errors=True)


def compile_catalogue(source: Path, target: Path) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with source.open("rb") as po, target.open("wb") as mo:
        write_mo(mo, read_po(po))
