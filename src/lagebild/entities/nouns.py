"""Nouns that describe persons and organisations, and when two of them name the same role.

Written from German grammar and general news usage (offices, professions, kinship, legal roles,
institutions); matched on the lower-cased last part of a compound, so "Bundesinnenminister",
"CDU-Generalsekretär" and "Grünen-Chefin" are found through "minister", "sekretär" and "chef".
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

# Endings of nouns that name a person by office, function or profession (masculine singular stem;
# "-in"/"-innen" and adjectival endings are folded by :func:`noun_stem`).
PERSON_ENDINGS: Final = (
    "präsident", "kanzler", "minister", "premier", "chef", "leiter", "vorsitzend", "sprecher", "sekretär",
    "direktor", "botschafter", "senator", "abgeordnet", "bürgermeister", "hauptmann", "landesrat", "stadtrat",
    "gemeinderat", "obmann", "obfrau", "kommissar", "gouverneur", "richter", "staatsanwalt", "anwalt",
    "verteidiger", "notar", "bischof", "papst", "pfarrer", "priester", "kardinal", "general",
    "kommandant", "offizier", "soldat", "polizist", "beamt", "diplomat", "politiker", "funktionär", "manager",
    "geschäftsführer", "gründer", "eigentümer", "besitzer", "inhaber", "unternehmer", "investor", "milliardär",
    "millionär", "arzt", "mediziner", "forscher", "wissenschaftler", "wissenschafter", "professor", "philosoph",
    "historiker", "soziologe", "ökonom", "analyst", "experte", "autor", "schriftsteller", "journalist",
    "reporter", "korrespondent", "redakteur", "herausgeber", "verleger", "moderator", "regisseur",
    "schauspieler", "sänger", "musiker", "künstler", "komponist", "dirigent", "architekt", "ingenieur",
    "trainer", "spieler", "sportler", "kandidat", "bewerber", "herausforderer", "nachfolger", "vorgänger",
    "amtsinhaber", "angeklagt", "beschuldigt", "verdächtig", "täter", "zeuge", "kläger", "häftling",
    "gefangen", "festgenommen", "vertreter", "mitarbeiter", "berater", "chefdiplomat", "staatschef",
    "monarch", "könig", "kaiser", "fürst", "prinz", "kronprinz", "scheich", "emir", "sultan", "premier",
    "ministerpräsident", "vizekanzler", "senior", "theologe", "psychologe", "biologe", "ökologe", "physiker",
    "chemiker", "mathematiker", "astronom", "astronaut", "pilot", "kapitän", "lehrer", "schüler", "student",
    "studentin", "bauer", "landwirt", "wirt", "aktivist", "demonstrant", "rebell", "kämpfer", "anführer",
    "organisator", "veranstalter", "erfinder", "entwickler", "designer", "fotograf", "blogger", "nutzer",
    "kabarettist", "satiriker", "komiker", "darsteller", "intendant", "kurator", "chronist", "biograf",
    "dichter", "lyriker", "maler", "bildhauer", "verfasser", "initiator", "bewohner", "eigner",
    "witwe", "witwer", "gatte", "gattin", "ehefrau", "ehemann", "lebensgefährte", "lebensgefährtin",
    "vater", "mutter", "sohn", "tochter", "bruder", "schwester", "onkel", "tante", "neffe", "nichte",
    "großvater", "großmutter", "enkel", "cousin", "freund", "partner", "kollege", "chefredakteur",
    "jährig", "rechtsvertreter", "mediator", "vermittler", "gesandt", "staatssekretär", "stellvertreter",
    "vize", "boss", "patron", "kanzlerkandidat", "spitzenkandidat", "parteichef", "klubobmann",
    # party members and political camps ("der Christdemokrat", "die Demokratin", "dem Rechtsgaullisten")
    "demokrat", "sozialist", "gaullist", "kommunist", "republikaner", "konservativ", "populist", "nationalist",
    "staatsmann", "parlamentarier", "mandatar",
    # further professions, functions and relations to another person
    "jurist", "bankier", "banker", "kritiker", "rezensent", "reformer", "praktiker", "helfer", "mitglied",
    "bevollmächtigt", "entführt", "verschleppt", "ermordet", "getötet", "widersacher", "kontrahent", "gegner",
    "rivale", "konkurrent", "mandant", "klient", "patient", "gewerkschafter", "gewerkschaftsführer",
    "unterhändler", "ermittler", "staatsoberhaupt", "regent", "königin", "sprecherin",
)
# Whole words only (too short or too common to match as a compound ending).
PERSON_WORDS: Final = frozenset({"mann", "frau", "herr", "dame", "mädchen", "junge", "bub", "kind", "opfer",
                                 "tote", "toter", "verletzte", "verletzter", "mensch", "person", "model"})
# Nouns that look like person nouns by their ending but are not ("Computer-Chef" is, "Reporter" is,
# "Kaiserschnitt" never reaches here; these are whole-word exceptions).
NOT_PERSON: Final = frozenset({"rat", "beamtentum", "freundschaft", "partnerschaft", "senioren", "bauer", "gegner",
                               "helfer", "mitglied"})
# Kinship and gender words: the gender they imply.
FEMININE_WORDS: Final = frozenset({"frau", "ehefrau", "mutter", "tochter", "schwester", "tante", "nichte",
                                   "großmutter", "witwe", "gattin", "dame", "mädchen", "obfrau"})
MASCULINE_WORDS: Final = frozenset({"mann", "ehemann", "vater", "sohn", "bruder", "onkel", "neffe", "großvater",
                                    "witwer", "gatte", "herr", "junge", "bub", "obmann", "hauptmann"})
# Nouns whose referent is usually a new, unnamed individual: no resolution by head noun alone.
UNRESOLVED_HEADS: Final = frozenset({"mann", "frau", "dame", "mädchen", "junge", "bub", "kind", "opfer", "tote",
                                     "toter", "verletzte", "verletzter", "mensch", "person", "herr", "zeuge",
                                     "nutzer", "bewohner", "schüler", "student", "freund", "kollege", "partner",
                                     "vertreter", "mitarbeiter", "sprecher"})
# Adjectival nouns: gender and number come from the determiner and the ending.
ADJECTIVAL: Final = ("vorsitzend", "abgeordnet", "beamt", "angeklagt", "beschuldigt", "verdächtig", "gefangen",
                     "festgenommen", "gesandt", "jährig", "verletzt", "tot", "bevollmächtigt", "entführt",
                     "verschleppt", "ermordet", "getötet", "konservativ")

# Nouns that name an organisation by what it is ("die Nachrichtenagentur", "das Ministerium").
ORG_ENDINGS: Final = (
    "agentur", "zeitung", "blatt", "magazin", "journal", "sender", "fernsehen", "rundfunk", "partei",
    "regierung", "polizei", "ministerium", "unternehmen", "konzern", "firma", "gericht", "behörde", "verband",
    "verein", "organisation", "institut", "universität", "hochschule", "gewerkschaft", "kommission", "bank",
    "armee", "staatsanwaltschaft", "feuerwehr", "stiftung", "klinik", "krankenhaus", "spital", "konzernleitung",
    "verwaltung", "fraktion", "koalition", "opposition", "airline", "fluglinie", "gruppe", "holding",
    "plattform", "portal", "website", "nachrichtenseite", "tageszeitung", "wochenzeitung", "boulevardblatt",
)
NOT_ORG: Final = frozenset({"gruppe", "verwaltung", "opposition"})  # too often generic to resolve by head alone

# Role nouns that mean the same office (stems as :func:`noun_stem` gives them).
SYNONYMS: Final[tuple[frozenset[str], ...]] = (
    frozenset({"anwalt", "rechtsanwalt", "verteidiger", "strafverteidiger", "rechtsvertreter", "advokat"}),
    frozenset({"staatsanwalt", "ankläger", "oberstaatsanwalt", "chefankläger"}),
    frozenset({"kanzler", "bundeskanzler", "regierungschef"}),
    frozenset({"premier", "premierminister", "ministerpräsident", "regierungschef"}),
    frozenset({"präsident", "staatspräsident", "staatschef", "staatsoberhaupt", "bundespräsident"}),
    frozenset({"außenminister", "chefdiplomat", "außenamtschef"}),
    frozenset({"chef", "leiter", "vorsitzend", "vorstandschef", "geschäftsführer", "boss", "obmann"}),
    frozenset({"parteichef", "parteivorsitzend", "vorsitzend", "chef", "obmann"}),
    frozenset({"arzt", "mediziner", "doktor", "leibarzt", "hausarzt"}),
    frozenset({"forscher", "wissenschaftler", "wissenschafter"}),
    frozenset({"bürgermeister", "stadtchef", "stadtoberhaupt"}),
    frozenset({"trainer", "coach", "teamchef"}),
    frozenset({"polizist", "beamt", "polizeibeamt"}),
    frozenset({"ehefrau", "frau", "gattin"}), frozenset({"ehemann", "mann", "gatte"}),
    frozenset({"angeklagt", "beschuldigt", "verdächtig", "tatverdächtig"}),
    frozenset({"unternehmer", "milliardär", "geschäftsmann", "investor"}),
    frozenset({"autor", "schriftsteller", "verfasser", "dichter"}),
    frozenset({"zeitung", "blatt", "tageszeitung", "wochenzeitung", "boulevardblatt"}),
    frozenset({"sender", "fernsehen", "fernsehsender", "rundfunk"}),
    frozenset({"agentur", "nachrichtenagentur"}),
)

# A general noun and the endings of the more specific nouns it covers: "der Politiker" may describe a person
# introduced as minister, "der Journalist" a reporter (general German usage, read as: key is a hypernym of each).
HYPERNYMS: Final[dict[str, tuple[str, ...]]] = {
    "politiker": ("minister", "präsident", "kanzler", "abgeordnet", "senator", "bürgermeister", "gouverneur",
                  "premier", "kommissar", "sekretär", "vorsitzend", "parteichef", "staatschef", "landesrat",
                  "stadtrat", "hauptmann", "obmann", "kandidat", "demokrat", "sozialist", "gaullist", "kommunist",
                  "republikaner", "konservativ", "parlamentarier", "mandatar", "staatsmann", "regierungschef"),
    "staatsmann": ("präsident", "kanzler", "premier", "staatschef", "minister", "regierungschef"),
    "journalist": ("redakteur", "reporter", "korrespondent", "herausgeber", "moderator", "kolumnist", "blogger"),
    "jurist": ("anwalt", "richter", "notar", "verteidiger", "staatsanwalt", "generalanwalt"),
    "manager": ("chef", "geschäftsführer", "direktor", "leiter", "boss", "vorstand"),
    "gewerkschafter": ("gewerkschaftschef", "gewerkschaftsführer", "gewerkschaftsboss", "betriebsratschef",
                       "betriebsratsvorsitzend"),
    "diplomat": ("botschafter", "außenminister", "gesandt", "konsul", "chefdiplomat"),
    "mediziner": ("arzt", "chirurg"),
    "wissenschaftler": ("forscher", "professor", "physiker", "chemiker", "biologe", "historiker", "soziologe",
                        "ökonom", "astronom", "mathematiker"),
    "künstler": ("musiker", "sänger", "maler", "bildhauer", "schauspieler", "regisseur", "komponist", "dirigent",
                 "darsteller"),
    "sportler": ("spieler", "läufer", "fahrer", "schwimmer", "springer", "boxer"),
}
HYPERNYMS_FOLDED: Final = {"wissenschafter": "wissenschaftler"}

# Compound heads that make another office than the bare noun.
OTHER_OFFICE_PREFIXES: Final = ("minister", "premier", "vize", "landtags", "parlaments", "polizei", "gerichts", "ehren",
                                "senats", "kammer", "bezirks", "unter", "staatssekretär", "aufsichtsrat")

# Plurals the suffix rules do not reach.
IRREGULAR: Final = {"männer": "mann", "frauen": "frau", "ehemänner": "ehemann", "ehefrauen": "ehefrau",
                    "kaufleute": "kaufmann", "geschäftsleute": "geschäftsmann"}

_FEMININE_SUFFIX = re.compile(r"(?<=[a-zäöüß]{3})(?:in|innen)$")
_ADJECTIVE_ENDING = re.compile(r"(?:e|en|er|em|es)$")


@lru_cache(maxsize=8192)
def noun_stem(word: str) -> str:
    """The lower-case singular masculine stem of a role noun: "Ministerin" -> "minister", "Vorsitzenden" ->
    "vorsitzend", "69-Jährige" -> "jährig", "Außenministern" -> "außenminister"; the part after the last
    hyphen of a compound ("CDU-Generalsekretär" -> "generalsekretär")."""
    lower = word.lower().rsplit("-", 1)[-1]
    if lower.endswith(ADJECTIVAL + tuple(a + e for a in ADJECTIVAL for e in ("e", "en", "er", "em", "es"))):
        return _ADJECTIVE_ENDING.sub("", lower)
    if lower in PERSON_WORDS or lower in FEMININE_WORDS or lower in MASCULINE_WORDS:
        return lower
    if lower.endswith("innen") and _known(lower[:-5]):
        return lower[:-5]
    if lower.endswith("in") and _known(lower[:-2]):
        return lower[:-2]
    for ending in ("ern", "es", "en", "n", "e", "s"):  # plural and weak-noun endings ("Präsidenten", "Forschern")
        bare = lower[: -len(ending)]
        if lower.endswith(ending) and bare.endswith(PERSON_ENDINGS + ORG_ENDINGS) and len(bare) >= 4:
            return bare if ending != "ern" else bare + "er"
    if lower in IRREGULAR:
        return IRREGULAR[lower]
    umlaut = max(lower.rfind(v) for v in "äöü")
    if umlaut >= 0 and not lower.endswith(PERSON_ENDINGS):  # "Anwältin", "Ärztinnen", "Bischöfe": the umlaut
        plain = lower[:umlaut] + {"ä": "a", "ö": "o", "ü": "u"}[lower[umlaut]] + lower[umlaut + 1:]
        stem = noun_stem(plain)
        if stem != plain or stem.endswith(PERSON_ENDINGS):
            return stem
    return lower


def _known(stem: str) -> bool:
    return len(stem) >= 3 and (stem.endswith(PERSON_ENDINGS) or stem in PERSON_WORDS)


def lemma_stem(word: str, lemma: str | None) -> str:
    """:func:`noun_stem` of the tagger's lemma when that is a known role noun ("Bischöfe" -> "bischof"),
    else of the word."""
    if lemma and lemma[:1].isupper() and lemma.lower() != word.lower():
        stem = noun_stem(lemma)
        if _known(stem) or stem.endswith(ORG_ENDINGS):
            return noun_stem(word) if is_feminine_form(word) and not is_feminine_form(lemma) else stem
    return noun_stem(word)


def is_feminine_form(word: str) -> bool:
    """ "Ministerin", "Chefin", "Kanzlerinnen", "Mutter": the word itself says the person is a woman."""
    lower = word.lower().rsplit("-", 1)[-1]
    return lower in FEMININE_WORDS or (bool(_FEMININE_SUFFIX.search(lower)) and noun_stem(word) != lower)


def person_noun(word: str) -> bool:
    """Whether a noun names a person by office, profession, kinship or legal role."""
    stem = noun_stem(word)
    if stem in NOT_PERSON or len(stem) < 3:
        return False
    return stem in PERSON_WORDS or stem.endswith(PERSON_ENDINGS)


#: Federal and state institutions named by a compound ("Bundesverwaltungsgericht", "Oberlandesgericht",
#: "Landesamt", "Bundesinnenministerium") are unique in their country: German uses them as names, so an
#: NER name mention of one stays a name instead of becoming a description waiting for an antecedent.
INSTITUTION_PREFIXES = ("bundes", "landes", "oberlandes", "ober", "verfassungs", "verwaltungs", "amts")


def institution_name(word: str) -> bool:
    """Whether an organisation noun is the name of a federal or state institution (see INSTITUTION_PREFIXES)."""
    lower = word.lower()
    return any(lower.startswith(prefix) and len(lower) > len(prefix) + 4 for prefix in INSTITUTION_PREFIXES)


def org_noun(word: str) -> bool:
    """Whether a noun names an organisation by what it is ("Nachrichtenagentur", "Ministerium")."""
    stem = noun_stem(word)
    return stem.endswith(ORG_ENDINGS) and stem not in NOT_ORG


def _other_office(stem: str) -> str | None:
    return next((prefix for prefix in OTHER_OFFICE_PREFIXES if stem.startswith(prefix) and stem != prefix), None)


def exact_role(known: str, wanted: str) -> bool:
    """The same noun or a synonym, no compound shortening (for forward references and qualified descriptions)."""
    return known == wanted or any(known in group and wanted in group for group in SYNONYMS)


@lru_cache(maxsize=16384)
def same_role(known: str, wanted: str) -> bool:
    """Whether a description's stem ``wanted`` names the role a person was introduced with (``known``):
    the same stem, a synonym, or a compound of one ("Außenminister X" ... "der Minister";
    "Minister X" ... "der Außenminister")."""
    if known == wanted:
        return True
    if _other_office(known) != _other_office(wanted):
        return False  # "der Präsident" is not the Ministerpräsident, "der Kanzler" not the Vizekanzler
    if len(wanted) >= 4 and known.endswith(wanted) and known[-len(wanted) - 1] not in "aeiouäöü":
        return True  # "der Minister" for the "Außenminister"
    if len(known) >= 6 and wanted.endswith(known):
        return True  # "der Außenminister" for a "Minister"
    if is_hypernym(wanted, known):
        return True
    return any(known in group and wanted in group for group in SYNONYMS) or any(
        wanted in group and any(known.endswith(word) for word in group if len(word) >= 5) for group in SYNONYMS) or \
        _same_by_endings(known, wanted)


def is_hypernym(wanted: str, known: str) -> bool:
    """Whether the general noun ``wanted`` covers the role ``known`` ("politiker" covers "außenminister")."""
    general = HYPERNYMS.get(HYPERNYMS_FOLDED.get(wanted, wanted)) or next(
        (endings for key, endings in HYPERNYMS.items() if wanted.endswith(key) and len(wanted) - len(key) <= 8
         and wanted[: len(wanted) - len(key)] in {"berufs", "spitzen", "top", "partei", "chef", "star"}), None)
    return bool(general) and known.endswith(general)  # type: ignore[arg-type]


def _same_by_endings(known: str, wanted: str) -> bool:
    """ "der Gewerkschaftsboss" for a "Gewerkschaftschef", "der Boss" for a "Konzernchef": synonym endings with
    the same first part, or none in the description."""
    for group in SYNONYMS:
        known_end = next((w for w in group if len(w) >= 4 and known.endswith(w)), None)
        wanted_end = next((w for w in group if len(w) >= 4 and wanted.endswith(w)), None)
        if known_end and wanted_end:
            known_prefix, wanted_prefix = known[: -len(known_end)], wanted[: -len(wanted_end)]
            if known_prefix == wanted_prefix or not wanted_prefix:
                return True
    return False
