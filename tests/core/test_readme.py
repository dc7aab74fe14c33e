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
          "forecast", "assistance", "values"}


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
    if not words:  # `dyad --version`
        result = CliRunner().invoke(app, _split(line))
        assert result.exit_code == 0 and result.output.startswith("dyad "), result.output
        return
    # a group needs its subcommand: `dyad contacts accept ID` -> contacts accept
    command = words[:2] if words[0] in GROUPS else words[:1]
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0, (line, result.output)
    assert "Usage" in result.output


# --- every README command with ordinary mistakes: a one-line error, never a traceback ------

NETWORK = {("update",), ("media", "feeds"), ("media", "gdelt"), ("media", "mediacloud"), ("serve",)}
BAD_VALUES = {"--pair": "US-XX", "--admins": "trump", "--format": "xml", "--from": "20x7",
              "--to": "20x7", "--as-of": "yesterday", "--country": "XX", "--reporter": "XX",
              "--others": "ZZ", "--by": "decade", "--gold": "/nonexistent/gold.jsonl",
              "--columns": "bogus", "--n": "many", "--horizon": "soon", "--target": "mood",
              "--scenarios": "Q", "--coders": "nobody", "--rule": "vibes"}
FLAGS = {"--monthly", "--by-issue", "--sensitivity", "--keep", "--replace", "--force"}


def _split(line: str) -> list[str]:
    return [w for w in re.split(r"\s+", line.split("#")[0].strip())[1:] if w]


def _group_words(words: list[str]) -> list[str]:
    command = _command_words("dyad " + " ".join(words))
    return command[:2] if command and command[0] in GROUPS else command[:1]


def _mistaken(words: list[str]) -> list[str]:
    """The line with every value made wrong: options get invalid values, positional
    arguments (paths, ids) point nowhere."""
    head = _group_words(words)
    rest, out, i = words[len(head):], [], 0
    while i < len(rest):
        w = rest[i]
        if w.startswith("--"):
            out.append(w)
            if w not in FLAGS and i + 1 < len(rest) and not rest[i + 1].startswith("--"):
                out.append(BAD_VALUES.get(w, rest[i + 1]))
                i += 1
        else:
            out.append("/nonexistent/" + re.sub(r"[^A-Za-z0-9_.-]", "_", w))
        i += 1
    return [*head, *out]


def _no_traceback(result) -> None:
    from dyad.errors import DyadError

    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit | DyadError), (
        f"{type(exc).__name__}: {exc}")
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def db(_store_template, tmp_path_factory):
    import shutil

    path = tmp_path_factory.mktemp("readme") / "s.duckdb"
    shutil.copyfile(_store_template, path)
    return str(path)


@pytest.mark.parametrize("line", LINES)
def test_readme_command_with_wrong_arguments_gives_no_traceback(line, db):
    words = _split(line)
    head = _group_words(words)
    if not head:
        return  # `dyad --version`
    runner = CliRunner()
    res = runner.invoke(app, ["--db", db, *head, "--no-such-option"])
    assert res.exit_code != 0
    _no_traceback(res)
    if tuple(head[:1]) in NETWORK or tuple(head) in NETWORK:
        return  # only the parse error: these would go to the network
    res = runner.invoke(app, ["--db", db, *_mistaken(words)])
    _no_traceback(res)
