"""Logins lock out after wrong passwords; mail-sending forms, code checks, checkout, search are limited."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from orders.factories import create_shop_order
from orders.models import OutboxMessage
from shops.factories import ProductFactory, ShopFactory, UserFactory, make_merchant

PASSWORD = "Bon-mot-de-passe-2026"
LOGINS = {
    "storefront": ("customer:login", "login-username", "login-password", {"login_submit": "1"}),
    "dashboard": ("dashboard:login", "username", "password", {}),
    "admin": ("admin:login", "username", "password", {}),
}


def try_login(client: Client, where: str, email: str, password: str):
    url_name, username_field, password_field, extra = LOGINS[where]
    return client.post(reverse(url_name), {username_field: email, password_field: password, **extra})


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def resident(db):
    user = UserFactory(email="camille@example.com", is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("where", LOGINS)
def test_after_ten_wrong_passwords_the_right_one_is_refused_until_the_cool_off(
    client, resident, where, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert try_login(client, where, resident.email, "wrong").status_code in (200, 429)

    response = try_login(client, where, resident.email, PASSWORD)

    assert response.status_code == 429
    assert not logged_in(client)
    assert "30 minutes" in response.content.decode()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=31)):
        response = try_login(client, where, resident.email, PASSWORD)
        assert response.status_code == 302 and logged_in(client)


@pytest.mark.django_db
def test_the_account_is_locked_from_another_address_too_and_the_town_hall_can_unlock_it(
    resident, admin_client
):
    for _ in range(10):
        try_login(Client(REMOTE_ADDR="203.0.113.7"), "storefront", resident.email, "wrong")

    other_address = Client(REMOTE_ADDR="198.51.100.2")
    assert try_login(other_address, "storefront", resident.email, PASSWORD).status_code == 429

    # The town hall unlocks from the admin: Axes' access attempts, deleted.
    attempts = list(AccessAttempt.objects.filter(username=resident.email).values_list("pk", flat=True))
    listing = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and resident.email in listing.content.decode()
    admin_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )
    assert not AccessAttempt.objects.filter(username=resident.email).exists()
    assert try_login(other_address, "storefront", resident.email, PASSWORD).status_code == 302


@pytest.mark.django_db
@pytest.mark.french
def test_the_lockout_page_speaks_french(client, resident):
    for _ in range(10):
        try_login(client, "storefront", resident.email, "wrong")

    page = try_login(client, "storefront", resident.email, PASSWORD).content.decode()

    assert "Connexion temporairement bloquée" in page and "30 minutes" in page


@pytest.mark.django_db
def test_password_resets_are_limited_per_address_typed_and_say_why(client, resident):
    for _ in range(3):
        assert client.post(reverse("password-reset"), {"email": resident.email}).status_code == 302

    refused = client.post(reverse("password-reset"), {"email": resident.email.upper()})

    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode() and refused["Retry-After"]
    assert OutboxMessage.objects.filter(recipient=resident.email).count() == 3  # mails waiting to go
    # Another address from another connection is not held back by it.
    assert Client().post(reverse("password-reset"), {"email": "autre@example.com"}).status_code == 302


@pytest.mark.django_db
def test_shop_applications_are_limited_per_connection(client):
    statuses = [
        client.post(
            reverse("shops:apply"), {"name": f"Boutique {n}", "contact_email": f"a{n}@example.com"}
        ).status_code
        for n in range(6)
    ]

    assert 429 not in statuses[:5] and statuses[5] == 429


@pytest.mark.django_db
def test_registrations_are_limited_per_address_typed(client):
    data = {
        "registration-email": "cible@example.com",
        "registration-password1": "x",
        "registration-password2": "y",
    }
    statuses = [
        Client(REMOTE_ADDR=f"192.0.2.{n}").post(reverse("customer:register"), data).status_code
        for n in range(6)
    ]

    assert statuses[:5] == [200] * 5 and statuses[5] == 429


@pytest.mark.django_db
def test_search_is_limited_per_connection_but_not_for_others(client, settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "search": {**settings.RATE_LIMITS["search"], "rate": "3/m"},
    }

    assert [client.get(reverse("search:search"), {"q": "pain"}).status_code for _ in range(4)] == [
        200,
        200,
        200,
        429,
    ]
    assert Client(REMOTE_ADDR="198.51.100.9").get(reverse("search:search"), {"q": "pain"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.french
def test_a_refusal_says_why_in_french(client, settings):
    settings.RATE_LIMITS = {"search": {"views": ["search:search"], "methods": ["GET"], "rate": "1/m"}}
    client.get(reverse("search:search"))

    page = client.get(reverse("search:search")).content.decode()

    assert "Trop de tentatives" in page and "Réessayez dans 1 minute" in page


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_client_is_counted_apart(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    settings.RATE_LIMITS = {"search": {"views": ["search:search"], "methods": ["GET"], "rate": "1/m"}}
    proxy = Client(REMOTE_ADDR="10.0.0.2")

    assert proxy.get(reverse("search:search"), HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 200
    assert proxy.get(reverse("search:search"), HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 200
    # A client writing its own X-Forwarded-For first is still counted by what the proxy saw.
    assert proxy.get(reverse("search:search"), HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.1").status_code == 429


@pytest.mark.django_db
def test_pickup_code_checks_are_limited_per_order_whoever_types_them(settings):
    pickup_code = {**settings.RATE_LIMITS["pickup-code"], "target_rate": "3/10m"}
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pickup-code": pickup_code}
    shop = ShopFactory()
    order = create_shop_order(shop=shop, products=[ProductFactory(shop=shop)])
    merchant = make_merchant(shop)
    url = reverse("dashboard:order-action", kwargs={"number": order.number, "action": "collect"})

    statuses = []
    for n in range(4):
        client = Client(REMOTE_ADDR=f"192.0.2.{n}")
        client.force_login(merchant)
        statuses.append(client.post(url, {"code": "WRONG1"}).status_code)

    assert 429 not in statuses[:3] and statuses[3] == 429


@pytest.mark.django_db
def test_checkout_submissions_are_limited_per_connection(client, settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "checkout": {**settings.RATE_LIMITS["checkout"], "rate": "2/10m"},
    }

    statuses = [client.post(reverse("checkout:index"), {"email": "x"}).status_code for _ in range(3)]

    assert 429 not in statuses[:2] and statuses[2] == 429


@pytest.mark.django_db
def test_logins_from_one_shared_connection_are_not_held_by_the_registration_limit(client):
    """A library's or a school's connection: many residents log in from one address."""
    for n in range(25):
        user = UserFactory(email=f"lecteur{n}@example.com")
        user.set_password(PASSWORD)
        user.save()
        shared = Client(REMOTE_ADDR="192.0.2.50")
        assert try_login(shared, "storefront", user.email, PASSWORD).status_code == 302
