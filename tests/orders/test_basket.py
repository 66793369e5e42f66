"""The basket page grouped by shop (orders/basket/sections.py and its templates), via the test client."""

from __future__ import annotations

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from shops.factories import ClosureFactory, ProductFactory, ShopFactory
from shops.models import Partner

pytestmark = pytest.mark.django_db

BASKET_URL = reverse("basket:summary")
CHECKOUT_URL = reverse("checkout:index")


def add(client, product, quantity: int = 1) -> None:
    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity})
    assert response.status_code == 302


def basket_page(client) -> BeautifulSoup:
    response = client.get(BASKET_URL)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def sections(page: BeautifulSoup) -> dict[str, BeautifulSoup]:
    """Each shop's section of the page, by the shop's name as its heading shows it."""
    return {
        section.find("h2").get_text(strip=True): section for section in page.select("section.basket-shop")
    }


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


def checkout_link(page: BeautifulSoup):
    return page.select_one(f".basket-summary a[href='{CHECKOUT_URL}']")


def disabled_checkout_button(page: BeautifulSoup):
    return page.select_one("button.basket-summary__checkout[disabled]")


def formset_data(client, **quantities: int) -> dict[str, str]:
    """The basket form as shown, with some lines' quantities changed (by product title)."""
    formset = client.get(BASKET_URL).context["formset"]
    forms = list(formset)
    data = {
        "form-TOTAL_FORMS": str(len(forms)),
        "form-INITIAL_FORMS": str(len(forms)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for index, form in enumerate(forms):
        line = form.instance
        data[f"form-{index}-id"] = str(line.pk)
        data[f"form-{index}-quantity"] = str(quantities.get(line.product.title, line.quantity))
    return data


@pytest.fixture
def three_shops(client) -> list[Partner]:
    bakery = ShopFactory(name="Boulangerie du Marché", offers_delivery=True)
    florist = ShopFactory(name="Fleurs de Viroflay", offers_call_collect=True)
    grocer = ShopFactory(name="Épicerie Fine")
    add(client, ProductFactory(shop=bakery, title="Baguette", price=Decimal("1.20")), 3)
    add(client, ProductFactory(shop=florist, title="Bouquet", price=Decimal("25.00")))
    add(client, ProductFactory(shop=bakery, title="Croissant", price=Decimal("1.10")), 2)
    add(client, ProductFactory(shop=grocer, title="Confiture", price=Decimal("6.50")), 2)
    return [bakery, florist, grocer]


def test_three_shops_make_three_sections_with_their_lines_and_subtotals(client, three_shops):
    page = basket_page(client)

    by_shop = sections(page)
    assert list(by_shop) == ["Boulangerie du Marché", "Fleurs de Viroflay", "Épicerie Fine"]
    bakery = by_shop["Boulangerie du Marché"]
    assert [text(title) for title in bakery.select(".basket-line__title")] == ["Baguette", "Croissant"]
    assert "Subtotal at Boulangerie du Marché €5.80" in text(bakery.select_one(".basket-shop__subtotal"))
    assert "€25.00" in text(by_shop["Fleurs de Viroflay"].select_one(".basket-shop__subtotal"))
    assert "€13.00" in text(by_shop["Épicerie Fine"].select_one(".basket-shop__subtotal"))
    assert "€43.80" in text(page.select_one(".basket-summary__total"))
    assert checkout_link(page) is not None
    assert disabled_checkout_button(page) is None


def test_a_section_links_to_its_shop_and_shows_how_it_sells_and_its_status(client, three_shops):
    bakery = sections(basket_page(client))["Boulangerie du Marché"]

    assert bakery.find("h2").find("a")["href"] == reverse(
        "shops:detail", kwargs={"slug": three_shops[0].slug}
    )
    assert [text(badge) for badge in bakery.select(".badge-mode")] == ["Click & collect", "Local delivery"]
    assert bakery.select_one("p.status").get_text(strip=True)  # "Open until 19:30", "Opens at 8:00"…


def test_every_quantity_input_has_a_label(client, three_shops):
    page = basket_page(client)

    inputs = page.select("input.basket-line__input")
    assert len(inputs) == 4
    for field in inputs:
        label = page.find("label", attrs={"for": field["id"]})
        assert label is not None and "Quantity" in text(label)


def test_a_temporarily_closed_shop_says_its_items_cannot_be_ordered_and_blocks_checkout(client, three_shops):
    florist = three_shops[1]
    florist.temporarily_closed, florist.closed_message = True, "Congés jusqu'au 15"
    florist.save()

    page = basket_page(client)

    warning = text(sections(page)["Fleurs de Viroflay"].select_one("[role=alert]"))
    assert "Fleurs de Viroflay is temporarily closed (Congés jusqu'au 15)" in warning
    assert "cannot be ordered" in warning and "Please remove them" in warning
    assert sections(page)["Épicerie Fine"].select_one("[role=alert]") is None
    assert checkout_link(page) is None
    button = disabled_checkout_button(page)
    explanation = page.find(id=button["aria-describedby"])
    assert "Remove the items from Fleurs de Viroflay to proceed to checkout." in text(explanation)


def test_a_suspended_shop_says_its_items_cannot_be_ordered_and_blocks_checkout(client, three_shops):
    Partner.objects.filter(pk=three_shops[2].pk).update(approval=Partner.Approval.SUSPENDED)

    page = basket_page(client)

    warning = text(sections(page)["Épicerie Fine"].select_one("[role=alert]"))
    assert "Épicerie Fine is not selling on the marketplace at the moment" in warning
    assert checkout_link(page) is None
    assert disabled_checkout_button(page) is not None


def test_a_shop_closed_today_is_said_but_its_items_can_still_be_ordered(client, three_shops):
    today = timezone.localdate()
    ClosureFactory(shop=three_shops[2], start_date=today, end_date=today, reason="Inventaire")

    page = basket_page(client)

    grocer = sections(page)["Épicerie Fine"]
    assert "Closed today: Inventaire" in text(grocer.select_one("p.status"))
    assert "Épicerie Fine is closed today: you can still order" in text(grocer.select_one(".basket-alert"))
    assert checkout_link(page) is not None


def test_stock_fallen_since_the_line_was_added_says_how_many_are_left(client):
    jam = ProductFactory(title="Confiture", stock=10)
    add(client, jam, 5)
    # Since then the shop sold some in store and others are held by another resident's order.
    jam.stockrecords.update(num_in_stock=6, num_allocated=4)

    page = basket_page(client)

    assert "Only 2 left: please lower the quantity." in text(page.select_one(".basket-line__warning"))
    assert checkout_link(page) is None
    assert disabled_checkout_button(page) is not None


def test_updating_a_quantity_changes_the_line_and_the_subtotal(client, three_shops):
    response = client.post(BASKET_URL, formset_data(client, Croissant=5))

    assert response.status_code == 302
    bakery = sections(basket_page(client))["Boulangerie du Marché"]
    assert bakery.find("input", attrs={"value": "5"}) is not None
    assert "€9.10" in text(bakery.select_one(".basket-shop__subtotal"))  # 3 × 1.20 + 5 × 1.10


def test_asking_for_more_than_is_left_is_refused_with_the_reason(client):
    add(client, ProductFactory(title="Confiture", stock=3), 1)

    response = client.post(BASKET_URL, formset_data(client, Confiture=4))

    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert "Available stock is only 3" in text(page.select_one(".basket-line [role=alert]"))


def test_the_remove_button_removes_its_line_only(client, three_shops):
    page = basket_page(client)
    bouquet = next(
        line
        for line in page.select(".basket-line")
        if text(line.select_one(".basket-line__title")) == "Bouquet"
    )
    remove = bouquet.select_one("button.basket-line__remove")

    response = client.post(BASKET_URL, {**formset_data(client), remove["name"]: remove["value"]})

    assert response.status_code == 302
    page = basket_page(client)
    assert list(sections(page)) == ["Boulangerie du Marché", "Épicerie Fine"]
    assert "€18.80" in text(page.select_one(".basket-summary__total"))


def test_removing_a_closed_shops_items_unblocks_checkout(client, three_shops):
    Partner.objects.filter(pk=three_shops[1].pk).update(temporarily_closed=True)
    page = basket_page(client)
    remove = sections(page)["Fleurs de Viroflay"].select_one("button.basket-line__remove")

    client.post(BASKET_URL, {**formset_data(client), remove["name"]: remove["value"]})

    page = basket_page(client)
    assert "Fleurs de Viroflay" not in sections(page)
    assert checkout_link(page) is not None


def test_an_empty_basket_invites_to_browse_the_shops(client):
    page = basket_page(client)

    assert "Your cart is empty." in text(page.select_one(".basket-empty"))
    assert checkout_link(page) is None


def test_the_header_still_counts_the_basket_items(client, three_shops):
    page = basket_page(client)

    assert text(page.select_one(".site-header .badge-count")).startswith("8")


def basket_page_queries(client, lines: int) -> int:
    for _ in range(lines):
        add(client, ProductFactory(shop=ShopFactory()))
    client.get(BASKET_URL)  # thumbnails are made and remembered on the first view
    with CaptureQueriesContext(connection) as queries:
        assert client.get(BASKET_URL).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_for_one_line_or_ten(client):
    one = basket_page_queries(client, 1)
    client.logout()
    client.cookies.clear()

    assert basket_page_queries(client, 10) == one
