"""The GDELT event export formats: 1.0 (57 or 58 columns) and 2.0 (61 columns).

Codebooks: GDELT 1.0 Event Database codebook
(http://data.gdeltproject.org/documentation/GDELT-Data_Format_Codebook.pdf) and GDELT 2.0
Event Database codebook (http://data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf).
1.0 backfiles (before 2013-04-01) have 57 columns; 1.0 daily files add SOURCEURL (58);
2.0 adds ADM2Code to each of the three geography blocks (61). DATEADDED is YYYYMMDD in
1.0 and YYYYMMDDHHMMSS in 2.0. Columns keep GDELT's names (as on BigQuery's
``gdelt-bq.gdeltv2.events``) so that one expression runs on every engine.
"""

from __future__ import annotations

import functools

import pyarrow as pa

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code"]
_EVENT = ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
          "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"]
_GEO1 = ["Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID"]
_GEO2 = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
_HEAD = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]


def _columns(geo: list[str], tail: list[str]) -> list[str]:
    cols = list(_HEAD)
    cols += [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR] + list(_EVENT)
    for who in ("Actor1Geo_", "Actor2Geo_", "ActionGeo_"):
        cols += [who + c for c in geo]
    return cols + tail


V1_BACKFILE = _columns(_GEO1, ["DATEADDED"])                 # 57
V1_DAILY = _columns(_GEO1, ["DATEADDED", "SOURCEURL"])       # 58
V2 = _columns(_GEO2, ["DATEADDED", "SOURCEURL"])             # 61
FORMATS: dict[int, tuple[str, list[str]]] = {
    57: ("1.0 backfile", V1_BACKFILE), 58: ("1.0 daily", V1_DAILY), 61: ("2.0", V2)}
assert [len(v[1]) for v in FORMATS.values()] == [57, 58, 61]

INT_COLUMNS = frozenset({
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass",
    "NumMentions", "NumSources", "NumArticles", "Actor1Geo_Type", "Actor2Geo_Type",
    "ActionGeo_Type", "DATEADDED"})
FLOAT_COLUMNS = frozenset({
    "FractionDate", "GoldsteinScale", "AvgTone", "Actor1Geo_Lat", "Actor1Geo_Long",
    "Actor2Geo_Lat", "Actor2Geo_Long", "ActionGeo_Lat", "ActionGeo_Long"})
# Fields a row cannot do without (the others may be empty, as GDELT leaves them).
REQUIRED = ("GLOBALEVENTID", "SQLDATE", "EventCode", "DATEADDED")


def arrow_type(name: str) -> pa.DataType:
    """The stored type of a GDELT column (BigQuery's: INT64, FLOAT64, STRING)."""
    if name in INT_COLUMNS:
        return pa.int64()
    if name in FLOAT_COLUMNS:
        return pa.float64()
    return pa.string()


# What every stored row carries besides GDELT's columns: provenance and the month folder.
EXTRA = [("gdelt_version", pa.string()), ("source_file", pa.string()),
         ("source_line", pa.int64()), ("ingest_run", pa.int64())]
STORED_SCHEMA = pa.schema([(c, arrow_type(c)) for c in V2] + EXTRA)


# The Hive folder under each month=YYYYMM that says whether an event has a Central Asian
# actor: central_asia=1 when Actor1 or Actor2 has one of the five states' ISO3 codes as its
# CountryCode or as the first three letters of its Code (the dyad filter's own test of a
# side), else central_asia=0. A query on a pair with a Central Asian side reads only
# central_asia=1 (0.25-1% of the rows); a store written before this column keeps month= only.
CA_FLAG = "central_asia"


@functools.cache
def central_asia_iso3() -> tuple[str, ...]:
    """The five states' ISO3 codes, from the reference vocabulary (``C5``, ISO2)."""
    from dyad.reference.files import iso3_of
    from dyad.reference.vocabulary import C5

    return tuple(str(iso3_of(x)) for x in C5)
