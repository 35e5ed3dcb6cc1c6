"""The command line's admin commands, `casoteca users ...` and `casoteca audit ...`: they work on the
accounts database, the sign-in throttle and the audit trail only, so they run while `casoteca serve` holds
the index. Every change they make is audited as the user `cli`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .settings import Settings


def users_command(settings: Settings, args: argparse.Namespace) -> int:
    """Accounts live in their own SQLite file, so these work while `casoteca serve` holds the index."""
    import getpass

    from .accounts import CLI, AccountError, Accounts
    from .audit import Audit
    from .throttle import SignInThrottle

    def read_password() -> str:
        if sys.stdin.isatty():
            first = getpass.getpass("password: ")
            if first != getpass.getpass("again: "):
                raise AccountError("the two passwords differ")
            return first
        return sys.stdin.readline().rstrip("\n")

    accounts = Accounts(settings.data_dir / "accounts.db")
    try:
        if args.action == "add":
            accounts.add_user(args.name, read_password(), args.office, args.role)
            print(f"added {args.name} ({args.role}, {args.office})")
        elif args.action == "list":
            for user in accounts.users():
                print(f"{user['name']:20} {user['role']:7} {user['office']}{'  (disabled)' if user['disabled'] else ''}")
        elif args.action in ("disable", "enable"):
            accounts.change_user(args.name, disabled=args.action == "disable")
            print(f"{args.action}d {args.name}")
        elif args.action == "password":
            revoked = accounts.change_user(args.name, password=read_password(), keep_keys=args.keep_keys)
            Audit.for_settings(settings).record(CLI, "user_change", {"name": args.name, "password": "changed",
                                                                     **revoked})
            print(f"new password set for {args.name}: {revoked['sessions_closed']} sessions closed, "
                  f"{revoked['keys_revoked']} API keys revoked")
        elif args.action in ("unlock", "locks"):
            throttle = SignInThrottle(settings.data_dir / "accounts.db")
            try:
                if args.action == "locks":
                    for lock in throttle.locks():
                        print(f"{lock.key:40} {lock.failures:4} wrong  {lock.wait:7.0f} s to wait")
                else:
                    found = throttle.unlock(args.name)
                    Audit.for_settings(settings).record(CLI, "sign_in_unlock", {"name": args.name, "was_locked": found})
                    print(f"unlocked {args.name}" if found else f"{args.name} had no failed sign-ins to clear")
            finally:
                throttle.close()
        elif args.action == "role":
            accounts.change_user(args.name, role=args.role)
            print(f"{args.name} is now {args.role}")
        elif args.action == "key":
            key_id, key = accounts.new_api_key(args.name, args.label)
            print(f"API key {key_id} for {args.name} (shown once, keep it safe):\n{key}")
        elif args.action == "office":
            accounts.add_office(args.name, args.country)
            print(f"office {args.name}" + (f" ({args.country})" if args.country else ""))
        elif args.action == "offices":
            for item in accounts.offices():
                print(f"{item['name']:40} {item['country']}")
        elif args.action == "revoke":
            if not accounts.revoke_api_key(args.key_id):
                print(f"casoteca: error: no active API key {args.key_id!r}", file=sys.stderr)
                return 1
            print(f"revoked {args.key_id}")
    except AccountError as exc:
        print(f"casoteca: error: {exc}", file=sys.stderr)
        return 1
    finally:
        accounts.close()
    return 0


def audit_command(settings: Settings, args: argparse.Namespace) -> int:
    from .audit import Audit

    log = Audit.for_settings(settings)
    if args.verify:
        from .audit_check import check

        result = check(log)
        if result.intact:
            print(result.message)
            return 0
        print(f"TAMPERED ({', '.join(result.kinds)}): {len(result.problems)} problems in {result.events} lines"
              + (f"; sealed from line {result.sealed_from}" if result.sealed_from else ""))
        for problem in result.problems[:50]:
            print(f"  {problem.kind}: {problem.text}")
        return 1
    events = log.read(args.limit)
    if args.json:
        print(json.dumps({"events": events}, ensure_ascii=False, indent=2))
    else:
        for e in events:
            print(f"{e.get('at')}  {e.get('user')!s:16} {e.get('ip')!s:15} {e.get('action')!s:16} "
                  f"{json.dumps(e.get('detail'), ensure_ascii=True)[:120]}")
    return 0
