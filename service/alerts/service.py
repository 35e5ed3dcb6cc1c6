"""Alerts: tell a user when a document like the ones they follow arrives.

What a user can do (each method takes the `Caller`): save an alert — a search (query, filters, mode), a
draft case (a text or a file, kept for them only and matched as comparable cases are), or an entity —
list, change and delete their alerts, read their inbox and mark it read, and read an alert's Atom feed
with its secret token.

What the engine side does: `promoted(doc_ids)` is called when documents become searchable (an upload,
the inbox folder, a CLI ingest into the base the server uses). It reads each new document once and
matches it against every active alert (service.alerts.match: one matrix product per alert kind). A match
is kept once per alert and document, at most `alerts_daily_cap` per alert in 24 hours, and only when the
owner may see the document then; an alert only ever sees documents promoted after it was saved, so a new
alert never floods its owner with the base's past. `run_due()` sends what is due: an immediate alert's
e-mail or webhook at once, a daily or weekly alert's digest of what matched since its last one.

Rights are checked again at delivery, with the owner's rights of that moment: the inbox, the feed, an
e-mail or a webhook call only ever carry documents the owner may see when it is read or sent, so a
document shared to fewer people after it matched is not delivered. A user disabled since is sent nothing.
Each match and each push is written to the audit trail.
"""

from __future__ import annotations

import logging
import re
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import fields
from datetime import datetime, timedelta
from typing import Any

from index.entities import entity, entity_key
from index.highlight import fold
from index.knowledge import LIVE
from index.relevance import query_words
from index.search import Filters, detect_query_language, split_query
from index.similar import CENTRES, SimilarRequest, comparable_cases, draft_case, passages_of, sample
from index.store import Where
from ingest.pipeline import IngestError, Source, build_document

from .book import (
    CHANNELS,
    DIGEST_PERIOD,
    FREQUENCIES,
    KINDS,
    Alert,
    AlertBook,
    AlertError,
    AlertHit,
    now,
    stamp,
)
from .deliver import (
    MAX_ATTEMPTS,
    DeliveryError,
    SmtpSettings,
    atom_feed,
    check_webhook_url,
    email_body,
    send_email,
    send_webhook,
    subject_of,
    webhook_body,
)
from .match import (
    DRAFT_RANK,
    DraftIndex,
    Incoming,
    SearchIndex,
    match_drafts,
    match_entities,
    match_searches,
    usable_drafts,
)

log = logging.getLogger("casoteca.alerts")

MAX_QUERY_CHARS = 2_000
MAX_DRAFT_CHARS = 200_000
MAX_LABEL = 200
MODES = ("hybrid", "dense", "bm25")
FILTER_FIELDS = {f.name for f in fields(Filters)}
EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


def check_filters(raw: dict[str, Any] | None) -> dict[str, Any]:
    """A saved search's filters: the fields of a search's `Filters`, lists of strings and years."""
    out: dict[str, Any] = {}
    for name, value in (raw or {}).items():
        if name not in FILTER_FIELDS:
            raise AlertError(f"unknown filter {name!r}; known: {', '.join(sorted(FILTER_FIELDS))}")
        if name in ("year_from", "year_to"):
            if value in (None, ""):
                continue
            if (
                isinstance(value, bool)
                or not isinstance(value, int | str)
                or not str(value).strip().isdigit()
            ):
                raise AlertError(f"{name} must be a year")
            out[name] = int(value)
        else:
            values = value if isinstance(value, list) else [value]
            if not all(isinstance(v, str) for v in values):
                raise AlertError(f"{name} must be a list of strings")
            if cleaned := [v.strip() for v in values if v.strip()]:
                out[name] = cleaned
    if out.get("year_from") and out.get("year_to") and out["year_from"] > out["year_to"]:
        raise AlertError("year_from is after year_to")
    return out


class Alerts:
    """The alerts of a library (service.library.Library: its store, embedder, lexicon, accounts, audit)."""

    def __init__(self, library: Any) -> None:
        self.library = library
        settings = library.settings
        self.book = AlertBook(settings.data_dir / "alerts.db")
        self.cap = settings.alerts_daily_cap
        self.retry_seconds = settings.alerts_retry_seconds
        self.base_url = settings.public_url
        self.smtp = SmtpSettings(
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_security,
            settings.smtp_user,
            settings.smtp_password,
            settings.smtp_sender,
        )
        self._index: tuple[tuple[tuple[str, ...], int], SearchIndex] | None = None
        self._drafts: tuple[tuple[str, ...], int, DraftIndex] | None = None
        self._sending = threading.Lock()
        self.on_match: Callable[[], None] | None = None  # the server's sender wakes up (sender.py)

    # --- what a user does ---
    def create(
        self,
        caller: Any,
        kind: str,
        *,
        label: str = "",
        query: str = "",
        text: str = "",
        file_name: str = "",
        data: bytes = b"",
        entity_id: str = "",
        filters: dict[str, Any] | None = None,
        mode: str = "hybrid",
        frequency: str = "immediate",
        email: str = "",
        webhook: str = "",
    ) -> Alert:
        owner = self._owner(caller)
        if kind not in KINDS:
            raise AlertError(f"unknown kind {kind!r}: search, draft or entity")
        alert = Alert(
            id=str(uuid.uuid4()),
            owner=owner,
            kind=kind,
            label="",
            frequency="immediate",
            created=stamp(now()),
            pushed=stamp(now()),
        )
        self._apply(alert, {"frequency": frequency, "email": email, "webhook": webhook, "label": label})
        if kind == "search":
            self._prepare_search(alert, query, check_filters(filters), mode)
        elif kind == "draft":
            self._prepare_draft(alert, text, file_name, data, caller)
        else:
            self._prepare_entity(alert, entity_id, caller)
        alert.label = alert.label or self._default_label(alert)
        self.book.add(alert)
        self.library.audit.record(
            caller, "alert_saved", {"alert": alert.id, "kind": kind, "label": alert.label}
        )
        return alert

    def alerts(self, caller: Any) -> list[Alert]:
        return self.book.of(self._owner(caller))

    def alert(self, alert_id: str, caller: Any) -> Alert | None:
        """One of the caller's alerts (None for someone else's, or none at all)."""
        alert = self.book.get(alert_id)
        return alert if alert is not None and alert.owner == self._owner(caller) else None

    def update(self, alert_id: str, changes: dict[str, Any], caller: Any) -> Alert | None:
        """Change an alert's label, frequency, e-mail, webhook, or whether it is active; a search's query,
        filters or mode (its vector is made again)."""
        alert = self.alert(alert_id, caller)
        if alert is None:
            return None
        allowed = {"label", "frequency", "email", "webhook", "active", "query", "filters", "mode"}
        if unknown := set(changes) - allowed:
            raise AlertError(
                f"cannot change {', '.join(sorted(unknown))}; can change: {', '.join(sorted(allowed))}"
            )
        if alert.kind != "search" and {"query", "filters", "mode"} & set(changes):
            raise AlertError("only a saved search has a query, filters and a mode")
        self._apply(alert, changes)
        if "active" in changes:
            alert.active = bool(changes["active"])
        if {"query", "filters", "mode"} & set(changes):
            self._prepare_search(
                alert,
                changes.get("query", alert.query),
                check_filters(changes.get("filters", alert.filters)),
                changes.get("mode", alert.mode),
            )
        self.book.save(alert)
        self.library.audit.record(caller, "alert_changed", {"alert": alert.id, "fields": sorted(changes)})
        return alert

    def delete(self, alert_id: str, caller: Any) -> bool:
        if self.alert(alert_id, caller) is None:
            return False
        self.book.remove(alert_id)
        self.library.audit.record(caller, "alert_deleted", {"alert": alert_id})
        return True

    def inbox(self, caller: Any, unread_only: bool = False, limit: int = 200) -> list[AlertHit]:
        """The caller's matches, newest first, only of documents they may see now."""
        ids = [a.id for a in self.alerts(caller)]
        hits = self.book.hits(ids, unread_only=unread_only, limit=limit)
        seen = self.library.visible({h.document_id for h in hits}, caller)
        return [h for h in hits if h.document_id in seen]

    def unread(self, caller: Any) -> int:
        if caller.name is None:
            return 0
        return len(self.inbox(caller, unread_only=True))

    def mark_read(
        self, caller: Any, alert_id: str | None = None, document_ids: list[str] | None = None
    ) -> int:
        ids = [a.id for a in self.alerts(caller) if alert_id is None or a.id == alert_id]
        return self.book.mark_read(ids, document_ids)

    def feed(self, alert_id: str, token: str, self_url: str) -> bytes | None:
        """The alert's Atom feed for whoever holds its token (a feed reader signs in with nothing else), with
        the documents its owner may see now; None for a wrong token or a disabled owner."""
        import hmac

        alert = self.book.get(alert_id)
        if alert is None or not token or not hmac.compare_digest(token, alert.feed_token):
            return None
        owner = self.library.accounts.caller_for(alert.owner)
        if owner is None:
            return None
        hits = self.book.hits([alert.id], limit=50)
        seen = self.library.visible({h.document_id for h in hits}, owner)
        return atom_feed(alert, [h for h in hits if h.document_id in seen], self.base_url, self_url)

    # --- the engine side ---
    def promoted(self, doc_ids: Iterable[str], at: datetime | None = None) -> int:
        """Match newly searchable documents against every active alert; the number of matches kept."""
        doc_ids = list(dict.fromkeys(doc_ids))
        if not doc_ids or not self.book.active():
            return 0
        at = at or now()
        kept = 0
        with self.library.switch.reading():
            store = self.library.kb.store
            for doc_id in doc_ids:
                passages, facets = passages_of(store, doc_id)
                if not passages:
                    continue
                doc = Incoming(doc_id, facets, passages)
                kept += self._keep(doc, self._matches(doc, store), at)
        if kept and self.on_match is not None:
            self.on_match()
        return kept

    def _matches(self, doc: Incoming, store: Any) -> list[Any]:
        searches = self.book.active("search")
        library = self.library
        lexicon = library.lexicon.get(store, library.kb.embedder, library.kb.changes)
        key = (tuple(a.id for a in searches), id(lexicon))
        if self._index is None or self._index[0] != key:
            self._index = (key, SearchIndex(searches, lexicon.idf if lexicon else None))
        matches = [m for m in match_searches(self._index[1], doc) if phrases_held(m.alert.query, doc)]
        drafts = usable_drafts(self.book.active("draft"), doc)
        if drafts:
            centres = CENTRES(store)
            drafts_key = tuple(a.id for a in drafts)
            if self._drafts is None or self._drafts[:2] != (drafts_key, id(centres)):
                self._drafts = (drafts_key, id(centres), DraftIndex(drafts, centres))
            matches += match_drafts(self._drafts[2], doc)
        if entity_alerts := self.book.active("entity"):
            matches += match_entities(entity_alerts, doc, mentioned(store, doc.doc_id))
        return matches

    def _keep(self, doc: Incoming, matches: list[Any], at: datetime) -> int:
        kept = 0
        owners: dict[str, Any] = {}
        for match in matches:
            alert = match.alert
            if stamp(at) < alert.created:
                continue  # saved after this document was promoted
            if alert.owner not in owners:
                owners[alert.owner] = self.library.accounts.caller_for(alert.owner)
            owner = owners[alert.owner]
            if owner is None or not self.library.visible([doc.doc_id], owner):
                continue
            if not self.book.record(alert.id, doc.doc_id, doc.title, match.evidence, at, self.cap):
                continue
            kept += 1
            self.library.audit.record(
                owner,
                "alert_matched",
                {"alert": alert.id, "document": doc.doc_id, "score": round(match.score, 3)},
            )
            if alert.frequency == "immediate":
                for channel in self._channels(alert):
                    self.book.queue(alert.id, channel, [doc.doc_id], at)
        return kept

    def run_due(self, at: datetime | None = None) -> dict[str, int]:
        """Queue the digests that are due and send every push that is due; what happened, counted."""
        at = at or now()
        counts = {"sent": 0, "failed": 0, "dropped": 0, "digests": 0}
        with self._sending:
            for alert in self.book.active():
                period = DIGEST_PERIOD.get(alert.frequency)
                if period is None or datetime.fromisoformat(alert.pushed) + period > at:
                    continue
                hits = self.book.hits([alert.id], since=alert.pushed, limit=1_000)
                if hits:
                    for channel in self._channels(alert):
                        self.book.queue(alert.id, channel, [h.document_id for h in reversed(hits)], at)
                    counts["digests"] += 1
                alert.pushed = stamp(at)
                self.book.save(alert)
            for push in self.book.due(at):
                counts[self._send(push, at)] += 1
        return counts

    def _send(self, push: Any, at: datetime) -> str:
        alert = self.book.get(push.alert_id)
        owner = self.library.accounts.caller_for(alert.owner) if alert is not None else None
        if alert is None or owner is None:
            self.book.sent(push.id)
            return "dropped"
        visible = self.library.visible(push.documents, owner)
        hits = [
            h
            for h in self.book.hits([alert.id], limit=5_000)
            if h.document_id in visible and h.document_id in push.documents
        ]
        if not hits:  # every document was shared away from the owner since it matched
            self.book.sent(push.id)
            return "dropped"
        try:
            if push.channel == "email":
                send_email(
                    self.smtp,
                    alert.email,
                    subject_of(alert, len(hits)),
                    email_body(alert, hits, self.base_url),
                )
            else:
                send_webhook(alert, webhook_body(alert, hits, self.base_url))
        except DeliveryError as exc:
            attempts = push.attempts + 1
            if attempts >= MAX_ATTEMPTS:
                self.book.sent(push.id)
                self.library.audit.record(
                    owner,
                    "alert_push_failed",
                    {"alert": alert.id, "channel": push.channel, "error": str(exc), "attempts": attempts},
                )
                return "failed"
            wait = self.retry_seconds * 2 ** (attempts - 1)
            self.book.retry(push.id, attempts, at + timedelta(seconds=wait), str(exc))
            log.warning(
                "alert %s: %s push failed (attempt %d, again in %.0f s): %s",
                alert.id,
                push.channel,
                attempts,
                wait,
                exc,
            )
            return "failed"
        self.book.sent(push.id)
        self.library.audit.record(
            owner,
            "alert_delivered",
            {"alert": alert.id, "channel": push.channel, "documents": [h.document_id for h in hits]},
        )
        return "sent"

    # --- helpers ---
    def _owner(self, caller: Any) -> str:
        if caller.name is None:
            raise AlertError("sign in to save alerts", "forbidden")
        return str(caller.name)

    @staticmethod
    def _channels(alert: Alert) -> list[str]:
        return [c for c in CHANNELS if getattr(alert, "email" if c == "email" else "webhook")]

    @staticmethod
    def _apply(alert: Alert, changes: dict[str, Any]) -> None:
        if "frequency" in changes:
            if changes["frequency"] not in FREQUENCIES:
                raise AlertError(f"unknown frequency {changes['frequency']!r}: immediate, daily or weekly")
            alert.frequency = changes["frequency"]
        if "email" in changes:
            email = str(changes["email"] or "").strip()
            if email and (len(email) > 254 or not EMAIL.match(email)):
                raise AlertError("not an e-mail address")
            alert.email = email
        if "webhook" in changes:
            url = str(changes["webhook"] or "").strip()
            try:
                alert.webhook = check_webhook_url(url) if url else ""
            except ValueError as exc:
                raise AlertError(str(exc)) from exc
        if "label" in changes:
            alert.label = " ".join(str(changes["label"] or "").split())[:MAX_LABEL]

    def _prepare_search(self, alert: Alert, query: str, filters: dict[str, Any], mode: str) -> None:
        query = (query or "").strip()
        if not query:
            raise AlertError("a saved search needs a query")
        if len(query) > MAX_QUERY_CHARS:
            raise AlertError(
                f"a saved search's query is at most {MAX_QUERY_CHARS} characters; "
                "follow a long text as a draft case"
            )
        if mode not in MODES:
            raise AlertError(f"unknown mode {mode!r}: hybrid, dense or bm25")
        text, _ = split_query(query)
        library = self.library
        with library.switch.reading():
            embedder = library.kb.embedder
            vector = embedder.embed([text or query], query=True)
            lexicon = (
                library.lexicon.get(library.kb.store, embedder, library.kb.changes)
                if mode == "hybrid"
                else None
            )
            expansions = lexicon.expansions(text, detect_query_language(text), embedder) if lexicon else {}
        alert.query, alert.filters, alert.mode = query, filters, mode
        alert.model, alert.vectors = embedder.model_id, vector[:1]
        alert.terms = {"words": query_words(text), "expansions": expansions}

    def _prepare_draft(self, alert: Alert, text: str, file_name: str, data: bytes, caller: Any) -> None:
        """The draft parsed and embedded as describe-your-case does, and its bar: the score of its
        DRAFT_RANK-th most comparable case in the base as the owner sees it now, so a new document alerts
        when it would enter the draft's first DRAFT_RANK comparable cases (and reaches DRAFT_MATCH)."""
        if not data:
            text = (text or "").strip()
            if not text:
                raise AlertError("a saved draft needs a text or a file")
            if len(text) > MAX_DRAFT_CHARS:
                raise AlertError(f"a draft is at most {MAX_DRAFT_CHARS} characters")
            data, file_name = text.encode("utf-8"), "draft.txt"
        settings = self.library.settings
        if len(data) > settings.max_file_mb * 1024 * 1024:
            raise AlertError(f"too large: the limit is {settings.max_file_mb} MB", "too_large")
        try:
            document, _ = build_document(
                Source(key=f"alert:{alert.id}", name=file_name or "draft", data=data)
            )
        except IngestError as exc:
            raise AlertError(f"the draft cannot be read: {exc}", exc.reason) from exc
        library = self.library
        with library.switch.reading():
            embedder = library.kb.embedder
            case = sample(draft_case(embedder, document.passages))
            if not case:
                raise AlertError("nothing to compare in the draft: it has no text")
            ranked = comparable_cases(
                library.kb.store,
                library.labeller,
                case,
                document.metadata,
                SimilarRequest(limit=DRAFT_RANK, evidence=1),
                access=caller.access,
            )
        import numpy as np

        alert.model = embedder.model_id
        alert.vectors = np.vstack([p.vector for p in case])
        bar = float(ranked[-1]["score"]) if len(ranked) >= DRAFT_RANK else 0.0
        alert.terms = {
            "languages": [p.language for p in case],
            "texts": [p.text[:600] for p in case],
            "bar": bar,
        }
        alert.facets = {
            k: document.metadata.get(k)
            for k in ("purpose", "sector", "countries")
            if document.metadata.get(k)
        }
        alert.query = " ".join(document.passages[0].text.split())[:200] if document.passages else ""

    def _prepare_entity(self, alert: Alert, entity_id: str, caller: Any) -> None:
        entity_id = (entity_id or "").strip()
        if not entity_id:
            raise AlertError("an entity alert needs an entity_id")
        key = entity_key(entity_id)
        found = entity(self.library.kb.store, key, caller.access) if key else None
        if key is None or found is None:
            raise AlertError(f"no entity {entity_id!r} in the documents you may see", "not_found")
        alert.entity_id = entity_id
        alert.terms = {"entity_key": key}
        alert.query = found.value

    @staticmethod
    def _default_label(alert: Alert) -> str:
        if alert.kind == "draft":
            return f"Draft: {alert.query[:80]}" if alert.query else "Draft case"
        return alert.query[:MAX_LABEL] or alert.entity_id

    def close(self) -> None:
        self.book.close()


def mentioned(store: Any, doc_id: str) -> dict[str, list[int]]:
    """Entity key -> the orders of the document's passages that mention it (index/entities.py keeps the
    keys on each passage)."""
    hits, _ = store.scroll(Where({"doc_id": doc_id, "state": LIVE}), limit=100_000)
    out: dict[str, list[int]] = {}
    for hit in hits:
        for key in hit.payload.get("entities") or []:
            out.setdefault(key, []).append(int(hit.payload.get("order", 0)))
    return out


def phrases_held(query: str, doc: Incoming) -> bool:
    """A saved search's quoted phrases (required in a search) must be in one of the document's passages."""
    _, phrases = split_query(query)
    if not phrases:
        return True
    texts = [fold(p.text) for p in doc.passages]
    return all(any(fold(phrase) in text for text in texts) for phrase in phrases)
