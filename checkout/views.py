"""The checkout page: contact, then for each shop a pickup slot or delivery, then payment, then place."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from checkout.forms import ContactForm, PaymentForm, PaymentMethod, ShopFulfilmentForm
from checkout.services import checkout_complete, payment_method_refusal
from orders.exceptions import PlacementError
from orders.models import Fulfilment
from orders.pickup_point_rules import point_offered
from orders.placement import Contact, part_product_rules, shop_slots
from orders.splitting import split_by_shop
from payments.client import CARD_MINIMUM, card_minimum_unmet, card_payment_available
from payments.models import Payment
from pickup_points.forms import PickupPointChoiceForm
from shops.availability import lead_minutes
from shops.models import Partner
from shops.product_rules import product_rules, when_available


class CheckoutView(View):
    template_name = "orders/checkout/checkout.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.basket.is_empty:
            # A second submit of a card checkout (its basket is frozen meanwhile) goes back to paying.
            waiting = (
                Payment.objects.filter(
                    checkout__reference=request.session.get("checkout_reference", ""),
                    state=Payment.State.PENDING,
                )
                .select_related("checkout")
                .first()
            )
            if waiting:
                return redirect("payments:pay", token=waiting.checkout.tracking_token)
            messages.info(request, _("Your basket is empty: add a few products first."))
            return redirect("basket:summary")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        shop_forms = self.shop_forms(data=None)
        return self.render(
            ContactForm(initial=self.contact_initial()),
            shop_forms,
            self.payment_form(shop_forms, data=None),
            self.point_form(shop_forms, data=None),
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        contact_form = ContactForm(request.POST)
        shop_forms = self.shop_forms(data=request.POST)
        payment_form = self.payment_form(shop_forms, data=request.POST)
        point_form = self.point_form(shop_forms, data=request.POST)
        # With a pickup point chosen, the shops' own ways of collecting are not asked for.
        at_point = point_form is not None and point_form.is_valid() and point_form.point() is not None
        forms_valid = [contact_form.is_valid(), point_form is None or point_form.is_valid()]
        forms_valid += [entry["form"].is_valid() for entry in shop_forms if not at_point]
        forms_valid.append(payment_form is None or payment_form.is_valid())
        if all(forms_valid) and payment_form is not None:
            forms_valid.append(self.check_paid_by_card(payment_form, shop_forms, at_point=at_point))
        if not all(forms_valid):
            messages.error(
                request, _("Some details are missing or wrong: please check the highlighted fields.")
            )
            return self.render(contact_form, shop_forms, payment_form, point_form)
        card_chosen = (
            payment_form.cleaned_data["method"] == PaymentMethod.CARD
            if payment_form is not None
            # Gift vouchers left nothing to pay: a delivery fee (vouchers never pay it) goes by card.
            else card_payment_available()
        )
        data = contact_form.cleaned_data
        try:
            completed = checkout_complete(
                basket=request.basket,
                choices={
                    entry["shop"].pk: point_form.choice() if at_point else entry["form"].choice()
                    for entry in shop_forms
                },
                contact=Contact(
                    email=data["email"],
                    phone=data["phone"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    sms_opt_in=data["sms_opt_in"],
                ),
                user=request.user,
                card=card_chosen,
            )
        except PlacementError as error:
            # The basket and what was typed stay; slots are recomputed so the resident picks again.
            messages.error(request, error.message)
            shop_forms = self.shop_forms(
                data=request.POST, refused_shop_id=error.shop_id, refusal=error.message
            )
            for entry in shop_forms if not at_point else []:
                entry["form"].is_valid()
            point_form = self.point_form(shop_forms, data=request.POST)
            if point_form is not None:
                point_form.is_valid()
            return self.render(contact_form, shop_forms, payment_form, point_form)
        checkout = completed.checkout
        request.session["checkout_reference"] = checkout.reference
        if completed.pay_by_card:
            return redirect("payments:pay", token=checkout.tracking_token)
        return redirect("order:track", token=checkout.tracking_token)

    def payment_form(self, shop_forms: list[dict], *, data) -> PaymentForm | None:
        """None when card payment is not set up (everyone pays at the shop, as before), or when gift
        vouchers left nothing to pay."""
        if not card_payment_available() or not self.request.basket.total_incl_tax:
            return None
        return PaymentForm(
            data,
            pay_at_pickup_allowed=all(entry["shop"].accepts_pay_at_pickup for entry in shop_forms),
            # What vouchers leave of the products; a delivery fee is checked when the payment is made.
            card_allowed=not card_minimum_unmet(self.request.basket.total_incl_tax),
        )

    def point_form(self, shop_forms: list[dict], *, data) -> PickupPointChoiceForm | None:
        """The town's pickup points, when every shop of the basket drops there; None otherwise.

        Only with card payment: a point's staff hand orders over but never take money for the shops.
        """
        if not card_payment_available() or card_minimum_unmet(self.request.basket.total_incl_tax):
            return None
        if not point_offered(shops_opted_in=[entry["shop"].drops_at_pickup_points for entry in shop_forms]):
            return None
        points = Partner.objects.pickup_points().prefetch_related("opening_hours", "closures")
        now = timezone.now()
        # The point collects every product of the basket: the times all of them allow.
        products = [product_rules(line.product) for line in self.request.basket.all_lines()]
        offered = [
            (point, shop_slots(point, now=now, fulfilment=Fulfilment.PICKUP_POINT, products=products))
            for point in points
        ]
        return PickupPointChoiceForm(data, points=offered) if offered else None

    def check_paid_by_card(
        self, payment_form: PaymentForm, shop_forms: list[dict], *, at_point: bool
    ) -> bool:
        refusal = payment_method_refusal(
            card_chosen=payment_form.cleaned_data["method"] == PaymentMethod.CARD,
            at_point=at_point,
            # At a pickup point the shops' own ways (so their forms) are not asked for.
            delivered=not at_point
            and any(entry["form"].cleaned_data["method"] == Fulfilment.DELIVERY for entry in shop_forms),
            card_allowed=payment_form.card_allowed,
            total=self.request.basket.total_incl_tax,
        )
        if refusal:
            payment_form.add_error("method", refusal)
        return not refusal

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
            # Only the times every product of the part allows (preparation, days, windows).
            products = part_product_rules(part)
            slots = shop_slots(shop, now=now, products=products) if shop.offers_click_collect else []
            windows = (
                shop_slots(shop, now=now, fulfilment=Fulfilment.DELIVERY, products=products)
                if shop.offers_delivery
                else []
            )
            entries.append(
                {
                    "shop": shop,
                    "lines": part.lines,
                    "subtotal": sum(line.line_price_incl_tax_incl_discounts for line in part.lines),
                    "form": ShopFulfilmentForm(data, shop=shop, slots=slots, windows=windows),
                    "refusal": refusal if shop.pk == refused_shop_id else "",
                    # Why the times start later or on some days only: "Fraisier: available from …".
                    "product_notes": product_notes(part.lines, shop=shop, now=now),
                    # The shop's own preparation time, unless a product's longer one replaces it
                    # (its note says so): "60 minutes" under a 48-hour cake would mislead.
                    "shop_lead_applies": lead_minutes(shop.preparation_minutes, products)
                    == shop.preparation_minutes,
                }
            )
        return entries

    def render(
        self,
        contact_form: ContactForm,
        shop_forms: list[dict],
        payment_form: PaymentForm | None,
        point_form: PickupPointChoiceForm | None = None,
    ) -> HttpResponse:
        context = {
            "contact_form": contact_form,
            "point_form": point_form,
            "shop_forms": shop_forms,
            "payment_form": payment_form,
            "card_minimum": CARD_MINIMUM,
            # Vouchers never pay a delivery fee: with nothing else left to pay, it still goes by card.
            "delivery_fee_by_card": card_payment_available()
            and any(entry["shop"].offers_delivery for entry in shop_forms),
            "shops_wanting_card": [
                entry["shop"].name for entry in shop_forms if not entry["shop"].accepts_pay_at_pickup
            ],
            "basket": self.request.basket,
        }
        return render(self.request, self.template_name, context)


def product_notes(lines: list, *, shop: Partner, now) -> list[str]:
    """A line per product of the part that cannot be had at once, saying from when."""
    notes = []
    for line in lines:
        when = when_available(line.product, shop=shop, now=now)
        if when:
            notes.append(_("%(title)s: %(when)s") % {"title": line.product.get_title(), "when": when})
    return notes
