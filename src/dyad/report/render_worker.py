"""A chart-rendering process: Vega-Lite specs in, SVG text out (``python -m`` this module).

vl-convert holds the GIL while it renders, so threads cannot overlap rendering with the
report's queries; a separate process can. The protocol is one JSON object per line each way:
``{"id": n, "spec": {...}}`` in, ``{"id": n, "svg": "..."}`` (or ``"error"``) out, in order.
This module imports nothing of dyad's, so the process starts in the time vl-convert takes.
"""

from __future__ import annotations

import json
import os
import sys


def main() -> None:
    # replies go to the original stdout; anything else printed here goes to stderr
    out = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    import vl_convert as vlc

    for line in sys.stdin:
        if not line.strip():
            continue
        msg = json.loads(line)
        try:
            reply = {"id": msg["id"], "svg": str(vlc.vegalite_to_svg(msg["spec"]))}
        except Exception as e:  # reported to the caller, which raises it there
            reply = {"id": msg["id"], "error": f"{type(e).__name__}: {e}"}
        out.write(json.dumps(reply) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
