"""The demo's people not online: a landline senior whose daughter orders for her, one the corner
orders for; the daughter logs in and orders, the manager sees both."""

import pytest
from django.test import Client
from django.urls import reverse

from accompaniment.demo import seed_accompaniment
from checkout.demo import seed_people_not_online
from checkout.models import OfflineResident, Relative
from shops.factories import ShopFactory

pytestmark = pytest.mark.django_db


def login(email: str) -> Client:
    client = Client()
    assert client.login(username=email, password="marketplace"), email
    return client


def test_the_demo_has_a_senior_whose_daughter_orders_for_her():
    seed_accompaniment()
    seed_people_not_online()
    seed_people_not_online()  # idempotent
    assert OfflineResident.objects.count() == 2 and Relative.objects.count() == 1
    germaine = OfflineResident.objects.get(last_name="Lefèvre")
    assert germaine.preferred_contact == OfflineResident.Contact.VOICE
    shop = ShopFactory(name="Fromagerie Mère Colette")

    daughter = login("claire.lefevre@example.com")
    page = daughter.get(reverse("checkout:behalf-person", kwargs={"person_pk": germaine.pk})).content.decode()
    assert "Order at Fromagerie Mère Colette" in page
    assert "Marcel" not in daughter.get(reverse("checkout:behalf-people")).content.decode()

    people = login("manager@example.com").get(reverse("dashboard:behalf-people")).content.decode()
    assert "Germaine Lefèvre" in people and "Marcel Dupuis" in people
