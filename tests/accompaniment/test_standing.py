"""The "needs a hand" rules and sorting, over plain values."""

import datetime as dt

from accompaniment.standing import Standing, standings_sort

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)


def standing(**changes) -> Standing:
    values = dict(
        shop_id=1,
        name="Boutique",
        joined_at=NOW - dt.timedelta(days=30),
        products_online=5,
        products_with_photo=2,
        products_in_stock=3,
        has_hours=True,
        temporarily_closed=False,
        closed_message="",
        first_order_at=None,
        orders_this_month=0,
        orders_waiting=0,
        last_login=NOW - dt.timedelta(days=1),
        help_count=0,
        consent=False,
    )
    return Standing(**{**values, **changes})


def test_a_shop_doing_well_needs_no_hand():
    assert standing().flags(now=NOW) == []


def test_no_product_after_seven_days_but_not_before():
    assert standing(products_online=0, joined_at=NOW - dt.timedelta(days=7)).flags(now=NOW) == [
        "No product after 7 days"
    ]
    assert standing(products_online=0, joined_at=NOW - dt.timedelta(days=6)).flags(now=NOW) == []


def test_stock_all_zero_and_orders_waiting():
    assert standing(products_in_stock=0, orders_waiting=2).flags(now=NOW) == [
        "Orders waiting",
        "Stock all zero",
    ]


def test_status_is_not_kept_up_to_date_without_hours_a_recent_login_or_a_closure_message():
    assert standing().status_kept_up_to_date(now=NOW)
    assert not standing(has_hours=False).status_kept_up_to_date(now=NOW)
    assert not standing(last_login=None).status_kept_up_to_date(now=NOW)
    assert not standing(last_login=NOW - dt.timedelta(days=31)).status_kept_up_to_date(now=NOW)
    assert not standing(temporarily_closed=True).status_kept_up_to_date(now=NOW)
    assert standing(temporarily_closed=True, closed_message="Congés").status_kept_up_to_date(now=NOW)


def test_sorting_neediest_first_by_default_and_unknown_keys_fall_back():
    fine, needy = standing(shop_id=1, name="A"), standing(shop_id=2, name="B", orders_waiting=1)
    assert [s.shop_id for s in standings_sort([fine, needy], sort="", now=NOW)[0]] == [2, 1]
    assert [s.shop_id for s in standings_sort([fine, needy], sort="name", now=NOW)[0]] == [1, 2]
    assert [s.shop_id for s in standings_sort([fine, needy], sort="-name", now=NOW)[0]] == [2, 1]
    assert standings_sort([fine], sort="password", now=NOW)[1] == "-flags"
