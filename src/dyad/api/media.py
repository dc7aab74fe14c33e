"""Public API of the media area: import, code, list codes, evaluate and calibrate coders,
human coding sheets, links to contacts and coverage."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dyad.sources.result import LoadResult

__all__ = [
    "import_articles", "code_articles", "article_codes", "evaluate_gold", "calibrate_gold",
    "export_coding_sheet", "import_coding_sheet", "coder_reliability", "gold_agreement",
    "link_contacts", "coverage", "import_outlet_feeds", "import_gdelt",
    "import_mediacloud", "media_attention", "attention_by_outlet",
]

Progress = Callable[[str, int, int], None]


def import_articles(
    con: duckdb.DuckDBPyConnection, path: Path, *, mapping: Mapping[str, str] | None = None,
    defaults: Mapping[str, Any] | None = None,
) -> LoadResult:
    """Load a JSONL/CSV file or a folder of HTML/text files into ``articles``
    (``details['duplicates']``: records already stored)."""
    from dyad.sources.articles.load import load_articles
    from dyad.sources.articles.parse import read_any

    return load_articles(con, read_any(path, mapping, defaults), source="file",
                         source_ref=str(path))


def code_articles(con: duckdb.DuckDBPyConnection, coder: str = "auto", *,
                  recode: bool = False, progress: Progress | None = None) -> int:
    """Code every stored article not yet coded by this coder's current version."""
    from dyad.coding.run import code_store

    return code_store(con, coder, recode=recode, progress=progress)


def article_codes(con: duckdb.DuckDBPyConnection, coder: str = "auto") -> pd.DataFrame:
    """One row per article coded by ``coder``: external_id, coder, topics (a list of
    codebook keys) and tone (-1, 0, 1, or missing)."""
    from dyad.coding.run import codes_frame

    df = codes_frame(con, coder)
    df["topics"] = [[t for t in str(v).split(";") if t] if isinstance(v, str) else []
                    for v in df["topics"]]
    return df



def evaluate_gold(path: Path | Sequence[Path], coder: str = "auto", *,
                  progress: Progress | None = None, boot: int = 1000,
                  groups: Path | Sequence[Path] | None = None,
                  second: Path | None = None,
                  adjudication: Path | None = None) -> dict[str, Any]:
    """A coder's agreement with gold, labelled honestly.

    Returns ``status`` ('unseen', 'in-sample' or 'partly in-sample (k of n)': whether the
    installed calibration was fitted on these articles, by content hash), ``topics``
    (per-topic scores of the coder as installed) and ``summary``: one row per figures kind
    ('as installed' on unseen gold; 'in-sample' and 'leave-one-out' when the coder saw the
    gold) and language (all, en, ru, kk), with n, topic F1 and tone alpha with bootstrap
    intervals. ``path`` may be several gold files (read in order). ``groups``: one or several
    JSON files of ``{"group": [article ids]}`` (e.g. articles on one event; each writer's
    batch); for each, grouped cross-validation figures are added ('grouped CV: NAME'), each
    group held out whole, which leave-one-out overstates when neighbours share an event.
    ``progress(step, done, total)`` is told about the long steps. ``second`` and
    ``adjudication`` (see ``read_readings``) give the cross-validation folds the same fitted
    targets as ``calibrate_gold``; the figures are always against the gold's final codes.
    ``group_means``: per groups file, how far each held-out group's mean tone is off
    (``validation.group_mean_error``)."""
    import pandas as pd

    from dyad.coding import calibrate
    from dyad.coding.coders import AutoCoder, EmbeddingCoder, get_coder, load_calibration
    from dyad.coding.encoder import default_encoder
    from dyad.coding.evaluate import topic_scores
    from dyad.coding.features import Article
    from dyad.coding.validation import figures, overlap, status

    gold = read_readings(read_gold_files(path), second, adjudication)
    name = "+".join(p.name for p in _paths(path))
    cal = load_calibration()
    state = "unseen"
    if coder in ("auto", "embedding"):
        state = status(overlap(gold, cal), cal.get("fitted_on"), name)
    arts = [Article(g.text, g.language, g.title) for g in gold]
    if coder == "dictionary":
        coded = get_coder(coder).code_many(arts)
        an = None
    else:
        enc = default_encoder()
        an = _analyse_with_progress(arts, enc, progress)
        c = AutoCoder(enc) if coder == "auto" else EmbeddingCoder(enc)
        coded = [c.decide(a) for a in an]
    label = "as installed" if state == "unseen" else "in-sample"
    frames = [figures(gold, [c.topics for c in coded], [c.tone for c in coded], boot=boot)
              .assign(figures=label)]
    if state != "unseen" and an is not None:
        loo = calibrate.cross_validate(an, gold, progress=progress)[coder]
        frames.append(figures(gold, [c.topics for c in loo], [c.tone for c in loo], boot=boot)
                      .assign(figures="leave-one-out"))
    group_means: dict[str, Any] = {}
    if an is not None:
        tables, group_means = _grouped_tables(an, gold, groups, coder, progress, boot)
        for kind, table in tables.items():
            frames.append(table.assign(figures=kind))
    summary = pd.concat(frames, ignore_index=True)
    summary.insert(0, "figures", summary.pop("figures"))
    topics = topic_scores([g.topics for g in gold], [c.topics for c in coded])
    return {"status": state, "coder": coder, "topics": topics, "summary": summary,
            "group_means": group_means, "fitted_on": cal.get("fitted_on"), "n": len(gold)}


def _paths(p: Path | Sequence[Path] | None) -> list[Path]:
    return [] if p is None else [Path(p)] if isinstance(p, (str, Path)) else [Path(x) for x in p]


def read_readings(gold: list[Any], second: Path | None = None,
                  adjudication: Path | None = None) -> list[Any]:
    """Gold items with every independent reading of their tone attached (first coder,
    ``second`` coder, final code; the first coder's original from the ``adjudication``
    record where one was overruled). An adjudication without a second coding is a usage
    error; ids the gold files do not hold are left out (the files may cover more articles
    than the gold read), but a second coding with no id in common is a one-line error."""
    from dyad.coding.evaluate import read_gold
    from dyad.coding.readings import attach_readings, read_adjudication
    from dyad.errors import LoadError, UsageError

    if second is None:
        if adjudication is not None:
            raise UsageError("--adjudication needs --second (the coding it adjudicated)")
        return gold
    ids = {g.id for g in gold}
    seconds = read_gold(Path(second))
    first = read_adjudication(Path(adjudication)) if adjudication is not None else {}
    if not any(g.id in ids for g in seconds):
        raise LoadError("no article id in common with the gold files", file=str(second))
    return attach_readings(gold, seconds, first)


def read_gold_files(paths: Path | Sequence[Path]) -> list[Any]:
    """Gold items from one or several JSONL files, in order; an id in two files is a
    one-line error naming the second file and the id."""
    from dyad.coding.evaluate import read_gold
    from dyad.errors import LoadError

    items: list[Any] = []
    seen: set[str] = set()
    for path in _paths(paths):
        for g in read_gold(path):
            if g.id in seen:
                raise LoadError("article id already read from an earlier gold file",
                                file=str(path), record=g.id, field="id")
            seen.add(g.id)
            items.append(g)
    return items


def _grouped_tables(an: Any, gold: list[Any], groups: Path | Sequence[Path] | None,
                    coder: str, progress: Progress | None, boot: int
                    ) -> tuple[dict[str, Any], dict[str, Any]]:
    """Grouped cross-validation, one run per groups file: every group held out whole
    (an event's articles; a writer's or coder's batch). Returns the ``figures`` tables and
    the ``group_mean_error`` tables (how far each held-out group's mean tone is off), both
    keyed by "grouped CV: STEM (K groups)"."""
    from dyad.coding import calibrate
    from dyad.coding.validation import figures, group_mean_error

    out: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    for path in _paths(groups):
        labels = read_groups(path, gold)
        cv = calibrate.cross_validate(an, gold, progress=progress, groups=labels)[coder]
        kind = f"grouped CV: {path.stem} ({len(set(labels))} groups)"
        out[kind] = figures(gold, [c.topics for c in cv], [c.tone for c in cv], boot=boot)
        errors[kind] = group_mean_error(gold, [c.tone for c in cv], labels, boot=boot)
    return out, errors


def read_groups(path: Path, gold: list[Any]) -> list[str]:
    """One group label per gold article from a ``{"group": [ids]}`` JSON file (keys
    starting with ``_`` are comments); an article in no group is its own group. An id in two
    groups, or a file that is not such an object, is a one-line error naming the file."""
    import json

    from dyad.errors import LoadError

    try:
        doc = json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError) as e:
        raise LoadError(f"not a JSON groups file: {e}", file=str(path)) from None
    if not isinstance(doc, dict):
        raise LoadError("a groups file is an object of group -> list of article ids",
                        file=str(path))
    where: dict[str, str] = {}
    for name, ids in doc.items():
        if str(name).startswith("_"):
            continue
        if not isinstance(ids, list):
            raise LoadError("a group's value must be a list of ids", file=str(path),
                            record=str(name))
        for i in ids:
            if str(i) in where and where[str(i)] != name:
                raise LoadError(f"article {i} is in two groups ({where[str(i)]}, {name})",
                                file=str(path), record=str(name))
            where[str(i)] = str(name)
    return [where.get(g.id, f"_self:{g.id}") for g in gold]


def _analyse_with_progress(arts: list[Any], enc: Any, progress: Progress | None,
                           batch: int = 16) -> list[Any]:
    from dyad.coding.features import analyse

    out: list[Any] = []
    for i in range(0, len(arts), batch):
        out.extend(analyse(arts[i:i + batch], enc))
        if progress is not None:
            progress("encoding articles", len(out), len(arts))
    return out


def calibrate_gold(path: Path | Sequence[Path], out: Path | None = None, *,
                   force: bool = False, progress: Progress | None = None,
                   groups: Path | Sequence[Path] | None = None,
                   second: Path | None = None,
                   adjudication: Path | None = None) -> dict[str, Any]:
    """Fit the auto/embedding coders on gold; leave-one-out metrics per language (with
    bootstrap intervals) and in-sample ones, labelled so; with ``groups`` (one or several
    ``{"group": [ids]}`` files, e.g. articles on one event, each writer's batch) also the auto
    coder's grouped cross-validation, one table per file. ``path`` may be several gold
    files. The metrics are stored in the calibration (``metrics``), so what the coder is
    worth travels with it. The calibration goes to ``out`` or the user's data folder
    (the coders read it before the shipped one); ``force`` replaces the installed package's
    calibration instead. The file written is under the returned dict's ``"written_to"`` key
    (not in the file). With ``second`` (a second coder's blind codes) and ``adjudication``
    (the record of disagreements decided), the tone model is fitted to each article's
    readings (``coding.readings``); every figure is against the gold's final codes."""
    from dyad.coding import calibrate
    from dyad.coding.coders import AutoCoder, DictionaryArticleCoder
    from dyad.coding.encoder import default_encoder
    from dyad.coding.features import Article
    from dyad.coding.validation import MEAN_ERROR, figures

    gold = read_readings(read_gold_files(path), second, adjudication)
    enc = default_encoder()
    arts = [Article(g.text, g.language, g.title) for g in gold]
    an = _analyse_with_progress(arts, enc, progress)
    cal = calibrate.fit(an, gold, encoder=f"{enc.name}-{enc.version}",
                        source="+".join(p.name for p in _paths(path)))
    cv = calibrate.cross_validate(an, gold, progress=progress)
    auto_in = AutoCoder(enc, cal)
    ins = [auto_in.decide(a) for a in an]
    dic = DictionaryArticleCoder().code_many(arts)
    tables = {
        "auto leave-one-out": figures(gold, [c.topics for c in cv["auto"]],
                                      [c.tone for c in cv["auto"]]),
        "embedding leave-one-out": figures(gold, [c.topics for c in cv["embedding"]],
                                           [c.tone for c in cv["embedding"]]),
        "dictionary (not fitted)": figures(gold, [c.topics for c in dic], [c.tone for c in dic]),
        "auto in-sample (not a validation)": figures(gold, [c.topics for c in ins],
                                                     [c.tone for c in ins]),
    }
    grouped, group_means = _grouped_tables(an, gold, groups, "auto", progress, 1000)
    for kind, table in grouped.items():
        tables[f"auto {kind}"] = table
    for kind, table in group_means.items():
        tables[f"{MEAN_ERROR} {kind}"] = table
    cal["metrics"] = {k: v.to_dict("records") for k, v in tables.items()}
    written = calibrate.write_calibration(cal, out, force=force)
    return {**cal, "written_to": str(written)}


def export_coding_sheet(con: duckdb.DuckDBPyConnection, path: Path, n: int = 50) -> int:
    """Write a blind coding sheet (CSV or XLSX by suffix) for a random sample of ``n``
    stored articles, stratified by outlet country; returns the number of rows."""
    from dyad.coding.sheets import export_sheet

    return export_sheet(con, path, n=n)


def import_coding_sheet(con: duckdb.DuckDBPyConnection, path: Path,
                        coder: str | None = None) -> int:
    """Store a filled coding sheet's codes as ``human:NAME`` (bad rows quarantined);
    returns the number of articles stored."""
    from dyad.coding.sheets import import_sheet

    return import_sheet(con, path, coder)


def coder_reliability(con: duckdb.DuckDBPyConnection, coders: list[str] | None = None
                      ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(Krippendorff's alpha per measure, the disagreements) over articles coded by at
    least two coders; by default every human coder and ``auto``."""
    from dyad.coding.sheets import reliability

    return reliability(con, coders)


def gold_agreement(first: list[Path], second: Path, *, boot: int = 1000) -> dict[str, Any]:
    """Inter-coder reliability of gold files: a second person's independent codes
    (``second``: JSONL with id, topics, tone) against the first coding (``first``: gold
    files), per language with n and bootstrap intervals (``summary``), the tone cross-table
    (``tones``), and the ids coded only by the first (``only_first``) or only by the second
    (``only_second``). A second-coder id that no gold file holds is reported, not guessed."""
    from dyad.coding.evaluate import read_gold
    from dyad.coding.validation import intercoder

    gold = read_gold_files(first)
    other = read_gold(second)
    ids, other_ids = {g.id for g in gold}, {g.id for g in other}
    summary, tones = intercoder(gold, other, boot=boot)
    return {"summary": summary, "tones": tones,
            "only_first": sorted(ids - other_ids), "only_second": sorted(other_ids - ids)}


def link_contacts(con: duckdb.DuckDBPyConnection, coder: str = "auto", *,
                  include_undated: bool = False) -> tuple[int, pd.DataFrame]:
    """Link articles to the contacts they report: (links made, undated articles — not
    linked unless ``include_undated``)."""
    from dyad.analysis.media_links import link_articles, undated_articles

    n = link_articles(con, coder=coder, include_undated=include_undated)
    return n, undated_articles(con)


def coverage(con: duckdb.DuckDBPyConnection, coder: str = "auto", pair: str = "US-KZ"
             ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per-contact coverage of the pair's own contacts, attention asymmetry per US
    administration)."""
    from dyad.analysis.media_coverage import attention_asymmetry, contact_coverage

    cov = contact_coverage(con, coder, pair)
    return cov, attention_asymmetry(cov)


def import_outlet_feeds(con: duckdb.DuckDBPyConnection, *, cache_dir: Path | None = None,
                        names: list[str] | None = None, fetch_text: bool = True
                        ) -> list[LoadResult]:
    """Read the outlets' feeds (network), one result per outlet (failed: ``run_id`` None)."""
    from dyad.sources.feeds.fetch import MIN_INTERVAL, import_feeds, outlets
    from dyad.sources.http import HttpClient

    chosen = [o for o in outlets() if not names or o["name"] in names]
    return import_feeds(con, HttpClient(cache_dir=cache_dir, min_interval=MIN_INTERVAL),
                        chosen, fetch_text=fetch_text)


def import_gdelt(con: duckdb.DuckDBPyConnection, query: str, *, country: str | None = None,
                 mode: str = "artlist", cache_dir: Path | None = None,
                 fetch_text: bool = True) -> LoadResult:
    """mode 'artlist' loads articles; 'timelinevolraw' / 'timelinetone' store a timeline."""
    from dyad.sources.gdelt_doc.fetch import update_gdelt

    return update_gdelt(con, query=query, country=country, mode=mode, cache_dir=cache_dir,
                        fetch_text=fetch_text)


def import_mediacloud(con: duckdb.DuckDBPyConnection, query: str, collections: list[int] | str,
                      start: Any, end: Any, *, stories: bool = True,
                      outlet_country: str | None = None, cache_dir: Path | None = None,
                      progress: Progress | None = None) -> LoadResult:
    """Media Cloud (network; key in MEDIACLOUD_API_KEY): daily counts of ``query`` and of all
    stories in each collection, and (with ``stories``) every matching story's metadata into
    ``articles``, the list sliced by time so no page limit truncates it."""
    from dyad.sources.mediacloud.fetch import update_mediacloud

    return update_mediacloud(con, query=query, collection=collections, start=start, end=end,
                             stories=stories, outlet_country=outlet_country,
                             cache_dir=cache_dir, progress=progress)


def media_attention(con: duckdb.DuckDBPyConnection, query: str, *,
                    collections: list[int] | str | None = None, start: Any = None,
                    end: Any = None, by: str = "month") -> pd.DataFrame:
    """Attention to ``query`` per collection and period normalised by the collection's own
    volume: count / n (all its stories), with n, 95% Wilson intervals and the days with
    data (``dyad.analysis.attention``); reads the stored Media Cloud counts."""
    from dyad.analysis.attention import attention
    from dyad.sources.mediacloud.load import collection_ids

    ids = collection_ids(collections) if collections not in (None, "", []) else None
    return attention(con, query, collections=ids, start=_day(start, "--from"),
                     end=_day(end, "--to"), by=by)


def _day(v: Any, opt: str) -> Any:
    import datetime as dt

    from dyad.errors import UsageError

    if v in (None, "") or isinstance(v, dt.date):
        return v or None
    try:
        return dt.date.fromisoformat(str(v))
    except ValueError:
        raise UsageError(f"{opt} {v!r} is not YYYY-MM-DD") from None


def attention_by_outlet(con: duckdb.DuckDBPyConnection, query: str, *,
                        collections: list[int] | str | None = None, start: Any = None,
                        end: Any = None, top: int = 10, min_n: int = 1000) -> pd.DataFrame:
    """Attention to ``query`` normalised by volume, per collection and for the ``top``
    outlets by volume (n >= ``min_n``): stories matching ÷ all the collection's or the
    outlet's stories (n) in the period, with 95% Wilson intervals
    (``dyad.analysis.attention.attention_table``). Reads the stored Media Cloud daily counts
    and outlet volumes (``dyad update mediacloud`` / ``dyad import mediacloud``); ``attrs``
    carry unit, exposure, interval, source, query, period and the outlet periods used.
    A bad date, collection id, ``top`` or ``min_n`` is a UsageError."""
    from dyad.analysis.attention import attention_table
    from dyad.errors import UsageError
    from dyad.sources.mediacloud.load import collection_ids

    if top < 1:
        raise UsageError(f"--top {top}: choose 1 or more")
    if min_n < 1:
        raise UsageError(f"--min-n {min_n}: choose 1 or more")
    lo, hi = _day(start, "--from"), _day(end, "--to")
    if lo and hi and lo > hi:
        raise UsageError(f"--from {lo} is after --to {hi}")
    ids = collection_ids(collections) if collections not in (None, "", []) else None
    return attention_table(con, query, collections=ids, start=lo, end=hi, top=top,
                           min_n=min_n)
