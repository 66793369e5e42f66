# ruff: noqa: F811 (fixtures imported from the payouts and webhook tests, named as parameters)
"""Money owed whose task a broker outage lost: refunds, transfers and reversals are queued after their
commit, and with the broker down that queueing fails (logged). The periodic catch-up finds what is
still owed and moves it through Stripe once, whatever how often it runs."""

from decimal import Decimal

from orders.services import (
    order_accept,
    order_cancel,
    order_deliver,
    order_line_mark_unavailable,
    order_send_out,
)
from payments.models import Refund, Transfer, TransferReversal
from payments.tasks import payments_catch_up_task
from tests.payments.test_payouts import (  # noqa: F401 (fixture)
    collect,
    linked_cheese_shop,
    merchant,
    paid_checkout,
    paid_florist_order_with_a_vase,
)
from tests.payments.test_webhook import broker_down  # noqa: F401 (fixture)


def test_a_refund_lost_to_a_broker_outage_is_made_once_by_the_catch_up(
    client,
    town,
    stripe_stub,
    merchant,
    broker_down,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    checkout = paid_checkout(client, town, stripe_stub)
    order = checkout.orders.get(shop=town["cheese"][0])

    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(order=order, reason="Fromage tourné", actor=merchant)  # its refund task is lost

    assert not stripe_stub.refunds and not Refund.objects.exists()
    assert payments_catch_up_task() == {"refunds": 1, "transfers": 0, "reversals": 0}
    assert payments_catch_up_task() == {"refunds": 0, "transfers": 0, "reversals": 0}
    assert [refund["amount"] for refund in stripe_stub.refunds.values()] == [490]
    assert len(stripe_stub.calls("POST", "/v1/refunds")) == 1
    assert Refund.objects.get().amount == Decimal("4.90")


def test_a_transfer_lost_to_a_broker_outage_is_paid_once_by_the_catch_up(
    client,
    town,
    stripe_stub,
    merchant,
    broker_down,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    linked_cheese_shop(client, merchant)
    checkout = paid_checkout(client, town, stripe_stub)

    with django_capture_on_commit_callbacks(execute=True):
        collect(checkout.orders.get(shop=town["cheese"][0]), merchant)  # its transfer task is lost

    assert not stripe_stub.transfers
    assert payments_catch_up_task() == {"refunds": 0, "transfers": 1, "reversals": 0}
    assert payments_catch_up_task()["transfers"] == 0
    assert [transfer["amount"] for transfer in stripe_stub.transfers.values()] == [490]
    assert Transfer.objects.count() == 1


def test_a_refund_after_the_payout_lost_to_an_outage_is_refunded_and_taken_back_once(
    client, town, stripe_stub, merchant, django_capture_on_commit_callbacks
):
    order = paid_florist_order_with_a_vase(client, town, stripe_stub)
    order_accept(order=order)
    # The vase's refund is queued while the broker is down: lost (no commit callbacks run here)...
    order_line_mark_unavailable(
        order=order, line_id=order.lines.get(title="Vase en grès").pk, reason="Cassé", actor=merchant
    )
    # ...and the order is delivered and paid out in full, the broker back.
    with django_capture_on_commit_callbacks(execute=True):
        order_send_out(order=order)
        order_deliver(order=order, typed_code=order.pickup_code, checker_key="test")
    transfer = Transfer.objects.get(order=order)
    assert stripe_stub.transfers[transfer.stripe_id]["amount"] == 3500

    assert payments_catch_up_task() == {"refunds": 1, "transfers": 0, "reversals": 1}
    assert payments_catch_up_task() == {"refunds": 0, "transfers": 0, "reversals": 0}
    assert [refund["amount"] for refund in stripe_stub.refunds.values()] == [1000]
    assert stripe_stub.transfers[transfer.stripe_id]["amount_reversed"] == 1000
    assert TransferReversal.objects.get().amount == Decimal("10.00")
