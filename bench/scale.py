"""Generate a data directory with the bundled data set repeated N times (for the scale benchmark).

Copy k of annex A becomes annex (k-1)*4 + A, so every id stays unique and every check still passes.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

from taskmap.store.loading import bundled_data_dir


def renumber(text: str, annex: int) -> str:
    """An annex file's text with its annex number (in `number:` and in task ids) changed."""
    text = re.sub(r"^number: \d+$", f"number: {annex}", text, count=1, flags=re.MULTILINE)
    return re.sub(r"^(\s+- id: )\d+\.", rf"\g<1>{annex}.", text, flags=re.MULTILINE)


def generate(target: Path, copies: int) -> Path:
    """Write the scaled data directory and return it."""
    source = bundled_data_dir()
    if target.exists():
        shutil.rmtree(target)
    (target / "annexes").mkdir(parents=True)
    shutil.copy(source / "departments.yaml", target / "departments.yaml")
    annexes = sorted((source / "annexes").glob("*.yaml"))
    listing = []
    for copy in range(copies):
        for path in annexes:
            original = int(re.search(r"^number: (\d+)$", path.read_text(encoding="utf-8"), re.MULTILINE)[1])  # type: ignore[index]
            number = copy * len(annexes) + original
            text = renumber(path.read_text(encoding="utf-8"), number)
            if copy and "populations:" in text:
                text = text[: text.index("\npopulations:")] + "\n"
            (target / "annexes" / f"annex-{number}.yaml").write_text(text, encoding="utf-8")
            listing.append(f"- {{number: {number}, title: 附件{number}}}")
    notice = (source / "notice.yaml").read_text(encoding="utf-8")
    head, _, tail = notice.partition("annexes:\n")
    tail = tail[tail.index("\nissuer:") + 1 :]
    populations = _scaled_populations(target, copies)
    (target / "notice.yaml").write_text(
        head + "annexes:\n" + "\n".join(listing) + "\n" + tail, encoding="utf-8"
    )
    annex_three = target / "annexes" / "annex-3.yaml"
    text = annex_three.read_text(encoding="utf-8")
    annex_three.write_text(
        text[: text.index("\npopulations:")] + "\npopulations:\n" + populations, encoding="utf-8"
    )
    return target


def _scaled_populations(target: Path, copies: int) -> str:
    """The 29 populations repeated, renumbered 1..N as validation requires."""
    text = (target / "annexes" / "annex-3.yaml").read_text(encoding="utf-8")
    rows = re.findall(
        r"^- number: \d+\n  name: (.+)\n  lead: (.+)$", text[text.index("\npopulations:") :], re.MULTILINE
    )
    lines = []
    for copy in range(copies):
        for offset, (name, lead) in enumerate(rows):
            lines.append(f"- number: {copy * len(rows) + offset + 1}\n  name: {name}\n  lead: {lead}\n")
    return "".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("--copies", type=int, default=100)
    arguments = parser.parse_args()
    print(generate(arguments.target, arguments.copies))


if __name__ == "__main__":
    main()
