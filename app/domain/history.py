"""A learner's history of attempts: the summary figures and the score-over-time chart."""

from dataclasses import dataclass


@dataclass(frozen=True)
class HistorySummary:
    attempts: int
    best: float
    average: float
    latest: float


def summarise(percentages: list[float]) -> HistorySummary | None:
    """Percentages in the order the attempts were submitted; None when there are none."""
    if not percentages:
        return None
    return HistorySummary(
        attempts=len(percentages),
        best=max(percentages),
        average=sum(percentages) / len(percentages),
        latest=percentages[-1],
    )


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    percentage: float


@dataclass(frozen=True)
class ScoreChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    points: tuple[ChartPoint, ...]
    gridlines: tuple[tuple[float, int], ...]

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
    return ScoreChart(width, height, left, right, top, bottom, points, gridlines)


def format_duration(seconds: float) -> str:
    """'42 s', '3 min 5 s', '1 h 2 min'."""
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s"
    return f"{secs} s"
