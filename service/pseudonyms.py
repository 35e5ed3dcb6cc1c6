"""A casebook pseudonymised for training: people and identifiers replaced by roles and masks ("Víctima 1",
"Procesado 2", "+595 9** *** 456"), so trainers can hand real cases to a class.

The entities are those ingest finds (`ingest.entities.extract`, people always included whatever the office's
extraction setting): an item's text is a copy of its passage, so extraction on it gives the spans stored on
the passage, and it also covers the trainer's notes, the titles and file names. The same entity is the same
label everywhere in one casebook: a person's label is numbered by role in order of first appearance, and every
other place the casebook writes that person's name (a title, a note, the surname alone) gets it too. A role is
read from the words just before a name ("la víctima", "el imputado", "a ré", "the defendant"); a person
named without one is "Persona N". Victims and witnesses are also looked for after their own words, and their
initials ("la víctima M.L.G.") are replaced as a name.

It is a help, not a guarantee: a name the rules do not find stays. Places and institutions stay (a class
needs them); phones, accounts and numbers keep their country code or scheme and their last digits.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

import phonenumbers

from ingest import names
from ingest.entities import extract
from ingest.models import Mention

from .casebooks import Casebook, Citation, Item

# Role words (es/pt/en, lower case) that come before a person's name, and the label each role is given.
ROLE_CUES: dict[str, tuple[str, ...]] = {
    "accused": (
        "imputado",
        "imputada",
        "imputados",
        "acusado",
        "acusada",
        "acusados",
        "procesado",
        "procesada",
        "procesados",
        "condenado",
        "condenada",
        "condenados",
        "denunciado",
        "denunciada",
        "investigado",
        "investigada",
        "sentenciado",
        "sentenciada",
        "en contra de",
        "réu",
        "ré",
        "réus",
        "denunciados",
        "defendant",
        "defendants",
        "accused",
    ),
    "recruiter": (
        "reclutador",
        "reclutadora",
        "captador",
        "captadora",
        "tratante",
        "aliciador",
        "aliciadora",
        "recrutador",
        "recrutadora",
        "recruiter",
        "trafficker",
    ),
    "victim": (
        "víctima",
        "víctimas",
        "ofendida",
        "ofendido",
        "agraviada",
        "agraviado",
        "la menor",
        "vítima",
        "vítimas",
        "a menor",
        "victim",
        "victims",
        "survivor",
        "the minor",
    ),
    "witness": ("testigo", "testigos", "testemunha", "testemunhas", "witness", "witnesses"),
}
ROLE_LABELS: dict[str, dict[str, str]] = {
    "accused": {"es": "Procesado", "pt": "Réu", "en": "Defendant"},
    "recruiter": {"es": "Captador", "pt": "Aliciador", "en": "Recruiter"},
    "victim": {"es": "Víctima", "pt": "Vítima", "en": "Victim"},
    "witness": {"es": "Testigo", "pt": "Testemunha", "en": "Witness"},
    "person": {"es": "Persona", "pt": "Pessoa", "en": "Person"},
    "org": {"es": "Organización", "pt": "Organização", "en": "Organisation"},
    "social": {"es": "Perfil", "pt": "Perfil", "en": "Profile"},
    "url": {"es": "Sitio web", "pt": "Site", "en": "Website"},
}
# Said at the top of a pseudonymised casebook.
NOTICE = {
    "es": "Versión seudonimizada para formación: personas, organizaciones e identificadores "
    "sustituidos por roles y máscaras. Revísela antes de compartirla: un nombre que las reglas no "
    "reconocen queda.",
    "pt": "Versão pseudonimizada para formação: pessoas, organizações e identificadores substituídos "
    "por papéis e máscaras. Revise-a antes de compartilhar: um nome que as regras não reconhecem "
    "permanece.",
    "en": "Pseudonymised version for training: people, organisations and identifiers replaced by roles "
    "and masks. Review it before sharing: a name the rules do not recognise stays.",
}
DOCUMENT = {"es": "documento", "pt": "documento", "en": "document"}
# Cues after which a victim or a witness is named, which the extractor's person cues leave out.
NAMED_AFTER = tuple(cue for role in ("victim", "witness") for cue in ROLE_CUES[role])
INITIALS = re.compile(
    r"[\s,:]+(?:de\s+iniciales\s+|iniciais\s+|initials\s+)?(?P<name>(?:[A-ZÁÉÍÓÚÑ]\.\s?){2,5})"
)
# Addresses of public bodies stay readable (a class needs "dhs.gov/bluecampaign"); every other is masked.
PUBLIC_HOSTS = (".gov", ".gob", ".int", ".jus", ".gub", ".edu", ".mil")
MASKED_TYPES = ("person", "org", "phone", "email", "account", "id", "social", "url")
WINDOW = 40  # characters before a name where its role is read
SWEEP_MIN = 4  # a name's single word is replaced elsewhere only from this length (not "Da", "Li")


def fold_chars(text: str) -> str:
    """The text in lower case without accents, with the same offsets (one character for one)."""
    return "".join(unicodedata.normalize("NFD", ch)[0] for ch in text.lower()) if text else text


@dataclass
class Pseudonyms:
    """Labels of one casebook in one language: `key -> label`, numbered per role in order of first
    appearance. Build with `learn` over every text first, then `apply` to each."""

    language: str = "en"
    alias: Callable[[str], str] = field(default=lambda key: key)  # merged names -> their one entity
    labels: dict[str, str] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)  # a person's written form, folded -> label
    counts: Counter[str] = field(default_factory=Counter)
    roles: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    order: list[str] = field(default_factory=list)
    shown: dict[str, str] = field(default_factory=dict)  # an identifier's label, as ingest formats it

    def learn(self, text: str, countries: Iterable[str] = ()) -> None:
        """Note the entities of one text (their roles, their written forms); labels come in `settle`."""
        for mention in self.mentions(text, countries):
            key = self.alias(mention.key)
            if key not in self.roles:
                self.order.append(key)
                self.shown[key] = mention.label
            self.roles[key][
                role_before(text, mention.start) if mention.type == "person" else mention.type
            ] += 1
            if mention.type == "person":
                self.forms.setdefault(fold_chars(mention.text), key)

    def settle(self) -> None:
        """Number the labels: per role, in order of first appearance; a person's role is the one the texts
        give most often (none: "person")."""
        for key in self.order:
            if key in self.labels:
                continue
            kind = key.split(":", 1)[0]
            seen = self.roles[key]
            if kind == "person":
                named = [(n, role) for role, n in seen.items() if role != "person"]
                role = max(named)[1] if named else "person"
            else:
                role = kind
            self.labels[key] = self._label(key, role)
        for form, key in list(self.forms.items()):
            self.forms[form] = self.labels[key]
            for word in form.split():
                if len(word) >= SWEEP_MIN and word not in names.ORG_STOP and word not in names.NOT_NAMES:
                    self.forms.setdefault(word, self.labels[key])

    def _label(self, key: str, role: str) -> str:
        kind, value = key.split(":", 1)
        if kind in ("person", "org", "social") or (kind == "url" and not _public(value)):
            self.counts[role] += 1
            words = ROLE_LABELS[role]
            return f"{words.get(self.language, words['en'])} {self.counts[role]}"
        return mask(key, self.shown.get(key, ""))

    def apply(self, text: str, countries: Iterable[str] = ()) -> str:
        """The text with every known entity replaced by its label, and every other place it writes a known
        person's name (or one of its longer words) too."""
        if not text:
            return text
        spans: list[tuple[int, int, str]] = []
        for mention in self.mentions(text, countries):
            label = self.labels.get(self.alias(mention.key))
            if label is not None and label != mention.text:
                spans.append((mention.start, mention.end, label))
        folded = fold_chars(text)
        words = set(re.findall(r"\w+", folded))
        for form in sorted(self.forms, key=len, reverse=True):
            if not words.issuperset(
                re.findall(r"\w+", form)
            ):  # most forms are not in a given text: skip them cheaply
                continue
            for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", folded):
                if text[match.start()].isupper():
                    spans.append((match.start(), match.end(), self.forms[form]))
        return splice(text, spans)

    def mentions(self, text: str, countries: Iterable[str]) -> list[Mention]:
        """The entities masked here: those ingest finds, and victims and witnesses after their words."""
        found = [m for m in extract(text, list(countries), people=True) if m.type in MASKED_TYPES]
        taken = [(m.start, m.end) for m in found]
        for extra in victims_and_witnesses(text):
            if all(extra.end <= start or extra.start >= end for start, end in taken):
                found.append(extra)
        return sorted(found, key=lambda m: m.start)


def role_before(text: str, start: int) -> str:
    """The role the words just before a name give it, within its sentence: "accused", "victim"... or
    "person" when none."""
    window = fold_chars(text[max(0, start - WINDOW) : start])
    window = re.split(r"[;\n]|[a-z]{3}\.\s", window)[-1]
    best, where = "person", -1
    for role, cues in ROLE_CUES.items():
        for cue in cues:
            for match in re.finditer(rf"(?<!\w){re.escape(fold_chars(cue))}(?!\w)", window):
                if match.start() > where:
                    best, where = role, match.start()
    return best


def victims_and_witnesses(text: str) -> list[Mention]:
    """People named after a victim's or witness's word, by name ("la víctima Ana Rojas") or initials."""
    low = names.lower_same_length(text)
    found: list[Mention] = []
    for position, cue in names.occurrences(low, NAMED_AFTER):
        after = position + len(cue)
        match = names.PERSON_AFTER.match(text, after)
        if match is not None:
            name = names._name_run(names._trim(match.group("name")), text)
            folded = names.fold_name(name)
            if len(name.split()) >= 2 and not set(folded.split()) & (
                names.NOT_NAMES | names.INSTITUTION_WORDS
            ):
                start = match.start("name")
                found.append(
                    Mention("person", f"person:{folded}", folded, name, name, start, start + len(name))
                )
                continue
        initials = INITIALS.match(text, after)
        if initials is not None:
            written = initials.group("name").rstrip()
            letters = re.sub(r"\W", "", written).lower()
            start = initials.start("name")
            found.append(
                Mention(
                    "person",
                    f"person:initials {letters}",
                    letters,
                    written,
                    written,
                    start,
                    start + len(written),
                )
            )
    return found


def splice(text: str, spans: list[tuple[int, int, str]]) -> str:
    """The text with each span replaced; of overlapping spans the one found first (extraction before the
    sweep), then the longer, wins."""
    kept: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, label))
    out, last, previous = [], 0, ""
    for start, end, label in sorted(kept):
        between = text[last:start]
        if label == previous and last and not between.strip(" _"):
            last = end  # "Pérez Rojas" swept word by word is one person
            continue
        out += [between, label]
        last, previous = end, label
    return "".join([*out, text[last:]])


def mask(key: str, label: str = "") -> str:
    """An identifier with its country code or scheme and its last digits kept, the rest as "*" (`label`,
    how ingest formats it, gives the grouping: "BR15 0000 ..." -> "BR** **** ... 814P 2")."""
    kind, value = key.split(":", 1)
    if kind == "phone":
        try:
            number = phonenumbers.parse(value, None)
        except phonenumbers.NumberParseException:
            return _stars(value, keep_last=3)
        written = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        code, _, national = written.partition(" ")
        digits = sum(ch.isdigit() for ch in national)
        seen, out = 0, []
        for ch in national:
            if ch.isdigit():
                seen += 1
                out.append(ch if seen == 1 or seen > digits - 3 else "*")
            else:
                out.append(ch)
        return f"{code} {''.join(out)}"
    if kind == "email":
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@***.{domain.rsplit('.', 1)[-1]}"
    if kind == "account":
        scheme, _, number = value.partition(":")
        written = label or number
        if scheme == "iban":
            return written[:2] + _stars(written[2:], keep_last=4)
        return _stars(written.split(" ", 1)[-1], keep_last=4)  # the text writes "CBU" itself
    if kind == "id":
        scheme, _, number = value.partition(":")
        return _stars(label.split(" ", 1)[-1] if label else number, keep_last=2)
    if kind == "url":
        return value.split("/", 1)[0]
    return _stars(value, keep_last=0)


def _stars(value: str, keep_last: int) -> str:
    alnum = [n for n, ch in enumerate(value) if ch.isalnum()]
    shown = set(alnum[len(alnum) - keep_last :]) if keep_last else set()
    return "".join(ch if (n in shown or not ch.isalnum()) else "*" for n, ch in enumerate(value))


def _public(address: str) -> bool:
    host = address.split("/", 1)[0]
    return any(host.endswith(ending) or f"{ending}." in host for ending in PUBLIC_HOSTS)


def pseudonymise(book: Casebook, language: str = "en", alias: Callable[[str], str] | None = None) -> Casebook:
    """A copy of the casebook with people and identifiers replaced by roles and masks in `language`, the
    same label for the same entity everywhere in it (texts, notes, titles, file names, the description).
    `alias` maps an entity's key to the one an editor merged it into."""
    names_of = Pseudonyms(language, alias or (lambda key: key))
    fields = [(book.title, ()), (book.description, ())]
    for item in book.items:
        c = item.citation
        fields += [(c.text, c.countries), (item.note, c.countries), (c.title, c.countries)]
    for text, countries in fields:
        names_of.learn(text, countries)
    names_of.settle()

    def citation(c: Citation) -> Citation:
        return replace(
            c,
            text=names_of.apply(c.text, c.countries),
            title=names_of.apply(c.title, c.countries),
            section=[names_of.apply(s, c.countries) for s in c.section],
        )

    items = [
        Item(item.id, citation(item.citation), names_of.apply(item.note, item.citation.countries))
        for item in book.items
    ]
    # A file name often names a party the text never does: the sources are numbered instead.
    numbered = {c.document_id: n for n, c in enumerate(book.sources(), 1)}
    for item in items:
        suffix = item.citation.source_name.rpartition(".")[2] if "." in item.citation.source_name else ""
        word = DOCUMENT.get(language, DOCUMENT["en"])
        number = numbered[item.citation.document_id]
        item.citation.source_name = f"{word}-{number}.{suffix}" if suffix else f"{word}-{number}"
    notice = NOTICE.get(language, NOTICE["en"])
    description = names_of.apply(book.description)
    return replace(
        book,
        title=names_of.apply(book.title),
        description=f"{notice}\n\n{description}" if description else notice,
        items=items,
    )
