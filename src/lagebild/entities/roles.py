"""Role descriptions in German news: "der russische Außenminister", "US-Präsident", "der Senator".

:func:`find_role_phrases` finds them with their determiner, nationality
adjectives or prefixes, and genitive complement, and splits coordinated
ellipsis ("der russische und der US-Präsident") into one phrase per
conjunct.  :func:`appositions` pairs phrases with the PER mentions they
describe ("der russische Außenminister Sergej Lawrow", "Sergej Lawrow, der
russische Außenminister", and the comma-less "Konstantin Kossatschow
Vorsitzender des …").

Institutions imply roles: a role in the Federation Council (the Russian upper
house, whose members are called senators) makes its holder a Russian
senator, so "der Senator" later in the article finds Kossatschow.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .canonical import name_key
from .nouns import person_noun

HEAD_OF_STATE, HEAD_OF_GOVERNMENT, FOREIGN_MINISTER = "head_of_state", "head_of_government", "foreign_minister"

# German label of each role id (for reports and docs).
ROLE_LABELS: dict[str, str] = {
    HEAD_OF_STATE: "Präsident / Staatsoberhaupt", HEAD_OF_GOVERNMENT: "Regierungschef",
    FOREIGN_MINISTER: "Außenminister", "vice_president": "Vizepräsident", "vice_chancellor": "Vizekanzler",
    "defence_minister": "Verteidigungsminister", "interior_minister": "Innenminister",
    "finance_minister": "Finanzminister", "justice_minister": "Justizminister",
    "economy_minister": "Wirtschaftsminister", "senator": "Senator", "spokesperson": "Sprecher",
    "chair": "Vorsitzender", "party_leader": "Parteichef", "ambassador": "Botschafter",
    "secretary_general": "Generalsekretär", "member_of_parliament": "Abgeordneter",
}

# Noun stem -> (role id, country the noun itself implies).  Inflection endings are matched separately.
ROLE_NOUNS: dict[str, tuple[str, str | None]] = {
    "Präsident": (HEAD_OF_STATE, None), "Staatspräsident": (HEAD_OF_STATE, None),
    "Staatschef": (HEAD_OF_STATE, None), "Staatsoberhaupt": (HEAD_OF_STATE, None),
    "Kremlchef": (HEAD_OF_STATE, "RU"), "Kreml-Chef": (HEAD_OF_STATE, "RU"), "Bundespräsident": (HEAD_OF_STATE, "DE"),
    "König": (HEAD_OF_STATE, None), "Kaiser": (HEAD_OF_STATE, None), "Monarch": (HEAD_OF_STATE, None),
    "Kanzler": (HEAD_OF_GOVERNMENT, None), "Bundeskanzler": (HEAD_OF_GOVERNMENT, "DE"),
    "Regierungschef": (HEAD_OF_GOVERNMENT, None), "Premierminister": (HEAD_OF_GOVERNMENT, None),
    "Premier": (HEAD_OF_GOVERNMENT, None), "Ministerpräsident": (HEAD_OF_GOVERNMENT, None),
    "Außenminister": (FOREIGN_MINISTER, None), "Bundesaußenminister": (FOREIGN_MINISTER, "DE"),
    "Chefdiplomat": (FOREIGN_MINISTER, None), "Außenamtschef": (FOREIGN_MINISTER, None),
    "Vizepräsident": ("vice_president", None), "Vizekanzler": ("vice_chancellor", None),
    "Verteidigungsminister": ("defence_minister", None), "Innenminister": ("interior_minister", None),
    "Finanzminister": ("finance_minister", None), "Justizminister": ("justice_minister", None),
    "Wirtschaftsminister": ("economy_minister", None), "Senator": ("senator", None),
    "Sprecher": ("spokesperson", None), "Regierungssprecher": ("spokesperson", None),
    "Kremlsprecher": ("spokesperson", "RU"), "Kreml-Sprecher": ("spokesperson", "RU"),
    "Vorsitzend": ("chair", None), "Parteichef": ("party_leader", None), "Parteivorsitzend": ("party_leader", None),
    "Botschafter": ("ambassador", None), "Generalsekretär": ("secretary_general", None),
    "Abgeordnet": ("member_of_parliament", None),
}
PREFIX_COUNTRIES = {"US": "US", "USA": "US", "EU": "EU", "UN": "UN", "Uno": "UN", "UNO": "UN", "Nato": "NATO",
                    "NATO": "NATO", "Kreml": "RU"}

# Nationality adjective stems (the endings -e, -en, -er, -es, -em are stripped first).
NATIONALITIES: dict[str, str] = {
    "russisch": "RU", "amerikanisch": "US", "us-amerikanisch": "US", "deutsch": "DE", "französisch": "FR",
    "britisch": "GB", "englisch": "GB", "chinesisch": "CN", "japanisch": "JP", "italienisch": "IT",
    "kanadisch": "CA", "indisch": "IN", "brasilianisch": "BR", "mexikanisch": "MX", "argentinisch": "AR",
    "australisch": "AU", "südafrikanisch": "ZA", "südkoreanisch": "KR", "nordkoreanisch": "KP",
    "türkisch": "TR", "saudisch": "SA", "saudi-arabisch": "SA", "indonesisch": "ID", "ukrainisch": "UA",
    "syrisch": "SY", "iranisch": "IR", "irakisch": "IQ", "israelisch": "IL", "palästinensisch": "PS",
    "ägyptisch": "EG", "polnisch": "PL", "spanisch": "ES", "österreichisch": "AT", "schweizerisch": "CH",
    "niederländisch": "NL", "belgisch": "BE", "griechisch": "GR", "ungarisch": "HU", "tschechisch": "CZ",
    "schwedisch": "SE", "norwegisch": "NO", "dänisch": "DK", "finnisch": "FI", "portugiesisch": "PT",
    "irisch": "IE", "afghanisch": "AF", "pakistanisch": "PK", "libysch": "LY", "venezolanisch": "VE",
    "kubanisch": "CU", "belarussisch": "BY", "weißrussisch": "BY", "georgisch": "GE", "serbisch": "RS",
    "kroatisch": "HR", "rumänisch": "RO", "bulgarisch": "BG", "litauisch": "LT", "lettisch": "LV",
    "estnisch": "EE", "libanesisch": "LB", "jordanisch": "JO", "katarisch": "QA", "nigerianisch": "NG",
    "kenianisch": "KE", "äthiopisch": "ET", "neuseeländisch": "NZ", "chilenisch": "CL",
    "kolumbianisch": "CO", "peruanisch": "PE", "vietnamesisch": "VN", "thailändisch": "TH",
    "philippinisch": "PH", "malaysisch": "MY", "taiwanisch": "TW", "slowakisch": "SK", "slowenisch": "SI",
    "luxemburgisch": "LU", "moldauisch": "MD", "armenisch": "AM", "aserbaidschanisch": "AZ",
    "kasachisch": "KZ", "usbekisch": "UZ", "mongolisch": "MN", "sudanesisch": "SD", "somalisch": "SO",
    "algerisch": "DZ", "marokkanisch": "MA", "tunesisch": "TN", "jemenitisch": "YE", "kuwaitisch": "KW",
    "emiratisch": "AE", "haitianisch": "HT", "albanisch": "AL", "bosnisch": "BA", "kosovarisch": "XK",
}
# Modifiers that make a description refer to someone other than the current holder.
NOT_CURRENT = ("ehemalig", "früher", "einstig", "damalig", "vormalig", "scheidend", "abgewählt", "gestürzt",
               "verstorben", "designiert", "künftig", "gewählt", "neugewählt", "stellvertretend", "entmachtet",
               "abgesetzt", "zurückgetreten", "langjährig")
DETERMINERS = frozenset({"der", "die", "den", "dem", "des"})
CONTRACTED = frozenset({"beim", "vom", "zum", "zur", "im", "am"})  # preposition + article: still definite
POSSESSIVES = frozenset({"sein", "seine", "seinen", "seinem", "seiner", "seines", "ihr", "ihre", "ihren", "ihrem",
                         "ihrer", "ihres", "unser", "unsere", "unseren", "unserem", "unserer"})
INDEFINITE = frozenset({"ein", "eine", "einen", "einem", "eines", "einer"})
CONJUNCTIONS = frozenset({"und", "sowie", "oder"})
_ENDINGS = ("innen", "in", "en", "er", "em", "es", "e", "n", "s", "r")

# Institutions named in a role's complement: (pattern, country, role every member holds).
INSTITUTIONS: tuple[tuple[re.Pattern[str], str | None, str | None], ...] = tuple(
    (re.compile(pattern), country, member_role) for pattern, country, member_role in (
        (r"Föderationsrat", "RU", "senator"), (r"(?:Staats)?[Dd]uma\b", "RU", "member_of_parliament"),
        (r"Kreml", "RU", None), (r"Weißen? Haus", "US", None), (r"US-Senat", "US", "senator"),
        (r"US-Kongress|Repräsentantenhaus", "US", "member_of_parliament"), (r"\bSenat", None, "senator"),
        (r"Bundestag", "DE", "member_of_parliament"), (r"Bundesregierung", "DE", None),
        (r"[ÉE]lys[ée]e", "FR", None), (r"Downing Street", "GB", None),
    ))

_NOUNS = "|".join(sorted(map(re.escape, ROLE_NOUNS), key=len, reverse=True))
_PREFIXES = "|".join(sorted(map(re.escape, PREFIX_COUNTRIES), key=len, reverse=True))
ROLE_RE = re.compile(rf"(?<![\w-])(?P<former>Ex-)?(?:(?P<prefix>{_PREFIXES})-)?(?P<noun>{_NOUNS})"
                     rf"(?P<suffix>innen|in|en|er|em|es|e|n|s|r)?(?![\w-])")
GENITIVE_NAME_RE = re.compile(r"[ \t]+([A-ZÄÖÜ][\w-]+s)\b")
COMPLEMENT_RE = re.compile(r"(?:\s+(?:des|der|von|vom)\s+(?:[a-zäöüß][\w-]*\s+){0,2}"
                           r"[A-ZÄÖÜÉ][\w.’'-]*(?:\s+[A-ZÄÖÜÉ][\w.’'-]*)*)+")


@dataclass(slots=True)
class RolePhrase:
    """One description of a role holder in the text."""

    start: int
    end: int  # the mention span: determiner .. role noun
    role: str
    country: str | None = None
    # An organisation in the complement or an unknown adjective ("bayerisch"), as a key: the role
    # belongs to it, not to a country, so it is never resolved through the knowledge base.
    qualifier: str | None = None
    definite: bool = False
    plural: bool = False
    not_current: bool = False  # "der frühere Präsident": not the holder at the article date
    coordinated: bool = False  # one conjunct of "der russische und der US-Präsident"
    phrase_end: int = 0  # end including the complement
    implied: list[tuple[str, str | None]] = field(default_factory=list)  # roles its holder also has

    @property
    def resolvable(self) -> bool:
        return self.definite and not self.plural


def _adjective_stem(word: str) -> str:
    lowered = word.lower()
    for ending in ("en", "er", "es", "em", "e"):
        if lowered.endswith(ending) and len(lowered) - len(ending) >= 4:
            return lowered[: -len(ending)]
    return lowered


def nationality(word: str) -> str | None:
    return NATIONALITIES.get(_adjective_stem(word))


def _is_plural(det: str | None, stem: str, suffix: str) -> bool:
    if suffix == "innen":
        return True
    if det == "die" and (suffix in ("en", "n") or (not suffix and stem.endswith("er"))):
        return True
    return det == "den" and suffix == "n" and stem.endswith("er")


def find_role_phrases(text: str, country_of: Callable[[str], str | None] = lambda _: None,
                      stops: Sequence[int] = ()) -> list[RolePhrase]:
    """Role descriptions in ``text``, in order.  ``country_of`` maps a place name (any
    inflection) to an ISO code; ``stops`` are offsets (PER mention starts) a genitive
    complement must not run into."""
    phrases: list[RolePhrase] = []
    for match in ROLE_RE.finditer(text):
        stem, suffix = match["noun"], match["suffix"] or ""
        role, country = ROLE_NOUNS[stem]
        if match["prefix"]:
            country = PREFIX_COUNTRIES[match["prefix"]]
        phrase = RolePhrase(match.start(), match.end(), role, country, not_current=bool(match["former"]),
                            phrase_end=match.end())
        _complement(text, phrase, country_of, stops)
        extra = _left_context(text, phrase, stem, suffix)
        phrases.append(phrase)
        phrases.extend(extra)
    phrases.sort(key=lambda p: p.start)
    return phrases


@dataclass(slots=True)
class _Left:
    """What stands left of a role noun: determiner, adjectives, and where the walk stopped."""

    det: str | None = None
    start: int | None = None
    country: str | None = None
    not_current: bool = False
    qualifiers: list[str] = field(default_factory=list)
    next_index: int = -1  # the first word left of the phrase that was not consumed


def _left_context(text: str, phrase: RolePhrase, stem: str, suffix: str) -> list[RolePhrase]:
    """Fill in determiner and adjectives left of the noun; return the first conjunct of a
    coordinated ellipsis as an extra phrase."""
    window_start = max(0, phrase.start - 160)
    words = [(m.start() + window_start, m.end() + window_start, m.group())
             for m in re.finditer(r"\S+", text[window_start:phrase.start])]
    if words and words[-1][1] == phrase.start:  # glued to punctuation ("„Präsident"): no left context
        words = []
    left = _walk_left(words, len(words) - 1)
    if left.start is not None:
        phrase.start = left.start
    phrase.definite = left.det in DETERMINERS or left.det in CONTRACTED or (
        left.det is None and phrase.country is not None)
    phrase.country = phrase.country or left.country
    phrase.not_current = phrase.not_current or left.not_current
    if left.qualifiers:
        phrase.qualifier = "+".join([*left.qualifiers, *([phrase.qualifier] if phrase.qualifier else [])])
    phrase.plural = _is_plural(left.det, stem, suffix)
    # Coordinated ellipsis: "der russische und der US-Präsident", "der russische und US-Präsident".
    index = left.next_index
    if not (0 <= index < len(words)) or words[index][2] not in CONJUNCTIONS:
        return []
    first = _walk_left(words, index - 1)
    if first.det not in DETERMINERS or first.country is None or first.start is None:
        return []
    phrase.coordinated = True
    end = words[index - 1][1]
    return [RolePhrase(first.start, end, phrase.role, first.country, qualifier="+".join(first.qualifiers) or None,
                       definite=True, plural=phrase.plural, not_current=first.not_current, coordinated=True,
                       phrase_end=end)]


def _walk_left(words: list[tuple[int, int, str]], index: int) -> _Left:
    """Walk left from ``words[index]`` over at most four adjectives to a determiner."""
    left = _Left(next_index=index)
    steps = 0
    while 0 <= index < len(words) and steps <= 4:
        begin, _end, word = words[index]
        lowered = word.lower()
        if lowered in DETERMINERS or lowered in INDEFINITE or lowered in CONTRACTED or lowered in POSSESSIVES:
            left.det = lowered
            left.start = begin if lowered not in CONTRACTED else left.start
            left.next_index = index - 1
            return left
        if lowered in CONJUNCTIONS or not re.fullmatch(r"[\w-]+", word):
            break
        if not word[:1].islower() and not word.startswith("US-"):
            break
        stem = _adjective_stem(word)
        found = NATIONALITIES.get(stem)
        if found:
            left.country = left.country or found
        elif stem.startswith(NOT_CURRENT):
            left.not_current = True
        elif stem.endswith("isch"):
            left.qualifiers.append(name_key(stem))
        elif not re.search(r"(?:e|en|er|es|em)$", lowered):
            break  # not an adjective: "sagte", "hat"
        left.start = begin
        index -= 1
        steps += 1
        left.next_index = index
    return left


def _complement(text: str, phrase: RolePhrase, country_of: Callable[[str], str | None],
                stops: Sequence[int]) -> None:
    """The genitive or "von" complement after the noun: its country, organisation, institution."""
    genitive = GENITIVE_NAME_RE.match(text, phrase.end)
    if genitive and genitive.start(1) not in stops and country_of(genitive[1]):
        phrase.country = phrase.country or country_of(genitive[1])  # "Präsident Russlands"
        phrase.phrase_end = genitive.end()
        return
    match = COMPLEMENT_RE.match(text, phrase.end)
    if not match:
        return
    end = match.end()
    for stop in stops:
        if phrase.end < stop < end:
            end = stop
    complement = text[phrase.end:end].rstrip()
    if not complement.strip():
        return
    phrase.phrase_end = phrase.end + len(complement)
    organisation = name_key(re.sub(r"^\s*(?:des|der|von|vom)\s+", "", complement)) or None
    for pattern, country, member_role in INSTITUTIONS:
        if pattern.search(complement):
            phrase.country = phrase.country or country
            if member_role and member_role != phrase.role:
                phrase.implied.append((member_role, country))
            phrase.qualifier = organisation  # "Präsident des Föderationsrats" is not the head of state
            return
    rest = re.sub(r"^\s*(?:des|der|von|vom)\s+", "", complement)
    own = country_of(rest)
    if own:  # "der Präsident der USA": the country's own role
        phrase.country = phrase.country or own
        return
    for group in re.findall(r"[A-ZÄÖÜÉ][\w.’'-]*(?:\s+[A-ZÄÖÜÉ][\w.’'-]*)*", complement):
        found = country_of(group)
        if found:  # "der Sprecher des Parlaments der Ukraine"
            phrase.country = phrase.country or found
            break
    phrase.qualifier = organisation  # the role belongs to the organisation


def appositions(text: str, phrases: Sequence[RolePhrase],
                persons: Sequence[tuple[int, int]]) -> list[tuple[RolePhrase, int]]:
    """(phrase, index into ``persons``) for each role phrase that describes an adjacent PER
    mention: "<phrase> <PER>", "<PER>, <phrase>" or "<PER> (<phrase>", and "<PER> <phrase>"
    without a comma when the phrase has no determiner ("Kossatschow Vorsitzender des …")."""
    pairs: list[tuple[RolePhrase, int]] = []
    for phrase in phrases:
        if phrase.plural or phrase.coordinated:
            continue
        found = _title_before(text, phrase, persons)  # a name right after the title wins over one before it:
        if found is None:  # "Jeremy Wright, Wirtschaftsminister Greg Clark" describes Greg Clark
            found = _apposition_after(text, phrase, persons)
        if found is not None and found >= 0:
            pairs.append((phrase, found))
    return pairs


def _title_before(text: str, phrase: RolePhrase, persons: Sequence[tuple[int, int]]) -> int | None:
    """Index of the person named right after the phrase; -1 when the name there belongs to a complement."""
    for index, (start, _end) in enumerate(persons):
        if start >= phrase.phrase_end and re.fullmatch(r"\s{1,2}", text[phrase.phrase_end:start]):
            complement = text[phrase.end:phrase.phrase_end].split()
            if complement and person_noun(complement[-1].strip(",;:")):
                return -1  # "ein Sprecher der EU-Kommissarin Viviane Reding": the name is the Kommissarin's
            return index
    return None


def _apposition_after(text: str, phrase: RolePhrase, persons: Sequence[tuple[int, int]]) -> int | None:
    for index, (_start, end) in enumerate(persons):
        before = text[end:phrase.start] if phrase.start >= end else None
        if before is not None and (re.fullmatch(r"\s*[,(]\s*", before) or (
                re.fullmatch(r"[ \t]+", before) and not _starts_with_determiner(text, phrase)
                and text[end - 1] != "s")):  # "Merkels Sprecher": a genitive name owns the role
            return index
    return None


def _starts_with_determiner(text: str, phrase: RolePhrase) -> bool:
    first = text[phrase.start:phrase.end].split()[0].lower()
    return first in DETERMINERS or first in INDEFINITE

