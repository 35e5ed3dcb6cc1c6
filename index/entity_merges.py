"""Names that are probably the same person, proposed to editors: "juan perez" and "juan carlos perez rojas",
"benitez rodolfo" and "benites rodolfo".

Keys already fold accents, case and word order, so what is left is a spelling or a shorter form of the
name. Two visible person keys are proposed when their sorted words are at least SIMILAR alike
(`rapidfuzz`'s token_sort_ratio: one letter wrong in a long name), or when every word of one is in the
other and they share two words or more (a name with and without its second given name or surname). Only
names of documents the caller may see are compared, the most widespread MAX_NAMES first, and a pair an
editor already decided is never proposed again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from .entities import Aliases, EntitySummary, Where, entity_id, summarise, visible_keys
from .store import Store

SIMILAR = 88  # token_sort_ratio, 0-100
MAX_NAMES = 2_000  # the names compared (every pair of them: a C loop, well under a second)
MAX_PROPOSALS = 50
COMMON_WORD = 200  # a word more names than this hold pairs none of them


@dataclass(frozen=True)
class NamePair:
    """Two people an editor may merge (`a` the more widespread) and how alike their names are (0-100)."""

    a: EntitySummary
    b: EntitySummary
    score: int


def pair_key(a: str, b: str) -> tuple[str, str]:
    """A pair of entity keys in one order, whichever order it was given in."""
    return (a, b) if a <= b else (b, a)


def alike(a: str, b: str) -> int:
    """How alike two folded names are (0-100): the spelling, or a name inside the other; 0 when neither."""
    spelled = fuzz.token_sort_ratio(a, b)
    if spelled >= SIMILAR:
        return int(spelled)
    words_a, words_b = set(a.split()), set(b.split())
    if len(words_a & words_b) >= 2 and (words_a <= words_b or words_b <= words_a):
        return int(fuzz.token_set_ratio(a, b))
    return 0


def proposals(
    store: Store,
    access: Where | None,
    decided: Collection[tuple[str, str]],
    aliases: Aliases,
    limit: int = MAX_PROPOSALS,
) -> list[NamePair]:
    """Pairs of person names among the documents the caller may see that are probably one person, most
    alike first; none an editor decided, none already in one merged group."""
    counted: dict[str, int] = {}
    for key, count in visible_keys(store, access, "person"):
        group = aliases.of(key)
        counted[group] = counted.get(group, 0) + count
    keys = [k for k, _ in sorted(counted.items(), key=lambda kv: -kv[1])][:MAX_NAMES]
    values = [key.split(":", 1)[1] for key in keys]
    seen = set(decided)
    candidates: dict[tuple[int, int], int] = {}
    if len(keys) >= 2:
        scores = process.cdist(values, values, scorer=fuzz.token_sort_ratio, score_cutoff=SIMILAR)
        for i, j in zip(*np.nonzero(np.triu(scores, 1)), strict=True):
            candidates[(int(i), int(j))] = int(scores[i][j])
    shared: dict[tuple[int, int], int] = defaultdict(int)  # words two names share, by an index of words
    holders: dict[str, list[int]] = defaultdict(list)
    for n, value in enumerate(values):
        for word in set(value.split()):
            holders[word].append(n)
    for held in holders.values():
        if len(held) <= COMMON_WORD:  # "maria", "da silva" are in too many names to pair them
            for x, i in enumerate(held):
                for j in held[x + 1 :]:
                    shared[(i, j)] += 1
    for (i, j), count in shared.items():
        if count >= 2 and (i, j) not in candidates:
            score = alike(values[i], values[j])
            if score:
                candidates[(i, j)] = score
    found = [
        (score, keys[i], keys[j])
        for (i, j), score in candidates.items()
        if pair_key(keys[i], keys[j]) not in seen
    ]
    found.sort(key=lambda t: -t[0])
    found = found[:limit]
    summaries = {s.id: s for s in summarise(store, [k for _, a, b in found for k in (a, b)], access, aliases)}
    pairs = []
    for score, a, b in found:
        first, second = summaries.get(entity_id(a)), summaries.get(entity_id(b))
        if first and second:
            if (second.documents, second.passages) > (first.documents, first.passages):
                first, second = second, first
            pairs.append(NamePair(first, second, score))
    return pairs
