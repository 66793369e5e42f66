"""Workshop pages: dashboard access, online and phone sign-up, attendance, home and dashboard lists."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from workshops.models import Registration, Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def for_residents(db) -> Workshop:
    return Workshop.objects.create(
        title="Mon premier achat en ligne",
        audience=Workshop.Audience.RESIDENTS,
        starts_at=timezone.now() + dt.timedelta(days=3),
        place="Mairie",
        places=8,
    )


@pytest.fixture
def for_merchants(db) -> Workshop:
    return Workshop.objects.create(
        title="Photographier ses produits",
        audience=Workshop.Audience.MERCHANTS,
        starts_at=timezone.now() + dt.timedelta(days=5),
        place="Salle des fêtes",
        places=6,
    )


@pytest.mark.parametrize(
    "who, allowed",
    [("manager", True), ("town_hall", True), ("merchant", False), ("resident", False), ("anonymous", False)],
)
def test_only_the_digital_corner_runs_workshops(people, for_residents, who, allowed):
    urls = [
        reverse("dashboard:workshop-list"),
        reverse("dashboard:workshop-create"),
        reverse("dashboard:workshop-detail", kwargs={"pk": for_residents.pk}),
        reverse("dashboard:workshop-update", kwargs={"pk": for_residents.pk}),
    ]
    for url in urls:
        assert (people[who].get(url).status_code == 200) is allowed, (who, url)
    registration = Registration.objects.create(workshop=for_residents, name="Jeanne")
    people[who].post(
        reverse("dashboard:workshop-attendance", kwargs={"pk": registration.pk}), {"attended": "yes"}
    )
    registration.refresh_from_db()
    assert (registration.attended is True) is allowed


@pytest.mark.parametrize(
    "who, allowed",
    [("merchant", True), ("manager", False), ("town_hall", False), ("resident", False), ("anonymous", False)],
)
def test_only_merchants_see_the_merchants_workshops_page(people, for_merchants, who, allowed):
    response = people[who].get(reverse("dashboard:workshop-mine"))
    assert (response.status_code == 200) is allowed
    if allowed:
        assert "Photographier ses produits" in response.content.decode()


def test_the_manager_publishes_a_workshop(people):
    response = people["manager"].post(
        reverse("dashboard:workshop-create"),
        {
            "title": "Photographier ses produits",
            "audience": "merchants",
            "starts_at": "2030-03-02T14:00",
            "duration_minutes": "90",
            "place": "Mairie",
            "places": "8",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    assert Workshop.objects.get().place == "Mairie"
    bad = people["manager"].post(reverse("dashboard:workshop-create"), {"title": "", "starts_at": "tomorrow"})
    assert bad.status_code == 200 and Workshop.objects.count() == 1


def test_home_page_lists_the_residents_workshop_and_a_resident_signs_up(people, for_residents, for_merchants):
    home = people["resident"].get(reverse("home")).content.decode()
    assert "Mon premier achat en ligne" in home and "Photographier ses produits" not in home
    assert "Log in to sign up" in people["anonymous"].get(reverse("home")).content.decode()

    response = people["resident"].post(reverse("workshops:sign-up", kwargs={"pk": for_residents.pk}))
    assert response.status_code == 302
    assert Registration.objects.get().email == "resident@example.com"
    assert "You are signed up." in people["resident"].get(reverse("workshops:list")).content.decode()
    # Signing up again is refused with a message, not an error.
    assert (
        people["resident"].post(reverse("workshops:sign-up", kwargs={"pk": for_residents.pk})).status_code
        == 302
    )
    assert Registration.objects.count() == 1
    assert people["resident"].post(reverse("workshops:sign-up", kwargs={"pk": 999})).status_code == 404


def test_the_merchants_dashboard_home_lists_their_workshops(people, for_merchants, for_residents):
    page = people["merchant"].get(reverse("dashboard:index")).content.decode()
    assert "Photographier ses produits" in page and "Mon premier achat en ligne" not in page


def test_the_town_signs_up_someone_by_phone_and_records_attendance(people, for_residents):
    url = reverse("dashboard:workshop-detail", kwargs={"pk": for_residents.pk})
    assert people["manager"].post(url, {"name": "Mme Durand", "phone": "01 30 24 00 00"}).status_code == 302
    registration = Registration.objects.get()
    assert registration.registered_by is not None and registration.phone == "01 30 24 00 00"
    assert people["manager"].post(url, {"name": "Sans contact"}).status_code == 400
    people["manager"].post(
        reverse("dashboard:workshop-attendance", kwargs={"pk": registration.pk}), {"attended": "yes"}
    )
    registration.refresh_from_db()
    assert registration.attended is True
    assert "Came" in people["manager"].get(url).content.decode()


@pytest.mark.french
def test_the_home_page_lists_workshops_in_french(people, for_residents):
    home = people["anonymous"].get(reverse("home")).content.decode()
    assert "Ateliers du corner numérique de la ville" in home and "Se connecter pour s’inscrire" in home


@pytest.mark.french
@pytest.mark.parametrize(
    "taken, said", [(0, "0 place prise sur 8"), (1, "1 place prise sur 8"), (3, "3 places prises sur 8")]
)
def test_the_places_taken_agree_with_their_number_in_french(people, for_residents, taken, said):
    for number in range(taken):
        Registration.objects.create(workshop=for_residents, name=f"Personne {number}")
    page = people["anonymous"].get(reverse("workshops:list")).content.decode()
    assert said in page  # not « 1 places prises sur 8 »
