"""Near-duplicates and agency copies: anchor and MinHash LSH candidates, verified by shingle containment.

German outlets republish agency texts (dpa, AFP, Reuters, epd, KNA, dts), mostly
*edited*: a new lead, a cut ending, added paragraphs.  Whole-text Jaccard of two
such copies is often only 0.15–0.35 — not far above other outlets' own versions
of the same story — but much of the *shorter* text is inside the longer one.  So:

1. **Candidates**, two channels over the word 5-shingles of the clean text
   (:mod:`lagebild.corpus.shingles`):

   - *anchors*, for containment: the shingles whose value falls in the lowest
     ``1/anchor_rate`` of the hash range (1 in 8, chosen by value, so two texts
     pick the same anchors from a shared passage) go into an inverted index; two
     shared anchors make a candidate.  A short agency text inside a long feature
     has a tiny Jaccard but shares its anchors.  Anchors in more than
     ``anchor_max_df`` articles are stock phrases and stop counting.
   - a 128-value MinHash signature in a :class:`datasketch.MinHashLSH`, for
     near-duplicates with few shared anchors (short texts): 32 bands of 4 rows, a
     pair with Jaccard *J* collides with probability ``1 - (1 - J**4)**32`` —
     0.56 at J = 0.4, 0.87 at 0.5, 0.99 from 0.6.  ``bands=64, rows=2`` (0.47 at
     J = 0.10, 0.93 at 0.20) is the most permissive banding 128 values allow; with
     the anchors it adds 0.3 points of candidate recall for 20 % of the check's
     time and a quarter more memory.

   Measured on 10kGNAD test texts plus 900 generated outlet versions (edited,
   shortened, added paragraph, reworded, heavily edited, embedded in a longer
   text), 1,415 copy pairs: candidate recall 0.996 (J < 0.05: 17/17, 0.05–0.10:
   83/85, 0.10–0.15: 106/109, 0.15–0.20: 98/98, >= 0.20: 1,105/1,106) for 1.1
   candidates per article; the anchors alone give 0.995, the LSH 64x2 alone 0.914
   (J 0.10–0.15: 62 %, 0.15–0.20: 87 %), both 64x2 and anchors 0.999.
2. **Verification** on the exact shingle sets: ``containment`` = shared shingles /
   shingles of the shorter text, ``jaccard`` = shared / union, and ``narrative``:
   the containment counting only shingles outside direct quotations — outlets that
   quote the same statement share it word for word without copying each other.
   A pair is a copy when at least ``min_shared`` (20, about two sentences)
   shingles are shared and the narrative containment reaches ``min_containment``
   (0.25), or the containment including quotes reaches ``min_full_containment``
   (0.8: a copied interview).  On the stories dev set (14 stories, 109 articles,
   21 gold copy pairs; used to choose these values): precision 1.00, recall 0.81;
   the non-copy pair with the highest narrative containment is at 0.29 but shares
   19 shingles, the highest non-copy *containment* (0.36) is a shared quotation.
3. **Shared spans** — the character ranges of each text covered by runs of shared
   shingles (overlapping shingle hits merged; runs of one shingle — a common
   5-word phrase — dropped), so a reader sees which parts are the agency's;
   ``coverage`` is the share of a text's characters inside them.

Everything is incremental: :meth:`CopyIndex.add` checks one new article against
everything indexed so far and indexes it.  The state is plain rows: a signature
per article (:meth:`CopyIndex.signature_rows`: MinHash values then anchors, as
little-endian uint32 bytes), the links (:meth:`CopyLink.to_row`) and the copy
groups (:meth:`CopyGroups.rows`); :meth:`CopyIndex.from_signatures` rebuilds the
index from them (verification then reads stored texts through a
``text_of(article_id)`` callback).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from datasketch import MinHashLSH  # type: ignore[import-untyped]

from .shingles import U32, Shingles, Sketch, minhash, shingles, signature_from_bytes, word_bounds

__all__ = [
    "CopyGroups",
    "CopyIndex",
    "CopyLink",
    "CopyParams",
    "Span",
    "compare_texts",
    "shared_spans",
]

Span = tuple[int, int]
TextOf = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class CopyParams:
    """Parameters of the copy check (defaults chosen on the stories dev set and generated outlet versions;
    see the module docstring).  ``shingle_size``, ``num_perm``, ``seed`` and ``anchor_rate`` make the stored
    signatures (:attr:`signature_scheme`); the others can change without recomputing them."""

    shingle_size: int = 5
    num_perm: int = 128
    seed: int = 1
    bands: int = 32  # LSH bands x rows <= num_perm
    rows: int = 4
    min_containment: float = 0.25  # narrative containment: shared / shingles of the shorter text, outside quotes
    min_full_containment: float = 0.8  # or this containment counting quotes too (a copied interview)
    min_shared: int = 20  # shared shingles (~ two sentences): one shared sentence or stock phrase is no copy
    min_run: int = 2  # a shared span needs this many consecutive shared shingles
    max_days: int | None = None  # only compare articles published at most this many days apart
    anchor_rate: int = 8  # 1 in this many shingles (by value) is an anchor; 0: no anchor channel
    anchor_min_shared: int = 2  # shared anchors that make a candidate
    anchor_max_df: int = 200  # an anchor in more articles is a stock phrase, not a copy

    def __post_init__(self) -> None:
        if self.bands * self.rows > self.num_perm or self.bands < 2 or self.rows < 1:
            raise ValueError(f"LSH bands x rows must fit into num_perm={self.num_perm} (bands >= 2)")

    @property
    def signature_scheme(self) -> str:
        """Which signatures are comparable: stored signatures need the same scheme to be reused."""
        return f"w{self.shingle_size}-p{self.num_perm}-s{self.seed}-a{self.anchor_rate}-v1"

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True, slots=True)
class CopyLink:
    """``article_id`` shares text with the earlier ``other_id``; spans are character ranges of each clean text."""

    article_id: str
    other_id: str
    jaccard: float  # shared / all distinct shingles of both
    containment: float  # shared / shingles of the shorter text
    shared: int  # shared shingles
    narrative: float  # containment counting only shingles outside direct quotes (the copy decision)
    coverage: float  # share of article_id's characters inside its shared spans
    other_coverage: float
    spans: tuple[Span, ...] = ()
    other_spans: tuple[Span, ...] = ()

    def reverse(self) -> CopyLink:
        """The same link seen from ``other_id``."""
        return CopyLink(self.other_id, self.article_id, self.jaccard, self.containment, self.shared,
                        self.narrative, self.other_coverage, self.coverage, self.other_spans, self.spans)

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "other_id": self.other_id, "jaccard": self.jaccard,
                "containment": self.containment, "shared": self.shared, "narrative": self.narrative,
                "coverage": self.coverage, "other_coverage": self.other_coverage,
                "spans": [list(s) for s in self.spans], "other_spans": [list(s) for s in self.other_spans]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CopyLink:
        return cls(str(data["article_id"]), str(data["other_id"]), float(data["jaccard"]),
                   float(data["containment"]), int(data["shared"]), float(data["narrative"]),
                   float(data["coverage"]), float(data["other_coverage"]),
                   tuple((int(s), int(e)) for s, e in data.get("spans") or ()),
                   tuple((int(s), int(e)) for s, e in data.get("other_spans") or ()))

    def to_row(self) -> tuple[str, str, float, float, int, float, float, float, str, str]:
        """``(article_id, other_id, jaccard, containment, shared, narrative, coverage, other_coverage,
        spans, other_spans)`` with the spans as JSON arrays of ``[start, end]``."""
        return (self.article_id, self.other_id, self.jaccard, self.containment, self.shared, self.narrative,
                self.coverage, self.other_coverage, json.dumps([list(s) for s in self.spans]),
                json.dumps([list(s) for s in self.other_spans]))

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> CopyLink:
        spans = tuple((int(s), int(e)) for s, e in json.loads(row[8] or "[]"))
        other = tuple((int(s), int(e)) for s, e in json.loads(row[9] or "[]"))
        return cls(str(row[0]), str(row[1]), float(row[2]), float(row[3]), int(row[4]), float(row[5]),
                   float(row[6]), float(row[7]), spans, other)


# --- verification ----------------------------------------------------------------------------------


def shared_spans(text: str, positions: U32, shared: U32, *, k: int = 5, min_run: int = 2) -> list[Span]:
    """Character ranges of ``text`` covered by runs of at least ``min_run`` consecutive shingles in ``shared``.

    ``positions`` are the text's shingle values in order (:attr:`Shingles.positions`), ``shared`` a sorted
    array of values; runs whose words overlap or touch are merged into one range.
    """
    if not positions.size or not shared.size:
        return []
    found = np.searchsorted(shared, positions)
    hit = shared[np.minimum(found, shared.size - 1)] == positions
    padded = np.zeros(hit.size + 2, dtype=np.bool_)
    padded[1:-1] = hit
    changes = np.flatnonzero(padded[1:] != padded[:-1])
    starts, ends = changes[0::2], changes[1::2]  # runs of shingle positions [start, end)
    keep = (ends - starts) >= min(min_run, positions.size)
    if not keep.any():
        return []
    word_starts, word_ends = word_bounds(text)
    k = min(k, word_starts.size)
    ranges: list[list[int]] = []  # word ranges [first, last] inclusive
    for start, end in zip(starts[keep].tolist(), ends[keep].tolist(), strict=True):
        first, last = start, end - 1 + k - 1
        if ranges and first <= ranges[-1][1] + 1:
            ranges[-1][1] = max(ranges[-1][1], last)
        else:
            ranges.append([first, last])
    return [(int(word_starts[first]), int(word_ends[last])) for first, last in ranges]


def _covered(spans: Sequence[Span], length: int) -> float:
    return sum(end - start for start, end in spans) / length if length else 0.0


@dataclass(frozen=True, slots=True)
class _Overlap:
    shared: int
    containment: float
    jaccard: float
    narrative_shared: int
    narrative: float
    common: U32

    def is_copy(self, params: CopyParams) -> bool:
        if self.shared < params.min_shared:
            return False
        return ((self.narrative_shared >= params.min_shared and self.narrative >= params.min_containment)
                or self.containment >= params.min_full_containment)


def _overlap(mine: Shingles, theirs: Shingles) -> _Overlap:
    common = np.intersect1d(mine.distinct, theirs.distinct, assume_unique=True)
    shared = int(common.size)
    smaller = min(len(mine), len(theirs))
    union = len(mine) + len(theirs) - shared
    if mine.narrative is mine.distinct and theirs.narrative is theirs.distinct:
        narrative_shared = shared
    else:
        narrative_shared = int(np.intersect1d(mine.narrative, theirs.narrative, assume_unique=True).size)
    narrative_smaller = min(mine.narrative.size, theirs.narrative.size)
    return _Overlap(shared, shared / smaller if smaller else 0.0, shared / union if union else 0.0,
                    narrative_shared, narrative_shared / narrative_smaller if narrative_smaller else 0.0, common)


def compare_texts(article_id: str, text: str, other_id: str, other_text: str, params: CopyParams | None = None,
                  *, mine: Shingles | None = None, theirs: Shingles | None = None,
                  require_copy: bool = True) -> CopyLink | None:
    """Verify one pair: a :class:`CopyLink` when the texts are copies (or always, ``require_copy=False``)."""
    params = params or CopyParams()
    mine = mine or shingles(text, params.shingle_size)
    theirs = theirs or shingles(other_text, params.shingle_size)
    overlap = _overlap(mine, theirs)
    if require_copy and not overlap.is_copy(params):
        return None
    common = overlap.common
    spans = shared_spans(text, mine.positions, common, k=params.shingle_size, min_run=params.min_run)
    other = shared_spans(other_text, theirs.positions, common, k=params.shingle_size, min_run=params.min_run)
    return CopyLink(article_id, other_id, overlap.jaccard, overlap.containment, overlap.shared, overlap.narrative,
                    _covered(spans, len(text)), _covered(other, len(other_text)), tuple(spans), tuple(other))


# --- groups ----------------------------------------------------------------------------------------


class CopyGroups:
    """Copy groups: connected components of the copy links (union-find), incremental.

    A group's id is the id of its earliest member (the first one seen); articles without copies
    are in no group.  :meth:`union` returns the ``(article_id, group_id)`` rows that changed.
    """

    def __init__(self) -> None:
        self._order: dict[str, int] = {}
        self._parent: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}  # root -> members (roots of groups of two or more)

    def add(self, article_id: str) -> None:
        """Register an article (in arrival order: the earliest member's id names a group)."""
        self._order.setdefault(article_id, len(self._order))

    def _find(self, article_id: str) -> str:
        parent = self._parent.get(article_id, article_id)
        if parent == article_id:
            return article_id
        root = self._find(parent)
        self._parent[article_id] = root
        return root

    def union(self, a: str, b: str) -> list[tuple[str, str]]:
        """Join the groups of ``a`` and ``b``; the changed ``(article_id, group_id)`` rows."""
        self.add(a)
        self.add(b)
        root_a, root_b = self._find(a), self._find(b)
        if root_a == root_b:
            return []
        if self._order[root_b] < self._order[root_a]:
            root_a, root_b = root_b, root_a
        self._parent[root_b] = root_a
        members = self._members.setdefault(root_a, [root_a])
        moved = self._members.pop(root_b, [root_b])
        members.extend(moved)
        changed = moved if len(members) > len(moved) + 1 else members
        return [(member, root_a) for member in changed]

    def group_of(self, article_id: str) -> str | None:
        root = self._find(article_id)
        return root if root in self._members else None

    def members(self, group_id: str) -> list[str]:
        return list(self._members.get(group_id, ()))

    def groups(self) -> dict[str, list[str]]:
        return {root: list(members) for root, members in self._members.items()}

    def rows(self) -> Iterator[tuple[str, str]]:
        """``(article_id, group_id)`` for every article in a group."""
        for root, members in self._members.items():
            for member in members:
                yield member, root

    @classmethod
    def from_links(cls, pairs: Iterable[tuple[str, str]]) -> CopyGroups:
        """Groups from ``(article_id, other_id)`` link pairs, in the order they were found."""
        groups = cls()
        for a, b in pairs:
            groups.union(b, a)  # the other (earlier) article first: its id becomes the group id
        return groups


# --- the index ---------------------------------------------------------------------------------------


def _day(published: str | None) -> int | None:
    try:
        return date.fromisoformat((published or "")[:10]).toordinal()
    except ValueError:
        return None


def _band_key(values: U32) -> bytes:
    return values.tobytes()


def _lsh(params: CopyParams) -> Any:
    lsh = MinHashLSH(num_perm=params.num_perm, params=(params.bands, params.rows))
    # Band keys only need to be consistent inside one in-memory index (it is rebuilt from the stored
    # signatures, never stored itself): skip datasketch's portable byte swap, a quarter of the index time.
    # Should a datasketch version not read ``_H`` any more, its default applies and nothing else changes.
    if hasattr(lsh, "_H"):
        lsh._H = _band_key
    return lsh


@dataclass(slots=True)
class _Entry:
    article_id: str
    sketch: Sketch
    anchors: U32
    day: int | None
    links: list[CopyLink] = field(default_factory=list)

    def to_bytes(self) -> bytes:
        return self.sketch.to_bytes() + self.anchors.astype("<u4").tobytes()


class CopyIndex:
    """Incremental near-duplicate / agency-copy index over clean article texts.

    ``text_of(article_id)`` gives the clean text of an indexed article (for verification); without
    it the index keeps the texts it is given.  Shingle sets of recent articles stay in an LRU cache
    of ``cache_size`` entries.
    """

    def __init__(self, params: CopyParams | None = None, *, text_of: TextOf | None = None,
                 cache_size: int = 20_000) -> None:
        self.params = params or CopyParams()
        self._text_of = text_of
        self._texts: dict[str, str] = {}
        self._cache: OrderedDict[str, Shingles] = OrderedDict()
        self._cache_size = cache_size
        self._entries: list[_Entry] = []
        self._index: dict[str, int] = {}
        self._lsh = _lsh(self.params)
        self._postings: dict[int, list[int]] = {}  # anchor shingle -> positions of the articles that have it
        rate = self.params.anchor_rate
        self._anchor_below = (1 << 32) // rate if rate > 0 else 0
        self.groups = CopyGroups()
        self.stats = {"added": 0, "candidates": 0, "verified": 0, "links": 0}

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._index

    # -- adding ----------------------------------------------------------------------------------

    def add(self, article_id: str, text: str, published: str | None = None) -> list[CopyLink]:
        """Check ``text`` against every indexed article, index it, and return its links to earlier articles.

        Adding an id that is already indexed (an exact duplicate) changes nothing and returns [].
        """
        if article_id in self._index:
            return []
        params = self.params
        mine = shingles(text, params.shingle_size)
        entry = _Entry(article_id, Sketch(minhash(mine.distinct, params.num_perm, params.seed)),
                       mine.distinct[mine.distinct < self._anchor_below], _day(published))
        links = self._verify(entry, text, mine) if mine.distinct.size else []
        entry.links.extend(links)
        self._insert(entry)
        if self._text_of is None:
            self._texts[article_id] = text
        self._remember(article_id, mine)
        for link in links:
            self._entries[self._index[link.other_id]].links.append(link.reverse())
            self.groups.union(link.other_id, article_id)
        self.stats["added"] += 1
        self.stats["links"] += len(links)
        return links

    def _insert(self, entry: _Entry) -> None:
        position = len(self._entries)
        self._entries.append(entry)
        self._index[entry.article_id] = position
        self.groups.add(entry.article_id)
        if np.all(entry.sketch.hashvalues == 0xFFFFFFFF):  # an empty text
            return
        self._lsh.insert(position, entry.sketch, check_duplication=False)
        cap = self.params.anchor_max_df
        for anchor in entry.anchors.tolist():
            posting = self._postings.setdefault(anchor, [])
            if len(posting) <= cap:  # past the cap it is a stock phrase: no longer indexed
                posting.append(position)

    def candidates(self, article_id: str, text: str, published: str | None = None) -> list[str]:
        """Ids of the indexed articles a new text would be verified against (for measuring recall)."""
        mine = shingles(text, self.params.shingle_size)
        entry = _Entry(article_id, Sketch(minhash(mine.distinct, self.params.num_perm, self.params.seed)),
                       mine.distinct[mine.distinct < self._anchor_below], _day(published))
        return [self._entries[position].article_id for position in self._candidates(entry)]

    def _candidates(self, entry: _Entry) -> list[int]:
        """Positions of the candidates: an LSH band collision, or enough shared anchor shingles."""
        found = set(self._lsh.query(entry.sketch))
        if entry.anchors.size:
            cap, need = self.params.anchor_max_df, self.params.anchor_min_shared
            counts: dict[int, int] = {}
            get = self._postings.get
            for anchor in entry.anchors.tolist():
                posting = get(anchor)
                if posting is not None and len(posting) <= cap:
                    for position in posting:
                        counts[position] = counts.get(position, 0) + 1
            found.update(position for position, count in counts.items() if count >= need)
        return sorted(found)

    def _verify(self, entry: _Entry, text: str, mine: Shingles) -> list[CopyLink]:
        params = self.params
        links: list[CopyLink] = []
        for position in self._candidates(entry):
            other = self._entries[position]
            if params.max_days is not None and entry.day is not None and other.day is not None \
                    and abs(entry.day - other.day) > params.max_days:
                continue
            self.stats["candidates"] += 1
            theirs = self._shingles_of(other.article_id)
            if theirs is None:
                continue
            # Exact counts first; spans only for confirmed copies.
            if not _overlap(mine, theirs[0]).is_copy(params):
                continue
            self.stats["verified"] += 1
            link = compare_texts(entry.article_id, text, other.article_id, theirs[1], params, mine=mine,
                                 theirs=theirs[0])
            if link is not None:
                links.append(link)
        return links

    def _remember(self, article_id: str, value: Shingles) -> None:
        self._cache[article_id] = value
        self._cache.move_to_end(article_id)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def text(self, article_id: str) -> str | None:
        if self._text_of is not None:
            return self._text_of(article_id)
        return self._texts.get(article_id)

    def _shingles_of(self, article_id: str) -> tuple[Shingles, str] | None:
        text = self.text(article_id)
        if text is None:
            return None
        cached = self._cache.get(article_id)
        if cached is None:
            cached = shingles(text, self.params.shingle_size)
            self._remember(article_id, cached)
        else:
            self._cache.move_to_end(article_id)
        return cached, text

    # -- reading -----------------------------------------------------------------------------------

    def links_of(self, article_id: str) -> list[CopyLink]:
        """Every link of ``article_id`` (to earlier and later articles), seen from it."""
        position = self._index.get(article_id)
        return list(self._entries[position].links) if position is not None else []

    def links(self) -> Iterator[CopyLink]:
        """Every link once, from the later article to the earlier one (the order they were found)."""
        for entry in self._entries:
            for link in entry.links:
                if self._index[link.other_id] < self._index[entry.article_id]:
                    yield link

    def signature(self, article_id: str) -> bytes:
        """The stored form of an article's sketch: the MinHash signature (``num_perm`` little-endian
        uint32) followed by its anchor shingles (little-endian uint32, ascending)."""
        return self._entries[self._index[article_id]].to_bytes()

    def signature_rows(self) -> Iterator[tuple[str, str | None, bytes]]:
        """``(article_id, published day or None, signature)`` in insertion order."""
        for entry in self._entries:
            day = date.fromordinal(entry.day).isoformat() if entry.day is not None else None
            yield entry.article_id, day, entry.to_bytes()

    @classmethod
    def from_signatures(cls, rows: Iterable[Sequence[Any]], *, params: CopyParams | None = None,
                        text_of: TextOf | None = None, links: Iterable[CopyLink] = (),
                        cache_size: int = 20_000) -> CopyIndex:
        """Rebuild from stored ``(article_id, published, signature)`` rows (and the stored links).

        The rows must come in their original order (it names the copy groups).  New articles are
        then checked against the rebuilt index; ``text_of`` must give the clean text of a stored
        article (the store's text), or verification skips it.
        """
        index = cls(params, text_of=text_of, cache_size=cache_size)
        width = index.params.num_perm * 4
        for row in rows:
            article_id, published, blob = str(row[0]), row[1], bytes(row[2])
            if article_id in index._index:
                continue
            if len(blob) < width or (len(blob) - width) % 4:
                raise ValueError(f"signature of {article_id} has {len(blob)} bytes: not from scheme "
                                 f"{index.params.signature_scheme}")
            sketch = Sketch(signature_from_bytes(blob[:width], index.params.num_perm))
            anchors = np.frombuffer(blob[width:], dtype="<u4").astype(np.uint32)
            index._insert(_Entry(article_id, sketch, anchors, _day(published)))
        for link in links:
            if link.article_id in index._index and link.other_id in index._index:
                index._entries[index._index[link.article_id]].links.append(link)
                index._entries[index._index[link.other_id]].links.append(link.reverse())
                index.groups.union(link.other_id, link.article_id)
        return index
