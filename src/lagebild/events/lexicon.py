"""German trigger words per event type.

Verb lemmas are written as the infinitive *with* their separable particle
("ankündigen"): the tagger lemmatises participles that way ("angekündigt" ->
"ankündigen"), and :mod:`.extract` glues a finite verb and its particle at the
clause end ("kündigte ... an") into the same form.  Nouns match their lemma or
the last part of a compound ("Gipfeltreffen", "Friedensverhandlungen").
"""

from __future__ import annotations

VERB_TRIGGERS: dict[str, str] = {
    # meet
    "treffen": "meet", "zusammentreffen": "meet", "zusammenkommen": "meet", "empfangen": "meet",
    "besuchen": "meet", "beraten": "meet", "konsultieren": "meet", "tagen": "meet", "unterhalten": "meet",
    # negotiate
    "verhandeln": "negotiate", "aushandeln": "negotiate",
    # agree
    "vereinbaren": "agree", "einigen": "agree", "verständigen": "agree", "abschließen": "agree",
    "zustimmen": "agree", "billigen": "agree", "ratifizieren": "agree",
    # sign
    "unterzeichnen": "sign", "unterschreiben": "sign", "signieren": "sign",
    # establish
    "gründen": "establish", "einrichten": "establish", "einsetzen": "establish", "schaffen": "establish",
    # demand
    "fordern": "demand", "verlangen": "demand", "auffordern": "demand", "einfordern": "demand",
    # appeal
    "appellieren": "appeal", "aufrufen": "appeal", "bitten": "appeal", "mahnen": "appeal",
    "ermahnen": "appeal", "drängen": "appeal",
    # criticize
    "kritisieren": "criticize", "vorwerfen": "criticize", "beschuldigen": "criticize",
    "verurteilen": "criticize", "anprangern": "criticize", "bemängeln": "criticize", "rügen": "criticize",
    "beklagen": "criticize", "verantwortlich machen": "criticize",
    # deny
    "bestreiten": "deny", "dementieren": "deny", "zurückweisen": "deny", "leugnen": "deny",
    "abstreiten": "deny", "abweisen": "deny", "ablehnen": "deny",
    # threaten
    "drohen": "threaten", "androhen": "threaten", "bedrohen": "threaten",
    # protest
    "protestieren": "protest", "demonstrieren": "protest", "streiken": "protest", "boykottieren": "protest",
    # attack
    "angreifen": "attack", "attackieren": "attack", "beschießen": "attack", "bombardieren": "attack",
    "kämpfen": "attack", "überfallen": "attack", "stürmen": "attack", "einmarschieren": "attack",
    # kill / injure
    "töten": "kill", "ermorden": "kill", "umbringen": "kill", "erschießen": "kill", "hinrichten": "kill",
    "verletzen": "kill", "verwunden": "kill", "erstechen": "kill",
    # arrest
    "festnehmen": "arrest", "verhaften": "arrest", "inhaftieren": "arrest", "festsetzen": "arrest",
    "einsperren": "arrest", "entführen": "arrest", "ausliefern": "arrest",
    # sentence
    "freisprechen": "sentence",
    # investigate
    "ermitteln": "investigate", "untersuchen": "investigate", "anklagen": "investigate",
    "verklagen": "investigate", "klagen": "investigate", "durchsuchen": "investigate",
    # sanction
    "sanktionieren": "sanction", "verhängen": "sanction", "ausweisen": "sanction", "abbrechen": "sanction",
    "einfrieren": "sanction", "verbieten": "sanction",
    # aid
    "helfen": "aid", "unterstützen": "aid", "spenden": "aid",
    # elect
    "wählen": "elect", "ernennen": "elect", "berufen": "elect", "nominieren": "elect", "vereidigen": "elect",
    "wiederwählen": "elect",
    # resign
    "zurücktreten": "resign", "entlassen": "resign", "absetzen": "resign", "abberufen": "resign",
    "feuern": "resign",
    # announce / decide
    "ankündigen": "announce", "bekanntgeben": "announce", "beschließen": "announce",
    "entscheiden": "announce", "verkünden": "announce", "bekanntmachen": "announce",
}  # fmt: skip

# Noun lemmas (or compound heads), lower-case.
NOUN_TRIGGERS: dict[str, str] = {
    "treffen": "meet", "gipfel": "meet", "besuch": "meet", "gespräch": "meet", "konsultation": "meet",
    "verhandlung": "negotiate",
    "einigung": "agree", "vereinbarung": "agree", "abkommen": "agree", "waffenruhe": "agree",
    "waffenstillstand": "agree", "feuerpause": "agree", "übereinkunft": "agree", "deal": "agree",
    "kompromiss": "agree",
    "unterzeichnung": "sign",
    "gründung": "establish",
    "forderung": "demand",
    "appell": "appeal", "aufruf": "appeal",
    "kritik": "criticize", "vorwurf": "criticize", "verurteilung": "criticize",
    "dementi": "deny",
    "drohung": "threaten",
    "protest": "protest", "demonstration": "protest", "kundgebung": "protest", "streik": "protest",
    "boykott": "protest",
    "angriff": "attack", "anschlag": "attack", "attentat": "attack", "gefecht": "attack", "kampf": "attack",
    "offensive": "attack", "bombardierung": "attack", "beschuss": "attack", "überfall": "attack",
    "mord": "kill", "tötung": "kill", "hinrichtung": "kill",
    "festnahme": "arrest", "verhaftung": "arrest", "haftbefehl": "arrest", "entführung": "arrest",
    "auslieferung": "arrest",
    "haftstrafe": "sentence", "urteil": "sentence", "freispruch": "sentence", "todesstrafe": "sentence",
    "ermittlung": "investigate", "anklage": "investigate", "klage": "investigate",
    "untersuchung": "investigate", "razzia": "investigate", "durchsuchung": "investigate",
    "sanktion": "sanction", "embargo": "sanction", "ausweisung": "sanction",
    "hilfe": "aid", "unterstützung": "aid", "hilfslieferung": "aid", "spende": "aid",
    "wahl": "elect", "ernennung": "elect", "wiederwahl": "elect",
    "rücktritt": "resign", "entlassung": "resign", "absetzung": "resign",
    "ankündigung": "announce", "beschluss": "announce", "entscheidung": "announce",
}  # fmt: skip

# Compounds whose last part looks like a trigger but is not one.
NOUN_EXCLUDED: frozenset[str] = frozenset({
    "wahlkampf", "auswahl", "vorurteil", "selbstmord", "zahl", "nachwahl", "wahlkampfhilfe",
    "krisenherd", "gipfelteilnehmer", "rechtshilfe", "hilfsorganisation", "sterbehilfe",
    "wahlbeteiligung", "wahlergebnis", "kampfflugzeug", "kampfjet",
})

# A verb triggers only with one of these words in its clause: (word lemma, verb lemma) -> type.
# "in Kraft treten" makes an agreement take effect (it gives the agreement its start time).
MULTIWORD_TRIGGERS: dict[tuple[str, str], str] = {
    ("kraft", "treten"): "agree",
    ("leben", "kommen"): "kill",
    ("bekannt", "geben"): "announce",
    ("bekannt", "machen"): "announce",
    ("gewahrsam", "nehmen"): "arrest",
    ("fest", "nehmen"): "arrest",
    ("gefangen", "nehmen"): "arrest",
    ("schuldig", "sprechen"): "sentence",
    ("haft", "verurteilen"): "sentence",
    ("gefängnis", "verurteilen"): "sentence",
    ("jahr", "verurteilen"): "sentence",
    ("strafe", "verurteilen"): "sentence",
    ("haftstrafe", "verurteilen"): "sentence",
    ("tod", "verurteilen"): "sentence",
}

# Verbs that are triggers only in the multiword uses above (never alone).
MULTIWORD_ONLY: frozenset[str] = frozenset({"treten", "kommen", "geben", "machen", "nehmen", "sprechen"})

# "treffen" with one of these objects is "make a decision/arrangement", not "meet".
LIGHT_VERB_OBJECTS: frozenset[str] = frozenset({
    "entscheidung", "vereinbarung", "maßnahme", "vorkehrung", "absprache", "auswahl", "wahl",
})

# Verbs whose embedded event (zu-infinitive or dass-clause) is demanded / planned.
DEMANDING_LEMMAS: frozenset[str] = frozenset({
    "fordern", "verlangen", "auffordern", "appellieren", "aufrufen", "bitten", "drängen", "mahnen",
})
PLANNING_LEMMAS: frozenset[str] = frozenset({
    "vereinbaren", "planen", "beabsichtigen", "beschließen", "ankündigen", "wollen", "sollen",
    "vorhaben", "vorsehen", "einigen", "versprechen", "zusagen", "drohen", "androhen",
})
POSSIBILITY_WORDS: frozenset[str] = frozenset({
    "möglicherweise", "vielleicht", "eventuell", "wahrscheinlich", "vermutlich", "angeblich", "offenbar",
    "mutmaßlich", "können", "dürfen",
})

# Determiner phrases that refer back to the actors of the previous event.
PLURAL_ANAPHORS: frozenset[str] = frozenset({"sie", "beide", "beiden"})
ANAPHOR_NOUNS: frozenset[str] = frozenset({"land", "staat", "seite", "präsident", "regierung", "politiker"})

# Prepositions that make an entity the target ("Angriff auf", "Sanktionen gegen") or
# a place ("in Hamburg"); "von"/"durch" mark the agent of a passive.
TARGET_PREPOSITIONS: frozenset[str] = frozenset({"gegen", "auf", "mit", "an", "für", "zu"})
PLACE_PREPOSITIONS: frozenset[str] = frozenset({"in", "bei", "nahe", "nach", "vor"})
AGENT_PREPOSITIONS: frozenset[str] = frozenset({"von", "durch", "seitens"})
