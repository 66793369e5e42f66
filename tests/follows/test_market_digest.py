"""Following the markets: the weekly digest lists the coming sessions, one called off said so."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from follows.services import digests_queue, follow_add
from markets.models import Market, MarketCancellation
from shops.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_resident_following_the_markets_reads_the_coming_sessions(django_capture_on_commit_callbacks):
    today = timezone.localdate()
    follow_add(user=UserFactory(email="resident@example.com"))  # the markets, no shop
    market = Market.objects.create(
        name="Marché de la Place",
        place="Place de Verdun",
        weekday=(today.weekday() + 2) % 7,
        opens=dt.time(8),
        closes=dt.time(12, 30),
    )
    called_off = today + dt.timedelta(days=2)
    MarketCancellation.objects.create(market=market, date=called_off, reason="Tempête")
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_queue(today=today) == 1
    [email] = mail.outbox
    assert "Marché de la Place" in email.body
    # The session called off says so, with the reason; the one after is a week later, beyond this
    # weekly digest: not listed.
    assert "8:00–12:30: Marché de la Place, Place de Verdun — Cancelled: Tempête" in email.body
    assert email.body.count("Marché de la Place") == 1


def test_the_digest_lists_the_coming_weeks_sessions_only(django_capture_on_commit_callbacks):
    today = timezone.localdate()
    follow_add(user=UserFactory(email="resident@example.com"))
    for day in range(7):  # a market every day of the week: seven sessions in the coming week
        Market.objects.create(
            name=f"Marché {day}", place="Halle", weekday=day, opens=dt.time(8), closes=dt.time(12, 30)
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_queue(today=today) == 1
    [email] = mail.outbox
    # Each market once: its session of the coming week, not the next one a week later.
    assert all(email.body.count(f"Marché {day}, Halle") == 1 for day in range(7)), email.body
