"""Issue #14 point 4, deeper: the requests a hostile visitor aims at the places the broad fuzz test
(test_fuzz.py) reaches only by chance. Oscar's dashboard addresses with text, huge or NUL-bearing ids,
the Stripe webhook posted a form, /media/ names too long for the file system or holding NUL, and the
product forms (Oscar's and the merchant's quick form) with blank or non-numeric ids and tampered
formset management fields. Each is answered 4xx (or the form again, saying what is wrong), never 500,
and nothing half-written is kept."""

from __future__ import annotations

import itertools
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from core.roles import ensure_town_hall_group
from orders.factories import create_shop_order
from shops.factories import ProductFactory, ShopFactory, UserFactory, make_merchant
from tests.core import hostile

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

BAD_IDS = (
    "abc",
    "",
    " ",
    "-1",
    "1.5",
    "9" * 40,
    "2147483648",
    "9223372036854775808",
    "\x00",
    "1\x00",
    "A" * 5000,
)
BAD_COUNTS = ("abc", "", "-1", "9" * 40, "1001", "1\x00", "0")
MANAGEMENT = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")


@pytest.fixture
def town(db):
    shop = ShopFactory(name="Fournil")
    merchant = make_merchant(shop)
    product = ProductFactory(shop=shop, title="Baguette", price="1.20", stock=5)
    order = create_shop_order(shop=shop)
    town_hall = UserFactory(email="mairie@example.com", is_staff=True)
    town_hall.groups.add(ensure_town_hall_group())
    clients = {"anonymous": Client(raise_request_exception=False)}
    for role, user in (("merchant", merchant), ("town hall", town_hall)):
        clients[role] = Client(raise_request_exception=False)
        clients[role].force_login(user)
    return {"shop": shop, "product": product, "order": order, "clients": clients}


class Tally:
    def __init__(self) -> None:
        self.tried = 0
        self.server_errors: list[str] = []

    def check(self, client: Client, method: str, path: str, data=None, **extra) -> int:
        response = getattr(client, method)(path, data if data is not None else {}, **extra)
        self.tried += 1
        if response.status_code >= 500:
            self.server_errors.append(
                f"{method.upper()} {path[:120]} {str(data)[:200]} -> {response.status_code}"
            )
        return response.status_code

    def assert_none(self) -> None:
        assert self.server_errors == [], f"{len(self.server_errors)} of {self.tried}:\n" + "\n".join(
            self.server_errors
        )


# A converter refuses text for an <int:…> (404 from the resolver): those get huge numbers only.
INT_VALUES = ("9" * 40, "2147483648", "9223372036854775808")
TEXT_VALUES = ("abc", "-1", "A" * 5000, "é" * 300, "a\x00b", "9" * 40, "<b>1</b>")


def addresses_with_hostile_ids() -> list[str]:
    """Every dashboard, account, order, shop and payment address with a parameter, each parameter in
    turn given hostile values (the others a plain 1)."""
    paths = set()
    for route in hostile.routes():
        if not route.parameters or not route.route.startswith(
            ("dashboard/", "accounts/", "orders/", "shops/", "payments/")
        ):
            continue
        for index, piece in enumerate(route.pieces):
            if isinstance(piece, str):
                continue
            for value in INT_VALUES if piece.kind == "int" else TEXT_VALUES:
                paths.add(
                    "/"
                    + "".join(
                        quote(other, safe="/.-_~")
                        if isinstance(other, str)
                        else quote(value if position == index else "1", safe="")
                        for position, other in enumerate(route.pieces)
                    )
                )
    return sorted(paths)


def test_dashboard_addresses_with_text_huge_or_nul_ids_are_never_a_server_error(town):
    tally = Tally()
    for path in addresses_with_hostile_ids():
        for role in ("merchant", "town hall"):
            tally.check(town["clients"][role], "get", path)
    # Oscar's product and order pages by hand: /dashboard/catalogue/products/<pk>/ and order numbers.
    merchant = town["clients"]["merchant"]
    for value in BAD_IDS:
        tally.check(merchant, "get", f"/dashboard/catalogue/products/{quote(value, safe='')}/")
        tally.check(merchant, "get", f"/dashboard/orders/{quote(value, safe='')}/")
        tally.check(merchant, "post", f"/dashboard/orders/{quote(value, safe='')}/", {"order_action": "x"})
    tally.assert_none()
    assert tally.tried > 500


def test_a_form_posted_to_the_stripe_webhook_is_400(town, settings):
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test"
    client = town["clients"]["anonymous"]
    url = reverse("payments:webhook")

    assert (
        client.post(url, {"type": "payment_intent.succeeded", "file": ("x" * 10)}).status_code == 400
    )  # multipart
    assert client.post(url, "type=x", content_type="application/x-www-form-urlencoded").status_code == 400
    assert client.post(url, "{not json", content_type="application/json").status_code == 400
    assert client.post(url, b"\xff\xfe", content_type="application/json").status_code == 400


@pytest.mark.parametrize(
    "name",
    [
        "A" * 5000,
        "a/" * 2000 + "x.jpg",
        "%00",
        "x%00.jpg",
        "..%2f..%2fetc%2fpasswd",
        "é" * 2000,
        "images/" + "B" * 300 + ".jpg",
    ],
)
def test_media_names_too_long_or_holding_nul_are_404_or_400(town, name):
    status = town["clients"]["anonymous"].get(f"/media/{name}").status_code

    assert status in (400, 404)


def _form_data(client: Client, url: str, form_index: int = 0) -> dict:
    """The page's form as a person would post it, every field at its displayed value."""
    response = client.get(url)
    assert response.status_code == 200, url
    forms = [f for f in hostile.forms_of(response.content.decode(), url) if f.method == "post"]
    form = max(forms, key=lambda f: len(f.fields))
    data = {}
    for field in form.fields:
        if field.kind in {"checkbox", "radio"} and not field.value:
            continue
        if field.kind == "file":
            continue
        data[field.name] = hostile.plausible(field)
    return data


def tamperings(data: dict) -> list[dict]:
    """The form with each id blanked or made up, and each formset's management counts tampered."""
    variants = []
    id_fields = [name for name in data if name.endswith(("-id", "-product", "-partner")) or name == "id"]
    for name, bad in itertools.product(id_fields, BAD_IDS):
        variants.append({**data, name: bad})
    prefixes = {name.rsplit("-", 1)[0] for name in data if name.endswith("-TOTAL_FORMS")}
    for prefix, field, bad in itertools.product(prefixes, MANAGEMENT, BAD_COUNTS):
        variants.append({**data, f"{prefix}-{field}": bad})
    for prefix in prefixes:
        variants.append({k: v for k, v in data.items() if not k.startswith(f"{prefix}-")})  # formset gone
        variants.append({**data, f"{prefix}-TOTAL_FORMS": "3", f"{prefix}-2-id": "abc"})  # rows not shown
    for bad in ("abc", "", "9" * 40, "-1"):
        variants.append({**data, "category": bad, "price": bad, "stock": bad, "num_in_stock": bad})
    return variants


def test_oscars_product_form_with_tampered_ids_and_formsets_is_never_a_server_error(town):
    tally = Tally()
    merchant = town["clients"]["merchant"]
    product = town["product"]
    for url in (
        reverse("dashboard:catalogue-product", kwargs={"pk": product.pk}),
        reverse(
            "dashboard:catalogue-product-create", kwargs={"product_class_slug": product.product_class.slug}
        ),
    ):
        data = _form_data(merchant, url)
        for variant in tamperings(data):
            tally.check(merchant, "post", url, variant)
    tally.assert_none()
    assert tally.tried > 100
    assert StockRecord.objects.filter(product=product).count() == 1


def test_the_merchants_quick_product_form_with_tampered_ids_is_never_a_server_error(town):
    tally = Tally()
    merchant = town["clients"]["merchant"]
    product = town["product"]
    for url in (
        reverse("dashboard:merchant-product-add"),
        reverse("dashboard:merchant-product-edit", kwargs={"pk": product.pk}),
    ):
        data = _form_data(merchant, url)
        for variant in tamperings(data):
            tally.check(merchant, "post", url, variant)
    for field, bad in itertools.product(("price", "stock"), ("abc", "", "9" * 40, "-1", "1e309", "NaN")):
        tally.check(
            merchant,
            "post",
            reverse(f"dashboard:merchant-product-{field}", kwargs={"pk": product.pk}),
            {field: bad},
        )
    tally.assert_none()
    assert Product.objects.filter(title="Baguette").count() == 1
