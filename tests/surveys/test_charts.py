"""Bar geometry of the results charts."""

from surveys.charts import WIDTH, bar_chart


def test_bars_are_relative_to_the_largest_and_percents_to_the_total():
    chart = bar_chart([("Marché", 6), ("Événements", 3), ("Rien", 0)], total=10)
    assert [(b.width, b.percent) for b in chart.bars] == [(WIDTH, 60), (WIDTH // 2, 30), (0, 0)]


def test_no_answer_draws_empty_bars():
    assert [b.width for b in bar_chart([("A", 0), ("B", 0)]).bars] == [0, 0]
