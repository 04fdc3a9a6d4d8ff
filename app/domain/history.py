"""A learner's history of attempts: the summary figures, the grade across attempts, durations."""

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


def overall_grade(percentages: list[float], method: str) -> float:
    """The quiz grade across attempts (in submission order), as Moodle's grading methods:
    highest, average, first or last."""
    if not percentages:
        raise ValueError("no attempts to grade")
    if method == "highest":
        return max(percentages)
    if method == "average":
        return sum(percentages) / len(percentages)
    if method == "first":
        return percentages[0]
    if method == "last":
        return percentages[-1]
    raise ValueError(f"unknown grading method {method!r}")
