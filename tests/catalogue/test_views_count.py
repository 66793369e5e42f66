"""Product pages answered from the page cache count in Oscar's product analytics, as drawn ones do:
counted in the cache on the request, added to `ProductRecord.num_views` by the periodic flush."""

import pytest
from django.test import Client
from oscar.core.loading import get_model

from catalogue.tasks import product_views_flush_task
from catalogue.views_count import product_views_flush
from marketplace.celery import app
from shops.factories import ProductFactory, ShopFactory, UserFactory

ProductRecord = get_model("analytics", "ProductRecord")

pytestmark = pytest.mark.django_db


@pytest.fixture
def comte():
    return ProductFactory(title="Comté 18 mois", shop=ShopFactory(name="Fromagerie Mère Colette"))


def views(product) -> int:
    record = ProductRecord.objects.filter(product=product).first()
    return record.num_views if record else 0


def test_every_view_of_a_product_page_counts_whether_drawn_or_from_the_cache(comte) -> None:
    url = comte.get_absolute_url()
    assert Client().get(url)["X-Page-Cache"] == "miss"  # drawn: Oscar counts it at once
    assert views(comte) == 1

    for _ in range(3):
        assert Client().get(url)["X-Page-Cache"] == "hit"  # a plain visitor from the cache
    resident = Client()
    resident.force_login(UserFactory())
    assert resident.get(url)["X-Page-Cache"] == "hit"  # a resident from the cache
    assert views(comte) == 1  # nothing written on those requests

    assert product_views_flush() == 4
    assert views(comte) == 5
    assert product_views_flush() == 0  # counted once
    assert views(comte) == 5


def test_views_counted_while_a_flush_runs_wait_for_the_next_one(comte) -> None:
    url = comte.get_absolute_url()
    Client().get(url)
    Client().get(url)
    product_views_flush()
    Client().get(url)
    Client().get(url)
    assert product_views_flush() == 2 and views(comte) == 4


def test_the_flush_runs_every_five_minutes() -> None:
    entry = app.conf.beat_schedule["catalogue-views-flush"]
    assert entry["task"] == product_views_flush_task.name and entry["schedule"] == 300.0
