"""The chart renderer: a separate process that gives the same SVG as rendering here, reports
a bad spec as an error of its chart, and is started again when it has ended."""

from __future__ import annotations

import pytest

from dyad.report import charts

SPEC = {"mark": "bar", "data": {"values": [{"a": "x", "b": 1}, {"a": "y", "b": 2}]},
        "encoding": {"x": {"field": "a", "type": "nominal"},
                     "y": {"field": "b", "type": "quantitative"}}}


def _page(specs: list[dict[str, object]]) -> str:
    with charts.batch() as drawn:
        return drawn.fill("".join(drawn.add(s) for s in specs))


def test_the_process_renders_what_this_process_would():
    assert _page([SPEC]) == charts.render_svg(SPEC)


def test_a_bad_spec_fails_its_page_and_the_renderer_carries_on():
    with pytest.raises(ValueError, match="vl-convert"):
        _page([{"mark": "no-such-mark", "data": {"values": []}}])
    assert _page([SPEC]).startswith("<svg")


def test_an_ended_renderer_is_started_again():
    first = charts._renderer()
    assert first is not None
    first.proc.kill()
    first.proc.wait()
    assert _page([SPEC]).startswith("<svg")
    assert charts._renderer() is not first
