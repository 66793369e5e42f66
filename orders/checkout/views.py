"""The checkout page: contact details, then for each shop a pickup slot or delivery, then place."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from orders.checkout.forms import ContactForm, ShopFulfilmentForm
from orders.exceptions import PlacementError
from orders.models import Fulfilment
from orders.placement import Contact, checkout_place, shop_slots
from orders.splitting import split_by_shop
from shops.models import Partner


class CheckoutView(View):
    template_name = "orders/checkout/checkout.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.basket.is_empty:
            messages.info(request, _("Your basket is empty: add a few products first."))
            return redirect("basket:summary")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(ContactForm(initial=self.contact_initial()), self.shop_forms(data=None))

    def post(self, request: HttpRequest) -> HttpResponse:
        contact_form = ContactForm(request.POST)
        shop_forms = self.shop_forms(data=request.POST)
        forms_valid = [contact_form.is_valid()] + [entry["form"].is_valid() for entry in shop_forms]
        if not all(forms_valid):
            messages.error(
                request, _("Some details are missing or wrong: please check the highlighted fields.")
            )
            return self.render(contact_form, shop_forms)
        data = contact_form.cleaned_data
        try:
            checkout = checkout_place(
                basket=request.basket,
                choices={entry["shop"].pk: entry["form"].choice() for entry in shop_forms},
                contact=Contact(
                    email=data["email"],
                    phone=data["phone"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                ),
                user=request.user,
            )
        except PlacementError as error:
            # The basket and what was typed stay; slots are recomputed so the resident picks again.
            messages.error(request, error.message)
            shop_forms = self.shop_forms(
                data=request.POST, refused_shop_id=error.shop_id, refusal=error.message
            )
            for entry in shop_forms:
                entry["form"].is_valid()
            return self.render(contact_form, shop_forms)
        request.session["checkout_reference"] = checkout.reference
        return redirect("order:track", token=checkout.tracking_token)

    def contact_initial(self) -> dict:
        user = self.request.user
        if not user.is_authenticated:
            return {}
        last = user.checkouts.order_by("-created_at").first()
        return {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "phone": last.phone if last else "",
        }

    def shop_forms(self, *, data, refused_shop_id: int | None = None, refusal: str = "") -> list[dict]:
        lines = list(self.request.basket.all_lines())
        parts = split_by_shop(lines, shop_of=lambda line: line.stockrecord.partner_id)
        shops = Partner.objects.prefetch_related("opening_hours", "closures").in_bulk(
            [part.shop_id for part in parts]
        )
        now = timezone.now()
        entries = []
        for part in parts:
            shop = shops[part.shop_id]
            slots = shop_slots(shop, now=now) if shop.offers_click_collect else []
            windows = (
                shop_slots(shop, now=now, fulfilment=Fulfilment.DELIVERY) if shop.offers_delivery else []
            )
            entries.append(
                {
                    "shop": shop,
                    "lines": part.lines,
                    "subtotal": sum(line.line_price_incl_tax_incl_discounts for line in part.lines),
                    "form": ShopFulfilmentForm(data, shop=shop, slots=slots, windows=windows),
                    "refusal": refusal if shop.pk == refused_shop_id else "",
                }
            )
        return entries

    def render(self, contact_form: ContactForm, shop_forms: list[dict]) -> HttpResponse:
        context = {
            "contact_form": contact_form,
            "shop_forms": shop_forms,
            "basket": self.request.basket,
        }
        return render(self.request, self.template_name, context)
