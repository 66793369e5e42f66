"""Personal data (RGPD): export, erasure, guests anonymised after retention, legal pages, cookies."""

import datetime as dt
import importlib
import json

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from core.roles import ensure_town_hall_group
from marketplace.celery import app as celery_app
from orders.factories import create_shop_order
from orders.models import Checkout, OutboxMessage, Status
from privacy.services import ANONYMOUS_EMAIL, guests_anonymise
from shops.factories import ProductFactory, ShopFactory, UserFactory

Order = get_model("order", "Order")
FlatPage = get_model("flatpages", "FlatPage")
User = get_user_model()
PASSWORD = "Un-mot-de-passe-2026"


def place(*, email: str, user=None, status: str = Status.COLLECTED, days_ago: int = 0) -> Checkout:
    """A checkout of one order at a new shop, made `days_ago`, its order in `status`."""
    when = timezone.now() - dt.timedelta(days=days_ago)
    checkout = Checkout.objects.create(
        user=user, first_name="Camille", last_name="Martin", email=email, phone="0612345678", created_at=when
    )
    shop = ShopFactory()
    order = create_shop_order(shop=shop, products=[ProductFactory(shop=shop, title="Comté 18 mois")])
    Order.objects.filter(pk=order.pk).update(
        checkout=checkout, user=user, guest_email="" if user else email, status=status, date_placed=when
    )
    OutboxMessage.objects.create(
        key=f"k-{checkout.pk}", event="placed", channel="email", checkout=checkout, recipient=email
    )
    return checkout


@pytest.fixture
def resident(db):
    user = UserFactory(email="camille@example.com", first_name="Camille", last_name="Martin")
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def resident_client(resident) -> Client:
    client = Client()
    client.force_login(resident)
    return client


def test_a_resident_downloads_their_data_as_json(resident, resident_client):
    checkout = place(email=resident.email, user=resident)

    response = resident_client.get(reverse("privacy:data-export"))

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="mes-donnees-')
    data = json.loads(response.content)
    assert data["account"]["email"] == "camille@example.com"
    (exported,) = data["checkouts"]
    assert exported["reference"] == checkout.reference and exported["phone"] == "0612345678"
    assert exported["orders"][0]["lines"][0]["title"] == "Comté 18 mois"
    assert "Download my data" in resident_client.get(reverse("customer:profile-view")).content.decode()


@pytest.mark.django_db
def test_the_export_is_for_logged_in_residents_only(client):
    assert client.get(reverse("privacy:data-export")).status_code == 302


def test_deleting_the_account_keeps_the_orders_without_who_bought(resident, resident_client):
    checkout = place(email=resident.email, user=resident)
    order = checkout.orders.get()

    assert resident_client.post(reverse("customer:profile-delete"), {"password": "wrong"}).status_code == 200
    assert User.objects.filter(pk=resident.pk).exists()
    response = resident_client.post(reverse("customer:profile-delete"), {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(pk=resident.pk).exists()
    assert "_auth_user_id" not in resident_client.session
    checkout.refresh_from_db()
    assert (checkout.first_name, checkout.last_name, checkout.phone, checkout.email) == (
        "",
        "",
        "",
        ANONYMOUS_EMAIL,
    )
    order.refresh_from_db()
    assert order.user is None and order.lines.get().title == "Comté 18 mois" and order.total_incl_tax > 0
    assert (order.shipping_address.first_name, order.shipping_address.line1) == ("", "")
    assert str(order.shipping_address.phone_number or "") == ""
    assert OutboxMessage.objects.get(checkout=checkout).recipient == ""


def test_an_account_with_an_order_under_way_is_not_deleted_and_says_why(resident, resident_client):
    place(email=resident.email, user=resident, status=Status.ACCEPTED)

    response = resident_client.post(reverse("customer:profile-delete"), {"password": PASSWORD})

    assert response.status_code == 200 and "orders under way" in response.content.decode()
    assert User.objects.filter(pk=resident.pk).exists()


@pytest.mark.django_db
def test_staff_accounts_are_not_deleted_from_the_storefront():
    user = UserFactory(email="mairie@example.com", is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    client = Client()
    client.force_login(user)

    response = client.post(reverse("customer:profile-delete"), {"password": PASSWORD})

    assert "ask the town hall" in response.content.decode() and User.objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_guests_are_anonymised_three_years_after_their_last_order(settings):
    assert settings.PRIVACY_GUEST_RETENTION_DAYS == 3 * 365
    old = place(email="ancien@example.com", days_ago=3 * 365 + 1)
    returning_old = place(email="fidele@example.com", days_ago=4 * 365)
    returning_recent = place(email="fidele@example.com", days_ago=30)
    still_open = place(email="lent@example.com", days_ago=4 * 365, status=Status.READY)
    member = place(email="membre@example.com", user=UserFactory(), days_ago=5 * 365)

    assert guests_anonymise() == 1

    old.refresh_from_db()
    assert (old.email, old.first_name, old.phone) == (ANONYMOUS_EMAIL, "", "")
    assert old.orders.get().guest_email == ANONYMOUS_EMAIL and old.orders.get().lines.exists()
    for kept in (returning_old, returning_recent, still_open, member):
        kept.refresh_from_db()
        assert kept.first_name == "Camille"
    assert guests_anonymise() == 0  # nothing twice


@pytest.mark.django_db
def test_the_town_sets_the_retention_and_beat_runs_it(settings):
    settings.PRIVACY_GUEST_RETENTION_DAYS = 10
    place(email="recent@example.com", days_ago=11)

    entry = settings.CELERY_BEAT_SCHEDULE["privacy-anonymise-guests"]
    celery_app.loader.import_default_modules()  # what a worker does at start: autodiscovered tasks
    assert entry["task"] in celery_app.tasks
    assert celery_app.tasks[entry["task"]].delay().get() == 1


@pytest.fixture
def legal_pages(db) -> None:
    """The pages as `migrate` creates them (the suite runs without migrations): the migration's own code."""
    importlib.import_module("privacy.migrations.0001_legal_pages").create_pages(django_apps, None)
    importlib.import_module("privacy.migrations.0002_accessibility_statement_rgaa").statement_complete(
        django_apps, None
    )


LEGAL = ["/mentions-legales/", "/confidentialite/", "/conditions-generales-de-vente/", "/accessibilite/"]


@pytest.mark.django_db
@pytest.mark.french
def test_the_legal_pages_exist_in_french_and_every_footer_links_them(client, legal_pages):
    for url in LEGAL:
        page = client.get(url)
        assert page.status_code == 200, url
        assert FlatPage.objects.get(url=url).title in page.content.decode()
    home = client.get(reverse("home")).content.decode()
    for url in LEGAL:
        assert f'href="{url}"' in home
    assert (
        "Mentions légales" in home
        and "Déclaration d’accessibilité" in client.get("/accessibilite/").content.decode()
    )
    assert f'href="{LEGAL[1]}"' in client.get(reverse("shops:directory")).content.decode()


@pytest.mark.django_db
@pytest.mark.french
def test_the_accessibility_statement_has_the_rgaa_sections_and_every_footer_links_it(
    client, town_hall, legal_pages
):
    statement = client.get("/accessibilite/").content.decode()
    for section in [
        "État de conformité",
        "partiellement conforme",
        "RGAA), version 4.1",
        "Contenus non accessibles",
        "Dérogations pour charge disproportionnée",
        "Retour d’information et contact",
        f'href="mailto:{settings.TOWN_CONTACT_EMAIL}"',
        "Voies de recours",
        "Défenseur des droits",
        "Libre réponse 71120",
    ]:
        assert section in statement, section
    for url in [reverse("home"), reverse("shops:directory"), "/basket/", "/accessibilite/"]:
        assert 'href="/accessibilite/"' in client.get(url).content.decode(), url
    # The dashboard's pages end with it too.
    for url in [reverse("dashboard:index"), reverse("dashboard:shop-application-list")]:
        assert 'href="/accessibilite/"' in town_hall.get(url).content.decode(), url


@pytest.mark.django_db
def test_an_accessibility_statement_the_town_hall_edited_is_kept(legal_pages):
    migration = importlib.import_module("privacy.migrations.0002_accessibility_statement_rgaa")
    FlatPage.objects.filter(url="/accessibilite/").update(content="<p>Audit du 2 mars : 87 %.</p>")
    migration.statement_complete(django_apps, None)
    assert FlatPage.objects.get(url="/accessibilite/").content == "<p>Audit du 2 mars : 87 %.</p>"


@pytest.mark.django_db
def test_the_town_hall_edits_the_legal_pages(legal_pages):
    user = UserFactory(email="mairie@example.com", is_staff=True)
    user.groups.add(ensure_town_hall_group())
    town_hall = Client()
    town_hall.force_login(user)
    page = FlatPage.objects.get(url="/confidentialite/")

    response = town_hall.get(reverse("dashboard:page-update", kwargs={"pk": page.pk}))

    assert response.status_code == 200


@pytest.mark.django_db
def test_an_anonymous_visitor_gets_only_essential_cookies(client):
    shop = ShopFactory()
    product = ProductFactory(shop=shop, stock=5)

    client.get(reverse("home"))
    client.get(product.get_absolute_url())
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    client.get(reverse("basket:summary"))
    client.get(reverse("checkout:index"))
    client.get(reverse("customer:login"))

    # The session (login), the CSRF token of forms, Oscar's basket, the one-time notice of what was just
    # done ("added to your basket"): nothing for audience or ads, and no "recently viewed" history.
    assert set(client.cookies) <= {"sessionid", "csrftoken", "oscar_open_basket", "messages"}
    assert "oscar_history" not in client.cookies
