"""Forms of the town hall dashboard pages and of the merchant's posts."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from marketplace.models import Announcement, Market, MarketBreak, MarketCancellation, MerchantPost
from marketplace.townhall.selectors import market_session_orders
from shops.models import Partner

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _check_order(form: forms.ModelForm, start: str, end: str, message: str) -> None:
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
        _check_order(self, "starts_on", "ends_on", _("The end date comes before the start date."))
        return cleaned


class MerchantPostForm(forms.ModelForm):
    class Meta:
        model = MerchantPost
        fields = ("kind", "text", "photo", "publish_from", "publish_until")
        widgets = {"publish_from": DATETIME, "publish_until": DATETIME}
        help_texts = {"publish_until": _("Leave empty to keep it online; a menu is usually for one day.")}

    def clean(self) -> dict:
        cleaned = super().clean()
        _check_order(self, "publish_from", "publish_until", _("The end comes before the start."))
        return cleaned


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the merchant and kept in the moderation log."),
    )


class MarketForm(forms.ModelForm):
    class Meta:
        model = Market
        fields = ("name", "place", "weekday", "opens", "closes", "stallholders", "is_active")
        widgets = {"opens": TIME, "closes": TIME, "stallholders": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stallholders"].queryset = Partner.objects.on_storefront().order_by("name")

    def clean(self) -> dict:
        cleaned = super().clean()
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens and closes and closes <= opens:
            self.add_error("closes", _("The market closes before it opens."))
        return cleaned


class MarketCancellationForm(forms.ModelForm):
    """The date and the reason; when residents booked stall pickups that day, a second step says how
    many and asks to confirm cancelling them too."""

    confirm = forms.BooleanField(
        label=_("Also cancel these orders; their residents and shops are told the reason"),
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = MarketCancellation
        fields = ("date", "reason")
        widgets = {"date": DATE}

    def __init__(self, *args, market: Market, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.market = market

    def clean(self) -> dict:
        cleaned = super().clean()
        date = cleaned.get("date")
        if not date or self.errors:
            return cleaned
        affected = market_session_orders(market=self.instance.market, date=date).count()
        if affected and not cleaned.get("confirm"):
            self.fields["confirm"].widget = forms.CheckboxInput()
            self.add_error(
                None,
                ngettext(
                    "%(count)d order is booked for pickup at a stall of this session.",
                    "%(count)d orders are booked for pickup at the stalls of this session.",
                    affected,
                )
                % {"count": affected},
            )
            self.add_error("confirm", _("Tick this box to cancel the session and these orders."))
        return cleaned

    def clean_date(self):
        date = self.cleaned_data["date"]
        market = self.instance.market
        if date.weekday() != market.weekday:
            raise forms.ValidationError(
                _("%(market)s is held on %(day)s.") % {"market": market, "day": market.get_weekday_display()}
            )
        if market.cancellations.filter(date=date).exists():
            raise forms.ValidationError(_("This session is already cancelled."))
        return date


class MarketBreakForm(forms.ModelForm):
    class Meta:
        model = MarketBreak
        fields = ("start_date", "end_date", "reason")
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args, market: Market, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.market = market

    def clean(self) -> dict:
        cleaned = super().clean()
        _check_order(self, "start_date", "end_date", _("The end date comes before the start date."))
        return cleaned
