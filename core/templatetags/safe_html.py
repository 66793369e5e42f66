"""`|sanitized_html`: what templates use instead of Oscar's `|safe` on text someone outside wrote."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from core.html import sanitize_html

register = template.Library()


@register.filter
def sanitized_html(markup: str | None) -> SafeString:
    # Sanitised again on display: rows saved before sanitising on save existed, or written by an
    # import that skipped it, are still served clean.
    return mark_safe(sanitize_html(markup))  # noqa: S308 (allow-list sanitised just above)
