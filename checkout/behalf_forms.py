"""Forms for ordering for a person not online: their record, a relative's link, and the order."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from checkout.behalf import PhoneNumberInvalid, phone_is_mobile, phone_normalise
from checkout.forms import postcode_validator
from checkout.models import OfflineResident, Relative
from orders.dashboard.forms import PhoneOrderForm
from orders.models import Fulfilment
from orders.placement import FulfilmentChoice
from orders.slot_choices import parse_slot_value, pickup_choice, set_slot_choices
from shops.models import Partner
from shops.slots import Slot

User = get_user_model()
PHONE_REFUSAL = _("Enter a French phone number, for example 01 30 24 55 10.")
LANDLINE_REFUSAL = _("A text message cannot reach a landline: choose a voice call, or give a mobile number.")


class OfflineResidentForm(forms.ModelForm):
    class Meta:
        model = OfflineResident
        fields = (
            "first_name",
            "last_name",
            "phone",
            "preferred_contact",
            "line1",
            "postcode",
            "city",
            "note",
        )
        widgets = {"preferred_contact": forms.RadioSelect}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["postcode"].validators.append(postcode_validator)
        self.fields["phone"].widget.attrs.update({"type": "tel", "autocomplete": "off"})

    def clean_phone(self) -> str:
        try:
            return phone_normalise(self.cleaned_data["phone"])
        except PhoneNumberInvalid:
            raise forms.ValidationError(
                _("Enter a French phone number, for example 01 30 24 55 10.")
            ) from None

    def clean(self) -> dict:
        data = super().clean()
        phone = data.get("phone")
        if (
            phone
            and data.get("preferred_contact") == OfflineResident.Contact.SMS
            and not phone_is_mobile(phone)
        ):
            self.add_error("preferred_contact", LANDLINE_REFUSAL)
        return data


class RelativeForm(forms.Form):
    email = forms.EmailField(label=_("The relative's account email"))
    consent = forms.CharField(
        label=_("How the person agreed"),
        max_length=255,
        help_text=_("For example: by phone to the corner, 3 December"),
    )

    def __init__(self, *args, resident: OfflineResident, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.resident = resident

    def clean_email(self) -> User:
        user = User.objects.filter(email__iexact=self.cleaned_data["email"], is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("No resident account has this email: the relative signs up on the marketplace first.")
            )
        if Relative.objects.filter(resident=self.resident, user=user).exists():
            raise forms.ValidationError(_("This relative may already order for them."))
        return user


class BehalfOrderForm(PhoneOrderForm):
    """The phone order's product rows, without the customer's fields (the person's record gives them),
    picked up at the shop or delivered to the person's address, and the repeat confirmation. Its
    delivery times follow the products' rules as its pickup times do."""

    repeat_confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args, shop: Partner, slots: list[Slot], delivery_slots: list[Slot] | None = None, **kwargs
    ) -> None:
        super().__init__(*args, shop=shop, slots=slots, **kwargs)
        for name in ("first_name", "last_name", "phone", "email"):
            del self.fields[name]
        self.fields["slot"].required = False
        methods = [(Fulfilment.PICKUP, _("Picked up at the shop (by them or someone for them)"))]
        if shop.offers_delivery:
            methods.append((Fulfilment.DELIVERY, _("Delivered to their address")))
            self.fields["delivery_slot"] = forms.ChoiceField(label=_("Delivery time"), required=False)
            set_slot_choices(self.fields["delivery_slot"], self.offered(delivery_slots or []))
        self.fields["fulfilment"] = forms.ChoiceField(
            label=_("Pickup or delivery"),
            choices=methods,
            initial=Fulfilment.PICKUP,
            widget=forms.RadioSelect,
        )

    def clean(self) -> dict:
        data = super().clean()
        method = data.get("fulfilment")
        if method == Fulfilment.DELIVERY and not data.get("delivery_slot"):
            self.add_error("delivery_slot", _("Choose a delivery time."))
        elif method == Fulfilment.PICKUP and not data.get("slot"):
            self.add_error("slot", _("Choose a pickup time."))
        return data

    def chosen_time(self) -> tuple[str, dt.datetime | None]:
        if self.cleaned_data.get("fulfilment") == Fulfilment.DELIVERY:
            value = self.cleaned_data.get("delivery_slot")
            return "delivery_slot", parse_slot_value(value) if value else None
        return super().chosen_time()

    def choice(self) -> FulfilmentChoice:
        if self.cleaned_data["fulfilment"] == Fulfilment.DELIVERY:
            # The address is the person's (checkout.behalf fills it in).
            return FulfilmentChoice(
                method=Fulfilment.DELIVERY, slot_start=parse_slot_value(self.cleaned_data["delivery_slot"])
            )
        return pickup_choice(self.cleaned_data["slot"])
