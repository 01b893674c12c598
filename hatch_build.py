"""Build hook: the wheel carries the shipped data already compiled, so the first answer after install
is as fast as any other (no YAML parse, no pydantic import).

The compiled entry is keyed by the content of the data files, like the user's cache: if those files are
edited after install, the key no longer matches and taskmap compiles them afresh.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SHIPPED_PATH = "taskmap/compiled"


class CompiledDataHook(BuildHookInterface):
    """Compiles data/ with taskmap's own compiler into the entry `taskmap.loading.SHIPPED_ENTRY` reads."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install reads the repository's data/, which is meant to be edited
        root = Path(self.root)
        self._output = Path(tempfile.mkdtemp(prefix="taskmap-compiled-"))
        sys.path.insert(0, str(root / "src"))
        try:
            from taskmap.loading import ship_compiled

            ship_compiled(root / "data", self._output / "dataset")
        finally:
            sys.path.remove(str(root / "src"))
        for path in sorted(self._output.iterdir()):
            build_data["force_include"][str(path)] = f"{SHIPPED_PATH}/{path.name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        output = getattr(self, "_output", None)
        if output is not None:
            shutil.rmtree(output, ignore_errors=True)
