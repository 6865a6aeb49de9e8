#!/usr/bin/env python3
"""Build ``tests/data/corpus_fixtures.jsonl``: outlet variants of CC BY Wikinews articles for the corpus layer.

CI cannot reach the stories dev set (its texts are copyrighted and not in the repository), so the corpus layer
(agency-copy grouping, story clustering, outlet comparison; issue 12) is gated on these fixtures instead. Four pairs of
German Wikinews articles are used; in each pair the two articles report *different* events about the same people or
places a few days apart. The first article of a pair is republished by fictitious outlets as

* ``original``    the Wikinews article itself (outlet "Wikinews", its real URL);
* ``duplicate``   a byte-identical copy under another outlet and URL (first two pairs only);
* ``agency_edit`` an edited copy: a new lead sentence, the ending cut, a credit line;
* ``short``       a shortened copy: the first sentences only, a credit line;
* ``added``       a full copy with an added paragraph of the outlet's own (labelled ``own_statements``);
* ``reworded``    a full copy with light, seeded word substitutions and a new title, no credit line;
* ``brief``       an independent three-sentence report of the same event in other words (not a copy);

and the second article as ``original``, ``short`` and ``aside`` (a full copy with one sentence of its own).

Every record: ``{"id", "text", "outlet", "url", "published", "title", "story", "copy_group", "agency",
"own_statements"}``; ``own_statements`` holds the SHA-1 (hex, UTF-8) of each sentence that only that record has and
that is the outlet's own addition. Sentences are joined by one space, paragraphs by a blank line.

Sources: the SpkAtt-2023 distribution of German Wikinews (``../shared/data/spkatt2023_news``); only
``DocumentName`` and ``Sentences`` are read (via ``scripts/build_examples.py``), never the annotations
(CC BY-NC-SA). The Wikinews texts are CC BY 2.5; the added sentences, leads and briefs below are written for these
fixtures and are CC BY 4.0 (lagebild developers). Attribution and details: ``tests/data/CORPUS_FIXTURES.md``.

Usage::

    python scripts/build_corpus_fixtures.py [--source DIR] [--out tests/data/corpus_fixtures.jsonl] [--seed 12]

Standard library only, offline, deterministic (same output for the same ``--seed``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_examples as be  # same folder; reads tokens, never annotations

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "data" / "spkatt2023_news"
DEFAULT_OUT = REPO_ROOT / "tests" / "data" / "corpus_fixtures.jsonl"
DEFAULT_SEED = 12
SOURCE_AGENCY = "Wikinews"


@dataclass(frozen=True)
class Primary:
    """A Wikinews article that many fictitious outlets republish, plus the hand-written pieces they add."""

    story: str
    wikinews_id: str
    keep: tuple[int, int]  # sentence range [start, end) of the Wikinews text used as "the original"
    cut_at: int  # the edited agency copy keeps sentences [0, cut_at) of the original
    short_at: int  # the shortened copy keeps sentences [0, short_at)
    lead: str
    added: tuple[str, ...]
    brief: tuple[str, ...]
    reworded_title: str
    duplicate: bool = False


@dataclass(frozen=True)
class Secondary:
    """A different event about the same people or places, a few days apart."""

    story: str
    wikinews_id: str
    keep: tuple[int, int]
    short_at: int
    aside: str


PAIRS: tuple[tuple[Primary, Secondary], ...] = (
    (
        Primary(
            story="F1-koehler-bundestag-aufgeloest", wikinews_id="9019", keep=(0, 21), cut_at=14, short_at=5,
            lead="Der Weg für eine vorgezogene Bundestagswahl ist frei: Bundespräsident Horst Köhler hat den "
                 "Bundestag aufgelöst und Neuwahlen für den 18. September angesetzt.",
            added=("Für die Parteien beginnt damit ein ungewöhnlich kurzer Sommerwahlkampf.",
                   "Ob die angekündigten Klagen in Karlsruhe Erfolg haben, bleibt abzuwarten."),
            brief=("Bundespräsident Köhler hat das Parlament aufgelöst und den Weg für Neuwahlen freigemacht.",
                   "Gewählt wird am 18. September.",
                   "Kanzler Schröder begrüßte den Schritt, zwei Abgeordnete wollen dagegen in Karlsruhe klagen."),
            reworded_title="Köhler macht den Weg für Neuwahlen frei", duplicate=True,
        ),
        Secondary(
            story="F2-gedenken-20-juli", wikinews_id="9093", keep=(0, 10), short_at=5,
            aside="Das öffentliche Gelöbnis am Jahrestag ist seit Jahren umstritten.",
        ),
    ),
    (
        Primary(
            story="F3-handball-em-niederlande", wikinews_id="83753", keep=(0, 13), cut_at=10, short_at=4,
            lead="Mit einem klaren Sieg ist die deutsche Handballnationalmannschaft in die Europameisterschaft "
                 "gestartet.",
            added=("Die Rote Karte gegen den Kapitän dürfte das Trainerteam noch beschäftigen.",
                   "Gegen Spanien wird sich die Mannschaft keine solche Schwächephase leisten können."),
            brief=("Deutschlands Handballer haben zum EM-Auftakt die Niederlande mit 34:23 geschlagen.",
                   "Kapitän Uwe Gensheimer sah schon in der ersten Halbzeit die Rote Karte.",
                   "Nächster Gegner ist Titelverteidiger Spanien."),
            reworded_title="Deutsche Handballer schlagen die Niederlande zum EM-Start", duplicate=True,
        ),
        Secondary(
            story="F4-handball-em-weissrussland", wikinews_id="83783", keep=(0, 17), short_at=5,
            aside="Für das Halbfinale braucht die Mannschaft nun vor allem Siege gegen die Topteams.",
        ),
    ),
    (
        Primary(
            story="F5-discovery-flug-verlaengert", wikinews_id="9679", keep=(0, 7), cut_at=5, short_at=2,
            lead="Die Astronauten der Raumfähre „Discovery“ bekommen einen zusätzlichen Tag im All.",
            added=("Für die NASA ist es der erste Shuttle-Flug seit dem Absturz der „Columbia“ im Februar 2003.",
                   "Entsprechend genau wird jede Abweichung vom Flugplan verfolgt."),
            brief=("Die NASA verlängert den Flug der Raumfähre „Discovery“ um einen Tag.",
                   "Die Landung ist nun für den 8. August geplant.",
                   "So soll mehr Ausrüstung auf der Raumstation ISS bleiben."),
            reworded_title="NASA verlängert Mission der Discovery",
        ),
        Secondary(
            story="F6-discovery-landung-montag", wikinews_id="9996", keep=(0, 8), short_at=3,
            aside="Die Landung gilt als letzte große Hürde der Mission.",
        ),
    ),
    (
        Primary(
            story="F7-gaza-bodenoffensive", wikinews_id="55038", keep=(0, 15), cut_at=10, short_at=5,
            lead="Nach einer Woche Luftangriffen sind israelische Bodentruppen in den Gazastreifen vorgerückt.",
            added=("Die Bodenoffensive markiert eine neue Phase des Konflikts.",
                   "Wie lange die Truppen im Gazastreifen bleiben sollen, ist offen."),
            brief=("Israel hat am Samstagabend eine Bodenoffensive im Gazastreifen begonnen.",
                   "Eine Armeesprecherin bestätigte den Einsatz.",
                   "Zuvor hatte die Artillerie Ziele im Norden des Gebiets beschossen."),
            reworded_title="Israelische Bodentruppen rücken in den Gazastreifen vor",
        ),
        Secondary(
            story="F8-gaza-waffenruhe-abgelehnt", wikinews_id="54978", keep=(0, 24), short_at=8,
            aside="Für die Zivilbevölkerung auf beiden Seiten der Grenze bedeutet das weitere Tage in Angst.",
        ),
    ),
)

# Fictitious outlets, one per role (the same outlet carries several stories, as real outlets do).
OUTLETS = {
    "duplicate": "Landspiegel",
    "agency_edit": "Tagesblatt",
    "short": "Nordkurier-Test",
    "added": "Rheinischer Bote",
    "reworded": "Südwest-Echo",
    "brief": "Hafenkurier",
    "aside": "Tagesblatt",
}
CREDIT = {"agency_edit": "Quelle: Wikinews", "short": "(Wikinews)", "added": "Mit Material von Wikinews"}
PUBLISHED_DELAY = {"short": 1}  # the shortened copy runs a day later

# Light rewording: (pattern, replacement) pairs that keep grammatical gender and number. About 60% of the
# sentences get up to two of the substitutions that apply to them, picked by the seeded generator.
REWORDINGS: tuple[tuple[str, str], ...] = (
    (r"\bsagte\b", "erklärte"),
    (r"\berklärte\b", "sagte"),
    (r"\bbetonte\b", "unterstrich"),
    (r"\bberichteten\b", "meldeten"),
    (r"\bberichtete\b", "meldete"),
    (r"\bbereits\b", "schon"),
    (r"\bjedoch\b", "allerdings"),
    (r"\bAußerdem\b", "Zudem"),
    (r"\baußerdem\b", "zudem"),
    (r"\bzunächst\b", "anfangs"),
    (r"\bdeutlich\b", "klar"),
    (r"\bvorgesehen\b", "geplant"),
    (r"\bnun\b", "jetzt"),
    (r"\bsowie\b", "und"),
    (r"\bvor allem\b", "insbesondere"),
    (r"\berstmals\b", "zum ersten Mal"),
    (r"\bmindestens\b", "wenigstens"),
    (r"\bRund\b", "Etwa"),
    (r"\bnach Angaben\b", "nach Informationen"),
    (r"\bBundeskanzler\b", "Kanzler"),
    (r"\bBundespräsident\b", "Präsident"),
    (r"\bBundespräsidenten\b", "Präsidenten"),
    (r"\bZuschauer\b", "Besucher"),
    (r"\bTore\b", "Treffer"),
    (r"\bMannschaft\b", "Auswahl"),
    (r"\bAstronauten\b", "Raumfahrer"),
    (r"\bKampfflugzeuge\b", "Kampfjets"),
    (r"\bLuftangriffe\b", "Luftschläge"),
    (r"\bangegriffen\b", "attackiert"),
    (r"\bbegonnen\b", "angefangen"),
    (r"\bStellungnahme\b", "Erklärung"),
)
REWORD_SHARE = 0.6
REWORD_MAX = 2

SLUG = re.compile(r"[^a-z0-9]+")
HEADING = re.compile(r"[.!?:;“”\"»«)]$")


def sha1(sentence: str) -> str:
    return hashlib.sha1(sentence.encode("utf-8")).hexdigest()


def slug(text: str) -> str:
    text = text.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    return SLUG.sub("-", text).strip("-")[:60]


def sentences_of(article: be.Article, keep: tuple[int, int]) -> list[str]:
    """The article's sentences in ``keep``, each re-joined on its own; headings (no final punctuation) dropped."""
    out = []
    for tokens in article.sentences[keep[0] : keep[1]]:
        sentence = be.detokenize([tokens])
        if HEADING.search(sentence):
            out.append(sentence)
    return out


def join(*paragraphs: list[str]) -> str:
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


def shift(date: str, days: int) -> str:
    return (dt.date.fromisoformat(date) + dt.timedelta(days=days)).isoformat()


def reword(sentences: list[str], rng: random.Random) -> list[str]:
    out = []
    for sentence in sentences:
        if rng.random() < REWORD_SHARE:
            usable = [(p, r) for p, r in REWORDINGS if re.search(p, sentence)]
            for pattern, repl in rng.sample(usable, min(REWORD_MAX, len(usable))):
                sentence = re.sub(pattern, repl, sentence, count=1)
        out.append(sentence)
    return out


def record(story: str, n: int, role: str, article: be.Article, text: str, *, title: str, copy_group: str | None,
           agency: str | None, own: tuple[str, ...] = ()) -> dict:
    for sentence in own:
        assert text.count(sentence) == 1, (story, role, sentence)
    published = shift(article.published, PUBLISHED_DELAY.get(role, 0))
    if role == "original":
        outlet, url = "Wikinews", article.url
    else:
        outlet = OUTLETS[role]
        host = slug(outlet)
        url = f"https://{host}.example.org/{published.replace('-', '/')}/{slug(title)}-{n:02d}"
    return {
        "id": f"{story.split('-')[0]}-{n:02d}",
        "text": text,
        "outlet": outlet,
        "url": url,
        "published": published,
        "title": title,
        "story": story,
        "copy_group": copy_group,
        "agency": agency,
        "own_statements": [sha1(s) for s in own],
    }


def build(articles: dict[str, be.Article], seed: int) -> list[dict]:
    records: list[dict] = []
    for primary, secondary in PAIRS:
        art = articles[primary.wikinews_id]
        rng = random.Random(f"{seed}:{primary.story}")
        sents = sentences_of(art, primary.keep)
        group = f"{primary.story.split('-')[0]}-wikinews"
        n = 0

        def add(role: str, text: str, *, title: str, copy_group: str | None = group,
                agency: str | None = SOURCE_AGENCY, own: tuple[str, ...] = (), story: str = primary.story,
                source: be.Article = art) -> None:
            nonlocal n
            n += 1
            records.append(record(story, n, role, source, text, title=title, copy_group=copy_group, agency=agency,
                                  own=own))

        original = join(sents)
        add("original", original, title=art.title, agency=None)
        if primary.duplicate:
            add("duplicate", original, title=art.title)
        add("agency_edit", join([primary.lead, *sents[1 : primary.cut_at]], [CREDIT["agency_edit"]]),
            title=art.title)
        add("short", join([*sents[: primary.short_at], CREDIT["short"]]), title=art.title)
        split = max(2, len(sents) - 2)
        add("added", join(sents[:split], list(primary.added), [*sents[split:], CREDIT["added"] + "."]),
            title=art.title, own=primary.added)
        add("reworded", join(reword(sents, rng)), title=primary.reworded_title)
        add("brief", join(list(primary.brief)), title=primary.brief[0].rstrip("."), copy_group=None, agency=None)

        sec = articles[secondary.wikinews_id]
        s_sents = sentences_of(sec, secondary.keep)
        s_group = f"{secondary.story.split('-')[0]}-wikinews"
        n = 0
        add("original", join(s_sents), title=sec.title, copy_group=s_group, agency=None, story=secondary.story,
            source=sec)
        add("short", join([*s_sents[: secondary.short_at], CREDIT["short"]]), title=sec.title, copy_group=s_group,
            story=secondary.story, source=sec)
        add("aside", join(s_sents[:-1], [secondary.aside], s_sents[-1:]), title=sec.title, copy_group=s_group,
            own=(secondary.aside,), story=secondary.story, source=sec)
    return records


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE,
                    help="SpkAtt-2023 news folder with train/ and dev/ (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    articles: dict[str, be.Article] = {}
    for split in ("train", "dev"):
        folder = args.source / split
        if not folder.is_dir():
            print(f"error: {folder} not found (needs ../shared/data/spkatt2023_news)", file=sys.stderr)
            return 2
        for art in be.load_articles(folder)[0]:
            articles[art.wikinews_id] = art
    wanted = [p.wikinews_id for pair in PAIRS for p in pair]
    missing = [w for w in wanted if w not in articles]
    if missing:
        print(f"error: Wikinews ids not found: {missing}", file=sys.stderr)
        return 2
    records = build(articles, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    stories = sorted({r["story"] for r in records})
    n_own = sum(len(r["own_statements"]) for r in records)
    print(f"wrote {len(records)} records, {len(stories)} stories, {n_own} own statements to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
