"""The merchant's order board: what to prepare for when, and one button per step."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from orders import selectors, services
from orders.dashboard.forms import (
    CancelForm,
    CollectForm,
    DeliverForm,
    UnavailableLineForm,
    typed_weights_keep,
    typed_weights_take,
    weights_parse,
)
from orders.exceptions import (
    InvalidTransition,
    PickupPaymentMissing,
    TooManyAttempts,
    WrongPickupCode,
)
from orders.handover import order_hand_over_and_record_payment, order_pays_at_pickup, order_pickup_payments
from orders.models import Fulfilment, Order, OutboxMessage, Status
from orders.outbox import outbox_resend
from orders.weighing import weighed_rows
from shops.dashboard.selectors import merchant_shop

# What each one-click button of the board does; handing over (collected, delivered) needs the code.
STEP_SERVICES = {
    "accept": services.order_accept,
    "ready": services.order_mark_ready,
    "out": services.order_send_out,
    "dropped": services.order_mark_dropped,
}


def next_step(order: Order) -> str | None:
    if order.status == Status.PLACED:
        return "accept"
    if order.status == Status.ACCEPTED:
        return {Fulfilment.PICKUP: "ready", Fulfilment.PICKUP_POINT: "dropped"}.get(order.fulfilment, "out")
    return None


def merchant_order(request: HttpRequest, number: str) -> Order:
    return get_object_or_404(selectors.orders_for_merchant(request.user), number=number)


class OrderBoardView(TemplateView):
    template_name = "orders/dashboard/board.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        upcoming = self.request.GET.get("when") == "upcoming"
        now = timezone.now()
        today = timezone.localdate(now)
        orders = list(selectors.board_orders(self.request.user, day=today, upcoming=upcoming))
        for order in orders:
            order.next_step = next_step(order)
            # Its slot is over and it is still open: flagged, so that it is not forgotten.
            order.overdue = order.slot_end is not None and order.slot_end <= now
        context.update(
            upcoming=upcoming,
            today_start=selectors.local_midnight(today),
            groups=selectors.group_by_slot(orders),
            order_count=len(orders),
            counts=selectors.board_counts(self.request.user, day=today),
            has_shop=merchant_shop(user=self.request.user) is not None,
            typed_weights=typed_weights_take(self.request.session),
        )
        return context


class OrderHandleView(TemplateView):
    template_name = "orders/dashboard/handle.html"

    def get_context_data(
        self, collect_form: CollectForm | None = None, deliver_form: DeliverForm | None = None, **kwargs
    ) -> dict:
        context = super().get_context_data(**kwargs)
        order = merchant_order(self.request, self.kwargs["number"])
        order.next_step = next_step(order)
        pays_at_pickup = order_pays_at_pickup(order)
        context.update(
            order=order,
            lines=order.lines.select_related("weighing"),
            weighed=weighed_rows(order),
            notes=order.notes.order_by("-date_created"),
            pays_at_pickup=pays_at_pickup,
            pickup_payments=order_pickup_payments(order),
            collect_form=collect_form or CollectForm(pays_at_pickup=pays_at_pickup),
            deliver_form=deliver_form or DeliverForm(pays_at_pickup=pays_at_pickup),
            cancel_form=CancelForm(),
            unavailable_form=UnavailableLineForm(),
            can_remove_lines=order.status in (Status.PLACED, Status.ACCEPTED),
            outbox=selectors.order_messages(order),
            typed_weights=typed_weights_take(self.request.session, order.number),
        )
        return context


class OrderActionView(View):
    """POST only: one step of one order, then back to the order (or to the page of this site it came
    from). Each action parses its form and calls one service; a refusal is shown as a message."""

    def post(self, request: HttpRequest, number: str, action: str) -> HttpResponse:
        order = merchant_order(request, number)
        handlers = {
            "collect": self.hand_over,
            "delivered": self.hand_over,
            "cancel": self.cancel,
            "resend": self.resend,
            "unavailable": self.unavailable,
        }
        handler = handlers.get(action) or (self.step if action in STEP_SERVICES else None)
        if handler is None:
            raise Http404
        try:
            response = handler(request, order, action)
        except (InvalidTransition, WrongPickupCode, TooManyAttempts, PickupPaymentMissing) as error:
            messages.error(request, str(error))
            if action in STEP_SERVICES:
                typed_weights_keep(request.session, order.number, request.POST)
            response = None
        return response or self.back(request, number)

    def back(self, request: HttpRequest, number: str) -> HttpResponse:
        # `next` comes from the page's form: only a page of this site, never somewhere else.
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("dashboard:order-handle", args=[number])
        return redirect(target)

    def step(self, request: HttpRequest, order: Order, action: str) -> None:
        # Weighed items get their real weight with the step that says the order is prepared.
        grams = weights_parse(request.POST)
        with transaction.atomic():
            if grams:
                services.order_weigh(order=order, grams=grams, actor=request.user)
            STEP_SERVICES[action](order=order)
        messages.success(request, _("Order %(number)s: done.") % {"number": order.number})

    def hand_over(self, request: HttpRequest, order: Order, action: str) -> HttpResponse | None:
        form_class, form_name = (
            (CollectForm, "collect_form") if action == "collect" else (DeliverForm, "deliver_form")
        )
        form = form_class(request.POST, pays_at_pickup=order_pays_at_pickup(order))
        if not form.is_valid():
            return self.page_again(request, order.number, **{form_name: form})
        order_hand_over_and_record_payment(
            order=order,
            typed_code=form.cleaned_data["code"],
            checker_key=f"user:{request.user.pk}",
            paid_by=form.cleaned_data.get("paid_by"),
        )
        done = (
            _("Code correct: order %(number)s handed over.")
            if action == "collect"
            else _("Code correct: order %(number)s delivered.")
        )
        messages.success(request, done % {"number": order.number})
        return None

    def cancel(self, request: HttpRequest, order: Order, action: str) -> None:
        form = CancelForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Please give a reason for the cancellation."))
            return
        services.order_cancel(order=order, reason=form.cleaned_data["reason"], actor=request.user)
        messages.success(request, _("Order %(number)s cancelled.") % {"number": order.number})

    def resend(self, request: HttpRequest, order: Order, action: str) -> None:
        message_id = request.POST.get("message", "")
        message = get_object_or_404(
            selectors.order_messages(order),
            pk=int(message_id) if message_id.isdigit() else 0,
            state=OutboxMessage.State.FAILED,
        )
        outbox_resend(message=message)
        messages.success(request, _("The message is sent again."))

    def unavailable(self, request: HttpRequest, order: Order, action: str) -> None:
        form = UnavailableLineForm(request.POST)
        if not form.is_valid() or not order.lines.filter(pk=form.cleaned_data["line"]).exists():
            messages.error(request, _("Choose the item and say why it is unavailable."))
            return
        services.order_line_mark_unavailable(
            order=order,
            line_id=form.cleaned_data["line"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
        messages.success(request, _("The item was removed and the total updated."))

    def page_again(self, request: HttpRequest, number: str, **forms) -> HttpResponse:
        """The order's page again, with what was typed and what is missing."""
        messages.error(request, _("Nothing was changed: see what is missing below."))
        page = OrderHandleView()
        page.setup(request, number=number)
        return page.render_to_response(page.get_context_data(**forms))


class PreparationListView(TemplateView):
    """A printable list of a day's orders by slot, and how many of each item to prepare."""

    template_name = "orders/dashboard/preparation.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        try:
            day = dt.date.fromisoformat(self.request.GET.get("day", ""))
        except ValueError:
            day = timezone.localdate()
        orders = [
            order
            for order in selectors.preparation_orders(self.request.user, day=day)
            if order.status in (Status.PLACED, Status.ACCEPTED)
        ]
        context.update(
            day=day,
            groups=selectors.group_by_slot(orders),
            totals=selectors.preparation_totals(orders),
        )
        return context


class FailedMessagesView(TemplateView):
    """The town hall's list of messages that could not be sent, to resend once fixed."""

    template_name = "orders/dashboard/failed_messages.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["failed"] = OutboxMessage.objects.filter(state=OutboxMessage.State.FAILED).select_related(
            "order__shop", "checkout", "shop"
        )[:200]
        return context


class MessageResendView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        message = get_object_or_404(OutboxMessage, pk=pk, state=OutboxMessage.State.FAILED)
        outbox_resend(message=message)
        messages.success(request, _("The message is sent again."))
        return redirect("dashboard:outbox-failed")
