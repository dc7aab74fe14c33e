"""The one shape every loader returns: what a load read, kept and set aside.

``LoadResult`` carries the ingest run's counts (rows in, loaded, quarantined), the
quarantined records' one-line reasons, and a free ``details`` dict for what only one source
knows (incomplete Census years, new contacts, a document's status...). Callers written
against the older per-source shapes can still read a detail as an attribute
(``result.new_contacts``) and ``loaded`` / ``quarantined`` as the counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dyad.store.provenance import IngestRun


@dataclass
class LoadResult:
    """The outcome of one load (one ingest run, or several combined with :meth:`combine`)."""

    source: str
    source_ref: str
    run_id: int | None
    rows_in: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    problems: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, run: IngestRun, **details: Any) -> LoadResult:
        """The result of a finished ingest run."""
        return cls(run.source, run.source_ref, run.run_id, run.rows_in, run.rows_loaded,
                   run.rows_quarantined, [p.describe() for p in run.problems], dict(details))

    @classmethod
    def combine(cls, source: str, source_ref: str, parts: Iterable[LoadResult],
                **details: Any) -> LoadResult:
        """Several runs as one result (``details['parts']`` keeps each)."""
        items = list(parts)
        runs = [p.run_id for p in items if p.run_id is not None]
        return cls(source, source_ref, runs[-1] if runs else None,
                   sum(p.rows_in for p in items), sum(p.rows_loaded for p in items),
                   sum(p.rows_quarantined for p in items),
                   [q for p in items for q in p.problems],
                   {"parts": items, "run_ids": runs, **details})

    @property
    def loaded(self) -> int:
        """Alias of ``rows_loaded`` (the older shapes' name)."""
        return self.rows_loaded

    @property
    def quarantined(self) -> int:
        """Alias of ``rows_quarantined`` (the older shapes' name)."""
        return self.rows_quarantined

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "details":
            raise AttributeError(name)
        details = self.__dict__.get("details") or {}
        if name in details:
            return details[name]
        raise AttributeError(f"LoadResult has no attribute or detail {name!r}")

    def as_row(self) -> dict[str, Any]:
        """A flat dict for a table: the counts and the scalar details."""
        row: dict[str, Any] = {"source": self.source, "run_id": self.run_id,
                               "rows_in": self.rows_in, "rows_loaded": self.rows_loaded,
                               "rows_quarantined": self.rows_quarantined}
        for k, v in self.details.items():
            if k not in ("parts", "run_ids") and not isinstance(v, list | dict):
                row[k] = v
        return row

    def line(self) -> str:
        """One line for a terminal."""
        run = f"run {self.run_id}" if self.run_id is not None else "no run"
        text = (f"{self.source}: {run}, {self.rows_in} read, {self.rows_loaded} loaded (new or "
                f"revised), {self.rows_quarantined} quarantined")
        note = self.details.get("note")
        return text + (f"; {note}" if note else "")

    def __str__(self) -> str:
        return self.line()
