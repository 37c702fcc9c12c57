"""Run the shell blocks of the docs as a user types them (the convention is in tests/docs/README.md).

A fenced block is marked by the HTML comment on the line right above its opening fence:

    <!-- run: cwd=demo_out/course; creates=gradebook.db, grading/*/report.html; contains=FILE::TEXT -->
    <!-- skip: why CI cannot run it (a cluster over SSH, a GPU, an LMS upload) -->

``run`` blocks are run with bash (``set -e``: every command must exit 0), in the order of the
docs, in one working tree, so a block may use what an earlier one made; then each ``creates``
glob (relative to the block's cwd) must match a file, and each ``contains`` file must hold its
text. A bare fence (no language) must carry one of the two markers; other blocks say what they
are (```text, ```python) and are not run.
"""

from __future__ import annotations

import glob
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

MARKER = re.compile(r"^<!--\s*(?P<kind>run|skip)\s*:?(?P<body>.*?)-->\s*$")
FENCE = re.compile(r"^(?P<fence>```+|~~~+)\s*(?P<lang>[\w+-]*)\s*$")
SHELL_LANGS = {"", "sh", "bash", "shell", "console"}


class DocError(ValueError):
    """A doc breaks the convention (a bare block without a marker, a marker without a block, a bad key)."""


@dataclass
class Block:
    doc: str
    line: int                 # of the opening fence, 1-based
    script: str
    kind: str                 # "run" or "skip"
    reason: str = ""          # for skip
    cwd: str = "."
    creates: list[str] = field(default_factory=list)
    contains: list[tuple[str, str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.doc}:{self.line}"


def _options(body: str, where: str) -> dict:
    options = {"cwd": ".", "creates": [], "contains": []}
    for part in filter(None, (p.strip() for p in body.split(";"))):
        key, sep, value = part.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or key not in options:
            raise DocError(f"{where}: unknown run option {part!r} (cwd=, creates=, contains=FILE::TEXT)")
        if key == "cwd":
            options["cwd"] = value
        elif key == "creates":
            options["creates"] += [g.strip() for g in value.split(",") if g.strip()]
        else:
            path, sep, text = value.partition("::")
            if not sep or not text:
                raise DocError(f"{where}: contains= needs FILE::TEXT, got {value!r}")
            options["contains"].append((path.strip(), text))
    return options


def parse(text: str, doc: str) -> list[Block]:
    """Every marked block of one markdown text; raises DocError where the convention is broken."""
    lines = text.splitlines()
    blocks, i = [], 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            if MARKER.match(lines[i]) and not (i + 1 < len(lines) and FENCE.match(lines[i + 1])):
                raise DocError(f"{doc}:{i + 1}: a run/skip marker must be the line right above a fenced block")
            i += 1
            continue
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == opening["fence"]), None)
        if end is None:
            raise DocError(f"{doc}:{i + 1}: code block never closed")
        marker = MARKER.match(lines[i - 1]) if i else None
        where = f"{doc}:{i + 1}"
        if marker is None:
            if opening["lang"] == "":
                raise DocError(f"{where}: a bare ``` block must be marked <!-- run: ... --> or <!-- skip: reason -->"
                               " (or say its language, e.g. ```text)")
        elif opening["lang"] not in SHELL_LANGS:
            raise DocError(f"{where}: run/skip markers go on shell blocks only, not ```{opening['lang']}")
        elif marker["kind"] == "skip":
            reason = marker["body"].strip()
            if not reason:
                raise DocError(f"{where}: a skip marker needs its reason")
            blocks.append(Block(doc, i + 1, "\n".join(lines[i + 1:end]), "skip", reason=reason))
        else:
            blocks.append(Block(doc, i + 1, "\n".join(lines[i + 1:end]), "run", **_options(marker["body"], where)))
        i = end + 1
    return blocks


def collect(root: Path, docs: list[str]) -> list[Block]:
    return [block for doc in docs for block in parse((root / doc).read_text(), doc)]


@dataclass
class Outcome:
    ok: bool
    message: str


def run_block(block: Block, root: Path, env: dict, timeout: float = 1200) -> Outcome:
    """Run one ``run`` block from ``root/cwd``; check its exit status and what it must make."""
    cwd = root / block.cwd
    if not cwd.is_dir():
        return Outcome(False, f"{block.name}: its cwd {block.cwd} does not exist")
    # -e: stop at the first command that fails and say which (verbatim, as the doc has it).
    script = "set -eo pipefail\ntrap 'echo \"FAILED: $BASH_COMMAND (exit $?)\" >&2' ERR\n" + block.script + "\n"
    try:
        done = subprocess.run(["bash", "-c", script], cwd=cwd, env=env, capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return Outcome(False, f"{block.name}: still running after {timeout:.0f} s")
    if done.returncode != 0:
        return Outcome(False, f"{block.name}: exit {done.returncode}\n--- stdout\n{done.stdout[-3000:]}\n"
                              f"--- stderr\n{done.stderr[-3000:]}")
    missing = [pattern for pattern in block.creates if not glob.glob(str(cwd / pattern))]
    if missing:
        return Outcome(False, f"{block.name}: ran, but made no {', '.join(missing)} (in {block.cwd})")
    for path, text in block.contains:
        files = glob.glob(str(cwd / path))
        if not files or not any(text in Path(f).read_text(errors="replace") for f in files):
            return Outcome(False, f"{block.name}: {path} does not hold {text!r}")
    return Outcome(True, done.stdout)
