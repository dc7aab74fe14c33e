"""Several processes, one store: `dyad serve`, an import and a report at once, as real
processes; a command that finds the store held waits with a message naming the holder,
then exits with one line (StoreBusyError, exit 3), never a traceback."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

TESTS = Path(__file__).resolve().parents[1]
UNVOTES_SAMPLE = TESTS / "sources" / "samples" / "unvotes"


@pytest.fixture
def store_path(tmp_path: Path, _store_template: Path) -> Path:
    path = tmp_path / "shared.duckdb"
    shutil.copyfile(_store_template, path)
    return path


def _env(db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    return {**env, "DYAD_DB": str(db), "PYTHONUNBUFFERED": "1"}


def _dyad(db: Path, *args: str, out: Path | None = None) -> subprocess.Popen[str]:
    """``python -m dyad ARGS``; stdout to the file ``out`` when given (a pipe nobody
    reads fills up and stalls the command, store open)."""
    stdout = out.open("w") if out is not None else subprocess.PIPE
    return subprocess.Popen([sys.executable, "-m", "dyad", *args], env=_env(db),
                            stdout=stdout, stderr=subprocess.PIPE, text=True)


def _get(url: str) -> int:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=60) as r:
        r.read()
        return int(r.status)


def test_serve_import_and_report_at_once(store_path: Path, tmp_path: Path) -> None:
    serve = _dyad(store_path, "serve", "--port", "0")
    try:
        assert serve.stdout is not None
        line = serve.stdout.readline()
        m = re.search(r"http://([\d.]+):(\d+)/", line)
        assert m, f"serve did not start: {line!r} {serve.stderr.read() if serve.stderr else ''}"
        base = f"http://{m.group(1)}:{m.group(2)}"
        assert _get(base + "/") == 200
        out = tmp_path / "report.html"
        # a loaded machine runs these slowly: wait as long as they need
        jobs = {"import": _dyad(store_path, "--wait", "300", "import", "unvotes",
                                str(UNVOTES_SAMPLE), out=tmp_path / "import.txt"),
                "report": _dyad(store_path, "--wait", "300", "report", "--out", str(out),
                                out=tmp_path / "report.txt"),
                "list": _dyad(store_path, "--wait", "300", "contacts", "list", "--format",
                              "csv", out=tmp_path / "list.csv")}
        pages = []
        while any(p.poll() is None for p in jobs.values()):
            pages.append(_get(base + "/contacts"))
            time.sleep(0.3)
        results = {k: (p.returncode, *p.communicate()) for k, p in jobs.items()}
        for name, (code, _out, err) in results.items():
            assert code == 0, f"{name} failed ({code}): {err}"
            assert "Traceback" not in err
        assert pages and set(pages) == {200}
        assert _get(base + "/") == 200
        assert out.stat().st_size > 10_000
        assert "loaded" in (tmp_path / "import.txt").read_text()
        assert (tmp_path / "list.csv").read_text().startswith("contact_id,")
    finally:
        serve.terminate()
        serve.wait(timeout=20)
    con = duckdb.connect(str(store_path), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM roll_calls").fetchone()[0] > 0
    finally:
        con.close()


HOLD = ("import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True);"
        " time.sleep(float(sys.argv[2]))")


def test_a_held_store_means_a_message_a_wait_and_one_line(store_path: Path) -> None:
    # the holder's command line ends in "dyad serve", as a running `dyad serve` would
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(store_path), "20", "dyad",
                               "serve"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        p = _dyad(store_path, "--wait", "1.5", "contacts", "list")
        _out, err = p.communicate(timeout=60)
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert p.returncode == 3, err
    assert f"store in use by PID {holder.pid} (dyad serve); waiting up to 1.5 s" in err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 2 and lines[1].startswith("error: store shared.duckdb is in use")
    assert "Traceback" not in err
    assert waited >= 1.5


def test_a_command_waits_for_a_store_that_frees_up(store_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(store_path), "600"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        p = _dyad(store_path, "sources", "--format", "csv")
        assert p.stderr is not None
        first = p.stderr.readline()      # the command says it waits ...
        holder.kill()                    # ... and the holder goes away
        out, err = p.communicate(timeout=120)
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert first.startswith(f"store in use by PID {holder.pid}") and "waiting up to 30 s" in first
    assert p.returncode == 0, err
    assert "statehist" in out
