"""Comparable cases: which documents tell a story like this one, and which passages show it.

A case (a document in the base, or a draft a prosecutor pastes or uploads) is a list of passages with
dense vectors. Each of its passages looks for its nearest passages in the base (one engine query per
passage, every filter of a search applied in the engine). A candidate document then has, for each query
passage, its best-matching passage and that pair's similarity; a passage it did not return counts at the
lowest similarity its query passage returned (an upper bound of what it missed).

The case score is half how much of the query case the candidate covers (the mean best similarity over
all query passages) and half how closely its best pair matches, so a twin that tells the whole story ranks
above a document sharing one striking paragraph, and that paragraph still counts. Shared facets (form of
exploitation, sector, countries) add a small bonus each and are returned as reasons; a case of another
form that matches strongly on its passages still ranks, with its evidence. These weights were chosen on
a grid over the twins of casestudies/ (bench/comparable.py); the plateau is wide (mean reciprocal rank
of every twin 0.55-0.58 across weights). Moving each language's scores to a common median (USE puts
same-language passages nearer) gained 0.02-0.03 there but pushed the right case down for a one-paragraph
draft in a small base, so it is not done.

Evidence pairs are labelled with the aspect of a case they are about (recruitment, transport, ...): the
aspect whose short description, written in Spanish, Portuguese and English, is nearest to both passages.

Measured on casestudies/ by bench/comparable.py against document-level embedding similarity (the mean
passage vector of each document), in the same run.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from .embed import Embedder
from .knowledge import LIVE
from .search import Filters, fold, request_filter
from .store import DENSE, Hit, Leg, Store, Where

MAX_QUERY_PASSAGES = 40  # longer cases are sampled evenly: the cost is one engine query per passage
NEIGHBOURS = 60  # nearest passages fetched per query passage
COVERAGE_WEIGHT = 0.5  # the rest goes to the best pair(s)
BEST_PAIRS = 1
FACET_BONUS = 0.05  # per kind of facet shared (exploitation, sector, countries)
ASPECT_FLOOR = 0.25  # below this similarity to every aspect, a pair is left unlabelled
CANDIDATE_FIELDS = ("doc_id", "order", "purpose", "sector", "countries", "sha256")
SHARED_FACETS = {"exploitation": "purpose", "sector": "sector", "countries": "countries"}

ASPECTS: dict[str, dict[str, str]] = {
    "recruitment": {
        "es": "Captación de las víctimas: ofertas de empleo engañosas, promesas de estudio o de una vida mejor, "
              "contacto por redes sociales, agencias o personas conocidas.",
        "pt": "Aliciamento das vítimas: ofertas de emprego enganosas, promessas de estudo ou de vida melhor, "
              "contato por redes sociais, agências ou conhecidos.",
        "en": "Recruitment of victims: deceptive job offers, promises of study or a better life, contact through "
              "social media, agencies or acquaintances."},
    "transport": {
        "es": "Traslado de las víctimas o migrantes: viajes, rutas, cruce de fronteras, pasos no habilitados, "
              "embarcaciones, documentos falsos.",
        "pt": "Transporte das vítimas ou migrantes: viagens, rotas, travessia de fronteiras, barcos, "
              "documentos falsos.",
        "en": "Transport of victims or migrants: journeys, routes, border crossings, boats, forged documents."},
    "exploitation": {
        "es": "Condiciones de explotación: jornadas extenuantes, trabajo sin salario, explotación sexual, "
              "mendicidad forzada, servidumbre doméstica, condiciones degradantes.",
        "pt": "Condições de exploração: jornadas exaustivas, trabalho sem salário, exploração sexual, "
              "mendicância forçada, servidão doméstica, condições degradantes.",
        "en": "Conditions of exploitation: exhausting hours, unpaid work, sexual exploitation, forced begging, "
              "domestic servitude, degrading conditions."},
    "control": {
        "es": "Control y coerción: deudas impagables, retención de documentos, amenazas, violencia, "
              "encierro, aislamiento, vigilancia.",
        "pt": "Controle e coação: dívidas impagáveis, retenção de documentos, ameaças, violência, "
              "confinamento, isolamento, vigilância.",
        "en": "Control and coercion: unpayable debts, retention of identity documents, threats, violence, "
              "confinement, isolation, surveillance."},
    "financial": {
        "es": "Flujos financieros: ganancias ilícitas, transferencias, remesas, lavado de dinero, "
              "decomiso de bienes.",
        "pt": "Fluxos financeiros: lucros ilícitos, transferências, remessas, lavagem de dinheiro, "
              "confisco de bens.",
        "en": "Financial flows: illicit profits, transfers, remittances, money laundering, confiscation "
              "of assets."},
    "investigation": {
        "es": "Investigación y prueba: allanamientos, escuchas, inspecciones, testimonios, cooperación "
              "internacional, equipos conjuntos de investigación.",
        "pt": "Investigação e prova: buscas, interceptações, fiscalizações, depoimentos, cooperação "
              "internacional, equipes conjuntas de investigação.",
        "en": "Investigation and evidence: raids, wiretaps, inspections, testimonies, international "
              "cooperation, joint investigation teams."},
    "outcome": {
        "es": "Resultado del proceso: sentencia, condena, penas de prisión, absolución, reparación "
              "a las víctimas.",
        "pt": "Resultado do processo: sentença, condenação, penas de prisão, absolvição, reparação "
              "às vítimas.",
        "en": "Outcome of the case: judgment, conviction, prison sentences, acquittal, compensation "
              "for victims."},
}


@dataclass
class CasePassage:
    """A passage of the case being compared: its text, where it is, and its dense vector."""

    order: int
    text: str
    page_start: int
    page_end: int
    section: list[str]
    vector: np.ndarray

    def view(self) -> dict[str, Any]:
        return {"order": self.order, "text": self.text, "page_start": self.page_start, "page_end": self.page_end,
                "section": self.section}


@dataclass
class SimilarRequest(Filters):
    limit: int = 10
    evidence: int = 3

    def where(self, access: Where | None) -> Where:
        """The same filter a search with these facets would use: access rules included, in the engine."""
        return request_filter(self, access)


def passages_of(store: Store, doc_id: str) -> tuple[list[CasePassage], dict[str, Any]]:
    """A stored document as a case: its passages with vectors, and its first passage's payload (facets)."""
    hits, _ = store.scroll(Where({"doc_id": doc_id, "state": LIVE}), limit=100_000, order_by="order", vectors=True)
    passages = [CasePassage(h.payload["order"], h.payload["text"], h.payload["page_start"], h.payload["page_end"],
                            h.payload.get("section", []), np.asarray(h.vector, dtype=np.float32))
                for h in hits if h.vector is not None]
    first = next((h.payload for h in hits if h.payload.get("order") == 0), hits[0].payload if hits else {})
    return passages, first


def sample(passages: list[CasePassage], most: int = MAX_QUERY_PASSAGES) -> list[CasePassage]:
    if len(passages) <= most:
        return passages
    step = len(passages) / most
    return [passages[int(i * step)] for i in range(most)]


# Word beginnings (accent-free, lower case) that point at an aspect in any of the three languages; each one
# found in a pair adds CUE_WEIGHT to that aspect's similarity (up to three).
CUES: dict[str, tuple[str, ...]] = {
    "recruitment": ("capta", "alici", "recrut", "recruit", "oferta", "offer", "anunci", "advert", "promet",
                    "promis", "instagram", "facebook", "redes sociales", "redes sociais", "social media", "engan",
                    "decept"),
    "transport": ("trasl", "transport", "viaj", "viag", "journey", "ruta", "rota", "route", "frontera", "fronteira",
                  "border", "embarca", "barco", "boat", "yola", "cruce", "travessia", "crossing", "pasaje"),
    "exploitation": ("jornada", "hours", "salario", "salari", "wage", "explota", "explora", "exploit", "prostitu",
                     "mendic", "begging", "servidumbre", "servidao", "servitude", "hacina", "degrad"),
    "control": ("deuda", "divida", "debt", "retenc", "retenc", "retain", "retention", "document", "pasaporte",
                "passaporte", "passport", "amenaz", "ameac", "threat", "violenc", "violence", "encerr", "confin",
                "aisla", "isola", "vigil"),
    "financial": ("financ", "dinero", "dinheiro", "money", "transfer", "remesa", "remessa", "lavado", "lavagem",
                  "launder", "decomis", "confisc", "bienes", "bens", "assets", "cuenta", "conta", "account"),
    "investigation": ("investiga", "allanam", "busca", "raid", "escucha", "intercept", "wiretap", "inspecc",
                      "fiscaliz", "inspection", "declarac", "depoim", "testimon", "prueba", "prova", "evidence",
                      "cooperac", "coopera", "equipo conjunto", "equipe conjunta", "joint investigation"),
    "outcome": ("sentencia", "sentenca", "judgment", "conden", "convict", "prision", "prisao", "prison", "absol",
                "acquit", "repara", "compensat", "pena"),
}
CUE_WEIGHT = 0.04


class AspectLabeller:
    """Names the aspect of a case a pair of passages is about (see ASPECTS), from the dense vectors."""

    def __init__(self, embedder: Embedder) -> None:
        self.names = list(ASPECTS)
        texts = [text for name in self.names for text in ASPECTS[name].values()]
        vectors = embedder.embed(texts)
        per_aspect = len(next(iter(ASPECTS.values())))
        self.vectors = vectors.reshape(len(self.names), per_aspect, -1)

    def label(self, a: CasePassage, b: CasePassage) -> str | None:
        """The aspect nearest to both passages (each aspect's nearest language version, plus the cue words
        found in their texts), or None when no aspect is near enough."""
        sims = np.einsum("alk,pk->apl", self.vectors, np.stack([a.vector, b.vector])).max(axis=2).mean(axis=1)
        text = fold(a.text + " " + b.text)
        cues = np.array([min(3, sum(1 for cue in CUES[name] if cue in text)) for name in self.names])
        scores = sims + CUE_WEIGHT * cues
        best = int(np.argmax(scores))
        return self.names[best] if scores[best] >= ASPECT_FLOOR else None


def comparable_cases(store: Store, labeller: AspectLabeller, case: list[CasePassage], facets: dict[str, Any],
                     request: SimilarRequest, exclude: str | None = None,
                     access: Where | None = None) -> list[dict[str, Any]]:
    """The documents most comparable to `case`, best first, each with its score, shared facets and evidence."""
    query = sample(case)
    if not query:
        return []
    where = request.where(access)
    if exclude:
        where = where.excluding(doc_id=exclude)
    lists = store.search_batch([Leg(DENSE, p.vector.tolist(), 1.0) for p in query], where, limit=NEIGHBOURS,
                               fields=CANDIDATE_FIELDS)
    floors = [min((h.score for h in hits), default=0.0) if len(hits) == NEIGHBOURS else 0.0 for hits in lists]
    best: dict[str, dict[int, Hit]] = defaultdict(dict)  # doc -> query passage index -> its best hit there
    payloads: dict[str, dict[str, Any]] = {}
    for i, hits in enumerate(lists):
        for hit in hits:
            doc = hit.payload["doc_id"]
            if facets.get("sha256") and hit.payload.get("sha256") == facets["sha256"]:
                continue  # the same file stored twice (alone and as an e-mail attachment) is no comparable case
            payloads.setdefault(doc, hit.payload)
            if i not in best[doc] or hit.score > best[doc][i].score:
                best[doc][i] = hit
    scored = []
    for doc, pairs in best.items():
        sims = [pairs[i].score if i in pairs else floors[i] for i in range(len(query))]
        top = sorted((hit.score for hit in pairs.values()), reverse=True)[:BEST_PAIRS]
        shared = shared_facets(facets, payloads[doc])
        score = (COVERAGE_WEIGHT * sum(sims) / len(sims) + (1 - COVERAGE_WEIGHT) * sum(top) / len(top)
                 + FACET_BONUS * sum(1 for values in shared.values() if values))
        scored.append((score, doc, shared))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [case_view(store, labeller, query, best[doc], score, shared, request.evidence)
            for score, doc, shared in scored[: request.limit]]


def shared_facets(query: dict[str, Any], match: dict[str, Any]) -> dict[str, list[str]]:
    """Facet values the two cases have in common: {"exploitation": [...], "sector": [...], "countries": [...]}."""
    def values(payload: dict[str, Any], key: str) -> set[str]:
        value = payload.get(key)
        return {str(v) for v in (value if isinstance(value, list) else [value]) if v not in (None, "")}

    return {name: sorted(values(query, key) & values(match, key)) for name, key in SHARED_FACETS.items()}


def case_view(store: Store, labeller: AspectLabeller, query: list[CasePassage], pairs: dict[int, Hit],
              score: float, shared: dict[str, list[str]], evidence: int) -> dict[str, Any]:
    """One comparable case: its best pairs, each query passage and each matched passage used once."""
    chosen: list[tuple[int, Hit]] = []
    used: set[str] = set()
    for i, hit in sorted(pairs.items(), key=lambda item: -item[1].score):
        if hit.id not in used:
            chosen.append((i, hit))
            used.add(hit.id)
        if len(chosen) >= evidence:
            break
    full = {h.id: h for h in store.retrieve([hit.id for _, hit in chosen], vectors=True)}
    first = next(iter(full.values())).payload if full else {}
    items = []
    for i, hit in chosen:
        match = full.get(hit.id)
        if match is None:
            continue
        p = match.payload
        matched = CasePassage(p["order"], p["text"], p["page_start"], p["page_end"], p.get("section", []),
                              np.asarray(match.vector if match.vector is not None else query[i].vector,
                                         dtype=np.float32))
        items.append({"aspect": labeller.label(query[i], matched), "query_passage": query[i].view(),
                      "match_passage": matched.view(), "score": round(pairs[i].score, 4)})
    return {"document_id": first.get("doc_id", next(iter(pairs.values())).payload["doc_id"]),
            "title": first.get("title", ""), "countries": first.get("countries", []), "year": first.get("year"),
            "kind": first.get("kind"), "language": first.get("doc_language"), "score": round(score, 4),
            "shared": shared, "evidence": items}


def draft_case(embedder: Embedder, passages: list[Any]) -> list[CasePassage]:
    """A case that is not in the base (a pasted or uploaded draft): its passages embedded now."""
    from .knowledge import embedding_text

    vectors = embedder.embed([embedding_text(p) for p in passages]) if passages else []
    return [CasePassage(p.order, p.text, p.page_start, p.page_end, p.section, np.asarray(v, dtype=np.float32))
            for p, v in zip(passages, vectors, strict=True)]


def document_vector(case: list[CasePassage]) -> np.ndarray:
    """The mean of a case's passage vectors, normalised: the document-level baseline of the benchmark."""
    mean = np.mean([p.vector for p in case], axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm > 0 and not math.isnan(norm) else mean
