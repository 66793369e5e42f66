"""Spending gift vouchers at placement: shares per shop, no change, single use, and cancellations."""

from decimal import Decimal

import pytest
import time_machine
from oscar.core.loading import get_model

from orders import services
from orders.changes import order_quantities_change
from orders.exceptions import PlacementError
from orders.models import Order, Status
from orders.placement import checkout_place
from orders.voucher_give_back import order_voucher_shares_give_back
from shops.factories import ProductFactory, ShopCategoryFactory, ShopFactory, make_merchant
from tests.vouchers.conftest import CONTACT, NOW, basket_with, issue, pickups, reload
from vouchers.services import voucher_refusal

Basket = get_model("basket", "Basket")
OrderDiscount = get_model("order", "OrderDiscount")
OrderLineDiscount = get_model("order", "OrderLineDiscount")
Range = get_model("offer", "Range")

pytestmark = pytest.mark.django_db
USED = "The gift voucher NOEL-2026 has already been used: please remove it from your basket."


def place(basket, shop) -> Order:
    return checkout_place(basket=basket, choices=pickups(shop), contact=CONTACT, user=None).orders.get()


def shares(order: Order) -> list[tuple[str, Decimal]]:
    return [(discount.voucher_code, discount.amount) for discount in order.discounts.all()]


@pytest.fixture
def two_shops():
    baker, cheese = ShopFactory(name="Fournil"), ShopFactory(name="Fromagerie")
    return {
        "baker": baker,
        "cheese": cheese,
        "bread": ProductFactory(shop=baker, title="Pain de campagne", price="10.00"),
        "comte": ProductFactory(shop=cheese, title="Comté", price="15.00"),
    }


def test_a_voucher_is_shared_between_the_shops_orders_and_each_total_is_net_of_it(two_shops):
    voucher = issue("20.00")
    basket = basket_with((two_shops["bread"], 1), (two_shops["comte"], 1), vouchers=[voucher])

    checkout = checkout_place(
        basket=basket, choices=pickups(two_shops["baker"], two_shops["cheese"]), contact=CONTACT, user=None
    )

    orders = {order.shop: order for order in checkout.orders.all()}
    baker_order, cheese_order = orders[two_shops["baker"]], orders[two_shops["cheese"]]
    # 20 € over 25 € of products: 8 € on the bread, 12 € on the cheese; each pays the rest at pickup.
    assert (baker_order.total_incl_tax, cheese_order.total_incl_tax) == (Decimal("2.00"), Decimal("3.00"))
    assert shares(baker_order) == [("NOEL-2026", Decimal("8.00"))]
    assert shares(cheese_order) == [("NOEL-2026", Decimal("12.00"))]
    line = cheese_order.lines.get()
    assert line.line_price_before_discounts_incl_tax == Decimal("15.00")
    assert line.line_price_incl_tax == Decimal("3.00")
    assert [d.amount for d in OrderLineDiscount.objects.filter(line=line)] == [Decimal("12.00")]
    voucher.refresh_from_db()
    assert voucher.total_discount == Decimal("20.00")
    assert voucher_refusal(voucher, None) == USED


def test_a_voucher_gives_no_change(two_shops):
    voucher = issue("50.00")
    basket = basket_with((two_shops["bread"], 1), vouchers=[voucher])

    order = place(basket, two_shops["baker"])

    assert order.total_incl_tax == Decimal("0.00")
    assert order.discounts.get().amount == Decimal("10.00")
    assert voucher_refusal(voucher, None)  # the 40 € left are lost: the voucher is used


def test_a_voucher_for_one_category_pays_only_for_those_shops_items():
    bakeries = ShopCategoryFactory(name="Boulangeries")
    baker = ShopFactory(name="Fournil", category=bakeries)
    florist = ShopFactory(name="Fleurs")
    bread = ProductFactory(shop=baker, price="6.00")
    flowers = ProductFactory(shop=florist, price="30.00")
    voucher = issue("10.00", category=bakeries)
    basket = basket_with((bread, 1), (flowers, 1), vouchers=[voucher])

    checkout = checkout_place(basket=basket, choices=pickups(baker, florist), contact=CONTACT, user=None)

    totals = {order.shop.name: order.total_incl_tax for order in checkout.orders.all()}
    assert totals == {"Fournil": Decimal("0.00"), "Fleurs": Decimal("30.00")}
    assert not OrderDiscount.objects.filter(order__shop=florist).exists()


def test_a_voucher_of_another_category_gives_nothing_and_is_not_spent():
    bakeries = ShopCategoryFactory(name="Boulangeries")
    florist = ShopFactory(name="Fleurs")
    voucher = issue("10.00", category=bakeries)
    basket = basket_with((ProductFactory(shop=florist, price="30.00"), 1), vouchers=[voucher])

    order = place(basket, florist)

    assert order.total_incl_tax == Decimal("30.00")
    assert voucher_refusal(voucher, None) == ""


def test_a_used_voucher_refuses_the_second_checkout_which_keeps_its_basket(two_shops):
    voucher = issue("5.00")
    first = basket_with((two_shops["bread"], 1), vouchers=[voucher])
    # The second resident's basket got its discount while the voucher was still unused.
    second = basket_with((two_shops["comte"], 1), vouchers=[voucher])
    checkout_place(basket=first, choices=pickups(two_shops["baker"]), contact=CONTACT, user=None)

    with pytest.raises(PlacementError) as refused:
        checkout_place(basket=second, choices=pickups(two_shops["cheese"]), contact=CONTACT, user=None)

    assert refused.value.message == USED
    assert Order.objects.filter(shop=two_shops["cheese"]).count() == 0
    second = reload(second)
    assert second.status == Basket.OPEN and second.num_lines == 1
    # On the next page, the basket no longer counts the voucher.
    assert second.total_incl_tax == Decimal("15.00")


def test_a_voucher_expired_since_the_basket_was_priced_is_refused(two_shops):
    voucher = issue("5.00", days=1)
    basket = basket_with((two_shops["bread"], 1), vouchers=[voucher])

    with time_machine.travel(voucher.end_datetime.timestamp() + 60, tick=False):
        with pytest.raises(PlacementError) as refused:
            checkout_place(basket=basket, choices=pickups(two_shops["baker"]), contact=CONTACT, user=None)

    assert "has expired" in refused.value.message
    assert not Order.objects.exists()


def test_a_shop_cancelling_gives_its_share_back_as_a_new_voucher(
    two_shops, django_capture_on_commit_callbacks
):
    # Issue #15: the resident lost the cheese's 12 € share when the cheese shop cancelled.
    voucher = issue("20.00")
    basket = basket_with((two_shops["bread"], 1), (two_shops["comte"], 1), vouchers=[voucher])
    checkout = checkout_place(
        basket=basket, choices=pickups(two_shops["baker"], two_shops["cheese"]), contact=CONTACT, user=None
    )
    cheese_order = checkout.orders.get(shop=two_shops["cheese"])

    with django_capture_on_commit_callbacks(execute=True):
        services.order_cancel(order=cheese_order, reason="Plus de comté", actor=None)

    # The baker's 8 € stay spent (a voucher gives no change): the 12 € come back as a new voucher.
    assert voucher_refusal(voucher, None) == USED
    given = cheese_order.voucher_give_backs.get()
    assert (given.voucher_code, given.amount) == ("NOEL-2026", Decimal("12.00"))
    new_voucher = given.new_voucher
    assert voucher_refusal(new_voucher, None) == ""
    assert new_voucher.end_datetime >= voucher.end_datetime
    # Spent on a new basket, it pays 12 € of the bread.
    order = place(basket_with((two_shops["bread"], 2), vouchers=[new_voucher]), two_shops["baker"])
    assert order.total_incl_tax == Decimal("8.00")
    # Cancelling again (a retry, a second path) gives nothing more.
    assert order_voucher_shares_give_back(order=cheese_order) == []


def test_an_order_that_alone_spent_a_voucher_gives_the_voucher_itself_back(
    two_shops, django_capture_on_commit_callbacks
):
    voucher = issue("50.00")
    order = place(basket_with((two_shops["bread"], 1), vouchers=[voucher]), two_shops["baker"])

    with django_capture_on_commit_callbacks(execute=True):
        services.order_cancel_by_resident(order=order, actor=None)

    # The whole voucher, 50 €, not only the 10 € it paid: nothing of it reached any shop.
    assert voucher_refusal(voucher, None) == ""
    given = order.voucher_give_backs.get()
    assert given.new_voucher is None and given.amount == Decimal("10.00")
    voucher.refresh_from_db()
    assert (voucher.num_orders, voucher.total_discount) == (0, Decimal("0.00"))


def test_an_item_the_shop_cannot_supply_gives_its_share_back(two_shops, django_capture_on_commit_callbacks):
    voucher = issue("20.00")
    bread, croissant = (
        two_shops["bread"],
        ProductFactory(shop=two_shops["baker"], title="Croissant", price="10.00"),
    )
    order = place(basket_with((bread, 1), (croissant, 1), vouchers=[voucher]), two_shops["baker"])
    line = order.lines.get(title="Croissant")
    merchant = make_merchant(two_shops["baker"], email="paul@fournil.fr")

    with django_capture_on_commit_callbacks(execute=True):
        services.order_line_mark_unavailable(
            order=order, line_id=line.pk, reason="Plus de croissants", actor=merchant
        )
        services.order_cancel(order=order, reason="Four en panne", actor=merchant)

    # 10 € for the croissant when it was taken off, then the bread's 10 € with the cancellation.
    amounts = [given.amount for given in order.voucher_give_backs.all()]
    assert amounts == [Decimal("10.00"), Decimal("10.00")]
    assert all(voucher_refusal(given.new_voucher, None) == "" for given in order.voucher_give_backs.all())


def test_a_card_checkout_never_paid_gives_its_vouchers_back(two_shops, django_capture_on_commit_callbacks):
    voucher = issue("5.00")
    basket = basket_with((two_shops["bread"], 1), vouchers=[voucher])
    checkout = checkout_place(
        basket=basket,
        choices=pickups(two_shops["baker"]),
        contact=CONTACT,
        user=None,
        status=Status.PENDING_PAYMENT,
    )
    assert voucher_refusal(voucher, None)

    with django_capture_on_commit_callbacks(execute=True):
        services.order_cancel(
            order=checkout.orders.get(), reason="The card payment was not completed in time.", actor=None
        )

    assert voucher_refusal(voucher, None) == ""
    # Oscar's voucher statistics no longer count the order.
    voucher.refresh_from_db()
    assert (voucher.num_orders, voucher.total_discount) == (0, Decimal("0.00"))


def test_two_vouchers_add_up_in_one_basket(two_shops):
    first, second = issue("4.00", code="A-1"), issue("3.00", code="B-2")
    basket = basket_with((two_shops["bread"], 1), vouchers=[first, second])

    order = place(basket, two_shops["baker"])

    assert order.total_incl_tax == Decimal("3.00")
    assert sorted(d.voucher_code for d in order.discounts.all()) == ["A-1", "B-2"]


def test_a_batch_of_vouchers_has_distinct_codes_each_usable_once():
    vouchers = issue("10.00", code="", count=5)

    assert len({voucher.code for voucher in vouchers}) == 5
    assert {voucher.voucher_set.count for voucher in vouchers} == {5}
    assert all(voucher_refusal(voucher, None) == "" for voucher in vouchers)
    assert all(voucher.start_datetime < NOW < voucher.end_datetime for voucher in vouchers)


def test_a_voucher_for_every_shop_pays_for_a_product_another_all_products_range_leaves_out(two_shops):
    # The town hall's own "everything but…" range in Oscar's dashboard is no range of a gift voucher.
    no_cheese = Range.objects.create(name="Tout sauf le comté", includes_all_products=True)
    no_cheese.excluded_products.add(two_shops["comte"])
    voucher = issue("5.00")
    basket = basket_with((two_shops["comte"], 1), vouchers=[voucher])

    order = place(basket, two_shops["cheese"])

    assert order.discounts.get().amount == Decimal("5.00")


def test_the_vouchers_come_back_in_the_cancellation_itself(two_shops, django_capture_on_commit_callbacks):
    # Not after its commit: a worker stopping in between would keep the resident's voucher spent.
    voucher = issue("5.00")
    basket = basket_with((two_shops["bread"], 1), vouchers=[voucher])
    pending = Status.PENDING_PAYMENT
    checkout = checkout_place(
        basket=basket, choices=pickups(two_shops["baker"]), contact=CONTACT, user=None, status=pending
    )

    with django_capture_on_commit_callbacks(execute=False):
        services.order_cancel(order=checkout.orders.get(), reason="Card payment abandoned", actor=None)

    assert voucher_refusal(voucher, None) == ""


def test_a_resident_lowering_a_quantity_gets_the_vouchers_share_of_it_back(two_shops):
    voucher = issue("20.00")
    order = place(basket_with((two_shops["bread"], 2), vouchers=[voucher]), two_shops["baker"])
    line = order.lines.get()
    assert order.total_incl_tax == Decimal("0.00")

    order_quantities_change(order=order, quantities={line.pk: 1}, actor=None)

    # One loaf left, still paid by the voucher; the other loaf's 10 € come back as a new voucher.
    order.refresh_from_db()
    assert order.total_incl_tax == Decimal("0.00")
    given = order.voucher_give_backs.get()
    assert given.amount == Decimal("10.00") and voucher_refusal(given.new_voucher, None) == ""
    assert voucher_refusal(voucher, None) == USED
    assert order.voucher_share == Decimal("10.00")  # what the town owes the baker now
