"""Adding to the basket (orders/basket/views.py): the page's script gets JSON and stays on the page; a
plain form post still gets Oscar's redirect, so adding works without JavaScript."""

import pytest
from django.urls import reverse

from shops.factories import ProductFactory, ShopFactory

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def loaf(db):
    return ProductFactory(shop=ShopFactory(name="Fournil du Marché"), title="Baguette tradition", stock=5)


def test_the_script_gets_what_was_added_and_the_new_count(client, loaf):
    url = reverse("basket:add", kwargs={"pk": loaf.pk})
    client.post(url, {"quantity": 1}, **JSON)
    response = client.post(url, {"quantity": 2}, **JSON)

    answer = response.json()
    assert response.status_code == 200 and answer["ok"]
    assert answer["count"] == 3 and answer["count_label"] == "items"
    assert answer["message"] == "Baguette tradition added to your basket. Your basket holds 3 items."
    assert answer["basket_url"] == reverse("basket:summary")
    # Nothing left for the next page to show a second time (Oscar's message is for plain posts).
    assert "has been added to your basket" not in client.get(reverse("basket:summary")).content.decode()


def test_a_refused_quantity_is_a_message_not_an_error_page(client, loaf):
    response = client.post(reverse("basket:add", kwargs={"pk": loaf.pk}), {"quantity": "many"}, **JSON)
    assert response.status_code == 400 and not response.json()["ok"] and response.json()["message"]
    unknown = reverse("basket:add", kwargs={"pk": 999999})
    assert client.post(unknown, {"quantity": 1}, **JSON).status_code == 404


def test_a_plain_form_post_still_goes_back_to_the_page_with_oscars_message(client, loaf):
    response = client.post(
        reverse("basket:add", kwargs={"pk": loaf.pk}), {"quantity": 1}, HTTP_REFERER="/shops/", follow=True
    )
    assert response.redirect_chain[0][0] == "/shops/"
    assert "Baguette tradition" in response.content.decode().split("<main")[1]


@pytest.mark.french
def test_the_answer_is_in_french(client, loaf):
    answer = client.post(reverse("basket:add", kwargs={"pk": loaf.pk}), {"quantity": 1}, **JSON).json()
    assert answer["message"] == "Baguette tradition ajouté à votre panier. Votre panier contient 1 article."
