"""How alert matches leave the building: e-mail through the office's SMTP server, signed webhooks, and an
Atom feed per alert. Nothing here decides who may see what: the caller (service.alerts.service) passes only
the matches the recipient may see at the moment of sending.

Webhooks: a JSON POST whose body is signed with the alert's own secret, HMAC-SHA256 in the header
`X-Casoteca-Signature: sha256=<hex>` (the receiver recomputes it over the raw body), with the event in
`X-Casoteca-Event`. A call that fails (no answer, or a status outside 2xx) is tried again later with a
doubling wait (service.alerts.service), up to MAX_ATTEMPTS.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any
from urllib.parse import quote, urlparse
from xml.etree import ElementTree as ET

from .book import Alert, AlertHit

MAX_ATTEMPTS = 5
WEBHOOK_TIMEOUT = 10.0
ATOM = "http://www.w3.org/2005/Atom"


class DeliveryError(Exception):
    """A push that did not go out; said in the outbox and tried again."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    security: str = "starttls"  # starttls | ssl | none
    user: str = ""
    password: str = ""
    sender: str = "casoteca@localhost"
    timeout: float = 30.0


def document_url(base: str, document_id: str) -> str:
    return (
        f"{base.rstrip('/')}/documents/{quote(document_id)}" if base else f"/documents/{quote(document_id)}"
    )


def items(hits: list[AlertHit], base_url: str) -> list[dict[str, Any]]:
    return [{**hit.view(), "url": document_url(base_url, hit.document_id)} for hit in hits]


def subject_of(alert: Alert, count: int) -> str:
    return f"Casoteca: {count} new {'case' if count == 1 else 'cases'} for «{alert.label[:80]}»"


def email_body(alert: Alert, hits: list[AlertHit], base_url: str) -> str:
    lines = [f"{subject_of(alert, len(hits))}", ""]
    for item in items(hits, base_url):
        lines += [f"* {item['title']}", f"  {item['url']}"]
        for evidence in item["evidence"][:2]:
            passage = evidence.get("match_passage", evidence)
            lines.append(
                f"  p. {passage.get('page_start', '?')}: {' '.join(str(passage.get('text', '')).split())[:300]}"
            )
        lines.append("")
    lines.append(
        "You receive this because of an alert you saved in Casoteca; change or delete it on the Alerts page."
    )
    return "\n".join(lines)


def send_email(settings: SmtpSettings, to: str, subject: str, body: str) -> None:
    if not settings.host:
        raise DeliveryError("no SMTP server configured (CASOTECA_SMTP_HOST)")
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = settings.sender, to, subject
    message.set_content(body)
    try:
        if settings.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with client:
            if settings.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if settings.user:
                client.login(settings.user, settings.password)
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"e-mail to {to} failed: {exc}") from exc


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def check_webhook_url(url: str) -> str:
    """An http(s) URL with a host, or ValueError."""
    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ValueError("a webhook must be an http:// or https:// URL with a host")
    return url.strip()


def webhook_body(alert: Alert, hits: list[AlertHit], base_url: str) -> bytes:
    return json.dumps(
        {
            "event": "alert.matched",
            "alert_id": alert.id,
            "label": alert.label,
            "items": items(hits, base_url),
        },
        ensure_ascii=False,
    ).encode("utf-8")


def send_webhook(alert: Alert, body: bytes) -> None:
    request = urllib.request.Request(
        alert.webhook,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Casoteca-alerts",
            "X-Casoteca-Event": "alert.matched",
            "X-Casoteca-Signature": signature(alert.secret, body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as answer:
            if not 200 <= answer.status < 300:
                raise DeliveryError(f"webhook answered {answer.status}")
    except urllib.error.HTTPError as exc:
        exc.close()
        raise DeliveryError(f"webhook answered {exc.code}") from exc
    except (OSError, ValueError) as exc:
        raise DeliveryError(f"webhook failed: {exc}") from exc


def atom_feed(alert: Alert, hits: list[AlertHit], base_url: str, self_url: str) -> bytes:
    """The alert's matches as an Atom feed (newest first), for a feed reader."""
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    feed = ET.Element(f"{{{ATOM}}}feed")
    sub(feed, "id", f"urn:casoteca:alert:{alert.id}")
    sub(feed, "title", f"Casoteca: {alert.label}")
    sub(feed, "updated", hits[0].at if hits else alert.created)
    sub(feed, "link", rel="self", href=self_url)
    author = sub(feed, "author")
    sub(author, "name", "Casoteca")
    for item in items(hits, base_url):
        entry = sub(feed, "entry")
        sub(entry, "id", f"urn:casoteca:alert:{alert.id}:{item['document_id']}")
        sub(entry, "title", item["title"] or item["document_id"])
        sub(entry, "updated", item["at"])
        sub(entry, "link", href=item["url"])
        summary = " … ".join(
            " ".join(str(e.get("match_passage", e).get("text", "")).split())[:300]
            for e in item["evidence"][:2]
        )
        sub(entry, "summary", summary)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
