"""`casoteca alerts list|run`: the operators' view of saved alerts, and sending what is due now (the server
does this by itself every `alerts_poll_seconds`; `run` is for a base no server is running on)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .settings import Settings


def alerts_command(settings: Settings, args: argparse.Namespace) -> int:
    if args.action == "list":
        from service.alerts import AlertBook

        book = AlertBook(settings.data_dir / "alerts.db")
        try:
            alerts = book.active() if not args.all else [a for owner in book.owners() for a in book.of(owner)]
            rows = [
                {**a.view(), "owner": a.owner, "matches": len(book.hits([a.id], limit=100_000))}
                for a in alerts
            ]
            if args.json:
                print(
                    json.dumps(
                        {
                            "alerts": [
                                {k: v for k, v in r.items() if k not in ("webhook_secret", "feed_token")}
                                for r in rows
                            ],
                            "pending_pushes": book.pending(),
                        },
                        ensure_ascii=False,
                    )
                )
            else:
                for r in rows:
                    channels = ", ".join(c for c in ("email", "webhook") if r[c]) or "inbox only"
                    print(
                        f"{r['id']}  {r['owner']:16} {r['kind']:6} {r['frequency']:9} {r['matches']:5} matches  "
                        f"{channels:16} {r['label'][:60]}{'' if r['active'] else '  (paused)'}"
                    )
                print(f"{len(rows)} alerts, {book.pending()} pushes waiting")
        finally:
            book.close()
        return 0
    from service.library import Library

    library = Library(settings)
    try:
        counts = library.alerts.run_due()
    finally:
        library.close()
    print(", ".join(f"{n} {what}" for what, n in counts.items()))
    return 0
