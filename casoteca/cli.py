"""The command line: a thin shell over the service, one function per command. Heavy libraries are
imported only by the commands that need them, so `casoteca --help` stays fast and never imports torch.

Every failure the service can name (`ServiceError`, a store that is locked or holds another model, a
setting or an option that does not fit, a file that cannot be read) is one line on standard error,
`casoteca: error: ...`, and exit status 2 (1 when a command ran but something it did failed)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from .cli_parser import build_parser

if TYPE_CHECKING:
    from .settings import Settings


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from pydantic import ValidationError

    from service.errors import ServiceError, StoreError
    from service.field_errors import InvalidRequest

    from .logs import configure_logging
    from .settings import Settings

    try:
        settings = Settings()
        configure_logging(settings.log_level)
        return run(args, settings)
    except ValidationError as exc:  # a setting or an option: say which, in one line
        first = exc.errors()[0]
        found = (first.get("ctx") or {}).get("error")
        if isinstance(found, InvalidRequest):  # filter values the service does not know: its own words
            print(f"casoteca: error: {found}", file=sys.stderr)
            return 2
        where = ".".join(str(part) for part in first.get("loc", ())) or exc.title
        print(f"casoteca: error: {where}: {first.get('msg')}", file=sys.stderr)
        return 2
    except (ServiceError, StoreError, OSError) as exc:  # the data folder, the index, what was asked
        print(f"casoteca: error: {exc}", file=sys.stderr)
        return 2


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run one command: those that need no open index first (they work while a server holds it)."""
    if args.command in WITHOUT_LIBRARY:
        return WITHOUT_LIBRARY[args.command](settings, args)
    from service.library import Library

    from .cli_library import COMMANDS

    library = Library(settings)
    try:
        return COMMANDS[args.command](library, args)
    finally:
        library.close()


def migrate_command(settings: Settings, args: argparse.Namespace) -> int:
    from service.rebuild import migrate_to

    started = time.monotonic()
    report = migrate_to(
        settings,
        args.to,
        args.collection,
        args.api_key or settings.qdrant_api_key or None,
        progress=lambda n: print(f"\r{n} points copied", end="", file=sys.stderr),
    )
    print(
        f"\n{report.copied} points copied in {time.monotonic() - started:.1f} s"
        + (f" (resumed at {report.resumed_from})" if report.resumed_from else "")
    )
    print(
        f"source {report.source_points} points, target {report.target_points}; {report.sampled} sampled "
        "points compared: " + ("identical" if report.verified else "DIFFERENT")
    )
    if report.verified:
        print(f"to use it: CASOTECA_QDRANT_URL={args.to} CASOTECA_QDRANT_COLLECTION={args.collection}")
    return 0 if report.verified else 1


def serve_command(settings: Settings, args: argparse.Namespace) -> int:
    from .supervise import serve, serve_one

    if args.role is not None:  # a process the supervisor started
        return serve_one(settings, args.host, args.port, args.role, args.fd, args.replica)
    return serve(settings, args.host, args.port, args.workers)


def users_command(settings: Settings, args: argparse.Namespace) -> int:
    from .cli_admin import users_command as run_users

    return run_users(settings, args)


def audit_command(settings: Settings, args: argparse.Namespace) -> int:
    from .cli_admin import audit_command as run_audit

    return run_audit(settings, args)


def alerts_command(settings: Settings, args: argparse.Namespace) -> int:
    from .cli_alerts import alerts_command as run_alerts

    return run_alerts(settings, args)


WITHOUT_LIBRARY: dict[str, Callable[[Settings, argparse.Namespace], int]] = {
    "alerts": alerts_command,
    "migrate": migrate_command,
    "serve": serve_command,
    "users": users_command,
    "audit": audit_command,
}


if __name__ == "__main__":
    sys.exit(main())
