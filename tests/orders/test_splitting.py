"""Order splitting: every line lands in exactly one part, the part of its shop."""

from hypothesis import given
from hypothesis import strategies as st

from orders.splitting import split_by_shop


def test_a_three_shop_basket_gives_three_parts_in_basket_order():
    lines = [("baguette", 7), ("comté", 3), ("croissant", 7), ("roses", 9)]
    parts = split_by_shop(lines, shop_of=lambda line: line[1])
    assert [p.shop_id for p in parts] == [7, 3, 9]
    assert [name for name, _ in parts[0].lines] == ["baguette", "croissant"]


@given(st.lists(st.tuples(st.integers(), st.integers(1, 5))))
def test_every_line_is_in_the_part_of_its_shop_exactly_once(lines):
    parts = split_by_shop(lines, shop_of=lambda line: line[1])
    assert sorted(line for part in parts for line in part.lines) == sorted(lines)
    assert all(line[1] == part.shop_id for part in parts for line in part.lines)
    assert len({part.shop_id for part in parts}) == len(parts)
