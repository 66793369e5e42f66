"""Every mail goes through the outbox (issue #14 points 5 and 7): with the mail relay down, registering,
asking for a password reset and applying for a shop answer as usual and keep what they did; the mails
wait in the outbox and go out once, when the relay is back. Each message is claimed ('sending',
committed) before the relay is called, keeps one Message-ID across attempts, and a message whose worker
died mid-send is sent again only once its claim is old enough."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from orders.models import OutboxMessage
from orders.sending import SENDING_TIMEOUT, message_id_header, outbox_send
from orders.tasks import outbox_sweep
from shops.factories import shop_application_data
from shops.models import Partner
from tests.conftest import free_port

User = get_user_model()


@pytest.fixture
def relay(smtp_inbox, settings):
    """The town's mail relay: down (nothing listens on its port) until `back()`."""

    class Relay:
        inbox = smtp_inbox
        port = settings.EMAIL_PORT

        def back(self) -> None:
            settings.EMAIL_PORT = self.port

    settings.EMAIL_PORT = free_port()  # closed: connection refused
    return Relay()


def mails_to(inbox, address: str) -> list:
    return [message for message in inbox.messages if address in message["To"]]


def sweep_later() -> int:
    """The sweep a few minutes on, when messages left pending are picked up again."""
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=3)):
        return outbox_sweep()


def test_registering_with_the_relay_down_creates_the_account_and_the_welcome_mail_follows_once(
    client, db, relay, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("customer:register"),
            {
                "email": "camille@example.com",
                "password1": "Pain-au-levain-42",
                "password2": "Pain-au-levain-42",
            },
        )

    assert response.status_code == 302
    assert User.objects.filter(email="camille@example.com").count() == 1
    waiting = OutboxMessage.objects.get(recipient="camille@example.com")
    assert waiting.state == OutboxMessage.State.PENDING and "refused" in waiting.last_error.lower()
    assert relay.inbox.messages == []

    relay.back()
    assert sweep_later() == 1
    assert sweep_later() == 0
    [welcome] = mails_to(relay.inbox, "camille@example.com")
    assert welcome["Message-ID"] == message_id_header(waiting)
    assert OutboxMessage.objects.get(pk=waiting.pk).state == OutboxMessage.State.SENT


def test_a_password_reset_with_the_relay_down_answers_as_usual_and_its_link_follows_once(
    client, db, relay, django_capture_on_commit_callbacks
):
    User.objects.create_user(username="camille", email="camille@example.com", password="x")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password-reset"), {"email": "camille@example.com"})

    assert response.status_code == 302
    assert relay.inbox.messages == []
    relay.back()
    assert sweep_later() == 1
    assert sweep_later() == 0
    [reset] = mails_to(relay.inbox, "camille@example.com")
    assert "/password-reset/confirm/" in reset.get_body(preferencelist=("plain",)).get_content()


def test_a_shop_application_with_the_relay_down_is_saved_once_and_its_mail_follows_once(
    client, db, relay, django_capture_on_commit_callbacks
):
    application = shop_application_data()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("shops:apply"), application)

    assert response.status_code == 302 and response["Location"] == reverse("shops:apply-done")
    assert Partner.objects.filter(name="Boulangerie Dupain").count() == 1
    relay.back()
    assert sweep_later() >= 1
    sweep_later()
    assert len(mails_to(relay.inbox, "paul@dupain.fr")) == 1


class WatchingInbox:
    """An SMTP server that notes each message's Message-ID and what the outbox says of it meanwhile."""

    def __init__(self, inbox) -> None:
        self.inbox = inbox
        self.seen: list[tuple[str, str]] = []  # (Message-ID, state of its outbox row during the call)

    async def handle_DATA(self, server, session, envelope) -> str:
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)
        # Read from the server's own thread and database connection, as the worker's commit left it.
        state = OutboxMessage.objects.filter(recipient=message["To"]).values_list("state", flat=True).first()
        connection.close()  # this thread's own: left open it would hold the test database
        self.seen.append((message["Message-ID"], state))
        return await self.inbox.handle_DATA(server, session, envelope)


@pytest.fixture
def watched_relay(smtp_inbox, settings):
    from aiosmtpd.controller import Controller

    watching = WatchingInbox(smtp_inbox)
    port = free_port()
    controller = Controller(watching, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_PORT = port
    yield watching
    controller.stop()


@pytest.mark.django_db(transaction=True)
def test_a_message_is_marked_sending_before_the_relay_is_called_and_keeps_its_message_id(watched_relay):
    from django.core.mail import send_mail

    send_mail("Bienvenue", "Bonjour Camille", None, ["camille@example.com"])  # autocommit: sent at once
    message = OutboxMessage.objects.get(recipient="camille@example.com")
    assert message.state == OutboxMessage.State.SENT

    watched_relay.inbox.refuse_next = 1  # a temporary refusal (451): the task tries again
    send_mail("Réinitialisation", "Votre lien", None, ["lea@example.com"])
    retried = OutboxMessage.objects.get(recipient="lea@example.com")

    assert watched_relay.seen == [
        (message_id_header(message), OutboxMessage.State.SENDING),
        (message_id_header(retried), OutboxMessage.State.SENDING),
        (message_id_header(retried), OutboxMessage.State.SENDING),  # the same Message-ID on the retry
    ]
    assert retried.state == OutboxMessage.State.SENT and retried.attempts == 2
    assert len(mails_to(watched_relay.inbox, "lea@example.com")) == 1


def test_a_message_left_sending_by_a_dead_worker_is_sent_again_once_after_the_timeout(db, smtp_inbox):
    from django.core.mail import send_mail

    send_mail("Bienvenue", "Bonjour Camille", None, ["camille@example.com"])  # not sent: no commit yet
    message = OutboxMessage.objects.get(recipient="camille@example.com")
    # The worker claimed it, then died during the SMTP call.
    claimed_at = timezone.now()
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=OutboxMessage.State.SENDING, sending_at=claimed_at, sending_by="task-lost"
    )

    # Another delivery (a sweep's, a duplicate task) leaves a fresh claim alone: it may be going through.
    assert outbox_send(message_id=message.pk, delivery="another-task") is False
    with time_machine.travel(claimed_at + SENDING_TIMEOUT - dt.timedelta(minutes=1)):
        assert outbox_sweep() == 0
    assert smtp_inbox.messages == []

    with time_machine.travel(claimed_at + SENDING_TIMEOUT + dt.timedelta(minutes=1)):
        assert outbox_sweep() == 1
        assert outbox_sweep() == 0
    [mail] = smtp_inbox.messages
    assert mail["Message-ID"] == message_id_header(message)
    assert OutboxMessage.objects.get(pk=message.pk).state == OutboxMessage.State.SENT


def test_the_same_task_delivered_again_after_its_worker_died_sends_at_once(db, smtp_inbox):
    from django.core.mail import send_mail

    send_mail("Bienvenue", "Bonjour Camille", None, ["camille@example.com"])
    message = OutboxMessage.objects.get(recipient="camille@example.com")
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=OutboxMessage.State.SENDING, sending_at=timezone.now(), sending_by="task-1"
    )

    # Celery hands a task whose worker was lost to another worker, with the same id.
    assert outbox_send(message_id=message.pk, delivery="task-1") is True
    assert outbox_send(message_id=message.pk, delivery="task-1") is False
    assert len(smtp_inbox.messages) == 1


def test_a_written_mail_keeps_only_its_subject_once_sent(db, smtp_inbox):
    from django.core.mail import send_mail

    send_mail(
        "Réinitialisation", "https://marche.example.fr/password-reset/confirm/abc/", None, ["lea@example.com"]
    )
    message = OutboxMessage.objects.get(recipient="lea@example.com")
    assert "password-reset" in message.mail["body"]  # waiting: all of it, to be sent

    assert outbox_send(message_id=message.pk)
    message.refresh_from_db()
    assert message.mail == {"subject": "Réinitialisation"}  # sent: the reset link is not kept
    assert "password-reset" in smtp_inbox.messages[0].get_body(preferencelist=("plain",)).get_content()
