"""Table transliteration, one place for it: the coders read Latin Kazakh through it
(``coding.kazakh_script``) and the media linker finds Latin surnames in Cyrillic text
(``analysis.media_links``)."""

from __future__ import annotations

from collections.abc import Sequence


def by_table(text: str, table: Sequence[tuple[str, str]]) -> str:
    """``text`` with, at each position, the first table entry whose source starts there
    replaced by its target (list longer sources first); other characters kept."""
    out: list[str] = []
    i = 0
    while i < len(text):
        for src, dst in table:
            if text.startswith(src, i):
                out.append(dst)
                i += len(src)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)
