"""Checkout forms: the resident's contact, and for each shop how they get their order."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from orders.models import Fulfilment
from orders.placement import DeliveryAddress, FulfilmentChoice
from orders.slot_choices import parse_slot_value, pickup_choice, set_slot_choices
from shops.models import Partner, phone_validator
from shops.slots import Slot

postcode_validator = RegexValidator(r"^\d{5}$", _("A French postcode has five digits."))


class ContactForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("For the confirmation, then the message that your order is ready, with its code."),
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        validators=[phone_validator],
        help_text=_("So the shop can call you about your order."),
    )
    sms_opt_in = forms.BooleanField(
        label=_("Also text me when my order is ready, and the day before"),
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.input_type = "tel"  # the phone keypad on a phone
        self.fields["phone"].widget.attrs.update(autocomplete="tel")


class ShopFulfilmentForm(forms.Form):
    """How the resident gets one shop's part of the basket: a pickup slot, or delivery."""

    method = forms.ChoiceField(label=_("How do you want to get it?"), widget=forms.RadioSelect)
    slot = forms.ChoiceField(label=_("Pickup time"), required=False)
    window = forms.ChoiceField(label=_("Delivery time"), required=False)
    address = forms.CharField(label=_("Delivery address"), max_length=200, required=False)
    postcode = forms.CharField(
        label=_("Postcode"), max_length=5, required=False, validators=[postcode_validator]
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False, initial=settings.TOWN_NAME)

    def __init__(
        self, *args, shop: Partner, slots: list[Slot], windows: list[Slot] | None = None, **kwargs
    ) -> None:
        super().__init__(*args, prefix=f"shop-{shop.pk}", **kwargs)
        self.shop = shop
        methods = []
        if shop.offers_click_collect:
            if shop.offers_market_pickup:
                methods.append((Fulfilment.PICKUP, _("Pickup in store or at the market")))
            else:
                methods.append((Fulfilment.PICKUP, _("Pickup in store")))
        if shop.offers_delivery:
            methods.append((Fulfilment.DELIVERY, _("Local delivery")))
        self.fields["method"].choices = methods
        self.fields["method"].initial = methods[0][0] if methods else None
        names = {"shop": shop.name}
        pickup_gone = _(
            "The pickup time you chose at %(shop)s is no longer available: please choose another."
        )
        delivery_gone = _(
            "The delivery time you chose at %(shop)s is no longer available: please choose another."
        )
        set_slot_choices(self.fields["slot"], slots, unavailable=pickup_gone % names)
        set_slot_choices(self.fields["window"], windows or [], unavailable=delivery_gone % names)

    def clean(self) -> dict:
        data = super().clean()
        method = data.get("method")
        # A posted time that is refused already says so: "choose a time" would contradict it.
        if method == Fulfilment.PICKUP and not data.get("slot") and "slot" not in self.errors:
            self.add_error("slot", _("Choose a pickup time at %(shop)s.") % {"shop": self.shop.name})
        if method == Fulfilment.DELIVERY:
            if not data.get("window") and "window" not in self.errors:
                self.add_error("window", _("Choose a delivery time at %(shop)s.") % {"shop": self.shop.name})
            for field in ("address", "postcode", "city"):
                if not data.get(field):
                    self.add_error(field, _("This field is required for delivery."))
        return data

    def choice(self) -> FulfilmentChoice:
        data = self.cleaned_data
        if data["method"] == Fulfilment.DELIVERY:
            address = DeliveryAddress(line1=data["address"], postcode=data["postcode"], city=data["city"])
            return FulfilmentChoice(
                method=Fulfilment.DELIVERY, slot_start=parse_slot_value(data["window"]), address=address
            )
        return pickup_choice(data["slot"])


class PaymentMethod(models.TextChoices):
    CARD = "card", _("Card, online now")
    AT_PICKUP = "pickup", _("At the shop, when I collect")


class PaymentForm(forms.Form):
    """Card online, or pay at pickup when every shop allows it (delivery is checked by the view).

    When less than a card payment can take is left to pay (gift vouchers paid the rest), card is
    not offered and the shops are paid at the counter, even those that otherwise want it online.
    """

    method = forms.ChoiceField(label=_("How do you want to pay?"), widget=forms.RadioSelect)

    def __init__(self, *args, pay_at_pickup_allowed: bool, card_allowed: bool = True, **kwargs) -> None:
        super().__init__(*args, prefix="payment", **kwargs)
        self.card_allowed = card_allowed
        choices = [PaymentMethod.CARD] if card_allowed else []
        if pay_at_pickup_allowed or not card_allowed:
            choices.append(PaymentMethod.AT_PICKUP)
        self.fields["method"].choices = [(choice.value, choice.label) for choice in choices]
        self.fields["method"].initial = choices[-1].value
