"""Forms of the merchant's order board."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from django import forms
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency

from orders.exceptions import InvalidTransition, SlotUnavailable
from orders.handover import PickupPayment
from orders.placement import FulfilmentChoice, products_time_refuse
from orders.slot_choices import pickup_choice, set_slot_choices
from shops.availability import ProductRules, slot_refusal
from shops.models import Partner, ProductDetails, phone_validator
from shops.product_rules import product_rules
from shops.selectors import town_zone
from shops.slots import Slot
from shops.strategy import weighed_details
from textsearch.normalise import fold

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
PHONE_ORDER_ROWS = 5


def pickup_code_field(label: str) -> forms.CharField:
    """The code shown at a counter (a shop's or a pickup point's), typed as read: dashes, spaces
    and case do not matter (orders.pickup_codes.normalise_pickup_code)."""
    return forms.CharField(
        label=label,
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "inputmode": "text"}
        ),
    )


class CollectForm(forms.Form):
    """Handing an order over at the counter: the customer's code, and how they paid if they pay now."""

    code = pickup_code_field(_("Code shown by the customer"))

    def __init__(self, *args, pays_at_pickup: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Paid online, the order is settled already: only pay-at-pickup orders ask how it was paid.
        if pays_at_pickup:
            self.fields["paid_by"] = forms.ChoiceField(
                label=_("The customer paid"),
                choices=PickupPayment.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Say how the customer paid: cash or card terminal.")},
            )


class DeliverForm(CollectForm):
    """Handing a delivery over at the door: the same, with the code the customer gives."""

    code = pickup_code_field(_("Code given by the customer"))


WEIGHT_FIELD_PREFIX = "weight-"
MAX_GRAMS = 50_000
# ASCII digits only ("²" is a digit to str.isdigit, not to int), few enough for int().
GRAMS_TEXT = re.compile(r"[0-9]{1,6}")
LINE_ID_TEXT = re.compile(r"[0-9]{1,18}")


def weights_parse(data: Mapping[str, str]) -> dict[int, int]:
    """The real weights typed on the ready step ("weight-<line id>": grams, "320" or "320 g"); raises
    InvalidTransition, saying what to type, for anything else. Empty fields are left out."""
    grams = {}
    for line_id, value in _weight_fields(data):
        text = value.strip().lower().removesuffix("g").strip()
        if not text:
            continue
        if not GRAMS_TEXT.fullmatch(text) or not 0 < int(text) <= MAX_GRAMS:
            raise InvalidTransition(
                _("“%(value)s” is not a weight: type it in grams, such as 320.") % {"value": value.strip()}
            )
        grams[int(line_id)] = int(text)
    return grams


def _weight_fields(data: Mapping[str, str]):
    """("<line id>", typed) for each "weight-<line id>" field of a posted step."""
    for name, value in data.items():
        line_id = name[len(WEIGHT_FIELD_PREFIX) :]
        if name.startswith(WEIGHT_FIELD_PREFIX) and LINE_ID_TEXT.fullmatch(line_id):
            yield line_id, value


TYPED_WEIGHTS_SESSION_KEY = "typed_weights"


def typed_weights_keep(session, number: str, data: Mapping[str, str]) -> None:
    """A refused step keeps the weights as typed, for the page it goes back to (forms keep what was typed)."""
    typed = {line_id: value[:20] for line_id, value in _weight_fields(data) if value.strip()}
    if typed:
        session[TYPED_WEIGHTS_SESSION_KEY] = {"number": number, "weights": typed}


def typed_weights_take(session, number: str | None = None) -> dict[str, str]:
    """The weights typed before a refusal (line id → text), once: the next page shows them, then they go.
    `number` limits them to that order's page."""
    kept = session.get(TYPED_WEIGHTS_SESSION_KEY)
    if not kept or (number is not None and kept.get("number") != number):
        return {}
    del session[TYPED_WEIGHTS_SESSION_KEY]
    return kept.get("weights", {})


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to the customer"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class UnavailableLineForm(forms.Form):
    line = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why is it unavailable?"), max_length=300)


def phone_order_products(shop: Partner) -> QuerySet:
    """The shop's own products (never another shop's), each with its price at this shop and what
    its label and slot rules read (details, quick offer), in one query."""
    price = StockRecord.objects.filter(partner=shop, product=OuterRef("pk")).values("price")[:1]
    return (
        Product.objects.filter(stockrecords__partner=shop)
        .select_related("details", "counter_offer", "parent")
        .annotate(shop_price=Subquery(price))
        .order_by("title")
    )


def product_label(product) -> str:
    """ "Baguette tradition — 1,30 €", "Entrecôte de bœuf — 32,00 € / kg": the price as the merchant
    says it on the phone, in the reader's language (a weighed product is priced per kg, as its lines)."""
    title = product.get_title()
    if product.shop_price is None:
        return title
    price = currency(product.shop_price, "EUR")
    details = getattr(product, "details", None)  # no details row: sold by the piece
    if weighed_details(product):
        price = gettext("%(price)s / kg") % {"price": price}
    elif details is not None and details.unit != ProductDetails.Unit.PIECE:
        price = gettext("%(price)s %(unit)s") % {"price": price, "unit": details.get_unit_display()}
    return f"{title} — {price}"


def slots_some_product_allows(
    slots: Sequence[Slot], products: Sequence[ProductRules], *, shop_minutes: int, now: dt.datetime
) -> list[Slot]:
    """The slots at least one of the products may be collected in (shops.availability, the checkout's
    rule): which products the caller wants is only known once the form is sent, so a time none of
    them allows is left out, and the chosen ones are checked then (PhoneOrderForm.clean)."""
    if not products:
        return list(slots)
    zone = town_zone()
    # Most products share the same rules: each set is checked once per slot, not each product.
    distinct = {replace(rules, title="") for rules in products}
    return [
        slot
        for slot in slots
        if any(
            not slot_refusal(rules, start=slot.start, now=now, shop_minutes=shop_minutes, zone=zone)
            for rules in distinct
        )
    ]


class PhoneOrderForm(forms.Form):
    """A phone order: who, what (a few rows of product and quantity, each product with its price), and
    when to collect: only times the shop's products can be had are offered, and the chosen products'
    own rules are checked against the chosen time before anything is placed."""

    first_name = forms.CharField(label=_("Customer's first name"), max_length=100)
    last_name = forms.CharField(label=_("Customer's last name"), max_length=100)
    phone = forms.CharField(label=_("Customer's phone"), max_length=20, validators=[phone_validator])
    email = forms.EmailField(label=_("Customer's email (optional)"), required=False)
    slot = forms.ChoiceField(label=_("Pickup time"))

    def __init__(
        self, *args, shop: Partner, slots: list[Slot], now: dt.datetime | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.shop = shop
        self.now = now or timezone.now()
        products = phone_order_products(shop)
        # In dictionary order, accents aside: « Éclair » between « Baguette » and « Tarte », not last.
        listed = sorted(products, key=lambda product: fold(product.get_title()))
        self.products_rules = [product_rules(product) for product in listed]
        # A price per kg beside a quantity field: the page says what a quantity of it means.
        self.sells_by_weight = any(weighed_details(product) for product in listed)
        for row in range(PHONE_ORDER_ROWS):
            field = forms.ModelChoiceField(label=_("Product"), queryset=products, required=False)
            # Read once for the five rows, each product labelled with its price.
            field.choices = [("", field.empty_label), *((p.pk, product_label(p)) for p in listed)]
            self.fields[f"product_{row}"] = field
            self.fields[f"quantity_{row}"] = forms.IntegerField(
                label=_("Quantity"), min_value=1, max_value=99, required=False
            )
        set_slot_choices(self.fields["slot"], self.offered(slots))

    def offered(self, slots: list[Slot]) -> list[Slot]:
        """The shop's slots some product of the shop can be had in."""
        return slots_some_product_allows(
            slots, self.products_rules, shop_minutes=self.shop.preparation_minutes, now=self.now
        )

    def rows(self) -> list[tuple]:
        return [(self[f"product_{row}"], self[f"quantity_{row}"]) for row in range(PHONE_ORDER_ROWS)]

    def clean(self) -> dict:
        data = super().clean()
        for row in range(PHONE_ORDER_ROWS):
            product, quantity = data.get(f"product_{row}"), data.get(f"quantity_{row}")
            if product and not quantity:
                self.add_error(f"quantity_{row}", _("How many?"))
            if quantity and not product:
                self.add_error(f"product_{row}", _("Which product?"))
        if not self.errors and not self.items():
            raise forms.ValidationError(_("Add at least one product."))
        self.check_time_for_products()
        return data

    def check_time_for_products(self) -> None:
        """The chosen time's field says which chosen product cannot be had then and why (its days,
        preparation, order or pickup window), in the checkout's words: refused here, with what was
        typed, rather than at placement."""
        field, start = self.chosen_time()
        products = [product for product, _quantity in self.items()]
        if start is None or not products:
            return
        try:
            products_time_refuse(
                [product_rules(product) for product in products], shop=self.shop, start=start, now=self.now
            )
        except SlotUnavailable as refused:
            self.add_error(field, refused.message)

    def chosen_time(self) -> tuple[str, dt.datetime | None]:
        """The field holding the chosen time, and its start (None when none was chosen)."""
        value = self.cleaned_data.get("slot")
        return "slot", pickup_choice(value).slot_start if value else None

    def items(self) -> list[tuple]:
        data = self.cleaned_data
        return [
            (data[f"product_{row}"], data[f"quantity_{row}"])
            for row in range(PHONE_ORDER_ROWS)
            if data.get(f"product_{row}") and data.get(f"quantity_{row}")
        ]

    def choice(self) -> FulfilmentChoice:
        """The chosen pickup: at the shop, or at its market stall."""
        return pickup_choice(self.cleaned_data["slot"])
