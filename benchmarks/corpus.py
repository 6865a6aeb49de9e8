"""Corpus layer timing: agency-copy check (CopyIndex) and story clustering (StoryIndex) per article.

What it measures, at 1x, 10x and 100x of a ~1,000-article corpus:

* **base**: the seed and the 40 Wikinews texts of ``examples/`` plus 10kGNAD test texts (``--base`` in all),
  each analysed *once* with the fast pipeline ``clean,sentences,tagger,entities,geo,timex`` (no NER) — the
  analysis is not timed.
* **one replica** = the base texts plus ``--variants`` generated outlet versions of random base texts (edited
  agency copy with a new lead and a cut ending, shortened copy, copy with an added paragraph, light rewording),
  made at the text level; a variant's story features are those of its source (it is not re-analysed).  Articles
  get publication days at a constant ``--per-day`` density, so a bigger corpus spans more days (the story
  window holds as many articles at every scale).
* **scale N** = N replicas.  Replica r renames every word (suffix ``q<r>``) and every lemma and entity id, so
  replicas share no shingles, words or entities: N independent copies of the corpus's structure in one stream.
* **copy check**: ``CopyIndex.add(id, clean text, published)`` for every article in arrival order — shingling,
  MinHash, LSH and anchor candidates, exact verification, spans — i.e. the near-duplicate check per article.
* **clustering**: ``StoryIndex.add(features, copies=...)`` for every article, with the copy links found;
  every 1,000 articles ``forget_before`` drops the features of articles older than the related-story window
  (as a long-running stream would; the copy index keeps everything).

Times are CPU seconds of this (single-threaded) process (``time.process_time``), so that other load on the
machine does not count; on an idle machine they equal wall time.  Prints a markdown table; the targets are
>= 2,000 articles/s for the copy check and, per 10x of corpus, at most 12x the time (``time ratio`` column,
relative to the previous scale).

Usage::

    python benchmarks/corpus.py [--scales 1,10,100] [--base 760] [--variants 240] [--per-day 150]
                                [--bands 64 --rows 2]
"""

from __future__ import annotations

import argparse
import platform
import random
import re
import resource
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import default_data_dir, example_texts, gnad_texts

from lagebild.corpus.copies import CopyIndex, CopyParams
from lagebild.corpus.stories import ArticleFeatures, StoryIndex, extract_features
from lagebild.model import Article
from lagebild.pipeline import Pipeline

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"])")
_WORD = re.compile(r"\w+")
_SYNONYMS = {"sagte": "erklärte", "erklärte": "sagte", "hatte": "habe", "ist": "sei", "rund": "etwa",
             "etwa": "rund", "soll": "solle", "auch": "ebenfalls", "bereits": "schon", "schon": "bereits"}


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s.strip()]


def _reword(sentence: str, rng: random.Random) -> str:
    words = [(_SYNONYMS.get(w, w) if rng.random() < 0.5 else w) for w in sentence.split(" ")]
    if len(words) > 8 and rng.random() < 0.5:
        del words[rng.randrange(2, len(words) - 1)]
    return " ".join(words)


def make_variant(text: str, other: str, rng: random.Random) -> tuple[str, str]:
    """An outlet version of ``text`` (``other`` lends a new lead or an added paragraph)."""
    own, lent = _sentences(text), _sentences(other)
    kind = rng.choice(["edited", "shortened", "added", "reworded"])
    if kind == "edited" or len(own) < 3:
        cut = max(2, int(len(own) * rng.uniform(0.6, 0.85)))
        return kind, " ".join(lent[:1] + own[1:cut])
    if kind == "shortened":
        return kind, " ".join(own[:max(2, int(len(own) * rng.uniform(0.4, 0.7)))])
    if kind == "added":
        at = rng.randrange(1, len(own))
        return kind, " ".join(own[:at] + lent[:rng.randint(2, 4)] + own[at:])
    return kind, " ".join(_reword(s, rng) for s in own)


def _rename_text(text: str, tag: str) -> str:
    return _WORD.sub(lambda m: m.group() + tag, text) if tag else text


def _rename_features(features: ArticleFeatures, article_id: str, published: str, tag: str) -> ArticleFeatures:
    if not tag:
        return replace(features, article_id=article_id, published=published)
    return replace(
        features, article_id=article_id, published=published,
        terms={t + tag: c for t, c in features.terms.items()}, lead=[t + tag for t in features.lead],
        entities={e + tag: c for e, c in features.entities.items()},
        names={e + tag: n for e, n in features.names.items()},
        places={p + tag: n for p, n in features.places.items()},
    )


def build_base(limit: int) -> tuple[list[str], list[ArticleFeatures]]:
    texts = example_texts() + gnad_texts(default_data_dir(), max(0, limit - 41))
    pipeline = Pipeline(["clean", "sentences", "tagger", "entities", "geo", "timex"])
    clean, features = [], []
    started = time.process_time()
    for index, raw in enumerate(texts):
        article = pipeline(Article(raw=raw))
        clean.append(article.text)
        features.append(extract_features(article, f"b{index}"))
    print(f"(analysed {len(texts)} base texts once in {time.process_time() - started:.0f} CPU s; not timed)")
    return clean, features


def build_stream(clean: list[str], features: list[ArticleFeatures], scale: int, variants: int,
                 per_day: int, seed: int) -> list[tuple[str, str, str, ArticleFeatures, str | None]]:
    """(id, text, published, features, source id or None) in arrival order."""
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    stream = []
    position = 0
    for replica in range(scale):
        tag = f"q{replica}" if replica else ""
        items: list[tuple[str, str, ArticleFeatures, str | None]] = []
        for index, text in enumerate(clean):
            items.append((f"r{replica}-b{index}", text, features[index], None))
        for number in range(variants):
            origin = rng.randrange(len(clean))
            _, text = make_variant(clean[origin], clean[rng.randrange(len(clean))], rng)
            items.append((f"r{replica}-v{number}", text, features[origin], f"r{replica}-b{origin}"))
        rng.shuffle(items)
        items.sort(key=lambda item: item[3] is not None)  # sources before their variants
        for article_id, text, base_features, source in items:
            published = (start + timedelta(days=position // per_day)).isoformat()
            position += 1
            stream.append((article_id, _rename_text(text, tag), published,
                           _rename_features(base_features, article_id, published, tag), source))
    return stream


def run(stream: list[tuple[str, str, str, ArticleFeatures, str | None]],
        params: CopyParams | None = None) -> dict[str, float]:
    copies = CopyIndex(params)
    links: dict[str, list[str]] = {}
    started = time.process_time()
    for article_id, text, published, _, _ in stream:
        links[article_id] = [link.other_id for link in copies.add(article_id, text, published)]
    copy_seconds = time.process_time() - started
    stats = dict(copies.stats)
    del copies  # the two indexes are measured one after the other, as separate steps
    stories = StoryIndex()
    started = time.process_time()
    horizon = stories.params.related_days + 1
    for position, (article_id, _, published, features, _) in enumerate(stream, 1):
        stories.add(features, copies=links[article_id])
        if position % 1000 == 0:  # a stream keeps only the articles new ones can still be compared with
            stories.forget_before((date.fromisoformat(published) - timedelta(days=horizon)).isoformat())
    story_seconds = time.process_time() - started
    planted = [(a, s) for a, _, _, _, s in stream if s is not None]
    found = sum(1 for a, s in planted if s in links[a] or a in links.get(s, ()))
    return {"articles": len(stream), "copy": copy_seconds, "story": story_seconds,
            "planted": len(planted), "found": found, "links": sum(len(v) for v in links.values()),
            "stories": len(stories.stories()), **{f"cand_{k}": v for k, v in stats.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--base", type=int, default=760, help="base texts (examples + 10kGNAD test)")
    parser.add_argument("--variants", type=int, default=240, help="generated outlet versions per replica")
    parser.add_argument("--per-day", type=int, default=150, help="articles per publication day")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bands", type=int, default=CopyParams().bands, help="LSH bands (x rows <= 128)")
    parser.add_argument("--rows", type=int, default=CopyParams().rows, help="LSH rows per band")
    args = parser.parse_args()
    params = CopyParams(bands=args.bands, rows=args.rows)
    clean, features = build_base(args.base)
    print(f"python {platform.python_version()}, {platform.machine()}, replica = {len(clean)} base texts "
          f"+ {args.variants} variants, {args.per_day} articles/day, LSH {params.bands}x{params.rows}\n")
    print("| scale | articles | copy check CPU s | copy check articles/s | clustering CPU s | clustering articles/s "
          "| total µs/article | time ratio | planted copies found | stories | max RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    previous: dict[str, float] | None = None
    for scale in (int(s) for s in args.scales.split(",")):
        stream = build_stream(clean, features, scale, args.variants, args.per_day, args.seed)
        result = run(stream, params)
        total = result["copy"] + result["story"]
        ratio = f"{total / (previous['copy'] + previous['story']):.1f}x" if previous else "–"
        print(f"| {scale}x | {result['articles']:,} | {result['copy']:.1f} "
              f"| {result['articles'] / result['copy']:,.0f} "
              f"| {result['story']:.1f} | {result['articles'] / result['story']:,.0f} "
              f"| {total / result['articles'] * 1e6:,.0f} | {ratio} "
              f"| {result['found']:,}/{result['planted']:,} | {result['stories']:,} "
              f"| {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} |", flush=True)
        previous = result


if __name__ == "__main__":
    main()
