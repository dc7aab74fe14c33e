"""Office of the Historian: Principal Officers and Chiefs of Mission (POCOM, CC0) — the
Secretaries, Deputy, Under and Assistant Secretaries of State and the US ambassadors to the
five Central Asian states, with their dates, as actors and offices."""

from dyad.sources.pocom.load import SOURCE, import_pocom
from dyad.sources.pocom.parse import PocomRow, find_files, read_positions

__all__ = ["SOURCE", "PocomRow", "find_files", "import_pocom", "read_positions"]
