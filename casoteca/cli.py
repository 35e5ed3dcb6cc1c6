"""The command line: a thin shell over `Library`. Heavy libraries are imported only by the commands
that need them, so `casoteca --help` stays fast and never imports torch."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .accounts import Caller
    from .library import Library
    from .settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="casoteca", description="Case-study knowledge base with cited passages.")
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="parse files or folders (recursively) into documents")
    ingest.add_argument("paths", nargs="+", type=Path)
    ingest.add_argument("--json", action="store_true", help="print the report as JSON")

    delete = commands.add_parser("delete", help="remove a document by id or by its file path")
    delete.add_argument("target")

    commands.add_parser("documents", help="list the documents in the knowledge base")

    search = commands.add_parser("search", help="hybrid search: passages that answer QUERY, with citations")
    search.add_argument("query", help='what to look for; put "exact phrases" in double quotes')
    search.add_argument("--country", action="append", default=[], help="repeat for several")
    search.add_argument("--year-from", type=int)
    search.add_argument("--year-to", type=int)
    search.add_argument("--kind", action="append", default=[],
                        help="judgment, law, report, guide, case_brief, news, data, other")
    search.add_argument("--language", action="append", default=[], help="passage language: es, pt, en")
    search.add_argument("--exploitation", action="append", default=[],
                        help="form of exploitation, e.g. forced_labour, sexual_exploitation")
    search.add_argument("--court", action="append", default=[], help="a judgment's court, as the facet lists it")
    search.add_argument("--outcome", action="append", default=[], choices=("conviction", "acquittal", "other"))
    search.add_argument("--offence", action="append", default=[], help="an offence as the judgment names it")
    search.add_argument("--case-number", action="append", default=[], help="a judgment's case number as printed")
    search.add_argument("--limit", type=int, default=10, help="documents per page")
    search.add_argument("--offset", type=int, default=0, help="documents skipped (the next page: offset + limit)")
    search.add_argument("--per-document", type=int, help="at most this many passages of one document")
    search.add_argument("--mode", choices=("hybrid", "dense", "bm25"), default="hybrid")
    search.add_argument("--json", action="store_true", help="print hits and facets as JSON")

    similar = commands.add_parser("similar", help="cases comparable to a document of the base, or to a draft file")
    similar.add_argument("document", nargs="?", help="a document id (see `casoteca documents`)")
    similar.add_argument("--file", type=Path, help="a draft case not in the base (any format ingest reads)")
    similar.add_argument("--country", action="append", default=[], help="repeat for several")
    similar.add_argument("--year-from", type=int)
    similar.add_argument("--year-to", type=int)
    similar.add_argument("--kind", action="append", default=[])
    similar.add_argument("--language", action="append", default=[])
    similar.add_argument("--exploitation", action="append", default=[])
    similar.add_argument("--limit", type=int, default=10)
    similar.add_argument("--evidence", type=int, default=3, help="passage pairs shown per case")
    similar.add_argument("--json", action="store_true")

    users = commands.add_parser("users", help="manage users, offices and API keys (works while serving)")
    user_commands = users.add_subparsers(dest="action", required=True)
    add = user_commands.add_parser("add", help="add a user; the password is read from the terminal or stdin")
    add.add_argument("name")
    add.add_argument("--office", required=True, help="the user's office (made if new)")
    add.add_argument("--role", choices=("reader", "editor", "admin"), default="reader")
    user_commands.add_parser("list", help="users and their offices and roles")
    for action, text in (("disable", "stop a user signing in (signs them out everywhere)"),
                         ("enable", "let a disabled user sign in again"),
                         ("unlock", "lift the wait after too many wrong passwords (sign-in throttling)")):
        user_commands.add_parser(action, help=text).add_argument("name")
    password = user_commands.add_parser("password", help="set a new password (signs the user out everywhere and "
                                                         "revokes their API keys)")
    password.add_argument("name")
    password.add_argument("--keep-keys", action="store_true", help="keep the user's API keys")
    user_commands.add_parser("locks", help="accounts and addresses that must wait before signing in again")
    role = user_commands.add_parser("role", help="change a user's role")
    role.add_argument("name")
    role.add_argument("role", choices=("reader", "editor", "admin"))
    key = user_commands.add_parser("key", help="make an API key for a user (printed once)")
    key.add_argument("name")
    key.add_argument("--label", default="")
    user_commands.add_parser("revoke", help="revoke an API key by its id").add_argument("key_id")
    office = user_commands.add_parser("office", help="add an office, or set its country")
    office.add_argument("name")
    office.add_argument("--country", default="")
    user_commands.add_parser("offices", help="list the offices")

    audit = commands.add_parser("audit", help="read or verify the audit trail")
    audit.add_argument("--verify", action="store_true", help="check the seals, the chain and the checkpoint of the "
                                                             "log; say what kind of tampering was found and where")
    audit.add_argument("--limit", type=int, default=50)
    audit.add_argument("--json", action="store_true")

    migrate = commands.add_parser("migrate", help="copy the embedded index into a Qdrant server or cluster "
                                                   "(resumable; stop the server first)")
    migrate.add_argument("--to", required=True, metavar="URL", help="e.g. https://qdrant.example.org:6333")
    migrate.add_argument("--collection", default="casoteca", help="the name (an alias) to create there")
    migrate.add_argument("--api-key", default="", help="or CASOTECA_QDRANT_API_KEY")

    reindex = commands.add_parser("reindex", help="embed every passage again (after changing the model) into a "
                                                  "new index, then switch to it; while serving, use "
                                                  "POST /api/admin/reindex")
    reindex.add_argument("--model", help="the model to embed with (default: the configured one, CASOTECA_MODEL)")
    reindex.add_argument("--reparse", action="store_true", help="parse and chunk every document again from its "
                                                                "kept original (after a change of parsers or chunking)")
    optimize = commands.add_parser("optimize", help="build the vector index (HNSW) of the embedded store in a "
                                                     "separate process and swap it in (worth it beyond about 100k "
                                                     "passages; while serving, use POST /api/admin/optimize)")
    optimize.add_argument("--quantize", action="store_true", help="also int8 scalar quantization")

    serve = commands.add_parser("serve", help="serve the web app and the JSON API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)

    args = parser.parse_args(argv)
    from index.store import StoreError

    from .settings import Settings

    try:
        return run(args, Settings())
    except (OSError, ValueError, StoreError) as exc:  # settings, data folder or index problems: one clean line
        print(f"casoteca: error: {exc}", file=sys.stderr)
        return 2


def run(args: argparse.Namespace, settings: Settings) -> int:
    from .library import Library

    if args.command == "migrate":
        from .library import migrate_to

        started = time.monotonic()
        report = migrate_to(settings, args.to, args.collection, args.api_key or settings.qdrant_api_key or None,
                            progress=lambda n: print(f"\r{n} points copied", end="", file=sys.stderr))
        print(f"\n{report.copied} points copied in {time.monotonic() - started:.1f} s"
              + (f" (resumed at {report.resumed_from})" if report.resumed_from else ""))
        print(f"source {report.source_points} points, target {report.target_points}; {report.sampled} sampled "
              "points compared: " + ("identical" if report.verified else "DIFFERENT"))
        if report.verified:
            print(f"to use it: CASOTECA_QDRANT_URL={args.to} CASOTECA_QDRANT_COLLECTION={args.collection}")
        return 0 if report.verified else 1
    if args.command in ("users", "audit"):
        from .cli_admin import audit_command, users_command

        return (users_command if args.command == "users" else audit_command)(settings, args)
    if args.command == "serve":
        import uvicorn

        from .app import create_app

        # proxy_headers off: uvicorn would believe X-Forwarded-For from whatever FORWARDED_ALLOW_IPS names
        # (127.0.0.1 by default, "*" in some deployments); the app reads it only from CASOTECA_TRUSTED_PROXIES.
        uvicorn.run(create_app(settings), host=args.host, port=args.port, proxy_headers=False,
                    server_header=False)
        return 0
    library = Library(settings)
    try:
        return run_on(library, args)
    finally:
        library.close()


def run_on(library: Library, args: argparse.Namespace) -> int:
    from .accounts import CLI as caller  # the command line is the machine's owner: it sees everything
    from .library import ReportLine, report_json


    if args.command == "ingest":
        started = time.monotonic()
        passages = 0
        bar = None
        if sys.stderr.isatty() and not args.json:
            from tqdm import tqdm

            bar = tqdm(unit=" files", file=sys.stderr)

        def progress(line: ReportLine) -> None:
            nonlocal passages
            passages += line.passages
            assert bar is not None
            elapsed = max(time.monotonic() - started, 1e-6)
            bar.set_postfix_str(f"{passages / elapsed:.1f} passages/s")
            bar.update(1)

        report = library.ingest_paths(args.paths, progress if bar is not None else None)
        if bar is not None:
            bar.close()
        if args.json:
            print(report_json(report))
        else:
            for line in report:
                detail = line.error if line.status == "failed" else f"{line.passages} passages"
                if line.status == "duplicate":
                    detail = f'already in the base as "{line.title}" ({line.document_id})'
                    if line.corrected:
                        detail += f"; told {', '.join(line.corrected)} applied as corrections"
                    if line.note:
                        detail += f"; {line.note}"
                print(f"{line.status:9} {line.path}: {detail}")
            totals = {s: sum(1 for r in report if r.status == s)
                      for s in ("added", "updated", "unchanged", "duplicate", "failed")}
            print(", ".join(f"{n} {s}" for s, n in totals.items()) + f" in {time.monotonic() - started:.1f} s")
        return 1 if any(line.status == "failed" for line in report) else 0

    if args.command == "delete":
        if library.delete(args.target):
            print(f"deleted {args.target}")
            return 0
        print(f"casoteca: error: no document {args.target!r}", file=sys.stderr)
        return 1

    if args.command == "reindex":
        count, kept = library.reindex(args.model, reparse=args.reparse)
        model = args.model or library.settings.model
        print(f"reindexed {count} passages with {model}" + (", every document parsed again" if args.reparse else ""))
        for line in kept:
            print(f"  kept as it was (could not parse again): {line}")
        if model != library.settings.model:
            print(f"set CASOTECA_MODEL={model} for the next start")
        return 0

    if args.command == "optimize":
        from index.store import EdgeStore

        started = time.monotonic()
        store = library.kb.store
        if not isinstance(store, EdgeStore):
            print("a Qdrant server builds its indexes itself: nothing to do")
            return 0
        built = store.rebuild_elsewhere(quantize=args.quantize)
        print(f"index built in {built:.1f} s, swapped in; {time.monotonic() - started:.1f} s in all")
        return 0

    if args.command == "documents":
        for doc in library.summaries(caller=caller):
            print(f"{doc['id']}  {doc['language']}  {doc['media_type']:5} {doc['passages']:3}  {doc['title']}")
        return 0

    if args.command == "similar":
        return similar_command(library, args, caller)

    if args.command == "search":
        from index.search import SearchRequest

        request = SearchRequest(
            args.query, countries=args.country, year_from=args.year_from, year_to=args.year_to, kinds=args.kind,
            languages=args.language, exploitation=args.exploitation, courts=args.court, outcomes=args.outcome,
            offences=args.offence, case_numbers=args.case_number, limit=args.limit, offset=max(args.offset, 0),
            per_document=args.per_document or library.settings.per_document, mode=args.mode)
        result = library.search(request, caller=caller)
        if args.json:
            print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
            return 0
        if result.truncated:
            print("note: the text is very long; only its beginning was searched")
        for n, hit in enumerate(result.hits, result.offset + 1):
            pages = f"p. {hit.page_start}" if hit.page_start == hit.page_end else f"pp. {hit.page_start}-{hit.page_end}"
            where = ", ".join(hit.countries) + (f" {hit.year}" if hit.year else "")
            print(f"{n}. {hit.title} ({where}), {pages} [{hit.language}] score {hit.score:.2f}")
            print(f"   {hit.document_id}#p{hit.order}")
            print(textwrap.indent(textwrap.shorten(hit.text, 400), "   "))
            if hit.more_count:
                print(f"   + {hit.more_count} more passages in this document")
        if not result.hits:
            print("no passage matches: try other words, a sentence describing the case, or fewer filters")
        elif result.offset + len(result.hits) < result.total:
            print(f"({result.total} documents; next page: --offset {result.offset + args.limit})")
        return 0
    return 2


def similar_command(library: Library, args: argparse.Namespace, caller: Caller) -> int:
    from index.similar import SimilarRequest
    from ingest.pipeline import IngestError

    request = SimilarRequest(countries=args.country, year_from=args.year_from, year_to=args.year_to,
                             kinds=args.kind, languages=args.language, exploitation=args.exploitation,
                             limit=args.limit, evidence=args.evidence)
    if (args.document is None) == (args.file is None):
        print("casoteca: error: give a document id or --file, not both", file=sys.stderr)
        return 2
    if args.file is not None:
        try:
            cases = library.similar_to_draft(args.file.name, args.file.read_bytes(), request, caller=caller)
        except IngestError as exc:
            print(f"casoteca: error: {args.file}: {exc}", file=sys.stderr)
            return 1
    else:
        found = library.similar(args.document, request, caller=caller)
        if found is None:
            print(f"casoteca: error: no document {args.document!r}", file=sys.stderr)
            return 1
        cases = found
    if args.json:
        print(json.dumps({"cases": cases}, ensure_ascii=False, indent=2))
        return 0
    for n, case in enumerate(cases, 1):
        where = ", ".join(case["countries"]) + (f" {case['year']}" if case["year"] else "")
        print(f"{n}. {case['title']} ({where}) score {case['score']:.3f}  {case['document_id']}")
        shared = "; ".join(f"{k}: {', '.join(v)}" for k, v in case["shared"].items() if v)
        if shared:
            print(f"   shared: {shared}")
        for pair in case["evidence"]:
            print(f"   [{pair['aspect'] or 'general'}] {pair['score']:.2f}")
            print(textwrap.indent(textwrap.shorten(pair["query_passage"]["text"], 160), "     this: "))
            print(textwrap.indent(textwrap.shorten(pair["match_passage"]["text"], 160), "     that: "))
    if not cases:
        print("no comparable cases found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
