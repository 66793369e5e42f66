"""A task queued after a commit: with the broker down it is logged and left to its sweep, never raised
into a request whose change is already committed."""

import logging

import pytest

from core.queueing import task_queue
from orders.tasks import outbox_sweep_task
from tests.payments.test_webhook import broker_down  # noqa: F401 (fixture)


def test_a_broker_outage_is_logged_not_raised(broker_down, caplog):  # noqa: F811
    with caplog.at_level(logging.WARNING, logger="core.queueing"):
        assert task_queue(outbox_sweep_task) is False

    assert "orders.tasks.outbox_sweep_task" in caplog.text and "broker unavailable" in caplog.text


@pytest.mark.django_db
def test_with_the_broker_up_the_task_is_queued():
    assert task_queue(outbox_sweep_task) is True
