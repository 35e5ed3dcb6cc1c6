"""A casebook pseudonymised for training: people and identifiers become roles and masks, the same label for
the same entity all through the casebook, in the export's language; on real judgments no name ingest
finds is left, and the sample corpus's cross-country phone gets one mask in both cases."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from ingest.pipeline import build_document, read_source
from service.casebooks import Casebook, Citation, Item
from service.pseudonyms import mask, pseudonymise
from tests.conftest import CASESTUDIES, ROOT

REALDOCS = ROOT.parent / "shared" / "realdocs"
LABEL = re.compile(r"\b(Procesado|Víctima|Testigo|Persona|Captador|Organización|Perfil) \d+")
FIRST = (
    "El imputado Juan Carlos Pérez Rojas captó a la víctima María López por WhatsApp al 0981 123 456. "
    "Pérez cobraba en la cuenta BR15 0000 0000 0000 1093 2840 814 P2, CPF 111.444.777-35, "
    "escribía desde juan.perez@gmail.com y contrataba por la Agencia Modelos Top."
)
SECOND = (
    "Según la testigo Ana Gómez, JUAN CARLOS PEREZ ROJAS llamaba desde el +595 981 123-456. "
    "La víctima M.L.G. declaró en cámara Gesell."
)


def citation(doc: str, title: str, country: str, text: str, source: str = "caso.pdf") -> Citation:
    return Citation(doc, title, [country], 2020, "judgment", "es", source, text, 0, 1, 1)


def book() -> Casebook:
    return Casebook(
        "b1",
        "Curso: el caso Pérez",
        "Dos casos del mismo captador",
        items=[
            Item(
                "i1",
                citation("d1", "Sentencia contra Juan Carlos Pérez Rojas", "Paraguay", FIRST, "Perez.pdf"),
                "Ver a Pérez",
            ),
            Item("i2", citation("d2", "Caso de Buenos Aires", "Argentina", SECOND), ""),
        ],
    )


def test_people_and_identifiers_become_roles_and_masks_the_same_everywhere_in_the_casebook() -> None:
    out = pseudonymise(book(), "es")
    first, second = (item.citation for item in out.items)
    assert first.text == (
        "El imputado Procesado 1 captó a la víctima Víctima 1 por WhatsApp al +595 9** ***456. "
        "Procesado 1 cobraba en la cuenta BR** **** **** **** **** **** *14P 2, CPF ***.***.***-35, "
        "escribía desde j***@***.com y contrataba por la Organización 1."
    )
    # the same person written in capitals without accents, the same phone written another way
    assert second.text == (
        "Según la testigo Testigo 1, Procesado 1 llamaba desde el +595 9** ***456. "
        "La víctima Víctima 2 declaró en cámara Gesell."
    )
    assert first.title == "Sentencia contra Procesado 1" and out.items[0].note == "Ver a Procesado 1"
    assert out.title == "Curso: el caso Procesado 1"
    assert [c.source_name for c in (first, second)] == ["documento-1.pdf", "documento-2.pdf"]
    assert out.description.startswith("Versión seudonimizada para formación")
    assert book().items[0].citation.text == FIRST  # the casebook itself is untouched


@pytest.mark.parametrize(
    ("language", "labels"),
    [("pt", ["Réu 1", "Vítima 1", "Testemunha 1"]), ("en", ["Defendant 1", "Victim 1", "Witness 1"])],
)
def test_labels_are_in_the_export_language(language: str, labels: list[str]) -> None:
    out = pseudonymise(book(), language)
    text = " ".join(item.citation.text for item in out.items)
    assert [label for label in labels if label not in text] == []


def test_masks_keep_the_country_code_or_scheme_and_the_last_digits() -> None:
    assert mask("phone:+595981123456") == "+595 9** ***456"
    assert mask("phone:+5511987654321") == "+55 1* *****-*321"  # the grouping of the country is kept
    assert mask("email:juan.perez@gmail.com") == "j***@***.com"
    assert mask("id:br.cpf:11144477735", "CPF 111.444.777-35") == "***.***.***-35"
    assert mask("account:cbu:2850590940090418135201", "CBU 2850590940090418135201") == "*" * 18 + "5201"


def passages(path: Path) -> tuple[list[Item], set[str], set[str]]:
    """A document's passages as casebook items, with the written forms of its people and e-mails."""
    document, _ = build_document(read_source(path, 200 * 2**20))
    countries = list(document.metadata.get("countries") or [])
    items, people, emails = [], set(), set()
    for p in document.passages:
        cited = Citation(
            document.id,
            document.title,
            countries,
            None,
            None,
            "es",
            path.name,
            p.text,
            p.order,
            p.page_start,
            p.page_end,
        )
        items.append(Item(f"{document.id}-{p.order}", cited, ""))
        people |= {m.text for m in p.entities if m.type == "person"}
        emails |= {m.text for m in p.entities if m.type == "email"}
    return items, people, emails


def test_real_judgments_keep_no_name_or_address_that_ingest_finds() -> None:
    items, people, emails = [], set(), set()
    for prefix in ("02_", "03_"):
        found = passages(next(REALDOCS.glob(f"{prefix}*.pdf")))
        items += found[0]
        people |= found[1]
        emails |= found[2]
    out = pseudonymise(Casebook("b", "Curso", items=items), "es")
    text = "\n".join(f"{i.citation.title}\n{i.citation.source_name}\n{i.citation.text}" for i in out.items)
    assert len(people) >= 10 and emails
    assert [form for form in people | emails if form in text] == []
    counts = Counter(match.group(1) for match in LABEL.finditer(text))
    assert counts["Procesado"] >= 10 and counts["Persona"] >= 5
    # file names are numbered: one of these names a person who is no party to the judgment
    assert {i.citation.source_name for i in out.items} == {"documento-1.pdf", "documento-2.pdf"}
    assert len(out.items) == len(items) and all(i.citation.text.strip() for i in out.items)


def test_the_sample_corpus_phone_gets_one_mask_in_the_paraguayan_and_the_argentine_case() -> None:
    items = []
    for name in (
        "en-paraguay-argentina-fake-job-offers-social-media.html",
        "es-argentina-talleres-textiles-costureros-bolivianos.pdf",
    ):
        found, _, _ = passages(CASESTUDIES / name)
        items += [item for item in found if "985" in item.citation.text]
    out = pseudonymise(Casebook("b", "Curso", items=items), "en")
    masked = {d: i.citation.text for i in out.items for d in [i.citation.document_id]}
    assert len(masked) == 2
    assert all("+595 9** ***907" in text and "412" not in text for text in masked.values())


def test_names_an_editor_merged_get_one_label() -> None:
    typo = FIRST.replace("Juan Carlos Pérez Rojas", "Juan Carlos Peres Rojas")
    two = Casebook(
        "b2",
        "Curso",
        items=[
            Item("i1", citation("d1", "Caso 1", "Paraguay", FIRST), ""),
            Item("i2", citation("d2", "Caso 2", "Paraguay", typo), ""),
        ],
    )
    apart = " ".join(i.citation.text for i in pseudonymise(two, "es").items)
    merged = {"person:carlos juan peres rojas": "person:carlos juan perez rojas"}
    together = " ".join(
        i.citation.text for i in pseudonymise(two, "es", lambda key: merged.get(key, key)).items
    )
    assert "Procesado 2" in apart and "Procesado 2" not in together and together.count("Procesado 1") == 4
