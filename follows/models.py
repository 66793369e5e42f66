"""What residents follow: a shop, or the town's markets; and "tell me when the shop reopens".

"Tell me when it is back" on a product is Oscar's own `ProductAlert` (customer app), sent through the
outbox by follows.receivers instead of Oscar's direct email.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shops.models import Partner


class Follow(models.Model):
    """A resident follows a shop (`shop` set) or the markets (`shop` empty): the weekly digest tells of it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    shop = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("Follow")
        verbose_name_plural = _("Follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "shop"], name="follow_a_shop_once"),
            models.UniqueConstraint(fields=["user"], condition=Q(shop=None), name="follow_the_markets_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.shop or 'markets'}"


class ReopenAlert(models.Model):
    """A resident asked to be told when a temporarily closed shop reopens; sent once, then kept as sent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    shop = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="reopen_alerts")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Reopening alert")
        verbose_name_plural = _("Reopening alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "shop"], condition=Q(sent_at=None), name="one_pending_reopen_alert"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ← {self.shop}"
