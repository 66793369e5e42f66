"""Forms of the town hall dashboard pages and of the merchant's posts."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.models import Announcement, MerchantPost

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def check_order(form: forms.ModelForm, start: str, end: str, message: str) -> None:
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first and last and last < first:
        form.add_error(end, message)


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ("title", "text", "link", "starts_on", "ends_on")
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def clean(self) -> dict:
        cleaned = super().clean()
        check_order(self, "starts_on", "ends_on", _("The end date comes before the start date."))
        return cleaned


class MerchantPostForm(forms.ModelForm):
    class Meta:
        model = MerchantPost
        fields = ("kind", "text", "photo", "publish_from", "publish_until")
        widgets = {"publish_from": DATETIME, "publish_until": DATETIME}
        help_texts = {"publish_until": _("Leave empty to keep it online; a menu is usually for one day.")}

    def clean(self) -> dict:
        cleaned = super().clean()
        check_order(self, "publish_from", "publish_until", _("The end comes before the start."))
        return cleaned


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the merchant and kept in the moderation log."),
    )
