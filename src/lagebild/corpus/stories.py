"""Stories: articles about one news event, clustered incrementally as they arrive.

Each article is reduced to :class:`ArticleFeatures` — counts of its content
lemmas (nouns, adjectives, full verbs by STTS tag), its entity ids, places, the
dates its time expressions name and its event types — and compared with the
articles published within ``window_days`` of it, found through an inverted
index of (day, top lemma or entity).  Names, words inside entity mentions and
office nouns ("Kanzler", "US-Präsident") are not content lemmas: they say *who*,
which the entities carry; the lemmas say *what happened*.

Pair score (:meth:`StoryIndex.similarity`)::

    text   = cosine + 0.5 * coverage        TF-IDF of the lemmas; coverage = share of the
                                            shorter text's TF-IDF mass the other one has
    score  = text + 0.7 * entities * min(1, text / 0.3) - 0.05 * days apart

TF-IDF uses sublinear tf and document frequencies updated as articles arrive
(:meth:`StoryIndex.observe` adds a background corpus, e.g. the store's older
articles).  *Coverage* keeps a three-line agency note close to a long feature on
the same event.  Shared entities (IDF-weighted cosine) only count as far as the
words agree: two different events with the same people and places on the same
day share most entities but not their words.

An article joins the story with the best *mean* pair score over its members in
the window (average link: one background-heavy article cannot pull a follow-up
in) when that reaches ``join_threshold``, else it starts a story; articles that
are agency copies of each other (:mod:`lagebild.corpus.copies`) always join the
same story.  An article close to two stories (both >= ``merge_threshold``)
merges them (:attr:`StoryAssignment.merged`).  Stories within ``related_days``
whose articles share entities and reach ``related_threshold`` in content (the
score without the day penalty) — follow-ups, reactions — are *linked*, not merged.

On the stories dev set (14 stories, 109 articles, five pairs of different events
with the same people a few days apart; used to tune these values): BCubed F1
0.96 in publication order, 0.93–0.95 mean over random arrival orders; all five
follow-up pairs linked, no wrong link.

State is plain rows: per article its story and features (:meth:`StoryIndex.article_rows`),
per story a summary (:meth:`Story.to_row`), the related links
(:meth:`StoryIndex.related_rows`) and retired ids of merged stories
(:meth:`StoryIndex.aliases`); :meth:`StoryIndex.from_rows` rebuilds the index and
continues incrementally.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..model import Article

__all__ = [
    "ArticleFeatures",
    "PairScore",
    "Story",
    "StoryAssignment",
    "StoryIndex",
    "StoryParams",
    "extract_features",
]

#: STTS tags of content words: nouns, adjectives, full verbs.  Proper names (NE) are entities.
CONTENT_POS = frozenset({"NN", "ADJA", "ADJD", "VVFIN", "VVINF", "VVPP", "VVIZU", "VVIMP"})
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
#: Very frequent content lemmas of news prose that say nothing about the event.
_STOP_LEMMAS = frozenset({
    "sagen", "erklären", "geben", "gehen", "kommen", "machen", "lassen", "stehen", "sehen", "stellen",
    "bleiben", "liegen", "heißen", "zeigen", "neu", "groß", "erst", "letzt", "weit", "gut", "viel", "mehr",
    "ander", "eigen", "jahr", "prozent", "uhr", "mal", "teil", "frage", "ende", "seite", "zeit", "woche",
    "tag", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
})


@dataclass(frozen=True, slots=True)
class StoryParams:
    """Parameters of the story clustering (defaults tuned on the development stories)."""

    window_days: int = 3  # an article joins stories with articles at most this many days away
    related_days: int = 7  # stories this many days apart can be related (follow-ups)
    join_threshold: float = 0.20  # story score needed to join a story
    merge_threshold: float = 0.50  # an article this close to two stories merges them
    related_threshold: float = 0.30  # content similarity (no day penalty) of related stories' articles
    linkage: str = "mean"  # story score: mean (average link), max (single link) or maxmean
    coverage_weight: float = 0.5  # weight of the coverage of the shorter text (the cosine has weight 1)
    entity_weight: float = 0.7  # weight of the entity cosine
    entity_gate: float = 0.3  # the entity term counts fully from this text similarity on, linearly less below
    date_weight: float = 0.0  # agreement of the dates the texts name (off: no gain on the development set)
    day_penalty: float = 0.05  # per day between the publication dates
    lead_boost: float = 0.0  # extra weight of lemmas in the title and the first three sentences
    keywords: int = 12  # top lemmas per article in the candidate index
    vector_terms: int = 0  # keep this many strongest lemmas per article vector (0: all)
    max_candidates: int = 60  # articles scored per new article
    min_related_entities: int = 1  # shared entities needed for a related link
    centrality_members: int = 30  # members scored for the mean linkage and the story's centre

    def __post_init__(self) -> None:
        if self.linkage not in {"max", "mean", "maxmean"}:
            raise ValueError(f"linkage must be max, mean or maxmean, not {self.linkage!r}")
        if self.merge_threshold < self.join_threshold:
            raise ValueError("merge_threshold must not be below join_threshold")

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


# --- features -----------------------------------------------------------------------------------------


@dataclass(slots=True)
class ArticleFeatures:
    """What story clustering needs of one article; JSON-able (:meth:`to_dict`) for persistence."""

    article_id: str
    published: str | None = None
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    terms: dict[str, int] = field(default_factory=dict)  # content lemma -> count
    lead: list[str] = field(default_factory=list)  # content lemmas of the title and the first sentences
    entities: dict[str, int] = field(default_factory=dict)  # entity id -> mentions
    names: dict[str, str] = field(default_factory=dict)  # entity id -> name
    places: dict[str, str] = field(default_factory=dict)  # place key -> name
    dates: list[str] = field(default_factory=list)  # YYYY-MM-DD named by DATE expressions
    events: list[str] = field(default_factory=list)  # event types
    speakers: list[str] = field(default_factory=list)  # entity ids of quoted speakers
    size: int = 0  # content tokens

    @property
    def day(self) -> int | None:
        return _ordinal(self.published)

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "published": self.published, "outlet": self.outlet,
                "title": self.title, "url": self.url, "terms": dict(self.terms), "lead": list(self.lead),
                "entities": dict(self.entities),
                "names": dict(self.names), "places": dict(self.places), "dates": list(self.dates),
                "events": list(self.events), "speakers": list(self.speakers), "size": self.size}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ArticleFeatures:
        return cls(article_id=str(data["article_id"]), published=data.get("published"), outlet=data.get("outlet"),
                   title=data.get("title"), url=data.get("url"),
                   terms={str(k): int(v) for k, v in (data.get("terms") or {}).items()},
                   lead=[str(t) for t in data.get("lead") or ()],
                   entities={str(k): int(v) for k, v in (data.get("entities") or {}).items()},
                   names={str(k): str(v) for k, v in (data.get("names") or {}).items()},
                   places={str(k): str(v) for k, v in (data.get("places") or {}).items()},
                   dates=[str(d) for d in data.get("dates") or ()], events=[str(e) for e in data.get("events") or ()],
                   speakers=[str(s) for s in data.get("speakers") or ()], size=int(data.get("size") or 0))


def _ordinal(value: str | None) -> int | None:
    try:
        return date.fromisoformat((value or "")[:10]).toordinal()
    except ValueError:
        return None


#: Offices and roles ("Kanzler", "US-Präsident"): they say who, like the entities, not what happened; two
#: different events with the same people share them.
_ROLE_LEMMAS = frozenset({
    "präsident", "präsidentin", "kanzler", "kanzlerin", "bundeskanzler", "bundeskanzlerin", "minister",
    "ministerin", "außenminister", "außenministerin", "ministerpräsident", "ministerpräsidentin", "regierungschef",
    "regierungschefin", "staatschef", "staatschefin", "staatsoberhaupt", "premierminister", "premierministerin",
    "bundespräsident", "bundespräsidentin", "vizepräsident", "chef", "chefin", "kremlchef", "vorsitzende",
    "vorsitzender", "sprecher", "sprecherin", "amtskollege", "amtskollegin", "politiker", "politikerin",
})
_TITLE_WORD = re.compile(r"[^\W\d_][\w-]*[^\W_]|[^\W\d_]")


def _lemma_terms(article: Article, lead_sentences: int = 3) -> tuple[Counter[str], set[str], int]:
    """Content lemma counts, the lemmas of the lead (title and first sentences) and the content size."""
    terms: Counter[str] = Counter()
    lead: set[str] = set()
    surface_to_lemma: dict[str, str] = {}
    size = 0
    text = article.text
    lead_end = article.sentences[lead_sentences - 1].end if len(article.sentences) >= lead_sentences else len(text)
    mentions = sorted((m.start, m.end) for m in article.mentions if m.entity)
    cursor = 0
    for token in article.tokens:
        if token.pos not in CONTENT_POS:
            continue
        while cursor < len(mentions) and mentions[cursor][1] <= token.start:
            cursor += 1
        if cursor < len(mentions) and mentions[cursor][0] <= token.start:
            continue  # inside an entity mention ("der US-Präsident"): the entity stands for it
        surface = text[token.start:token.end]
        lemma = (token.lemma or surface).casefold()
        if len(lemma) < 3 or not lemma[0].isalpha() or lemma in _STOP_LEMMAS:
            continue
        if lemma in _ROLE_LEMMAS or lemma.rsplit("-", 1)[-1] in _ROLE_LEMMAS:
            continue
        size += 1
        surface_to_lemma.setdefault(surface.casefold(), lemma)
        found = [lemma]
        head = surface.split("-", 1)[0]
        if "-" in lemma and len(head) <= 4 and (head.isupper() or any(c.isdigit() for c in head)):
            tail = lemma.rsplit("-", 1)[1]  # "G20-Gipfel" also counts as "gipfel", "EU-Kommission" as "kommission"
            if len(tail) >= 3 and tail not in _STOP_LEMMAS:
                found.append(tail)
        terms.update(found)
        if token.start < lead_end:
            lead.update(found)
    for word in _TITLE_WORD.findall(article.title or ""):
        known = surface_to_lemma.get(word.casefold())
        if known is not None:  # title words that are content words of the text
            lead.add(known)
    return terms, lead, size


def extract_features(article: Article, article_id: str | None = None) -> ArticleFeatures:
    """The story features of an analysed article (tokens with POS and lemma, entities, places, timexes)."""
    terms, lead, size = _lemma_terms(article)
    entities: Counter[str] = Counter()
    names: dict[str, str] = {entity.id: entity.name for entity in article.entities}
    for mention in article.mentions:
        if mention.entity:
            entities[mention.entity] += 1
            names.setdefault(mention.entity, mention.text)
    if not entities:
        entities.update({entity.id: 1 for entity in article.entities})
    places: dict[str, str] = {}
    for place in article.places:
        key = f"geonames:{place.geonames_id}" if place.geonames_id else place.name.casefold()
        places.setdefault(key, place.name)
    published_day = _ordinal(article.published)
    dates: set[str] = set()
    for timex in article.timexes:
        if timex.type not in {"DATE", "TIME"} or not _DAY.match(timex.value):
            continue
        day = _ordinal(timex.value)
        if day is not None and (published_day is None or abs(day - published_day) <= 14):
            dates.add(timex.value[:10])
    return ArticleFeatures(
        article_id=article_id or article.id, published=article.published, outlet=article.outlet,
        title=article.title, url=article.url, terms=dict(terms), lead=sorted(lead), entities=dict(entities),
        names={key: names[key] for key in entities}, places=places, dates=sorted(dates),
        events=sorted({event.type for event in article.events}),
        speakers=sorted({quote.speaker for quote in article.quotes if quote.speaker}), size=size,
    )


# --- results ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PairScore:
    """How close two articles are, and why."""

    score: float
    text: float
    entities: float
    dates: float

    def to_dict(self) -> dict[str, float]:
        return {"score": round(self.score, 4), "text": round(self.text, 4), "entities": round(self.entities, 4),
                "dates": round(self.dates, 4)}


@dataclass(frozen=True, slots=True)
class StoryAssignment:
    """Where :meth:`StoryIndex.add` put an article."""

    article_id: str
    story_id: str
    score: float  # similarity to the story (1.0 for a copy, 0.0 for a new story)
    related: tuple[str, ...] = ()  # stories linked to this one by this article
    new: bool = False
    via: str = "similarity"  # similarity | copy | new | known
    closest: str | None = None  # the article it is closest to
    merged: tuple[str, ...] = ()  # stories this article bridged: merged into ``story_id``, ids retired

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "story_id": self.story_id, "score": round(self.score, 4),
                "related": list(self.related), "new": self.new, "via": self.via, "closest": self.closest,
                "merged": list(self.merged)}

    def to_row(self) -> tuple[str, str, float, str, str | None]:
        """``(article_id, story_id, score, via, closest)``."""
        return self.article_id, self.story_id, self.score, self.via, self.closest


@dataclass
class Story:
    """One story: its articles and a summary kept up to date as articles join."""

    id: str
    articles: list[str] = field(default_factory=list)
    first_seen: str | None = None
    last_seen: str | None = None
    outlets: Counter[str] = field(default_factory=Counter)
    entities: Counter[str] = field(default_factory=Counter)  # entity id -> articles naming it
    names: dict[str, str] = field(default_factory=dict)
    places: Counter[str] = field(default_factory=Counter)  # place name -> articles
    events: Counter[str] = field(default_factory=Counter)
    speakers: Counter[str] = field(default_factory=Counter)
    related: dict[str, float] = field(default_factory=dict)  # story id -> link score
    centrality: dict[str, float] = field(default_factory=dict)  # article id -> summed similarity to members
    titles: dict[str, str] = field(default_factory=dict)
    timeline: list[tuple[str | None, str, str | None]] = field(default_factory=list)  # (published, id, outlet)

    @property
    def title(self) -> str | None:
        """The title of the most central article that has one."""
        titled = [a for a in self.articles if self.titles.get(a)]
        if not titled:
            return None
        best = max(titled, key=lambda a: (self.centrality.get(a, 0.0), -self.articles.index(a)))
        return self.titles[best]

    def top_entities(self, n: int = 10) -> list[dict[str, Any]]:
        return [{"id": key, "name": self.names.get(key, key), "articles": count}
                for key, count in self.entities.most_common(n)]

    def _add(self, features: ArticleFeatures) -> None:
        self.articles.append(features.article_id)
        published = features.published
        if published:
            if self.first_seen is None or published < self.first_seen:
                self.first_seen = published
            if self.last_seen is None or published > self.last_seen:
                self.last_seen = published
        if features.outlet:
            self.outlets[features.outlet] += 1
        self.entities.update(features.entities.keys())
        for key, name in features.names.items():
            self.names.setdefault(key, name)
        self.places.update(set(features.places.values()))
        self.events.update(features.events)
        self.speakers.update(features.speakers)
        if features.title:
            self.titles[features.article_id] = features.title
        self.timeline.append((published, features.article_id, features.outlet))
        self.timeline.sort(key=lambda item: (item[0] or "", item[1]))

    def _absorb(self, other: Story) -> None:
        """Take over a merged story's articles and summary."""
        self.articles.extend(other.articles)
        for value in (other.first_seen, other.last_seen):
            if value and (self.first_seen is None or value < self.first_seen):
                self.first_seen = value
            if value and (self.last_seen is None or value > self.last_seen):
                self.last_seen = value
        self.outlets.update(other.outlets)
        self.entities.update(other.entities)
        for key, name in other.names.items():
            self.names.setdefault(key, name)
        self.places.update(other.places)
        self.events.update(other.events)
        self.speakers.update(other.speakers)
        self.centrality.update(other.centrality)
        self.titles.update(other.titles)
        self.timeline = sorted([*self.timeline, *other.timeline], key=lambda item: (item[0] or "", item[1]))

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "first_seen": self.first_seen, "last_seen": self.last_seen,
                "articles": list(self.articles), "outlets": dict(self.outlets.most_common()),
                "top_entities": self.top_entities(), "places": dict(self.places.most_common(10)),
                "events": dict(self.events.most_common()), "speakers": dict(self.speakers.most_common(10)),
                "related": sorted(self.related), "timeline": [list(item) for item in self.timeline]}

    def to_row(self) -> tuple[str, str | None, str | None, str | None, int, str]:
        """``(story_id, title, first_seen, last_seen, articles, summary JSON)``."""
        return (self.id, self.title, self.first_seen, self.last_seen, len(self.articles),
                json.dumps(self.to_dict(), ensure_ascii=False))


# --- the index ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Member:
    features: ArticleFeatures
    story: str
    day: int
    keys: list[str]
    vector: dict[str, float] | None = None  # text TF-IDF, unit length
    entity_vector: dict[str, float] | None = None
    version: int = -1  # document count the vectors were computed at


def _unit(weights: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {k: w / norm for k, w in weights.items()} if norm else {}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    return sum(a[k] * b[k] for k in a.keys() & b.keys())  # the key intersection runs in C: few keys are shared


def _coverage(a: dict[str, float], b: dict[str, float]) -> float:
    """Share of ``a``'s squared weight on features ``b`` has (``a`` of unit length)."""
    return sum(a[k] * a[k] for k in a.keys() & b.keys())


class StoryIndex:
    """Incremental story clustering over analysed articles (see the module docstring)."""

    def __init__(self, params: StoryParams | None = None) -> None:
        self.params = params or StoryParams()
        self._members: dict[str, _Member] = {}
        self._stories: dict[str, Story] = {}
        self._df: Counter[str] = Counter()  # feature -> documents
        self._docs = 0
        self._buckets: dict[tuple[int, str], list[str]] = {}  # (day, key) -> article ids
        self._last_day: int | None = None
        self._created: dict[str, int] = {}  # story id -> creation order
        self._aliases: dict[str, str] = {}  # merged story id -> the story it went into
        self._forgotten: dict[str, str] = {}  # article id -> story id, for articles dropped by forget_before

    def __len__(self) -> int:
        return len(self._members)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._members

    # -- weights ---------------------------------------------------------------------------------------

    def _idf(self, key: str) -> float:
        return math.log((self._docs + 1) / (self._df.get(key, 0) + 1)) + 1.0

    def _vectors(self, member: _Member) -> tuple[dict[str, float], dict[str, float]]:
        # IDF drifts as articles arrive; vectors are recomputed when the corpus grew by a quarter.
        if member.vector is None or member.entity_vector is None or self._docs > member.version * 1.25 + 20:
            features = member.features
            idf = self._idf
            lead, boost = set(features.lead), 1.0 + self.params.lead_boost
            weighted = {t: (1.0 + math.log(c)) * idf(t) * (boost if t in lead else 1.0)
                        for t, c in features.terms.items()}
            if len(weighted) > self.params.vector_terms > 0:  # the strongest terms carry the similarity
                weighted = dict(sorted(weighted.items(), key=lambda item: (-item[1], item[0]))
                                [:self.params.vector_terms])
            member.vector = _unit(weighted)
            weights = {f"e:{e}": (1.0 + math.log(c)) * idf(f"e:{e}") for e, c in features.entities.items()}
            for key in features.places:
                weights.setdefault(f"e:{key}", idf(f"e:{key}"))
            member.entity_vector = _unit(weights)
            member.version = self._docs
        return member.vector, member.entity_vector

    def _keys(self, features: ArticleFeatures) -> list[str]:
        """Index keys: the top TF-IDF lemmas and the entities."""
        idf = self._idf
        ranked = sorted(features.terms, key=lambda t: (-(1.0 + math.log(features.terms[t])) * idf(t), t))
        keys = ranked[:self.params.keywords]
        keys += [f"e:{e}" for e in sorted(features.entities, key=lambda e: (-features.entities[e], e))[:8]]
        return keys

    # -- similarity ------------------------------------------------------------------------------------

    def _score(self, a: _Member, b: _Member) -> PairScore:
        params = self.params
        va, ea = self._vectors(a)
        vb, eb = self._vectors(b)
        cosine = _cosine(va, vb)
        small, large = (va, vb) if a.features.size <= b.features.size else (vb, va)
        coverage = _coverage(small, large)
        text = cosine + params.coverage_weight * coverage
        ents = _cosine(ea, eb)
        dates = _agreement(a.features.dates, b.features.dates)
        gap = abs(a.day - b.day)
        # Shared entities support shared words; alone (same people, other event) they count little.
        gate = min(1.0, text / params.entity_gate) if params.entity_gate > 0 else 1.0
        score = (text + params.entity_weight * ents * gate + params.date_weight * (dates - 0.5)
                 - params.day_penalty * gap)
        return PairScore(score, text, ents, dates)

    def similarity(self, a: str, b: str) -> PairScore:
        """The pair score of two indexed articles."""
        return self._score(self._members[a], self._members[b])

    def score_features(self, a: ArticleFeatures, b: ArticleFeatures) -> PairScore:
        """The pair score of two feature sets with the index's current document frequencies."""
        return self._score(self._member(a, ""), self._member(b, ""))

    def _member(self, features: ArticleFeatures, story: str) -> _Member:
        day = features.day
        if day is None:
            day = self._last_day if self._last_day is not None else 0
        return _Member(features, story, day, [])

    # -- adding ----------------------------------------------------------------------------------------

    def observe(self, features: ArticleFeatures) -> None:
        """Count an article's words and entities into the document frequencies without clustering it.

        :meth:`add` does this itself; call it for a background corpus (e.g. stored articles outside
        the time window) so that the IDF of a young index is not estimated from a handful of texts.
        """
        self._docs += 1
        self._df.update(features.terms.keys())
        self._df.update(f"e:{e}" for e in set(features.entities) | set(features.places))

    def add(self, article: Article | ArticleFeatures, *, article_id: str | None = None,
            copies: Sequence[str] = ()) -> StoryAssignment:
        """Assign one article to a story (a new one or an existing one) and index it.

        ``copies``: ids of earlier articles it is an agency copy / near-duplicate of; it joins the
        story of the first one that is indexed.  Adding an indexed id again returns its assignment.
        """
        features = article if isinstance(article, ArticleFeatures) else extract_features(article, article_id)
        known = self.story_of(features.article_id)
        if known is not None:
            return StoryAssignment(features.article_id, known, 1.0, via="known")
        member = self._member(features, "")
        self.observe(features)
        if features.day is not None:
            self._last_day = features.day if self._last_day is None else max(self._last_day, features.day)

        scored = self._rank(member)
        best_of = self._story_scores(member, scored)  # story -> (linkage score, closest article)
        closest = max(best_of.values(), default=(0.0, None))[1] if best_of else None
        copy_of = next((c for c in copies if self.story_of(c) is not None), None)
        params = self.params
        target: str | None = None
        value, via = 0.0, "new"
        if copy_of is not None:
            target, value, via, closest = self.story_of(copy_of), 1.0, "copy", copy_of
        elif best_of:
            best_story, (best, closest) = max(best_of.items(), key=lambda item: (item[1][0], item[0]))
            if best >= params.join_threshold:
                target, value, via = best_story, best, "similarity"
        merged: list[str] = []
        if target is not None:
            # An article that is close to two stories of one event bridges them: they become one.
            bridged = [s for s, (value, _) in best_of.items() if s != target and value >= params.merge_threshold]
            if bridged and (via == "copy" or best_of.get(target, (0.0, ""))[0] >= params.merge_threshold):
                target, merged = self._merge([target, *bridged])
        else:
            target = f"story-{features.article_id}"
        member.story = target
        story = self._stories.get(target)
        if story is None:
            story = self._stories[target] = Story(target)
            self._created[target] = len(self._created)
        self._join(member, story, scored)
        related = self._relate(member, story, scored)
        return StoryAssignment(features.article_id, target, value, tuple(related), via == "new", via, closest,
                               tuple(merged))

    def _merge(self, story_ids: list[str]) -> tuple[str, list[str]]:
        """Merge stories into the oldest one; its id and the absorbed ids."""
        ordered = sorted(set(story_ids), key=lambda s: self._created.get(s, 0))
        target, absorbed = ordered[0], ordered[1:]
        into = self._stories[target]
        for old_id in absorbed:
            old = self._stories.pop(old_id)
            self._created.pop(old_id, None)
            self._aliases[old_id] = target
            for article_id in old.articles:
                member = self._members.get(article_id)
                if member is not None:
                    member.story = target
            into._absorb(old)
            for other_id, value in old.related.items():
                other = self._stories.get(other_id)
                if other is None or other_id == target:
                    continue
                other.related.pop(old_id, None)
                other.related[target] = max(other.related.get(target, 0.0), value)
                into.related[other_id] = max(into.related.get(other_id, 0.0), value)
            into.related.pop(old_id, None)
        return target, absorbed

    def _candidates(self, member: _Member) -> list[_Member]:
        window = max(self.params.window_days, self.params.related_days)
        counts: Counter[str] = Counter()
        keys = member.keys or self._keys(member.features)
        for day in range(member.day - window, member.day + window + 1):
            for key in keys:
                found = self._buckets.get((day, key))
                if found:
                    counts.update(found)
        counts.pop(member.features.article_id, None)
        return [self._members[a] for a, _ in counts.most_common(self.params.max_candidates)]

    def _story_scores(self, member: _Member, scored: list[tuple[_Member, PairScore]]) -> dict[str, tuple[float, str]]:
        """Per candidate story: its linkage score with the new article and the closest member.

        ``max`` is single link; ``mean`` averages over the story's members in the time window (the
        most recent ``centrality_members``), scoring members the candidate search did not return.
        """
        params = self.params
        pairs: dict[str, dict[str, float]] = {}
        for other, pair in scored:
            if abs(other.day - member.day) <= params.window_days:
                pairs.setdefault(other.story, {})[other.features.article_id] = pair.score
        result: dict[str, tuple[float, str]] = {}
        for story_id, found in pairs.items():
            closest = max(found, key=lambda a: (found[a], a))
            best = found[closest]
            if params.linkage != "max":
                window = params.window_days
                members = [self._members[a] for a in self._stories[story_id].articles[-params.centrality_members:]
                           if a in self._members]
                values = [found[m.features.article_id] if m.features.article_id in found
                          else self._score(member, m).score
                          for m in members if abs(m.day - member.day) <= window]
                mean = sum(values) / len(values) if values else best
                best = mean if params.linkage == "mean" else 0.5 * (best + mean)
            result[story_id] = (best, closest)
        return result

    def _rank(self, member: _Member) -> list[tuple[_Member, PairScore]]:
        member.keys = self._keys(member.features)
        return [(other, self._score(member, other)) for other in self._candidates(member)]

    def _join(self, member: _Member, story: Story, scored: list[tuple[_Member, PairScore]]) -> None:
        article_id = member.features.article_id
        self._members[article_id] = member
        for key in member.keys:
            self._buckets.setdefault((member.day, key), []).append(article_id)
        story._add(member.features)
        # Centrality: summed similarity to the other members (the most recent ones when the story is big).
        in_story = {other.features.article_id: score.score for other, score in scored if other.story == story.id}
        recent = story.articles[-self.params.centrality_members - 1:-1]
        total = 0.0
        for other_id in recent:
            value = in_story.get(other_id)
            if value is None:
                other = self._members.get(other_id)
                if other is None:  # forgotten
                    continue
                value = self._score(member, other).score
            story.centrality[other_id] = story.centrality.get(other_id, 0.0) + value
            total += value
        story.centrality[article_id] = total

    def _relate(self, member: _Member, story: Story, scored: list[tuple[_Member, PairScore]]) -> list[str]:
        params = self.params
        best: dict[str, float] = {}
        for other, pair in scored:
            # Follow-ups come days later: their content similarity counts, not the publication gap.
            value = pair.score + params.day_penalty * abs(other.day - member.day)
            if other.story == story.id or value < params.related_threshold:
                continue
            shared = set(member.features.entities) & set(other.features.entities)
            if len(shared) < params.min_related_entities:
                continue
            best[other.story] = max(best.get(other.story, 0.0), value)
        for other_story, value in best.items():
            for a, b in ((story.id, other_story), (other_story, story.id)):
                links = self._stories[a].related
                links[b] = max(links.get(b, 0.0), value)
        return sorted(best)

    # -- reading ---------------------------------------------------------------------------------------

    def story_of(self, article_id: str) -> str | None:
        member = self._members.get(article_id)
        story_id = member.story if member else self._forgotten.get(article_id)
        while story_id is not None and story_id in self._aliases:
            story_id = self._aliases[story_id]
        return story_id

    def forget_before(self, day: str) -> int:
        """Drop the features of articles published before ``day`` (ISO date) to bound memory in a stream.

        They stay in their stories (summaries, :meth:`story_of`), but new articles are no longer compared
        with them; their rows (:meth:`article_rows`) are no longer produced.  Returns how many were dropped.
        """
        cutoff = _ordinal(day)
        if cutoff is None:
            raise ValueError(f"not an ISO date: {day!r}")
        gone = [article_id for article_id, member in self._members.items() if member.day < cutoff]
        for article_id in gone:
            self._forgotten[article_id] = self._members.pop(article_id).story
        self._buckets = {key: ids for key, ids in self._buckets.items() if key[0] >= cutoff}
        return len(gone)

    def story(self, story_id: str) -> Story:
        """A story by id (also by the id of a story merged into it)."""
        while story_id in self._aliases:
            story_id = self._aliases[story_id]
        return self._stories[story_id]

    def aliases(self) -> dict[str, str]:
        """Retired story id -> the story it was merged into (rows for a redirect table)."""
        return dict(self._aliases)

    def stories(self) -> list[Story]:
        return list(self._stories.values())

    def features(self, article_id: str) -> ArticleFeatures:
        return self._members[article_id].features

    def assignments(self) -> dict[str, str]:
        """Article id -> story id (forgotten articles included)."""
        ids = [*self._forgotten, *self._members]
        return {article_id: self.story_of(article_id) or "" for article_id in ids}

    def article_rows(self) -> Iterator[tuple[str, str, str]]:
        """``(article_id, story_id, features JSON)`` in arrival order."""
        for article_id, member in self._members.items():
            yield article_id, member.story, json.dumps(member.features.to_dict(), ensure_ascii=False)

    def story_rows(self) -> Iterator[tuple[str, str | None, str | None, str | None, int, str]]:
        for story in self._stories.values():
            yield story.to_row()

    def related_rows(self) -> Iterator[tuple[str, str, float]]:
        """``(story_id, related_story_id, score)``, each link once."""
        for story in self._stories.values():
            for other, value in sorted(story.related.items()):
                if story.id < other:
                    yield story.id, other, value

    @classmethod
    def from_rows(cls, article_rows: Iterable[Sequence[Any]], related_rows: Iterable[Sequence[Any]] = (),
                  params: StoryParams | None = None, *,
                  frequencies: tuple[int, Mapping[str, int]] | None = None) -> StoryIndex:
        """Rebuild from :meth:`article_rows` (in arrival order) and :meth:`related_rows`.

        Assignments are taken as stored and summaries recomputed.  Document frequencies are counted
        from the rows, or taken from ``frequencies`` (:meth:`document_frequencies` of the whole corpus)
        when only the recent rows are loaded.
        """
        index = cls(params)
        if frequencies is not None:
            index.load_document_frequencies(*frequencies)
        for row in article_rows:
            article_id, story_id = str(row[0]), str(row[1])
            data = row[2]
            features = ArticleFeatures.from_dict(json.loads(data) if isinstance(data, str | bytes) else data)
            if article_id in index._members:
                continue
            member = index._member(features, story_id)
            if frequencies is None:
                index.observe(features)
            if features.day is not None:
                index._last_day = features.day if index._last_day is None else max(index._last_day, features.day)
            member.keys = index._keys(features)
            story = index._stories.get(story_id)
            if story is None:
                story = index._stories[story_id] = Story(story_id)
                index._created[story_id] = len(index._created)
            index._join(member, story, [])
        for row in related_rows:
            a, b, value = str(row[0]), str(row[1]), float(row[2])
            if a in index._stories and b in index._stories:
                index._stories[a].related[b] = value
                index._stories[b].related[a] = value
        return index

    def document_frequencies(self) -> tuple[int, dict[str, int]]:
        """``(documents, {feature: documents containing it})``: lemmas, and entities as ``e:<id>``."""
        return self._docs, dict(self._df)

    def load_document_frequencies(self, documents: int, frequencies: Mapping[str, int]) -> None:
        """Add stored document frequencies (e.g. of the articles not loaded into the index)."""
        self._docs += documents
        self._df.update(frequencies)


def _agreement(a: Sequence[str], b: Sequence[str]) -> float:
    """1 when two lists of values share one, 0 when both have values but share none, 0.5 when one is empty."""
    if not a or not b:
        return 0.5
    return 1.0 if set(a) & set(b) else 0.0
