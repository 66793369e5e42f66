"""Survey results as bar charts: pure geometry over plain counts, each bar an SVG drawn by a template
(no script, so the coming Content-Security-Policy needs no exception); labels stay HTML text that wraps."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 320


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: int  # of the question's answers (rounded), as the text says
    width: int  # of the bar, in the chart's units


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int = WIDTH


def bar_chart(rows: list[tuple[str, int]], *, total: int | None = None) -> Chart:
    """Bars for (label, count) rows; widths relative to the largest count, percents of `total`."""
    total = total if total is not None else sum(count for _label, count in rows)
    largest = max((count for _label, count in rows), default=0)
    bars = []
    for label, count in rows:
        width = round(WIDTH * count / largest) if largest else 0
        percent = round(100 * count / total) if total else 0
        bars.append(Bar(label=label, count=count, percent=percent, width=width))
    return Chart(bars=bars)
