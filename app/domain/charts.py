"""Geometry of the charts, drawn as SVG by the templates: plain numbers in, coordinates out."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    percentage: float


@dataclass(frozen=True)
class Frame:
    """The SVG's size and the plotting area inside it; gridlines are (y, label) pairs."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    gridlines: tuple[tuple[float, int], ...]


@dataclass(frozen=True)
class ScoreChart(Frame):
    points: tuple[ChartPoint, ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def score_chart(percentages: list[float], width: int = 600, height: int = 220) -> ScoreChart:
    """Attempts evenly spaced left to right in submission order; 0% at the bottom, 100% at the
    top, with gridlines every 25%."""
    left, right, top, bottom = 44, width - 16, 12, height - 28
    span = max(len(percentages) - 1, 1)

    def y_of(pct: float) -> float:
        return bottom - (bottom - top) * pct / 100

    def x_of(i: int) -> float:
        return (left + right) / 2 if len(percentages) == 1 else left + (right - left) * i / span

    points = tuple(ChartPoint(x_of(i), y_of(p), p) for i, p in enumerate(percentages))
    gridlines = tuple((y_of(level), level) for level in (0, 25, 50, 75, 100))
    return ScoreChart(width, height, left, right, top, bottom, gridlines, points)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    count: int


@dataclass(frozen=True)
class BarChart(Frame):
    bars: tuple[Bar, ...]


def histogram_chart(counts: dict[int, int], max_value: int, width: int = 640,
                    height: int = 240) -> BarChart:
    """One bar per value from 0 to max_value (a score), its height the count; gridlines at
    round counts."""
    left, right, top, bottom = 48, width - 12, 12, height - 30
    peak = max(counts.values(), default=0)
    step = _nice_step(peak)
    ceiling = max(step * -(-peak // step), 1)
    slot = (right - left) / (max_value + 1)
    bars = []
    for value in range(max_value + 1):
        count = counts.get(value, 0)
        bar_height = (bottom - top) * count / ceiling
        bars.append(Bar(left + value * slot + slot * 0.1, bottom - bar_height, slot * 0.8,
                        bar_height, value, count))
    gridlines = tuple((bottom - (bottom - top) * level / ceiling, level)
                      for level in range(0, ceiling + 1, step))
    return BarChart(width, height, left, right, top, bottom, gridlines, tuple(bars))


def _nice_step(peak: int) -> int:
    """A round gridline step giving at most about five lines."""
    step = 1
    while peak / step > 5:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if peak / step <= 5:
                break
    return step
