from __future__ import annotations

import pandas as pd
import pytest

from dyad.report.export import export_tables


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx", "dta"])
def test_export_writes_every_table(store, tmp_path, fmt):
    files = export_tables(store, fmt, tmp_path / fmt)
    assert files and all(f.exists() and f.stat().st_size > 0 for f in files)
    n = store.execute("SELECT count(*) FROM contacts").fetchone()[0]
    if fmt == "csv":
        assert len(pd.read_csv(tmp_path / fmt / "contacts.csv")) == n
    elif fmt == "parquet":
        assert len(pd.read_parquet(tmp_path / fmt / "contacts.parquet")) == n
    elif fmt == "dta":
        assert len(pd.read_stata(tmp_path / fmt / "contacts.dta")) == n
    else:
        assert len(pd.read_excel(files[0], sheet_name="contacts")) == n


def test_unknown_format_is_refused(store, tmp_path):
    with pytest.raises(ValueError, match="unknown export format"):
        export_tables(store, "sav", tmp_path)
