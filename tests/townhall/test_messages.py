"""The town hall is told of each shop application: one email to each member, through the outbox, in
French first, with the applicant's words escaped and a link to the application in the dashboard."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.management.sql import emit_post_migrate_signal
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from core.roles import ensure_town_hall_group
from orders.events import event_types_changed
from orders.tasks import outbox_sweep
from shops.factories import UserFactory, shop_application_data
from shops.models import Partner
from tests.conftest import free_port

CommunicationEventType = get_model("communication", "CommunicationEventType")

pytestmark = pytest.mark.django_db

TOWN_HALL_MAIL = "New shop application:"


@pytest.fixture
def application() -> dict:
    return shop_application_data()


def member(email: str, **fields):
    user = UserFactory(email=email, is_staff=True, **fields)
    user.groups.add(ensure_town_hall_group())
    return user


def town_hall_mails() -> list:
    return [message for message in mail.outbox if message.subject.startswith(TOWN_HALL_MAIL)]


def apply(client, application: dict, capture, **headers):
    with capture(execute=True):
        return client.post(reverse("shops:apply"), application, **headers)


def test_each_town_hall_member_gets_one_email_naming_the_shop_its_trade_and_contact(
    client, town_hall, application, django_capture_on_commit_callbacks
):
    member("adjoint@example.com")
    member("ADJOINT@example.com")  # a second account on the same mailbox: still one email there
    member("parti@example.com", is_active=False)  # left the town hall
    UserFactory(email="agent@example.com", is_staff=True)  # staff, not in the town hall group
    UserFactory(email="camille@example.com")

    response = apply(client, application, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    mails = town_hall_mails()
    assert sorted(address for message in mails for address in message.to) == [
        "adjoint@example.com",
        "mairie@example.com",
    ]
    shop = Partner.objects.get(name="Boulangerie Dupain")
    link = f"https://example.com{reverse('dashboard:shop-application-detail', args=[shop.pk])}"
    for message in mails:
        assert message.subject == "New shop application: Boulangerie Dupain"
        for text in ["Boulangerie Dupain applied", "Bakery", "Paul Dupain <paul@dupain.fr>", "01 30 24 00"]:
            assert text in message.body, text
        assert link in message.body
        [(html, kind)] = message.alternatives
        assert kind == "text/html" and f'href="{link}"' in html and "Bakery" in html
    # The applicant's own acknowledgement still goes, to the applicant only.
    assert [message.to for message in mail.outbox if message not in mails] == [["paul@dupain.fr"]]


def test_the_link_opens_the_application_in_the_dashboard(
    client, town_hall, application, django_capture_on_commit_callbacks
):
    apply(client, application, django_capture_on_commit_callbacks)

    [message] = town_hall_mails()
    path = re.search(r"https://example\.com(/\S+)", message.body).group(1)
    page = town_hall.get(path)
    assert page.status_code == 200
    assert "Boulangerie Dupain" in page.content.decode() and "paul@dupain.fr" in page.content.decode()


def test_what_the_applicant_typed_is_escaped_in_the_html_email(
    client, town_hall, application, django_capture_on_commit_callbacks
):
    application |= {"name": "Vins & <b>Fromages</b>", "contact_name": 'Léa <img src=x onerror="alert(1)">'}

    apply(client, application, django_capture_on_commit_callbacks)

    [message] = town_hall_mails()
    assert message.subject == "New shop application: Vins & <b>Fromages</b>"
    assert 'Léa <img src=x onerror="alert(1)">' in message.body  # plain text: as typed
    [(html, _kind)] = message.alternatives
    assert "<b>" not in html and "<img" not in html
    assert "Vins &amp; &lt;b&gt;Fromages&lt;/b&gt;" in html
    assert "Léa &lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_without_any_member_to_write_to_the_towns_contact_address_is_told(
    client, db, application, settings, django_capture_on_commit_callbacks
):
    settings.TOWN_CONTACT_EMAIL = "commerce@viroflay.fr"
    member("", username="sans-adresse")  # a member without an email cannot be written to

    apply(client, application, django_capture_on_commit_callbacks)

    [message] = town_hall_mails()
    assert message.to == ["commerce@viroflay.fr"]


@pytest.mark.french
def test_the_town_hall_reads_it_in_french_whatever_the_applicants_language(
    client, town_hall, application, django_capture_on_commit_callbacks
):
    apply(client, application, django_capture_on_commit_callbacks, HTTP_ACCEPT_LANGUAGE="en")

    [message] = [m for m in mail.outbox if m.to == ["mairie@example.com"]]
    assert message.subject == "Nouvelle demande d’un commerce : Boulangerie Dupain"
    assert "Boulangerie Dupain demande à vendre sur le marché en ligne." in message.body
    assert "Catégorie : " in message.body and "Téléphone : 01 30 24 00" in message.body  # French spacing
    assert "Examinez la demande dans le tableau de bord" in message.body
    # The applicant's acknowledgement stays in the language they applied in.
    [ack] = [m for m in mail.outbox if m.to == ["paul@dupain.fr"]]
    assert ack.subject == "We received the application of Boulangerie Dupain"


def test_the_town_hall_rewords_it_in_the_dashboard_as_its_other_messages(
    client, town_hall, application, django_capture_on_commit_callbacks
):
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # as after `migrate`
    CommunicationEventType.objects.filter(code="TOWN_HALL_SHOP_APPLIED").update(
        email_subject_template="Candidature : {{ shop.name }} ({{ shop.contact_name }})"
    )
    event_types_changed()  # what the dashboard's edit page does

    apply(client, application, django_capture_on_commit_callbacks)

    assert [m.subject for m in mail.outbox if m.to == ["mairie@example.com"]] == [
        "Candidature : Boulangerie Dupain (Paul Dupain)"
    ]


def test_with_the_relay_down_the_application_is_saved_and_each_member_is_told_once_later(
    client, town_hall, application, smtp_inbox, settings, django_capture_on_commit_callbacks
):
    member("adjoint@example.com")
    relay_port, settings.EMAIL_PORT = settings.EMAIL_PORT, free_port()  # nothing listens: refused

    response = apply(client, application, django_capture_on_commit_callbacks)

    assert response.status_code == 302 and response["Location"] == reverse("shops:apply-done")
    assert Partner.objects.filter(name="Boulangerie Dupain").count() == 1
    assert smtp_inbox.messages == []
    settings.EMAIL_PORT = relay_port  # the relay is back
    for _ in range(2):  # the sweep a few minutes on, then again: nothing goes twice
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=3)):
            outbox_sweep()
    told = [m["To"] for m in smtp_inbox.messages if m["Subject"].startswith(TOWN_HALL_MAIL)]
    assert sorted(told) == ["adjoint@example.com", "mairie@example.com"]
    assert [m["To"] for m in smtp_inbox.messages if m["To"] == "paul@dupain.fr"] == ["paul@dupain.fr"]
