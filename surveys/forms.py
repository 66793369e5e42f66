"""Forms of surveys: the town hall's new survey (questions as text), and a resident's answers."""

from __future__ import annotations

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from surveys.models import Question, Survey
from surveys.questions import QuestionsInvalid, questions_parse


class SurveyCreateForm(forms.ModelForm):
    questions = forms.CharField(
        label=_("Questions"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One question a line, starting with its kind: “single: Question | choice | choice”, "
            "“multiple: Question | choice | choice”, “scale: Question” (1 to 5), “text: Question”."
        ),
    )

    class Meta:
        model = Survey
        fields = ("title", "slug", "description")

    def clean_questions(self) -> list:
        try:
            return questions_parse(self.cleaned_data["questions"])
        except QuestionsInvalid as invalid:
            raise forms.ValidationError(str(invalid)) from invalid


class SurveySettingsForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ("is_open", "results_published")


class InviteForm(forms.Form):
    emails = forms.CharField(
        label=_("Email addresses"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line, or separated by commas."),
    )

    def clean_emails(self) -> list[str]:
        emails = [e.strip() for e in self.cleaned_data["emails"].replace(",", "\n").splitlines() if e.strip()]
        for email in emails:
            validate_email(email)
        if len(emails) > 500:
            raise forms.ValidationError(_("At most 500 addresses at once."))
        return emails


class AnswerForm(forms.Form):
    """One field per question of the survey, named q<id>; choices and scale are required, the rest not."""

    def __init__(self, *args, survey: Survey, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for question in survey.questions.all():
            name = f"q{question.pk}"
            if question.kind == Question.Kind.SINGLE:
                self.fields[name] = forms.TypedChoiceField(
                    label=question.text,
                    coerce=int,
                    widget=forms.RadioSelect,
                    choices=[(c.pk, c.text) for c in question.choices.all()],
                )
            elif question.kind == Question.Kind.MULTIPLE:
                self.fields[name] = forms.TypedMultipleChoiceField(
                    label=question.text,
                    coerce=int,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    choices=[(c.pk, c.text) for c in question.choices.all()],
                )
            elif question.kind == Question.Kind.SCALE:
                self.fields[name] = forms.TypedChoiceField(
                    label=question.text,
                    coerce=int,
                    widget=forms.RadioSelect,
                    choices=[(v, str(v)) for v in Question.SCALE],
                    help_text=_("1: not at all, 5: very much"),
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )

    def answers(self) -> dict[int, object]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}
