"""The commands that open the index: ingest, delete, documents, search, similar, reindex, optimize. Each
is one function over the service, run as the command line's caller (`CLI`: the machine's owner, who sees
everything)."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import asdict

from service.access import CLI
from service.errors import ServiceError
from service.filters import SearchParams, SimilarParams, from_args
from service.library import Library
from service.report import ReportLine, report_json

STATUSES = ("added", "updated", "unchanged", "duplicate", "failed")


def ingest_command(library: Library, args: argparse.Namespace) -> int:
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
    library.alerts.run_due()  # e-mails and webhooks of the alerts the new documents matched
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
        totals = {s: sum(1 for r in report if r.status == s) for s in STATUSES}
        print(", ".join(f"{n} {s}" for s, n in totals.items()) + f" in {time.monotonic() - started:.1f} s")
    return 1 if any(line.status == "failed" for line in report) else 0


def delete_command(library: Library, args: argparse.Namespace) -> int:
    if library.delete(args.target):
        print(f"deleted {args.target}")
        return 0
    print(f"casoteca: error: no document {args.target!r}", file=sys.stderr)
    return 1


def documents_command(library: Library, args: argparse.Namespace) -> int:
    for doc in library.summaries(caller=CLI):
        print(f"{doc.id}  {doc.language}  {doc.media_type:5} {doc.passages:3}  {doc.title}")
    return 0


def search_command(library: Library, args: argparse.Namespace) -> int:
    params: SearchParams = from_args(SearchParams, args)
    result = library.search(params, caller=CLI)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return 0
    if result.truncated:
        print("note: the text is very long; only its beginning was searched")
    for n, hit in enumerate(result.hits, result.offset + 1):
        pages = (
            f"p. {hit.page_start}"
            if hit.page_start == hit.page_end
            else f"pp. {hit.page_start}-{hit.page_end}"
        )
        where = ", ".join(hit.countries) + (f" {hit.year}" if hit.year else "")
        print(f"{n}. {hit.title} ({where}), {pages} [{hit.language}] score {hit.score:.2f}")
        print(f"   {hit.document_id}#p{hit.order}")
        print(textwrap.indent(textwrap.shorten(hit.text, 400), "   "))
        if hit.more_count:
            print(f"   + {hit.more_count} more passages in this document")
    if not result.hits:
        print("no passage matches: try other words, a sentence describing the case, or fewer filters")
    elif result.offset + len(result.hits) < result.total:
        print(f"({result.total} documents; next page: --offset {result.offset + params.limit})")
    return 0


def similar_command(library: Library, args: argparse.Namespace) -> int:
    if (args.document is None) == (args.file is None):
        print("casoteca: error: give a document id or --file, not both", file=sys.stderr)
        return 2
    request = from_args(SimilarParams, args).request()
    if args.file is not None:
        try:
            cases = library.similar_to_draft(args.file.name, args.file.read_bytes(), request, caller=CLI)
        except ServiceError as exc:  # Unreadable: a draft that cannot be read
            print(f"casoteca: error: {args.file}: {exc}", file=sys.stderr)
            return 1
    else:
        found = library.similar(args.document, request, caller=CLI)
        if found is None:
            print(f"casoteca: error: no document {args.document!r}", file=sys.stderr)
            return 1
        cases = found
    if args.json:
        print(json.dumps({"cases": [asdict(case) for case in cases]}, ensure_ascii=False, indent=2))
        return 0
    for n, case in enumerate(cases, 1):
        where = ", ".join(case.countries) + (f" {case.year}" if case.year else "")
        print(f"{n}. {case.title} ({where}) score {case.score:.3f}  {case.document_id}")
        shared = "; ".join(f"{k}: {', '.join(v)}" for k, v in case.shared.items() if v)
        if shared:
            print(f"   shared: {shared}")
        for pair in case.evidence:
            print(f"   [{pair.aspect or 'general'}] {pair.score:.2f}")
            print(textwrap.indent(textwrap.shorten(pair.query_passage.text, 160), "     this: "))
            print(textwrap.indent(textwrap.shorten(pair.match_passage.text, 160), "     that: "))
    if not cases:
        print("no comparable cases found")
    return 0


def reindex_command(library: Library, args: argparse.Namespace) -> int:
    done = library.rebuild_model(args.model, reparse=args.reparse)
    model = args.model or library.settings.model
    print(
        f"reindexed {done.passages} passages with {model}"
        + (", every document parsed again" if args.reparse else "")
    )
    for line in done.kept_unparsed:
        print(f"  kept as it was (could not parse again): {line}")
    if model != library.settings.model:
        print(f"set CASOTECA_MODEL={model} for the next start")
    return 0


def optimize_command(library: Library, args: argparse.Namespace) -> int:
    started = time.monotonic()
    done = library.optimize(args.quantize)
    if done is None:
        print("a Qdrant server builds its indexes itself: nothing to do")
        return 0
    print(f"index built in {done.built_seconds:.1f} s, swapped in; {time.monotonic() - started:.1f} s in all")
    return 0


def entities_command(library: Library, args: argparse.Namespace) -> int:
    from service.access import CLI

    from .cli_entities import entities_command as run_entities

    return run_entities(library, args, CLI)


COMMANDS: dict[str, Callable[[Library, argparse.Namespace], int]] = {
    "ingest": ingest_command,
    "delete": delete_command,
    "documents": documents_command,
    "search": search_command,
    "similar": similar_command,
    "reindex": reindex_command,
    "optimize": optimize_command,
    "entities": entities_command,
}
