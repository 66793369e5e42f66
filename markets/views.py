"""Public market pages: the weekly markets, their next sessions and their stallholders."""

from __future__ import annotations

from django.utils import timezone
from django.views.generic import TemplateView

from markets import selectors

MARKET_SESSIONS_LISTED = 4


class MarketListView(TemplateView):
    """The weekly markets, their next sessions (cancellations shown) and their stallholders."""

    template_name = "marketplace/townhall/markets.html"

    def get_context_data(self, **kwargs) -> dict:
        schedules = selectors.market_schedules(today=timezone.localdate(), count=MARKET_SESSIONS_LISTED)
        return super().get_context_data(schedules=schedules, **kwargs)
