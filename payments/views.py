"""The card page (Stripe's Payment Element), the page Stripe returns to, shops' onboarding, the webhook."""

from __future__ import annotations

import logging
from dataclasses import asdict

import stripe
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from oscar.core.loading import get_model

from core.csv_files import Column, csv_download, money, rows_to_csv
from orders.selectors import LINES_WITH_WEIGHING
from payments.expiry import payment_abandon
from payments.intents import intent_retrieve, payment_intent_ensure, payment_sync
from payments.models import Payment
from payments.payouts import shop_onboarding_link
from payments.selectors import settlement_rows
from payments.tasks import webhook_event_queue
from payments.webhooks import webhook_event_store
from shops.dashboard.mixins import MerchantShopMixin

Basket = get_model("basket", "Basket")
logger = logging.getLogger(__name__)


def _give_basket_back(request: HttpRequest, payment: Payment) -> None:
    """Make the thawed basket this visitor's basket again (the basket cookie was dropped meanwhile)."""
    basket = Basket.open.filter(pk=payment.basket_id).first() if payment.basket_id else None
    if basket is None or basket.id == request.basket.id:
        return
    if request.basket.id:
        basket.merge(request.basket)
    basket.strategy = request.basket.strategy
    request.basket = basket


def _payment(token: str) -> Payment:
    # The tracking token is the resident's secret for this checkout, as on the tracking page.
    return get_object_or_404(Payment.objects.select_related("checkout"), checkout__tracking_token=token)


class PayView(View):
    """Where the resident types their card; Stripe.js confirms the payment in the browser."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        payment = _payment(token)
        if payment.state != Payment.State.PENDING:
            return redirect("order:track", token=token)
        try:
            payment = payment_intent_ensure(payment=payment)
        except stripe.StripeError:
            logger.exception("Could not create the PaymentIntent of %s", payment.checkout.reference)
            messages.error(request, _("Card payment is unreachable for a moment: please reload this page."))
        context = {
            "payment": payment,
            "checkout": payment.checkout,
            # Each total says "about" while weighed items are not weighed yet.
            "orders": payment.checkout.orders.select_related("shop")
            .prefetch_related(LINES_WITH_WEIGHING)
            .order_by("number"),
            "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "return_url": request.build_absolute_uri(reverse("payments:return", kwargs={"token": token})),
        }
        return render(request, "payments/pay.html", context)


class ReturnView(View):
    """Stripe sends the resident back here after paying or authenticating; we ask Stripe how it went."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        payment = _payment(token)
        if payment.state == Payment.State.PENDING and payment.intent_id:
            try:
                intent = intent_retrieve(intent_id=payment.intent_id)
            except stripe.StripeError:
                messages.info(request, _("We are checking your payment: this page updates shortly."))
                return redirect("order:track", token=token)
            payment_sync(intent=intent)
            payment.refresh_from_db()
            if intent["status"] == "requires_action":
                messages.error(request, _("Your bank asks you to confirm this payment: please try again."))
                return redirect("payments:pay", token=token)
            if intent["status"] == "processing":
                messages.info(
                    request, _("Your bank is processing the payment: we email you once it is done.")
                )
                return redirect("order:track", token=token)
        if payment.state == Payment.State.AUTHORISED:
            messages.success(
                request,
                _("Your card is authorised: you are charged the real weight once your items are weighed."),
            )
            return redirect("order:track", token=token)
        if payment.state == Payment.State.SUCCEEDED:
            messages.success(request, _("Your payment went through: thank you."))
            return redirect("order:track", token=token)
        if payment.state == Payment.State.EXPIRED:
            _give_basket_back(request, payment)
            messages.error(request, _("This payment took too long and was cancelled: your basket is back."))
            return redirect("basket:summary")
        messages.error(
            request,
            _("Your payment did not go through: %(reason)s Nothing was charged; your order is kept.")
            % {"reason": payment.last_error or _("it was not completed.")},
        )
        return redirect("payments:pay", token=token)


class AbandonView(View):
    """The resident gives up paying: the orders are cancelled and the basket comes back."""

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        payment = _payment(token)
        try:
            released = payment_abandon(payment=payment, reason=_("The resident chose not to pay by card."))
        except stripe.StripeError:
            messages.error(request, _("Card payment is unreachable for a moment: please try again."))
            return redirect("payments:pay", token=token)
        if not released:
            messages.success(request, _("Your payment had already gone through: your order is placed."))
            return redirect("order:track", token=token)
        _give_basket_back(request, payment)
        messages.info(request, _("Your order is cancelled and your basket is back."))
        return redirect("basket:summary")


class ConnectView(MerchantShopMixin, View):
    """ "My shop" → Stripe's Express onboarding, so the shop receives its card orders' money."""

    def post(self, request: HttpRequest) -> HttpResponse:
        shop = self.shop
        back = request.build_absolute_uri(reverse("dashboard:shop-profile"))
        try:
            url = shop_onboarding_link(shop=shop, refresh_url=back, return_url=back)
        except stripe.StripeError:
            logger.exception("Could not start Stripe onboarding for shop %s", shop.pk)
            messages.error(request, _("Stripe is unreachable for a moment: please try again."))
            return redirect("dashboard:shop-profile")
        return redirect(url)


@method_decorator(csrf_exempt, name="dispatch")
class WebhookView(View):
    """Stripe's events: verified, stored once, answered 200 once stored, processed by a task (or the
    sweep, when the broker could not take it)."""

    def post(self, request: HttpRequest) -> HttpResponse:
        # Stripe posts JSON. A form's body was already read by the middleware (RawPostDataException).
        if request.content_type != "application/json":
            return HttpResponseBadRequest("invalid payload or signature")
        try:
            event = stripe.Webhook.construct_event(
                request.body, request.headers.get("Stripe-Signature"), settings.STRIPE_WEBHOOK_SECRET
            )
        except (ValueError, stripe.SignatureVerificationError):
            return HttpResponseBadRequest("invalid payload or signature")
        stored = webhook_event_store(event=event)
        if stored is not None:  # new, or delivered before but not processed yet: queue it (again)
            transaction.on_commit(lambda: webhook_event_queue(event_pk=stored.pk), robust=True)
        return HttpResponse(status=200)


class SettlementCsvView(View):
    """The town hall's settlement report: card orders it must pay out itself (shops without Stripe),
    and orders the shops were paid for at their counter. Town hall only: PaymentsConfig says so."""

    def get(self, request: HttpRequest) -> HttpResponse:
        rows = [asdict(row) for row in settlement_rows()]
        return csv_download(rows_to_csv(SETTLEMENT_COLUMNS, rows), "settlement.csv")


SETTLEMENT_COLUMNS = (
    Column(_lazy("Shop"), "shop"),
    Column(_lazy("Order"), "order_number"),
    Column(_lazy("Checkout"), "checkout_reference"),
    Column(_lazy("Handed over on"), "handed_over_on"),
    Column(_lazy("Paid by"), "paid_by"),
    Column(_lazy("Paid"), "paid", money),
    Column(_lazy("Refunded"), "refunded", money),
    Column(_lazy("Commission"), "commission", money),
    Column(_lazy("Due"), "due", money),
)
