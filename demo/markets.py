"""The demo's weekly markets: their stallholders and stall pickup, a break and a cancelled session."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from demo.data import MARKET_BREAK, MARKET_CANCELLATION, MARKET_PICKUP_SHOPS, MARKETS
from demo.specs import parse_time
from markets.models import Market, MarketBreak, MarketCancellation
from shops.models import Partner


def markets_ensure() -> None:
    """The weekly markets with their stallholders (two offering stall pickup), a break and a cancellation.

    Stallholders and stall pickup are set when a market is created; the break and the cancellation
    move ahead once past, like the shops' closures.
    """
    today = timezone.localdate()
    shops = Partner.objects.in_bulk(
        {code for data in MARKETS for code in data.stallholders}, field_name="code"
    )
    markets = {}
    for data in MARKETS:
        market, created = Market.objects.get_or_create(
            name=data.name,
            defaults={
                "place": data.place,
                "weekday": data.weekday,
                "opens": parse_time(data.opens),
                "closes": parse_time(data.closes),
            },
        )
        if created:
            market.stallholders.set([shops[code] for code in data.stallholders if code in shops])
            stall_pickup = Partner.objects.filter(code__in=MARKET_PICKUP_SHOPS, markets=market)
            stall_pickup.update(offers_market_pickup=True)
        markets[data.name] = market

    name, reason = MARKET_BREAK
    start, end = today + dt.timedelta(days=8), today + dt.timedelta(days=14)
    seasonal = markets[name].breaks.filter(reason=reason).first()
    if seasonal is None:
        MarketBreak.objects.create(market=markets[name], start_date=start, end_date=end, reason=reason)
    elif seasonal.end_date < today:
        MarketBreak.objects.filter(pk=seasonal.pk).update(start_date=start, end_date=end)

    name, reason = MARKET_CANCELLATION
    market = markets[name]
    second_session = today + dt.timedelta(days=(market.weekday - today.weekday()) % 7 + 7)
    called_off = market.cancellations.filter(reason=reason).first()
    date_free = not market.cancellations.filter(date=second_session).exists()
    if called_off is None and date_free:
        MarketCancellation.objects.create(market=market, date=second_session, reason=reason)
    elif called_off is not None and called_off.date < today and date_free:
        MarketCancellation.objects.filter(pk=called_off.pk).update(date=second_session)
