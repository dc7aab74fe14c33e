"""The README's commands exist: every `dyad …` line in it names a real command."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad_testing import REPO

# command lines of the README's indented code blocks
LINES = [
    line.strip() for line in (REPO / "README.md").read_text("utf-8").splitlines()
    if line.startswith("    dyad ")
]
GROUPS = {"import", "contacts", "trade", "update", "media", "convergence", "documents",
          "forecast"}


def _command_words(line: str) -> list[str]:
    words = []
    for w in re.split(r"\s+", line.split("#")[0].strip())[1:]:
        if w.startswith("-") or not re.fullmatch(r"[a-z][a-z0-9-]*", w):
            break
        words.append(w)
    return words


def test_readme_has_commands():
    assert len(LINES) >= 10


@pytest.mark.parametrize("line", LINES)
def test_readme_command_exists(line):
    words = _command_words(line)
    # a group needs its subcommand: `dyad contacts accept ID` -> contacts accept
    command = words[:2] if words[0] in GROUPS else words[:1]
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0, (line, result.output)
    assert "Usage" in result.output
