"""Near-duplicates and agency copies: shingles, MinHash signatures, the incremental CopyIndex, spans, rows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from lagebild.corpus.copies import CopyGroups, CopyIndex, CopyLink, CopyParams, compare_texts, shared_spans
from lagebild.corpus.shingles import (
    minhash,
    quote_ranges,
    shingles,
    signature_from_bytes,
    word_hashes,
    word_spans,
    words,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "data" / "corpus_fixtures.jsonl"
DEV_LABELS = ROOT / "evaluation" / "data" / "stories_dev" / "labels.jsonl"
DEV_PAGES = ROOT / "evaluation" / "private" / "stories" / "pages.jsonl"
_SENTENCE = re.compile(r"(?<=[.!?“])\s+(?=[A-ZÄÖÜ„])")


def wikinews() -> list[dict[str, str]]:
    with (ROOT / "examples" / "wikinews.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s.strip()]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [row["text"] for row in wikinews()]


# --- shingles ---------------------------------------------------------------------------------------------


def test_words_are_casefolded_word_runs_with_spans() -> None:
    text = "Die Straße, sagte „Müller“ – 4,5 Mio. Euro!"
    assert words(text) == ["die", "strasse", "sagte", "müller", "4", "5", "mio", "euro"]
    assert [text[s:e] for s, e in word_spans(text)] == re.findall(r"\w+", text)
    assert len(word_hashes(text)) == len(word_spans(text))


def test_normalisation_ignores_case_punctuation_whitespace_and_sharp_s() -> None:
    a = shingles("Die Straße ist gesperrt, teilte die Polizei mit.")
    b = shingles("DIE STRASSE ist gesperrt -- teilte\n\n die   Polizei mit")
    c = shingles("Die Strasse ist nicht gesperrt, teilte die Polizei mit.")
    assert np.array_equal(a.distinct, b.distinct)
    assert not np.array_equal(a.distinct, c.distinct)


def test_shingle_values_and_signatures_are_pinned() -> None:
    # Stored signatures depend on these values: a change here is a new signature scheme (CopyParams).
    values = shingles("Der Bundestag hat am Donnerstag das Gesetz beschlossen.").positions
    assert values.tolist() == [71438053, 2643981410, 1639497753, 3997585434]
    assert minhash(values)[:4].tolist() == [860407702, 560675920, 664963902, 885817992]
    assert CopyParams().signature_scheme == "w5-p128-s1-a8-v1"


def test_short_and_empty_texts() -> None:
    assert shingles("").distinct.size == 0
    assert shingles("Zwei Wörter").distinct.size == 1
    assert minhash(shingles("").distinct).tolist() == [0xFFFFFFFF] * 128


def test_minhash_estimates_jaccard(texts: list[str]) -> None:
    a, b = shingles(texts[0]), shingles(" ".join(sentences(texts[0])[:6]))
    exact = np.intersect1d(a.distinct, b.distinct).size / np.union1d(a.distinct, b.distinct).size
    estimate = float(np.mean(minhash(a.distinct) == minhash(b.distinct)))
    assert abs(estimate - exact) < 0.15
    assert np.array_equal(minhash(a.distinct), minhash(a.distinct))


def test_quotes_are_excluded_from_the_narrative_shingles() -> None:
    text = "Er sagte: „Das ist ein sehr schöner Tag heute“, und ging dann nach Hause zu seiner Frau."
    assert quote_ranges(text) == [(10, 46)]
    found = shingles(text)
    assert found.narrative.size == 4  # "und ging dann nach Hause zu seiner Frau": 8 words outside the quote
    assert set(found.narrative.tolist()) < set(found.distinct.tolist())


# --- verification and spans -------------------------------------------------------------------------------


def edited_copy(text: str, lead: str) -> str:
    """An agency text with a new lead and its last third cut."""
    parts = sentences(text)
    return " ".join([lead, *parts[1:max(3, len(parts) * 2 // 3)]])


def test_edited_copy_is_a_copy_with_spans_on_the_shared_part(texts: list[str]) -> None:
    original = texts[0]
    lead = "Astronomen erwarten einen außergewöhnlich hellen Kometen, berichtet unsere Wissenschaftsredaktion."
    copy = edited_copy(original, lead)
    link = compare_texts("copy", copy, "original", original)
    assert link is not None
    assert link.containment > 0.9 and link.jaccard < link.containment
    # The copy's new lead is not in its shared spans; the copied sentences are.
    assert all(start >= len(lead) for start, _ in link.spans)
    second = sentences(original)[1]
    position = copy.index(second)
    assert any(start <= position and position + len(second) <= end for start, end in link.spans)
    assert 0.6 < link.coverage <= 1.0 and link.other_coverage < link.coverage
    # Spans in the original point at the same words.
    first_span = link.other_spans[0]
    assert original[first_span[0]:first_span[1]].split()[:3] == copy[link.spans[0][0]:link.spans[0][1]].split()[:3]


def test_unrelated_texts_and_shared_quotes_are_no_copies(texts: list[str]) -> None:
    assert compare_texts("a", texts[1], "b", texts[2]) is None
    quote = ("„Wir werden alles tun, um die Versorgung der Menschen in der Region bis zum Winter zu sichern, "
             "und wir lassen niemanden allein mit seinen Sorgen“")
    a = f"Die Ministerin besuchte am Montag das Hochwassergebiet in Sachsen. {quote}, sagte sie vor Ort."
    b = (f"{quote}, versprach die Ministerin. Sie war mit dem Hubschrauber aus Berlin angereist und traf "
         f"Bürgermeister der betroffenen Gemeinden zu einem Gespräch über die Hilfen.")
    link = compare_texts("a", a, "b", b, require_copy=False)
    assert link is not None and link.containment > 0.4  # the quote is shared word for word ...
    assert link.narrative < 0.25  # ... but nothing outside it
    assert compare_texts("a", a, "b", b) is None


@pytest.mark.parametrize("kind", ["edited", "shortened", "added", "reworded", "swiss"])
def test_outlet_versions_are_found_by_the_index(texts: list[str], kind: str) -> None:
    source = texts[5]
    parts = sentences(source)
    if kind == "edited":
        version = edited_copy(source, "Ein früherer Gewerkschaftsboss ist gestorben, wie erst jetzt bekannt wurde.")
    elif kind == "shortened":
        version = " ".join(parts[:max(3, len(parts) // 2)])
    elif kind == "added":
        added = ("Der Verstorbene war in unserer Stadt kein Unbekannter: Jahrzehntelang verbrachte er seine Urlaube "
                 "am See und spendete regelmäßig für den Sportverein. Viele Nachbarn erinnern sich an ihn.")
        version = " ".join([*parts[:2], added, *parts[2:]])
    elif kind == "reworded":
        version = " ".join(p.replace(" ist ", " sei ").replace(" hatte ", " habe ") for p in parts)
    else:
        version = source.replace("ß", "ss")
    index = CopyIndex()
    assert not any(index.add(f"w{number}", text, "2024-01-01") for number, text in enumerate(texts))
    links = index.add("version", version, "2024-01-02")
    assert [link.other_id for link in links] == ["w5"], kind
    assert index.groups.group_of("version") == "w5"


def test_index_over_wikinews_finds_no_false_copies(texts: list[str]) -> None:
    index = CopyIndex()
    assert sum(len(index.add(f"w{n}", text)) for n, text in enumerate(texts)) == 0
    assert index.stats["links"] == 0


def test_exact_duplicates_and_empty_texts_do_not_break(texts: list[str]) -> None:
    index = CopyIndex()
    assert index.add("a", texts[3]) == []
    assert index.add("a", texts[3]) == []  # the same record again: nothing changes
    assert len(index) == 1
    twin = index.add("b", texts[3])  # the same text under another id (another publication)
    assert len(twin) == 1 and twin[0].containment == 1.0 and twin[0].coverage > 0.95
    assert index.add("empty", "") == []
    assert index.add("short", "Kurz.") == []
    assert len(index) == 4


def test_max_days_limits_the_comparison(texts: list[str]) -> None:
    index = CopyIndex(CopyParams(max_days=3))
    index.add("old", texts[4], "2020-01-01")
    assert index.add("new", texts[4] + " Nachtrag.", "2020-02-01") == []
    assert [link.other_id for link in index.add("near", texts[4] + " Zusatz.", "2020-01-03")] == ["old"]


# --- persistence ------------------------------------------------------------------------------------------------


def test_signatures_and_links_round_trip_and_the_index_continues(texts: list[str]) -> None:
    store = {f"w{n}": text for n, text in enumerate(texts)}
    index = CopyIndex()
    for key, text in store.items():
        index.add(key, text, "2024-01-01")
    store["copy1"] = edited_copy(texts[8], "Neuer Vorspann einer Regionalzeitung zum Thema des Tages.")
    first = index.add("copy1", store["copy1"], "2024-01-02")
    assert [link.other_id for link in first] == ["w8"]

    rows = list(index.signature_rows())
    assert rows[0][0] == "w0" and rows[0][1] == "2024-01-01"
    blob = index.signature("w0")
    assert isinstance(blob, bytes) and len(blob) >= 128 * 4 and (len(blob) - 512) % 4 == 0
    assert signature_from_bytes(blob[:512], 128).size == 128
    link_rows = [link.to_row() for link in index.links()]
    assert all(isinstance(value, str | int | float) for row in link_rows for value in row)
    assert [CopyLink.from_row(json.loads(json.dumps(row))) for row in link_rows] == list(index.links())
    assert CopyLink.from_dict(first[0].to_dict()) == first[0]

    rebuilt = CopyIndex.from_signatures(rows, text_of=store.get, links=[CopyLink.from_row(r) for r in link_rows])
    assert len(rebuilt) == len(index)
    assert rebuilt.signature("copy1") == index.signature("copy1")
    assert rebuilt.groups.group_of("copy1") == "w8"
    later = rebuilt.add("copy2", texts[8] + " Dazu eine ergänzende Meldung aus der Redaktion.", "2024-01-03")
    assert sorted(link.other_id for link in later) == ["copy1", "w8"]
    assert sorted(rebuilt.groups.members("w8")) == ["copy1", "copy2", "w8"]
    with pytest.raises(ValueError):
        CopyIndex.from_signatures([("x", None, b"\x00" * 10)])


def test_copy_groups_report_changed_rows() -> None:
    groups = CopyGroups()
    for article in "abcde":
        groups.add(article)
    assert groups.union("a", "b") == [("a", "a"), ("b", "a")]
    assert groups.union("c", "d") == [("c", "c"), ("d", "c")]
    assert groups.union("d", "a") == [("c", "a"), ("d", "a")]  # the later group moves into the earlier one
    assert groups.union("b", "c") == []
    assert groups.group_of("e") is None and groups.group_of("d") == "a"
    assert sorted(groups.rows()) == [("a", "a"), ("b", "a"), ("c", "a"), ("d", "a")]
    assert CopyGroups.from_links([("b", "a"), ("d", "c"), ("c", "b")]).groups() == {"a": ["a", "b", "c", "d"]}


def test_shared_spans_merge_overlapping_runs() -> None:
    text = "eins zwei drei vier fünf sechs sieben acht neun zehn"
    found = shingles(text)
    assert shared_spans(text, found.positions, found.distinct) == [(0, len(text))]
    assert shared_spans(text, found.positions, found.distinct[:0]) == []


# --- fixtures and the development set (when present) ---------------------------------------------------


def _pair_scores(gold: set[frozenset[str]], found: set[frozenset[str]]) -> tuple[float, float]:
    hit = len(gold & found)
    return (hit / len(found) if found else 1.0), (hit / len(gold) if gold else 1.0)


def _gold_pairs(groups: dict[str, str | None]) -> set[frozenset[str]]:
    by: dict[str, list[str]] = {}
    for item, group in groups.items():
        if group:
            by.setdefault(group, []).append(item)
    return {frozenset((a, b)) for members in by.values() for i, a in enumerate(members) for b in members[i + 1:]}


@pytest.mark.skipif(not FIXTURES.exists(), reason="tests/data/corpus_fixtures.jsonl not built yet")
def test_fixture_copy_pairs() -> None:
    from lagebild.clean import clean_text

    rows = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines() if line.strip()]
    index = CopyIndex()
    found: set[frozenset[str]] = set()
    for row in sorted(rows, key=lambda r: (r.get("published") or "", r["id"])):
        for link in index.add(row["id"], clean_text(row["text"]).text, row.get("published")):
            found.add(frozenset((link.article_id, link.other_id)))
    precision, recall = _pair_scores(_gold_pairs({r["id"]: r.get("copy_group") for r in rows}), found)
    # Measured 1.00 / 0.98 on the links (62 gold pairs); the copy groups (union-find) give 1.00 / 1.00.
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)
    grouped = {frozenset((a, b)) for members in index.groups.groups().values()
               for i, a in enumerate(members) for b in members[i + 1:]}
    assert _pair_scores(_gold_pairs({r["id"]: r.get("copy_group") for r in rows}), grouped) == (1.0, 1.0)


@pytest.mark.skipif(not DEV_PAGES.exists(), reason="the private dev-set texts are not here")
def test_dev_set_copy_pairs() -> None:
    from lagebild.clean import clean_text

    labels = [json.loads(line) for line in DEV_LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    pages = {p["url"]: p for p in map(json.loads, DEV_PAGES.read_text(encoding="utf-8").splitlines()) if p}
    index = CopyIndex()
    found: set[frozenset[str]] = set()
    for label in sorted(labels, key=lambda r: (r["published"], r["url"])):
        for link in index.add(label["url"], clean_text(pages[label["url"]]["text"]).text, label["published"]):
            found.add(frozenset((link.article_id, link.other_id)))
    precision, recall = _pair_scores(_gold_pairs({r["url"]: r["copy_group"] for r in labels}), found)
    # Measured 1.00 / 0.81 (the set was used to choose the thresholds); three of the 21 gold pairs share
    # almost nothing in the stored excerpts (see evaluation/data/stories_dev/README.md).
    assert precision >= 0.95 and recall >= 0.80, (precision, recall)
