"""Apps with messages of their own register them once: after a migrate, each of their events has a
wording row the town hall can edit, as orders' own do."""

import pytest
from django.core.management.sql import emit_post_migrate_signal
from oscar.core.loading import get_model

from community import messages as community
from follows import messages as follows
from orders.events import Event
from surveys import messages as surveys
from workshops import messages as workshops

CommunicationEventType = get_model("communication", "CommunicationEventType")


@pytest.mark.django_db
def test_every_apps_messages_get_an_editable_wording_row_after_migrate():
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    codes = set(CommunicationEventType.objects.values_list("code", flat=True))
    for names in (Event.NAMES, workshops.NAMES, follows.NAMES, community.NAMES, surveys.NAMES):
        assert set(names) <= codes
