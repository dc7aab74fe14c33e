"""`dyad media calibrate` writes to the user's data folder, never into the installed package
unless asked (--force); the coders read a user calibration before the shipped one."""

from __future__ import annotations

import json

import pytest

from dyad.coding import calibrate, coders
from dyad.errors import UsageError


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(coders, "user_calibration_path", lambda: tmp_path / "calibration.json")
    monkeypatch.setattr(calibrate, "user_calibration_path",
                        lambda: tmp_path / "calibration.json")
    coders.load_calibration.cache_clear()
    yield tmp_path
    coders.load_calibration.cache_clear()


def test_default_is_the_user_folder_and_the_package_is_untouched(user_dir) -> None:
    shipped = coders.shipped_calibration_path()
    before = shipped.read_bytes()
    cal = {**coders.load_calibration(), "fitted_on": "user-gold.jsonl"}
    written = calibrate.write_calibration(cal)
    assert written == user_dir / "calibration.json"
    assert shipped.read_bytes() == before
    assert coders.calibration_path() == written
    assert coders.load_calibration()["fitted_on"] == "user-gold.jsonl"


def test_without_a_user_calibration_the_shipped_one_is_read(user_dir) -> None:
    assert coders.calibration_path() == coders.shipped_calibration_path()
    assert "topics" in coders.load_calibration()


def test_out_and_refusals(user_dir, tmp_path) -> None:
    out = calibrate.write_calibration({"version": "1"}, tmp_path / "elsewhere" / "cal.json")
    assert json.loads(out.read_text("utf-8")) == {"version": "1"}
    with pytest.raises(UsageError, match="--force"):
        calibrate.write_calibration({"version": "1"}, coders.shipped_calibration_path())
    with pytest.raises(UsageError, match="leave out --out"):
        calibrate.write_calibration({"version": "1"}, out, force=True)
