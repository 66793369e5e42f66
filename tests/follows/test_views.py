"""Following from the storefront, one-click unsubscribe with a signed link, and the Atom feeds."""

import pytest
from django.urls import reverse

from follows.models import Follow, ReopenAlert
from follows.tokens import unsubscribe_token
from shops.factories import ProductFactory
from townhall.models import MerchantPost

pytestmark = pytest.mark.django_db


def test_a_resident_follows_a_shop_from_its_page(people, shop):
    page = reverse("shops:detail", kwargs={"slug": shop.slug})
    assert "Log in to follow this shop" in people["anonymous"].get(page).content.decode()
    assert "Follow this shop" in people["resident"].get(page).content.decode()
    response = people["resident"].post(reverse("follows:follow-shop", kwargs={"pk": shop.pk}), {"next": page})
    assert response.status_code == 302 and response.url == page
    assert Follow.objects.get().shop == shop
    assert "Stop following" in people["resident"].get(page).content.decode()
    people["resident"].post(reverse("follows:follow-shop", kwargs={"pk": shop.pk}), {"action": "unfollow"})
    assert not Follow.objects.exists()


def test_following_needs_an_account_and_an_existing_shop(people, shop):
    response = people["anonymous"].post(reverse("follows:follow-shop", kwargs={"pk": shop.pk}))
    assert response.status_code == 302 and "login" in response.url
    assert people["resident"].post(reverse("follows:follow-shop", kwargs={"pk": 999})).status_code == 404
    # An outside address in `next` is not followed.
    response = people["resident"].post(reverse("follows:follow-markets"), {"next": "//evil.example"})
    assert response.url == reverse("home")
    assert not Follow.objects.filter(shop__isnull=False).exists()


def test_tell_me_when_a_closed_shop_reopens(people, shop):
    shop.temporarily_closed = True
    shop.save()
    page = reverse("shops:detail", kwargs={"slug": shop.slug})
    assert "Tell me when the shop reopens" in people["resident"].get(page).content.decode()
    people["resident"].post(reverse("follows:reopen-alert", kwargs={"pk": shop.pk}), {"next": page})
    people["resident"].post(reverse("follows:reopen-alert", kwargs={"pk": shop.pk}), {"next": page})
    assert ReopenAlert.objects.count() == 1
    assert "We will email you when it reopens." in people["resident"].get(page).content.decode()


def test_one_click_unsubscribe_with_a_signed_link(people, shop):
    people["resident"].post(reverse("follows:follow-shop", kwargs={"pk": shop.pk}))
    people["resident"].post(reverse("follows:follow-markets"))
    user_id = Follow.objects.first().user_id
    url = reverse("follows:unsubscribe", kwargs={"token": unsubscribe_token(user_id=user_id)})
    assert people["anonymous"].get(url).status_code == 200  # a mail scanner opening it changes nothing
    assert Follow.objects.count() == 2
    assert people["anonymous"].post(url).status_code == 200
    assert not Follow.objects.exists()
    forged = reverse("follows:unsubscribe", kwargs={"token": f"{user_id}:forged"})
    assert people["anonymous"].post(forged).status_code == 400


def test_the_shop_and_town_feeds(people, shop):
    ProductFactory(shop=shop, title="Tomme de Savoie")
    MerchantPost.objects.create(shop=shop, text="Raclette party samedi")
    feed = people["anonymous"].get(reverse("follows:feed-shop", kwargs={"slug": shop.slug}))
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "Tomme de Savoie" in body and "Raclette party samedi" in body
    town = people["anonymous"].get(reverse("follows:feed-town")).content.decode()
    assert "Raclette party samedi" in town
    assert people["anonymous"].get(reverse("follows:feed-shop", kwargs={"slug": "nope"})).status_code == 404
