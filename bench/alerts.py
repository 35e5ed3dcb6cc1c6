"""Alerts: what matching costs per promoted document, how long a match takes to reach the owner, and how
precise draft alerts are on the near-twins of casestudies/. Prints numbers; asserts nothing.

    .venv/bin/python bench/alerts.py [--alerts 1000] [--baseline-sample 40]

Part 1, cost. casestudies/ is ingested into a fresh embedded index; then `--alerts` saved searches (the
questions of the three benchmarks in ../shared/benchmarks, in es/pt/en, each embedded and stemmed as a
saved search is) and as many saved drafts (windows of three passages of casestudies/ documents, embedded
as drafts are) are put in the alert book. Every document of casestudies/ is then matched as if it had just
been promoted: the time per document (reading it from the engine included), p50/p95. Baseline in the same
run: what the obvious design costs — running each saved search as a search restricted to the new document
(one engine search per alert), timed on a sample and scaled to `--alerts`.

Part 2, promotion to delivery. A saved search with a webhook to a receiver on loopback, and the server's
alert sender thread running: the time from the start of an upload to the match in the inbox, and to the
webhook's arrival.

Part 4, the saved-search threshold. XQuAD's questions in Spanish and English as saved searches (a sample),
its 240 paragraphs of each language as arriving documents, scored by the percolator: for thresholds around
SEARCH_MATCH, the share of questions whose answering paragraph would alert (recall) and the paragraphs per
question that would alert without answering it (many are other paragraphs of the same article, so of the
same topic: an upper bound of the false alerts).

Part 3, draft precision. Every member of a twin group (`twin_group` in the metadata) is saved as a draft
(its text); every other document is matched against it. For thresholds around DRAFT_MATCH: precision (of
the documents a draft alerts on, the share that are its twins) and recall (of its twins, the share it
alerts on).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casoteca.settings import Settings
from index.relevance import query_words
from index.search import SearchRequest, split_query
from index.similar import CasePassage, passages_of
from service.accounts import CLI
from service.alerts.book import Alert, now, stamp
from service.alerts.match import DRAFT_MATCH, DRAFT_RANK, SEARCH_MATCH, Incoming, SearchIndex, score_drafts
from service.alerts.sender import AlertSender
from service.library import Library

BENCHMARKS = ROOT.parent / "shared" / "benchmarks"


def questions(limit: int) -> list[str]:
    out: list[str] = []
    files = [BENCHMARKS / name / "queries.jsonl" for name in ("xquad_es", "faquad_pt", "xquad_en")]
    lines = [
        [json.loads(line)["text"] for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
        for f in files
        if f.exists()
    ]
    for i in range(max((len(x) for x in lines), default=0)):
        for texts in lines:
            if i < len(texts) and len(out) < limit:
                out.append(texts[i])
    return out


def percentiles(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
    return f"p50 {statistics.median(values) * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms"


def saved_searches(library: Library, texts: list[str], owner: str) -> list[Alert]:
    embedder = library.kb.embedder
    vectors = embedder.embed([split_query(t)[0] for t in texts], query=True)
    created = stamp(now())
    return [
        Alert(
            id=str(uuid.uuid4()),
            owner=owner,
            kind="search",
            label=t[:80],
            frequency="immediate",
            created=created,
            pushed=created,
            query=t,
            model=embedder.model_id,
            vectors=np.asarray(v)[None, :],
            terms={"words": query_words(split_query(t)[0]), "expansions": {}},
        )
        for t, v in zip(texts, vectors, strict=True)
    ]


def saved_drafts(library: Library, count: int, owner: str) -> list[Alert]:
    store = library.kb.store
    windows = []
    for doc in library.summaries(caller=CLI):
        passages, _ = passages_of(store, doc.id)
        windows += [passages[i : i + 3] for i in range(0, max(1, len(passages) - 2), 2)]
    created = stamp(now())
    out = []
    for k in range(count):
        window = windows[k % len(windows)]
        out.append(
            Alert(
                id=str(uuid.uuid4()),
                owner=owner,
                kind="draft",
                label=f"draft {k}",
                frequency="immediate",
                created=created,
                pushed=created,
                model=library.kb.embedder.model_id,
                vectors=np.vstack([p.vector for p in window]),
                terms={"languages": [p.language for p in window], "texts": [p.text for p in window]},
            )
        )
    return out


def cost(library: Library, count: int, sample: int) -> None:
    texts = questions(count)
    searches, drafts = saved_searches(library, texts, "bench"), saved_drafts(library, count, "bench")
    for alert in searches + drafts:
        library.alerts.book.add(alert)
    print(f"{len(searches)} saved searches, {len(drafts)} saved drafts")
    store = library.kb.store
    docs = [d.id for d in library.summaries(caller=CLI)]
    alerts = library.alerts
    alerts._matches(Incoming(docs[0], *reversed(passages_of(store, docs[0]))), store)  # build the index once
    times, matched = [], []
    for doc_id in docs:
        started = time.perf_counter()
        passages, facets = passages_of(store, doc_id)
        found = alerts._matches(Incoming(doc_id, facets, passages), store)
        times.append(time.perf_counter() - started)
        matched.append(len(found))
    print(
        f"  percolator, all {len(searches) + len(drafts)} alerts per document: {percentiles(times)}  "
        f"(matches per document: median {statistics.median(matched):.0f})"
    )
    sample_alerts = searches[:sample]
    base_times = []
    bench = library.accounts.caller_for("bench")
    for doc_id in docs[:10]:
        started = time.perf_counter()
        for alert in sample_alerts:
            request = SearchRequest(alert.query, limit=1)
            library.kb.store  # noqa: B018
            from index.search import search
            from index.store import Where, merge

            search(store, library.kb.embedder, request, merge(Where({"doc_id": doc_id}), bench.access))
        base_times.append((time.perf_counter() - started) * count / len(sample_alerts))
    print(
        f"  baseline, one restricted search per saved search (scaled to {count}): {percentiles(base_times)}"
    )


class Receiver(BaseHTTPRequestHandler):
    arrived: ClassVar[list[float]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.arrived.append(time.perf_counter())
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def delivery(library: Library) -> None:
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    owner = library.accounts.caller_for("owner")
    sender = AlertSender(library.alerts, poll_seconds=10.0)
    sender.start()
    try:
        library.alerts.create(
            owner,
            "search",
            query="trabajo esclavo a bordo de barcos pesqueros",
            webhook=f"http://127.0.0.1:{server.server_port}/hook",
        )
        path = ROOT / "casestudies" / "pt-brasil-pesca-trabalho-escravo-barcos.md"
        data = path.read_bytes() + b"\n"  # the base holds the file already: a changed copy is a new document
        uploader = library.accounts.caller_for("sender")
        started = time.perf_counter()
        lines = library.ingest_upload("pesca.md", data, caller=uploader, visibility="network")
        in_inbox = time.perf_counter()
        hits = library.alerts.inbox(owner)
        deadline = time.monotonic() + 30
        while not Receiver.arrived and time.monotonic() < deadline:
            time.sleep(0.01)
        print(
            f"  upload ({lines[0].status}, {lines[0].passages} passages: parsed, embedded, matched) to the inbox: "
            f"{in_inbox - started:.2f} s; {len(hits)} match"
        )
        if Receiver.arrived:
            print(
                f"  to the webhook's arrival: {Receiver.arrived[0] - started:.2f} s "
                f"({Receiver.arrived[0] - in_inbox:.3f} s after the match)"
            )
        else:
            print("  the webhook did not arrive within 30 s")
    finally:
        sender.stop()
        server.shutdown()
        server.server_close()


def precision(library: Library) -> None:
    store = library.kb.store
    groups: dict[str, set[str]] = {}
    incoming: dict[str, Incoming] = {}
    sha: dict[str, str] = {}
    for doc in library.summaries(caller=CLI):
        passages, facets = passages_of(store, doc.id)
        incoming[doc.id] = Incoming(doc.id, facets, passages)
        sha[doc.id] = str(facets.get("sha256"))
        group = ((facets.get("document") or {}).get("metadata") or {}).get("twin_group")
        if group:
            groups.setdefault(group, set()).add(doc.id)
    owner = library.accounts.caller_for("owner")
    runs = []  # per draft: (scores of the base's documents, [(score, is twin) of the arriving documents])
    for members in groups.values():
        for doc_id in sorted(members):
            text = "\n\n".join(p.text for p in incoming[doc_id].passages)
            alert = library.alerts.create(owner, "draft", text=text[:200_000])
            scores = {
                other: score_drafts([alert], doc, store)[0][1]
                for other, doc in incoming.items()
                if other != doc_id and sha[other] != sha[doc_id]
            }
            library.alerts.book.remove(alert.id)
            # The twins arrive later, with every other document of odd position: the rest is the base.
            others = sorted(d for d in scores if d not in members)
            base = [scores[d] for d in others[::2]]
            arriving = [
                (scores[d], d in members) for d in sorted(members - {doc_id}) + others[1::2] if d in scores
            ]
            runs.append((sorted(base, reverse=True), arriving))
    twins = sum(twin for _, arriving in runs for _, twin in arriving)
    print(
        f"  {len(runs)} drafts; {twins} twins and {sum(len(a) for _, a in runs) - twins} other documents arrive "
        f"after them (the base holds the rest)"
    )

    def report(name: str, bar_of: Any) -> None:
        alerted = [twin for base, arriving in runs for score, twin in arriving if score >= bar_of(base)]
        p = sum(alerted) / len(alerted) if alerted else 1.0
        print(f"  {name:46} precision {p:.2f}  recall {sum(alerted) / twins:.2f}  ({len(alerted)} alerts)")

    for fixed in (0.40, 0.45, 0.50):
        report(f"one bar for every draft, {fixed:.2f} (baseline)", lambda base, f=fixed: f)
    for rank in sorted({1, 2, DRAFT_RANK}):
        for floor in (0.30, 0.35, 0.40):
            mark = "  <- the product" if abs(floor - DRAFT_MATCH) < 1e-9 and rank == DRAFT_RANK else ""
            report(
                f"enters the draft's top {rank}, at least {floor:.2f}{mark}",
                lambda base, f=floor, k=rank: max(f, base[k - 1] if len(base) >= k else 0.0),
            )


def search_threshold(library: Library, every: int) -> None:
    def load(name: str) -> tuple[list[dict[str, str]], list[dict[str, str]], dict[str, str]]:
        folder = BENCHMARKS / name
        corpus = [
            json.loads(line)
            for line in (folder / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
            if line
        ]
        queries = [
            json.loads(line)
            for line in (folder / "queries.jsonl").read_text(encoding="utf-8").splitlines()
            if line
        ][::every]
        answers = dict(line.split("\t")[:2] for line in (folder / "qrels.tsv").read_text().splitlines()[1:])
        return corpus, queries, answers

    embedder = library.kb.embedder
    sets = {lang: load(f"xquad_{lang}") for lang in ("es", "en") if (BENCHMARKS / f"xquad_{lang}").exists()}
    if not sets:
        print("  ../shared/benchmarks/xquad_* not found: skipped")
        return
    paragraphs = {}
    for lang, (corpus, _, _) in sets.items():
        vectors = embedder.embed([p["text"] for p in corpus])
        paragraphs[lang] = [
            Incoming(p["_id"], {}, [CasePassage(0, p["text"], 1, 1, [], np.asarray(v), lang)])
            for p, v in zip(corpus, vectors, strict=True)
        ]
    thresholds = [round(SEARCH_MATCH + d, 2) for d in (-0.05, 0.0, 0.05, 0.1)]
    for query_lang, (_, queries, answers) in sets.items():
        alerts = saved_searches(library, [q["text"] for q in queries], "bench")
        index = SearchIndex(alerts)
        for doc_lang, docs in paragraphs.items():
            scores = np.stack([index.relevance(doc)[:, 0] for doc in docs], axis=1)  # questions x paragraphs
            ids = [doc.doc_id for doc in docs]
            right = np.array([[ids[j] == answers[q["_id"]] for j in range(len(ids))] for q in queries])
            cells = []
            for t in thresholds:
                alerted = scores >= t
                recall = (alerted & right).sum() / right.sum()
                cells.append(f"t={t:.2f} R {recall:.2f} other {(alerted & ~right).sum() / len(queries):4.1f}")
            print(
                f"  {query_lang} -> {doc_lang} ({len(queries)} questions, {len(docs)} paragraphs): "
                + "  ".join(cells)
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--alerts", type=int, default=1000, help="saved alerts of each kind")
    parser.add_argument("--baseline-sample", type=int, default=40)
    parser.add_argument("--every", type=int, default=5, help="part 4: every n-th XQuAD question")
    parser.add_argument("--parts", default="1234", help="which parts to run, e.g. 13")
    parser.add_argument("--data", type=Path, help="keep the ingested base in this folder and use it again")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or Path(tmp)
        (data / "alerts.db").unlink(missing_ok=True)  # the alerts of an earlier run
        library = Library(Settings(data_dir=data))
        try:
            started = time.perf_counter()
            library.ingest_paths([ROOT / "casestudies"])
            print(f"casestudies/ ingested in {time.perf_counter() - started:.0f} s")
            for name, office in (
                ("owner", "Bench office"),
                ("bench", "Bench office"),
                ("sender", "Other office"),
            ):
                if office not in {o["name"] for o in library.accounts.offices()}:
                    library.accounts.add_office(office)
                if library.accounts.caller_for(name) is None:
                    library.accounts.add_user(name, "a long enough password", office, "editor")
            if "1" in args.parts:
                print("Part 1: matching cost per promoted document")
                cost(library, args.alerts, args.baseline_sample)
                for owner in library.alerts.book.owners():
                    for alert in library.alerts.book.of(owner):
                        library.alerts.book.remove(alert.id)
            if "2" in args.parts:
                print("Part 2: promotion to delivery")
                delivery(library)
            if "3" in args.parts:
                print("Part 3: draft alerts on the near-twins of casestudies/")
                precision(library)
            if "4" in args.parts:
                print("Part 4: the saved-search threshold on XQuAD")
                search_threshold(library, args.every)
        finally:
            library.close()


if __name__ == "__main__":
    main()
