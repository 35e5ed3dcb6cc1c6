"""Search latency at 10k and 100k passages, and ingest throughput against the embedder's raw speed.

Run from the project root:  .venv/bin/python bench/search_speed.py [--sizes 10000 100000] [--queries 200]
                                [--clients 8] [--no-http] [--optimize [--quantize]] [--keep DIR] [--recall]
                                [--baseline REV | --no-baseline] [--no-ingest]

Part 1, ingest: the sample corpus (casestudies/) is parsed once; then its passages are embedded alone
(the embedder's raw passages/s, the baseline) and written through the knowledge base into a fresh
embedded index (embed + BM25 + staged upsert + promote).

Part 2, search: synthetic passages built from the real vocabulary of casestudies/ (six sentences of the
corpus each; the dense vector is the mean of those sentences' real vectors, or with --vectors near-copies
a real passage vector plus noise, the worst case for an approximate index), written
straight into an embedded Qdrant Edge index, which is then closed and reopened as a server would open it.
A first pass of queries is reported on its own (cold pages), then `search()` runs real queries in-process: hybrid, with
and without filters, with the built-in glossary as the service searches, and dense-only (one leg, no fusion). Every in-process search carries a signed-in
reader's access filter, as the service asks. Baselines in the same run: the engine legs alone (the two
engine queries a hybrid search makes, without payloads: the limit), and the product's `search()` of
another revision (`--baseline`, default main; its index/ package exported with `git archive`) on the same
open index, each query run by both in turn, with the share of identical results. Each row prints wall p50
/ p95 and the mean CPU time of the process per search (the engine's threads included; a shared machine
inflates it far less than wall time), and the stage breakdown of this tree's hybrid search. Query
embedding time is reported on its own line; this tree caches repeated queries' vectors, so one row
searches with the cache emptied before each query. The synthetic base lets every reader see every point, so the engine
gets no access condition (a condition every point meets is left out); one row makes a document another
office's own, so the reader's condition stays in the engine's filter, as in a base shared by offices.

With --optimize, each index is then optimized as `casoteca optimize` does (segments merged, HNSW
built; timed), reopened, and searched again, with the recall@10 of the dense list against exact search
for 100 real sentences of the corpus as queries, asked as search() asks and with more effort (--recall
measures it on a kept index without optimizing again).

Part 3, over HTTP: the same index served by `casoteca serve` in its own process; a bounded load of
`--clients` concurrent clients from this process on loopback, with /health as the baseline (no search).
Reports p50/p95, requests/s, errors and the server's resident memory. Prints numbers, asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import os
import random
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.embed import make_embedder
from index.fusion import legs_for
from index.glossary import Glossary
from index.knowledge import LIVE, KnowledgeBase, embedding_text, passage_payload
from index.lexicon import Lexicon
from index.search import CANDIDATES, LIGHT_FIELDS, SearchRequest, request_filter, search
from index.sparse import encode_document
from index.stopwatch import Stopwatch
from index.store import EdgeStore, Point, Where
from ingest.models import Document, Passage
from ingest.pipeline import IngestError, build_document, iter_files, read_source

QUERIES = [
    "servidumbre por deudas en la minería de oro",
    "trabajo esclavo en talleres textiles clandestinos",
    "captación de víctimas mediante ofertas de empleo falsas en redes sociales",
    "tráfico de migrantes por el Darién",
    "mendicidad forzada de niños",
    "explotação sexual de adolescentes",
    "trabalho escravo doméstico",
    "aliciamento pelo Instagram",
    "debt bondage on fishing vessels",
    "financial investigation of trafficking profits",
    "joint investigation team between prosecutors",
    "retención de documentos de identidad",
    "pescadores resgatados",
    "yolas rumbo a Puerto Rico",
]
COUNTRIES = ["Peru", "Bolivia", "Brazil", "Argentina", "Colombia", "Paraguay", "Mexico", "Guatemala"]
# Five kinds of the current vocabulary (ingest/kinds.py), so the kind filter keeps a fifth of the passages.
KINDS = ["case_brief", "judgment", "guide", "report", "news"]
PURPOSES = ["forced_labour", "sexual_exploitation", "forced_begging", "domestic_servitude", "smuggling"]
# What the service's caller rights give a signed-in reader of the synthetic passages' office (Caller.access).
READER = Where({"audience": ["public", "network", "office:office"]})


def baseline_search(revision: str) -> Any:
    """The `index` package of another revision, importable beside this tree's as `baseline_index` (its
    own search, store and sparse modules), or None if the revision cannot be exported."""
    try:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", revision, "index"], capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"baseline skipped: cannot export {revision}: {exc}", file=sys.stderr)
        return None
    folder = Path(tempfile.mkdtemp(prefix="search-speed-baseline-"))
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    (folder / "index").rename(folder / "baseline_index")
    sys.path.insert(0, str(folder))
    return importlib.import_module("baseline_index.search")


def baseline_store(baseline: Any, store: EdgeStore) -> Any:
    """The baseline revision's EdgeStore over this tree's open shard (one process may open it once): its
    methods, this store's state, so the baseline's search runs its own engine calls on the same index."""
    old = object.__new__(importlib.import_module("baseline_index.store").EdgeStore)
    old.__dict__ = store.__dict__
    return old


def timed(run: Any) -> tuple[float, float, Any]:
    """(wall seconds, process CPU seconds, result) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = run()
    return time.perf_counter() - wall, time.process_time() - cpu, out


def row(label: str, walls: list[float], cpus: list[float]) -> None:
    print(f"  {label:44} {percentiles(walls)}  cpu {statistics.mean(cpus) * 1000:6.1f} ms")


def percentiles(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p50 = statistics.median(ms)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"


def corpus_documents() -> list:
    documents = []
    for path, error in iter_files([ROOT / "casestudies"]):
        if error is None:
            try:
                documents.append(build_document(read_source(path, 100 << 20))[0])
            except IngestError:
                pass
    return documents


def bench_ingest(documents: list, embedder) -> None:  # type: ignore[no-untyped-def]
    passages = [p for d in documents for p in d.passages]
    texts = [embedding_text(p) for p in passages]
    embedder.embed(texts[:64])  # warm-up: the first call pays for thread start and buffers
    started = time.perf_counter()
    embedder.embed(texts)
    raw = len(passages) / (time.perf_counter() - started)
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase(EdgeStore(Path(tmp)), lambda: embedder)
        kb.embedder  # noqa: B018 - create the collection outside the timed part
        started = time.perf_counter()
        for document in documents:
            kb.add(document, "bench")
        kb.flush()
        through = len(passages) / (time.perf_counter() - started)
        kb.close()
    print(f"ingest of {len(documents)} documents, {len(passages)} passages")
    print(f"  embedder alone (baseline)          {raw:7.1f} passages/s")
    print(
        f"  knowledge base (embed+BM25+upsert) {through:7.1f} passages/s  ({through / raw:.0%} of the embedder)"
    )


def synthetic_vectors(
    size: int, sentence_vectors: np.ndarray, passage_vectors: np.ndarray, kind: str
) -> Iterator[tuple[list[int], np.ndarray]]:
    """(sentence numbers, unit dense vector) for each synthetic passage.

    "sentences": the passage is six real sentences of the corpus and its vector the mean of their real
    vectors, so passages spread as real ones do (near where their sentences are), without near-copies.
    "near-copies": a real passage vector plus noise; a million of them are ~4,000 noisy copies of each of
    the corpus's passages, a worst case for an approximate index (the ten nearest are told apart by noise)."""
    rng = np.random.default_rng(size)
    for _ in range(size):
        chosen = rng.choice(len(sentence_vectors), 6, replace=False).tolist()
        if kind == "sentences":
            vector = sentence_vectors[chosen].mean(axis=0)
        else:
            vector = passage_vectors[rng.integers(len(passage_vectors))] + rng.normal(
                0, 0.02, passage_vectors.shape[1]
            )
        yield chosen, vector / np.linalg.norm(vector)


def synthetic_store(
    folder: Path,
    size: int,
    sentences: list[str],
    vectors: Iterator[tuple[list[int], np.ndarray]],
    model_id: str,
    dimension: int,
) -> EdgeStore:
    rng = random.Random(size)
    store = EdgeStore(folder)
    store.create(model_id, dimension)
    started = time.perf_counter()
    batch: list[Point] = []
    for n, (chosen, vector) in enumerate(vectors):
        text = " ".join(sentences[i] for i in chosen)
        language = rng.choice(["es", "es", "pt", "en"])
        doc_id, order = f"doc-{n // 20}", n % 20
        document = Document(
            doc_id,
            f"Synthetic case {n // 20}",
            "synthetic.txt",
            doc_id,
            "txt",
            20,
            language,
            {
                "kind": rng.choice(KINDS),
                "countries": [rng.choice(COUNTRIES)],
                "year": rng.randrange(2010, 2026),
                "purpose": [rng.choice(PURPOSES)],
                "visibility": "network",
                "owner_office": "office",
            },
            [],
            [],
        )
        document.passages = [
            Passage(doc_id, order, text, order + 1, order + 1, [], "narrative", language)
        ] * 20
        payload = {
            **passage_payload(document, document.passages[0], "synthetic"),
            "state": LIVE,
            "order": order,
        }
        batch.append(Point(str(uuid.uuid4()), vector.tolist(), encode_document(text, language), payload))
        if len(batch) == 1000:
            store.upsert(batch)
            batch = []
    if batch:
        store.upsert(batch)
    store.flush()
    print(
        f"\n{size:,} synthetic passages written at {size / (time.perf_counter() - started):,.0f} passages/s "
        "(BM25 encoding included)"
    )
    return store


def bench_search(
    store: EdgeStore,
    embedder,
    queries: int,  # type: ignore[no-untyped-def]
    lexicon: Lexicon | None = None,
    baseline: Any = None,
    label: str = "baseline",
) -> None:
    rng = random.Random(7)
    texts = [rng.choice(QUERIES) + " " + rng.choice(["", "2019", "Peru", "condena"]) for _ in range(queries)]
    cache = getattr(embedder, "_queries", None)  # this tree's query-vector cache (a benchmark may look under)
    embedder.embed([texts[0]], query=True)  # warm-up: the first query loads the query model
    started = time.perf_counter()
    for text in texts:
        if cache is not None:
            cache.clear()
        embedder.embed([text], query=True)
    print(
        f"  query embedding alone, not cached          {(time.perf_counter() - started) / queries * 1000:6.1f} ms mean"
        f" ({len(set(texts))} distinct texts of {len(texts)})"
    )
    # The index was just reopened, as a starting server opens it: its files are mapped but not yet read.
    # The first pass pays for the page faults; the measured passes after it are the steady state.
    samples = [
        timed(lambda t=text: search(store, embedder, SearchRequest(t), READER, lexicon=lexicon))
        for text in texts
    ]
    row("hybrid, first pass after opening", [w for w, _, _ in samples], [c for _, c, _ in samples])
    print(
        f"  every row with a reader's access filter; the baseline is `search()` and EdgeStore of {label} on "
        "the same open index, queries taken in turn"
    )
    bench_engine(store, embedder, texts, lexicon)
    cases = {
        "dense only (1 leg)": {"mode": "dense"},
        "hybrid (dense + BM25), no lexicon": {"lexicon": None},
        "hybrid (dense + BM25)": {},
        "hybrid + glossary, as the service asks": {"glossary": Glossary(Path(tempfile.mkdtemp()) / "g.json")},
        "hybrid + country and year filter": {"countries": ["Peru"], "year_from": 2015},
        "hybrid + kind filter": {"kinds": ["judgment"]},
    }
    same = asked = 0
    watch = Stopwatch()
    their_store = baseline_store(baseline, store) if baseline is not None else None
    for name, extra in cases.items():
        options = {"lexicon": extra.pop("lexicon", lexicon)}
        if (
            "glossary" in extra
        ):  # the built-in glossary: its phrases add legs (index/search.py: glossary_legs)
            options["glossary"] = extra.pop("glossary")
        runs: dict[str, tuple[list[float], list[float]]] = {"this tree": ([], []), label: ([], [])}
        stages = watch if name == "hybrid (dense + BM25)" else None
        for n, text in enumerate(texts):

            def ours(t: str = text, e: dict = extra, o: dict = options, w: Stopwatch | None = stages) -> Any:
                return search(store, embedder, SearchRequest(t, **e), READER, **o, watch=w)

            def theirs(t: str = text, e: dict = extra, o: dict = options) -> Any:
                return baseline.search(their_store, embedder, baseline.SearchRequest(t, **e), READER, **o)

            order = [("this tree", ours), (label, theirs)] if baseline is not None else [("this tree", ours)]
            results = {}
            for who, run in order if n % 2 else order[::-1]:  # taken in turn: both see the same load
                wall, cpu, results[who] = timed(run)
                runs[who][0].append(wall)
                runs[who][1].append(cpu)
            if baseline is not None:
                asked += 1
                ours, theirs = results["this tree"].to_dict(), results[label].to_dict()
                same += all(ours[key] == theirs[key] for key in theirs.keys() & ours.keys())  # keys both have
        for who, (walls, cpus) in runs.items():
            if walls:
                row(f"{name}: {who}", walls, cpus)
        if name == "hybrid (dense + BM25)":
            filtered_rows(store, embedder, texts, lexicon, baseline, their_store, label)
    if cache is not None:
        walls, cpus = [], []
        for text in texts:
            cache.clear()
            wall, cpu, _ = timed(
                lambda t=text: search(store, embedder, SearchRequest(t), READER, lexicon=lexicon)
            )
            walls.append(wall)
            cpus.append(cpu)
        row("hybrid, every query embedded (cache emptied)", walls, cpus)
    if baseline is not None:
        print(f"  results identical to {label}: {same} of {asked} searches")
    wall_ms, cpu_ms = watch.mean_ms(), watch.mean_ms(cpu=True)
    print("  where this tree's hybrid search goes, ms per search (wall / CPU):")
    for stage in wall_ms:
        print(f"    {stage:34} {wall_ms[stage]:6.2f} / {cpu_ms[stage]:6.2f}")
    print(f"    {'total':34} {sum(wall_ms.values()):6.2f} / {sum(cpu_ms.values()):6.2f}")


def filtered_rows(
    store: EdgeStore,
    embedder: Any,
    texts: list[str],
    lexicon: Lexicon | None,
    baseline: Any,
    their_store: Any,
    label: str,
) -> None:
    """Hybrid with the reader's access condition kept in the engine's filter: one synthetic document is
    made another office's own for the rows (so not every point meets the reader's rights, as in a base
    shared by offices), then given back its audience. Both trees run on the same index, in turn."""
    hidden = Where({"doc_id": "doc-0"})
    before, _ = store.scroll(hidden, limit=1)
    if not before:
        return
    store.set_payload(hidden, {"audience": "office:another"})
    try:
        runs: dict[str, tuple[list[float], list[float]]] = {"this tree": ([], []), label: ([], [])}
        for n, text in enumerate(texts):
            order = [
                (
                    "this tree",
                    lambda t=text: search(store, embedder, SearchRequest(t), READER, lexicon=lexicon),
                )
            ]
            if baseline is not None:
                order.append(
                    (
                        label,
                        lambda t=text: baseline.search(
                            their_store, embedder, baseline.SearchRequest(t), READER, lexicon=lexicon
                        ),
                    )
                )
            for who, run in order if n % 2 else order[::-1]:
                wall, cpu, _ = timed(run)
                runs[who][0].append(wall)
                runs[who][1].append(cpu)
        for who, (walls, cpus) in runs.items():
            if walls:
                row(f"hybrid, access filter in the engine: {who}", walls, cpus)
    finally:
        store.set_payload(hidden, {"audience": before[0].payload["audience"]})


def bench_engine(
    store: EdgeStore,
    embedder,
    texts: list[str],  # type: ignore[no-untyped-def]
    lexicon: Lexicon | None,
) -> None:
    """The two engine queries of a hybrid search (its dense and BM25 legs, the reader's filter as the
    engine gets it), asked of the shard directly without payloads: the limit of what search() can cost.
    Then the same legs through the store as search() asks them (light payloads, filter as given)."""
    import qdrant_edge as q

    shard = store._shard  # a benchmark may look under the Store interface
    where = request_filter(SearchRequest(""), READER)
    legs = [
        legs_for(
            text,
            embedder.embed([text], query=True)[0],
            "hybrid",
            lexicon.expansions(text, "es", embedder) if lexicon else None,
        )
        for text in texts
    ]
    for label, direct in (
        ("engine legs alone, no payloads (the limit)", True),
        ("engine legs as search() asks (light payloads)", False),
    ):
        walls, cpus = [], []
        for query_legs in legs:
            if direct:
                requests = [
                    q.QueryRequest(
                        limit=CANDIDATES,
                        query=q.Query.Nearest(store._vector(leg.vector), using=leg.using),
                        with_payload=False,
                        filter=store._filter(where),
                        params=store._params(leg, CANDIDATES),
                    )
                    for leg in query_legs
                ]
                wall, cpu, _ = timed(lambda r=requests: [shard.query(request) for request in r])
            else:
                wall, cpu, _ = timed(
                    lambda ls=query_legs: store.search_batch(ls, where, CANDIDATES, LIGHT_FIELDS)
                )
            walls.append(wall)
            cpus.append(cpu)
        row(label, walls, cpus)


def optimized(folder: Path, quantize: bool) -> EdgeStore:
    """As `casoteca optimize` does it: built in another process on a copy, then swapped in."""
    store = EdgeStore(folder)
    built = store.rebuild_elsewhere(quantize=quantize)
    print(f"  optimize (HNSW{' + int8' if quantize else ''}, another process) {built:6.1f} s; reopened:")
    store.close()
    return EdgeStore(folder)


def dense_recall(store: EdgeStore, queries: np.ndarray) -> None:
    """Recall@10 of the dense list against exact search, on the engine directly: asked for 10 with the
    engine's defaults, then as `search()` asks (CANDIDATES, the store's HNSW ef and rescoring), then
    with more effort; each with its mean time per query."""
    import qdrant_edge as q

    shard = store._shard  # a benchmark may look under the Store interface

    def top(vector: list[float], limit: int, params: Any) -> list[str]:
        request = q.QueryRequest(
            limit=limit, query=q.Query.Nearest(vector, using="dense"), with_payload=False, params=params
        )
        return [str(p.id) for p in shard.query(request)][:10]

    def rescored(ef: int, oversampling: float) -> Any:
        return q.SearchParams(
            hnsw_ef=ef, quantization=q.QuantizationSearchParams(rescore=True, oversampling=oversampling)
        )

    vectors = [v.tolist() for v in queries]
    exact = [set(top(v, 10, q.SearchParams(exact=True))) for v in vectors]
    product = store._dense_params(CANDIDATES)
    cases = {
        "10 asked, engine defaults": (10, None),
        f"{CANDIDATES} asked, engine defaults": (CANDIDATES, None),
        f"{CANDIDATES} asked, as search() asks": (CANDIDATES, product),
        f"{CANDIDATES} asked, ef 256, oversampling 2": (CANDIDATES, rescored(256, 2.0)),
        f"{CANDIDATES} asked, ef 512, oversampling 4": (CANDIDATES, rescored(512, 4.0)),
    }
    print(
        f"  dense recall@10 against exact search ({len(vectors)} queries; search() asks ef "
        f"{product.hnsw_ef}, rescoring x{product.quantization.oversampling}):"
    )
    for label, (limit, params) in cases.items():
        started = time.perf_counter()
        found = [top(v, limit, params) for v in vectors]
        took = (time.perf_counter() - started) / len(vectors) * 1000
        recall = statistics.mean(len(set(f) & e) / 10 for f, e in zip(found, exact, strict=True))
        print(f"    {label:42} {recall:6.3f}  {took:6.1f} ms/query")


@contextmanager
def served(data_dir: Path, port: int, env: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`casoteca serve` over `data_dir`, its log in data_dir/server.log: (base URL, process) once healthy."""
    import httpx

    log = (data_dir / "server.log").open("w")
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("casoteca")), "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise SystemExit("the server did not start:\n" + (data_dir / "server.log").read_text()[-2000:])
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()


def disk_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def own_rss_mb() -> float:
    return server_rss_mb(os.getpid())


def server_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def bench_http(data_dir: Path, clients: int, queries: int) -> None:
    import httpx

    from service.accounts import Accounts

    port = 8765
    env = {**os.environ, "CASOTECA_DATA_DIR": str(data_dir)}
    accounts = Accounts(data_dir / "accounts.db")
    accounts.add_user("bench", "a long bench password", "Bench office", "reader")
    _, key = accounts.new_api_key("bench")
    accounts.close()
    with served(data_dir, port, env) as (base, server):
        rng = random.Random(11)
        texts = [rng.choice(QUERIES) for _ in range(queries)]
        with httpx.Client(
            base_url=base,
            timeout=30,
            limits=httpx.Limits(max_connections=clients),
            headers={"Authorization": f"Bearer {key}"},
        ) as http:
            http.get("/api/search", params={"q": texts[0]})  # warm-up: loads the model
            for label, make in (
                ("GET /health (baseline)", lambda t: ("/health", {})),
                ("GET /api/search", lambda t: ("/api/search", {"q": t})),
                ("GET /api/search + country filter", lambda t: ("/api/search", {"q": t, "country": "Peru"})),
            ):

                def one(text: str, make=make) -> tuple[float, bool]:  # type: ignore[no-untyped-def]
                    path, params = make(text)
                    started = time.perf_counter()
                    ok = http.get(path, params=params).status_code == 200
                    return time.perf_counter() - started, ok

                started = time.perf_counter()
                with ThreadPoolExecutor(clients) as pool:
                    results = list(pool.map(one, texts))
                wall = time.perf_counter() - started
                errors = sum(1 for _, ok in results if not ok)
                print(
                    f"  {label:34} {percentiles([t for t, _ in results])}  {len(results) / wall:6.1f} req/s  "
                    f"{errors} errors"
                )
        print(f"  server resident memory             {server_rss_mb(server.pid):6.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP load")
    parser.add_argument("--optimize", action="store_true", help="also measure after building HNSW")
    parser.add_argument(
        "--quantize", action="store_true", help="with --optimize: int8 scalar quantization too"
    )
    parser.add_argument(
        "--recall", action="store_true", help="measure recall without optimizing (a kept index)"
    )
    parser.add_argument(
        "--vectors",
        choices=["sentences", "near-copies"],
        default="sentences",
        help="how synthetic dense vectors are made (see synthetic_vectors)",
    )
    parser.add_argument(
        "--keep", type=Path, help="write the indexes under this folder and reuse them next time"
    )
    parser.add_argument("--baseline", default="main", help="git revision whose search() is the baseline")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--no-ingest", action="store_true", help="skip the ingest part")
    args = parser.parse_args()
    baseline = None if args.no_baseline else baseline_search(args.baseline)
    embedder = make_embedder()
    documents = corpus_documents()
    if not args.no_ingest:
        bench_ingest(documents, embedder)
    passages = [p for d in documents for p in d.passages]
    sentences = sorted({s.strip() for p in passages for s in p.text.split(".") if len(s.split()) > 4})
    vectors_of: dict[str, np.ndarray] = {}  # embedded only when an index is built or recall measured

    def corpus_vectors(name: str) -> np.ndarray:
        if name not in vectors_of:
            texts = {"sentences": sentences, "passages": [p.text for p in passages]}[name]
            vectors_of[name] = embedder.embed(texts)
        return vectors_of[name]

    def recall_queries() -> np.ndarray:
        # Real sentences of the corpus (embedded as queries), not the passages' own vectors.
        return embedder.embed(random.Random(3).sample(sentences, 100), query=True)

    # The synthetic passages are made of the corpus's sentences: the corpus's words are their lexicon.
    kept_lexicon = args.keep / f"lexicon-{len(passages)}.npz" if args.keep else None
    if kept_lexicon is not None and kept_lexicon.exists():
        lexicon = Lexicon.load(kept_lexicon)
    else:
        lexicon = Lexicon.from_texts(((p.text, p.language) for p in passages), embedder)
        if kept_lexicon is not None:
            lexicon.save(kept_lexicon)
    gc.freeze()  # as the service does once started: what was built so far is never scanned again
    print(f"synthetic passages: 6 of {len(sentences):,} real sentences each, vectors: {args.vectors}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = (args.keep or Path(tmp)) / f"bench-{size}-{args.vectors}"
            if not (folder / "index").exists():
                vectors = synthetic_vectors(
                    size, corpus_vectors("sentences"), corpus_vectors("passages"), args.vectors
                )
                synthetic_store(
                    folder / "index", size, sentences, vectors, embedder.model_id, embedder.dimension
                ).close()
            else:
                print(f"\n{size:,} synthetic passages kept in {folder}")
            started = time.perf_counter()
            store = EdgeStore(folder / "index")
            print(
                f"  opening the index                  {(time.perf_counter() - started) * 1000:6.0f} ms, "
                f"{disk_mb(folder / 'index'):,.0f} MB on disk, this process {own_rss_mb():,.0f} MB"
            )
            bench_search(store, embedder, args.queries, lexicon, baseline, args.baseline)
            store.close()
            if args.optimize:
                store = optimized(folder / "index", args.quantize)
                print(
                    f"  after optimize                     {disk_mb(folder / 'index'):,.0f} MB on disk, "
                    f"this process {own_rss_mb():,.0f} MB"
                )
                bench_search(store, embedder, args.queries, lexicon, baseline, args.baseline)
                dense_recall(store, recall_queries())
                store.close()
            elif args.recall:
                store = EdgeStore(folder / "index")
                dense_recall(store, recall_queries())
                store.close()
            if not args.no_http:
                print(f"  over HTTP, {args.clients} concurrent clients:")
                bench_http(folder, args.clients, args.queries)


if __name__ == "__main__":
    main()
