"""The resident's side of orders: the tracking page of a checkout, cancelling (after a confirmation
step) before acceptance, and changing an order's time or quantities while orders.changes allows it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView
from oscar.core.loading import get_model

from orders.changes import (
    can_change,
    can_change_quantities,
    change_refusal,
    order_quantities_change,
    order_slot_change,
)
from orders.exceptions import InvalidTransition, PlacementError
from orders.models import Checkout, Order, Status, with_voucher_share
from orders.placement import shop_slots
from orders.services import RESIDENT_CANCELLABLE, order_cancel_by_resident
from orders.slot_choices import set_slot_choices

Line = get_model("order", "Line")
OrderStatusChange = get_model("order", "OrderStatusChange")


class CheckoutTrackingView(DetailView):
    """Reached through the unguessable link in the confirmation (guests) or the order history."""

    template_name = "orders/track.html"
    context_object_name = "checkout"

    def get_object(self, queryset=None) -> Checkout:
        return get_object_or_404(Checkout, tracking_token=self.kwargs["token"])

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        orders = with_voucher_share(self.object.orders).select_related(
            "shop", "shipping_address", "market", "pickup_point"
        )
        orders = orders.prefetch_related(
            "lines",
            "voucher_give_backs__new_voucher",
            "lines__weighing",  # a weighed item says its weight
            Prefetch("status_changes", queryset=OrderStatusChange.objects.order_by("date_created", "pk")),
            "shop__opening_hours",
            "shop__closures",
        )
        orders = list(orders.order_by("number"))
        # The checkout's card payment, a row of the payments app on it (None: paid at the shop); the
        # template asks payments what a cancelled or trimmed order gives back with it.
        payment = getattr(self.object, "payment", None)
        context["orders"] = orders
        context["payment"] = payment
        context["paid_by_card"] = payment is not None
        context["just_placed"] = self.request.session.get("checkout_reference") == self.object.reference
        context["cancellable_statuses"] = RESIDENT_CANCELLABLE
        now = timezone.now()
        for order in orders:  # the one rule of orders.changes, read once per order for the buttons
            order.resident_can_change = can_change(order, now)
            order.resident_can_change_quantities = can_change_quantities(order, now)
        context["open_statuses"] = Status.TO_PREPARE
        context["any_open"] = any(order.status in Status.OPEN for order in orders)
        return context


@method_decorator(never_cache, name="dispatch")
class CheckoutStatusView(CheckoutTrackingView):
    """The tracking page's orders alone, which the page fetches to stay current without a reload."""

    template_name = "orders/partials/track_orders.html"


class OrderCancelByResidentView(View):
    """A resident may cancel a shop's order until the merchant accepts it, after saying so twice.

    GET shows what would be cancelled and asks to confirm; only a POST carrying `confirm` cancels.
    A plain form, so the step works without JavaScript; a POST without it (an old page) asks again.
    """

    def _order(self, token: str, number: str) -> tuple[Checkout, Order]:
        checkout = get_object_or_404(Checkout, tracking_token=token)
        return checkout, get_object_or_404(checkout.orders.select_related("shop"), number=number)

    def get(self, request: HttpRequest, token: str, number: str) -> HttpResponse:
        checkout, order = self._order(token, number)
        if order.status not in RESIDENT_CANCELLABLE:
            messages.error(
                request, _("The shop has already accepted this order: please call them to cancel.")
            )
            return redirect("order:track", token=token)
        context = {"checkout": checkout, "order": order, "lines": list(order.lines.all())}
        return render(request, "orders/cancel_confirm.html", context)

    def post(self, request: HttpRequest, token: str, number: str) -> HttpResponse:
        checkout, order = self._order(token, number)
        if not request.POST.get("confirm"):
            return redirect("order:resident-cancel", token=token, number=number)
        try:
            order_cancel_by_resident(order=order, actor=request.user)
            messages.success(request, _("Your order at %(shop)s is cancelled.") % {"shop": order.shop.name})
        except InvalidTransition as error:
            messages.error(request, str(error))
        return redirect("order:track", token=token)


class CheckoutReorderView(View):
    """Put everything of a past checkout back in the basket, in one click."""

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        checkout = get_object_or_404(Checkout, tracking_token=token)
        lines = Line.objects.filter(order__checkout=checkout).exclude(status=Status.LINE_UNAVAILABLE)
        missing = []
        for line in lines.select_related("product").order_by("pk"):
            product = line.product
            info = request.strategy.fetch_for_product(product) if product else None
            if info is None or not info.availability.is_available_to_buy:
                missing.append(line.title)
                continue
            request.basket.add_product(product, line.quantity)
        if missing:
            messages.warning(
                request, _("No longer available, not added: %(items)s.") % {"items": ", ".join(missing)}
            )
        messages.success(request, _("Your previous order is back in your basket."))
        return redirect("basket:summary")


def _tracked_order(token: str, number: str) -> tuple[Checkout, Order]:
    checkout = get_object_or_404(Checkout, tracking_token=token)
    return checkout, get_object_or_404(checkout.orders.select_related("shop"), number=number)


class SlotChangeForm(forms.Form):
    slot = forms.ChoiceField(label=_("New time"))


class OrderSlotChangeView(View):
    """Another time for one shop's order, with the checkout's slot picker by day; reached from the
    tracking page, or from the link a shop's closure sends (orders.stranded)."""

    template_name = "orders/change_slot.html"

    def _form(self, order: Order, data=None) -> SlotChangeForm:
        form = SlotChangeForm(data)
        slots = shop_slots(order.shop, now=timezone.now(), fulfilment=order.fulfilment)
        form.fields["slot"].label = _("Delivery time") if order.fulfilment == "delivery" else _("Pickup time")
        set_slot_choices(form.fields["slot"], slots)
        return form

    def _render(
        self, request: HttpRequest, checkout: Checkout, order: Order, form: SlotChangeForm
    ) -> HttpResponse:
        return render(request, self.template_name, {"checkout": checkout, "order": order, "form": form})

    def get(self, request: HttpRequest, token: str, number: str) -> HttpResponse:
        checkout, order = _tracked_order(token, number)
        if not can_change(order, timezone.now()):
            messages.error(request, str(change_refusal()))
            return redirect("order:track", token=token)
        return self._render(request, checkout, order, self._form(order))

    def post(self, request: HttpRequest, token: str, number: str) -> HttpResponse:
        checkout, order = _tracked_order(token, number)
        form = self._form(order, request.POST)
        if not form.is_valid():
            return self._render(request, checkout, order, form)
        try:
            order = order_slot_change(order=order, slot_value=form.cleaned_data["slot"], actor=request.user)
        except InvalidTransition as error:
            messages.error(request, str(error))
            return redirect("order:track", token=token)
        except PlacementError as error:
            form.add_error("slot", error.message)
            return self._render(request, checkout, order, form)
        messages.success(request, _("Your new time is booked: %(shop)s is told.") % {"shop": order.shop.name})
        return redirect("order:track", token=token)


class OrderQuantitiesChangeView(View):
    """Fewer or more of each item of one shop's order (more only when paid at the shop), or one taken off."""

    template_name = "orders/change_quantities.html"

    def _context(
        self, checkout: Checkout, order: Order, errors: list[str] = (), typed: dict | None = None
    ) -> dict:
        lines = list(order.lines.exclude(status=Status.LINE_UNAVAILABLE).order_by("pk"))
        for line in lines:
            line.typed = (typed or {}).get(line.pk, line.quantity)
        return {
            "checkout": checkout,
            "order": order,
            "lines": lines,
            "errors": errors,
            "paid_by_card": getattr(checkout, "payment", None) is not None,
        }

    def get(self, request: HttpRequest, token: str, number: str) -> HttpResponse:
        checkout, order = _tracked_order(token, number)
        if not can_change_quantities(order, timezone.now()):
            messages.error(request, str(change_refusal()))
            return redirect("order:track", token=token)
        return render(request, self.template_name, self._context(checkout, order))

    def post(self, request: HttpRequest, token: str, number: str) -> HttpResponse:
        checkout, order = _tracked_order(token, number)
        quantities, errors = {}, []
        for line in order.lines.exclude(status=Status.LINE_UNAVAILABLE).order_by("pk"):
            raw = request.POST.get(f"line-{line.pk}", str(line.quantity)).strip()
            if not raw.isdigit() or int(raw) > 999:
                errors.append(_("“%(title)s”: type a whole number from 0 to 999.") % {"title": line.title})
                quantities[line.pk] = raw
                continue
            quantities[line.pk] = int(raw)
        if not errors:
            try:
                order_quantities_change(order=order, quantities=quantities, actor=request.user)
            except InvalidTransition as error:
                if not can_change_quantities(Order.objects.get(pk=order.pk), timezone.now()):
                    messages.error(request, str(error))
                    return redirect("order:track", token=token)
                errors.append(str(error))
            except PlacementError as error:  # not enough stock for more
                errors.append(error.message)
            else:
                messages.success(
                    request, _("Your order is changed: %(shop)s is told.") % {"shop": order.shop.name}
                )
                return redirect("order:track", token=token)
        return render(
            request, self.template_name, self._context(checkout, order, errors, quantities), status=400
        )
