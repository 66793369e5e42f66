"""Signing up (places counted, once per person), confirmation and reminders through the outbox."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from oscar.core.loading import get_model

from orders.events import event_types_changed
from orders.models import OutboxMessage
from shops.factories import UserFactory
from workshops.exceptions import SignUpRefused
from workshops.models import Workshop
from workshops.services import workshop_reminders_queue, workshop_sign_up

pytestmark = pytest.mark.django_db
CommunicationEventType = get_model("communication", "CommunicationEventType")


def workshop(**changes) -> Workshop:
    values = dict(
        title="Mon premier achat en ligne",
        audience=Workshop.Audience.RESIDENTS,
        starts_at=timezone.now() + dt.timedelta(days=3),
        place="Salle du conseil, mairie",
        places=2,
    )
    return Workshop.objects.create(**{**values, **changes})


def test_places_run_out_and_nobody_signs_up_twice():
    session = workshop()
    user = UserFactory(email="jeanne@example.com")
    workshop_sign_up(workshop=session, name="Jeanne", email=user.email, user=user)
    with pytest.raises(SignUpRefused, match="already"):
        workshop_sign_up(workshop=session, name="Jeanne", email=user.email, user=user)
    workshop_sign_up(workshop=session, name="Robert", phone="01 30 24 00 00")
    with pytest.raises(SignUpRefused, match="full"):
        workshop_sign_up(workshop=session, name="Paul", email="paul@example.com")


def test_a_past_or_unpublished_workshop_refuses_sign_up():
    with pytest.raises(SignUpRefused):
        workshop_sign_up(
            workshop=workshop(starts_at=timezone.now() - dt.timedelta(hours=1)), name="A", email="a@x.fr"
        )
    with pytest.raises(SignUpRefused):
        workshop_sign_up(workshop=workshop(is_published=False), name="A", email="a@x.fr")


def test_confirmation_then_one_reminder_the_day_before(django_capture_on_commit_callbacks):
    session = workshop(starts_at=timezone.now() + dt.timedelta(hours=30))
    with django_capture_on_commit_callbacks(execute=True):
        workshop_sign_up(workshop=session, name="Jeanne", email="jeanne@example.com")
        workshop_sign_up(workshop=session, name="Robert", phone="01 30 24 00 00")  # no email: no message
    assert [m.subject for m in mail.outbox] == ["You are signed up: Mon premier achat en ligne"]

    # Not yet within 24 hours: no reminder.
    assert workshop_reminders_queue(now=timezone.now()) == 0
    later = timezone.now() + dt.timedelta(hours=7)
    with django_capture_on_commit_callbacks(execute=True):
        assert workshop_reminders_queue(now=later) == 1
        assert workshop_reminders_queue(now=later) == 0  # a second run sends nothing twice
    assert mail.outbox[-1].subject == "Reminder: Mon premier achat en ligne tomorrow"
    assert "Salle du conseil, mairie" in mail.outbox[-1].body
    assert OutboxMessage.objects.filter(state=OutboxMessage.State.SENT).count() == 2


def test_the_town_hall_can_reword_the_confirmation(django_capture_on_commit_callbacks):
    event_type = CommunicationEventType.objects.get(code="WORKSHOP_SIGNED_UP")  # made after migrate
    event_type.email_subject_template = "Inscription : {{ workshop.title }}"
    event_type.save()
    event_types_changed()
    with django_capture_on_commit_callbacks(execute=True):
        workshop_sign_up(workshop=workshop(), name="Jeanne", email="jeanne@example.com")
    assert mail.outbox[0].subject == "Inscription : Mon premier achat en ligne"
