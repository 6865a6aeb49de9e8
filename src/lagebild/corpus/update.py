"""``update_corpus(store)``: add the stored articles the corpus indexes have not seen to the copy and story indexes.

The indexes are restored from the store's rows — every copy signature and link
(:meth:`CopyIndex.from_signatures`; a signature is ~700 bytes, so 100,000 articles
take ~70 MB), and the stories seen within the comparison window of the first new
article (:meth:`StoryIndex.from_rows` with the stored document frequencies) —
then the new articles are added in publication order, each checked against what
is indexed, never recomputing the corpus.  Each batch's signatures, links,
groups, assignments, story summaries, related links, merges and document
frequencies are written in one transaction
(:meth:`~lagebild.store.corpus_sql.CorpusSQL.save_corpus_batch`): after a
``kill -9`` the next run continues with the first article without a signature,
and running it again with nothing new changes nothing.

An article that cannot be indexed is recorded as a :class:`CorpusArticleError`
(E603) in the store's errors and left out; the update goes on.
"""

from __future__ import annotations

import json
import time
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ..errors import CorpusArticleError, CorpusStateError
from ..store.corpus_sql import CorpusBatch
from .copies import CopyIndex, CopyLink, CopyParams
from .stories import ArticleFeatures, StoryIndex, StoryParams, extract_features

if TYPE_CHECKING:
    from ..model import Article
    from ..store.base import Store

__all__ = ["CorpusParams", "CorpusUpdateReport", "update_corpus"]

Progress = Callable[[int, int], None]
#: Keep at most this many articles' story features in memory during one long run (older ones are forgotten:
#: they stay in their stories but new articles are no longer compared with them).
MAX_STORY_MEMBERS = 50_000
RECENT_TEXTS = 5_000  # clean texts kept for verifying copy candidates (~3 KB each)


@dataclass(frozen=True, slots=True)
class CorpusParams:
    """Parameters of the corpus update: the copy check, the story clustering and the batch size."""

    copies: CopyParams = field(default_factory=CopyParams)
    stories: StoryParams = field(default_factory=StoryParams)
    batch_size: int = 100  # articles per transaction


@dataclass(slots=True)
class CorpusUpdateReport:
    """What one :func:`update_corpus` run did."""

    articles: int = 0  # articles indexed by this run
    failed: int = 0
    links: int = 0  # new copy links
    new_stories: int = 0
    merges: int = 0
    related: int = 0  # new related-story links
    indexed: int = 0  # articles in the indexes after the run
    stories: int = 0  # stories after the run
    seconds: float = 0.0
    seconds_cpu: float = 0.0  # CPU seconds of this process (a database server's time is not in it)
    copy_seconds: float = 0.0  # CPU seconds of the near-duplicate check (CopyIndex.add)
    story_seconds: float = 0.0  # CPU seconds of story features and clustering (extract_features, StoryIndex.add)

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    def summary(self) -> str:
        """One line for the terminal."""
        return (f"corpus: {self.articles} article(s) indexed ({self.failed} failed), {self.links} copy link(s), "
                f"{self.new_stories} new story(ies), {self.merges} merge(s), {self.related} related link(s); "
                f"{self.indexed} article(s) in {self.stories} story(ies)")  # no timing: output stays reproducible


def _day_before(published: str | None, days: int) -> str | None:
    try:
        return (date.fromisoformat((published or "")[:10]) - timedelta(days=days)).isoformat()
    except (ValueError, OverflowError):
        return None


def _check_state(state: dict[str, str], params: CorpusParams) -> None:
    stored = state.get("copy_scheme")
    if stored is not None and stored != params.copies.signature_scheme:
        raise CorpusStateError(
            f"the stored copy index uses signature scheme {stored}, not {params.copies.signature_scheme}",
            hint="run `lagebild corpus update --rebuild` to index the corpus again with the new parameters")


class _Run:
    """The restored indexes and the rows of the batch being built."""

    def __init__(self, store: Store, params: CorpusParams, first_published: str | None) -> None:
        self.store, self.params = store, params
        # Texts of recent articles: copies are published close together, so verification rarely reads the store.
        self.texts: OrderedDict[str, str] = OrderedDict()
        links = [CopyLink.from_row(row) for row in store.copy_link_rows()]
        self.copies = CopyIndex.from_signatures(store.copy_signature_rows(), params=params.copies,
                                                text_of=self._text_of, links=links)
        window = max(params.stories.window_days, params.stories.related_days) + 1
        article_rows, related_rows = store.story_index_rows(_day_before(first_published, window))
        self.stories = StoryIndex.from_rows(article_rows, related_rows, params.stories,
                                            frequencies=store.story_frequencies())
        self.seq = store.next_corpus_seq()

    def _text_of(self, article_id: str) -> str | None:
        text = self.texts.get(article_id)
        if text is None:
            text = self.store.article_texts([article_id]).get(article_id)
            if text is not None:
                self._remember(article_id, text)
        return text

    def _remember(self, article_id: str, text: str) -> None:
        self.texts[article_id] = text
        self.texts.move_to_end(article_id)
        while len(self.texts) > RECENT_TEXTS:
            self.texts.popitem(last=False)

    def batch(self, articles: list[Article], report: CorpusUpdateReport) -> CorpusBatch:
        rows = CorpusBatch()
        frequencies: Counter[str] = Counter()
        added: list[tuple[str, int, float, str, str | None, ArticleFeatures]] = []
        dirty: set[str] = set()
        grouped: set[str] = set()
        ids = [article.id for article in articles]  # content hashes: computed once
        for article_id, article in zip(ids, articles, strict=True):
            self._remember(article_id, article.text)
        for article_id, article in zip(ids, articles, strict=True):
            try:
                started = time.process_time()
                features = extract_features(article, article_id)
                copy_started = time.process_time()
                links = self.copies.add(article_id, article.text, article.published)
                story_started = time.process_time()
                assignment = self.stories.add(features, copies=[link.other_id for link in links])
                report.copy_seconds += story_started - copy_started
                report.story_seconds += time.process_time() - story_started + copy_started - started
            except Exception as exc:  # one bad stored article is recorded (E603) and never stops the update
                report.failed += 1
                error = CorpusArticleError(f"article {article_id} could not be indexed: {exc}")
                self.store.record_error(article_id, error.code, error.message)
                continue
            rows.signatures.append((article_id, self.seq, (article.published or "")[:10] or None,
                                    self.params.copies.signature_scheme, self.copies.signature(article_id)))
            rows.links += [link.to_row() for link in links]
            grouped.update(link.article_id for link in links)
            added.append((article_id, self.seq, assignment.score, assignment.via, assignment.closest, features))
            self.seq += 1
            dirty.add(assignment.story_id)
            dirty.update(assignment.related)
            rows.merges += [(old, assignment.story_id) for old in assignment.merged]
            frequencies.update(features.terms.keys())
            frequencies.update(f"e:{e}" for e in set(features.entities) | set(features.places))
            report.articles += 1
            report.links += len(links)
            report.new_stories += assignment.new
            report.merges += len(assignment.merged)
            report.related += len(assignment.related)
        for article_id in grouped:
            group = self.copies.groups.group_of(article_id)
            if group is not None:
                rows.groups += [(member, group) for member in self.copies.groups.members(group)]
        for article_id, seq, score, via, closest, features in added:
            story_id = self.stories.story_of(article_id) or ""
            rows.assignments.append((story_id, article_id, seq, score, via, closest,
                                     json.dumps(features.to_dict(), ensure_ascii=False)))
        current = {self.stories.story(story_id).id for story_id in dirty}
        for story_id in sorted(current):
            story = self.stories.story(story_id)
            _, title, first, last, count, summary = story.to_row()
            rows.stories.append((story_id, title, first, last, count, len(story.outlets), summary))
            for other, value in story.related.items():
                rows.related.append((story_id, other, value))
        rows.documents = len(added)
        rows.frequencies = dict(frequencies)
        rows.state = {"copy_scheme": self.params.copies.signature_scheme,
                      "copy_params": json.dumps(self.params.copies.to_dict(), sort_keys=True),
                      "story_params": json.dumps(self.params.stories.to_dict(), sort_keys=True)}
        if len(self.stories) > MAX_STORY_MEMBERS and added and added[-1][5].published:
            horizon = max(self.params.stories.window_days, self.params.stories.related_days) + 1
            cutoff = _day_before(added[-1][5].published, horizon)
            if cutoff:
                self.stories.forget_before(cutoff)
        return rows


def _load(store: Store, ids: list[str], report: CorpusUpdateReport) -> list[Article]:
    """The stored articles of one batch; one that cannot be read is recorded (E603), the others are returned."""
    try:
        return store.get_many(ids)
    except Exception:  # find the broken one(s): the rest of the batch goes on
        loaded: list[Article] = []
        for article_id in ids:
            try:
                loaded += store.get_many([article_id])
            except Exception as exc:
                report.failed += 1
                error = CorpusArticleError(f"article {article_id} could not be read for indexing: {exc}")
                store.record_error(article_id, error.code, error.message)
        return loaded


def update_corpus(store: Store, *, params: CorpusParams | None = None, progress: Progress | None = None,
                  limit: int | None = None) -> CorpusUpdateReport:
    """Index the stored articles the copy and story indexes have not seen (see the module docstring).

    ``progress(done, total)`` is called after each batch; ``limit`` stops after that many articles.
    """
    params = params or CorpusParams()
    with store.exclusive("corpus-update"):  # another process's update finishes first; we add what is left
        return _update(store, params, progress, limit)


def _update(store: Store, params: CorpusParams, progress: Progress | None, limit: int | None) -> CorpusUpdateReport:
    started, started_cpu = time.perf_counter(), time.process_time()
    report = CorpusUpdateReport()
    _check_state(store.corpus_state(), params)
    ids = store.unindexed_article_ids(limit)
    if ids:
        first = store.get_many(ids[:1])
        run = _Run(store, params, first[0].published if first else None)
        for start in range(0, len(ids), params.batch_size):
            articles = _load(store, ids[start:start + params.batch_size], report)
            store.save_corpus_batch(run.batch(articles, report))
            if progress is not None:
                progress(min(start + params.batch_size, len(ids)), len(ids))
    report.indexed = store.indexed_count()
    report.stories = store.story_count()
    report.seconds = time.perf_counter() - started
    report.seconds_cpu = time.process_time() - started_cpu
    return report
