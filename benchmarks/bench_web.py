"""`dyad serve` under load, on loopback only: 50 concurrent keep-alive clients on the read
pages (store summary, contact lists with filters, contact details, review queue; not the
report) for ~10 s, beside a static-file baseline (``/static/code.js``) served by the same
server in the same run; then the read pages again while one slow client holds a form POST
open (its body trickles in a byte at a time), and the ratio of the two p95 latencies.

The server is the real one (``dyad serve --port 0`` in a subprocess, over a new store in
a temporary folder); the clients are raw HTTP/1.1 on asyncio streams in this process, so
that the load generator costs little. Bounded in time and count: ``DYAD_BENCH_WEB_SECONDS``
per phase (default 10), at most ``DYAD_BENCH_WEB_MAX`` requests per phase (default 200,000).
Goals (issue 18): p95 <= 100 ms, no errors, slow client p95 <= 2 x p95.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

CLIENTS = 50
SECONDS = float(os.environ.get("DYAD_BENCH_WEB_SECONDS", "10"))
MAX_REQUESTS = int(os.environ.get("DYAD_BENCH_WEB_MAX", "200000"))
STATIC = ["/static/code.js"]


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    statuses: dict[int, int] = field(default_factory=dict)

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, int(q / 100 * len(xs)))] * 1000

    def line(self) -> str:
        n = len(self.latencies)
        return (f"{self.name:<28} n={n:>6}  p50={self.pct(50):6.1f} ms  p95={self.pct(95):6.1f}"
                f" ms  p99={self.pct(99):6.1f} ms  errors={self.errors}  "
                f"throughput={n / self.seconds if self.seconds else 0:7.1f} req/s")


def _start_server(db: Path) -> tuple[subprocess.Popen[str], str, int]:
    proc = subprocess.Popen([sys.executable, "-m", "dyad", "--db", str(db), "serve",
                             "--host", "127.0.0.1", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stdout is not None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        m = re.search(r"serving http://([\d.]+):(\d+)/", line)
        if m:
            return proc, m.group(1), int(m.group(2))
    proc.kill()
    raise RuntimeError("dyad serve did not start")


async def _request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                   hostport: str, url: str) -> tuple[int, bool]:
    writer.write(f"GET {url} HTTP/1.1\r\nHost: {hostport}\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    lower = head.lower()
    m = re.search(rb"content-length:\s*(\d+)", lower)
    if m:
        await reader.readexactly(int(m.group(1)))
    return status, b"connection: close" in lower


async def _client(host: str, port: int, urls: list[str], offset: int, stop: float,
                  phase: Phase, budget: list[int]) -> None:
    hostport = f"{host}:{port}"
    reader = writer = None
    i = offset
    while time.perf_counter() < stop and budget[0] > 0:
        budget[0] -= 1
        url = urls[i % len(urls)]
        i += 1
        t0 = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            assert reader is not None
            status, close = await asyncio.wait_for(_request(reader, writer, hostport, url), 30)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            phase.errors += 1
            writer = None
            continue
        phase.latencies.append(time.perf_counter() - t0)
        phase.statuses[status] = phase.statuses.get(status, 0) + 1
        if status != 200:
            phase.errors += 1
        if close:
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


async def _slow_poster(host: str, port: int, stop: float, log: dict[str, int]) -> None:
    """Hold a form POST open: headers, then one body byte every 0.25 s, again and again."""
    while time.perf_counter() < stop:
        try:
            reader, writer = await asyncio.open_connection(host, port)
            writer.write(f"POST /review HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: "
                         "application/x-www-form-urlencoded\r\nContent-Length: 60000\r\n\r\n"
                         .encode())
            await writer.drain()
            log["opened"] = log.get("opened", 0) + 1
            while time.perf_counter() < stop:
                writer.write(b"a")
                await writer.drain()
                try:
                    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 0.25)
                except TimeoutError:
                    continue
                status = head.split(b" ", 2)[1].decode()
                log[f"answered {status}"] = log.get(f"answered {status}", 0) + 1
                break
            writer.close()
        except (OSError, asyncio.IncompleteReadError):
            log["dropped"] = log.get("dropped", 0) + 1
            await asyncio.sleep(0.1)


async def _phase(name: str, host: str, port: int, urls: list[str], *,
                 slow: bool = False) -> tuple[Phase, dict[str, int]]:
    phase = Phase(name)
    slow_log: dict[str, int] = {}
    budget = [MAX_REQUESTS]
    start = time.perf_counter()
    stop = start + SECONDS
    tasks = [asyncio.create_task(_client(host, port, urls, k * 7, stop, phase, budget))
             for k in range(CLIENTS)]
    if slow:
        tasks.append(asyncio.create_task(_slow_poster(host, port, stop, slow_log)))
    await asyncio.gather(*tasks)
    phase.seconds = time.perf_counter() - start
    return phase, slow_log


def _read_urls(db: Path) -> list[str]:
    from dyad.api import browse

    with browse.read_store(db) as con:
        ids = [r["contact_id"] for r in browse.contacts_page(con, "US-KZ")["rows"]][::6]
    pages = ["/", "/review", "/contacts?pair=US-KZ", "/contacts?pair=US-C5",
             "/contacts?pair=US-KZ&admin=obama", "/contacts?pair=US-KZ&level=head_of_state",
             "/contacts?pair=US-UZ&from=2017-01-01"]
    return pages + [f"/contacts/{i}" for i in ids]


async def _cold(host: str, port: int, urls: list[str]) -> list[tuple[str, float, int]]:
    out = []
    reader, writer = await asyncio.open_connection(host, port)
    for url in urls:
        t0 = time.perf_counter()
        status, _ = await _request(reader, writer, f"{host}:{port}", url)
        out.append((url, (time.perf_counter() - t0) * 1000, status))
    writer.close()
    return out


def main() -> None:
    from dyad.api import open_store

    with tempfile.TemporaryDirectory(prefix="dyad-bench-web-") as tmp:
        db = Path(tmp) / "bench.duckdb"
        open_store(db).close()
        urls = _read_urls(db)
        proc, host, port = _start_server(db)
        try:
            cold = asyncio.run(_cold(host, port, urls))
            worst = max(cold, key=lambda c: c[1])
            print(f"server http://{host}:{port}/  {CLIENTS} clients, {SECONDS:g} s per phase,"
                  f" {len(urls)} read URLs")
            print(f"first (uncached) request per read page: median "
                  f"{statistics.median(c[1] for c in cold):.1f} ms, worst {worst[1]:.1f} ms"
                  f" ({worst[0]})")
            static, _ = asyncio.run(_phase("static file (baseline)", host, port, STATIC))
            reads, _ = asyncio.run(_phase("read pages", host, port, urls))
            slowed, slow_log = asyncio.run(_phase("read pages + slow POST", host, port,
                                                  urls, slow=True))
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
    for phase in (static, reads, slowed):
        print(phase.line())
        if set(phase.statuses) - {200}:
            print(f"{'':<28} statuses: {phase.statuses}")
    print(f"slow client: {slow_log}")
    ratio = slowed.pct(95) / reads.pct(95) if reads.latencies else float("nan")
    print(f"p95 with slow client / p95 without: {ratio:.2f}")
    print(f"p95 read pages / static baseline: {reads.pct(95) / static.pct(95):.2f}")
    ok = reads.pct(95) <= 100 and reads.errors == 0 and slowed.errors == 0 and ratio <= 2
    print("goals (p95 <= 100 ms, 0 errors, slow-client ratio <= 2):",
          "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
