"""The import's progress display: bars on a terminal (rows, rows per second, time left), lines for logs."""

from __future__ import annotations

import io

from rich.console import Console

from app.cli.imports import BarProgress, LineProgress


def terminal() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=160, color_system=None), out


def test_bars_show_each_phase_with_rows_rate_and_time_left_and_no_bar_for_reading() -> None:
    console, out = terminal()
    with BarProgress(console) as bars:
        bars.phase("reading", None)
        bars.advance(3)
        bars.phase("events", 20)
        bars.advance(10)
        bars.advance(10)
        bars.phase("claims", 5)
        bars.advance(5)
    final = out.getvalue().split("\x1b[2K")[-1]  # the last frame drawn
    assert "events" in final and "20/20" in final and "claims" in final and "5/5" in final
    assert "rows/s" in final and "elapsed" in final and "left" in final
    assert "reading" not in final


def test_lines_say_what_each_committed_batch_brought() -> None:
    console, out = terminal()
    with LineProgress(console) as lines:
        lines.phase("claims", 10)
        lines.advance(4)
        lines.advance(6)
        lines.phase("actors", None)
        lines.advance(2)
    text = out.getvalue().splitlines()
    assert (
        text[0] == "claims ..." and text[1].startswith("claims 4/10 rows") and text[2].startswith("claims 10/10 rows")
    )
    assert text[3] == "actors ..." and text[4].startswith("actors 2 rows")
