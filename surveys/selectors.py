"""Reads for surveys: a survey with its questions, and its results counted in two queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet

from surveys.charts import Chart, bar_chart
from surveys.models import Answer, Choice, Question, Survey


def survey_with_questions(*, survey_id: int) -> Survey:
    return Survey.objects.prefetch_related(
        Prefetch("questions", queryset=Question.objects.prefetch_related("choices"))
    ).get(pk=survey_id)


def all_surveys() -> QuerySet[Survey]:
    return Survey.objects.annotate(response_count=Count("responses")).order_by("-created_at", "-pk")


@dataclass
class QuestionResult:
    question: Question
    answered: int
    chart: Chart | None = None
    average: float | None = None
    texts: list[str] = field(default_factory=list)


def survey_results(*, survey: Survey, with_texts: bool) -> tuple[int, list[QuestionResult]]:
    """How many responded, and each question's chart (choices, scale) or free texts (town hall only)."""
    survey = survey_with_questions(survey_id=survey.pk)
    answers = Answer.objects.filter(question__survey=survey)
    by_choice = Counter(dict(answers.exclude(choice=None).values_list("choice").annotate(n=Count("pk"))))
    by_value: Counter = Counter()
    answered: Counter = Counter()
    texts: dict[int, list[str]] = {}
    for question_id, value, text in answers.filter(choice=None).values_list("question_id", "value", "text"):
        if value is not None:
            by_value[(question_id, value)] += 1
        if text and with_texts:
            texts.setdefault(question_id, []).append(text)
    for question_id, n in (
        answers.values_list("question_id").annotate(n=Count("response_id", distinct=True)).order_by()
    ):
        answered[question_id] = n
    results = []
    for question in survey.questions.all():
        result = QuestionResult(question=question, answered=answered[question.pk])
        if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            choices: list[Choice] = list(question.choices.all())
            result.chart = bar_chart([(c.text, by_choice[c.pk]) for c in choices], total=result.answered)
        elif question.kind == Question.Kind.SCALE:
            rows = [(str(v), by_value[(question.pk, v)]) for v in Question.SCALE]
            result.chart = bar_chart(rows)
            count = sum(n for _v, n in rows)
            result.average = round(sum(int(v) * n for v, n in rows) / count, 1) if count else None
        else:
            result.texts = texts.get(question.pk, [])
        results.append(result)
    return survey.responses.count(), results
