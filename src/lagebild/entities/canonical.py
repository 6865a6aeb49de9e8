"""Canonical names and stable ids: folding spelling variants, inflection, surname -> full name.

The functions here are pure; :mod:`lagebild.entities.component` applies them
to an article.  Three kinds of variation are normalised:

* spelling: case, accents, hyphens and spaces ("Nord-Korea" / "Nordkorea") and
  the usual German/English transliterations of Russian and other names
  (Sergej/Sergei/Sergey, Lawrow/Lavrov, Michail/Mikhail, Mischustin/Mishustin);
* inflection: the genitive -s ("Trumps", "Russlands") is removed when the bare
  form is known (another mention, a knowledge-base alias, the gazetteer), so
  that "Reuters" or "Paris" keep their final s;
* reference: a surname alone ("Lawrow") joins the article's full-name mention
  that ends with it ("Sergej Lawrow").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable

_SPECIAL_LETTERS = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae",
                                  "œ": "oe", "’": "'", "ʼ": "'"})
# Transliteration pairs, applied in order to the lower-cased, accent-free name.
_TRANSLITERATION = (("tsch", "ch"), ("sch", "sh"), ("kh", "ch"), ("ph", "f"), ("ck", "k"), ("tz", "z"),
                    ("j", "i"), ("y", "i"), ("w", "v"))
_DOUBLE = re.compile(r"(\w)\1+")

# Words that NER sometimes includes in a PER span but that are not part of the name.
TITLES = frozenset({"herr", "herrn", "frau", "dr", "prof", "professor", "professorin", "sir", "lady", "lord",
                    "mr", "mrs", "ms", "präsident", "präsidentin", "kanzler", "kanzlerin", "minister",
                    "ministerin", "könig", "königin", "papst", "senator", "senatorin", "general", "scheich"})
NAME_PARTICLES = frozenset({"von", "van", "de", "da", "di", "del", "der", "den", "la", "le", "al", "el", "bin",
                            "ibn", "zu", "dos", "das", "du"})


def plain(text: str) -> str:
    """Lower case without accents, ß as ss, special letters mapped ("Çavuşoğlu" -> "cavusoglu")."""
    text = text.replace("ß", "ss").replace("ẞ", "SS").casefold().translate(_SPECIAL_LETTERS)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def person_key(name: str) -> str:
    """Key under which spelling variants of a person's name meet: "sergei lavrov" for
    "Sergej Lawrow", "Sergei Lavrov" and "Sergey Lavrov"; tokens stay separate."""
    tokens = re.findall(r"\w+", plain(name))
    keyed = []
    for token in tokens:
        token = _DOUBLE.sub(r"\1", token)  # before transliteration: "Jin" must not become "in"
        for old, new in _TRANSLITERATION:
            token = token.replace(old, new)
        keyed.append(token)
    return " ".join(keyed)


def name_key(name: str) -> str:
    """Key of an organisation or other name: hyphens, spaces and punctuation dropped."""
    return "".join(re.findall(r"\w+", plain(name)))


def stable_id(label: str, key: str) -> str:
    """``per-1a2b3c4d5e``: the same label and key give the same id in every article and process."""
    digest = hashlib.sha1(f"{label}:{key}".encode()).hexdigest()[:10]
    return f"{label.lower()}-{digest}"


def strip_title(surface: str) -> str:
    """ "Präsident Wladimir Putin" -> "Wladimir Putin"; a lone title stays as it is."""
    words = surface.split()
    while len(words) > 1 and plain(words[0]).rstrip(".") in TITLES:
        words = words[1:]
    return " ".join(words)


def strip_genitive(surface: str, known: Callable[[str], bool]) -> str:
    """Remove a genitive ending when the bare form is ``known``: "Trumps" -> "Trump",
    "Russlands" -> "Russland", "Lawrows" -> "Lawrow"; "Reuters" stays (no "Reuter" is known)."""
    for ending in ("’", "'", "s", "es", "ns"):
        if surface.endswith(ending) and len(surface) - len(ending) >= 2:
            bare = surface[: -len(ending)]
            if known(bare):
                return bare
    return surface


def surname_tokens(full_name: str) -> list[str]:
    """Tokens a full name may be shortened to: the last name word, and a particle-led
    last name ("de Villepin" -> "Villepin", "de Villepin")."""
    words = full_name.split()
    if len(words) < 2:
        return []
    result = [words[-1]]
    if len(words) >= 3 and words[-2].lower() in NAME_PARTICLES:
        result.append(" ".join(words[-2:]))
    return result


def is_full_name(surface: str) -> bool:
    return len(surface.split()) >= 2


def better_name(a: str, b: str) -> str:
    """The more informative of two surface forms of one entity: more words, then longer."""
    return max((a, b), key=lambda s: (len(s.split()), len(s), s))
