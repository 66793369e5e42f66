"""Oscar's bulk lists (dashboard orders, users, reviews, alerts; a resident's notifications) ignore a
selection holding an id that is not a number, instead of answering 500.

Oscar's `BulkEditMixin.get_selected_ids` filters by whatever was posted (`pk__in=["x"]`: ValueError).
One rule for every list that uses the mixin, forked or not; installed from CoreConfig.ready().
"""

from typing import Any

from django.http import HttpRequest
from oscar.views.generic import BulkEditMixin

_oscar_get_selected_ids = BulkEditMixin.get_selected_ids


def is_id(value: str) -> bool:
    """A primary key as a form posts it: ASCII digits, within a 64-bit id."""
    return value.isascii() and value.isdigit() and int(value) < 2**63


def get_selected_ids(self: BulkEditMixin, request: HttpRequest) -> list[Any]:
    posted = request.POST.getlist(f"selected_{self.get_checkbox_object_name()}")
    if not all(is_id(value) for value in posted):
        return []  # nothing selected: Oscar says "You need to select some …"
    return _oscar_get_selected_ids(self, request)


def install() -> None:
    BulkEditMixin.get_selected_ids = get_selected_ids
