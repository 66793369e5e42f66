"""A resident's data in the digital corner's apps: in their export, and erased with their account."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from checkout.behalf import behalf_order_place
from checkout.models import OfflineResident, Relative
from follows.models import Follow
from follows.services import follow_add
from orders.models import Fulfilment, Status
from orders.placement import FulfilmentChoice, shop_slots
from shops.factories import ProductFactory, ShopFactory, UserFactory
from surveys.models import Response, Survey
from surveys.questions import QuestionSpec
from surveys.services import response_submit, survey_create, survey_settings_set
from workshops.models import Registration, Workshop
from workshops.services import workshop_sign_up

PASSWORD = "Un-mot-de-passe-2026"


@pytest.fixture
def busy_resident(db):
    """A resident who follows a shop, signed up for a workshop, answered a survey and orders for her
    mother, who is not online."""
    user = UserFactory(email="claire@example.com", first_name="Claire", last_name="Lefèvre")
    user.set_password(PASSWORD)
    user.save()
    shop = ShopFactory(name="Fromagerie Mère Colette")
    follow_add(user=user, shop=shop)
    workshop = Workshop.objects.create(
        title="Mon premier achat en ligne",
        audience=Workshop.Audience.RESIDENTS,
        starts_at=timezone.now() + dt.timedelta(days=3),
        place="Salle du conseil, mairie",
        places=10,
    )
    workshop_sign_up(
        workshop=workshop, name="Claire Lefèvre", email=user.email, phone="0612345678", user=user
    )
    survey = survey_create(
        title="La halle du marché",
        slug="halle",
        description="",
        questions=[QuestionSpec(kind="single", text="Restaurer la halle ?", choices=("Oui", "Non"))],
    )
    survey_settings_set(survey=survey, is_open=True, results_published=True)
    question = survey.questions.get()
    response_submit(survey=survey, answers={question.pk: question.choices.get(text="Oui").pk}, user=user)
    mother = OfflineResident.objects.create(
        first_name="Germaine",
        last_name="Lefèvre",
        phone="+33130245510",
        preferred_contact="voice",
        line1="12 rue Rieussec",
        postcode="78220",
        city="Viroflay",
    )
    Relative.objects.create(resident=mother, user=user, consent="au téléphone, 3 décembre")
    product = ProductFactory(shop=shop, title="Comté 18 mois", stock=5)
    slot = shop_slots(shop, now=timezone.now())[0]
    behalf_order_place(
        resident=mother,
        shop=shop,
        items=[(product, 1)],
        choice=FulfilmentChoice(method=Fulfilment.PICKUP, slot_start=slot.start),
        placed_by=user,
    )
    client = Client()
    client.force_login(user)
    return {"user": user, "client": client, "mother": mother, "survey": survey}


def test_the_export_holds_follows_workshops_answers_and_ordering_for_others(busy_resident):
    data = json.loads(busy_resident["client"].get(reverse("privacy:data-export")).content)
    assert data["follows"]["following"][0]["shop"] == "Fromagerie Mère Colette"
    assert data["workshops"][0]["workshop"] == "Mon premier achat en ligne"
    assert data["workshops"][0]["phone"] == "0612345678"
    assert data["survey_answers"][0]["answers"] == [{"question": "Restaurer la halle ?", "answer": "Oui"}]
    assert data["ordering_for_others"]["may_order_for"][0]["person"] == "Germaine Lefèvre"
    assert len(data["ordering_for_others"]["orders_placed_for_them"]) == 1
    assert data["merchants_space"] == {"posts": [], "answers": []}


def test_deleting_the_account_erases_them_and_keeps_what_others_need(busy_resident):
    mother = busy_resident["mother"]
    order = mother.behalf_checkouts.get().checkout.orders.get()
    order.status = Status.COLLECTED  # nothing under way, so the account may go
    order.save()
    response = busy_resident["client"].post(reverse("customer:profile-delete"), {"password": PASSWORD})
    assert response.status_code == 302

    assert not Follow.objects.exists()
    registration = Registration.objects.get()  # the place stays counted, but is nobody's
    assert registration.user is None and registration.email == "" and registration.phone == ""
    assert "Claire" not in registration.name
    response = Response.objects.get()  # the answer stays in the results, not tied to her
    assert response.user is None and response.answers.count() == 1
    assert not Relative.objects.exists()
    checkout = mother.behalf_checkouts.get().checkout  # her mother's order stays hers
    assert checkout.customer_name == "Germaine Lefèvre" and checkout.email != "claire@example.com"
    assert not checkout.outbox.filter(recipient="claire@example.com").exists()
    assert Survey.objects.count() == 1
