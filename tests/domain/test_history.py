from app.domain.charts import score_chart
from app.domain.history import format_duration, summarise


def test_summary_of_attempts_in_submission_order():
    summary = summarise([40.0, 90.0, 65.0])
    assert (summary.attempts, summary.best, summary.latest) == (3, 90.0, 65.0)
    assert summary.average == 65.0
    assert summarise([]) is None


def test_chart_spreads_attempts_and_maps_percent_to_height():
    chart = score_chart([0.0, 50.0, 100.0], width=600, height=220)
    xs = [p.x for p in chart.points]
    ys = [p.y for p in chart.points]
    assert xs[0] == chart.left and xs[-1] == chart.right and xs[1] == (xs[0] + xs[2]) / 2
    assert ys[0] == chart.bottom and ys[2] == chart.top and ys[1] == (ys[0] + ys[2]) / 2
    assert chart.polyline.count(",") == 3
    assert [level for _, level in chart.gridlines] == [0, 25, 50, 75, 100]


def test_a_single_attempt_sits_in_the_middle():
    (point,) = score_chart([75.0]).points
    chart = score_chart([75.0])
    assert point.x == (chart.left + chart.right) / 2


def test_durations_read_naturally():
    assert format_duration(42.4) == "42 s"
    assert format_duration(185) == "3 min 5 s"
    assert format_duration(3720) == "1 h 2 min"
    assert format_duration(-3) == "0 s"


def test_grade_across_attempts_by_method():
    from app.domain.history import overall_grade

    scores = [40.0, 90.0, 65.0]
    assert overall_grade(scores, "highest") == 90.0
    assert overall_grade(scores, "average") == 65.0
    assert overall_grade(scores, "first") == 40.0
    assert overall_grade(scores, "last") == 65.0
