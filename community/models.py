"""The merchants' space (the town's shared Facebook page, in the dashboard): posts, questions, tips, answers.

Only merchants write; the town hall reads everything and hides what breaks the rules.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shops.models import Partner


class CommunityPost(models.Model):
    class Kind(models.TextChoices):
        POST = "post", _("News")
        QUESTION = "question", _("Question")
        TIP = "tip", _("Tip")

    shop = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="community_posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("Kind"), max_length=8, choices=Kind.choices, default=Kind.POST)
    title = models.CharField(_("Title"), max_length=160)
    text = models.TextField(_("Text"), max_length=4000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    hidden_at = models.DateTimeField(_("Hidden by the town hall at"), null=True, blank=True)
    hidden_reason = models.CharField(_("Why the town hall hid it"), max_length=300, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("Merchants' space post")
        verbose_name_plural = _("Merchants' space posts")

    def __str__(self) -> str:
        return self.title


class CommunityReply(models.Model):
    post = models.ForeignKey(CommunityPost, on_delete=models.CASCADE, related_name="replies")
    shop = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("Answer"), max_length=4000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("Answer in the merchants' space")
        verbose_name_plural = _("Answers in the merchants' space")

    def __str__(self) -> str:
        return self.text[:40]
