"""`casoteca entities`: find entities by any written form, or show where one appears."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from service.access import Caller
    from service.library import Library


def add_parser(commands: argparse._SubParsersAction) -> None:
    entities = commands.add_parser(
        "entities", help="phones, accounts, ids, people... named in several documents"
    )
    entities.add_argument(
        "query",
        nargs="?",
        default="",
        help='any written form, e.g. "0981 123 456"; none lists the most widespread',
    )
    entities.add_argument("--type", help="phone, email, url, social, account, id, place, person or org")
    entities.add_argument("--show", metavar="ID", help="every passage that names the entity with this id")
    entities.add_argument("--json", action="store_true", help="print as JSON")


def entities_command(library: Library, args: argparse.Namespace, caller: Caller) -> int:
    from service import entities

    if args.show:
        found = entities.show(library, args.show, caller=caller)
        if found is None:
            print(f"casoteca: error: no entity {args.show!r}", file=sys.stderr)
            return 1
        if args.json:
            print(json.dumps(asdict(found), ensure_ascii=False, indent=2))
            return 0
        print(f"{found.label} ({found.type}, {found.value}): {', '.join(found.countries)}")
        for mention in found.mentions:
            pages = (
                f"p. {mention.page_start}"
                if mention.page_start == mention.page_end
                else f"pp. {mention.page_start}-{mention.page_end}"
            )
            print(f"  {mention.title} ({mention.document_id}), {pages}: {mention.written}")
        return 0
    try:
        found_list = entities.find(library, args.query, args.type, caller=caller)
    except entities.UnknownType as exc:
        print(f"casoteca: error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"entities": [asdict(e) for e in found_list]}, ensure_ascii=False, indent=2))
        return 0
    for e in found_list:
        print(f"{e.id}  {e.type:7} {e.documents:3} docs  {', '.join(e.countries):30}  {e.label}")
    if not found_list:
        print("no entity matches")
    return 0
