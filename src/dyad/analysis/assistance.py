"""US foreign assistance to the five Central Asian states: by fiscal year and administration.

Unit: US dollars of one recipient state (or the five summed) per US fiscal year (FY t runs
1 October t-1 to 30 September t), by transaction type. Constant dollars are the source's own
(ForeignAssistance.gov deflates to one base year per transaction type; see
``constant_base_year``). Amounts are net: de-obligations are negative and kept.

Attribution to administrations (:data:`RULES`): a fiscal year's money is mostly decided the
year before (request, appropriation), so the default rule ``budget`` gives FY t to the
administration in office when FY t began; ``execution`` gives it to the one in office for most
of it (on its last day), which obligated and spent it. Both are offered everywhere.

Assumptions stated in outputs: the latest fiscal year holding obligations or disbursements is
partial (ForeignAssistance.gov publishes the running year as agencies report); "Central Asia"
is the sum of the five states' country-attributed rows (regional programmes not attributed to
a state are not in it).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from dyad.errors import UsageError
from dyad.reference import files
from dyad.reference.vocabulary import C5, admin_keys, admin_on, check_admins

TYPES = ("obligations", "disbursements", "appropriated_planned", "budget_request")
FLOW_TYPES = ("obligations", "disbursements")
RULES = {
    "budget": "FY t is attributed to the administration in office when FY t began (1 October "
              "of year t-1): the one that requested it and under which Congress appropriated "
              "it (e.g. FY2010-FY2017 are Obama's).",
    "execution": "FY t is attributed to the administration in office for most of FY t (on its "
                 "last day, 30 September of year t): the one that obligated and spent it "
                 "(e.g. FY2009-FY2016 are Obama's).",
}
DEFAULT_RULE = "budget"
PARTIAL_NOTE = ("The latest fiscal year with obligations or disbursements is treated as partial "
                "(ForeignAssistance.gov publishes the running year as agencies report).")
C5_NOTE = ("Central Asia = the five states' country-attributed rows; regional programmes not "
           "attributed to a state are not included.")
# US foreign-assistance category (ForeignAssistance.gov) -> codebook vector; sectors whose
# name holds a key of SECTOR_OVERRIDES go to that vector first.
CATEGORY_VECTORS = {
    "peace and security": "security",
    "democracy, human rights, and governance": "values",
    "health": "values",
    "education and social services": "values",
    "humanitarian assistance": "values",
    "environment": "values",
    "economic development": "economic",
}
SECTOR_OVERRIDES = {"energy": "economic", "weapons of mass destruction": "security",
                    "counter-terrorism": "security", "counter-narcotics": "security"}
VECTOR_RULE = ("Vectors from the US category (Peace and Security -> security; Economic "
               "Development -> economic; Democracy, Human Rights and Governance, Health, "
               "Education and Social Services, Humanitarian Assistance, Environment -> values, "
               "after the codebook's values topics); energy, WMD, counter-terrorism and "
               "counter-narcotics sectors by their sector; Program Management and Multi-Sector "
               "stay unassigned.")
CTR_CLAIM_USD = 240_000_000


def check_rule(rule: str | None) -> str:
    r = (rule or DEFAULT_RULE).strip().lower()
    if r not in RULES:
        raise UsageError(f"unknown attribution rule {rule!r}; choose budget or execution")
    return r


def check_country(code: str | None) -> tuple[str, tuple[str, ...]]:
    """'KZ' -> ('KZ', ('KZ',)); 'C5' -> the five; any ISO2 in dyad's country list."""
    c = (code or "KZ").strip().upper()
    if c == "C5":
        return c, C5
    known = [str(x["iso2"]) for x in files.countries()]
    if c not in known:
        raise UsageError(f"unknown country code {code!r}; choose {', '.join(C5)}, C5, or "
                         f"{', '.join(k for k in known if k not in C5)}")
    return c, (c,)


def check_types(types: Iterable[str] | str | None, default: Sequence[str] = FLOW_TYPES
                ) -> list[str]:
    items = default if types is None else (
        types.split(",") if isinstance(types, str) else list(types))
    out = [t.strip().lower() for t in items if t.strip()]
    bad = [t for t in out if t not in TYPES]
    if bad or not out:
        raise UsageError(f"unknown transaction type {', '.join(bad) or '(none)'}; choose from "
                         f"{', '.join(TYPES)}")
    return out


def fiscal_year_admin(fy: int, rule: str = DEFAULT_RULE) -> str | None:
    """The US administration a fiscal year is attributed to under a rule."""
    day = dt.date(fy - 1, 10, 1) if check_rule(rule) == "budget" else dt.date(fy, 9, 30)
    return admin_on(day)


def latest_fiscal_year(con: duckdb.DuckDBPyConnection) -> int | None:
    row = con.execute("SELECT max(fiscal_year) FROM assistance WHERE transaction_type IN"
                      " ('obligations', 'disbursements')").fetchone()
    return int(row[0]) if row and row[0] is not None else None


def assistance_table(con: duckdb.DuckDBPyConnection, country: str = "KZ",
                     types: Iterable[str] | str | None = None, *, start: int | None = None,
                     end: int | None = None) -> pd.DataFrame:
    """One row per fiscal year and transaction type: current and constant dollars, the base
    year, whether the year is partial, and its administration under each rule."""
    code, states = check_country(country)
    kinds = check_types(types, default=TYPES)
    df = con.execute(
        "SELECT fiscal_year, transaction_type, sum(current_usd) AS current_usd,"
        " sum(constant_usd) AS constant_usd, max(constant_base_year) AS constant_base_year,"
        " count(DISTINCT iso2) AS states FROM assistance WHERE list_contains(?, iso2)"
        " AND list_contains(?, transaction_type) AND NOT transition_quarter"
        " AND fiscal_year BETWEEN ? AND ? GROUP BY ALL ORDER BY transaction_type, fiscal_year",
        [list(states), kinds, start or 0, end or 9999]).df()
    latest = latest_fiscal_year(con)
    df.insert(0, "country", code)
    df["partial"] = df["transaction_type"].isin(FLOW_TYPES) & (df["fiscal_year"] == latest)
    years = sorted({int(y) for y in df["fiscal_year"]})
    for rule in RULES:  # one look-up per fiscal year, not per row
        admin = {y: fiscal_year_admin(y, rule) for y in years}
        df[f"admin_{rule}"] = [admin[int(y)] for y in df["fiscal_year"]]
    df["order"] = df["transaction_type"].map({t: i for i, t in enumerate(TYPES)})
    df = df.sort_values(["order", "fiscal_year"]).drop(columns="order").reset_index(drop=True)
    if code != "C5":
        df = df.drop(columns="states")
    return df


def kz_share(con: duckdb.DuckDBPyConnection, types: Iterable[str] | str | None = None,
             country: str = "KZ") -> pd.DataFrame:
    """A state's share (%) of US assistance to the five, per fiscal year and type."""
    code, _ = check_country(country)
    if code not in C5:
        raise UsageError(f"the share of Central Asia is for one of {', '.join(C5)}, not {code}")
    one = assistance_table(con, code, check_types(types))
    five = assistance_table(con, "C5", check_types(types))
    m = one.merge(five[["fiscal_year", "transaction_type", "constant_usd", "current_usd",
                        "states"]], on=["fiscal_year", "transaction_type"], suffixes=("", "_c5"))
    m["share_pct"] = 100 * m["current_usd"] / m["current_usd_c5"]
    return m[["country", "fiscal_year", "transaction_type", "constant_usd", "constant_usd_c5",
              "states", "share_pct", "partial"]].rename(columns={"states": "c5_states"})


def by_admin(con: duckdb.DuckDBPyConnection, country: str = "KZ",
             admins: Iterable[str] | str | None = None, *, rule: str = DEFAULT_RULE,
             types: Iterable[str] | str | None = None) -> pd.DataFrame:
    """Per administration and type: fiscal years attributed (by the rule), totals and yearly
    means in constant dollars, partial years, and the state's share of the five."""
    return by_admin_states(con, [country], admins, rule=rule, types=types)[0]


def by_admin_states(con: duckdb.DuckDBPyConnection, countries: Iterable[str],
                    admins: Iterable[str] | str | None = None, *, rule: str = DEFAULT_RULE,
                    types: Iterable[str] | str | None = None) -> list[pd.DataFrame]:
    """:func:`by_admin` for each of ``countries`` (in order), the five's table queried once."""
    rule = check_rule(rule)
    keys = check_admins(admins)
    codes = [check_country(c)[0] for c in countries]
    kinds = check_types(types)
    five = None
    if any(code in C5 for code in codes):
        five = assistance_table(con, "C5", kinds)
        five["admin"] = five[f"admin_{rule}"]
    names = {a["key"]: a["president"] for a in files.administrations("US")}
    out = []
    for code in codes:
        t = assistance_table(con, code, kinds)
        t["admin"] = t[f"admin_{rule}"]
        out.append(_by_admin_frame(t, five if code in C5 else None, code, keys, kinds, rule,
                                   names))
    return out


def _groups(t: pd.DataFrame) -> dict[tuple[str, str], np.ndarray]:
    """Row positions of ``t`` per (admin, transaction type), in their order in ``t``."""
    out: dict[tuple[str, str], list[int]] = {}
    for i, key in enumerate(zip(t["admin"], t["transaction_type"], strict=True)):
        if key[0] is not None and not pd.isna(key[0]):
            out.setdefault((str(key[0]), str(key[1])), []).append(i)
    return {k: np.array(v, dtype=int) for k, v in out.items()}


def _sum(values: np.ndarray) -> float:
    """A column's sum as pandas makes it (NaN skipped; numpy's pairwise sum)."""
    return float(np.nansum(values))


def _by_admin_frame(t: pd.DataFrame, five: pd.DataFrame | None, code: str, keys: list[str],
                    kinds: list[str], rule: str, names: dict[Any, Any]) -> pd.DataFrame:
    """The rows of :func:`by_admin` from arrays (the same figures as column operations on
    each group's rows, with none of their overhead)."""
    groups, none = _groups(t), np.array([], dtype=int)
    fy = t["fiscal_year"].to_numpy(dtype="int64")
    partial = t["partial"].to_numpy(dtype=bool)
    cur = t["current_usd"].to_numpy(dtype=float)
    const = t["constant_usd"].to_numpy(dtype=float)
    base = t["constant_base_year"].to_numpy(dtype=float, na_value=np.nan)
    five_groups = _groups(five) if five is not None else {}
    five_cur = five["current_usd"].to_numpy(dtype=float) if five is not None else cur
    rows = []
    for key in keys:
        for kind in kinds:
            g = groups.get((key, kind), none)
            full = const[g[~partial[g]]]
            counted = int(np.count_nonzero(~np.isnan(full)))
            top = np.nan if not len(g) or np.isnan(base[g]).all() else np.nanmax(base[g])
            row = {
                "admin": key, "president": names.get(key), "rule": rule, "country": code,
                "transaction_type": kind, "n_years": len(g),
                "first_fy": int(fy[g].min()) if len(g) else None,
                "last_fy": int(fy[g].max()) if len(g) else None,
                "partial_fys": [int(y) for y in fy[g][partial[g]]],
                "total_current_usd": _sum(cur[g]) if len(g) else None,
                "total_constant_usd": _sum(const[g]) if len(g) else None,
                "mean_constant_usd_per_fy": (_sum(full) / counted if counted else math.nan)
                if len(full) else None,
                "constant_base_year": int(top) if not np.isnan(top) else None,
            }
            if five is not None:
                total = _sum(five_cur[five_groups.get((key, kind), none)])
                row["share_of_c5_pct"] = (100 * _sum(cur[g]) / total
                                          if len(g) and total else None)
            rows.append(row)
    out = pd.DataFrame(rows)
    for col in ("first_fy", "last_fy", "constant_base_year"):
        out[col] = pd.Series([int(v) if pd.notna(v) else None for v in out[col]], dtype=object)
    return out


def obligations_vs_disbursements(con: duckdb.DuckDBPyConnection,
                                 country: str = "KZ") -> pd.DataFrame:
    """Per fiscal year: obligations and disbursements (constant dollars) and running totals
    from the first year with both. A year's disbursements pay for earlier years' obligations
    too, so the yearly ratio is not an execution rate; the running gap is the pipeline."""
    t = assistance_table(con, country, FLOW_TYPES)
    if t.empty:
        return pd.DataFrame(columns=["country", "fiscal_year", "obligations_constant_usd",
                                     "disbursements_constant_usd"])
    w = t.pivot_table(index="fiscal_year", columns="transaction_type", values="constant_usd",
                      aggfunc="sum").reindex(columns=list(FLOW_TYPES))
    w = w.dropna().reset_index()
    w.columns = ["fiscal_year", "obligations_constant_usd", "disbursements_constant_usd"]
    w.insert(0, "country", check_country(country)[0])
    w["disbursed_minus_obligated_usd"] = (w["disbursements_constant_usd"]
                                          - w["obligations_constant_usd"])
    w["cumulative_obligations_usd"] = w["obligations_constant_usd"].cumsum()
    w["cumulative_disbursements_usd"] = w["disbursements_constant_usd"].cumsum()
    latest = latest_fiscal_year(con)
    w["partial"] = w["fiscal_year"] == latest
    return w


def vector_of(category: str | None, sector: str | None) -> str:
    """The codebook vector of a US category and sector (see :data:`VECTOR_RULE`)."""
    s = (sector or "").lower()
    for key, vector in SECTOR_OVERRIDES.items():
        if key in s:
            return vector
    return CATEGORY_VECTORS.get((category or "").strip().lower(), "unassigned")


def sector_vectors(con: duckdb.DuckDBPyConnection, country: str = "KZ",
                   transaction_type: str = "obligations") -> pd.DataFrame:
    """Per fiscal year and vector: constant dollars and share (%) of the year's total, from
    the transaction-level data; empty when no complete file is loaded."""
    _, states = check_country(country)
    kind = check_types([transaction_type])[0]
    df = con.execute(
        "SELECT fiscal_year, us_category, us_sector, sum(constant_usd) AS constant_usd,"
        " sum(current_usd) AS current_usd FROM assistance_transactions"
        " WHERE list_contains(?, iso2) AND transaction_type = ? GROUP BY ALL",
        [list(states), kind]).df()
    if df.empty:
        return pd.DataFrame(columns=["fiscal_year", "vector", "constant_usd", "share_pct"])
    df["vector"] = [vector_of(c, s) for c, s in zip(df["us_category"], df["us_sector"],
                                                    strict=True)]
    out = df.groupby(["fiscal_year", "vector"], as_index=False)[
        ["constant_usd", "current_usd"]].sum()
    out["share_pct"] = 100 * out["current_usd"] / out.groupby("fiscal_year")[
        "current_usd"].transform("sum")
    return out.sort_values(["fiscal_year", "vector"]).reset_index(drop=True)


def has_transactions(con: duckdb.DuckDBPyConnection, country: str = "KZ") -> bool:
    _, states = check_country(country)
    row = con.execute("SELECT count(*) FROM assistance_transactions WHERE list_contains(?, iso2)",
                      [list(states)]).fetchone()
    return bool(row and row[0])


def claim_checks(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The seeds' assistance figures against the store: verdict and evidence for each."""
    return pd.DataFrame([_surge_2010(con), _ctr_240m(con)])


def _surge_2010(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    claim = ("seed 004: around 2010 a surge of US military aid to Central Asia went largely to "
             "Kazakhstan")
    share = kz_share(con, ["obligations"])
    s = share.set_index("fiscal_year")
    if not {2007, 2008, 2009, 2010}.issubset(s.index):
        return {"claim": claim, "verdict": "not checkable", "evidence": "no obligations for "
                "FY2007-FY2010 in the store (dyad import foreign-assistance FILE)"}
    before = float(s.loc[[2007, 2008, 2009], "constant_usd_c5"].mean())
    kz_before = float(s.loc[[2007, 2008, 2009], "constant_usd"].mean())
    c5_2010 = float(s.loc[2010, "constant_usd_c5"])  # type: ignore[arg-type]
    kz_2010 = float(s.loc[2010, "constant_usd"])  # type: ignore[arg-type]
    rise = (c5_2010 - before) / 1e6
    kz_rise = (kz_2010 - kz_before) / 1e6
    evidence = (f"All US assistance obligated to the five: ${c5_2010 / 1e6:,.0f}M in FY2010 "
                f"against a FY2007-09 mean of ${before / 1e6:,.0f}M (constant dollars); "
                f"Kazakhstan ${kz_2010 / 1e6:,.0f}M ({100 * kz_2010 / c5_2010:.0f}% of the five)"
                f", up ${kz_rise:,.0f}M of the five's ${rise:,.0f}M rise.")
    verdict = ("supported for all assistance" if rise > 0 and kz_rise > rise / 2 else
               "not supported for all assistance")
    if not has_transactions(con, "C5"):
        return {"claim": claim, "verdict": verdict + "; military part not checkable",
                "evidence": evidence + " The military part needs sector data (the complete "
                "file: dyad import foreign-assistance us_foreign_aid_complete.csv)."}
    sec = {c: sector_vectors(con, c) for c in ("KZ", "C5")}
    vals = {c: v[(v["vector"] == "security") & (v["fiscal_year"] == 2010)]["constant_usd"].sum()
            for c, v in sec.items()}
    pct = 100 * vals["KZ"] / vals["C5"] if vals["C5"] else float("nan")
    return {"claim": claim, "verdict": verdict + (
        "; Kazakhstan had most of the security-vector money" if pct > 50 else
        "; Kazakhstan did not have most of the security-vector money"),
        "evidence": evidence + f" Security vector FY2010: Kazakhstan ${vals['KZ'] / 1e6:,.0f}M"
                    f" of ${vals['C5'] / 1e6:,.0f}M ({pct:.0f}%)."}


def _ctr_240m(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    claim = ("seed 002: the US spent $240 million under the Cooperative Threat Reduction "
             "Program to help Kazakhstan eliminate weapons of mass destruction")
    if not has_transactions(con, "KZ"):
        return {"claim": claim, "verdict": "not checkable without sector data",
                "evidence": "The country file has no funding accounts; load the transaction-"
                "level complete file: dyad import foreign-assistance us_foreign_aid_complete.csv"}
    row = con.execute(
        "SELECT sum(current_usd), min(fiscal_year), max(fiscal_year), count(*)"
        " FROM assistance_transactions WHERE iso2 = 'KZ' AND transaction_type = 'obligations'"
        " AND (funding_account ILIKE '%threat reduction%'"
        " OR activity_name ILIKE '%cooperative threat reduction%')").fetchone()
    total = float(row[0]) if row and row[0] is not None else 0.0
    if not total or row is None:
        return {"claim": claim, "verdict": "not found in the loaded transactions",
                "evidence": "no obligations to Kazakhstan from a Threat Reduction account"}
    return {"claim": claim, "verdict": "consistent" if abs(total - CTR_CLAIM_USD)
            <= 0.1 * CTR_CLAIM_USD else "differs",
            "evidence": f"Threat Reduction obligations to Kazakhstan FY{row[1]}-FY{row[2]}: "
                        f"${total / 1e6:,.1f}M current ({row[3]} lines) against $240M claimed."}


def admins_in_data(con: duckdb.DuckDBPyConnection, rule: str = DEFAULT_RULE) -> list[str]:
    """Administrations with at least one fiscal year of obligations in the store."""
    rows = con.execute("SELECT DISTINCT fiscal_year FROM assistance WHERE transaction_type ="
                       " 'obligations'").fetchall()
    have = {fiscal_year_admin(int(r[0]), rule) for r in rows}
    return [k for k in admin_keys("US") if k in have]


def assistance_count(con: duckdb.DuckDBPyConnection, iso2s: list[str]) -> int:
    """How many assistance rows the store holds for these states."""
    row = con.execute("SELECT count(*) FROM assistance WHERE list_contains(?, iso2)",
                      [iso2s]).fetchone()
    return int(row[0]) if row else 0


def assistance_vintage(con: duckdb.DuckDBPyConnection,
                       iso2s: list[str]) -> tuple[str, str, Any, int] | None:
    """The latest load of assistance rows for these states: source, reference, load date and
    last fiscal year."""
    row = con.execute(
        "SELECT r.source, r.source_ref, CAST(r.finished_at AS DATE), max(a.fiscal_year)"
        " FROM assistance a JOIN ingest_runs r ON a.ingest_run = r.run_id"
        " WHERE list_contains(?, a.iso2) GROUP BY ALL ORDER BY 3 DESC LIMIT 1",
        [iso2s]).fetchone()
    return (str(row[0]), str(row[1]), row[2], int(row[3])) if row else None


def has_sector_data(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the transaction-level (complete) file is loaded."""
    row = con.execute("SELECT count(*) FROM assistance_transactions").fetchone()
    return bool(row and row[0])
