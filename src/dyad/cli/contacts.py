"""`dyad contacts …` and `dyad compare`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from dyad.cli.common import AdminsOpt, Fmt, FmtOpt, PairOpt, check_pair, emit, fail, state
from dyad.reference.vocabulary import check_admins

contacts_app = typer.Typer(no_args_is_help=True)



def _date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise typer.BadParameter(f"{name} must be YYYY-MM-DD, got {value!r}") from e


COMPACT = ("date", "kind", "us_level", "partner_level", "us_side", "partner_side", "place",
           "n_sources")


@contacts_app.command("list")
def list_(
    ctx: typer.Context,
    pair: PairOpt = "US-KZ",
    date_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD")] = None,
    columns: Annotated[str | None, typer.Option(
        "--columns", help="comma-separated columns, or 'all' (default for the table: date, "
        "kind, us_level, partner_level, us_side, partner_side, place, n_sources; csv and json "
        "keep every column)")] = None,
    fmt: FmtOpt = Fmt.table,
) -> None:
    """List confirmed contacts for a pair (dates ISO): a compact table unless --columns."""
    from dyad.api import contacts_table

    df = contacts_table(
        state(ctx).store(), check_pair(pair),
        date_from=_date(date_from, "--from"), date_to=_date(date_to, "--to"),
    )
    if columns is None and fmt is not Fmt.table:
        columns = "all"  # files and scripts get every column
    emit(select_columns(df, columns), fmt, title=f"Contacts {pair}")


def select_columns(df: Any, columns: str | None) -> Any:
    """The compact view (with short names for the wide columns), every column ('all'), or
    the columns asked for; an unknown column is a UsageError naming the valid ones."""
    from dyad.errors import UsageError

    out = df.copy()
    out["date"] = out["date_start"]
    out["us_side"] = out["us_participants"]
    out["partner_side"] = out["partner_participants"]
    out["place"] = out["location"]
    out["n_sources"] = out["sources"].map(len)
    if columns is None:
        return out[list(COMPACT)]
    if columns.strip() == "all":
        return df
    wanted = [c.strip() for c in columns.split(",") if c.strip()]
    unknown = [c for c in wanted if c not in out.columns]
    if unknown or not wanted:
        raise UsageError(f"--columns: unknown column(s) {', '.join(unknown) or '(none given)'}; "
                         f"valid: all, {', '.join(out.columns)}")
    return out[wanted]


def compare(
    ctx: typer.Context,
    pair: PairOpt = "US-KZ",
    admins: AdminsOpt = "obama,trump1,biden,trump2",
    unit: Annotated[str, typer.Option("--unit", help="occasion (default) or record")] = "occasion",
    branch: Annotated[str, typer.Option(
        "--branch", help="executive (default: US executive branch) or all (with Congress)")
    ] = "executive",
    tier: Annotated[str, typer.Option(
        "--tier", help="all, or uniform (the President/Secretary in person, as the Historian "
        "records them every year)")] = "all",
    us_level: Annotated[str | None, typer.Option(
        "--us-level", help="count only contacts whose US side is at least this level")] = None,
    partner_level: Annotated[str | None, typer.Option(
        "--partner-level", help="count only contacts whose partner side is at least this")
    ] = None,
    formats: Annotated[str | None, typer.Option(
        "--contact-format", help="comma-separated: bilateral, c5plus1, multilateral_sideline")
    ] = None,
    ceremonies: Annotated[bool, typer.Option(
        "--ceremonies/--no-ceremonies", help="count multilateral ceremonies (default: no)")
    ] = False,
    exposure: Annotated[str, typer.Option(
        "--exposure", help="complete_through (default: end at the register's reviewed-through "
        "date) or today")] = "complete_through",
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="YYYY-MM-DD: reproduce the analysis as of that day")] = None,
    sensitivity: Annotated[bool, typer.Option(
        "--sensitivity", help="the headline ratios under every counting rule")] = False,
    fmt: FmtOpt = Fmt.table,
) -> None:
    """Compare US administrations: occasions per year, rate ratios, levels, agenda."""
    from dyad.api import CountingRule, compare_administrations, sensitivity_table, what_holds

    day = _date(as_of, "--as-of")
    con = state(ctx).store()
    if sensitivity:
        keys = check_admins(admins)
        pairs = [(keys[-1], k) for k in keys[:-1]]
        df = sensitivity_table(con, check_pair(pair), pairs, as_of=day)
        emit(df, fmt, title="Rate ratios under each counting rule")
        if fmt is Fmt.table:
            for line in what_holds(df):
                typer.echo(line)
        return
    rule = CountingRule(
        unit=unit, branch=branch, tier=tier, exposure=exposure, us_level=us_level,
        partner_level=partner_level,
        formats=tuple(f.strip() for f in formats.split(",") if f.strip()) if formats else (),
        ceremonies=ceremonies)
    result = compare_administrations(con, check_pair(pair), check_admins(admins), rule=rule,
                                     as_of=day)
    _emit_comparison(result, fmt)


def _emit_comparison(result: Any, fmt: Fmt) -> None:
    import json
    import sys

    if fmt is Fmt.json:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n")
    elif fmt is Fmt.csv:
        sys.stdout.write(result.summary_with_ratios().to_csv(index=False))
    else:
        emit(result.summary[list(result.compact_columns)], Fmt.table,
             title=f"{result.pair}: {result.rule.label()}; exposure ends "
                   f"{result.exposure_end} ({result.exposure_end_reason})")
        emit(result.rate_ratios, Fmt.table, title="Rate ratios (admin vs versus), 95% CI")
        emit(result.divergence, Fmt.table, title="Agenda divergence (Jensen-Shannon, bits)")
        for w in result.warnings:
            sys.stderr.write(f"warning: {w}\n")


# --- the review workflow (`dyad import statehist` comes from the source registry) ---


@contacts_app.command("review")
def review(ctx: typer.Context, fmt: FmtOpt = Fmt.table) -> None:
    """List candidate contacts and open conflicts between sources."""
    from dyad.api import review_queue

    df = review_queue(state(ctx).store())
    if fmt is Fmt.table:  # the long text columns are in csv and json
        df = df.drop(columns=["summary", "sources", "format", "status", "other_ref"])
    emit(df, fmt, title="Contacts to review")


@contacts_app.command("coverage")
def coverage_(ctx: typer.Context, pair: PairOpt = "US-KZ", fmt: FmtOpt = Fmt.table) -> None:
    """How many contacts the register is missing, per tier and administration
    (capture-recapture over the Historian, curated, media and event lists), with intervals."""
    import json
    import sys

    from dyad.api import contacts_coverage

    cov = contacts_coverage(state(ctx).store(), check_pair(pair))
    if fmt is Fmt.json:
        out = {"pair": cov.pair, "lists": cov.lists, "assumptions": list(cov.assumptions),
               "notes": cov.notes, "cells": json.loads(cov.table.to_json(orient="records"))}
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
        return
    emit(cov.table.drop(columns=["lists"]) if fmt is Fmt.table else cov.table, fmt,
         title=f"Register coverage {pair}: lists {', '.join(cov.lists)} (95% intervals)")
    if fmt is Fmt.table:
        for line in ("Assumptions:", *cov.assumptions, *cov.notes):
            typer.echo(line)


@contacts_app.command("candidates")
def candidates_(ctx: typer.Context, pair: PairOpt = "US-KZ", fmt: FmtOpt = Fmt.table) -> None:
    """Candidate contacts from every importer (with the reason each was not confirmed)."""
    from dyad.api import candidates
    from dyad.reference.vocabulary import parse_pair

    df = candidates(state(ctx).store(), parse_pair(check_pair(pair)).partners)
    if fmt is Fmt.table:
        df = df.drop(columns=["sources", "format", "level"])
    emit(df, fmt, title=f"Candidate contacts {pair}")


@contacts_app.command("accept")
def accept(
    ctx: typer.Context,
    contact_id: Annotated[str, typer.Argument()],
    into_register: Annotated[bool, typer.Option(
        "--into-register", help="also write it into the curated register YAML")] = False,
    register_dir: Annotated[str | None, typer.Option(
        "--register-dir", help="register folder to write (default: the shipped one)")] = None,
) -> None:
    """Confirm a candidate contact (--into-register: and write it into the register YAML)."""
    from dyad.api import ReviewError, accept_contact, accept_into_register

    try:
        if into_register:
            done = accept_into_register(state(ctx).store(), contact_id, register_dir)
            typer.echo(f"{contact_id}: {done['old_status']} -> confirmed; written as "
                       f"{done['entry_id']} in {done['file']}")
            return
        old = accept_contact(state(ctx).store(), contact_id)
    except ReviewError as e:
        raise fail(str(e)) from e
    typer.echo(f"{contact_id}: {old} -> confirmed")


@contacts_app.command("reject")
def reject(ctx: typer.Context, contact_id: Annotated[str, typer.Argument()]) -> None:
    """Reject a contact (it leaves listings and comparisons)."""
    from dyad.api import ReviewError, reject_contact

    try:
        old = reject_contact(state(ctx).store(), contact_id)
    except ReviewError as e:
        raise fail(str(e)) from e
    typer.echo(f"{contact_id}: {old} -> rejected")


@contacts_app.command("resolve")
def resolve(
    ctx: typer.Context,
    contact_id: Annotated[str, typer.Argument()],
    field: Annotated[str, typer.Argument(
        help="date_start, date_end, kind, level, location, format or partners")],
    keep: Annotated[bool, typer.Option(
        "--keep/--replace", help="keep the contact's value, or replace it with the other's")],
    value: Annotated[str | None, typer.Option(
        "--value", help="with --replace: which value, when the other sources give several")
    ] = None,
    other_ref: Annotated[str | None, typer.Option(
        "--source-ref", help="resolve only the conflict from this source")] = None,
) -> None:
    """Resolve every open conflict of a contact on one field: --keep the contact's value, or
    --replace it with the other sources' value (--value picks one when they give several)."""
    from dyad.api import ReviewError, resolve_conflict, resolve_field

    try:
        if other_ref is not None:
            done = resolve_conflict(state(ctx).store(), contact_id, field, keep=keep,
                                    other_ref=other_ref)
            refs = [done["other_ref"]]
        else:
            done = resolve_field(state(ctx).store(), contact_id, field, keep=keep, value=value)
            refs = list(done["other_refs"])  # type: ignore[call-overload]
    except ReviewError as e:
        raise fail(str(e)) from e
    typer.echo(f"{contact_id}.{field}: {done['action']} -> {done['new_value']}"
               f" ({len(refs)} conflict(s) closed: {', '.join(map(str, refs))})")
