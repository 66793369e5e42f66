"""`{% hole "name" key=value %}`: a visitor's own part of a page (core/holes.py)."""

from django import template
from django.utils.safestring import SafeString

from core.holes import hole_html

register = template.Library()


@register.simple_tag(takes_context=True)
def hole(context: template.Context, name: str, **arguments: object) -> SafeString:
    return hole_html(context.get("request"), name, **arguments)
