"""Test fixtures for the forecast area.

- ``load_census_csv``: fills ``trade_flows`` from the real Census-derived CSV in
  ../shared/data the way the Census loaders do (source ``census``, monthly rows plus an
  annual row for each complete year), skipping the file's July-December 2024 zero fill
  (see its SOURCE.md).
- ``load_statehist_kz``: real US-Kazakhstan trips and visits parsed from the Office of the
  Historian's XML files in ../shared/data/history-state-gov.
- ``synthetic_contacts``: clearly labelled synthetic contact histories (source
  ``test-fixture``) for behaviour tests.
"""

from __future__ import annotations

import csv
import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import duckdb
import pandas as pd

from dyad.contacts.merge import upsert_contact
from dyad.contacts.model import ContactRecord, SourceRef
from dyad.reference.files import country_by_name
from dyad.sources.census.api import with_annual_rows
from dyad.sources.trade_flows import upsert_flows
from dyad.store.provenance import ingest_run


def load_census_csv(con: duckdb.DuckDBPyConnection, path: Path, *,
                    source: str = "census") -> int:
    rows: list[dict[str, object]] = []
    with ingest_run(con, source=source, source_ref=str(path)) as run, \
            path.open(newline="", encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            year, month = int(rec["year"]), int(rec["month"])
            if year == 2024 and month >= 7:  # zero fill: not published when downloaded
                continue
            iso2 = country_by_name(rec["country"])
            assert iso2, rec["country"]
            for flow, col in (("export", "us_exports_musd"), ("import", "us_imports_musd")):
                rows.append({"reporter": "US", "partner": iso2, "partner_name": rec["country"],
                             "year": year, "month": month, "flow": flow,
                             "value_usd": float(rec[col]) * 1e6, "commodity": None,
                             "source": source,
                             "source_ref": f"{path.name}#{rec['cty_code']}-{year}-{month}"})
        upsert_flows(run, pd.DataFrame(with_annual_rows(rows)), file=str(path))
    return run.rows_loaded


def _text(el: ET.Element, tag: str) -> str:
    found = el.find(tag)
    return " ".join((found.text or "").split()) if found is not None else ""


def _visit_level(visitor: str) -> str:
    v = visitor.lower()
    if v.startswith("president"):
        return "head_of_state"
    if v.startswith("prime minister"):
        return "head_of_government"
    if "foreign" in v:
        return "foreign_minister"
    return "cabinet"


def statehist_kz_records(root: Path) -> list[ContactRecord]:
    """Trips of US presidents and secretaries to Kazakhstan, visits of its leaders to the US."""
    recs: list[ContactRecord] = []
    trips = list((root / "travels" / "president-travels").glob("*.xml")) + list(
        (root / "travels" / "secretary-travels").glob("*.xml"))
    for f in sorted(trips):
        for trip in ET.parse(f).getroot().iter("trip"):
            country = trip.find("country")
            if country is None or country.get("id") != "kazakhstan":
                continue
            role = _text(trip, "role")
            recs.append(ContactRecord(
                record_id=f"trip-{_text(trip, 'id')}",
                date_start=dt.date.fromisoformat(_text(trip, "start-date")),
                date_end=dt.date.fromisoformat(_text(trip, "end-date")), kind="visit",
                level="head_of_state" if role == "president" else "foreign_minister",
                initiator="US", partners=["KZ"], location=_text(trip, "locale"),
                us_participants=[_text(trip, "name")],
                sources=[SourceRef(source="statehist-test",
                                   source_ref=f"{f.name}#{_text(trip, 'id')}")],
            ))
    for f in sorted((root / "visits" / "data").glob("*.xml")):
        for visit in ET.parse(f).getroot().iter("visit"):
            frm = visit.find("from")
            if frm is None or frm.get("id") != "kazakhstan":
                continue
            start = dt.date.fromisoformat(_text(visit, "start-date"))
            end_text = _text(visit, "end-date")
            if start < dt.date(1991, 12, 16):
                continue
            recs.append(ContactRecord(
                record_id=f"visit-{_text(visit, 'id')}", date_start=start,
                date_end=dt.date.fromisoformat(end_text) if end_text else start, kind="visit",
                level=_visit_level(_text(visit, "visitor")), initiator="partner",
                partners=["KZ"], partner_participants=[_text(visit, "visitor")],
                sources=[SourceRef(source="statehist-test",
                                   source_ref=f"{f.name}#{_text(visit, 'id')}")],
            ))
    return recs


def load_statehist_kz(con: duckdb.DuckDBPyConnection, root: Path) -> int:
    recs = statehist_kz_records(root)
    with ingest_run(con, source="statehist-test", source_ref=str(root)) as run:
        for rec in recs:
            run.rows_in += 1
            upsert_contact(con, rec, run)
            run.rows_loaded += 1
    return len(recs)


def synthetic_contacts(
    con: duckdb.DuckDBPyConnection, per_year: dict[int, int], *, level: str = "cabinet"
) -> int:
    """SYNTHETIC test fixture: ``per_year[y]`` contacts in year y, spread over the months."""
    n = 0
    with ingest_run(con, source="test-fixture", source_ref="synthetic") as run:
        for year, count in per_year.items():
            for i in range(count):
                day = dt.date(year, 1 + (i * 5) % 12, 1 + (i * 7) % 27)
                rec = ContactRecord(
                    record_id=f"synthetic-{year}-{i}", date_start=day, date_end=day,
                    kind="call", level=level, partners=["KZ"],  # type: ignore[arg-type]
                    us_participants=[f"Synthetic Official {year}{i}"],
                    sources=[SourceRef(source="test-fixture", source_ref=f"synthetic-{year}-{i}")])
                upsert_contact(con, rec, run)
                run.rows_in += 1
                n += 1
    return n
