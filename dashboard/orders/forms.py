"""Fork of Oscar's orders dashboard forms: order statuses offered by their French labels."""

from oscar.apps.dashboard.orders import forms as oscar_forms
from oscar.apps.dashboard.orders.forms import *  # noqa: F403 (Oscar's fork pattern)

from orders.models import Status


class OrderSearchForm(oscar_forms.OrderSearchForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Oscar lists the stored values ("Placed"); the value stays, the label is the reader's.
        self.fields["status"].choices = [
            (value, Status.LABELS.get(value, label) if value else label)
            for value, label in self.fields["status"].choices
        ]
