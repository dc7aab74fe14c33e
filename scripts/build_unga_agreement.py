"""Regenerate dyad's shipped UN General Assembly agreement series from the unvotes tables.

Usage: python scripts/build_unga_agreement.py UNVOTES_DIR [OUT]
  UNVOTES_DIR  a folder with un_votes.csv, un_roll_calls.csv and un_roll_call_issues.csv
               (Voeten's data as packaged in the R package unvotes 0.3.0)
  OUT          default src/dyad/data/convergence/unga_agreement_voeten_1992_2019.csv

The votes are loaded into a throw-away in-memory store with dyad's own loader and the
series computed with dyad's own agreement analysis; only the derived counts are written.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def build(folder: str | Path) -> str:
    """The shipped file's text computed from the unvotes tables in ``folder``."""
    from dyad.analysis.convergence_shipped import derive_series, series_text
    from dyad.sources.unvotes.load import load_unvotes
    from dyad.store.connection import connect

    con = connect(":memory:")
    try:
        load_unvotes(con, folder)
        return series_text(derive_series(con))
    finally:
        con.close()


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    from dyad.sources.shipped.unga_agreement import FILES

    out = Path(argv[1]) if len(argv) == 2 else REPO / "src" / "dyad" / "data" / FILES[0]
    text = build(argv[0])
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
