"""`dyad assistance …` and `dyad values …`.

The imports (`dyad import foreign-assistance PATH [--opt all_countries=true]`, `dyad import
freedomhouse PATH`) are built from the source registry (cli/imports.py).
"""

from __future__ import annotations

from typing import Annotated

import typer

from dyad.cli.common import AdminsOpt, Fmt, FmtOpt, emit, state

assistance_app = typer.Typer(no_args_is_help=True)
values_app = typer.Typer(no_args_is_help=True)

CountryOpt = Annotated[str, typer.Option(
    "--country", help="ISO2 of a Central Asian state (KZ, KG, TJ, TM, UZ) or C5 (the five)")]
RuleOpt = Annotated[str, typer.Option(
    "--rule", help="attribution of fiscal years: budget (in office when the FY began; "
                   "default) or execution (in office for most of the FY)")]
TypesOpt = Annotated[str | None, typer.Option(
    "--types", help="comma-separated: obligations, disbursements, appropriated_planned, "
                    "budget_request")]


def _require(df: object) -> None:
    """No rows: say which data is missing and the command that loads it."""
    from dyad.errors import DataMissingError

    if getattr(df, "empty", False):
        raise DataMissingError("no US assistance for that selection in the store: load it with "
                               "dyad import foreign-assistance us_foreign_aid_country.csv")


@assistance_app.command("table")
def table(
    ctx: typer.Context,
    country: CountryOpt = "KZ",
    types: TypesOpt = None,
    start: Annotated[int | None, typer.Option("--from", help="first fiscal year")] = None,
    end: Annotated[int | None, typer.Option("--to", help="last fiscal year")] = None,
    fmt: FmtOpt = Fmt.table,
) -> None:
    """US assistance by fiscal year and transaction type, current and constant dollars."""
    from dyad.api import assistance_table

    df = assistance_table(state(ctx).store(), country, types, start=start, end=end)
    _require(df)
    emit(df, fmt, title=f"US assistance to {country.upper()} (ForeignAssistance.gov, US dollars)")


@assistance_app.command("compare")
def compare(
    ctx: typer.Context,
    country: CountryOpt = "KZ",
    admins: AdminsOpt = "obama,trump1,biden,trump2",
    rule: RuleOpt = "budget",
    types: TypesOpt = None,
    fmt: FmtOpt = Fmt.table,
) -> None:
    """Assistance per administration in constant dollars (rule stated; the other offered)."""
    from dyad.api import ASSISTANCE_RULES, assistance_compare

    df = assistance_compare(state(ctx).store(), country, admins, rule=rule, types=types)
    _require(df[df["n_years"] > 0])
    if fmt is Fmt.csv:  # whole years stay whole in CSV (emit's map would make them floats)
        for col in ("first_fy", "last_fy", "constant_base_year"):
            df[col] = ["" if v is None else str(v) for v in df[col]]
    emit(df, fmt, title=ASSISTANCE_RULES[rule.strip().lower()])


@assistance_app.command("share")
def share(ctx: typer.Context, country: CountryOpt = "KZ", types: TypesOpt = None,
          fmt: FmtOpt = Fmt.table) -> None:
    """A state's share (%) of US assistance to the five Central Asian states, per FY."""
    from dyad.api import assistance_share

    emit(assistance_share(state(ctx).store(), types, country), fmt,
         title=f"{country.upper()} share of US assistance to Central Asia")


@assistance_app.command("pipeline")
def pipeline(ctx: typer.Context, country: CountryOpt = "KZ", fmt: FmtOpt = Fmt.table) -> None:
    """Obligations against disbursements per fiscal year, with running totals."""
    from dyad.api import assistance_pipeline

    emit(assistance_pipeline(state(ctx).store(), country), fmt,
         title=f"{country.upper()}: obligations and disbursements (constant US dollars)")


@assistance_app.command("vectors")
def vectors(ctx: typer.Context, country: CountryOpt = "KZ", fmt: FmtOpt = Fmt.table) -> None:
    """Obligations by codebook vector (needs the transaction-level complete file)."""
    from dyad.api import ASSISTANCE_VECTOR_RULE, assistance_vectors
    from dyad.errors import DataMissingError

    df = assistance_vectors(state(ctx).store(), country)
    if df.empty:
        raise DataMissingError("no sector data: load the complete file with dyad import "
                               "foreign-assistance us_foreign_aid_complete.csv")
    emit(df, fmt, title=ASSISTANCE_VECTOR_RULE)


@assistance_app.command("claims")
def claims(ctx: typer.Context, fmt: FmtOpt = Fmt.table) -> None:
    """The seeds' assistance figures checked against the store."""
    from dyad.api import assistance_claims

    emit(assistance_claims(state(ctx).store()), fmt, title="Seed claims on US assistance")


@values_app.command("table")
def values(
    ctx: typer.Context,
    country: Annotated[str, typer.Option(
        "--country", help="comma-separated ISO2: KZ, KG, TJ, TM, UZ, RU, CN, TR, US, or C5")
    ] = "KZ",
    fmt: FmtOpt = Fmt.table,
) -> None:
    """Freedom House scores (total, political rights, civil liberties, status) by edition."""
    from dyad.api import FREEDOM_HOUSE_ATTRIBUTION, values_table
    from dyad.errors import DataMissingError

    df = values_table(state(ctx).store(), country)
    if df.empty:
        raise DataMissingError("no Freedom House scores in the store: load the workbook with "
                               "dyad import freedomhouse All_data_FIW_2013-2024.xlsx")
    emit(df, fmt, title=f"Source: {FREEDOM_HOUSE_ATTRIBUTION}")
