"""Sending the portal's e-mails: every message has a plain-text and an HTML part from templates/emails/."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send(template: str, context: dict, to: list[str]) -> None:
    """Render templates/emails/<template>_subject.txt, .txt and .html, and send one message to `to`."""
    context = {"portal_name": settings.PORTAL_NAME, "site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"emails/{template}_subject.txt", context).strip().replace("\n", " ")
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=to)
    message.attach_alternative(html, "text/html")
    message.send()
