"""Small travels / visits XML files in the real schema's shape (trips.rnc, visits.rnc)."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

META = ("<created-by>t</created-by><created-datetime>2024-01-01T00:00:00-04:00"
        "</created-datetime><last-modified-by>t</last-modified-by><last-modified-datetime/>")


def trip(tid: object, start: str, end: str, country_id: str, country: str, *,
         role: str = "secretary", who: str = "blinken-antony-j",
         name: str = "Antony John Blinken", locale: str = "Astana",
         remarks: str = "Met with senior officials.") -> str:
    return (
        f"<trip role={quoteattr(role)} who={quoteattr(who)}><id>{escape(str(tid))}</id>"
        f"<role>{escape(role)}</role><name>{escape(name)}</name>"
        f"<start-date>{escape(start)}</start-date><end-date>{escape(end)}</end-date>"
        f"<country id={quoteattr(country_id)}>{escape(country)}</country>"
        f"<locale>{escape(locale)}</locale><remarks>{escape(remarks)}</remarks>{META}</trip>"
    )


def visit(vid: object, start: str, end: str, from_id: str, country: str, *,
          visitor: str = "President Kassym-Jomart Tokayev",
          description: str = "Official working visit.") -> str:
    return (
        f"<visit><id>{escape(str(vid))}</id><start-date>{escape(start)}</start-date>"
        f"<end-date>{escape(end)}</end-date><visitor>{escape(visitor)}</visitor>"
        f"<from id={quoteattr(from_id)}>{escape(country)}</from>"
        f"<description>{escape(description)}</description>{META}</visit>"
    )


def write_folder(root: Path, *, trips: dict[str, list[str]] | None = None,
                 visits: dict[str, list[str]] | None = None,
                 raw: dict[str, str] | None = None) -> Path:
    """A history-state-gov-shaped folder; trips keyed by secretary-travels file name."""
    for name, items in (trips or {}).items():
        p = root / "travels" / "secretary-travels" / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<trips>'
                     + "".join(items) + "</trips>", "utf-8")
    for name, items in (visits or {}).items():
        p = root / "visits" / "data" / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<visits>'
                     + "".join(items) + "</visits>", "utf-8")
    for rel, text in (raw or {}).items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, "utf-8")
    return root
