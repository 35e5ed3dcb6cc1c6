"""Each metadata inference on short synthetic texts in es/pt/en, traps included."""

from __future__ import annotations

from datetime import date

import pytest

from ingest import countries, dates, forms, judgments, kinds, titles
from ingest.metadata import normalise
from ingest.models import Block, Parsed
from ingest.pipeline import Source, collect_metadata

# --- countries ---


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "La Fiscalía de Bolivia investigó el caso en Bolivia. Las víctimas fueron rescatadas en Bolivia.",
            ["Bolivia"],
        ),
        (
            (
                "O Ministério Público do Brasil denunciou a rede. No Brasil, a pena é de oito anos. Brasil e Moçambique "
                "cooperaram; Moçambique enviou provas; Moçambique extraditou o réu."
            ),
            ["Brazil", "Mozambique"],
        ),
        (
            (
                "The United States and the United Kingdom signed the treaty. The United States ratified it; the United "
                "States prosecuted the case."
            ),
            ["United States"],
        ),
        (
            "Los Estados Unidos deportaron a los migrantes a Camboya. Camboya los recibió. Camboya investigó.",
            ["Cambodia"],
        ),
    ],
)
def test_countries_are_found_by_name_in_three_languages_and_named_in_english(
    text: str, expected: list[str]
) -> None:
    assert countries.infer_countries("", text) == expected


def test_a_street_a_surname_and_a_demonym_in_passing_are_not_countries() -> None:
    text = (
        "REPÚBLICA DEL ECUADOR. Unidad Judicial Penal de Quito, Ecuador. El procesado Juan Carlos Panamá Vera, "
        "domiciliado en la calle Chile y avenida Colombia, fue detenido con una ciudadana peruana. "
        "La Fiscalía del Ecuador acusó. Sr. Panamá declaró. Consta la declaración de Rosa Panamá."
    )
    assert countries.infer_countries(text[:120], text) == ["Ecuador"]


def test_a_country_named_once_in_passing_in_a_long_text_is_left_out() -> None:
    body = " ".join(
        ["La víctima fue captada en Guatemala y explotada en Guatemala."] * 3
        + ["palabra"] * 900
        + ["Un testigo viajó una vez a Francia."]
    )
    assert countries.infer_countries("", body) == ["Guatemala"]


def test_a_subdivision_points_to_its_country() -> None:
    text = "Fiscalização em Pernambuco e na Bahia. Em Pernambuco, 40 trabalhadores; na Bahia, 12; em Pernambuco, 3."
    assert countries.infer_countries("", text) == ["Brazil"]


def test_a_plain_word_that_is_also_a_place_name_does_not_count() -> None:
    # "Para" is a district of Suriname and "para" a Portuguese preposition; "Norte" a compass point.
    text = "Para MPF, a pena deve ser máxima. Para o procurador, Norte e Sul discordam. Para todos, é grave."
    assert countries.infer_countries(text[:60], text) == []


# --- dates and years ---


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Lima, diez de junio de dos mil veintiséis", date(2026, 6, 10)),
        (
            "En Quevedo, lunes veinte y dos de julio del dos mil veinte y cuatro, a las 15h02",
            date(2024, 7, 22),
        ),
        ("São Paulo, vinte e um de março de dois mil e dezenove", date(2019, 3, 21)),
        ("Guayaquil, viernes 13 de mayo del 2022, a las 14h30", date(2022, 5, 13)),
        ("Date of Judgment: 17 October 2025", date(2025, 10, 17)),
        ("decided on October 17, 2025 by the court", date(2025, 10, 17)),
        ("FECHA DE LA RESOLUCIÓN: 30/04/2020", date(2020, 4, 30)),
    ],
)
def test_dates_in_digits_and_words_are_read(text: str, expected: date) -> None:
    assert [found.value for found in dates.find_dates(text)][:1] == [expected]


@pytest.mark.parametrize("value", ["D:20000101000000", "D:19700101000000Z", "D:20991231120000", "", None])
def test_placeholder_file_dates_are_no_dates(value: object) -> None:
    assert dates.property_date(value) is None


def test_a_real_file_date_is_read() -> None:
    assert dates.property_date("D:20220513143140-05'00'") == date(2022, 5, 13)


def test_a_pdf_placeholder_creation_date_never_gives_the_year() -> None:
    parsed = Parsed(
        [
            Block("Informe anual sobre trata de personas, publicado en marzo de 2019.", 1),
            Block("Resultados del año. En 2019 se registraron 40 casos en Paraguay.", 1),
        ],
        1,
        {"creationdate": "D:20000101000000"},
    )
    metadata, inferred = collect_metadata(
        Source("k", "informe.pdf", b"not a pdf"), parsed, "\n".join(b.text for b in parsed.blocks), "pdf"
    )
    assert metadata["year"] == 2019 and "year" in inferred


# --- kinds ---

JUDGMENT_ES = (
    "SENTENCIA\nJuicio No. 17282-2020-01011\nUNIDAD JUDICIAL PENAL CON SEDE EN EL CANTÓN QUITO. Quito, "
    "lunes 8 de junio del 2020, a las 10h00. VISTOS: El procesado fue llamado a juicio por el delito de "
    "trata de personas. CONSIDERANDO: la prueba. ADMINISTRANDO JUSTICIA EN NOMBRE DEL PUEBLO SOBERANO "
    "DEL ECUADOR se declara la culpabilidad del procesado y se le impone la pena de trece años."
)
JUDGMENT_PT = (
    "PODER JUDICIÁRIO\nSENTENÇA\nProcesso nº 0001234-56.2020.4.01.3900\n2ª Vara Federal Criminal. "
    "RELATÓRIO. O Ministério Público Federal denunciou o réu pelo crime de redução a condição análoga "
    "à de escravo. FUNDAMENTAÇÃO. DISPOSITIVO. Ante o exposto, JULGO PROCEDENTE a denúncia e condeno o "
    "réu. Belém, 3 de março de 2021."
)
JUDGMENT_EN = (
    "IN THE HIGH COURT OF THE HONG KONG SPECIAL ADMINISTRATIVE REGION\nCOURT OF APPEAL\nCACC 12/2024\n"
    "BETWEEN HKSAR Respondent and X Applicant\nBefore: Hon Judge in Court\nDate of Hearing: 2 May 2024\n"
    "Date of Judgment: 2 May 2024\nJ U D G M E N T\n1. The applicant seeks leave to appeal against "
    "sentence. For these reasons, the application for leave to appeal is dismissed."
)


@pytest.mark.parametrize("text", [JUDGMENT_ES, JUDGMENT_PT, JUDGMENT_EN])
def test_judgments_in_three_languages_are_judgments(text: str) -> None:
    assert kinds.infer_kind(text[:3000], text, "txt", first_lines=[text[:200]]) == "judgment"


def test_a_code_is_a_law() -> None:
    text = "LEY 100 DE 2001\npor la cual se expide el Código Penal.\n" + "\n".join(
        f"Artículo {n}. Texto del artículo número {n} con su contenido." for n in range(1, 70)
    )
    assert kinds.infer_kind(text[:3000], text, "pdf") == "law"


@pytest.mark.parametrize(
    "head,media,hints,expected",
    [
        ("Guía práctica para fiscales sobre la investigación financiera", "pdf", "", "guide"),
        ("INFORME TÉCNICO\nPericia informática sobre el sistema", "pdf", "", "report"),
        ("CASE STUDIES\nFederal prosecutions of victim-offenders", "pdf", "", "case_brief"),
        ("Tráfico humano em discussão na Assembleia", "md", "noticias", "news"),
        ("ano;municipio;trabalhadores", "csv", "", "data"),
    ],
)
def test_documents_that_name_themselves_get_that_kind(
    head: str, media: str, hints: str, expected: str
) -> None:
    text = head + "\n" + "Texto del documento sin más indicios. " * 20
    assert kinds.infer_kind(text[:3000], text, media, hints=hints, first_lines=[head]) == expected


@pytest.mark.parametrize(
    "old,new",
    [
        ("case", "case_brief"),
        ("good_practice", "guide"),
        ("judgment", "judgment"),
        ("something else", "other"),
    ],
)
def test_old_kind_names_are_read_as_their_new_kind(old: str, new: str) -> None:
    assert normalise({"kind": old})["kind"] == new


def test_drug_trafficking_is_not_migrant_smuggling() -> None:
    text = (
        "delito de tráfico ilícito de sustancias catalogadas sujetas a fiscalización. El tráfico ilícito de "
        "sustancias se probó. Tráfico ilícito, art. 220 COIP. Trafficking in dangerous drugs."
    )
    assert forms.infer_form(text) is None
    assert (
        forms.infer_form("tráfico ilícito de migrantes por el Darién; el tráfico de migrantes creció")
        == "smuggling"
    )
    assert (
        forms.infer_form("trata de personas con fines de explotación sexual; la trata de personas")
        == "trafficking"
    )


# --- a judgment's fields ---


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Juicio No. 09290-2021-00673 TRIBUNAL", "09290-2021-00673"),
        ("No. proceso: 12283202400838 No. de ingreso: 1", "12283-2024-00838"),
        ("Processo nº 0001234-56.2020.4.01.3900 — 2ª Vara", "0001234-56.2020.4.01.3900"),
        ("RECURSO DE APELACIÓN N.° 169-2025/LIMA ESTE", "169-2025/LIMA ESTE"),
        ("Número: EXP 182908/2020-0 CUIJ", "EXP 182908/2020-0"),
        ("CACC 28/2025, [2025] HKCA 943", "CACC 28/2025"),
        ("EXPEDIENTE N.° 00123-2019-0-1801-JR-PE-01 LIMA", "00123-2019-0-1801-JR-PE-01"),
        ("Radicado No. 11001-60-00-000-2019-01234-00", "11001-60-00-000-2019-01234-00"),
        ("RIT O-123-2020, RUC 1900123456-7", "O-123-2020"),
        ("Ação Penal nº 5001234-11.2019.4.04.7000", "5001234-11.2019.4.04.7000"),
    ],
)
def test_case_numbers_are_read_as_printed(text: str, expected: str) -> None:
    assert judgments.case_number(text, text) == expected


def test_a_court_printed_over_lines_that_end_in_of_the_is_read_whole() -> None:
    head = "IN THE HIGH COURT OF THE\nHONG KONG SPECIAL ADMINISTRATIVE REGION\nCOURT OF APPEAL\nBETWEEN"
    assert (
        judgments.court(head) == "High Court of the Hong Kong Special Administrative Region, Court of Appeal"
    )


def test_the_court_is_read_from_the_caption_and_tidied() -> None:
    head = (
        "Juicio No. 09290-2021-00673 JUEZ PONENTE: X TRIBUNAL DE GARANTÍAS PENALES CON SEDE EN EL CANTÓN "
        "GUAYAQUIL. Guayaquil, viernes 13 de mayo del 2022"
    )
    assert judgments.court(head) == "Tribunal de Garantías Penales con sede en el cantón Guayaquil"
    assert judgments.decision_date(head, head) == date(2022, 5, 13)


@pytest.mark.parametrize(
    "operative,expected",
    [
        (
            "ADMINISTRANDO JUSTICIA ... se RATIFICA el estado de inocencia del procesado; sentencia absolutoria.",
            "acquittal",
        ),
        (
            "ADMINISTRANDO JUSTICIA ... declara la culpabilidad del procesado y se le impone la pena de 13 años.",
            "conviction",
        ),
        (
            "DISPOSITIVO. Ante o exposto, JULGO PROCEDENTE a denúncia e condeno o réu à pena de 8 anos.",
            "conviction",
        ),
        ("For these reasons, the application for leave to appeal against sentence is refused.", "other"),
        (
            (
                "I do not consider there are arguable grounds of appeal. The application is accordingly refused. "
                "He has two convictions for robbery and was sentenced to 6 years."
            ),
            "other",
        ),
        (
            (
                "SENTENCIA CONDENATORIA Y RATIFICATORIA DE INOCENCIA. RESUELVE: declara la culpabilidad de una y ratifica "
                "el estado de inocencia del otro."
            ),
            "other",
        ),
    ],
)
def test_the_outcome_is_read_from_the_operative_part(operative: str, expected: str) -> None:
    text = "Recurso de apelación. " if "appeal" in operative else "Primera instancia. "
    text += "Antecedentes del caso y prueba practicada en la audiencia. " * 40 + operative
    assert judgments.outcome(text) == expected


def test_offences_are_kept_as_written_without_their_articles() -> None:
    text = (
        "por el delito de tráfico ilícito de sustancias catalogadas sujetas a fiscalización, tipificado en el "
        "art. 220. El delito de tráfico ilícito de sustancias catalogadas sujetas a fiscalización se probó."
    )
    assert judgments.offences(text) == ["tráfico ilícito de sustancias catalogadas sujetas a fiscalización"]


# --- titles ---


@pytest.mark.parametrize(
    "junk",
    [
        "REPÚBLICA DEL ECUADOR",
        "Microsoft Word - Gaceta Judicial.docx",
        "Lexis S.A.",
        "173523418-DFE",
        "Sheet1",
        "JANUARY 2023",
        "TABLA DE CONTENIDOS",
        "CHAPTER 2",
        "2022 -Año del 40° Aniversario",
        "Texto oficial sin modificaciones",
        "Poder Público – Rama Legislativa",
        "www.funcionjudicial.gob.ec",
        "APRIL 201 7",
        "(anonymous)",
    ],
)
def test_lines_that_only_look_like_titles_are_refused(junk: str) -> None:
    assert not titles.is_meaningful(junk)


@pytest.mark.parametrize(
    "title",
    [
        "Human Trafficking Response Guide for School Resource Officers",
        "LEY 599 DE 2000",
        "Informe Técnico",
        "Código Penal",
    ],
)
def test_real_titles_are_kept(title: str) -> None:
    assert titles.is_meaningful(title)


def test_a_judgment_is_titled_by_its_kind_case_number_and_court() -> None:
    metadata, inferred = collect_metadata(
        Source("k", "scan.txt", b""), Parsed([Block(JUDGMENT_ES, 1)], 1), JUDGMENT_ES, "txt"
    )
    assert metadata["title"] == (
        "Sentencia, Juicio No. 17282-2020-01011, Unidad Judicial Penal con sede en el cantón Quito"
    )
    assert metadata["kind"] == "judgment" and metadata["case_number"] == "17282-2020-01011"
    assert metadata["decision_date"] == "2020-06-08" and metadata["year"] == 2020
    assert metadata["outcome"] == "conviction" and metadata["countries"] == ["Ecuador"]
    assert {"title", "kind", "case_number", "court", "outcome", "year", "countries"} <= set(inferred)


def test_a_mention_of_an_earlier_order_does_not_name_the_judgment() -> None:
    """ "En auto del 28 de septiembre ..." cites an earlier order of the file: it is no kind word."""
    from ingest.titles import judgment_title

    head = "Juicio No. 09290-2021-00673\nEn auto del 28 de septiembre del 2021 se convocó a la audiencia."
    assert judgment_title(head, "09290-2021-00673", None, "es").startswith("Sentencia, Juicio No.")
    assert judgment_title("AUTO DE APELACIÓN\nSala Penal", None, None, "es").startswith("Auto de apelación")


def test_a_judgment_without_a_case_number_still_gets_a_sensible_title_and_kind() -> None:
    text = JUDGMENT_ES.replace("Juicio No. 17282-2020-01011\n", "")
    metadata, _ = collect_metadata(Source("k", "x.txt", b""), Parsed([Block(text, 1)], 1), text, "txt")
    assert metadata["kind"] == "judgment"
    assert metadata["title"].startswith("Sentencia, ") and "Unidad Judicial Penal" in metadata["title"]
    assert "case_number" not in metadata


def test_a_law_is_titled_by_its_name() -> None:
    blocks = [
        Block("Texto oficial sin modificaciones", 1, "heading"),
        Block("LEY 599 DE 2000", 1, "heading"),
        Block("(julio 24) por la cual se expide el Código Penal.", 1),
    ]
    assert titles.law_title(blocks, "") == "Ley 599 de 2000, por la cual se expide el Código Penal"


def test_a_sidecar_beats_front_matter_beats_file_properties_beats_inference() -> None:
    parsed = Parsed(
        [Block(JUDGMENT_ES, 1)],
        1,
        {"title": "Sentencia de Quito sobre trata", "front_matter": {"kind": "case", "countries": ["Peru"]}},
    )
    metadata, inferred = collect_metadata(
        Source("k", "x.md", b"", sidecar={"countries": ["Chile"]}), parsed, JUDGMENT_ES, "md"
    )
    assert metadata["countries"] == ["Chile"] and metadata["kind"] == "case_brief"
    assert metadata["title"] == "Sentencia de Quito sobre trata"
    assert not {"countries", "kind", "title"} & set(inferred)


def test_a_sheet_without_a_title_row_is_named_after_its_file_country_and_years() -> None:
    rows = "\n".join(f"{year};Recife;Pernambuco;{n}" for year, n in [(2018, 3), (2019, 4), (2020, 5)] * 3)
    text = "ano;municipio;estado;trabalhadores\n" + rows
    metadata, _ = collect_metadata(
        Source("k", "resgates_trabalho_escravo.csv", b""), Parsed([Block(text, 1, "table")], 1), text, "csv"
    )
    assert metadata["kind"] == "data" and metadata["countries"] == ["Brazil"] and metadata["year"] == 2020
    assert metadata["title"] == "Resgates trabalho escravo (Brasil, 2018-2020)"


def test_a_brazilian_and_a_us_caption_give_their_court_and_case_number() -> None:
    brazil = (
        "PODER JUDICIÁRIO\nJUSTIÇA FEDERAL\n2ª Vara Federal Criminal da Seção Judiciária do Pará\nSENTENÇA\n"
        "Processo nº 0001234-56.2020.4.01.3900"
    )
    assert judgments.court(brazil) == "2ª Vara Federal Criminal da Seção Judiciária do Pará"
    assert judgments.case_number(brazil, brazil) == "0001234-56.2020.4.01.3900"
    us = (
        "UNITED STATES DISTRICT COURT FOR THE DISTRICT OF ARIZONA\nUnited States of America, Plaintiff, v. A, "
        "Defendant.\nCase No. CR-19-01234-PHX\nORDER\nIT IS ORDERED that the motion is denied. The defendant "
        "was convicted by a jury under 18 U.S.C. § 1591."
    )
    assert kinds.infer_kind(us, us, "pdf", first_lines=[us[:200]]) == "judgment"
    assert judgments.court(us) == "United States District Court for the District of Arizona"
    assert judgments.case_number(us, us) == "CR-19-01234"


def test_an_organisation_printed_above_a_reports_title_is_not_its_title() -> None:
    blocks = [
        Block("UNITED NATIONS OFFICE ON DRUGS AND CRIME", 1, "heading"),
        Block("Global Report on Trafficking in Persons", 1, "heading", 1),
        Block("Vienna, 2022. The report covers 141 countries.", 1),
    ]
    assert titles.title_page(blocks) == "Global Report on Trafficking in Persons"


def test_a_state_whose_name_is_also_a_plain_word_without_its_accent_still_counts() -> None:
    # "Pará" is a Brazilian state; "para" the preposition that the same text uses.
    text = (
        "Para o MPF, a fazenda no Pará explorava trabalhadores. No Pará, para todos, a pena deve ser máxima."
    )
    assert countries.infer_countries(text[:60], text) == ["Brazil"]


def test_a_sidecar_without_an_outcome_stores_none_and_a_case_number_label_is_not_part_of_the_number() -> None:
    assert "outcome" not in normalise({"verdict": "not_applicable"})
    assert normalise({"verdict": "pending"})["outcome"] == "other"
    assert judgments.case_number("Case number 19-000456-1322-PE. Summary", "") == "19-000456-1322"


def test_a_judgments_title_uses_the_court_its_sidecar_gives() -> None:
    text = "SENTENCIA\nJuicio No. 17282-2020-01011\nVISTOS: el procesado. CONSIDERANDO: la prueba. RESUELVE: condenar."
    metadata, inferred = collect_metadata(
        Source("k", "x.txt", b"", sidecar={"court": "Tribunal Penal de Quito"}),
        Parsed([Block(text, 1)], 1),
        text,
        "txt",
    )
    assert metadata["title"] == "Sentencia, Juicio No. 17282-2020-01011, Tribunal Penal de Quito"
    assert "court" not in inferred and "title" in inferred


def test_a_column_holding_one_value_in_every_row_names_what_the_data_set_is_about() -> None:
    from ingest.parse import parse

    cities = ["Marabá", "Redenção", "Altamira", "Xinguara", "Parauapebas"]
    lines = ["tema;canal;anonima;data_carga;municipio;vitimas"]
    lines += [f"Trabalho escravo;Disque 100;Não;2021-05-03;{cities[n % 5]};{n % 7}" for n in range(60)]
    data = "\n".join(lines).encode()
    metadata, _ = collect_metadata(
        Source("k", "denuncias_2021_export.csv", data), parse("csv", data), "\n".join(lines), "csv"
    )
    assert metadata["title"].startswith("Denuncias export: Trabalho escravo, Disque 100")
    assert "Não" not in metadata["title"] and "2021-05-03" not in metadata["title"]
    assert "Marabá" not in metadata["title"], "a column whose values vary is not what the set is about"
