"""Payments: the checkout's PaymentIntent, what Stripe says, refunds, payouts to shops, expiry, and
what a shop records when it is paid at its counter.

Stripe is the source of truth (DESIGN.md "Money"): `payment_sync` applies a PaymentIntent as
Stripe reports it (webhook, return page or expiry), idempotently and in any order, so replayed or
late events converge. Every call to Stripe goes through `stripe_client`, so settings decide
where it goes (tests point it at a local stub).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

import stripe
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.apps.order.processing import EventHandler
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency

from orders.models import Checkout, Fulfilment, Order, Status
from orders.notifications import outbox_add_for_checkout
from orders.services import order_cancel, order_collect, order_deliver, order_mark_paid
from payments.exceptions import CardMinimumUnmet, PickupPaymentMissing, TransferFundsShort
from payments.models import Payment, PickupPayment, Refund, Transfer, TransferReversal, WebhookEvent
from shops.models import Partner

Basket = get_model("basket", "Basket")
PaymentEventType = get_model("order", "PaymentEventType")
logger = logging.getLogger(__name__)


def card_payment_available() -> bool:
    """Card payment is offered only when the site has its Stripe keys."""
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY)


# The smallest charge Stripe takes in euros (its "minimum charge amounts"); it refuses less.
CARD_MINIMUM = Decimal("0.50")


def card_minimum_unmet(amount: Decimal) -> bool:
    """Something is left to pay, but less than a card payment can take: it is paid at the counter."""
    return Decimal(0) < amount < CARD_MINIMUM


def card_minimum_refusal(amount: Decimal) -> str:
    return _(
        "%(left)s is left to pay: less than the %(minimum)s a card payment can take. You pay it at "
        "the shop when you collect: please choose pickup in store and payment at the shop."
    ) % {"left": currency(amount, "EUR"), "minimum": currency(CARD_MINIMUM, "EUR")}


def stripe_client() -> stripe.StripeClient:
    base = settings.STRIPE_API_BASE
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": base} if base else None,
        # The SDK retries network errors with the same idempotency key, so a retry never pays twice.
        max_network_retries=2,
    )


def to_cents(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal("1")))


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


# --- Starting a payment.


def payment_create(*, checkout: Checkout, basket_id: int | None) -> Payment:
    """The checkout's payment row, written with its orders so the expiry always finds them.

    Raises CardMinimumUnmet when less is left to pay than a card takes (a delivery fee alone once
    vouchers paid the products): the caller's transaction then writes none of the checkout.
    """
    amount = sum((order.total_incl_tax for order in checkout.orders.all()), Decimal("0.00"))
    if card_minimum_unmet(amount):
        raise CardMinimumUnmet(card_minimum_refusal(amount))
    return Payment.objects.create(checkout=checkout, basket_id=basket_id, amount=amount)


def payment_intent_ensure(*, payment: Payment) -> Payment:
    """Create the checkout's PaymentIntent once; a repeat (double submit, reload) gets the same one.

    The idempotency key is the checkout reference, so even two racing requests make one intent.
    Raises stripe.StripeError when Stripe cannot be reached; the resident may try again.
    """
    if payment.intent_id:
        return payment
    checkout = payment.checkout
    numbers = list(checkout.orders.order_by("number").values_list("number", flat=True))
    intent = stripe_client().v1.payment_intents.create(
        params={
            "amount": to_cents(payment.amount),
            "currency": "eur",
            "automatic_payment_methods": {"enabled": True},
            "description": _("Marketplace order %(reference)s") % {"reference": checkout.reference},
            "metadata": {"checkout": checkout.reference, "orders": ",".join(numbers)},
            "transfer_group": checkout.reference,
            "receipt_email": checkout.email,
        },
        options={"idempotency_key": f"checkout-{checkout.reference}"},
    )
    Payment.objects.filter(pk=payment.pk).update(intent_id=intent.id, client_secret=intent.client_secret)
    payment.intent_id, payment.client_secret = intent.id, intent.client_secret
    return payment


def intent_retrieve(*, intent_id: str) -> dict[str, Any]:
    return stripe_client().v1.payment_intents.retrieve(intent_id).to_dict()


# --- Applying what Stripe says.


def _payment_for_intent(intent: dict[str, Any]) -> Payment | None:
    # The metadata finds a payment whose intent id was not saved yet (the event can be that quick).
    reference = (intent.get("metadata") or {}).get("checkout", "")
    return (
        Payment.objects.select_for_update().filter(intent_id=intent["id"]).first()
        or Payment.objects.select_for_update().filter(checkout__reference=reference).first()
    )


def payment_sync(*, intent: dict[str, Any]) -> Payment | None:
    """Apply a PaymentIntent as Stripe reports it. Idempotent; an older report never undoes a newer one."""
    with transaction.atomic():
        payment = _payment_for_intent(intent)
        if payment is None:
            logger.warning("Stripe reported an intent we do not know: %s", intent["id"])
            return None
        if payment.intent_id is None:
            payment.intent_id = intent["id"]
            payment.save(update_fields=["intent_id"])
        if payment.state == Payment.State.SUCCEEDED:
            return payment
        if intent["status"] == "succeeded":
            _payment_mark_succeeded(payment)
        elif intent.get("last_payment_error"):
            payment.last_error = (intent["last_payment_error"].get("message") or "")[:300]
            payment.save(update_fields=["last_error"])
    return payment


def _payment_mark_succeeded(payment: Payment) -> None:
    expired = payment.state == Payment.State.EXPIRED
    if expired:
        # Paid after the hold ran out and its orders were cancelled: Stripe's cancel lost a race.
        # The cancelled orders are refunded below; nobody is told of orders that no longer exist.
        logger.error("Checkout %s was paid after it expired: refunding it", payment.checkout.reference)
    payment.state = Payment.State.SUCCEEDED
    payment.paid_at = timezone.now()
    payment.last_error = ""
    payment.save(update_fields=["state", "paid_at", "last_error"])
    for order in payment.checkout.orders.filter(status=Status.PENDING_PAYMENT).order_by("pk"):
        order_mark_paid(order=order)
    if not expired:
        outbox_add_for_checkout(checkout=payment.checkout)
    # Orders cancelled or trimmed while the card was being paid are refunded now.
    for order_id in payment.checkout.orders.values_list("pk", flat=True):
        transaction.on_commit(partial(_queue_refund, order_id))
    if payment.basket_id:
        # Only the basket still held for this payment: after an expiry it was given back to the
        # resident, who may be filling it again.
        basket = Basket.objects.filter(pk=payment.basket_id, status=Basket.FROZEN).first()
        if basket:
            basket.submit()


def payment_record_refunded(*, intent_id: str, amount_refunded: int) -> None:
    """Stripe's running total of refunds on the charge; the highest report wins, whatever the order."""
    refunded = from_cents(amount_refunded)
    Payment.objects.filter(intent_id=intent_id, amount_refunded__lt=refunded).update(amount_refunded=refunded)


def payment_record_dispute(*, intent_id: str) -> None:
    with transaction.atomic():
        for payment in Payment.objects.select_for_update().filter(intent_id=intent_id, disputed=False):
            payment.disputed = True
            payment.save(update_fields=["disputed"])
            for order in payment.checkout.orders.all():
                order.notes.create(
                    note_type="System",
                    message=_("The resident disputed the card payment: see Stripe's dashboard."),
                )


# --- Pay at pickup: the shop is paid at its counter, and records how.


def order_pays_at_pickup(order: Order) -> bool:
    """Something is left to pay at the shop's counter: the checkout has no card payment (paid at
    pickup, or a phone order) and gift vouchers did not cover the whole order."""
    return order.total_incl_tax > 0 and not Payment.objects.filter(checkout_id=order.checkout_id).exists()


def order_hand_over_and_record_payment(
    *, order: Order, typed_code: str, checker_key: str, paid_by: str | None
) -> Order:
    """Hand an order over, at the counter or at the door (its code checked as `order_collect` and
    `order_deliver` do) and, when it is paid on hand-over, record how (`PickupPayment`) as an Oscar
    payment event of its total, in the same transaction.

    Raises PickupPaymentMissing, before the code is checked, when such an order gets no method.
    """
    pays_at_pickup = order_pays_at_pickup(order)
    if pays_at_pickup and paid_by not in PickupPayment.values:
        raise PickupPaymentMissing(_("Say how the customer paid: cash or card terminal."))
    hand_over = order_deliver if order.fulfilment == Fulfilment.DELIVERY else order_collect
    with transaction.atomic():
        order = hand_over(order=order, typed_code=typed_code, checker_key=checker_key)
        if pays_at_pickup:
            with translation.override("en"):  # Oscar's event type names are data, in one language
                name = f"Paid at pickup: {PickupPayment(paid_by).label}"
            event_type, _created = PaymentEventType.objects.get_or_create(
                code=paid_by, defaults={"name": name}
            )
            EventHandler().handle_payment_event(order, event_type, order.total_incl_tax)
    return order


# --- Refunds.


def _queue_refund(order_id: int) -> None:
    from payments.tasks import order_refund_due_task  # the task module imports this one

    order_refund_due_task.delay(order_id)


def order_paid_share(order: Order) -> Decimal:
    """What the resident paid for this order: every line as placed, and the delivery fee."""
    lines = sum((line.line_price_incl_tax for line in order.lines.all()), Decimal("0.00"))
    return lines + order.shipping_incl_tax


def order_refund_total(order: Order) -> Decimal:
    """What goes back for an order in all: everything once cancelled, else its unavailable lines."""
    if order.status == Status.CANCELLED:
        return order_paid_share(order)
    return sum(
        (line.line_price_incl_tax for line in order.lines.all() if line.status == Status.LINE_UNAVAILABLE),
        Decimal("0.00"),
    )


def order_card_payment(order: Order) -> Payment | None:
    """The card payment of the order's checkout once it went through; None if paid at pickup or not yet."""
    return Payment.objects.filter(checkout_id=order.checkout_id, state=Payment.State.SUCCEEDED).first()


def order_refunded(order: Order) -> Decimal:
    """What went back to the card for this order so far (its Refunds)."""
    return sum((refund.amount for refund in order.refunds.all()), Decimal("0.00"))


def order_refund_due(*, order_id: int) -> Refund | None:
    """Refund what the shop did not supply and was not refunded yet: the whole order once cancelled,
    else its unavailable lines. Idempotent: run it again (retry, duplicate hook) and nothing more goes back.

    Raises stripe.StripeError when Stripe cannot be reached; the task retries with the same key.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        payment = order_card_payment(order)
        if payment is None:
            return None  # paid at pickup, or not paid (yet): nothing to give back
        due = order_refund_total(order)
        refunded = order_refunded(order)
        amount = due - refunded
        if amount <= 0:
            return None
        key = f"refund-{order.number}-{to_cents(due)}"
        stripe_refund = stripe_client().v1.refunds.create(
            params={
                "payment_intent": payment.intent_id,
                "amount": to_cents(amount),
                "metadata": {"order": order.number, "checkout": payment.checkout.reference},
            },
            options={"idempotency_key": key},
        )
        refund = Refund.objects.create(
            order=order, amount=amount, idempotency_key=key, stripe_id=stripe_refund.id
        )
        if Transfer.objects.filter(order=order).exists():
            # The shop was already paid its share: take back what was just refunded.
            transaction.on_commit(partial(_queue_transfer_reversal, order.pk))
        return refund


# --- Payouts to shops (Stripe Connect, separate charges and transfers).


def shop_onboarding_link(*, shop: Partner, refresh_url: str, return_url: str) -> str:
    """Stripe's Express onboarding page for the shop, creating its account the first time."""
    if not shop.stripe_account_id:
        account = stripe_client().v1.accounts.create(
            params={
                "type": "express",
                "country": "FR",
                "email": shop.email or None,
                "capabilities": {"transfers": {"requested": True}},
                "metadata": {"shop": str(shop.pk)},
            },
            options={"idempotency_key": f"shop-account-{shop.pk}"},
        )
        Partner.objects.filter(pk=shop.pk).update(stripe_account_id=account.id)
        shop.stripe_account_id = account.id
    link = stripe_client().v1.account_links.create(
        params={
            "account": shop.stripe_account_id,
            "refresh_url": refresh_url,
            "return_url": return_url,
            "type": "account_onboarding",
        }
    )
    return link.url


@dataclass(frozen=True)
class Payout:
    paid: Decimal
    refunded: Decimal
    commission: Decimal

    @property
    def due(self) -> Decimal:
        return self.paid - self.refunded - self.commission


def order_payout(order: Order) -> Payout:
    """What the shop gets for a card order: what was paid, less refunds and the town's commission."""
    paid = order_paid_share(order)
    refunded = order_refunded(order)
    rate = Decimal(settings.PAYMENT_TOWN_COMMISSION_PERCENT) / 100
    return Payout(
        paid=paid, refunded=refunded, commission=((paid - refunded) * rate).quantize(Decimal("0.01"))
    )


def order_transfer(*, order_id: int, funds_refusals: int = 0) -> Transfer | None:
    """Send a handed-over order's share to its shop's account, once; None when nothing is due.

    The share is what the resident paid for the order, less refunds and the town's commission
    (PAYMENT_TOWN_COMMISSION_PERCENT). It is paid from the checkout's charge (`source_transaction`):
    right after the payment the charge's funds are not available yet, and Stripe then makes the
    transfer wait for them instead of refusing it.

    Raises stripe.StripeError when Stripe cannot be reached; the task retries with the same
    idempotency key, so a shop is never paid twice. Raises TransferFundsShort when Stripe refuses
    for lack of funds: Stripe keeps that answer under the key, so the task retries with the next
    `funds_refusals`, a new key (safe: a refused request created nothing).
    """
    with transaction.atomic():
        order = (
            Order.objects.select_for_update(of=("self",)).select_related("shop", "checkout").get(pk=order_id)
        )
        payment = order_card_payment(order)
        if (
            payment is None
            or order.status not in (Status.COLLECTED, Status.DELIVERED)
            or not order.shop.stripe_account_id
            or Transfer.objects.filter(order=order).exists()
        ):
            return None
        amount = order_payout(order).due
        if amount <= 0:
            return None
        charge = intent_retrieve(intent_id=payment.intent_id)["latest_charge"]
        key = f"transfer-{order.number}" + (f"-{funds_refusals}" if funds_refusals else "")
        try:
            transfer = stripe_client().v1.transfers.create(
                params={
                    "amount": to_cents(amount),
                    "currency": "eur",
                    "destination": order.shop.stripe_account_id,
                    "transfer_group": order.checkout.reference,
                    "source_transaction": charge,
                    "metadata": {"order": order.number},
                },
                options={"idempotency_key": key},
            )
        except stripe.InvalidRequestError as error:
            if error.code == "balance_insufficient":
                raise TransferFundsShort(order.number) from error
            raise
        return Transfer.objects.create(order=order, amount=amount, stripe_id=transfer.id)


def _queue_transfer_reversal(order_id: int) -> None:
    from payments.tasks import order_transfer_reverse_task  # the task module imports this one

    order_transfer_reverse_task.delay(order_id)


def order_transfer_reverse(*, order_id: int) -> TransferReversal | None:
    """Take back from the shop what it was paid beyond its share, after a refund that came once
    the order was handed over and paid out; None when the transfer matches the share.

    Raises stripe.StripeError when Stripe cannot be reached; the task retries with the same
    idempotency key (the order and the share left), so a shop is never charged twice.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update(of=("self",)).get(pk=order_id)
        transfer = Transfer.objects.filter(order=order).first()
        if transfer is None:
            return None
        share = max(order_payout(order).due, Decimal("0.00"))
        reversed_already = sum((reversal.amount for reversal in transfer.reversals.all()), Decimal("0.00"))
        amount = transfer.amount - reversed_already - share
        if amount <= 0:
            return None
        key = f"reversal-{order.number}-{to_cents(share)}"
        reversal = stripe_client().v1.transfers.reversals.create(
            transfer.stripe_id,
            params={"amount": to_cents(amount), "metadata": {"order": order.number}},
            options={"idempotency_key": key},
        )
        return TransferReversal.objects.create(
            transfer=transfer, amount=amount, idempotency_key=key, stripe_id=reversal.id
        )


# --- Webhooks.


def webhook_event_store(*, event: stripe.Event) -> WebhookEvent | None:
    """Keep the event once; None when it was already delivered (a replay)."""
    stored, created = WebhookEvent.objects.get_or_create(
        event_id=event.id, defaults={"type": event.type, "payload": event.to_dict()}
    )
    return stored if created else None


def webhook_event_process(*, event_pk: int) -> None:
    """Apply one stored event at most once."""
    with transaction.atomic():
        stored = WebhookEvent.objects.select_for_update().get(pk=event_pk)
        if stored.processed_at:
            return
        obj = stored.payload["data"]["object"]
        if stored.type in ("payment_intent.succeeded", "payment_intent.payment_failed"):
            # The event is a snapshot that may be older than the intent: ask Stripe for now.
            payment_sync(intent=intent_retrieve(intent_id=obj["id"]))
        elif stored.type == "charge.refunded":
            payment_record_refunded(intent_id=obj["payment_intent"], amount_refunded=obj["amount_refunded"])
        elif stored.type == "charge.dispute.created":
            payment_record_dispute(intent_id=obj["payment_intent"])
        stored.processed_at = timezone.now()
        stored.save(update_fields=["processed_at"])


# --- Giving up: the resident abandons, or the hold runs out.


def payment_abandon(*, payment: Payment, reason: str) -> bool:
    """Cancel an unpaid checkout: its intent at Stripe, its orders (freeing stock and slots), and
    give the basket back. False when Stripe says it was paid after all (it is then marked paid).

    Raises stripe.StripeError when Stripe cannot be reached: nothing is released while money
    might have been taken.
    """
    if payment.intent_id:
        try:
            intent = (
                stripe_client()
                .v1.payment_intents.cancel(payment.intent_id, params={"cancellation_reason": "abandoned"})
                .to_dict()
            )
        except stripe.InvalidRequestError:
            intent = intent_retrieve(intent_id=payment.intent_id)
        if intent["status"] == "succeeded":
            payment_sync(intent=intent)
            return False
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.state != Payment.State.PENDING:
            return locked.state == Payment.State.EXPIRED
        locked.state = Payment.State.EXPIRED
        locked.save(update_fields=["state"])
        for order in locked.checkout.orders.filter(status=Status.PENDING_PAYMENT).order_by("pk"):
            order_cancel(order=order, reason=reason, actor=None)
        basket = Basket.objects.filter(pk=locked.basket_id).first() if locked.basket_id else None
        if basket and basket.status == Basket.FROZEN:
            basket.thaw()
    return True


def payments_expire_unpaid(*, now: dt.datetime | None = None) -> int:
    """Release the checkouts left unpaid past the hold; returns how many were released."""
    now = now or timezone.now()
    deadline = now - dt.timedelta(minutes=settings.PAYMENT_HOLD_MINUTES)
    released = 0
    for payment in Payment.objects.filter(state=Payment.State.PENDING, created_at__lt=deadline):
        try:
            released += payment_abandon(
                payment=payment, reason=_("The card payment was not completed in time.")
            )
        except stripe.StripeError:
            logger.warning("Stripe unreachable; checkout %s is kept for the next run", payment.checkout_id)
    return released
