"""`dyad convergence …` and `dyad documents …` (`import unvotes` / `import idealpoints` come
from the source registry: see cli/imports.py)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from dyad.cli.common import Fmt, FmtOpt, PairOpt, emit, fail, state

convergence_app = typer.Typer(no_args_is_help=True)
documents_app = typer.Typer(no_args_is_help=True)

OthersOpt = Annotated[str, typer.Option("--others", help="comma-separated ISO2 codes to "
                                                         "compare with the pair's first state")]


class By(StrEnum):
    session = "session"
    year = "year"
    admin = "admin"


class Votes(StrEnum):
    resolutions = "resolutions"
    all = "all"


class Level(StrEnum):
    issuer = "issuer"
    document = "document"


class Show(StrEnum):
    overlap = "overlap"
    profiles = "profiles"
    list = "list"


def _others(value: str) -> list[str]:
    return [o.strip().upper() for o in value.split(",") if o.strip()]


@convergence_app.command("unga")
def unga(
    ctx: typer.Context,
    pair: PairOpt = "US-KZ",
    others: OthersOpt = "",
    by_issue: Annotated[bool, typer.Option("--by-issue", help="one row per issue code")] = False,
    by: Annotated[By, typer.Option("--by", help="session, year or US administration")] = By.session,
    issue: Annotated[str | None, typer.Option("--issue", help="only one issue: me nu di hr "
                                                              "co ec")] = None,
    exclude_me: Annotated[bool, typer.Option("--exclude-me", help="leave out Israel/"
                                                                  "Palestine votes")] = False,
    important: Annotated[bool, typer.Option("--important", help="State Department important "
                                                                "votes only")] = False,
    votes: Annotated[Votes, typer.Option("--votes", help="whole resolutions only, or all roll "
                                                        "calls (amendments, paragraphs)")
                     ] = Votes.resolutions,
    intervals: Annotated[int, typer.Option("--intervals", help="bootstrap resamples for 95% "
                                                               "intervals (0: none)")] = 0,
    seed: Annotated[int, typer.Option("--seed", help="bootstrap seed")] = 20240101,
    fmt: FmtOpt = Fmt.table,
) -> None:
    """UN General Assembly agreement and coincidence for a pair (and others against it).

    Counts the votes in the store; without votes, reads dyad's shipped series derived from the
    same Voeten data (1992–2019), and says so in the ``series`` column and the title."""
    from dyad.api import unga_agreement, unga_agreement_origin

    con = state(ctx).store()
    origin = unga_agreement_origin(con)
    if origin == "none":
        raise fail("no UN votes in the store; load them with `dyad import unvotes DIR`")
    try:
        df = unga_agreement(con, pair, _others(others), by=by.value, by_issue=by_issue,
                            issue=issue, exclude_me=exclude_me, important_only=important,
                            votes=votes.value, intervals=intervals, seed=seed)
    except ValueError as e:
        raise fail(str(e)) from e
    if df.empty:
        where = ("" if origin == "store" else " in the shipped series (US, RU, CN, TR with "
                 "the five states; load votes with `dyad import unvotes DIR` for others)")
        raise fail(f"no roll call in which both states of {pair} (or the others) voted{where}")
    keys = ["session", "year"] if by is not By.admin else ["admin"]
    cols = (["pair"] if df["pair"].nunique() > 1 else []) + keys
    cols += (["issue"] if by_issue else []) + ["joint_votes", "agreement", "coincidence"]
    cols += [c for c in df.columns if c.endswith(("_lo", "_hi"))] + ["votes"]
    cols += ["note"] if "note" in df.columns else []
    cols += ["series"]
    out = df[cols].round(4) if fmt is Fmt.table else df[cols]
    where = ("votes in the store" if origin == "store" else "dyad's shipped series derived "
             "from Voeten's votes, 1992–2019: dyad/data/convergence")
    emit(out, fmt, title=f"UNGA voting agreement {pair} (votes: {votes.value}; from {where})")


class IpBy(StrEnum):
    year = "year"
    admin = "admin"


@convergence_app.command("idealpoints")
def idealpoints(
    ctx: typer.Context,
    pair: PairOpt = "US-KZ",
    others: OthersOpt = "",
    by: Annotated[IpBy, typer.Option("--by", help="year or US administration")] = IpBy.year,
    fmt: FmtOpt = Fmt.table,
) -> None:
    """Ideal-point distance with 90% intervals (from the published Q5–Q95) and vote counts."""
    from dyad.api import ideal_point_distance

    df = ideal_point_distance(state(ctx).store(), pair, _others(others), by=by.value)
    if df.empty:
        raise fail("no ideal points for this pair; load them with "
                   "`dyad import idealpoints Idealpointestimates1946-2025.tab`")
    if fmt is Fmt.table:
        df = df.round(4)
    emit(df, fmt, title=f"Ideal-point distance {pair} (Bailey–Strezhnev–Voeten; 90% interval; "
                        f"low_votes: fewer than 20 votes behind an estimate)")


@convergence_app.command("undl-check")
def undl_check(
    ctx: typer.Context,
    states: Annotated[str, typer.Option("--states", help="ISO2 codes, comma-separated; "
                                        "empty = all")] = "",
    mismatches: Annotated[bool, typer.Option("--mismatches", help="list the differing votes "
                                             "instead of the per-session shares")] = False,
    fmt: FmtOpt = Fmt.table,
) -> None:
    """Reconcile UN Digital Library votes with the Voeten data on the sessions both cover."""
    from dyad.api import reconcile_undl_voeten

    codes = [c.strip().upper() for c in states.split(",") if c.strip()]
    rec = reconcile_undl_voeten(state(ctx).store(), codes or None)
    if rec.by_session.empty:
        raise fail("no session with both UN Digital Library and Voeten votes: load them with "
                   "`dyad import undl-votes FILE` and `dyad import unvotes PATH`")
    emit(rec.mismatches if mismatches else rec.by_session, fmt,
         title=f"UN Digital Library vs Voeten ({rec.note})")


@convergence_app.command("documents")
def documents(
    ctx: typer.Context,
    level: Annotated[Level, typer.Option("--level", help="profiles per issuer or per "
                                                         "document")] = Level.issuer,
    show: Annotated[Show, typer.Option("--show", help="overlap table, priority profiles, "
                                                      "or the document list")] = Show.overlap,
    fmt: FmtOpt = Fmt.table,
) -> None:
    """Priority profiles and their overlap (cosine, Jensen–Shannon, shared top priorities)."""
    from dyad.api import document_overlap, document_profiles, documents_table

    con = state(ctx).store()
    if show is Show.list:
        df = documents_table(con)
    elif show is Show.profiles:
        df = document_profiles(con, level.value)
    else:
        df = document_overlap(con, level.value)
    if df.empty:
        raise fail("no coded documents; import them with `dyad documents import PATH…`")
    emit(df.round(4) if fmt is Fmt.table else df, fmt,
         title=f"Documents: {show.value} by {level.value}")


@documents_app.command("import")
def documents_import(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="text files, folders of .txt files, "
                                                    "or http(s) URLs")],
    title: Annotated[str | None, typer.Option("--title")] = None,
    issuer: Annotated[str | None, typer.Option(
        "--issuer", help="who issued it (needed without an ISSUER: header)")] = None,
    date: Annotated[str | None, typer.Option("--date", help="YYYY[-MM[-DD]]")] = None,
    group: Annotated[str | None, typer.Option("--issuer-group", help="override: US, KZ, "
                                                                     "US-KZ, C5+1 …")] = None,
    encoding: Annotated[str, typer.Option("--encoding")] = "utf-8",
    fmt: FmtOpt = Fmt.table,
) -> None:
    """Import strategy documents and joint statements; split and code their paragraphs."""
    from dyad.api import import_documents

    df = import_documents(state(ctx).store(), paths, title=title, issuer=issuer, date=date,
                          issuer_group_override=group, encoding=encoding)
    emit(df, fmt, title="Documents imported")
    if (df["status"] == "failed").any():
        raise fail(f"{int((df['status'] == 'failed').sum())} document(s) failed; see the "
                   "error column")


@documents_app.command("list")
def documents_list(ctx: typer.Context, fmt: FmtOpt = Fmt.table) -> None:
    """The imported documents."""
    from dyad.api import documents_table

    emit(documents_table(state(ctx).store()), fmt, title="Documents")
