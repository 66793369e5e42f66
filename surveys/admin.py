"""Django admin for surveys, for the town hall's superuser: the survey and its questions; responses
are residents' answers, read-only (the results chart counts them)."""

from django.contrib import admin
from django.http import HttpRequest

from surveys.models import Answer, Choice, Question, Response, Survey


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ("position", "kind", "text")
    show_change_link = True


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "is_open", "results_published")
    list_filter = ("is_open", "results_published")
    inlines = (QuestionInline,)


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("text", "survey", "kind", "position")
    list_select_related = ("survey",)
    inlines = (ChoiceInline,)


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    can_delete = False
    readonly_fields = ("question", "choice", "value", "text")


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ("survey", "user", "created_at")
    list_select_related = ("survey", "user")
    readonly_fields = ("survey", "user", "invitation", "created_at")
    inlines = (AnswerInline,)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
