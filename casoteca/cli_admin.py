"""The command line's admin commands, `casoteca users ...` and `casoteca audit ...`: they work on the
accounts database, the sign-in throttle and the audit trail only, so they run while `casoteca serve` holds
the index. Every change they make is audited as the user `cli`. One function per action."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from service.accounts import Accounts

    from .settings import Settings

UserAction = Callable[["Settings", "Accounts", argparse.Namespace], int]


def read_password() -> str:
    """From the terminal (asked twice), or the first line of standard input (scripts)."""
    import getpass

    from service.accounts import AccountError

    if sys.stdin.isatty():
        first = getpass.getpass("password: ")
        if first != getpass.getpass("again: "):
            raise AccountError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\n")


def audited(settings: Settings, action: str, detail: dict[str, object]) -> None:
    from service.access import CLI
    from service.audit import Audit

    Audit.for_settings(settings).record(CLI, action, detail)


def add_user(settings: Settings, accounts: Accounts, args: argparse.Namespace) -> int:
    accounts.add_user(args.name, read_password(), args.office, args.role)
    print(f"added {args.name} ({args.role}, {args.office})")
    return 0


def list_users(settings: Settings, accounts: Accounts, args: argparse.Namespace) -> int:
    for user in accounts.users():
        print(
            f"{user['name']:20} {user['role']:7} {user['office']}{'  (disabled)' if user['disabled'] else ''}"
        )
    return 0


def enable_or_disable(settings: Settings, accounts: Accounts, args: argparse.Namespace) -> int:
    accounts.change_user(args.name, disabled=args.action == "disable")
    print(f"{args.action}d {args.name}")
    return 0


def set_password(settings: Settings, accounts: Accounts, args: argparse.Namespace) -> int:
    revoked = accounts.change_user(args.name, password=read_password(), keep_keys=args.keep_keys)
    audited(settings, "user_change", {"name": args.name, "password": "changed", **revoked})
    print(
        f"new password set for {args.name}: {revoked['sessions_closed']} sessions closed, "
        f"{revoked['keys_revoked']} API keys revoked"
    )
    return 0


def show_locks(settings: Settings, accounts: Accounts, args: argparse.Namespace) -> int:
    from service.throttle import SignInThrottle

    throttle = SignInThrottle(settings.data_dir / "accounts.db")
    try:
        for lock in throttle.locks():
            print(f"{lock.key:40} {lock.failures:4} wrong  {lock.wait:7.0f} s to wait")
    finally:
        throttle.close()
    return 0


def unlock(settings: Settings, accounts: Accounts, args: argparse.Namespace) -> int:
    from service.throttle import SignInThrottle

    throttle = SignInThrottle(settings.data_dir / "accounts.db")
    try:
        found = throttle.unlock(args.name)
    finally:
        throttle.close()
    audited(settings, "sign_in_unlock", {"name": args.name, "was_locked": found})
    print(f"unlocked {args.name}" if found else f"{args.name} had no failed sign-ins to clear")
    return 0


def set_role(settings: Settings, accounts: Accounts, args: argparse.Namespace) -> int:
    accounts.change_user(args.name, role=args.role)
    print(f"{args.name} is now {args.role}")
    return 0


def new_key(settings: Settings, accounts: Accounts, args: argparse.Namespace) -> int:
    key_id, key = accounts.new_api_key(args.name, args.label)
    print(f"API key {key_id} for {args.name} (shown once, keep it safe):\n{key}")
    return 0


def add_office(settings: Settings, accounts: Accounts, args: argparse.Namespace) -> int:
    accounts.add_office(args.name, args.country)
    print(f"office {args.name}" + (f" ({args.country})" if args.country else ""))
    return 0


def list_offices(settings: Settings, accounts: Accounts, args: argparse.Namespace) -> int:
    for item in accounts.offices():
        print(f"{item['name']:40} {item['country']}")
    return 0


def revoke_key(settings: Settings, accounts: Accounts, args: argparse.Namespace) -> int:
    if not accounts.revoke_api_key(args.key_id):
        print(f"casoteca: error: no active API key {args.key_id!r}", file=sys.stderr)
        return 1
    print(f"revoked {args.key_id}")
    return 0


USER_ACTIONS: dict[str, UserAction] = {
    "add": add_user,
    "list": list_users,
    "disable": enable_or_disable,
    "enable": enable_or_disable,
    "password": set_password,
    "locks": show_locks,
    "unlock": unlock,
    "role": set_role,
    "key": new_key,
    "office": add_office,
    "offices": list_offices,
    "revoke": revoke_key,
}


def users_command(settings: Settings, args: argparse.Namespace) -> int:
    """Accounts live in their own SQLite file, so these work while `casoteca serve` holds the index."""
    from service.accounts import AccountError, Accounts

    accounts = Accounts(settings.data_dir / "accounts.db")
    try:
        return USER_ACTIONS[args.action](settings, accounts, args)
    except AccountError as exc:
        print(f"casoteca: error: {exc}", file=sys.stderr)
        return 1
    finally:
        accounts.close()


def audit_command(settings: Settings, args: argparse.Namespace) -> int:
    from service.audit import Audit

    log = Audit.for_settings(settings)
    if args.verify:
        from service.audit_check import check

        result = check(log)
        if result.intact:
            print(result.message)
            return 0
        print(
            f"TAMPERED ({', '.join(result.kinds)}): {len(result.problems)} problems in {result.events} lines"
            + (f"; sealed from line {result.sealed_from}" if result.sealed_from else "")
        )
        for problem in result.problems[:50]:
            print(f"  {problem.kind}: {problem.text}")
        return 1
    events = log.read(args.limit)
    if args.json:
        print(json.dumps({"events": events}, ensure_ascii=False, indent=2))
    else:
        for e in events:
            print(
                f"{e.get('at')}  {e.get('user')!s:16} {e.get('ip')!s:15} {e.get('action')!s:16} "
                f"{json.dumps(e.get('detail'), ensure_ascii=True)[:120]}"
            )
    return 0
