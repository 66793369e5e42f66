"""Storefront-wide views: the home page and the health check."""

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.generic import TemplateView

from markets.selectors import next_market_sessions
from shops import selectors
from shops.counter_offers import counter_offer_cards
from townhall import selectors as townhall

HOME_OPEN_SHOPS = 6
HOME_NEW_PRODUCTS = 8
HOME_COUNTER_OFFERS = 8
HOME_POSTS = 6
HOME_MARKET_SESSIONS = 3


class HomeView(TemplateView):
    """The town's market square: the town's news, who is open now, what is new, and every kind of shop."""

    template_name = "marketplace/home.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        today = timezone.localdate(now)
        context.update(
            announcements=townhall.current_announcements(today=today),
            posts=townhall.published_posts(at=now)[:HOME_POSTS],
            market_sessions=next_market_sessions(today=today, count=HOME_MARKET_SESSIONS),
            open_listings=selectors.open_shop_listings(at=now, limit=HOME_OPEN_SHOPS),
            new_products=selectors.new_products(limit=HOME_NEW_PRODUCTS),
            counter_offers=counter_offer_cards(now=now, limit=HOME_COUNTER_OFFERS),
            categories=selectors.shop_categories_with_shops(),
        )
        return context


def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and compose healthchecks: the process is up and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
