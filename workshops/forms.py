"""Forms of workshops: the town's workshop, and a sign-up entered by the town for someone on the phone."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shops.models import phone_validator
from workshops.models import Workshop


class WorkshopForm(forms.ModelForm):
    class Meta:
        model = Workshop
        fields = (
            "title",
            "description",
            "audience",
            "starts_at",
            "duration_minutes",
            "place",
            "places",
            "is_published",
        )
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        }


class PhoneSignUpForm(forms.Form):
    """Someone who called the town hall: a name and a phone or an email to reach them."""

    name = forms.CharField(label=_("Name"), max_length=120)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False, validators=[phone_validator])
    email = forms.EmailField(label=_("Email (for the reminder)"), required=False)

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("email"):
            raise forms.ValidationError(_("Give a phone number or an email to reach them."))
        return cleaned
