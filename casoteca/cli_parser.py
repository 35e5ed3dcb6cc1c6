"""The command line's arguments: one subcommand per action. The search and comparable-case filters are
made from the service's own request models (service/filters.py), so the CLI offers what the API offers.
Nothing heavy is imported here: `casoteca --help` stays fast."""

from __future__ import annotations

import argparse
from pathlib import Path

ROLES = (
    "reader",
    "editor",
    "admin",
)  # as service/access.py names them; kept literal so --help imports nothing


def build_parser() -> argparse.ArgumentParser:
    from service.filters import SearchParams, SimilarParams, add_arguments

    parser = argparse.ArgumentParser(
        prog="casoteca", description="Case-study knowledge base with cited passages."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="parse files or folders (recursively) into documents")
    ingest.add_argument("paths", nargs="+", type=Path)
    ingest.add_argument("--json", action="store_true", help="print the report as JSON")

    delete = commands.add_parser("delete", help="remove a document by id or by its file path")
    delete.add_argument("target")

    commands.add_parser("documents", help="list the documents in the knowledge base")

    search = commands.add_parser("search", help="hybrid search: passages that answer QUERY, with citations")
    search.add_argument("q", metavar="query", help='what to look for; put "exact phrases" in double quotes')
    add_arguments(search, SearchParams, skip=("q",))
    search.add_argument("--json", action="store_true", help="print hits and facets as JSON")

    similar = commands.add_parser(
        "similar", help="cases comparable to a document of the base, or to a draft file"
    )
    similar.add_argument("document", nargs="?", help="a document id (see `casoteca documents`)")
    similar.add_argument("--file", type=Path, help="a draft case not in the base (any format ingest reads)")
    add_arguments(similar, SimilarParams)
    similar.add_argument("--json", action="store_true")

    add_user_commands(commands)

    alerts = commands.add_parser("alerts", help="saved alerts: list them, or send the pushes that are due")
    alert_commands = alerts.add_subparsers(dest="action", required=True)
    listing = alert_commands.add_parser("list", help="active alerts with their owners and matches")
    listing.add_argument("--all", action="store_true", help="paused ones too")
    listing.add_argument("--json", action="store_true")
    alert_commands.add_parser(
        "run", help="send the e-mails and webhook calls that are due (digests included)"
    )

    from .cli_entities import add_parser as add_entities_parser

    add_entities_parser(commands)

    audit = commands.add_parser("audit", help="read or verify the audit trail")
    audit.add_argument(
        "--verify",
        action="store_true",
        help="check the seals, the chain and the checkpoint of the "
        "log; say what kind of tampering was found and where",
    )
    audit.add_argument("--limit", type=int, default=50)
    audit.add_argument("--json", action="store_true")

    migrate = commands.add_parser(
        "migrate",
        help="copy the embedded index into a Qdrant server or cluster (resumable; stop the server first)",
    )
    migrate.add_argument("--to", required=True, metavar="URL", help="e.g. https://qdrant.example.org:6333")
    migrate.add_argument("--collection", default="casoteca", help="the name (an alias) to create there")
    migrate.add_argument("--api-key", default="", help="or CASOTECA_QDRANT_API_KEY")

    reindex = commands.add_parser(
        "reindex",
        help="embed every passage again (after changing the model) into a "
        "new index, then switch to it; while serving, use "
        "POST /api/admin/reindex",
    )
    reindex.add_argument(
        "--model", help="the model to embed with (default: the configured one, CASOTECA_MODEL)"
    )
    reindex.add_argument(
        "--reparse",
        action="store_true",
        help="parse and chunk every document again from its "
        "kept original (after a change of parsers or chunking)",
    )
    optimize = commands.add_parser(
        "optimize",
        help="build the vector index (HNSW) of the embedded store in a "
        "separate process and swap it in (worth it beyond about 100k "
        "passages; while serving, use POST /api/admin/optimize)",
    )
    optimize.add_argument("--quantize", action="store_true", help="also int8 scalar quantization")

    serve = commands.add_parser("serve", help="serve the web app and the JSON API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="search processes on the embedded index (default CASOTECA_WORKERS; 0: one per core; "
        "1: a single process)",
    )
    # Set by the supervisor (casoteca/supervise.py) for the processes it starts; not for people.
    serve.add_argument("--role", choices=["writer", "reader"], help=argparse.SUPPRESS)
    serve.add_argument("--fd", type=int, help=argparse.SUPPRESS)
    serve.add_argument("--replica", type=Path, help=argparse.SUPPRESS)
    return parser


def add_user_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    users = commands.add_parser("users", help="manage users, offices and API keys (works while serving)")
    user_commands = users.add_subparsers(dest="action", required=True)
    add = user_commands.add_parser("add", help="add a user; the password is read from the terminal or stdin")
    add.add_argument("name")
    add.add_argument("--office", required=True, help="the user's office (made if new)")
    add.add_argument("--role", choices=ROLES, default="reader")
    user_commands.add_parser("list", help="users and their offices and roles")
    for action, text in (
        ("disable", "stop a user signing in (signs them out everywhere)"),
        ("enable", "let a disabled user sign in again"),
        ("unlock", "lift the wait after too many wrong passwords (sign-in throttling)"),
    ):
        user_commands.add_parser(action, help=text).add_argument("name")
    password = user_commands.add_parser(
        "password", help="set a new password (signs the user out everywhere and revokes their API keys)"
    )
    password.add_argument("name")
    password.add_argument("--keep-keys", action="store_true", help="keep the user's API keys")
    user_commands.add_parser("locks", help="accounts and addresses that must wait before signing in again")
    role = user_commands.add_parser("role", help="change a user's role")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    key = user_commands.add_parser("key", help="make an API key for a user (printed once)")
    key.add_argument("name")
    key.add_argument("--label", default="")
    user_commands.add_parser("revoke", help="revoke an API key by its id").add_argument("key_id")
    office = user_commands.add_parser("office", help="add an office, or set its country")
    office.add_argument("name")
    office.add_argument("--country", default="")
    user_commands.add_parser("offices", help="list the offices")
