"""The town hall's market pages: each parses its form, calls one service of townhall.market_services
(which locks, refuses, saves and logs), and shows the outcome. Access: townhall/apps.py."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import CreateView, ListView, UpdateView

from markets.models import Market, MarketBreak, MarketCancellation
from orders.exceptions import InvalidTransition
from orders.selectors import upcoming_stall_orders
from townhall import market_services
from townhall.dashboard_views import ConfirmDeleteView, FormPageMixin
from townhall.market_forms import MarketBreakForm, MarketCancellationForm, MarketForm, refusals_show

MARKET_LIST = reverse_lazy("dashboard:market-list")


class MarketListView(ListView):
    extra_context = {"page_title": _("Markets")}
    template_name = "marketplace/dashboard/market_list.html"
    model = Market
    context_object_name = "markets"

    def get_queryset(self) -> QuerySet[Market]:
        return Market.objects.prefetch_related("stallholders", "breaks", "cancellations")

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        # What calling a session off would hit: the stall orders booked for each coming day.
        stall_orders = upcoming_stall_orders(since=timezone.now())
        for market in context["markets"]:
            market.stall_orders = stall_orders.get(market.pk, [])
        return context


class MarketSaveMixin(FormPageMixin):
    """Creates or changes a market through `market_save`; a refusal found under lock (an order booked
    since the form was checked) is shown on the form like the others."""

    form_class = MarketForm
    back_url_name = "dashboard:market-list"
    success_url = MARKET_LIST

    def form_valid(self, form: MarketForm) -> HttpResponse:
        try:
            self.object = market_services.market_save(
                market=form.instance, stallholders=form.cleaned_data["stallholders"], actor=self.request.user
            )
        except market_services.MarketChangeRefused as refused:
            refusals_show(form, refused)
            return self.form_invalid(form)
        messages.success(self.request, self.saved_message)
        return redirect(self.success_url)


class MarketCreateView(MarketSaveMixin, CreateView):
    page_title = _("New market")


class MarketUpdateView(MarketSaveMixin, UpdateView):
    model = Market
    page_title = _("Edit market")


class MarketDateFormView(FormPageMixin, CreateView):
    """A form about one market's calendar (a cancelled session, a seasonal break)."""

    back_url_name = "dashboard:market-list"
    success_url = MARKET_LIST

    def get_form_kwargs(self) -> dict:
        market = get_object_or_404(Market, pk=self.kwargs["pk"])
        return {**super().get_form_kwargs(), "market": market}


class MarketCancellationCreateView(MarketDateFormView):
    form_class = MarketCancellationForm
    page_title = _("Cancel a session")

    def form_valid(self, form: MarketCancellationForm) -> HttpResponse:
        try:
            _cancellation, cancelled = market_services.market_session_cancel(
                market=form.instance.market,
                date=form.cleaned_data["date"],
                reason=form.cleaned_data["reason"],
                actor=self.request.user,
            )
        except InvalidTransition as refused:  # an order handed over meanwhile: nothing was changed
            form.add_error(None, str(refused))
            return self.form_invalid(form)
        messages.success(self.request, _("The session is cancelled; residents see the reason."))
        if cancelled:
            messages.info(
                self.request,
                ngettext(
                    "%(count)d order was cancelled; its resident and its shop were told why.",
                    "%(count)d orders were cancelled; their residents and shops were told why.",
                    cancelled,
                )
                % {"count": cancelled},
            )
        return redirect(self.success_url)


class MarketBreakCreateView(MarketDateFormView):
    form_class = MarketBreakForm
    page_title = _("Add a seasonal break")

    def form_valid(self, form: MarketBreakForm) -> HttpResponse:
        try:
            self.object = market_services.market_break_add(
                market=form.instance.market,
                start_date=form.cleaned_data["start_date"],
                end_date=form.cleaned_data["end_date"],
                reason=form.cleaned_data["reason"],
                actor=self.request.user,
            )
        except market_services.MarketChangeRefused as refused:
            refusals_show(form, refused)
            return self.form_invalid(form)
        messages.success(self.request, self.saved_message)
        return redirect(self.success_url)


class MarketDateDeleteView(ConfirmDeleteView):
    """Takes back a seasonal break or a session's cancellation: the session is held again (logged)."""

    success_url = MARKET_LIST

    def form_valid(self, form) -> HttpResponse:
        market_services.market_date_remove(removed=self.object, actor=self.request.user)
        return redirect(self.success_url)


class MarketCancellationDeleteView(MarketDateDeleteView):
    """The session is on after all (the storm passed): residents see it held again."""

    model = MarketCancellation


class MarketBreakDeleteView(MarketDateDeleteView):
    model = MarketBreak
