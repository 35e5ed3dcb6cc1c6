"""The command line: a thin shell over `Library`. Heavy libraries are imported only by the commands
that need them, so `casoteca --help` stays fast and never imports torch."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="casoteca", description="Case-study knowledge base with cited passages.")
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="parse files or folders (recursively) into documents")
    ingest.add_argument("paths", nargs="+", type=Path)
    ingest.add_argument("--json", action="store_true", help="print the report as JSON")

    delete = commands.add_parser("delete", help="remove a document by id or by its file path")
    delete.add_argument("target")

    commands.add_parser("documents", help="list the documents in the knowledge base")

    serve = commands.add_parser("serve", help="serve the web app and the JSON API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)

    args = parser.parse_args(argv)
    from .library import Library, ReportLine, report_json
    from .settings import Settings

    try:
        library = Library(Settings())
    except (OSError, ValueError) as exc:  # settings or data folder problems: one clean line, non-zero exit
        print(f"casoteca: error: {exc}", file=sys.stderr)
        return 2

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
                print(f"{line.status:9} {line.path}: {detail}")
            totals = {s: sum(1 for r in report if r.status == s) for s in ("added", "updated", "unchanged", "failed")}
            print(", ".join(f"{n} {s}" for s, n in totals.items()) + f" in {time.monotonic() - started:.1f} s")
        return 1 if any(line.status == "failed" for line in report) else 0

    if args.command == "delete":
        if library.delete(args.target):
            print(f"deleted {args.target}")
            return 0
        print(f"casoteca: error: no document {args.target!r}", file=sys.stderr)
        return 1

    if args.command == "serve":
        import uvicorn

        from .app import create_app

        uvicorn.run(create_app(library.settings), host=args.host, port=args.port)
        return 0

    if args.command == "documents":
        for doc in library.all():
            print(f"{doc['id']}  {doc['language']}  {doc['media_type']:5} {len(doc['passages']):3}  {doc['title']}")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
