"""The resident's side of orders: the tracking page of a checkout, and cancelling (after a confirmation
step) before acceptance."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView
from oscar.core.loading import get_model

from orders.exceptions import InvalidTransition
from orders.models import Checkout, Order, Status, with_voucher_share
from orders.services import RESIDENT_CANCELLABLE, order_cancel_by_resident

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
