"""A wrong address or a page someone may not open shows the site's own page, in French, with its menu."""

import pytest
from django.urls import reverse

from shops.factories import ShopFactory, make_merchant

pytestmark = [pytest.mark.django_db, pytest.mark.french]


def test_a_missing_page_says_so_in_french_and_keeps_the_menu(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "Page introuvable !" in page
    assert f'href="{reverse("shops:directory")}"' in page  # the header's "Commerces"


def test_a_page_a_merchant_may_not_open_says_so_in_french(client):
    client.force_login(make_merchant(ShopFactory()))

    response = client.get(reverse("dashboard:users-index"))  # the town hall's list of customers

    assert response.status_code == 403
    assert "Permission refusée !" in response.content.decode()
