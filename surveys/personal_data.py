"""A resident's survey answers: in their data export; on deletion the answers stay in the results but
are no longer tied to them (the response loses its account)."""

from typing import Any

from surveys.models import Response


def responses_export(user: Any) -> list[dict]:
    responses = (
        Response.objects.filter(user=user)
        .select_related("survey")
        .prefetch_related("answers__question", "answers__choice")
    )
    return [
        {
            "survey": response.survey.title,
            "answered_at": response.created_at.isoformat(),
            "answers": [
                {
                    "question": answer.question.text,
                    "answer": answer.choice.text if answer.choice_id else answer.value or answer.text,
                }
                for answer in response.answers.all()
            ],
        }
        for response in responses
    ]


def responses_erase(user: Any) -> None:
    Response.objects.filter(user=user).update(user=None)
