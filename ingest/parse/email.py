"""E-mail (EML): the body as text or HTML, and the attachments to ingest on their own."""

from __future__ import annotations

import email
import email.policy

from ..models import Block, Parsed
from .markup import parse_html, parse_markup_text


def parse_email(data: bytes) -> Parsed:
    message = email.message_from_bytes(data, policy=email.policy.default)
    body = message.get_body(preferencelist=("plain", "html"))
    blocks: list[Block] = []
    if body is not None:
        content = body.get_content()
        if body.get_content_type() == "text/html":
            blocks = parse_html(content.encode("utf-8")).blocks
        else:
            blocks = parse_markup_text(content).blocks
    attachments = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        if payload:
            attachments.append((part.get_filename() or "attachment", payload))
    properties = {
        "title": str(message.get("subject", "")),
        "author": str(message.get("from", "")),
        "date": str(message.get("date", "")),
    }
    return Parsed(blocks, 1, {k: v for k, v in properties.items() if v}, attachments=attachments)
