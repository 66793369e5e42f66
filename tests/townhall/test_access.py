"""Every town-hall page of ours refuses merchants and residents, GET and POST, and asks visitors to log in.

The pages are read from the apps' own URL confs, so a page added later is checked without editing this
test (Oscar's own town-hall areas are enumerated in tests/dashboard/test_merchant_isolation.py).
"""

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, reverse

from shops.factories import ShopFactory, UserFactory, make_merchant

pytestmark = pytest.mark.django_db

# The dashboard apps that are the town hall's alone, and the town-hall pages of shared apps.
TOWN_HALL_APPS = ("townhall", "oversight", "gift_vouchers_dashboard")
MERCHANT_PAGES_IN_THOSE_APPS = ("post-list", "post-create", "post-update", "post-delete")
TOWN_HALL_PAGES_OF_SHARED_APPS = {
    "shop_dashboard": ("shop-application-",),
    "payments": ("settlement",),
}


def page_urls(*, with_parameters: bool = True) -> list[str]:
    """Every town-hall URL, any parameter in it set to 1 (a refusal must come before any lookup)."""
    patterns = [
        (label, pattern)
        for label in (*TOWN_HALL_APPS, *TOWN_HALL_PAGES_OF_SHARED_APPS)
        for pattern in apps.get_app_config(label).get_urls()
        if isinstance(pattern, URLPattern)
    ]
    return [
        reverse(
            f"{'payments' if label == 'payments' else 'dashboard'}:{pattern.name}",
            kwargs={param: 1 for param in pattern.pattern.regex.groupindex},
        )
        for label, pattern in patterns
        if pattern.name not in MERCHANT_PAGES_IN_THOSE_APPS
        and pattern.name.startswith(TOWN_HALL_PAGES_OF_SHARED_APPS.get(label, ""))
        and (with_parameters or not pattern.pattern.regex.groupindex)
    ]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_list_of_town_hall_pages_is_complete_enough_to_mean_something():
    urls = page_urls()

    assert len(urls) >= 25
    assert reverse("dashboard:oversight-audit") in urls
    assert reverse("dashboard:gift-voucher-issue") in urls
    assert reverse("payments:settlement") in urls
    assert reverse("dashboard:post-list") not in urls


def test_merchants_and_residents_get_403_on_every_town_hall_page():
    merchant = logged_in(make_merchant(ShopFactory(), email="boulanger@example.com"))
    resident = logged_in(UserFactory(email="resident@example.com"))
    answers = {}
    for url in page_urls():
        for who, client in (("merchant", merchant), ("resident", resident)):
            answers[f"{who} GET {url}"] = client.get(url).status_code
            answers[f"{who} POST {url}"] = client.post(url, {"reason": "mine now", "title": "x"}).status_code

    assert {request: status for request, status in answers.items() if status != 403} == {}


def test_visitors_are_asked_to_log_in():
    for url in page_urls():
        response = Client().get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_the_town_hall_opens_its_pages(town_hall):
    pages_without_an_object = page_urls(with_parameters=False)

    assert len(pages_without_an_object) >= 10
    assert {url: town_hall.get(url).status_code for url in pages_without_an_object} == dict.fromkeys(
        pages_without_an_object, 200
    )
