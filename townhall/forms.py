"""Forms of the town hall dashboard pages and of the merchant's posts."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from markets.models import Market, MarketBreak, MarketCancellation
from orders.models import Order
from shops.models import Partner
from townhall.models import Announcement, MerchantPost
from townhall.selectors import market_session_orders, stall_orders_ahead

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


CALL_OFF_FIRST = _(
    "Call those sessions off first (Cancel a session: their orders are cancelled and everyone is told why), "
    "then try again."
)


def _booked_at_stalls(orders: QuerySet[Order]) -> str:
    """Why a market change is refused: the stall orders it would strand, and how many, by date.

    A change that takes sessions away from residents who booked a stall pickup is refused rather
    than cancelling their orders silently: the town hall calls those sessions off first (the
    session cancellation tells how many orders it hits and cancels them with the reason).
    """
    starts = list(orders.values_list("slot_start", flat=True))
    if not starts:
        return ""
    count = len(starts)
    days = sorted({timezone.localdate(start) for start in starts})
    return ngettext(
        "%(count)d order is booked for pickup at this market's stalls (%(dates)s).",
        "%(count)d orders are booked for pickup at this market's stalls (%(dates)s).",
        count,
    ) % {"count": count, "dates": ", ".join(formats.date_format(day, "l j F") for day in days)}


class MarketForm(forms.ModelForm):
    """A market's place, day, hours and stallholders. Stopping it, moving its day, shortening its hours
    over booked pickups or removing a stallholder is refused while residents have stall orders ahead
    there (see _booked_at_stalls)."""

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
        if self.instance.pk:
            self._keep_booked_sessions(cleaned)
        return cleaned

    def _keep_booked_sessions(self, cleaned: dict) -> None:
        market = self.instance  # the saved market: the form has not changed it yet
        ahead = stall_orders_ahead(market=market, since=timezone.now())
        stopped = market.is_active and cleaned.get("is_active") is False
        moved = "weekday" in cleaned and cleaned["weekday"] != market.weekday
        booked = _booked_at_stalls(ahead) if stopped or moved else ""
        if booked:
            self.add_error("is_active" if stopped else "weekday", f"{booked} {CALL_OFF_FIRST}")
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        # Hours closing before they open already have their own error; a second would mislead.
        valid_hours = opens and closes and opens < closes
        hours_changed = valid_hours and (opens, closes) != (market.opens, market.closes)
        if not booked and hours_changed:
            # Shorter hours strand only the stall pickups booked outside them.
            outside = [
                order.pk
                for order in ahead.only("slot_start", "slot_end")
                if timezone.localtime(order.slot_start).time() < opens
                or timezone.localtime(order.slot_end).time() > closes
            ]
            booked = _booked_at_stalls(ahead.filter(pk__in=outside))
            if booked:
                self.add_error("opens", f"{booked} {CALL_OFF_FIRST}")
        if "stallholders" not in cleaned:
            return
        kept = {shop.pk for shop in cleaned["stallholders"]}
        for shop in market.stallholders.exclude(pk__in=kept).order_by("name"):
            booked = _booked_at_stalls(ahead.filter(shop=shop))
            if booked:
                then = _("They must be collected or cancelled before the shop leaves the market.")
                self.add_error("stallholders", f"{shop.display_name}: {booked} {then}")


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
        first, last = cleaned.get("start_date"), cleaned.get("end_date")
        if first and last and not self.errors:
            during = stall_orders_ahead(market=self.instance.market, since=timezone.now()).filter(
                slot_start__date__range=(first, last)
            )
            booked = _booked_at_stalls(during)
            if booked:
                self.add_error(None, f"{booked} {CALL_OFF_FIRST}")
        return cleaned
