"""Coverage over time as a small bar chart, drawn on the server as SVG.

The chart is geometry only (rectangles and labels in a fixed viewBox); the
template writes the SVG and styles it through classes, so it needs no script,
scales to any width, and prints.
"""

from dataclasses import dataclass

WIDTH, HEIGHT = 640, 160
TOP, BOTTOM, LEFT, RIGHT = 12, 24, 32, 28
MIN_TICK_GAP = 34


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    month: str
    n: int


@dataclass
class Tick:
    x: float
    label: str


def _months(first, last):
    year, month = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    while (year, month) <= end:
        yield f"{year:04d}-{month:02d}"
        month += 1
        if month == 13:
            year, month = year + 1, 1


def coverage_chart(monthly):
    """Bars for ``[("YYYY-MM", n), …]`` (months without articles drawn empty),
    year ticks along the bottom, and the tallest value for the scale. None when
    there is nothing to draw."""
    counts = dict(monthly)
    if not counts:
        return None
    months = list(_months(min(counts), max(counts)))
    peak = max(counts.values())
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    step = plot_width / len(months)
    gap = step * 0.15 if step > 3 else 0
    bars, ticks = [], []
    for i, month in enumerate(months):
        n = counts.get(month, 0)
        height = plot_height * n / peak
        x = LEFT + i * step
        bars.append(
            Bar(
                x=round(x + gap / 2, 2),
                y=round(TOP + plot_height - height, 2),
                width=round(max(step - gap, 0.5), 2),
                height=round(height, 2),
                month=month,
                n=n,
            )
        )
        if month.endswith("-01") or i == 0:
            ticks.append(Tick(x=round(x, 2), label=month[:4]))
    # Year labels never run into each other: the first month's label gives way
    # to a January close behind it, and long spans label every few years.
    if len(ticks) > 1 and ticks[1].x - ticks[0].x < MIN_TICK_GAP:
        ticks.pop(0)
    every = max(1, round(len(ticks) / 10))
    ticks = ticks[::every]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bars": bars,
        "ticks": ticks,
        "peak": peak,
        "peak_y": TOP,
        "base_y": TOP + plot_height,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "label_y": HEIGHT - 6,
        "first": months[0],
        "last": months[-1],
        "total": sum(counts.values()),
        "months_with_articles": [(m, counts[m]) for m in months if counts.get(m)],
    }
