"""Ordering for a person not online, the pages shared by a town agent (on the dashboard, every person)
and a relative (on the storefront, only the people who agreed): the person, the order, its summary.

The agent's own pages (a person's record, relatives, the weekly order forms) are in
checkout/dashboard/behalf_views.py; both call checkout.behalf for the order itself.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from checkout.behalf import RepeatOrder, behalf_order_place, how_they_are_told
from checkout.behalf_forms import BehalfOrderForm
from checkout.models import BehalfCheckout, OfflineResident
from orders.exceptions import PlacementError
from orders.models import Fulfilment
from orders.placement import shop_slots
from orders.selectors import LINES_WITH_WEIGHING
from shops.models import Partner
from shops.selectors import storefront_shops


def shops_to_order_from() -> QuerySet[Partner]:
    """Shops taking orders for pickup or delivery, by name."""
    return storefront_shops().filter(Q(offers_click_collect=True) | Q(offers_delivery=True))


class RelativeAccess(LoginRequiredMixin):
    """A relative on the storefront: only the people who agreed they order for them."""

    namespace = "checkout"
    base_template = "checkout/behalf/storefront_base.html"
    by_corner = False

    def people(self) -> QuerySet[OfflineResident]:
        return OfflineResident.objects.filter(relative_links__user=self.request.user)


class PersonMixin:
    """`self.person`, one of the people this user may order for, or 404."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            self.person = get_object_or_404(self.people(), pk=kwargs["person_pk"])
        return super().dispatch(request, *args, **kwargs)

    def context(self, **extra) -> dict:
        return {
            "person": self.person,
            "ns": self.namespace,
            "base_template": self.base_template,
            "by_corner": self.by_corner,
            **extra,
        }


class BehalfPeopleBase(View):
    template_name = "checkout/behalf/people.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "people": self.people(),
                "page_title": _("People not online") if self.by_corner else _("Ordering for a relative"),
                "ns": self.namespace,
                "base_template": self.base_template,
                "by_corner": self.by_corner,
            },
        )


class BehalfPersonBase(PersonMixin, View):
    template_name = "checkout/behalf/person.html"

    def get(self, request: HttpRequest, person_pk: int) -> HttpResponse:
        return render(request, self.template_name, self.person_context())

    def person_context(self, **extra) -> dict:
        behalf = (
            BehalfCheckout.objects.filter(resident=self.person)
            .select_related("checkout", "placed_by")
            .prefetch_related("checkout__orders__shop")[:20]
        )
        return self.context(
            shops=shops_to_order_from(),
            behalf_checkouts=behalf,
            relatives=self.person.relative_links.select_related("user"),
            told=how_they_are_told(self.person),
            page_title=self.person.full_name,
            **extra,
        )


class BehalfOrderBase(PersonMixin, View):
    """The order for one person at one shop; a second identical order today asks to confirm."""

    template_name = "checkout/behalf/order.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.shop = get_object_or_404(shops_to_order_from(), pk=kwargs["shop_pk"])
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None) -> BehalfOrderForm:
        now = timezone.now()
        delivery = (
            shop_slots(self.shop, now=now, fulfilment=Fulfilment.DELIVERY)
            if self.shop.offers_delivery
            else []
        )
        pickup = shop_slots(self.shop, now=now) if self.shop.offers_click_collect else []
        return BehalfOrderForm(data, shop=self.shop, slots=pickup, delivery_slots=delivery, now=now)

    def page(self, **extra) -> dict:
        title = _("Order for %(name)s at %(shop)s") % {"name": self.person.full_name, "shop": self.shop.name}
        return self.context(shop=self.shop, page_title=title, **extra)

    def get(self, request: HttpRequest, person_pk: int, shop_pk: int) -> HttpResponse:
        return render(request, self.template_name, self.page(form=self.form()))

    def post(self, request: HttpRequest, person_pk: int, shop_pk: int) -> HttpResponse:
        form = self.form(request.POST)
        repeat = None
        if form.is_valid():
            try:
                order = behalf_order_place(
                    resident=self.person,
                    shop=self.shop,
                    items=form.items(),
                    choice=form.choice(),
                    placed_by=request.user,
                    repeat_confirmed=form.cleaned_data["repeat_confirmed"],
                )
            except RepeatOrder as earlier:
                repeat = earlier.order
                # The same form again, ready to be confirmed: submitting it places the order.
                data = request.POST.copy()
                data["repeat_confirmed"] = "on"
                form = self.form(data)
                form.is_valid()
            except PlacementError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("Order %(number)s placed for %(name)s. Pickup code: %(code)s")
                    % {"number": order.number, "name": self.person.full_name, "code": order.pickup_code},
                )
                return redirect(
                    f"{self.namespace}:behalf-summary",
                    person_pk=self.person.pk,
                    reference=order.checkout.reference,
                )
        return render(request, self.template_name, self.page(form=form, repeat=repeat))


class BehalfSummaryBase(PersonMixin, View):
    """The printable summary of an order placed for the person: to read out or hand over."""

    template_name = "checkout/behalf/summary.html"

    def get(self, request: HttpRequest, person_pk: int, reference: str) -> HttpResponse:
        behalf = (
            BehalfCheckout.objects.filter(resident=self.person, checkout__reference=reference)
            .select_related("checkout", "placed_by")
            .first()
        )
        if behalf is None:
            raise Http404(_("No such order for this person."))
        # Weighed items say "about 300 g" and their estimate (the shop weighs them).
        orders = behalf.checkout.orders.select_related("shop", "shipping_address").prefetch_related(
            LINES_WITH_WEIGHING
        )
        return render(
            request,
            self.template_name,
            self.context(
                behalf=behalf,
                orders=orders,
                told=how_they_are_told(self.person),
                page_title=_("Order summary for %(name)s") % {"name": self.person.full_name},
            ),
        )


class RelativePeopleView(RelativeAccess, BehalfPeopleBase):
    pass


class RelativePersonView(RelativeAccess, BehalfPersonBase):
    pass


class RelativeOrderView(RelativeAccess, BehalfOrderBase):
    pass


class RelativeSummaryView(RelativeAccess, BehalfSummaryBase):
    pass
