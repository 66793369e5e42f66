"""The digital corner's demo on top of the demo town: the issue's walk, as a new user would try it.

The manager sees which merchants need a hand and adds a product with a photo for the one that agreed;
the merchant sees it was the manager; the survey's chart is on the storefront; the resident follows the
cheese shop and its product is in the weekly digest; the residents' workshop is on the home page.
"""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accompaniment.demo import seed_accompaniment
from community.demo import seed_community
from follows.demo import seed_follows
from follows.services import digests_queue
from shops.factories import ProductFactory
from shops.models import Partner
from surveys.demo import seed_surveys
from workshops.demo import seed_workshops

pytestmark = pytest.mark.django_db


def seed_corner() -> None:
    seed_accompaniment()
    seed_workshops()
    seed_follows()
    seed_community()
    seed_surveys()


def login(email: str) -> Client:
    client = Client()
    assert client.login(username=email, password="marketplace"), email
    return client


def test_the_corner_demo_walk(django_capture_on_commit_callbacks):
    call_command("seed_demo", verbosity=0)
    seed_corner()
    seed_corner()  # idempotent

    manager = login("manager@example.com")
    listing = manager.get(reverse("dashboard:corner-merchant-list"))
    flagged = {standing.name: flags for standing, flags, _up in listing.context["rows"] if flags}
    assert "No product after 7 days" in flagged["La Mercerie de Viroflay"]
    assert "Stock all zero" in flagged["Le Cellier du Coteau"]

    mercerie = Partner.objects.get(code="la-mercerie-de-viroflay")
    manager.post(reverse("dashboard:corner-help-start", kwargs={"pk": mercerie.pk}))
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    photo = SimpleUploadedFile("bobine.png", buffer.getvalue(), content_type="image/png")
    response = manager.post(
        reverse("dashboard:corner-help-product", kwargs={"pk": mercerie.pk}),
        {"title": "Bobine de fil lin", "price": "3.90", "stock": "12", "photo": photo},
    )
    assert response.status_code == 302
    merchant_page = login("la-mercerie-de-viroflay@example.com").get(reverse("dashboard:corner-my-help"))
    assert "Product “Bobine de fil lin” added by Julie Moreau" in merchant_page.content.decode()

    results = Client().get(reverse("surveys:results", kwargs={"slug": "restauration-halle"}))
    assert results.status_code == 200 and "42 residents answered." in results.content.decode()
    assert "Mon premier achat en ligne" in Client().get(reverse("home")).content.decode()

    # The cheese shop adds a product this week (its own dashboard is tested in tests/dashboard).
    ProductFactory(shop=Partner.objects.get(code="fromagerie-mere-colette"), title="Saint-Nectaire fermier")
    with django_capture_on_commit_callbacks(execute=True):
        digests_queue(today=timezone.localdate())
    digest = next(m for m in mail.outbox if m.to == ["resident@example.com"])
    assert "Saint-Nectaire fermier" in digest.body
