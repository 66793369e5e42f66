"""The surveys' message: the emailed invitation to answer, through the orders outbox.

Key: "survey:invite:<Invitation>:email", once per invitation.
"""

from __future__ import annotations

from django.urls import reverse

from orders.models import OutboxMessage
from orders.outbox import outbox_add_message
from shops.emails import absolute_url
from surveys.models import Invitation

PREFIX = "survey:"
INVITATION = "SURVEY_INVITATION"
NAMES = {INVITATION: "Resident: invitation to answer a survey"}


def invitation_message_add(*, invitation: Invitation) -> bool:
    return outbox_add_message(
        key=f"{PREFIX}invite:{invitation.pk}:email", event=INVITATION, recipient=invitation.email
    )


def message_context(message: OutboxMessage) -> dict:
    invitation_id = int(message.key.removeprefix(PREFIX).split(":")[1])
    invitation = Invitation.objects.select_related("survey").get(pk=invitation_id)
    url = reverse("surveys:answer", kwargs={"slug": invitation.survey.slug})
    return {"survey": invitation.survey, "answer_url": absolute_url(f"{url}?invitation={invitation.token}")}
