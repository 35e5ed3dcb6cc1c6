"""Entities found in passages: only validated identifiers, keys two documents share however they wrote them."""

from __future__ import annotations

from pathlib import Path

from ingest.entities import extract, search_keys
from ingest.names import fold_name
from ingest.pipeline import Source, build_document

# Identifiers with valid check digits (the standard examples of each scheme) and one digit changed.
CPF, BAD_CPF = "123.456.789-09", "123.456.789-08"
CNPJ = "11.222.333/0001-81"
IBAN, BAD_IBAN = "BR15 0000 0000 0000 1093 2840 814 P2", "BR16 0000 0000 0000 1093 2840 814 P2"


def keys(text: str, countries: tuple[str, ...] = (), people: bool = True) -> list[str]:
    return [m.key for m in extract(text, countries, people)]


def test_a_local_phone_is_read_in_the_documents_country_and_stored_as_e164() -> None:
    text = "La víctima fue contactada por WhatsApp al 0981 123 456 por el reclutador."
    assert "phone:+595981123456" in keys(text, ("Paraguay",))
    # the same digits mean nothing valid in a country where that is no number, and no "+" says otherwise
    assert not [k for k in keys(text, ("Chile",)) if k.startswith("phone:")]
    assert "phone:+595981123456" in keys("llamaba desde el +595 981 123-456", ("Argentina",))


def test_amounts_dates_and_case_numbers_are_no_phones() -> None:
    text = "Pagó Gs. 2.500.000 el 12-03-2019 en la causa 1234/2019, expediente 45.678/2020, folio 1.234.567."
    assert not [k for k in keys(text, ("Paraguay",)) if k.startswith("phone:")]


def test_identity_numbers_count_only_with_valid_check_digits() -> None:
    assert f"id:br.cpf:{CPF.replace('.', '').replace('-', '')}" in keys(f"O réu, CPF {CPF}, confessou.")
    assert not [k for k in keys(f"O réu, CPF {BAD_CPF}, confessou.") if k.startswith("id:")]
    assert "id:br.cnpj:11222333000181" in keys(f"a empresa inscrita no CNPJ sob o n.º {CNPJ}")
    assert "id:ec.ci:1710034065" in keys("portador de la cédula de ciudadanía No. 1710034065")
    assert not [k for k in keys("portador de la cédula de ciudadanía No. 1710034066") if k.startswith("id:")]
    assert "id:mx.rfc:GODE561231GR8" in keys("la empresa con RFC GODE561231GR8", ("Mexico",))


def test_an_iban_is_one_account_however_it_is_spaced_and_a_wrong_one_is_none() -> None:
    spaced = keys(f"depositaba en la cuenta {IBAN} a nombre de un tercero")
    compact = keys(f"depositaba en la cuenta {IBAN.replace(' ', '')}.")
    assert "account:iban:BR1500000000000010932840814P2" in spaced
    assert "account:iban:BR1500000000000010932840814P2" in compact
    assert not [k for k in keys(f"depositaba en la cuenta {BAD_IBAN}.") if k.startswith("account:")]


def test_a_cpf_is_not_also_read_as_a_phone() -> None:
    found = extract(f"CPF {CPF}", ("Brazil",))
    assert [m.type for m in found] == ["id"]


def test_emails_web_addresses_and_social_profiles() -> None:
    text = (
        "Escribir a Reclutamiento.PY@gmail.com, ver https://www.facebook.com/empleosya.py/ o @empleos_ya; "
        "la página de Facebook «Empleos Ya Asunción» y www.trabajo-facil.example.com/ofertas."
    )
    found = keys(text)
    assert "email:reclutamiento.py@gmail.com" in found
    assert "social:facebook:empleosya.py" in found
    assert "social:@empleos_ya" in found
    assert "social:facebook:empleos ya asuncion" in found
    assert "url:trabajo-facil.example.com/ofertas" in found
    assert not [k for k in found if k.startswith("social:@gmail")]


def test_people_after_a_role_and_companies_by_their_form() -> None:
    text = (
        "El imputado JUAN CARLOS PÉREZ GÓMEZ era socio de Transportes del Sur S.R.L. y de la Agencia "
        "Modelos Top. La defensa del acusado Ministerio Público no declaró."
    )
    found = extract(text, ("Paraguay",))
    people = [m for m in found if m.type == "person"]
    assert [m.key for m in people] == [f"person:{fold_name('Pérez Gómez Juan Carlos')}"]
    assert people[0].label == "Juan Carlos Pérez Gómez"
    orgs = {m.key for m in found if m.type == "org"}
    assert orgs == {"org:del sur transportes", "org:agencia modelos top"}
    assert not [m for m in extract(text, ("Paraguay",), people=False) if m.type == "person"]


def test_places_are_countries_and_large_cities_written_as_names() -> None:
    found = {m.value for m in extract("Viajaron de Asunción a Buenos Aires y luego a São Paulo, Brasil.")}
    assert {"Asunción (PY)", "Buenos Aires (AR)", "São Paulo (BR)", "Brazil"} <= found
    assert not [m for m in extract("el salto de la cuenca") if m.type == "place"]


def test_a_search_box_value_has_the_keys_of_every_way_it_may_be_written() -> None:
    assert "phone:+595981123456" in search_keys("0981 123 456", ["PY", "AR"])
    assert "id:br.cpf:12345678909" in search_keys("12345678909")
    assert "account:iban:BR1500000000000010932840814P2" in search_keys(IBAN.lower())
    assert f"person:{fold_name('Juan Pérez')}" in search_keys("perez juan")


def test_ingested_passages_carry_their_entities(tmp_path: Path) -> None:
    text = (
        "# Caso de prueba\n\nEl reclutador publicaba ofertas de empleo y atendía en el 0981 123 456; "
        f"el dinero iba a la cuenta {IBAN}.\n\nSin más datos en este párrafo de cierre del caso.\n"
    )
    source = Source(
        key="test:entities", name="caso.md", data=text.encode(), sidecar={"countries": ["Paraguay"]}
    )
    document, _ = build_document(source)
    found = {m.key for p in document.passages for m in p.entities}
    assert {"phone:+595981123456", "account:iban:BR1500000000000010932840814P2"} <= found
