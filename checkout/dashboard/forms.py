"""The merchant's phone order form: the order board's, plus how the customer wants to hear that their
order is ready (a text to a mobile, a voice call to a landline, or nothing: they call back)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from checkout.behalf import PhoneNumberInvalid, phone_is_mobile, phone_normalise
from checkout.behalf_forms import LANDLINE_REFUSAL, PHONE_REFUSAL
from orders.dashboard.forms import PhoneOrderForm

NOTHING, SMS, VOICE = "", "sms", "voice"


class MerchantPhoneOrderForm(PhoneOrderForm):
    tell_by = forms.ChoiceField(
        label=_("Tell them when it is ready"),
        choices=[
            (NOTHING, _("No message (they will call back)")),
            (SMS, _("By text message (a mobile)")),
            (VOICE, _("By a voice call (a landline)")),
        ],
        required=False,
        initial=NOTHING,
        widget=forms.RadioSelect,
    )

    def clean(self) -> dict:
        data = super().clean()
        tell_by, phone = data.get("tell_by"), data.get("phone")
        if tell_by and phone:
            try:
                data["phone"] = phone_normalise(phone)
            except PhoneNumberInvalid:
                self.add_error("phone", PHONE_REFUSAL)
                return data
            if tell_by == SMS and not phone_is_mobile(data["phone"]):
                self.add_error("tell_by", LANDLINE_REFUSAL)
        return data
