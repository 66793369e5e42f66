"""Fork of Oscar's orders dashboard views: every order, line, note and address goes through one scope.

Oscar resolves its module function `queryset_orders_for_user` inside its own module, so each view
that calls it is overridden here to use `orders_for_user`, which scopes orders by `Order.shop`.
"""

from decimal import Decimal
from typing import Any

from django.db.models import Count, Model, Sum
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404
from oscar.apps.dashboard.orders import views as oscar_views
from oscar.apps.dashboard.orders.views import *  # noqa: F403 (Oscar's fork pattern)
from oscar.core.loading import get_model

from dashboard.selectors import orders_for_user

Line = get_model("order", "Line")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")


class UserOrderMixin:
    """The order named in the URL, among those the user may see, else 404."""

    def get_user_order(self) -> Order:
        return get_object_or_404(orders_for_user(self.request.user), number=self.kwargs["number"])


class OrderStatsView(oscar_views.OrderStatsView):
    def get_stats(self, filters: dict) -> dict:
        orders = orders_for_user(self.request.user).filter(**filters)
        return {
            "total_orders": orders.count(),
            "total_lines": Line.objects.filter(order__in=orders).count(),
            "total_revenue": orders.aggregate(sum=Sum("total_incl_tax"))["sum"] or Decimal("0.00"),
            "order_status_breakdown": orders.order_by("status").values("status").annotate(freq=Count("id")),
        }


# An order's state changes only through orders.services (the board and the order page): they refund,
# release stock, slots and vouchers, check the pickup code, pay the shop and tell the resident.
# Oscar's status forms would only set the field, so its list and order page keep notes and CSV.
class OrderListView(oscar_views.OrderListView):
    actions = ("download_selected_orders",)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # The list, its CSV download and its bulk actions all start from base_queryset.
        self.base_queryset = orders_for_user(request.user).order_by("-date_placed")
        # Skip Oscar's dispatch, which would set base_queryset again from Oscar's own scope.
        return super(oscar_views.OrderListView, self).dispatch(request, *args, **kwargs)


class OrderDetailView(UserOrderMixin, oscar_views.OrderDetailView):
    order_actions = ("save_note", "delete_note")
    line_actions = ()

    def get_object(self, queryset: Any = None) -> Order:
        return self.get_user_order()


class LineDetailView(UserOrderMixin, oscar_views.LineDetailView):
    def get_object(self, queryset: Any = None) -> Model:
        return get_object_or_404(self.get_user_order().lines, pk=self.kwargs["line_id"])


class ShippingAddressUpdateView(UserOrderMixin, oscar_views.ShippingAddressUpdateView):
    def get_object(self, queryset: Any = None) -> ShippingAddress:
        return get_object_or_404(ShippingAddress, order=self.get_user_order())
