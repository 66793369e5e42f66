"""Orders listening to itself: an outbox message written and committed is handed to the broker."""

from django.dispatch import receiver

from orders.models import OutboxMessage
from orders.signals import outbox_message_written
from orders.tasks import outbox_queue


@receiver(outbox_message_written, sender=OutboxMessage)
def queue_written_message(sender, *, message_id: int, **kwargs) -> None:
    outbox_queue(message_id=message_id)
