"""The email telling a merchant what the town hall hid: sent like every merchant email, after commit."""

import pytest
from django.core import mail
from django.db import transaction

from shops.factories import ProductFactory, ShopFactory, UserFactory, make_merchant
from townhall.models import MerchantPost
from townhall.services import post_hide, product_hide

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    shop = ShopFactory(name="Fromages & Vins")
    make_merchant(shop, email="lea@fromages.fr")
    return shop


@pytest.fixture
def town_hall():
    return UserFactory(email="mairie@example.com", is_staff=True)


def test_the_merchant_gets_a_text_and_html_email_naming_the_shop_as_written(
    shop, town_hall, django_capture_on_commit_callbacks
):
    post = MerchantPost.objects.create(shop=shop, text="Vins <à volonté>")

    with django_capture_on_commit_callbacks(execute=True):
        post_hide(post=post, actor=town_hall, reason="Alcool & mineurs : interdit.")

    [message] = mail.outbox
    assert message.to == ["lea@fromages.fr"]
    assert message.subject == "The town hall hid content of Fromages & Vins"
    assert "Vins <à volonté>" in message.body and "Alcool & mineurs : interdit." in message.body
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    assert "Fromages &amp; Vins" in html and "Vins &lt;à volonté&gt;" in html
    assert "Alcool &amp; mineurs : interdit." in html


def test_no_email_when_the_hiding_is_rolled_back(shop, town_hall, django_capture_on_commit_callbacks):
    product = ProductFactory(shop=shop, title="Absinthe")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            product_hide(product=product, actor=town_hall, reason="Interdit.")
            raise RuntimeError("the request failed afterwards")

    assert mail.outbox == []
