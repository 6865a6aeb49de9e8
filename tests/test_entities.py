"""Canonical entities, stable ids, the knowledge base, roles resolved to persons."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path

import pytest

import lagebild
from lagebild.corpus.roles import learn_roles
from lagebild.entities import kb as kb_module
from lagebild.entities.canonical import person_key, stable_id, strip_genitive
from lagebild.entities.component import make_entities
from lagebild.entities.kb import KbFormatError, parse_record
from lagebild.entities.roles import ROLE_LABELS, find_role_phrases
from lagebild.model import Article, Mention
from lagebild.registry import Component
from lagebild.resources import Resources
from lagebild.settings import Settings
from lagebild.store import Database

from .test_cli import run

NER = "lagebild.ner.v1"  # marks hand-made mentions as NER output (no provisional fallback)


@pytest.fixture(scope="module")
def entities() -> Component:
    return make_entities()


def article_with(text: str, spans: list[tuple[str, str]], date: str | None = "2017-07-08") -> Article:
    """An article whose mentions are every occurrence of each (surface, label)."""
    article = Article(raw=text, text=text, published=date, components=[NER])
    for surface, label in spans:
        for match in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", text):
            article.mentions.append(Mention(surface, match.start(), match.end(), label))
    article.mentions.sort(key=lambda m: m.start)
    return article


def linked(article: Article) -> dict[str, str]:
    """mention text -> entity name (last occurrence wins)."""
    names = {e.id: e.name for e in article.entities}
    return {m.text: names[m.entity] for m in article.mentions if m.entity}


# --- canonical names and ids ------------------------------------------------------------


def test_spelling_variants_share_a_key() -> None:
    assert person_key("Sergej Lawrow") == person_key("Sergei Lavrov") == person_key("Sergey Lavrov")
    assert person_key("Michail Mischustin") == person_key("Mikhail Mishustin")
    assert person_key("Konstantin Kossatschow") == person_key("Konstantin Kosatschow")
    assert person_key("Park Jin") != person_key("Park In")


def test_genitive_is_removed_only_when_the_bare_form_is_known() -> None:
    known = {"Trump", "Russland"}.__contains__
    assert strip_genitive("Trumps", known) == "Trump"
    assert strip_genitive("Russlands", known) == "Russland"
    assert strip_genitive("Reuters", known) == "Reuters"


def test_ids_are_stable_and_label_specific() -> None:
    assert stable_id("PER", "a b") == stable_id("PER", "a b") != stable_id("ORG", "a b")
    assert re.fullmatch(r"per-[0-9a-f]{10}", stable_id("PER", "a b"))


def test_surname_inflection_and_variants_join_one_entity(entities: Component) -> None:
    text = ("Donald Trump traf Sergei Lavrov. Trumps Berater und Lawrow sprachen über Nord-Korea. "
            "Nordkorea und Russlands Rolle blieben offen.")
    article = entities(article_with(text, [("Donald Trump", "PER"), ("Sergei Lavrov", "PER"), ("Trumps", "PER"),
                                           ("Lawrow", "PER"), ("Nord-Korea", "LOC"), ("Nordkorea", "LOC"),
                                           ("Russlands", "LOC")]))
    assert linked(article) == {"Donald Trump": "Donald Trump", "Trumps": "Donald Trump",
                               "Sergei Lavrov": "Sergej Lawrow", "Lawrow": "Sergej Lawrow",
                               "Nord-Korea": "Nordkorea", "Nordkorea": "Nordkorea", "Russlands": "Russland"}
    by_text = {m.text: m.entity for m in article.mentions}
    assert by_text["Lawrow"] == by_text["Sergei Lavrov"] == "kb:lawrow-sergej"
    assert by_text["Nord-Korea"] == by_text["Nordkorea"] == "geonames:1873107"


def test_surname_links_to_the_full_name_in_the_article(entities: Component) -> None:
    text = "Nach Meinung von Mike Brown ist das Objekt instabil. Brown sagt auch, es sei alt."
    article = entities(article_with(text, [("Mike Brown", "PER"), ("Brown", "PER")], date="2007-01-21"))
    assert linked(article) == {"Mike Brown": "Mike Brown", "Brown": "Mike Brown"}
    assert article.entities[0].kb_id is None  # not Gordon Brown


def test_same_person_gets_the_same_id_in_two_articles(entities: Component) -> None:
    first = entities(article_with("Konstantin Kossatschow sagte, es sei gut.", [("Konstantin Kossatschow", "PER")]))
    second = entities(article_with("Laut Konstantin Kosatschow war es gut. Kosatschow lachte.",
                                   [("Konstantin Kosatschow", "PER"), ("Kosatschow", "PER")], date="2019-01-01"))
    assert first.entities[0].id == second.entities[0].id
    assert {m.entity for m in second.mentions} == {first.entities[0].id}
    kb_first = entities(article_with("Putin kam.", [("Putin", "PER")]))
    kb_second = entities(article_with("Wladimir Putin kam.", [("Wladimir Putin", "PER")], date="2021-07-01"))
    assert kb_first.entities[0].id == kb_second.entities[0].id == "kb:putin-wladimir"


def test_organisations_fold_genitive_when_both_forms_occur(entities: Component) -> None:
    text = "Der Kreml schweigt. Ein Sprecher des Kremls sagte der Agentur Interfax nichts."
    article = entities(article_with(text, [("Kreml", "ORG"), ("Kremls", "ORG"), ("Interfax", "ORG")]))
    assert linked(article) == {"Kreml": "Kreml", "Kremls": "Kreml", "Interfax": "Interfax"}


# --- roles ------------------------------------------------------------------------------


def test_role_phrases_are_found_with_country_and_determiner() -> None:
    text = "Der russische Außenminister sprach mit dem früheren US-Präsidenten und der Kanzlerin."
    found = [(text[p.start:p.end], p.role, p.country, p.not_current) for p in find_role_phrases(text)]
    assert found == [("Der russische Außenminister", "foreign_minister", "RU", False),
                     ("dem früheren US-Präsidenten", "head_of_state", "US", True),
                     ("der Kanzlerin", "head_of_government", None, False)]


@pytest.mark.parametrize(("date", "holder"), [("2017-07-08", "Donald Trump"), ("2021-07-08", "Joe Biden"),
                                              ("2012-03-01", "Barack Obama")])
def test_role_resolves_from_the_knowledge_base_by_date(entities: Component, date: str, holder: str) -> None:
    article = entities(article_with("Der US-Präsident reiste nach Hamburg.", [("Hamburg", "LOC")], date=date))
    assert linked(article)["Der US-Präsident"] == holder
    role = next(m for m in article.mentions if m.text == "Der US-Präsident")
    assert role.label == "PER" and role.entity is not None and role.entity.startswith("kb:")


def test_former_and_deputy_roles_are_not_resolved_by_date(entities: Component) -> None:
    text = "Der frühere US-Präsident und der stellvertretende russische Außenminister schwiegen."
    article = entities(article_with(text, []))
    assert article.mentions == []


def test_coordinated_ellipsis_resolves_to_both_persons(entities: Component) -> None:
    article = entities(article_with("Am Freitag trafen sich der russische und der US-Präsident in Hamburg.",
                                    [("Hamburg", "LOC")]))
    assert linked(article) == {"der russische": "Wladimir Putin", "der US-Präsident": "Donald Trump",
                               "Hamburg": "Hamburg"}


def test_appositions_teach_roles_that_resolve_later_mentions(entities: Component) -> None:
    text = ("Petro Poroschenko, der ukrainische Präsident, kam nach Kiew. "
            "Später sagte der ukrainische Präsident, er sei zufrieden.")
    article = entities(article_with(text, [("Petro Poroschenko", "PER"), ("Kiew", "LOC")]))
    names = [(m.text, m.entity) for m in article.mentions if m.label == "PER"]
    person = names[0][1]
    assert names == [("Petro Poroschenko", person), ("der ukrainische Präsident", person),
                     ("der ukrainische Präsident", person)]
    assert [asdict(r) for r in article.roles] == [{"entity": person, "name": "Petro Poroschenko",
                                                   "role": "head_of_state", "country": "UA", "qualifier": None}]


def test_roles_learned_in_stored_articles_resolve_later_articles(tmp_path: Path) -> None:
    pipeline = ("clean", "sentences", "entities")
    with Database(tmp_path / "roles.db") as db:
        teacher = lagebild.analyze("Der ukrainische Präsident Petro Poroschenko besuchte Berlin.",
                                   date="2017-07-01", pipeline=pipeline)
        teacher.mentions = []  # no NER here: hand mentions, as NER would give them
        teacher.components = [NER]
        start = teacher.text.index("Petro")
        teacher.mentions = [Mention("Petro Poroschenko", start, start + 17, "PER")]
        make_entities()(teacher)
        db.save(teacher)
        # Stored roles change nothing until a corpus step makes them a layer (reproducible analyses).
        before = make_entities(Settings(), Resources.from_store(db))(
            article_with("Der ukrainische Präsident sagte, der Krieg müsse enden.", [], date="2017-07-20"))
        assert linked(before) == {}
        layer = learn_roles(db)
        assert len(layer) == 1 and db.latest_role_layer() == layer
        resources = Resources.from_store(db)
        later = make_entities(Settings(), resources)(
            article_with("Der ukrainische Präsident sagte, der Krieg müsse enden.", [], date="2017-07-20"))
        assert linked(later) == {"Der ukrainische Präsident": "Petro Poroschenko"}
        assert later.meta["kb"]["roles_layer"] == layer.version
        too_late = make_entities(Settings(), resources)(
            article_with("Der ukrainische Präsident schwieg.", [], date="2019-06-01"))
        assert too_late.mentions == []  # outside the date window
        db.delete(teacher.id)
        assert learn_roles(db, save=False).holders("head_of_state", "UA", "2017-07-20") == []  # roles go with it


def test_seed_done_when_with_hand_made_ner_mentions(entities: Component, seed_text: str) -> None:
    article = lagebild.analyze(seed_text, date="2017-07-08", pipeline=("clean", "sentences"))
    spans = [("Hamburg", "LOC"), ("Syrien", "LOC"), ("Syriens", "LOC"), ("Damaskus", "LOC"),
             ("Sergej Lawrow", "PER"), ("Wladimir Putin", "PER"), ("Donald Trump", "PER"), ("Lawrow", "PER"),
             ("Ukraine", "LOC"), ("Nord-Korea", "LOC"), ("Konstantin Kossatschow", "PER"), ("Interfax", "ORG")]
    hand = article_with(article.text, spans)
    hand.claimed_source = article.claimed_source
    result = entities(hand)
    assert_seed(result)
    assert "Interfax" in {e.name for e in result.entities}


def assert_seed(article: Article) -> None:
    names = {e.name for e in article.entities}
    assert {"Wladimir Putin", "Donald Trump", "Sergej Lawrow", "Konstantin Kossatschow", "Hamburg", "Syrien",
            "Damaskus", "Ukraine", "Nordkorea", "Reuters"} <= names
    by_name = {e.name: e for e in article.entities}
    assert by_name["Reuters"].label == "ORG" and article.meta["claimed_source_entity"] == by_name["Reuters"].id
    first_paragraph = article.text.index("\n\n") if "\n\n" in article.text else 300
    coordinated = {m.text: m.entity for m in article.mentions if m.start < first_paragraph and m.label == "PER"}
    assert coordinated["der russische"] == by_name["Wladimir Putin"].id
    assert coordinated["der US-Präsident"] == by_name["Donald Trump"].id
    roles = {m.text: m.entity for m in article.mentions if m.label == "PER"}
    assert roles["der Senator"] == by_name["Konstantin Kossatschow"].id
    assert roles["Der russische Außenminister"] == by_name["Sergej Lawrow"].id
    if any(m.text == "Interfax" for m in article.mentions):  # only NER finds it (no KB or gazetteer entry)
        assert "Interfax" in names


def test_seed_done_when_through_the_default_pipeline(seed_text: str) -> None:
    from lagebild import registry

    if "ner" not in registry.names():
        pytest.skip("the ner component is not registered yet")
    article = lagebild.analyze(seed_text, date="2017-07-08",
                               pipeline=("clean", "sentences", "tagger", "ner", "entities", "geo"))
    assert_seed(article)
    if not any(m.text == "Interfax" and m.label == "ORG" for m in article.mentions):
        pytest.xfail("the NER model missed the ORG 'Interfax'")
    damascus = next(p for p in article.places if p.name == "Damaskus")
    assert damascus.country_code == "SY" and damascus.lat is not None and round(damascus.lat) == 34


def test_without_ner_a_provisional_fallback_still_finds_the_seed(seed_text: str) -> None:
    article = lagebild.analyze(seed_text, date="2017-07-08", pipeline=("clean", "sentences", "entities", "geo"))
    assert article.meta["provisional_mentions"] is True
    assert {"Wladimir Putin", "Donald Trump", "Sergej Lawrow", "Damaskus", "Reuters"} <= {
        e.name for e in article.entities}
    assert ("Damaskus", "SY") in {(p.name, p.country_code) for p in article.places}


# --- knowledge base ---------------------------------------------------------------------


def test_packaged_knowledge_base_is_consistent() -> None:
    records = kb_module.packaged()
    assert len(records) > 250
    assert len({r.id for r in records}) == len(records)
    for record in records:
        assert record.type == "PER" and record.positions, record.id
        for position in record.positions:
            assert position.role in ROLE_LABELS, (record.id, position.role)
            assert position.start is not None and (position.end is None or position.start <= position.end)
    kb = kb_module.build()
    for country in ("AR", "AU", "BR", "CA", "CN", "DE", "FR", "GB", "ID", "IN", "IT", "JP", "KR", "MX", "RU",
                    "SA", "TR", "US", "ZA"):
        for role in ("head_of_state", "foreign_minister"):
            assert len(kb.holders(role, country, "2017-07-08")) == 1, (country, role)
    assert [e.name for e in kb.holders("head_of_government", "DE", "2017-07-08")] == ["Angela Merkel"]


def test_kb_records_are_validated() -> None:
    with pytest.raises(KbFormatError, match="type"):
        parse_record({"id": "x", "name": "X", "type": "PERSON"})
    with pytest.raises(KbFormatError, match="dates"):
        parse_record({"id": "x", "name": "X", "type": "PER", "positions": [{"role": "r", "start": "gestern"}]})


def test_kb_import_and_show_through_the_cli(tmp_path: Path) -> None:
    kb_file = tmp_path / "ua.jsonl"
    kb_file.write_text(json.dumps({
        "id": "selenskyj-wolodymyr", "name": "Wolodymyr Selenskyj", "type": "PER", "country": "UA",
        "aliases": {"de": ["Selenskyj"], "en": ["Volodymyr Zelenskyy", "Zelenskyy"]},
        "positions": [{"role": "head_of_state", "country": "UA", "start": "2019-05-20", "end": None}],
    }, ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp_path / "kb.db"
    imported = run("kb", "import", str(kb_file), "--db", str(db))
    assert imported.returncode == 0, imported.stderr
    assert "1 knowledge-base record(s) imported" in imported.stderr
    shown = run("kb", "show", "Zelenskyy", "--db", str(db), "--format", "json")
    assert json.loads(shown.stdout)[0]["id"] == "selenskyj-wolodymyr"
    assert "Sergej Lawrow" in run("kb", "show", "Lavrov", "--db", str(db)).stdout  # shipped KB too
    text = tmp_path / "a.txt"
    text.write_text("Der ukrainische Präsident rief zu Verhandlungen auf.", encoding="utf-8")
    analysed = run("analyze", str(text), "--date", "2022-03-01", "--db", str(db), "--format", "json")
    data = json.loads(analysed.stdout)
    assert {"id": "kb:selenskyj-wolodymyr", "name": "Wolodymyr Selenskyj", "label": "PER",
            "kb_id": "selenskyj-wolodymyr"} in data["entities"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    failed = run("kb", "import", str(bad), "--db", str(db))
    assert failed.returncode == 2 and "E401" in failed.stderr and "bad.jsonl:1" in failed.stderr


def test_store_keeps_kb_and_roles_tables(tmp_path: Path) -> None:
    with Database(tmp_path / "s.db") as db:
        tables = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"kb_entities", "kb_aliases", "kb_positions", "roles"} <= tables
        db.import_kb(kb_module.packaged()[:2], source="test")
        assert len(db.kb_records()) == 2
        aliases = db.conn.execute("SELECT COUNT(*) FROM kb_aliases").fetchone()[0]
        db.import_kb(kb_module.packaged()[:1], source="again")  # replaced, not duplicated
        assert db.conn.execute("SELECT COUNT(*) FROM kb_aliases").fetchone()[0] == aliases
