"""News media as speakers: canonical names of agencies and papers, and the class nouns that describe them.

Two uses:

* **canonical names** — an acronym or short name a text uses for a well-known agency or paper is given
  its usual full name ("AP" -> "Associated Press", "dpa" -> "Deutsche Presse-Agentur", "FAZ" ->
  "Frankfurter Allgemeine Zeitung"); names not in the table stay as written;
* **descriptions** — "die Nachrichtenagentur", "das Blatt", "der Sender" refer to the medium of that
  class named before in the article: a name in this table, or a name introduced with a class noun
  ("die staatliche Agentur Xinhua", "die Zeitung „Kurier“").

The table holds widely known agencies, papers and broadcasters of the German-speaking press and the
international agencies and papers German news cites most; it is general knowledge, not learnt from any
corpus.  Broadcasters whose acronym *is* their usual name (ARD, ZDF, ORF, BBC, CNN) keep it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

AGENCY, NEWSPAPER, BROADCASTER, MAGAZINE, PORTAL = "agency", "newspaper", "broadcaster", "magazine", "portal"

# canonical name -> (class, aliases written in texts; the canonical name itself is always one)
_MEDIA: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    # news agencies
    "Deutsche Presse-Agentur": (AGENCY, ("dpa", "DPA", "Deutsche Presseagentur")),
    "Austria Presse Agentur": (AGENCY, ("APA", "Austria Presse-Agentur", "Austria-Presse-Agentur")),
    "Associated Press": (AGENCY, ("AP",)),
    "Agence France-Presse": (AGENCY, ("AFP", "Agence France Presse")),
    "Reuters": (AGENCY, ("Thomson Reuters",)),
    "Katholische Nachrichten-Agentur": (AGENCY, ("KNA", "Kathpress")),
    "Evangelischer Pressedienst": (AGENCY, ("epd",)),
    "Schweizerische Depeschenagentur": (AGENCY, ("SDA", "sda", "Keystone-SDA")),
    "Deutscher Depeschendienst": (AGENCY, ("ddp", "dapd")),
    "Bloomberg": (AGENCY, ()),
    "ANSA": (AGENCY, ()),
    "EFE": (AGENCY, ()),
    "Europa Press": (AGENCY, ()),
    "TASS": (AGENCY, ("Tass", "Itar-Tass", "ITAR-TASS")),
    "RIA Nowosti": (AGENCY, ("Ria Nowosti", "RIA Novosti")),
    "Interfax": (AGENCY, ()),
    "Sputnik": (AGENCY, ()),
    "Xinhua": (AGENCY, ("Neues China",)),
    "Kyodo": (AGENCY, ()),
    "Jiji Press": (AGENCY, ("Jiji",)),
    "Yonhap": (AGENCY, ()),
    "Korean Central News Agency": (AGENCY, ("KCNA",)),
    "Islamic Republic News Agency": (AGENCY, ("IRNA", "Irna")),
    "ISNA": (AGENCY, ()),
    "Fars": (AGENCY, ()),
    "Tasnim": (AGENCY, ()),
    "Anadolu": (AGENCY, ("Anadolu Agency",)),
    "Middle East News Agency": (AGENCY, ("MENA",)),
    "WAFA": (AGENCY, ("Wafa",)),
    "Polska Agencja Prasowa": (AGENCY, ("PAP",)),
    "Tschechische Nachrichtenagentur": (AGENCY, ("ČTK", "CTK")),
    "Magyar Távirati Iroda": (AGENCY, ("MTI",)),
    "Ukrinform": (AGENCY, ()),
    "Unian": (AGENCY, ("UNIAN",)),
    "Press Trust of India": (AGENCY, ("PTI",)),
    "Agenzia Nova": (AGENCY, ()),
    # newspapers
    "Frankfurter Allgemeine Zeitung": (NEWSPAPER, ("FAZ", "F.A.Z.", "Frankfurter Allgemeine")),
    "Frankfurter Allgemeine Sonntagszeitung": (NEWSPAPER, ("FAS", "F.A.S.")),
    "Süddeutsche Zeitung": (NEWSPAPER, ("SZ", "Süddeutsche")),
    "Neue Zürcher Zeitung": (NEWSPAPER, ("NZZ",)),
    "die tageszeitung": (NEWSPAPER, ("taz",)),
    "Bild": (NEWSPAPER, ("Bild-Zeitung", "Bildzeitung")),
    "Die Welt": (NEWSPAPER, ()),
    "Welt am Sonntag": (NEWSPAPER, ("WamS",)),
    "Handelsblatt": (NEWSPAPER, ()),
    "Der Tagesspiegel": (NEWSPAPER, ("Tagesspiegel",)),
    "Die Zeit": (NEWSPAPER, ()),
    "Der Standard": (NEWSPAPER, ("Standard", "STANDARD")),
    "Die Presse": (NEWSPAPER, ()),
    "Kurier": (NEWSPAPER, ()),
    "Kronen Zeitung": (NEWSPAPER, ("Krone", "Kronen-Zeitung", "Krone-Zeitung")),
    "Kleine Zeitung": (NEWSPAPER, ()),
    "Salzburger Nachrichten": (NEWSPAPER, ("SN",)),
    "Oberösterreichische Nachrichten": (NEWSPAPER, ("OÖN", "OÖNachrichten")),
    "Tiroler Tageszeitung": (NEWSPAPER, ("TT",)),
    "Wiener Zeitung": (NEWSPAPER, ()),
    "Tages-Anzeiger": (NEWSPAPER, ("Tagesanzeiger",)),
    "Financial Times": (NEWSPAPER, ("FT",)),
    "The New York Times": (NEWSPAPER, ("New York Times", "NYT")),
    "The Wall Street Journal": (NEWSPAPER, ("Wall Street Journal", "WSJ")),
    "The Washington Post": (NEWSPAPER, ("Washington Post",)),
    "USA Today": (NEWSPAPER, ()),
    "The Guardian": (NEWSPAPER, ("Guardian",)),
    "The Times": (NEWSPAPER, ()),
    "The Independent": (NEWSPAPER, ("Independent",)),
    "The Daily Telegraph": (NEWSPAPER, ("Telegraph", "Daily Telegraph")),
    "Le Monde": (NEWSPAPER, ()),
    "Le Figaro": (NEWSPAPER, ("Figaro",)),
    "La Repubblica": (NEWSPAPER, ("Repubblica",)),
    "Corriere della Sera": (NEWSPAPER, ()),
    "El País": (NEWSPAPER, ("El Pais",)),
    "Gazeta Wyborcza": (NEWSPAPER, ()),
    "Hürriyet": (NEWSPAPER, ()),
    "Haaretz": (NEWSPAPER, ()),
    # magazines
    "Der Spiegel": (MAGAZINE, ("Spiegel", "SPIEGEL")),
    "Focus": (MAGAZINE, ()),
    "Stern": (MAGAZINE, ()),
    "profil": (MAGAZINE, ("Profil",)),
    "Falter": (MAGAZINE, ()),
    "Newsweek": (MAGAZINE, ()),
    "The Economist": (MAGAZINE, ("Economist",)),
    # broadcasters (the acronym is the usual name)
    "ORF": (BROADCASTER, ("Österreichischer Rundfunk",)),
    "ARD": (BROADCASTER, ()),
    "ZDF": (BROADCASTER, ("Zweites Deutsches Fernsehen",)),
    "BBC": (BROADCASTER, ("British Broadcasting Corporation",)),
    "CNN": (BROADCASTER, ()),
    "Al Jazeera": (BROADCASTER, ("al-Jazeera", "Al-Jazeera", "Al Dschasira", "al-Dschasira")),
    "Al Arabiya": (BROADCASTER, ("al-Arabiya", "Al-Arabiya")),
    "Deutsche Welle": (BROADCASTER, ("DW",)),
    "Schweizer Radio und Fernsehen": (BROADCASTER, ("SRF",)),
    "Ö1": (BROADCASTER, ()),
    "Puls 4": (BROADCASTER, ()),
    "ATV": (BROADCASTER, ()),
    "Fox News": (BROADCASTER, ()),
    "NBC": (BROADCASTER, ()),
    "CBS": (BROADCASTER, ()),
    "ABC": (BROADCASTER, ()),
    "Sky News": (BROADCASTER, ()),
    "RTL": (BROADCASTER, ()),
    "Deutschlandfunk": (BROADCASTER, ("DLF",)),
}

#: alias (any case) -> canonical name
CANONICAL: Final[dict[str, str]] = {
    alias.casefold(): canonical
    for canonical, (_, aliases) in _MEDIA.items()
    for alias in (canonical, *aliases)
}
#: canonical name -> class
MEDIUM_CLASS: Final[dict[str, str]] = {canonical: kind for canonical, (kind, _) in _MEDIA.items()}

#: Class nouns: "die Nachrichtenagentur", "das Blatt", "der Sender" (lower-case heads) -> class.
CLASS_NOUNS: Final[dict[str, str]] = {
    **dict.fromkeys(("agentur", "nachrichtenagentur", "presseagentur", "nachrichtenagenturen",
                     "staatsagentur", "depeschenagentur"), AGENCY),
    **dict.fromkeys(("zeitung", "tageszeitung", "blatt", "boulevardblatt", "boulevardzeitung", "wochenzeitung",
                     "sonntagszeitung", "regionalzeitung", "lokalzeitung", "zeitungen", "gratiszeitung",
                     "wirtschaftszeitung", "traditionszeitung", "wochenblatt"), NEWSPAPER),
    **dict.fromkeys(("sender", "fernsehsender", "radiosender", "nachrichtensender", "staatssender", "tv-sender",
                     "staatsfernsehen", "fernsehen", "rundfunk", "staatsrundfunk", "rundfunksender"),
                    BROADCASTER),
    **dict.fromkeys(("magazin", "nachrichtenmagazin", "wochenmagazin", "zeitschrift", "fachzeitschrift",
                     "fachblatt", "fachmagazin", "wirtschaftsmagazin", "monatsmagazin"), MAGAZINE),
    **dict.fromkeys(("portal", "nachrichtenportal", "onlineportal", "internetportal", "nachrichtenseite",
                     "website", "webseite", "onlinezeitung", "onlineausgabe", "blog"), PORTAL),
}


@lru_cache(maxsize=4096)
def canonical_name(name: str) -> str:
    """The usual full name of a medium the table knows ("AP" -> "Associated Press"); other names unchanged.
    A leading article is ignored ("die taz", "der Spiegel")."""
    key = name.strip().casefold()
    if key in CANONICAL:
        return CANONICAL[key]
    for article in ("der ", "die ", "das ", "the "):
        if key.startswith(article) and key[len(article):] in CANONICAL:
            return CANONICAL[key[len(article):]]
    return name


def medium_class(name: str) -> str | None:
    """The class of a known medium ("Reuters" -> "agency"), or None."""
    canonical = canonical_name(name)
    return MEDIUM_CLASS.get(canonical)


@lru_cache(maxsize=4096)
def class_of_noun(noun: str) -> str | None:
    """The class a description's head noun names ("Nachrichtenagentur" -> "agency"), also as the last part of
    a compound ("Staatsnachrichtenagentur", "US-Zeitung")."""
    lower = noun.lower()
    if lower in CLASS_NOUNS:
        return CLASS_NOUNS[lower]
    for suffix, kind in CLASS_NOUNS.items():
        if len(suffix) >= 5 and lower.endswith(suffix):
            return kind
    return None
