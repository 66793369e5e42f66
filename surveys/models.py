"""Consulting residents: the town hall's surveys, their questions, and one response per resident."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Survey(models.Model):
    title = models.CharField(_("Title"), max_length=160)
    slug = models.SlugField(_("Address"), max_length=80, unique=True)
    description = models.TextField(_("Introduction"), max_length=4000, blank=True)
    is_open = models.BooleanField(_("Open for answers"), default=True)
    results_published = models.BooleanField(_("Results published on the storefront"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("Survey")
        verbose_name_plural = _("Surveys")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SCALE = "scale", _("Scale from 1 to 5")
        TEXT = "text", _("Free text")

    SCALE = range(1, 6)

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("Question"), max_length=300)
    kind = models.CharField(_("Kind"), max_length=8, choices=Kind.choices)

    class Meta:
        ordering = ("position", "pk")

    def __str__(self) -> str:
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("Choice"), max_length=200)

    class Meta:
        ordering = ("position", "pk")

    def __str__(self) -> str:
        return self.text


class Invitation(models.Model):
    """An emailed link to answer without an account: usable once."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("Email"))
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "email"], name="one_invitation_per_email")]


class Response(models.Model):
    """One resident's answers: by account (`user`) or by emailed link (`invitation`), never twice."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"], condition=Q(user__isnull=False), name="one_response_per_user"
            )
        ]


class Answer(models.Model):
    """One answer to one question; a multiple choice gives one row per ticked choice."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(
        Choice, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    value = models.PositiveSmallIntegerField(null=True, blank=True)  # a scale's 1–5
    text = models.TextField(blank=True, max_length=2000)
