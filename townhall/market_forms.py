"""Forms of the town hall's market pages, and of the Django admin's market page: the same refusals
(townhall.market_services) are shown on the field the person changed, and the saving is the service's."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from markets.models import Market, MarketBreak, MarketCancellation
from orders.selectors import market_session_orders
from shops.models import Partner
from townhall.forms import DATE, TIME, check_order
from townhall.market_services import MarketChangeRefused, market_break_refusal, market_change_refusals


def refusals_show(form: forms.BaseForm, refused: MarketChangeRefused) -> None:
    """A refusal's messages on the fields they are about (or the whole form)."""
    for field, messages in refused.errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


class MarketChangeChecksMixin:
    """For a ModelForm of Market: after Django has put the new values on the instance, the refusals of a
    change that would strand stall orders become form errors (the service checks again under lock)."""

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.instance.pk is None or self.errors:
            return
        saved = Market.objects.get(pk=self.instance.pk)
        stallholders = self.cleaned_data.get("stallholders") if "stallholders" in self.fields else None
        refusals_show(
            self,
            MarketChangeRefused(
                market_change_refusals(saved=saved, changed=self.instance, stallholders=stallholders)
            ),
        )


class MarketForm(MarketChangeChecksMixin, forms.ModelForm):
    """A market's place, day, hours and stallholders. Stopping it, moving its day, shortening its hours
    over booked pickups or removing a stallholder is refused while residents have stall orders ahead
    there (townhall.market_services.market_change_refusals)."""

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
        check_order(self, "start_date", "end_date", _("The end date comes before the start date."))
        first, last = cleaned.get("start_date"), cleaned.get("end_date")
        if first and last and not self.errors:
            refusal = market_break_refusal(market=self.instance.market, start_date=first, end_date=last)
            if refusal:
                self.add_error(None, refusal)
        return cleaned
