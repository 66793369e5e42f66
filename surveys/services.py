"""Writes for surveys: create from the town hall's text, invite by email, answer once, publish results."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from surveys.exceptions import AnswerRefused
from surveys.messages import invitation_message_add
from surveys.models import Answer, Choice, Invitation, Question, Response, Survey
from surveys.questions import QuestionSpec


def survey_create(*, title: str, slug: str, description: str, questions: list[QuestionSpec]) -> Survey:
    with transaction.atomic():
        survey = Survey.objects.create(title=title, slug=slug, description=description)
        for position, spec in enumerate(questions):
            question = Question.objects.create(
                survey=survey, position=position, text=spec.text, kind=spec.kind
            )
            Choice.objects.bulk_create(
                Choice(question=question, position=index, text=text)
                for index, text in enumerate(spec.choices)
            )
    return survey


def survey_settings_set(*, survey: Survey, is_open: bool, results_published: bool) -> Survey:
    survey.is_open, survey.results_published = is_open, results_published
    survey.save(update_fields=["is_open", "results_published"])
    return survey


def survey_invite(*, survey: Survey, emails: list[str]) -> int:
    """Email each address a link to answer once (an address invited before is not written to again)."""
    created = 0
    with transaction.atomic():
        for email in dict.fromkeys(e.strip().lower() for e in emails if e.strip()):
            invitation, new = Invitation.objects.get_or_create(
                survey=survey, email=email, defaults={"token": secrets.token_urlsafe(24)}
            )
            if new:
                invitation_message_add(invitation=invitation)
                created += 1
    return created


def response_submit(
    *,
    survey: Survey,
    answers: dict[int, object],
    user: AbstractBaseUser | None = None,
    invitation: Invitation | None = None,
) -> Response:
    """Record one resident's answers (question id → choice ids, a scale value or a text); once only.

    `answers` comes from the survey's own form, so its choices belong to its questions.
    """
    if not survey.is_open:
        raise AnswerRefused(_("This survey is closed."))
    if (user is None or not user.is_authenticated) and invitation is None:
        raise AnswerRefused(_("Log in or use the link you received by email to answer."))
    try:
        with transaction.atomic():
            if invitation is not None:
                invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
                if Response.objects.filter(invitation=invitation).exists():
                    raise AnswerRefused(_("This link has already been used to answer."))
            response = Response.objects.create(
                survey=survey,
                user=user if user is not None and user.is_authenticated else None,
                invitation=invitation,
            )
            rows = []
            for question in survey.questions.all():
                value = answers.get(question.pk)
                if value in (None, "", []):
                    continue
                if question.kind == Question.Kind.SINGLE:
                    rows.append(Answer(response=response, question=question, choice_id=int(value)))
                elif question.kind == Question.Kind.MULTIPLE:
                    rows += [Answer(response=response, question=question, choice_id=int(v)) for v in value]
                elif question.kind == Question.Kind.SCALE:
                    rows.append(Answer(response=response, question=question, value=int(value)))
                else:
                    rows.append(Answer(response=response, question=question, text=str(value)))
            Answer.objects.bulk_create(rows)
    except IntegrityError as duplicate:  # one_response_per_user, whatever the race
        raise AnswerRefused(_("You have already answered this survey. Thank you!")) from duplicate
    return response
