"""Comparable cases and shared criteria on casestudies/.

Run from the project root:  .venv/bin/python bench/comparable.py

Part 1: do the near-twins of each case (the same pattern told independently, often in another language;
`twin_group` in their metadata) come first among its comparable cases?
casestudies/ is ingested into a fresh embedded index. For every document of a twin group, its comparable
cases are ranked (a) by `comparable_cases` (passage pairs, coverage, best pairs, shared facets), (b) by
`comparable_cases` as it was before language centres and facet overlap, and (c) by the baseline in the
same run: cosine similarity of mean passage vectors (document-level embedding similarity), and (d) by
`comparable_cases` with the documents of the case's own case file (the e-mail that carried it, its
attachments) left in, as they were before the product set them apart. Prints mean reciprocal rank of the twins, how often the first twin is first (hit@1), how often
every twin is within the first three, and the latency of a comparable-case query.

Part 2: the criteria matrix against the means each case's metadata lists (deception, debt bondage,
retention of documents, threats/force/coercion, abuse of vulnerability): precision and recall per
criterion, with the baseline in the same run of a criterion met by its nearest passage alone (dense
similarity), its threshold set so that it marks as many cells as ours. Two thirds of the cells are
positive, so marking every cell already scores precision 0.66: precision is the number to read.
Prints the time to compute the whole matrix.

Part 3: aspect labels against 60 passages of casestudies/ labelled by hand (bench/data/aspect_labels.yaml):
agreement of the product's labeller (index/aspects.py) with the main aspect, and with any aspect the
person also marked (`also`), against two baselines in the same run: the dense similarity to the aspects'
descriptions alone, and the labeller the product had before (that similarity plus a few cue words).

Part 4: drafts. Each twin-group member is sent as a draft (its original file, through similar_to_draft,
as describe-your-case does): the rank of its twins, and how many different aspects the pairs of its
first comparable case show; then its first ~150 words pasted as text, with its evidence found for its
passages (before) and for its parts (now). Asserts nothing.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casoteca.settings import Settings
from index.aspects import AspectLabeller
from index.search import SearchRequest, fold
from index.similar import SimilarRequest, document_vector, passages_of
from index.views import DocumentSummary
from service.accounts import CLI
from service.library import Library

LABELS = ROOT / "bench" / "data" / "aspect_labels.yaml"
# The labeller the product had before index/aspects.py: nearest description plus 0.04 per cue word found
# (up to three), kept here to print it as a baseline.
PREVIOUS_CUES = {
    "recruitment": (
        "capta",
        "alici",
        "recrut",
        "recruit",
        "oferta",
        "offer",
        "anunci",
        "advert",
        "promet",
        "promis",
        "instagram",
        "facebook",
        "redes sociales",
        "redes sociais",
        "social media",
        "engan",
        "decept",
    ),
    "transport": (
        "trasl",
        "transport",
        "viaj",
        "viag",
        "journey",
        "ruta",
        "rota",
        "route",
        "frontera",
        "fronteira",
        "border",
        "embarca",
        "barco",
        "boat",
        "yola",
        "cruce",
        "travessia",
        "crossing",
        "pasaje",
    ),
    "exploitation": (
        "jornada",
        "hours",
        "salario",
        "salari",
        "wage",
        "explota",
        "explora",
        "exploit",
        "prostitu",
        "mendic",
        "begging",
        "servidumbre",
        "servidao",
        "servitude",
        "hacina",
        "degrad",
    ),
    "control": (
        "deuda",
        "divida",
        "debt",
        "retenc",
        "retain",
        "retention",
        "document",
        "pasaporte",
        "passaporte",
        "passport",
        "amenaz",
        "ameac",
        "threat",
        "violenc",
        "violence",
        "encerr",
        "confin",
        "aisla",
        "isola",
        "vigil",
    ),
    "financial": (
        "financ",
        "dinero",
        "dinheiro",
        "money",
        "transfer",
        "remesa",
        "remessa",
        "lavado",
        "lavagem",
        "launder",
        "decomis",
        "confisc",
        "bienes",
        "bens",
        "assets",
        "cuenta",
        "conta",
        "account",
    ),
    "investigation": (
        "investiga",
        "allanam",
        "busca",
        "raid",
        "escucha",
        "intercept",
        "wiretap",
        "inspecc",
        "fiscaliz",
        "inspection",
        "declarac",
        "depoim",
        "testimon",
        "prueba",
        "prova",
        "evidence",
        "cooperac",
        "coopera",
        "equipo conjunto",
        "equipe conjunta",
        "joint investigation",
    ),
    "outcome": (
        "sentencia",
        "sentenca",
        "judgment",
        "conden",
        "convict",
        "prision",
        "prisao",
        "prison",
        "absol",
        "acquit",
        "repara",
        "compensat",
        "pena",
    ),
}

# criterion id -> the `means` values in the metadata that say a case meets it
CRITERIA_LABELS = {
    "deceptive-recruitment": {"deception"},
    "debt-bondage": {"debt_bondage"},
    "document-retention": {"document_retention"},
    "threats-violence": {"threat", "force", "coercion"},
    "abuse-of-vulnerability": {"abuse_of_vulnerability"},
}


def ranks(order: list[str], twins: set[str]) -> list[int]:
    return [order.index(t) + 1 if t in order else 10_000 for t in twins]


def report(label: str, all_ranks: list[list[int]]) -> None:
    mrr = statistics.mean(1 / min(r) for r in all_ranks)
    mrr_all = statistics.mean(1 / x for r in all_ranks for x in r)
    hit1 = statistics.mean(1.0 if min(r) == 1 else 0.0 for r in all_ranks)
    all3 = statistics.mean(1.0 if max(r) <= 3 else 0.0 for r in all_ranks)
    print(
        f"  {label:44} MRR(first twin) {mrr:.3f}  MRR(every twin) {mrr_all:.3f}  hit@1 {hit1:.2f}  "
        f"all twins in top 3 {all3:.2f}"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Settings(data_dir=Path(tmp)))
        library.ingest_paths([ROOT / "casestudies"])
        store = library.kb.store
        summaries = library.summaries(caller=CLI)
        groups: dict[str, set[str]] = {}
        cases, sha = {}, {}
        for doc in summaries:
            passages, first = passages_of(store, doc.id)
            cases[doc.id] = passages
            sha[doc.id] = first.get("sha256")
            group = ((first.get("document") or {}).get("metadata") or {}).get("twin_group")
            if group:
                groups.setdefault(group, set()).add(doc.id)
        members = [(doc, group - {doc}) for group in groups.values() for doc in sorted(group)]
        print(f"{len(summaries)} documents, {len(groups)} twin groups, {len(members)} queries")

        vectors = {doc: document_vector(passages) for doc, passages in cases.items() if passages}
        baseline, ours, times, misses = [], [], [], []
        for doc, twins in members:
            others = [d for d in vectors if d != doc and sha[d] != sha[doc]]
            sims = {d: float(np.dot(vectors[doc], vectors[d])) for d in others}
            baseline.append(ranks(sorted(others, key=lambda d: -sims[d]), twins))
            library.similar(
                doc, SimilarRequest(limit=len(summaries)), caller=CLI
            )  # warm-up of this case's pages
            started = time.perf_counter()
            found = library.similar(doc, SimilarRequest(limit=len(summaries)), caller=CLI) or []
            times.append(time.perf_counter() - started)
            ours.append(ranks([c.document_id for c in found], twins))
            if max(ours[-1]) > len(twins):  # a twin below a document that is no twin
                misses.append((doc, twins, found[: max(ours[-1])]))
        previous = []
        with previous_ranking():  # another request (evidence=1), so no answer kept from above is reused
            for doc, twins in members:
                found = (
                    library.similar(doc, SimilarRequest(limit=len(summaries), evidence=1), caller=CLI) or []
                )
                previous.append(ranks([c.document_id for c in found], twins))
        whole_base = []  # the same ranking, with the documents of a case's own case file left in
        with mock.patch.object(library.kb, "case_file", return_value=[]):
            for doc, twins in members:
                found = (
                    library.similar(doc, SimilarRequest(limit=len(summaries), evidence=2), caller=CLI) or []
                )
                whole_base.append(ranks([c.document_id for c in found], twins))
        print("rank of the twins among each member's comparable cases:")
        report("document embedding similarity (baseline)", baseline)
        report("comparable_cases before (cosine, facet bonus)", previous)
        report("comparable_cases, its case file left in", whole_base)
        report("comparable_cases (centred, facet overlap)", ours)
        best = [list(range(1, len(twins) + 1)) for _, twins in members]
        report("best possible (every twin first)", best)
        print_misses(misses, {d.id: d for d in summaries})
        ms = sorted(t * 1000 for t in times)
        print(
            f"comparable-case query latency, {len(ms)} cases of 1-{max(len(p) for p in cases.values())} passages: "
            f"p50 {statistics.median(ms):.1f} ms, p95 {ms[int(len(ms) * 0.95)]:.1f} ms"
        )
        bench_criteria(library)
        bench_aspects(library, cases)
        bench_drafts(library, members, len(summaries))
        bench_short_drafts(library, members, cases, len(summaries))
        library.close()


def print_misses(misses: list[tuple[str, set[str], list]], docs: dict[str, DocumentSummary]) -> None:  # type: ignore[type-arg]
    """Each member whose twins are not all first, with what ranks above them (kind, language, score, shared
    facets): why a twin is missed, to read before changing a weight."""
    print(f"members with a twin below another case: {len(misses)}")
    for doc, twins, found in misses:
        print(f"  {docs[doc].title[:70]} [{docs[doc].language}]")
        for n, case in enumerate(found, 1):
            mark = "twin" if case.document_id in twins else "    "
            shared = ", ".join(f"{k}: {'/'.join(v)}" for k, v in case.shared.items() if v)
            print(
                f"    {n}. {mark} {case.score:.3f} {case.kind or '-':10} [{case.language}] {case.title[:60]}"
                f"  ({shared})"
            )


@contextmanager
def previous_ranking() -> Iterator[None]:
    """comparable_cases as it was before language centres and facet overlap: plain cosine similarities and
    0.05 for each kind of facet shared at all."""
    from index import similar

    kept = similar.CENTRES, similar.overlap, similar.FACET_WEIGHTS
    similar.CENTRES = lambda store: {}  # type: ignore[assignment]
    similar.overlap = lambda query, match, key: float(
        bool(
            similar.facet_values(query, key)  # type: ignore[assignment]
            & similar.facet_values(match, key)
        )
    )
    similar.FACET_WEIGHTS = dict.fromkeys(similar.FACET_WEIGHTS, 0.05)
    try:
        yield
    finally:
        similar.CENTRES, similar.overlap, similar.FACET_WEIGHTS = kept


def bench_criteria(library: Library) -> None:
    means = {}
    for doc in library.summaries(caller=CLI):
        metadata = library.get(doc.id, caller=CLI).metadata  # type: ignore[union-attr]
        if metadata.get("means"):
            means[doc.id] = set(metadata["means"])
    library.criteria_matrix(SearchRequest(""), caller=CLI)  # embeds the criteria once
    started = time.perf_counter()
    result = library.criteria_matrix(SearchRequest(""), caller=CLI)
    elapsed = time.perf_counter() - started
    rows = [row for row in result.rows if row.document_id in means]
    print(
        f"\ncriteria matrix: {len(result.rows)} cases x {len(result.criteria)} criteria in "
        f"{elapsed * 1000:.0f} ms; checked against the metadata of {len(rows)} cases"
    )
    truth = {
        (row.document_id, c): bool(means[row.document_id] & labels)
        for row in rows
        for c, labels in CRITERIA_LABELS.items()
    }
    scores = {(row.document_id, c): row.cells[c].score for row in rows for c in CRITERIA_LABELS}
    ours = {(row.document_id, c): row.cells[c].meets for row in rows for c in CRITERIA_LABELS}
    marked = sum(ours.values())
    cut = sorted(scores.values(), reverse=True)[marked - 1] if marked else 1.0
    baseline = {k: scores[k] >= cut for k in truth}
    print(
        f"  {'criterion':24} {'positives':>9}   keywords + meaning (ours)   nearest passage alone, t={cut:.2f}"
    )
    for criterion in CRITERIA_LABELS:
        keys = [k for k in truth if k[1] == criterion]
        y = [truth[k] for k in keys]
        print(
            f"  {criterion:24} {sum(y):4}/{len(y):<4}   {pr([ours[k] for k in keys], y):26}  "
            f"{pr([baseline[k] for k in keys], y)}"
        )
    y = list(truth.values())
    print(
        f"  {'all five':24} {sum(y):4}/{len(y):<4}   {pr([ours[k] for k in truth], y):26}  "
        f"{pr([baseline[k] for k in truth], y)}"
    )


def bench_aspects(library: Library, cases: dict[str, list]) -> None:  # type: ignore[type-arg]
    import yaml

    labels = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    by_file = {}
    for doc in library.summaries(caller=CLI):
        first = passages_of(library.kb.store, doc.id)[1]
        by_file[first.get("source_name")] = cases[doc.id]
    found = []
    for label in labels:
        passages = by_file.get(label["file"], [])
        # The passage that holds the labelled opening words: chunking may since have moved a heading in
        # front of them or joined a neighbour, while the same order may now name another passage.
        passage = next((p for p in passages if label["excerpt"] in " ".join(p.text.split())), None)
        if passage is not None:
            found.append((label, passage))
    ours = library.labeller
    dense = AspectLabeller(library.kb.embedder, cue_weight=0.0)

    def previous(passage) -> str | None:  # type: ignore[no-untyped-def]
        sims = np.einsum("alk,k->al", ours.vectors, passage.vector).max(axis=1)
        text = fold(passage.text)
        cues = np.array([min(3, sum(1 for cue in PREVIOUS_CUES[name] if cue in text)) for name in ours.names])
        scores = sims + 0.04 * cues
        return ours.names[int(np.argmax(scores))] if scores.max() >= 0.25 else None

    print(f"\naspect labels: {len(found)} of {len(labels)} hand-labelled passages found")
    for name, label_of in (
        ("previous labeller (description + 0.04 a cue)", previous),
        ("dense similarity to the descriptions alone", dense.label_passage),
        ("index/aspects.py (cue share + heading + dense)", ours.label_passage),
    ):
        predicted = [label_of(p) for _, p in found]
        main = statistics.mean(
            1.0 if got == label["aspect"] else 0.0 for got, (label, _) in zip(predicted, found, strict=False)
        )
        loose = statistics.mean(
            1.0 if got in {label["aspect"], *label.get("also", [])} else 0.0
            for got, (label, _) in zip(predicted, found, strict=False)
        )
        print(f"  {name:48} agreement (main aspect) {main:.2f}   (main or another it tells) {loose:.2f}")


def bench_drafts(library: Library, members: list[tuple[str, set[str]]], limit: int) -> None:
    paths = {
        doc.id: library.get(doc.id, caller=CLI).metadata.get("source_path")  # type: ignore[union-attr]
        for doc in library.summaries(caller=CLI)
    }
    all_ranks, aspects, pairs, times = [], [], [], []
    for doc, twins in members:
        path = Path(paths.get(doc) or "")
        if not path.is_file():
            continue
        started = time.perf_counter()
        found = library.similar_to_draft(
            path.name, path.read_bytes(), SimilarRequest(limit=limit), caller=CLI
        )
        times.append(time.perf_counter() - started)
        order = [c.document_id for c in found if c.document_id != doc]  # the draft's own stored copy
        all_ranks.append(ranks(order, twins))
        evidence = found[0].evidence if found else []
        pairs.append(len(evidence))
        aspects.append(len({pair.aspect for pair in evidence if pair.aspect}))
    print(f"\ndrafts: {len(all_ranks)} twin-group members sent as drafts (their original files)")
    report("similar_to_draft", all_ranks)
    print(
        f"  first case's evidence: {statistics.mean(pairs):.1f} pairs, {statistics.mean(aspects):.1f} different "
        f"aspects on average; p50 {statistics.median(times) * 1000:.0f} ms a draft (parse, embed, compare)"
    )


def bench_short_drafts(
    library: Library,
    members: list[tuple[str, set[str]]],
    cases: dict[str, list],  # type: ignore[type-arg]
    limit: int,
) -> None:
    """A pasted description: the first 150 words or so of each member's story, sent as text; its evidence
    found for its passages (what the product did before) and for its parts (what it does now)."""
    from index import similar

    drafts = {}
    for doc, _ in members:
        taken: list[str] = []
        for passage in cases[doc]:
            if sum(len(t.split()) for t in taken) >= 150:
                break
            taken.append(passage.text)
        drafts[doc] = "\n\n".join(taken).encode("utf-8")
    print("\nshort drafts: the first ~150 words of each member's story pasted as text")
    kept = similar.SHORT_DRAFT_PASSAGES
    for label, short in (
        ("evidence of its passages (before)", 0),
        ("evidence of its parts (draft_case)", kept),
    ):
        similar.SHORT_DRAFT_PASSAGES = short
        all_ranks, aspects = [], []
        for doc, twins in members:
            found = library.similar_to_draft(
                "draft.txt", drafts[doc], SimilarRequest(limit=limit), caller=CLI
            )
            all_ranks.append(ranks([c.document_id for c in found if c.document_id != doc], twins))
            twin_cases = [c for c in found if c.document_id in twins][:1]
            aspects.append(len({p.aspect for c in twin_cases for p in c.evidence if p.aspect}))
        report(label, all_ranks)
        print(f"  {'':44} different aspects in the first twin's evidence: {statistics.mean(aspects):.1f}")
    similar.SHORT_DRAFT_PASSAGES = kept


def counts(predicted: list[bool], actual: list[bool]) -> tuple[int, int, int]:
    tp = sum(1 for p, a in zip(predicted, actual, strict=True) if p and a)
    fp = sum(1 for p, a in zip(predicted, actual, strict=True) if p and not a)
    fn = sum(1 for p, a in zip(predicted, actual, strict=True) if a and not p)
    return tp, fp, fn


def f1(predicted: list[bool], actual: list[bool]) -> float:
    tp, fp, fn = counts(predicted, actual)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def pr(predicted: list[bool], actual: list[bool]) -> str:
    tp, fp, fn = counts(predicted, actual)
    precision = tp / (tp + fp) if tp + fp else 0.0
    return f"P {precision:.2f} R {tp / (tp + fn) if tp + fn else 0.0:.2f} F1 {f1(predicted, actual):.2f}"


if __name__ == "__main__":
    main()
