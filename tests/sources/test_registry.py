"""The registry drives the CLI and the README; the shared HTTP client's rules."""

from __future__ import annotations

import httpx
import pytest
from contract import TESTS, copy_sample
from typer.testing import CliRunner

from dyad.api import source_registry
from dyad.cli import app
from dyad.errors import LoadError, SourceUnavailableError, UsageError
from dyad.sources.http import HttpClient
from dyad.sources.registry import get
from dyad_testing import REPO


def _readme_rows() -> list[list[str]]:
    text = (REPO / "README.md").read_text("utf-8").split("### Sources", 1)[1]
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    return [[c.strip() for c in r.strip("|").split("|")] for r in rows[1:]]


def test_readme_source_table_matches_the_registry():
    expected = [[s.name, s.publisher, s.licence, "yes" if s.update else ""]
                for s in source_registry()]
    assert _readme_rows() == expected


def test_every_sample_exists_and_every_source_has_a_licence():
    for s in source_registry():
        assert s.publisher and s.licence and s.formats and s.description, s.name
        assert s.sample is None or (TESTS / s.sample).exists(), s.sample


def test_unknown_source_lists_the_choices():
    with pytest.raises(UsageError, match="choose one of statehist, census"):
        get("nope")
    assert get("census-file").name == "census" and get("comtrade-file").name == "comtrade"


def test_cli_import_alias_update_without_live_source_and_sources_list(tmp_path):
    db = str(tmp_path / "s.duckdb")
    path, _ = copy_sample("census", tmp_path)
    run = CliRunner().invoke
    r = run(app, ["--db", db, "import", "census-file", str(path)])
    assert r.exit_code == 0 and "census: run" in r.output, r.output
    r = run(app, ["--db", db, "import", "comtrade", str(tmp_path / "missing.csv")])
    assert r.exit_code == 1 and "missing.csv" in r.output and "Traceback" not in r.output
    r = run(app, ["--db", db, "update", "unvotes"])
    assert r.exit_code != 0
    r = run(app, ["--db", db, "import", "census", str(path), "--opt", "colour=red"])
    assert r.exit_code == 2 and "does not take the option" in r.output
    r = run(app, ["--db", db, "sources", "--format", "csv"])
    assert r.exit_code == 0
    census = [line for line in r.output.splitlines() if line.startswith("census,")]
    assert census and ",run " in census[0] and " ok " in census[0], r.output


def _client(handler, **kw) -> tuple[HttpClient, list[float]]:
    sleeps: list[float] = []
    c = HttpClient(transport=httpx.MockTransport(handler), sleep=sleeps.append,
                   clock=lambda: 100.0, **kw)
    return c, sleeps


def test_polite_rate_per_host_and_backoff_on_5xx():
    answers = iter([500, 200, 200, 200])
    c, sleeps = _client(lambda r: httpx.Response(next(answers), json={"ok": 1}),
                        min_interval=3.0, backoff=0.5)
    assert c.get_json("https://a.test/x") == {"ok": 1}
    assert sleeps == [0.5]                      # backoff after the 500; first request free
    c.get_json("https://a.test/y")
    c.get_json("https://b.test/y")
    assert sleeps == [0.5, 3.0]                 # same host waits, another host does not


def test_refusal_names_the_key_variable_and_network_failure_is_unavailable():
    c, _ = _client(lambda r: httpx.Response(403), key_env="COMTRADE_API_KEY", min_interval=0)
    with pytest.raises(SourceUnavailableError, match="set COMTRADE_API_KEY"):
        c.get_json("https://a.test/x")

    def down(request):
        raise httpx.ConnectError("no route", request=request)

    c, sleeps = _client(down, retries=2, min_interval=0)
    with pytest.raises(SourceUnavailableError, match="gave up after 3 attempts"):
        c.get_bytes("https://a.test/x")
    assert sleeps == [1.0, 2.0]


@pytest.mark.parametrize("body, message", [(b"[" * 100_000, "nested too deeply"),
                                           (b"9" * 5000, "not JSON"),
                                           (b"\xff\xfe{", "not UTF-8"),
                                           (b"\xef\xbb\xbf{\"a\": 1}", None)])
def test_json_answers_deep_huge_bom(body, message):
    c, _ = _client(lambda r: httpx.Response(200, content=body), min_interval=0)
    if message is None:
        assert c.get_json("https://a.test/x") == {"a": 1}
    else:
        with pytest.raises(LoadError, match=message):
            c.get_json("https://a.test/x")


def test_cache_of_raw_responses(tmp_path):
    calls: list[str] = []

    def handler(request):
        calls.append(str(request.url))
        return httpx.Response(200, content=b"<rss/>")

    c, _ = _client(handler, cache_dir=tmp_path, min_interval=0)
    assert c.get_bytes("https://a.test/feed") == c.get_bytes("https://a.test/feed") == b"<rss/>"
    assert len(calls) == 1
