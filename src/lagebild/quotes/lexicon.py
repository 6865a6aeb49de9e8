"""Word lists for speech, thought and writing: cue verbs, source nouns, speaker titles.

Verbs are keyed by lemma with their separable particle joined ("mitteilen" for
"teilte … mit", "ausgehen" for "geht davon aus").  Every verb carries its
*medium* (speech, writing, thought, or ``agreement`` for "sich einigen" and
"einig sein", whose statements belong to several speakers and never carry a
free-indirect continuation, see :mod:`lagebild.quotes.continuation`).  Which
verbs make a sentence with a plain noun-phrase object a *reported* statement
("Oettinger nannte den Beschluss einen fairen Kompromiss") is listed apart.

The lists were written from German grammar references and checked against the
SpkAtt-2023 training split (cue counts per lemma); nothing was learnt from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from lagebild.lang.de import REPORTING_VERBS


@dataclass(frozen=True, slots=True)
class CueVerb:
    medium: str  # speech | writing | thought | agreement


# The verbs themselves are German language data shared with the tagger step's fixes (lagebild.nlp.retag).
CUE_VERBS: Final[dict[str, CueVerb]] = {
    verb: CueVerb(medium) for medium, verbs in REPORTING_VERBS.items() for verb in verbs
}

# Verbs whose sentence is a *reported* statement when they take a plain noun-phrase object
# ("Die Gewerkschaft forderte höhere Löhne.").  Kept to the verbs for which the SpkAtt-2023
# training annotations mark such sentences at least as often as not: "kritisieren",
# "bezeichnen", "begrüßen" and the like describe more often than they report.
REPORTED_VERBS: Final = frozenset({
    "fordern", "sprechen", "berichten", "warnen", "verweisen", "hinweisen", "ankündigen", "beziffern",
    "vorwerfen", "plädieren", "nennen", "schätzen", "raten", "auffordern",
})
# Verbs of judging ("bezeichnete die Taten als grauenvoll") report a statement only when no quotation
# in the sentence carries it (with one, the quotation is the statement: "als „große Tragödie“").
JUDGING_VERBS: Final = frozenset({
    "bezeichnen", "einschätzen", "werten", "einstufen", "begründen", "zusichern", "ausgehen", "sehen",
})

# Separable particles that do not change the verb's meaning for our purpose
# ("sagte weiter" is still "sagen").
NEUTRAL_PARTICLES: Final = frozenset({"weiter", "wieder", "dazu"})

# Verbs that are cues only together with a word in the clause: the word, and its medium.
PHRASAL_CUES: Final[dict[str, tuple[frozenset[str], str]]] = {
    "ausgehen": (frozenset({"davon"}), "thought"),
    "zeigen": (frozenset({"überzeugt", "zuversichtlich", "optimistisch", "besorgt", "enttäuscht",
                         "zufrieden", "erleichtert", "skeptisch", "bereit", "erfreut", "überrascht",
                         "beunruhigt", "verwundert", "offen", "glücklich", "bestürzt", "froh", "entsetzt",
                         "erschüttert", "betroffen", "empört", "verärgert", "dankbar", "zurückhaltend",
                         "kämpferisch", "unbeeindruckt", "gelassen"}), "thought"),
    "machen": (frozenset({"deutlich", "klar", "geltend", "aufmerksam"}), "speech"),
    "geben": (frozenset({"an", "bekannt", "zu", "bedenken", "auskunft"}), "speech"),
    "stellen": (frozenset({"fest", "klar", "dar", "heraus"}), "speech"),
    "sehen": (frozenset({"als", "darin"}), "thought"),
    "halten": (frozenset({"für"}), "thought"),
    "rechnen": (frozenset({"damit"}), "thought"),
    "sein": (frozenset({"überzeugt", "sicher", "einig", "meinung", "ansicht", "auffassung"}), "thought"),
    "werden": (frozenset({"bekannt"}), "writing"),
    "gehen": (frozenset({"hervor"}), "writing"),
    "ergeben": (frozenset({"sich"}), "writing"),
    "kommen": (frozenset({"ergebnis", "schluss", "schlussfolgerung", "einschätzung", "urteil"}), "thought"),
    "ziehen": (frozenset({"schluss", "schlussfolgerung", "fazit", "bilanz"}), "thought"),
    "bringen": (frozenset({"ausdruck"}), "speech"),
    "vertreten": (frozenset({"auffassung", "ansicht", "meinung", "standpunkt", "position", "these"}), "thought"),
}

# "sein" + one of these as a predicative adjective: several speakers agreeing.
AGREEMENT_WORDS: Final = frozenset({"einig", "einigten", "einigen", "geeinigt", "übereingekommen"})

# Pronominal adverbs that are cue and source at once ("Demnach sei …", "…, wonach …").
REFERRING_CUES: Final = frozenset({"demnach", "wonach", "demzufolge"})

# Noun endings that make "nach X" a source phrase ("nach Angaben der Polizei",
# "nach Polizeiangaben", "nach Ansicht von Experten").  Matched on the lower-cased
# last part of a compound.
SOURCE_NOUN_ENDINGS: Final = (
    "angaben", "angabe", "aussagen", "aussage", "ansicht", "meinung", "einschätzung", "auffassung",
    "informationen", "information", "bericht", "berichten", "worten", "schätzungen", "schätzung",
    "berechnungen", "erkenntnissen", "erkenntnis", "ermittlungen", "darstellung", "darstellungen",
    "auskunft", "stellungnahme", "analyse", "studie", "umfrage", "mitteilung", "meldung", "meldungen",
    "sicht", "überzeugung", "bekunden", "prognose", "vorhersage", "zählung", "erfahrungen", "planungen",
    "nachrichten", "erklärung", "expertenmeinung", "vernehmen", "ankündigung", "quellenlage",
    "erkenntnisstand", "medien", "dokument", "dokumenten",
    # legal texts and results speak in SpkAtt too: "Nach dem Grundgesetz ist …", "nach dem Endergebnis"
    "grundgesetz", "gesetzentwurf", "gesetzesentwurf", "verfassung", "endergebnis", "ergebnis", "untersuchungen",
    "ermittlungsstand", "hochrechnung", "hochrechnungen", "vorstellungen",
)

# Words for speakers that are roles, not names ("der Senator", "ein Sprecher").
# Generic titles may stand for a person named earlier ("der Senator" for the
# committee chairman Kossatschow); function words like "Sprecher" or "Zeuge" name
# a new person and are never resolved to an earlier speaker.
GENERIC_TITLES: Final = frozenset({
    "senator", "senatorin", "minister", "ministerin", "präsident", "präsidentin", "politiker",
    "politikerin", "abgeordnete", "abgeordneter", "vorsitzende", "vorsitzender", "chef", "chefin",
    "kanzler", "kanzlerin", "premier", "premierminister", "premierministerin", "ministerpräsident",
    "ministerpräsidentin", "außenminister", "außenministerin", "bürgermeister", "bürgermeisterin",
    "regierungschef", "regierungschefin", "staatschef", "staatschefin", "trainer", "trainerin",
    "direktor", "direktorin", "gouverneur", "gouverneurin", "botschafter", "botschafterin", "diplomat",
    "diplomatin", "parteichef", "parteichefin", "professor", "professorin", "forscher", "forscherin",
    "wissenschaftler", "wissenschaftlerin", "autor", "autorin", "künstler", "künstlerin", "sänger",
    "sängerin", "schauspieler", "schauspielerin", "spieler", "spielerin", "kandidat", "kandidatin",
    "angeklagte", "angeklagter", "manager", "managerin", "unternehmer", "unternehmerin", "bischof",
    "papst", "könig", "königin", "richter", "richterin", "anwalt", "anwältin", "experte", "expertin",
    "mann", "frau", "jährige", "jährigen", "jähriger",
})

# Words after which a short quotation is a name or title, not a statement:
# "die Mondlandefähre „Eagle“", "die Partei „Neue Rechte“", "das Buch „…“".
TITLE_NOUNS: Final = frozenset({
    "titel", "motto", "name", "namen", "buch", "film", "roman", "album", "lied", "song", "stück",
    "projekt", "aktion", "kampagne", "operation", "partei", "bewegung", "gruppe", "band", "zeitung",
    "zeitschrift", "magazin", "sendung", "serie", "programm", "schiff", "sonde", "mission", "gesetz",
    "schlagwort", "stichwort", "begriff", "wort", "unwort", "bezeichnung", "spitzname",
})

# Endings of nouns that name people or institutions that speak: "Polizeisprecher", "Außenministerium",
# "Bundesregierung", "Gesundheitsbehörden", "Experten" (for free indirect speech without a frame).
SPEAKER_NOUN_ENDINGS: Final = (
    "sprecher", "sprecherin", "minister", "ministerin", "ministerium", "amt", "ämter", "behörde", "behörden",
    "polizei", "regierung", "verwaltung", "institut", "gericht", "gerichtshof", "anwalt", "anwältin",
    "anwaltschaft", "kommission", "rat", "verband", "verbände", "gewerkschaft", "partei", "fraktion",
    "organisation", "agentur", "zeitung", "magazin", "sender", "bericht", "studie", "experte", "experten",
    "expertin", "forscher", "forscherin", "wissenschaftler", "präsident", "präsidentin", "chef", "chefin",
    "leiter", "leiterin", "vorsitzende", "vorsitzender", "direktor", "direktorin", "unternehmen", "konzern",
    "firma", "bank", "militär", "armee", "vertreter", "vertreterin", "zeuge", "zeugin", "zeugen", "kritiker",
    "kritikerin", "gegner", "befürworter", "opposition", "bürgermeister", "bürgermeisterin", "feuerwehr",
    "staatsanwaltschaft", "ermittler", "veranstalter", "hersteller", "betreiber", "kanzler", "kanzlerin",
    "abgeordnete", "abgeordneter", "politiker", "politikerin", "botschafter", "union", "nato", "uno", "ausschuss",
    # "Der Deutsche Wetterdienst", "Das Nobelkomitee", "Die Stiftung Warentest", "Beobachter"
    "komitee", "dienst", "stiftung", "beobachter", "beobachterin", "gremium", "vorstand", "kabinett", "senat",
    "institute", "universität", "ministerien", "agenturen", "verbraucherschützer", "umweltschützer", "aktivisten",
    "aktivist", "aktivistin", "analysten", "analyst", "ökonomen", "ärzte", "arzt", "ärztin", "mediziner",
    # titles of office and professions: "Landeshauptmann", "ÖVP-Klubobmann", "EU-Kommissar", "Generalsekretär"
    "hauptmann", "hauptfrau", "obmann", "obfrau", "sekretär", "sekretärin", "kommissar", "kommissarin",
    "funktionär", "funktionärin", "richter", "richterin", "trainer", "trainerin", "manager", "managerin", "ökonom",
    "ökonomin", "historiker", "historikerin", "analystin", "autor", "autorin", "gründer", "gründerin", "bischof",
    "kardinal",
)

# Nouns that introduce a statement in the next clause: "die Behauptung, dass …", "mit dem Hinweis, man
# sei beschäftigt", "die Aufforderung, das Land zu verlassen".
CUE_NOUNS: Final = frozenset({
    "behauptung", "behauptungen", "forderung", "forderungen", "ankündigung", "aufforderung", "vorwurf",
    "vorwürfe", "warnung", "hinweis", "information", "informationen", "meldung", "meldungen", "erklärung",
    "aussage", "aussagen", "äußerung", "äußerungen", "einschätzung", "befürchtung", "befürchtungen",
    "vermutung", "verdacht", "zusage", "versprechen", "drohung", "appell", "bitte", "frage", "annahme",
    "überzeugung", "auffassung", "begründung", "gerücht", "gerüchte", "spekulation", "spekulationen",
    "vorschlag", "beschluss", "entscheidung", "feststellung", "prognose", "kritik", "klage", "angabe",
    "darstellung", "nachricht", "botschaft", "mitteilung", "worten",
})
