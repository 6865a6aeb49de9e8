"""The event taxonomy: lagebild types mapped to CAMEO root codes and PLOVER categories.

Versioned because stored events carry only the type name: a renamed or split type
changes ``TAXONOMY_VERSION`` so that exported data says which list it follows.
CAMEO roots (Schrodt 2012): 01 make public statement, 02 appeal, 03 express
intent to cooperate, 04 consult, 05 diplomatic cooperation, 06 material
cooperation, 07 provide aid, 08 yield, 09 investigate, 10 demand, 11 disapprove,
12 reject, 13 threaten, 14 protest, 15 exhibit force, 16 reduce relations,
17 coerce, 18 assault, 19 fight, 20 mass violence.
"""

from __future__ import annotations

from dataclasses import dataclass

TAXONOMY_VERSION = "1.0"


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    cameo: str | None  # CAMEO root code; None where CAMEO has no category (domestic politics)
    plover: str | None  # PLOVER category
    description: str


EVENT_TYPES: tuple[EventType, ...] = (
    EventType("meet", "04", "CONSULT", "meet, visit, hold talks, consult"),
    EventType("negotiate", "04", "CONSULT", "negotiate (CAMEO 046)"),
    EventType("agree", "05", "AGREE", "agree, reach a deal or ceasefire; an agreement takes effect"),
    EventType("sign", "05", "AGREE", "sign an agreement or treaty (CAMEO 057)"),
    EventType("establish", "05", "COOPERATE", "found or set up a group, body or institution"),
    EventType("demand", "10", "REQUEST", "demand, call on someone to do something"),
    EventType("appeal", "02", "REQUEST", "appeal, urge, ask for"),
    EventType("criticize", "11", "ACCUSE", "criticise, accuse, condemn, blame"),
    EventType("deny", "01", "REJECT", "deny, reject an accusation (CAMEO 016)"),
    EventType("threaten", "13", "THREATEN", "threaten"),
    EventType("protest", "14", "PROTEST", "protest, demonstrate, strike"),
    EventType("attack", "19", "ASSAULT", "attack, fight, shell, bomb"),
    EventType("kill", "18", "ASSAULT", "kill or injure people"),
    EventType("arrest", "17", "COERCE", "arrest, detain, take into custody (CAMEO 173)"),
    EventType("sentence", "17", "COERCE", "sentence, convict"),
    EventType("investigate", "09", "ACCUSE", "investigate, charge, sue"),
    EventType("sanction", "16", "SANCTION", "impose sanctions or an embargo, expel, break off relations"),
    EventType("aid", "07", "AID", "give aid, help, support"),
    EventType("elect", None, None, "elect, appoint, nominate (no CAMEO root: domestic politics)"),
    EventType("resign", "08", "CONCEDE", "resign, step down; be dismissed (CAMEO 0833)"),
    EventType("announce", "01", None, "announce, decide, make public"),
)

BY_NAME: dict[str, EventType] = {t.name: t for t in EVENT_TYPES}


def cameo_code(event_type: str) -> str | None:
    found = BY_NAME.get(event_type)
    return found.cameo if found else None
