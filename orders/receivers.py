"""Orders listening: an outbox message written and committed is handed to the broker; a shop's times
changed over booked orders (shops cannot import orders) are answered by orders.stranded."""

from django.dispatch import receiver

from orders.models import OutboxMessage
from orders.signals import outbox_message_written
from orders.stranded import times_changed_receiver
from orders.tasks import outbox_queue
from shops.signals import shop_times_changed


@receiver(outbox_message_written, sender=OutboxMessage)
def queue_written_message(sender, *, message_id: int, **kwargs) -> None:
    outbox_queue(message_id=message_id)


shop_times_changed.connect(times_changed_receiver, dispatch_uid="orders-stranded")
