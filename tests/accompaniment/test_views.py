"""The accompaniment pages: who may open them, the list's flags, help records, help mode end to end."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image

from accompaniment.models import HelpAction, HelpRecord
from shops.factories import ProductFactory

pytestmark = pytest.mark.django_db
Product = get_model("catalogue", "Product")


def png() -> bytes:
    """A small real PNG: the photo a manager uploads."""
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "orange").save(buffer, format="PNG")
    return buffer.getvalue()


def manager_pages(shop) -> list[str]:
    return [
        reverse("dashboard:corner-merchant-list"),
        reverse("dashboard:corner-merchant-detail", kwargs={"pk": shop.pk}),
    ]


@pytest.mark.parametrize(
    "who, allowed",
    [("manager", True), ("town_hall", True), ("merchant", False), ("resident", False), ("anonymous", False)],
)
def test_only_the_manager_and_the_town_hall_see_the_merchants(people, shop, who, allowed):
    for url in manager_pages(shop):
        response = people[who].get(url)
        assert (response.status_code == 200) is allowed, (who, url, response.status_code)


@pytest.mark.parametrize(
    "who, allowed",
    [("merchant", True), ("manager", False), ("town_hall", False), ("resident", False), ("anonymous", False)],
)
def test_only_merchants_see_their_help_page(people, who, allowed):
    response = people[who].get(reverse("dashboard:corner-my-help"))
    assert (response.status_code == 200) is allowed, (who, response.status_code)


def test_the_list_flags_a_shop_without_product_after_a_week(people, shop, other_shop):
    shop.created_at = timezone.now() - dt.timedelta(days=8)
    shop.save()
    ProductFactory(shop=other_shop)
    response = people["manager"].get(reverse("dashboard:corner-merchant-list"))
    rows = {standing.name: flags for standing, flags, _up in response.context["rows"]}
    assert rows == {"Fromagerie Mère Colette": ["No product after 7 days"], "Au Pain de Viroflay": []}
    assert "No product after 7 days" in response.content.decode()
    # Sorted by name on demand; a made-up sort key is no error.
    listing = reverse("dashboard:corner-merchant-list")
    assert people["manager"].get(listing + "?sort=-name").status_code == 200
    assert people["manager"].get(listing + "?sort=password").status_code == 200
    assert people["manager"].get(listing + "?sort=%00").status_code < 500


def test_unknown_shop_is_not_found(people):
    assert (
        people["manager"].get(reverse("dashboard:corner-merchant-detail", kwargs={"pk": 999})).status_code
        == 404
    )


def test_the_manager_records_help_given_and_bad_input_is_refused(people, shop):
    url = reverse("dashboard:corner-merchant-detail", kwargs={"pk": shop.pk})
    response = people["manager"].post(
        url, {"kind": "diagnosis", "date": "2026-11-20", "note": "Diagnostic CCI"}
    )
    assert response.status_code == 302
    record = HelpRecord.objects.get()
    assert (record.shop, record.kind, record.note) == (shop, "diagnosis", "Diagnostic CCI")
    assert "Diagnostic CCI" in people["manager"].get(url).content.decode()
    assert people["manager"].post(url, {"kind": "bribe", "date": "yesterday"}).status_code == 400
    assert HelpRecord.objects.count() == 1


def test_help_mode_needs_the_merchants_consent_and_shows_who_added_the_product(people, shop):
    start = reverse("dashboard:corner-help-start", kwargs={"pk": shop.pk})
    product_url = reverse("dashboard:corner-help-product", kwargs={"pk": shop.pk})

    # Without consent: refused, nothing added.
    people["manager"].post(start)
    assert people["manager"].get(product_url).status_code == 302
    people["manager"].post(product_url, {"title": "Comté 18 mois", "price": "6.50", "stock": "10"})
    assert not Product.objects.exists()

    # The merchant agrees; the manager adds a product with its photo.
    people["merchant"].post(reverse("dashboard:corner-consent"), {"action": "grant"})
    assert people["manager"].post(start).status_code == 302
    photo = SimpleUploadedFile("comte.png", png(), content_type="image/png")
    response = people["manager"].post(
        product_url, {"title": "Comté 18 mois", "price": "6.50", "stock": "10", "photo": photo}
    )
    assert response.status_code == 302
    product = Product.objects.get()
    assert product.stockrecords.get().partner == shop and product.images.count() == 1

    # The merchant sees it was the manager; the other merchant sees nothing of it.
    page = people["merchant"].get(reverse("dashboard:corner-my-help")).content.decode()
    assert "Product “Comté 18 mois” added by Julie Moreau" in page
    assert "Photo of “Comté 18 mois” added" in page
    assert "Comté" not in people["other_merchant"].get(reverse("dashboard:corner-my-help")).content.decode()

    # Consent withdrawn: help mode ends at once.
    people["merchant"].post(reverse("dashboard:corner-consent"), {"action": "withdraw"})
    people["manager"].post(product_url, {"title": "Brie", "price": "4", "stock": "3"})
    assert Product.objects.count() == 1
    assert HelpAction.objects.count() == 2


def test_bad_product_input_is_a_form_error(people, shop):
    people["merchant"].post(reverse("dashboard:corner-consent"), {"action": "grant"})
    people["manager"].post(reverse("dashboard:corner-help-start", kwargs={"pk": shop.pk}))
    url = reverse("dashboard:corner-help-product", kwargs={"pk": shop.pk})
    bad_photo = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    response = people["manager"].post(url, {"title": "", "price": "-1", "stock": "x", "photo": bad_photo})
    assert response.status_code == 400
    assert not Product.objects.exists()


def test_a_bad_consent_action_is_not_found(people):
    assert people["merchant"].post(reverse("dashboard:corner-consent"), {"action": "hack"}).status_code == 404


@pytest.mark.french
def test_the_corner_speaks_french_first(people, shop):
    shop.created_at = timezone.now() - dt.timedelta(days=8)
    shop.save()
    page = people["manager"].get(reverse("dashboard:corner-merchant-list")).content.decode()
    assert "Accompagnement des commerçants" in page and "Aucun produit après 7 jours" in page
    assert "Aide de la mairie" in people["merchant"].get(reverse("dashboard:corner-my-help")).content.decode()
