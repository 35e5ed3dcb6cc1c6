"""Out-of-domain queries for the relevance floor: random letter strings and questions from other fields.

200 queries, generated with a fixed seed: 50 strings of random letters (one to four "words") and 150
questions about cooking, gardening, pets and gadgets, 50 each in Spanish, Portuguese
and English. None of the benchmark bases (XQuAD's Wikipedia articles, FaQuAD's university regulations)
nor the sample corpus answers them: a search should show nothing.
"""

from __future__ import annotations

import random
import string

SEED = 14
TEMPLATES = {
    "es": [
        "¿Cuánto tiempo hay que hornear {food}?",
        "¿Cómo se prepara {food} sin horno?",
        "¿Cada cuánto se riega {plant} en verano?",
        "¿Qué come {pet} cuando es cachorro?",
        "¿Qué funda sirve para {gadget}?",
        "¿Con qué salsa se acompaña {food}?",
        "¿Qué vino combina con {food}?",
        "¿Cuánta luz necesita {plant}?",
        "¿Cuántas horas duerme {pet}?",
        "¿Cómo se carga {gadget}?",
    ],
    "pt": [
        "Quanto tempo devo assar {food}?",
        "Como preparar {food} sem forno?",
        "Com que frequência regar {plant} no verão?",
        "O que come {pet} quando filhote?",
        "Qual capinha serve para {gadget}?",
        "Que molho acompanha {food}?",
        "Que vinho combina com {food}?",
        "Quanta luz precisa {plant}?",
        "Quantas horas dorme {pet}?",
        "Como se carrega {gadget}?",
    ],
    "en": [
        "How long should I bake {food}?",
        "How do you make {food} without an oven?",
        "How often should I water {plant} in summer?",
        "What does {pet} eat as a puppy?",
        "Which case fits {gadget}?",
        "Which sauce goes with {food}?",
        "Which wine goes with {food}?",
        "How much light does {plant} need?",
        "How many hours does {pet} sleep?",
        "How do you charge {gadget}?",
    ],
}
FILLERS = {
    "es": {
        "food": [
            "un bizcocho de chocolate",
            "las galletas de avena",
            "una tarta de manzana",
            "el pan de masa madre",
            "unas magdalenas de limón",
            "una paella de marisco",
            "unas croquetas de jamón",
        ],
        "plant": ["un cactus", "las orquídeas", "los tomates cherry", "la lavanda"],
        "pet": ["un hámster", "un loro", "un conejo enano", "un gato persa"],
        "gadget": ["un auricular inalámbrico", "una tableta de dibujo", "un reloj inteligente"],
    },
    "pt": {
        "food": [
            "um bolo de cenoura",
            "os biscoitos de aveia",
            "uma torta de maçã",
            "o pão de fermentação natural",
            "os bolinhos de limão",
            "uma moqueca de peixe",
            "um brigadeiro de colher",
        ],
        "plant": ["um cacto", "as orquídeas", "os tomates-cereja", "a lavanda"],
        "pet": ["um hamster", "um papagaio", "um coelho anão", "um gato persa"],
        "gadget": ["um fone sem fio", "uma mesa digitalizadora", "um relógio inteligente"],
    },
    "en": {
        "food": [
            "a chocolate sponge cake",
            "oatmeal cookies",
            "an apple pie",
            "sourdough bread",
            "lemon muffins",
            "a seafood paella",
            "banana pancakes",
        ],
        "plant": ["a cactus", "orchids", "cherry tomatoes", "lavender"],
        "pet": ["a hamster", "a parrot", "a dwarf rabbit", "a persian cat"],
        "gadget": ["wireless earbuds", "a drawing tablet", "a smartwatch"],
    },
}


def random_strings(rng: random.Random, count: int) -> list[str]:
    return [
        " ".join(
            "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 9)))
            for _ in range(rng.randint(1, 4))
        )
        for _ in range(count)
    ]


def field_questions(rng: random.Random, language: str, count: int) -> list[str]:
    every = sorted(
        {
            template.format(**dict(zip(slots, values, strict=True)))
            for template in TEMPLATES[language]
            for slots in [[s for s in FILLERS[language] if "{" + s + "}" in template]]
            for values in _product([FILLERS[language][s] for s in slots])
        }
    )
    return rng.sample(every, min(count, len(every)))


def _product(lists: list[list[str]]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = [()]
    for values in lists:
        out = [(*prefix, value) for prefix in out for value in values]
    return out


def offtopic_queries() -> list[str]:
    """The 200 queries (50 random strings, 50 questions in each of es, pt, en)."""
    rng = random.Random(SEED)
    return random_strings(rng, 50) + [
        q for language in ("es", "pt", "en") for q in field_questions(rng, language, 50)
    ]
