"""Office of the Historian (history.state.gov): travels of the President and the
Secretary of State, and visits by foreign leaders — the authoritative record of
top-level US contacts with Central Asia.

Parsing lives in :mod:`statehist_parse`, the mapping to contact records in
:mod:`statehist_code`, the load in :mod:`statehist_load`.
"""

from dyad.sources.statehist.code import c5_named, to_contact
from dyad.sources.statehist.load import SOURCE, StatehistImport, import_statehist
from dyad.sources.statehist.parse import StatehistRow, find_files, read_file

__all__ = [
    "SOURCE",
    "StatehistImport",
    "StatehistRow",
    "c5_named",
    "find_files",
    "import_statehist",
    "read_file",
    "to_contact",
]
