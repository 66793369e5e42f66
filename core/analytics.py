"""Oscar's analytics counters, made safe inside a request's transaction (ATOMIC_REQUESTS).

Oscar counts a product's first view with an UPDATE and, when no row exists yet, an INSERT. Two sessions
opening a new product at once both insert; the second's unique-key error is caught by Oscar, but on
PostgreSQL the request's transaction is then aborted and the page a 500. Here the INSERT runs in a
savepoint: the loser rolls back just that and counts on the winner's row.
"""

from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import F
from oscar.apps.analytics import receivers
from oscar.core.loading import get_model

# Imported from CoreConfig.ready(), once the models are loaded.
UserRecord = get_model("analytics", "UserRecord")


def counter_update(
    model: type[models.Model], field_name: str, filter_kwargs: dict[str, Any], increment: int = 1
) -> None:
    """Adds `increment` to `field_name` of the row matching `filter_kwargs`, creating it if needed."""
    rows = model.objects.filter(**filter_kwargs)
    if rows.update(**{field_name: F(field_name) + increment}):
        return
    try:
        with transaction.atomic():
            model.objects.create(**{**filter_kwargs, field_name: increment})
    except IntegrityError:
        # Another request created the row since our UPDATE: add to it.
        rows.update(**{field_name: F(field_name) + increment})


def user_order_record(user: Any, order: Any) -> None:
    """Oscar's `_record_user_order` (a resident's order totals), with its first INSERT in a savepoint."""
    increments = {
        "num_orders": 1,
        "num_order_lines": order.num_lines,
        "num_order_items": order.num_items,
        "total_spent": order.total_incl_tax,
    }
    rows = UserRecord.objects.filter(user=user)
    update = {name: F(name) + value for name, value in increments.items()}
    if rows.update(**update, date_last_order=order.date_placed):
        return
    try:
        with transaction.atomic():
            UserRecord.objects.create(user=user, date_last_order=order.date_placed, **increments)
    except IntegrityError:
        rows.update(**update, date_last_order=order.date_placed)


def install() -> None:
    """Oscar's receivers call these module-level helpers by name: point those names at ours."""
    receivers._update_counter = counter_update
    receivers._record_user_order = user_order_record
