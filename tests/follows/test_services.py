"""Follows' messages through the outbox: weekly digest, back in stock, shop reopened."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from oscar.core.loading import get_model

from follows.services import digests_queue, follow_add, reopen_alert_add
from orders.models import OutboxMessage
from shops.factories import ProductFactory, ShopFactory, UserFactory
from shops.services import shop_temporary_closure_set
from townhall.models import MerchantPost

pytestmark = pytest.mark.django_db
ProductAlert = get_model("customer", "ProductAlert")


def test_the_weekly_digest_lists_the_followed_shops_new_product_and_post(django_capture_on_commit_callbacks):
    cheese, bakery = ShopFactory(name="Fromagerie Mère Colette"), ShopFactory(name="Au Pain de Viroflay")
    resident = UserFactory(email="resident@example.com")
    UserFactory(email="follows-nothing@example.com")
    follow_add(user=resident, shop=cheese)
    ProductFactory(shop=cheese, title="Tomme de Savoie")
    ProductFactory(shop=bakery, title="Baguette tradition")
    MerchantPost.objects.create(shop=cheese, text="Raclette party samedi")

    with django_capture_on_commit_callbacks(execute=True):
        assert digests_queue(today=timezone.localdate() + dt.timedelta(days=1)) == 1
        assert (
            digests_queue(today=timezone.localdate() + dt.timedelta(days=1)) == 0
        )  # once per resident and day
    [email] = mail.outbox
    assert email.to == ["resident@example.com"]
    assert "Tomme de Savoie" in email.body and "Raclette party samedi" in email.body
    assert "Baguette tradition" not in email.body
    assert "/follows/unsubscribe/" in email.body


def test_nothing_new_means_no_digest():
    resident = UserFactory()
    follow_add(user=resident, shop=ShopFactory())
    assert digests_queue(today=timezone.localdate()) == 0
    assert not OutboxMessage.objects.exists()


def test_back_in_stock_is_told_once_through_the_outbox(django_capture_on_commit_callbacks):
    product = ProductFactory(title="Comté 18 mois", stock=0)
    resident = UserFactory(email="resident@example.com")
    ProductAlert.objects.create(product=product, user=resident, status=ProductAlert.ACTIVE)
    record = product.stockrecords.get()
    with django_capture_on_commit_callbacks(execute=True):
        record.num_in_stock = 5
        record.save()
    with django_capture_on_commit_callbacks(execute=True):
        record.save()  # saved again: the alert is closed, nothing twice
    assert [m.subject for m in mail.outbox] == ["Back in stock: Comté 18 mois"]
    assert ProductAlert.objects.get().status == ProductAlert.CLOSED


def test_a_shop_reopening_tells_who_asked(django_capture_on_commit_callbacks):
    shop = ShopFactory(name="Fromagerie Mère Colette", temporarily_closed=True)
    reopen_alert_add(user=UserFactory(email="resident@example.com"), shop=shop)
    with django_capture_on_commit_callbacks(execute=True):
        shop_temporary_closure_set(shop=shop, closed=False)
    assert [m.subject for m in mail.outbox] == ["Fromagerie Mère Colette has reopened"]
    with django_capture_on_commit_callbacks(execute=True):
        shop_temporary_closure_set(shop=shop, closed=True, message="Congés")
        shop_temporary_closure_set(shop=shop, closed=False)
    assert len(mail.outbox) == 1
