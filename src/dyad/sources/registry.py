"""The registry of outside sources: one ``Source`` record per source.

The CLI builds ``dyad import NAME PATH…`` and ``dyad update NAME`` from it, ``dyad sources``
lists it, the README's source table is checked against it, and the loader-contract tests
(tests/sources/test_contract.py) are parametrized over it. Each ``import_`` takes a store
connection and one path (file or folder) and returns a :class:`LoadResult`; a bad file raises
``LoadError`` and changes nothing, a bad record is quarantined, a second load adds nothing.
Loaders are imported when called, so reading the registry stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dyad.errors import UsageError
from dyad.sources.result import LoadResult

Importer = Callable[..., LoadResult]


@dataclass(frozen=True)
class Source:
    """What the project knows about one outside source."""

    name: str
    description: str
    publisher: str
    licence: str
    formats: tuple[str, ...]
    import_: Importer
    update: Importer | None = None
    tables: tuple[str, ...] = ()        # store tables its loads write
    run_sources: tuple[str, ...] = ()   # the ``ingest_runs.source`` values of its runs
    aliases: tuple[str, ...] = ()       # older command names (`import census-file`)
    url: str = ""
    key_env: str | None = None          # environment variable of a live API's key
    sample: str | None = None           # a small real-format sample, relative to tests/
    needs: tuple[str, ...] = ()         # options the API layer supplies (coders)
    # flags `dyad update NAME` offers besides --opt: "from" and "to" (required days, given
    # to ``update`` as ``start=`` and ``end=``)
    update_options: tuple[str, ...] = ()


def _statehist(con: Any, path: str | Path, **opts: Any) -> LoadResult:
    from dyad.sources.statehist.load import import_statehist

    return import_statehist(con, path, **opts)


def _pocom(con: Any, path: str | Path, **opts: Any) -> LoadResult:
    from dyad.sources.pocom.load import import_pocom

    return import_pocom(con, path, **opts)


def _census(con: Any, path: str | Path, **opts: Any) -> LoadResult:
    from dyad.sources.census.file import load_census_file

    return load_census_file(con, path, **opts)


def _census_update(con: Any, **opts: Any) -> LoadResult:
    from dyad.sources.census.update import update_census

    return update_census(con, **opts)


def _comtrade(con: Any, path: str | Path, **opts: Any) -> LoadResult:
    from dyad.sources.comtrade.file import load_comtrade_file

    return load_comtrade_file(con, path, **opts)


def _comtrade_update(con: Any, **opts: Any) -> LoadResult:
    from dyad.sources.census.update import update_comtrade

    return update_comtrade(con, **opts)


def _unvotes(con: Any, path: str | Path, **opts: Any) -> LoadResult:
    from dyad.sources.unvotes.load import load_unvotes

    return load_unvotes(con, path, **opts)


def _undl_votes(con: Any, path: str | Path, **opts: Any) -> LoadResult:
    from dyad.sources.undl.load import load_undl_votes

    return load_undl_votes(con, path, **opts)


def _idealpoints(con: Any, path: str | Path, **opts: Any) -> LoadResult:
    from dyad.sources.idealpoints.load import load_ideal_points

    return load_ideal_points(con, path, **opts)


def _documents(con: Any, path: str | Path, **opts: Any) -> LoadResult:
    from dyad.sources.documents.load import load_documents

    return load_documents(con, path, **opts)


def _articles(con: Any, path: str | Path, *, mapping: Any = None, defaults: Any = None
              ) -> LoadResult:
    from dyad.sources.articles.load import load_articles
    from dyad.sources.articles.parse import read_any

    p = Path(path)
    return load_articles(con, read_any(p, mapping, defaults), source="file",
                         source_ref=str(p))


def _feeds(con: Any, path: str | Path, **opts: Any) -> LoadResult:
    from dyad.sources.feeds.fetch import import_feed_file

    return import_feed_file(con, path, **opts)


def _feeds_update(con: Any, **opts: Any) -> LoadResult:
    from dyad.sources.feeds.fetch import update_feeds

    return update_feeds(con, **opts)


def _gdelt(con: Any, path: str | Path, **opts: Any) -> LoadResult:
    from dyad.sources.gdelt_doc.fetch import import_gdelt_file

    return import_gdelt_file(con, path, **opts)


def _gdelt_update(con: Any, **opts: Any) -> LoadResult:
    from dyad.sources.gdelt_doc.fetch import update_gdelt

    return update_gdelt(con, **opts)


def _foreign_assistance(con: Any, path: str | Path, **opts: Any) -> LoadResult:
    from dyad.sources.foreign_assistance.load import load_foreign_assistance

    return load_foreign_assistance(con, path, **opts)


def _freedomhouse(con: Any, path: str | Path, **opts: Any) -> LoadResult:
    from dyad.sources.freedomhouse.load import load_freedomhouse

    return load_freedomhouse(con, path, **opts)


def _gdelt_events(con: Any, path: str | Path, **opts: Any) -> LoadResult:
    from dyad.sources.gdelt_events.load import import_path

    return import_path(con, path, **opts)


def _gdelt_events_update(con: Any, **opts: Any) -> LoadResult:
    from dyad.sources.gdelt_events.fetch import update_events

    return update_events(con, **opts)


def _user_register(con: Any, path: str | Path, **opts: Any) -> LoadResult:
    from dyad.sources.register.user import import_user_register

    return import_user_register(con, path, **opts)


def _mediacloud(con: Any, path: str | Path, **opts: Any) -> LoadResult:
    from dyad.sources.mediacloud.load import import_mediacloud_file

    return import_mediacloud_file(con, path, **opts)


def _mediacloud_update(con: Any, **opts: Any) -> LoadResult:
    from dyad.sources.mediacloud.fetch import update_mediacloud

    return update_mediacloud(con, **opts)


US_PD = "public domain (US government work)"
GDELT_TERMS = "free and open use with citation (GDELT terms of use)"

SOURCES: tuple[Source, ...] = (
    Source("statehist", "Travels of the President and Secretary of State; visits by "
           "foreign leaders", "US Department of State, Office of the Historian", US_PD,
           ("XML (travels/, visits/ folders)",), _statehist,
           tables=("contacts", "contact_sources"), run_sources=("statehist",),
           url="https://github.com/HistoryAtState", sample="sources/samples/statehist",
           needs=("topic_coder",)),
    Source("census", "US trade in goods by partner, monthly and annual",
           "US Census Bureau, Foreign Trade Division", US_PD,
           ("country.xlsx", "its delimited text twin", "International Trade API (JSON)"),
           _census, _census_update, tables=("trade_flows",), run_sources=("census",),
           aliases=("census-file",),
           url="https://www.census.gov/foreign-trade/balance/country.xlsx",
           key_env="CENSUS_API_KEY", sample="sources/samples/census_country.txt"),
    Source("comtrade", "Kazakhstan's trade with every partner, annual (and mirror flows)",
           "United Nations Statistics Division (UN Comtrade)",
           "UN Comtrade terms of use (free for non-commercial research, with attribution)",
           ("CSV download (current or legacy layout)", "Comtrade API (JSON)"), _comtrade,
           _comtrade_update, tables=("trade_flows",), run_sources=("comtrade",),
           aliases=("comtrade-file",), url="https://comtradeplus.un.org",
           key_env="COMTRADE_API_KEY", sample="sources/samples/comtrade_kz.csv"),
    Source("unvotes", "UN General Assembly roll calls, votes and issue codes",
           "Erik Voeten et al., Harvard Dataverse (hdl:1902.1/12379)", "CC0 1.0",
           ("unvotes CSV trio", "Dataverse CSV", "Dataverse .RData"), _unvotes,
           tables=("roll_calls", "votes", "roll_call_issues"), run_sources=("unvotes",),
           url="https://dataverse.harvard.edu/dataset.xhtml?persistentId=hdl:1902.1/12379",
           sample="sources/samples/unvotes"),
    Source("undl-votes", "UN General Assembly votes per resolution and state (UN Digital "
           "Library, through December 2025)", "UN Dag Hammarskjöld Library",
           "UN Digital Library terms (free reuse with attribution)",
           ("UN Digital Library voting CSV",), _undl_votes, tables=("undl_votes",),
           run_sources=("undl",), url="https://digitallibrary.un.org/",
           sample="sources/samples/undl_votes.csv"),
    Source("idealpoints", "UN General Assembly ideal-point estimates per state and session",
           "Bailey, Strezhnev and Voeten, Harvard Dataverse (hdl:1902.1/12379)", "CC0 1.0",
           ("Idealpointestimates1946-2025.tab", "IdealpointestimatesAll_*.csv"), _idealpoints,
           tables=("ideal_point_years",),
           run_sources=("bsv-idealpoints",),
           url="https://dataverse.harvard.edu/dataset.xhtml?persistentId=hdl:1902.1/12379",
           sample="sources/samples/idealpoints.csv"),
    Source("documents", "Strategy documents and joint statements, split into coded "
           "paragraphs", "the issuing governments (official sites)",
           "per document (official texts; excerpts for research)",
           ("UTF-8 text with a KEY: value header", "HTML page by URL"), _documents,
           tables=("documents", "document_paragraphs", "document_codes"),
           run_sources=("documents",), sample="sources/samples/documents",
           needs=("coder",)),
    Source("articles", "News articles from files (the media corpus)",
           "the outlets (user-supplied files)", "per outlet (kept for research use)",
           ("JSONL", "CSV", "folder of .html/.txt"), _articles, tables=("articles",),
           run_sources=("file",), sample="sources/samples/articles.jsonl"),
    Source("feeds", "RSS/Atom feeds of the outlets in data/outlets.yaml, with page text",
           "the outlets in data/outlets.yaml", "per outlet (kept for research use)",
           ("RSS", "Atom"), _feeds, _feeds_update, tables=("articles",),
           run_sources=("feed",), aliases=(), sample="media/recorded/wordpress_feed.xml"),
    Source("gdelt-doc", "GDELT DOC 2.0: article lists and volume/tone timelines",
           "The GDELT Project", GDELT_TERMS,
           ("DOC API JSON (ArtList, timelines)",), _gdelt, _gdelt_update,
           tables=("articles", "gdelt_timelines"), run_sources=("gdelt",),
           url="https://api.gdeltproject.org/api/v2/doc/doc",
           sample="media/recorded/gdelt_timelinevolraw.json"),
    Source("pocom", "Principal officers of the State Department and US ambassadors to the "
           "five, with their dates (actors and offices)",
           "US Department of State, Office of the Historian", "CC0 1.0 (public domain)",
           ("POCOM XML (positions-principals/, missions-countries/, people/)",), _pocom,
           tables=("actors", "actor_offices"), run_sources=("pocom",),
           url="https://github.com/HistoryAtState/pocom", sample="sources/samples/pocom"),
    Source("foreign-assistance", "US foreign assistance by recipient, transaction type and "
           "fiscal year (and, from the complete file, by activity and sector)",
           "US Department of State and USAID, ForeignAssistance.gov", US_PD,
           ("us_foreign_aid_country.csv", "us_foreign_aid_complete.csv"), _foreign_assistance,
           tables=("assistance", "assistance_transactions"),
           run_sources=("foreign_assistance", "foreign_assistance_complete"),
           url="https://foreignassistance.gov/data",
           sample="sources/samples/foreign_assistance_country.csv"),
    Source("freedomhouse", "Freedom in the World scores (political rights, civil liberties, "
           "status) per country or territory and edition", "Freedom House",
           "non-commercial use with attribution (Freedom House terms; not redistributed)",
           ("All_data_FIW_2013-20NN.xlsx (raw data workbook)",), _freedomhouse,
           tables=("freedom_house",), run_sources=("freedomhouse",),
           url="https://freedomhouse.org/report/freedom-in-the-world",
           sample="sources/samples/freedomhouse.xlsx"),
    Source("gdelt", "GDELT event exports (machine-coded events: CAMEO codes, Goldstein "
           "scale, tone)", "The GDELT Project", GDELT_TERMS,
           ("1.0 daily export (57/58 columns)", "2.0 15-minute export (61 columns)",
            "zipped or not"), _gdelt_events, _gdelt_events_update,
           tables=("gdelt_files", "gdelt_events"), run_sources=("gdelt_events",),
           url="http://data.gdeltproject.org/gdeltv2/masterfilelist.txt",
           sample="sources/samples/gdelt_events.export.CSV", update_options=("from", "to")),
    Source("mediacloud", "Media Cloud search: story lists (metadata), daily attention "
           "counts by collection and outlet volumes", "Media Cloud (mediacloud.org)",
           "Media Cloud terms of use (metadata for research; stories stay with their outlets)",
           ("search API JSON (story-list, count-over-time, sources)",), _mediacloud,
           _mediacloud_update, tables=("articles", "mediacloud_counts", "mediacloud_outlets"),
           run_sources=("mediacloud",), url="https://search.mediacloud.org/api/",
           key_env="MEDIACLOUD_API_KEY", sample="sources/samples/mediacloud"),
    Source("register", "A team's own contact register beside the shipped one (version-2 "
           "YAML; optional actors file: --actors FILE)", "the user (their sources per entry)",
           "the user's own", ("register YAML, version 2", "actors YAML"), _user_register,
           tables=("contacts", "contact_sources", "contact_participants", "deliverables",
                   "actors", "actor_offices"),
           run_sources=("user-register",), sample="sources/samples/register_user.yaml"),
)


def names() -> list[str]:
    """The registered source names, in registry order."""
    return [s.name for s in SOURCES]


def get(name: str) -> Source:
    """The source called ``name`` (or one of its aliases); else a UsageError with choices."""
    key = name.strip().lower()
    for s in SOURCES:
        if key == s.name or key in s.aliases:
            return s
    raise UsageError(f"unknown source {name!r}; choose one of {', '.join(names())}")


def updatable() -> list[str]:
    """Names of the sources with a live ``update``."""
    return [s.name for s in SOURCES if s.update is not None]
