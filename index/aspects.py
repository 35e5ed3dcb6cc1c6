"""Aspects of a case: what a passage (or a pair of passages of two comparable cases) is about.

Seven aspects, the ones a prosecutor compares two cases on: recruitment, transport, exploitation, control
and coercion, financial flows, investigation and evidence, outcome. A passage's aspect is decided from two
signals, added:

- how near its dense vector is to a short description of each aspect (written in Spanish, Portuguese and
  English; the nearest language version counts), and
- the words that name an aspect in any of the three languages (word beginnings, accent-free, so one stem
  covers "captación", "captada", "captaba"), counted over the passage's words: each hit adds CUE_WEIGHT
  times its share of the passage, so a passage mostly about money outweighs one that mentions a transfer.

Why both: measured against 60 passages of casestudies/ labelled by hand (bench/data/aspect_labels.yaml,
printed by bench/comparable.py), the dense similarity alone to a one-sentence description says "transport"
or "outcome" for most story passages (agreement 0.32; the old labeller, that similarity plus a few cue
words, 0.40); with the cue share and the section heading's cues, 0.85 (0.83 when the two weights are chosen
on half the labels and measured on the other half). The word counts carry most of the decision, the dense
signal breaks ties and labels a passage in words no list holds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from .embed import Embedder
from .search import fold

ASPECTS: dict[str, dict[str, str]] = {
    "recruitment": {
        "es": "Captación de las víctimas: ofertas de empleo engañosas, promesas de estudio o de una vida mejor, "
        "contacto por redes sociales, agencias o personas conocidas.",
        "pt": "Aliciamento das vítimas: ofertas de emprego enganosas, promessas de estudo ou de vida melhor, "
        "contato por redes sociais, agências ou conhecidos.",
        "en": "Recruitment of victims: deceptive job offers, promises of study or a better life, contact through "
        "social media, agencies or acquaintances.",
    },
    "transport": {
        "es": "Traslado de las víctimas o migrantes: viajes, rutas, cruce de fronteras, pasos no habilitados, "
        "embarcaciones, documentos falsos.",
        "pt": "Transporte das vítimas ou migrantes: viagens, rotas, travessia de fronteiras, barcos, "
        "documentos falsos.",
        "en": "Transport of victims or migrants: journeys, routes, border crossings, boats, forged documents.",
    },
    "exploitation": {
        "es": "Condiciones de explotación: jornadas extenuantes, trabajo sin salario, explotación sexual, "
        "mendicidad forzada, servidumbre doméstica, condiciones degradantes.",
        "pt": "Condições de exploração: jornadas exaustivas, trabalho sem salário, exploração sexual, "
        "mendicância forçada, servidão doméstica, condições degradantes.",
        "en": "Conditions of exploitation: exhausting hours, unpaid work, sexual exploitation, forced begging, "
        "domestic servitude, degrading conditions.",
    },
    "control": {
        "es": "Control y coerción: deudas impagables, retención de documentos, amenazas, violencia, "
        "encierro, aislamiento, vigilancia.",
        "pt": "Controle e coação: dívidas impagáveis, retenção de documentos, ameaças, violência, "
        "confinamento, isolamento, vigilância.",
        "en": "Control and coercion: unpayable debts, retention of identity documents, threats, violence, "
        "confinement, isolation, surveillance.",
    },
    "financial": {
        "es": "Flujos financieros: ganancias ilícitas, transferencias, remesas, lavado de dinero, "
        "decomiso de bienes.",
        "pt": "Fluxos financeiros: lucros ilícitos, transferências, remessas, lavagem de dinheiro, "
        "confisco de bens.",
        "en": "Financial flows: illicit profits, transfers, remittances, money laundering, confiscation "
        "of assets.",
    },
    "investigation": {
        "es": "Investigación y prueba: allanamientos, escuchas, inspecciones, testimonios, cooperación "
        "internacional, equipos conjuntos de investigación.",
        "pt": "Investigação e prova: buscas, interceptações, fiscalizações, depoimentos, cooperação "
        "internacional, equipes conjuntas de investigação.",
        "en": "Investigation and evidence: raids, wiretaps, inspections, testimonies, international "
        "cooperation, joint investigation teams.",
    },
    "outcome": {
        "es": "Resultado del proceso: sentencia, condena, penas de prisión, absolución, reparación "
        "a las víctimas.",
        "pt": "Resultado do processo: sentença, condenação, penas de prisão, absolvição, reparação "
        "às vítimas.",
        "en": "Outcome of the case: judgment, conviction, prison sentences, acquittal, compensation "
        "for victims.",
    },
}

# Word beginnings (accent-free, lower case) that name an aspect in Spanish, Portuguese or English. A cue
# matches a word that starts with it; one ending in "=" only that whole word ("bus=", not "busca", a
# search); one with a space that phrase. Stems are kept long enough not to catch a word of another aspect
# ("captad", not "capt", which would catch "captura", an arrest). Words of a sector (mining, fishing,
# sewing) are left out: they say what kind of case it is, not which part of its story a passage tells.
CUES: dict[str, tuple[str, ...]] = {
    "recruitment": (
        "captad",
        "captac",
        "captab",
        "captar",
        "capto=",
        "captaron",
        "alicia",
        "recrut",
        "recruit",
        "reclut",
        "oferta",
        "ofrec",
        "offer",
        "anunci",
        "advert",
        "aviso",
        "promet",
        "promes",
        "promis",
        "propuesta",
        "proposta",
        "instagram",
        "facebook",
        "tiktok",
        "redes sociales",
        "redes sociais",
        "social media",
        "engan",
        "decei",
        "decept",
        "agencia",
        "agency",
        "manning",
        "contrato",
        "contract",
        "job=",
        "jobs=",
        "empleo",
        "emprego",
        "vaga=",
        "vagas=",
    ),
    "transport": (
        "trasl",
        "transport",
        "viaj",
        "viag",
        "journey",
        "travel",
        "ruta",
        "rota=",
        "rotas=",
        "route",
        "frontera",
        "fronteir",
        "border",
        "lancha",
        "yola",
        "cruce",
        "cruzar",
        "cruzaron",
        "cruzab",
        "travessia",
        "crossing",
        "crossed",
        "pasaje",
        "passagem",
        "fare=",
        "tiquete",
        "ticket",
        "bus=",
        "buses=",
        "onibus",
        "autocarro",
        "camion",
        "truck",
        "trailer",
        "trocha",
        "smuggl",
        "contrabando",
        "trafico ilicito",
        "transit",
        "embarcac",
        "boat",
        "barco",
        "vessel",
        "buque",
        "voyage",
    ),
    "exploitation": (
        "jornada",
        "hours=",
        "horas=",
        "salario",
        "salari",
        "wage",
        "explota",
        "explora",
        "exploit",
        "prostitu",
        "sexual",
        "client",
        "mendic",
        "begging",
        "esmola",
        "servidumbre",
        "servidao",
        "servitude",
        "hacina",
        "overcrowd",
        "sobrelot",
        "degrad",
        "condiciones",
        "condicoes",
        "conditions",
        "escrav",
        "esclav",
        "slave",
        "forzos",
        "forcad",
        "forced",
        "dormi",
        "slept",
        "sleep",
        "colchon",
        "mattress",
        "alojad",
        "sin pago",
        "sem pagamento",
        "unpaid",
        "sin salario",
        "turnos",
        "shifts",
        "cleaning",
        "limpi",
        "trabajaban",
        "trabalhavam",
        "worked=",
    ),
    "control": (
        "deuda",
        "divida",
        "debt",
        "adelant",
        "adiant",
        "advance",
        "retenc",
        "retenia",
        "retuv",
        "retien",
        "reteve",
        "retain",
        "retention",
        "retiv",
        "guardab",
        "guardav",
        "kept",
        "pasaporte",
        "passaporte",
        "passport",
        "amenaz",
        "ameac",
        "threat",
        "violenc",
        "violence",
        "golpe",
        "beaten",
        "agred",
        "castig",
        "punish",
        "encerr",
        "confin",
        "locked",
        "trancad",
        "llave",
        "chave",
        "aisla",
        "isola",
        "vigil",
        "surveil",
        "miedo",
        "medo=",
        "fear",
        "no podian",
        "nao podiam",
        "could not leave",
        "not allowed",
        "impagab",
        "impagav",
        "unpayable",
        "descont",
        "deduct",
        "fichas",
        "arma=",
        "armas=",
        "weapon",
        "deport",
        "expuls",
        "obligad",
        "obrigad",
        "forced to",
        "coerc",
        "coac",
        "represal",
        "control",
    ),
    "financial": (
        "financ",
        "dinero",
        "dinheiro",
        "money",
        "transfer",
        "remesa",
        "remessa",
        "remitt",
        "lavado",
        "lavagem",
        "launder",
        "decomis",
        "confisc",
        "forfeit",
        "perdimento",
        "bienes",
        "bens=",
        "asset",
        "cuentas",
        "contas=",
        "account",
        "bancar",
        "bancari",
        "bank",
        "uif=",
        "coaf=",
        "rif=",
        "congel",
        "freez",
        "bloque",
        "patrimon",
        "lucro",
        "ganancia",
        "profit",
        "proceeds",
        "efectivo",
        "cash=",
        "especie",
        "extincion de dominio",
        "crypto",
        "cripto",
        "invoice",
        "factura",
        "notas fiscais",
        "testaferr",
        "fachada",
        "deposit",
        "inmueble",
        "imove",
        "propert",
        "vehicul",
        "veicul",
    ),
    "investigation": (
        "investiga",
        "allanam",
        "busca=",
        "raid",
        "escucha",
        "intercept",
        "wiretap",
        "inspecc",
        "inspecao",
        "fiscaliz",
        "inspect",
        "auditor",
        "declarac",
        "depoim",
        "testimon",
        "testemunh",
        "witness",
        "testig",
        "prueba",
        "prova=",
        "provas=",
        "probat",
        "evidence",
        "cooperac",
        "coopera",
        "equipo conjunto",
        "equipe conjunta",
        "equipa conjunta",
        "joint investigation",
        "joint team",
        "entrevist",
        "interview",
        "oitiva",
        "escuta",
        "denuncia",
        "complaint",
        "rescat",
        "resgat",
        "rescue",
        "operativ",
        "operac",
        "operation",
        "pericia",
        "pericial",
        "expert",
        "incaut",
        "apreend",
        "seiz",
        "policia",
        "police",
        "anticipad",
        "antecipad",
        "anticipated",
        "protocol",
        "recomend",
        "recommend",
        "diligencia",
        "mandado",
        "warrant",
        "orden de",
        "analisis",
        "analise",
        "analysis",
        "informe",
        "relatorio",
        "intelligence",
        "inteligencia",
        "preserva",
        "focal",
        "asistencia judicial",
        "mutual legal",
        "eurojust",
        "interpret",
        "psicolog",
        "camara gesell",
        "proteccion",
        "protecao",
        "protection",
        "acolhim",
        "revictimiz",
        "identifica",
    ),
    "outcome": (
        "sentencia",
        "sentenca",
        "sentence",
        "judgment",
        "judgement",
        "juzgado",
        "conden",
        "convict",
        "prision",
        "prisao",
        "prison",
        "imprison",
        "reclus",
        "absol",
        "acquit",
        "repara",
        "compensat",
        "indeniz",
        "indemn",
        "pena de",
        "penas de",
        "pena privativa",
        "anos de reclus",
        "tribunal",
        "court",
        "juizo",
        "juiz=",
        "colegiado",
        "dano moral",
        "multa=",
        "culpable",
        "guilty",
        "aceptar cargos",
        "fallo=",
        "veredicto",
        "verdict",
        "resolvio",
        "resolveu",
        "ruled",
        "held that",
        "sostuvo",
        "lista suja",
        "cadastro de empregadores",
    ),
}
# Words of a section heading that say which part of a case the section tells, beyond the cues above: a
# "Good practice" or "Recommendations" section is about how to investigate, "Dispositivo" is the ruling.
HEADING_CUES: dict[str, tuple[str, ...]] = {
    "investigation": (
        "buenas practicas",
        "boas praticas",
        "good practice",
        "recomend",
        "recommend",
        "leccion",
        "licoes",
        "lesson",
        "desafio",
        "dificultad",
        "challenge",
        "principio",
        "principle",
        "aspectos destacados",
        "pendiente",
        "medidas",
        "hard=",
    ),
    "outcome": ("resolucion", "dispositivo", "decision", "desdobramento", "decisao", "fallo="),
}
# A section heading of at most this many words, or below the document's title, names a part of a case.
HEADING_WORDS = 6
# How much the heading's cues add, as a share of the passage's words: a heading is one line, but a strong sign.
HEADING_WEIGHT = 0.08
# How much a passage whose words are all cues of one aspect adds to that aspect's dense similarity (0-1).
CUE_WEIGHT = 15.0
# Below this score for every aspect, a passage is left unlabelled.
ASPECT_FLOOR = 0.25
WORD = re.compile(r"[a-z0-9]+")
# Each aspect's cues split once: (word beginnings, whole words, phrases).
_CUE_PARTS = {
    name: (
        tuple(c for c in cues if " " not in c and not c.endswith("=")),
        frozenset(c[:-1] for c in cues if c.endswith("=")),
        tuple(c for c in cues if " " in c),
    )
    for name, cues in CUES.items()
}


class Embedded(Protocol):
    """Anything with a passage's text, its heading path and dense vector (a CasePassage)."""

    text: str
    section: list[str]
    vector: np.ndarray


def cue_counts(text: str) -> np.ndarray:
    """For each aspect (in ASPECTS order), how many of the text's words begin with one of its cues, plus
    the phrases found, divided by the number of words."""
    folded = fold(text)
    words = WORD.findall(folded)
    if not words:
        return np.zeros(len(ASPECTS))
    joined = " " + " ".join(words) + " "
    counts = []
    for name in ASPECTS:
        stems, whole, phrases = _CUE_PARTS[name]
        hits = sum(1 for word in words if word in whole or word.startswith(stems))
        hits += sum(joined.count(f" {phrase}") for phrase in phrases)
        counts.append(hits)
    return np.asarray(counts, dtype=np.float64) / len(words)


def heading_cues(section: Sequence[str]) -> np.ndarray:
    """For each aspect, 1 when the passage's own section heading (the deepest one, when it is not just the
    document's title) holds one of its cues or heading cues, else 0."""
    if not section:
        return np.zeros(len(ASPECTS))
    heading = fold(section[-1])
    words = WORD.findall(heading)
    if len(section) < 2 and len(words) > HEADING_WORDS:
        return np.zeros(len(ASPECTS))
    joined = " " + " ".join(words) + " "
    found = []
    for name in ASPECTS:
        stems, whole, phrases = _CUE_PARTS[name]
        extra = HEADING_CUES.get(name, ())
        stems += tuple(c for c in extra if " " not in c and not c.endswith("="))
        whole |= {c[:-1] for c in extra if c.endswith("=")}
        phrases += tuple(c for c in extra if " " in c)
        found.append(
            any(w in whole or w.startswith(stems) for w in words) or any(f" {p}" in joined for p in phrases)
        )
    return np.asarray(found, dtype=np.float64)


class AspectLabeller:
    """Names the aspect of a case a passage, or a pair of passages, is about (see the module docstring)."""

    def __init__(self, embedder: Embedder, cue_weight: float = CUE_WEIGHT) -> None:
        """`cue_weight` 0 labels by the dense similarity alone (the benchmark's baseline)."""
        self.cue_weight = cue_weight
        self.names = list(ASPECTS)
        texts = [text for name in self.names for text in ASPECTS[name].values()]
        vectors = embedder.embed(texts)
        per_aspect = len(next(iter(ASPECTS.values())))
        self.vectors = np.asarray(vectors, dtype=np.float32).reshape(len(self.names), per_aspect, -1)

    def scores(self, passages: Sequence[Embedded]) -> np.ndarray:
        """One score per aspect for these passages taken together (their mean)."""
        stacked = np.stack([np.asarray(p.vector, dtype=np.float32) for p in passages])
        sims = np.einsum("alk,pk->apl", self.vectors, stacked).max(axis=2).mean(axis=1)
        cues = np.mean(
            [cue_counts(p.text) + HEADING_WEIGHT * heading_cues(p.section) for p in passages], axis=0
        )
        return sims + self.cue_weight * cues

    def label_passage(self, passage: Embedded) -> str | None:
        """The aspect one passage is mainly about, or None when no aspect is near enough."""
        return self._best(self.scores([passage]))

    def label(self, a: Embedded, b: Embedded) -> str | None:
        """The aspect a pair of passages (one of each case) is about: the best for both together."""
        return self._best(self.scores([a, b]))

    def _best(self, scores: np.ndarray) -> str | None:
        best = int(np.argmax(scores))
        return self.names[best] if scores[best] >= ASPECT_FLOOR else None
