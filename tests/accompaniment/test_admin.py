"""The digital corner's models have Django admin pages for the town hall's superuser (accompaniment,
workshops, follows, merchants' space, surveys, people not online): lists and records open."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from shops.factories import UserFactory

CORNER_APPS = ("accompaniment", "workshops", "follows", "community", "surveys", "checkout")


@pytest.fixture
def superuser_client(db) -> Client:
    client = Client()
    client.force_login(UserFactory(email="admin@example.com", is_staff=True, is_superuser=True))
    return client


def test_every_corner_model_has_an_admin_list_and_add_page_where_adding_is_allowed(superuser_client):
    registered = {model._meta.label_lower for model in admin.site._registry}
    expected = {
        "accompaniment.helprecord",
        "accompaniment.helpconsent",
        "accompaniment.helpsession",
        "workshops.workshop",
        "follows.follow",
        "follows.reopenalert",
        "community.communitypost",
        "surveys.survey",
        "surveys.question",
        "surveys.response",
        "checkout.offlineresident",
        "checkout.behalfcheckout",
    }
    assert expected <= registered
    for model, _model_admin in admin.site._registry.items():
        if model._meta.app_label not in CORNER_APPS:
            continue
        info = (model._meta.app_label, model._meta.model_name)
        assert superuser_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200, info
        add = superuser_client.get(reverse("admin:{}_{}_add".format(*info)))
        assert add.status_code in (200, 403), info


def test_a_person_not_online_is_recorded_and_opened_in_the_admin(superuser_client):
    from checkout.models import OfflineResident

    person = OfflineResident.objects.create(
        first_name="Germaine",
        last_name="Lefèvre",
        phone="+33130245510",
        preferred_contact="voice",
        line1="12 rue Rieussec",
        postcode="78220",
        city="Viroflay",
    )
    page = superuser_client.get(reverse("admin:checkout_offlineresident_change", args=[person.pk]))
    assert page.status_code == 200 and "Lefèvre" in page.content.decode()
    assert (
        "Lefèvre"
        in superuser_client.get(reverse("admin:checkout_offlineresident_changelist")).content.decode()
    )
