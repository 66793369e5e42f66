"""Emails about a shop's application and approval, rendered from templates and sent through the outbox."""

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def absolute_url(path: str) -> str:
    """A full link for an email, on the site's domain (set it in the admin's Sites)."""
    scheme = "http" if settings.DEBUG else "https"
    return f"{scheme}://{Site.objects.get_current().domain}{path}"


def send_after_commit(*, template: str, to: str, context: dict) -> None:
    """Render `shops/email/<template>_{subject,body}.txt` and `_body.html`; send once the write is kept.

    Rendering happens now, inside the transaction, so the message says what was just decided.
    Django's mail backend is the outbox (orders.mail_backend): the message is stored in this
    transaction and sent by the worker after the commit, so nobody is told about a change that was
    rolled back, and a mail relay down delays the message instead of failing the request.
    A shop without any email address is simply not written to.
    """
    if not to:
        return
    context = {
        "town_name": settings.TOWN_NAME,
        "town_contact_email": settings.TOWN_CONTACT_EMAIL,
        "site_url": absolute_url("/"),
        **context,
    }
    subject = " ".join(render_to_string(f"shops/email/{template}_subject.txt", context).split())
    text = render_to_string(f"shops/email/{template}_body.txt", context)
    html = render_to_string(f"shops/email/{template}_body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.send()
