from app.domain.charts import histogram_chart


def test_histogram_has_a_bar_per_score_scaled_to_a_round_ceiling():
    chart = histogram_chart({0: 1, 2: 7, 3: 3}, max_value=3)
    assert [b.count for b in chart.bars] == [1, 0, 7, 3]
    assert [b.value for b in chart.bars] == [0, 1, 2, 3]
    levels = [level for _, level in chart.gridlines]
    assert levels == [0, 2, 4, 6, 8]                   # ceiling 8 for a peak of 7
    tallest = chart.bars[2]
    assert tallest.y + tallest.height == chart.bottom
    assert tallest.height == (chart.bottom - chart.top) * 7 / 8
    assert chart.bars[1].height == 0


def test_histogram_with_no_attempts_and_large_counts():
    assert [b.count for b in histogram_chart({}, 2).bars] == [0, 0, 0]
    levels = [level for _, level in histogram_chart({5: 23_456}, 10).gridlines]
    assert levels[-1] >= 23_456 and len(levels) <= 7
