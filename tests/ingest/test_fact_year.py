"""The year of a case's facts: a decade the text sets them against, a cited law's or treaty's date, a
person's birth year or a year long before the document's own never date the facts."""

from __future__ import annotations

from ingest.countries import fold
from ingest.fact_year import candidates, earliest
from ingest.facts import infer_facts
from ingest.models import Passage


def years(text: str, latest: int | None = None) -> list[int]:
    return [year for year, _ in candidates(fold(text), latest)]


def test_decades_laws_and_births_do_not_date_the_facts() -> None:
    assert years("Um padrão conhecido na cidade desde o final dos anos 1990: trabalhadores aliciados.") == []
    assert years("A practice common throughout the 1990s and the 2000's; in 2017 she was recruited.") == [
        2017
    ]
    assert years("Ya en la década de 2010 el puerto era un punto de paso.") == []
    assert years("Residência prevista na Lei nº 13.344/2016 e na Lei de Migração.") == []
    assert years("Ley 26.364 del 29 de abril de 2008; en marzo de 2019 la policía allanó el taller.") == [
        2019
    ]
    assert years("The Palermo Protocol of 2000 and Law No. 20.507 of 2011 apply; in June 2019 she fled.") == [
        2019
    ]
    assert years("Conforme al Protocolo de Palermo (2000). En 2011, un matrimonio la llevó a Salta.") == [
        2011
    ]
    assert years("La víctima, nacida en 1990 en Cochabamba, llegó en 2015.") == [2015]
    assert years("Born on 3 May 1992, she arrived in 2016.") == [2016]
    assert years("Em agosto de 2018, o trabalhador pediu para ir embora.") == [2018]
    assert years("A fines de 2019 los captaron; in mid-2010 it began.") == [2019, 2010]


def test_a_year_long_before_the_documents_own_or_after_it_is_doubtful() -> None:
    assert years("La red operaba desde 1998 y en 2016 captó a la víctima.", latest=2021) == [2016]
    assert years("La red operaba desde 1998 y en 2016 captó a la víctima.") == [1998, 2016]
    assert years("Los hechos de 2019 fueron juzgados; la apelación se resolverá en 2025.", latest=2022) == [
        2019
    ]
    assert earliest([fold("Desde los años 1990 y la Ley 26.364 de 2008."), fold("En 2012 la captaron.")]) == (
        2012,
        1,
    )


def test_the_year_of_the_facts_of_a_judgment_with_a_history_and_the_laws_it_applies() -> None:
    texts = [
        "Processo nº 0004321-11.2020.4.03.6181. Sentença.",
        "O caso é representativo de um padrão conhecido desde o final dos anos 1990: costureiros aliciados "
        "em La Paz e transportados via Corumbá. A vítima principal, nascida em 1996 em El Alto, foi aliciada "
        "em maio de 2018 por um anúncio de rádio. Os réus respondem pela Lei nº 13.344/2016.",
        "Em março de 2019, as equipes ingressaram na oficina com mandados de busca.",
        "O juízo condenou os réus a 8 anos de reclusão.",
    ]
    passages = [
        Passage("d", n, text, n + 1, n + 1, ["Fatos"] if n == 1 else [], "narrative", "pt")
        for n, text in enumerate(texts)
    ]
    facts = infer_facts(passages, {"kind": "judgment", "year": 2021, "countries": ["Brazil", "Bolivia"]})
    assert facts.year_of_facts == 2018  # not 1990 (a decade), 1996 (a birth), 2016 (a law)
    stated = next(f for f in facts.facts if f.field == "year_of_facts")
    assert stated.passage == 1 and "maio de 2018" in stated.quote
