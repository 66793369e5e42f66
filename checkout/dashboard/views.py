"""Call & collect: the merchant records a phone order into the same flow as a resident's checkout."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from checkout.dashboard.forms import SMS, VOICE, MerchantPhoneOrderForm
from checkout.services import phone_order_place
from orders.exceptions import PlacementError
from orders.pickup_codes import display_pickup_code
from orders.placement import Contact, shop_slots
from shops.dashboard.mixins import MerchantShopMixin


class PhoneOrderView(MerchantShopMixin, View):
    """Call & collect: the merchant records a phone order into the same flow, with a slot."""

    template_name = "orders/dashboard/phone_order.html"

    def form(self, data=None) -> MerchantPhoneOrderForm:
        now = timezone.now()
        return MerchantPhoneOrderForm(data, shop=self.shop, slots=shop_slots(self.shop, now=now), now=now)

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": self.form()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self.form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                order = phone_order_place(
                    taken_by_shop=True,
                    shop=form.shop,
                    items=form.items(),
                    choice=form.choice(),
                    contact=Contact(
                        # None given: the customer is told by text or call, never the shop in their place.
                        email=data["email"],
                        phone=data["phone"],
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        sms_opt_in=data["tell_by"] == SMS,
                        voice_calls=data["tell_by"] == VOICE,
                    ),
                )
            except PlacementError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("Phone order %(number)s recorded. Pickup code to give the customer: %(code)s")
                    % {"number": order.number, "code": display_pickup_code(order.pickup_code)},
                )
                return redirect("dashboard:order-handle", number=order.number)
        return render(request, self.template_name, {"form": form})
