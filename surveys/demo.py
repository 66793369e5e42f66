"""Demo data of surveys: the market-hall restoration survey, answered by residents, results published.

`seed_surveys()` is idempotent (the survey is found by its address); the answers are drawn from a
fixed seed, so every demo shows the same charts.
"""

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from surveys.models import Answer, Question, Response, Survey
from surveys.questions import questions_parse
from surveys.services import survey_create

User = get_user_model()
SLUG = "restauration-halle"
ANSWERS = 42
QUESTIONS = "\n".join(
    (
        "single: Que devrait accueillir la halle restaurée ? | Le marché seulement"
        " | Le marché et des événements | Un marché couvert tous les jours",
        "multiple: Quand y viendriez-vous ? | Le matin en semaine | Le midi | Le soir | Le week-end",
        "scale: La restauration de la halle est-elle importante pour vous ?",
        "text: Une idée, une envie pour la halle ?",
    )
)
IDEAS = ("Une buvette le samedi", "Des bancs à l'ombre", "Un coin pour les enfants", "Des producteurs bio")


def seed_surveys() -> Survey:
    survey = Survey.objects.filter(slug=SLUG).first()
    if survey is None:
        survey = survey_create(
            title="Restauration de la halle du marché",
            slug=SLUG,
            description="La ville restaure la halle du marché : dites-nous ce que vous en attendez.",
            questions=questions_parse(QUESTIONS),
        )
    if not survey.responses.exists():
        _answers(survey)
    if not survey.results_published:
        survey.results_published = True
        survey.save(update_fields=["results_published"])
    return survey


def _answers(survey: Survey) -> None:
    rng = random.Random(16)
    questions = list(survey.questions.prefetch_related("choices"))
    password = make_password(None)  # these residents exist only to have answered: they cannot log in
    for number in range(ANSWERS):
        email = f"habitant{number:02d}@example.com"
        user, _created = User.objects.get_or_create(
            username=email, defaults={"email": email, "password": password}
        )
        response = Response.objects.create(survey=survey, user=user)
        rows = []
        for question in questions:
            choices = list(question.choices.all())
            if question.kind == Question.Kind.SINGLE:
                rows.append(
                    Answer(
                        response=response,
                        question=question,
                        choice=rng.choices(choices, weights=(2, 5, 3))[0],
                    )
                )
            elif question.kind == Question.Kind.MULTIPLE:
                picked = [c for c in choices if rng.random() < 0.45] or [choices[-1]]
                rows += [Answer(response=response, question=question, choice=c) for c in picked]
            elif question.kind == Question.Kind.SCALE:
                rows.append(
                    Answer(
                        response=response,
                        question=question,
                        value=rng.choices((1, 2, 3, 4, 5), weights=(1, 1, 3, 6, 8))[0],
                    )
                )
            elif rng.random() < 0.3:
                rows.append(Answer(response=response, question=question, text=rng.choice(IDEAS)))
        Answer.objects.bulk_create(rows)
