"""The merchant's choice when new hours, closures or "closed for now" hit booked orders
(orders/stranded.py finds them): see them, then move them (each resident chooses another time),
cancel them with the reason, or keep them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views import View

from orders.stranded import stranded_orders, stranded_orders_cancel, stranded_orders_move
from shops.dashboard.mixins import MerchantShopMixin


class StrandedOrdersView(MerchantShopMixin, View):
    template_name = "orders/dashboard/stranded.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        context = {"shop": self.shop, "orders": stranded_orders(shop=self.shop)}
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest) -> HttpResponse:
        if request.POST.get("action") == "move":
            moved = stranded_orders_move(shop=self.shop, actor=request.user)
            messages.success(
                request,
                ngettext(
                    "%(count)d resident is asked to choose another time; "
                    "the order keeps its items until then.",
                    "%(count)d residents are asked to choose another time; "
                    "the orders keep their items until then.",
                    len(moved),
                )
                % {"count": len(moved)},
            )
            return redirect("dashboard:order-board")
        if request.POST.get("action") != "cancel":
            return redirect("dashboard:order-stranded")
        cancelled = stranded_orders_cancel(shop=self.shop, actor=request.user)
        messages.success(
            request,
            ngettext(
                "%(count)d order cancelled: its resident is told why, and gets back what was paid.",
                "%(count)d orders cancelled: their residents are told why, and get back what was paid.",
                len(cancelled),
            )
            % {"count": len(cancelled)},
        )
        return redirect("dashboard:order-board")
