"""Other apps' messages go through the same outbox: once per key, rendered with their own context."""

import pytest
from django.core import mail

from orders.message_context import outbox_context_provider_register
from orders.models import OutboxMessage
from orders.outbox import outbox_add_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def _test_provider(settings, tmp_path):
    template_dir = tmp_path / "templates" / "oscar" / "communication" / "emails"
    template_dir.mkdir(parents=True)
    (template_dir / "commtype_test_hello_subject.txt").write_text("Hello {{ name }}")
    (template_dir / "commtype_test_hello_body.txt").write_text("From {{ town_name }}, {{ name }}.")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]
    outbox_context_provider_register(prefix="test:", provider=lambda message: {"name": message.recipient})


def test_a_message_of_another_app_is_sent_once_with_its_context(
    _test_provider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_add_message(key="test:1:hello:email", event="TEST_HELLO", recipient="ana@example.com")
        assert not outbox_add_message(
            key="test:1:hello:email", event="TEST_HELLO", recipient="ana@example.com"
        )
    assert [m.subject for m in mail.outbox] == ["Hello ana@example.com"]
    assert "ana@example.com." in mail.outbox[0].body
    assert OutboxMessage.objects.get().state == OutboxMessage.State.SENT


def test_a_key_nobody_renders_is_refused(_test_provider):
    with pytest.raises(ValueError):
        outbox_add_message(key="nobody:1", event="TEST_HELLO", recipient="ana@example.com")
