"""The town hall's pickup points in the admin: their hours follow the shops' rule, nothing saved otherwise."""

import pytest
from django.test import Client
from django.urls import reverse

from core.roles import ensure_town_hall_group
from pickup_points.factories import PickupPointFactory
from shops.factories import UserFactory
from shops.models import OpeningHours, Partner

pytestmark = pytest.mark.django_db

WRONG_HOURS = [
    (("09:00", "12:00"), ("11:00", "14:00"), "Wednesday: 09:00–12:00 and 11:00–14:00 overlap."),
    (("09:00", "12:00"), ("18:00", "14:00"), "Wednesday: 18:00–14:00 closes before it opens."),
]


@pytest.fixture
def town_hall() -> Client:
    mayor = UserFactory(email="mairie@example.com", is_staff=True)
    mayor.groups.add(ensure_town_hall_group())
    client = Client()
    client.force_login(mayor)
    return client


def point_data(name: str, first: tuple[str, str], second: tuple[str, str]) -> dict:
    """A point's page as posted, with two new ranges on Wednesday."""
    data = {
        "name": name,
        "street": "2 place de la Mairie",
        "postcode": "78220",
        "city": "Viroflay",
        "phone": "",
        "closed_message": "",
        "preparation_minutes": "120",
        "slot_minutes": "30",
        "slot_capacity": "4",
        "opening_hours-TOTAL_FORMS": "2",
        "opening_hours-INITIAL_FORMS": "0",
        "closures-TOTAL_FORMS": "0",
        "closures-INITIAL_FORMS": "0",
    }
    for index, (opens, closes) in enumerate((first, second)):
        data |= {
            f"opening_hours-{index}-weekday": "2",
            f"opening_hours-{index}-opens": opens,
            f"opening_hours-{index}-closes": closes,
        }
    return data


@pytest.mark.parametrize(("first", "second", "message"), WRONG_HOURS)
def test_a_new_point_with_wrong_hours_is_refused_and_not_created(town_hall, first, second, message):
    response = town_hall.post(reverse("admin:partner_pickuppoint_add"), point_data("Accueil", first, second))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Partner.objects.filter(name="Accueil").exists()
    assert not OpeningHours.objects.exists()


@pytest.mark.parametrize(("first", "second", "message"), WRONG_HOURS)
def test_wrong_hours_added_to_a_point_are_refused_and_nothing_changes(town_hall, first, second, message):
    point = PickupPointFactory(hours=False)
    url = reverse("admin:partner_pickuppoint_change", args=[point.pk])

    response = town_hall.post(url, point_data("Halle renommée", first, second))

    assert response.status_code == 200
    assert message in response.content.decode()
    point.refresh_from_db()
    assert point.name == "Halle du marché" and not point.opening_hours.exists()


def test_two_ranges_a_day_apart_are_saved(town_hall):
    data = point_data("Accueil", ("09:00", "12:00"), ("14:00", "00:00"))

    assert town_hall.post(reverse("admin:partner_pickuppoint_add"), data).status_code == 302
    assert [str(hours) for hours in Partner.objects.get(name="Accueil").opening_hours.all()] == [
        "Wednesday 09:00–12:00",
        "Wednesday 14:00–00:00",
    ]
