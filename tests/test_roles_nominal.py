"""Nominal mentions (issue 17): descriptions of persons and organisations, resolved inside the article and across
articles through learned role facts; the Wikidata conversion; the report's descriptions per person."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

import lagebild
from lagebild.corpus.roles import RoleFact, RoleLayer, learn_roles
from lagebild.entities.component import make_entities
from lagebild.entities.kb import parse_record
from lagebild.entities.nouns import noun_stem, person_noun, same_role
from lagebild.model import Article, Mention
from lagebild.report import render
from lagebild.resources import Resources
from lagebild.settings import Settings
from lagebild.store import Database

NER = "lagebild.ner.v1"  # marks hand-made mentions as NER output
REPO = Path(__file__).resolve().parents[1]


def tagged(text: str, names: list[tuple[str, str]], date: str | None = "2019-05-06") -> Article:
    """The text through the tagger, with every occurrence of each (name, label) as a hand-made NER mention."""
    article = lagebild.analyze(text, date=date, pipeline=("clean", "sentences", "tagger"))
    article.components.append(NER)
    for surface, label in names:
        for match in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", article.text):
            article.mentions.append(Mention(surface, match.start(), match.end(), label))
    article.mentions.sort(key=lambda m: (m.start, m.end))
    return article


def descriptions(article: Article, label: str | None = None) -> list[tuple[str, str | None]]:
    """(nominal mention text, entity name or None) in text order, of one label if given."""
    names = {e.id: e.name for e in article.entities}
    return [(m.text, names.get(m.entity or "")) for m in article.mentions
            if m.kind == "nominal" and label in {None, m.label}]


def resolve(text: str, names: list[tuple[str, str]], **kwargs: object) -> list[tuple[str, str | None]]:
    return descriptions(make_entities(**kwargs)(tagged(text, names)))  # type: ignore[arg-type]


# --- the noun lexicon --------------------------------------------------------------------------

def test_role_nouns_fold_gender_number_and_compounds() -> None:
    assert noun_stem("Ministerin") == "minister" and noun_stem("Grünen-Chefin") == "chef"
    assert noun_stem("Vorsitzenden") == "vorsitzend" and noun_stem("69-Jährige") == "jährig"
    assert person_noun("Bundesinnenminister") and person_noun("Beschuldigten") and not person_noun("Termin")
    assert same_role("außenminister", "minister") and same_role("anwalt", "verteidiger")
    assert not same_role("ministerpräsident", "präsident")  # another office


# --- binding: titles and appositions -------------------------------------------------------------

def test_titles_and_appositions_bind_directly() -> None:
    found = resolve("Bundesinnenminister Max Muster stellte den Plan vor. Anna Berger, Vorsitzende des Vereins "
                    "Waldfreunde, kritisierte ihn. Der Sprecher des Vereins, Tom Kurz, schwieg.",
                    [("Max Muster", "PER"), ("Anna Berger", "PER"), ("Tom Kurz", "PER")])
    assert ("Bundesinnenminister", "Max Muster") in found
    assert ("Vorsitzende", "Anna Berger") in found
    assert ("Der Sprecher", "Tom Kurz") in found


def test_coordinated_and_plural_roles_give_one_link_per_person() -> None:
    found = resolve("Die Außenminister Sergej Lawrow und Rex Tillerson trafen sich in Hamburg. Die beiden "
                    "Außenminister sprachen über Syrien.", [("Sergej Lawrow", "PER"), ("Rex Tillerson", "PER")])
    assert found.count(("Die Außenminister", "Sergej Lawrow")) == 1
    assert ("Die beiden Außenminister", "Sergej Lawrow") in found
    assert ("Die beiden Außenminister", "Rex Tillerson") in found


# --- in-document resolution -----------------------------------------------------------------------

def test_later_descriptions_resolve_to_the_person_introduced_with_that_noun() -> None:
    found = resolve("Der Tübinger Philosoph Otto Kranich hält nichts davon. Kranich lebt in Tübingen. Sein Anwalt "
                    "Klaus Lenz sprach mit der Presse. Der Philosoph sagte, das sei falsch. Der Verteidiger "
                    "widersprach.", [("Otto Kranich", "PER"), ("Kranich", "PER"), ("Klaus Lenz", "PER")])
    assert ("Der Tübinger Philosoph", "Otto Kranich") in found
    assert ("Der Philosoph", "Otto Kranich") in found
    assert ("Der Verteidiger", "Klaus Lenz") in found  # a synonym of the noun used with the name


def test_gender_and_party_must_agree() -> None:
    found = resolve("Ministerin Eva Roth und Minister Jan Sommer stritten. Die Ministerin blieb hart. "
                    "SPÖ-Chef Karl Moser und FPÖ-Chef Heinz Lang debattierten. Der FPÖ-Chef verließ den Saal.",
                    [("Eva Roth", "PER"), ("Jan Sommer", "PER"), ("Karl Moser", "PER"), ("Heinz Lang", "PER")])
    assert ("Die Ministerin", "Eva Roth") in found
    assert ("Der FPÖ-Chef", "Heinz Lang") in found


def test_age_possessive_and_kinship_descriptions() -> None:
    found = resolve("Der Schauspieler Karl Moor (69) ist gestorben. Der 69-Jährige war lange krank. Seine Frau "
                    "Julia Moor sagte, er sei friedlich eingeschlafen.", [("Karl Moor", "PER"), ("Julia Moor", "PER")])
    assert ("Der 69-Jährige", "Karl Moor") in found
    assert ("Seine Frau", "Julia Moor") in found


def test_no_link_where_the_text_leaves_it_open() -> None:
    found = resolve("Ein Mann wurde in Wien festgenommen. Der Mann schwieg. Ein Sprecher der Ministerin Lisa Hahn "
                    "bestätigte das. Der Staatsanwalt sagte nichts.", [("Lisa Hahn", "PER")])
    assert ("Der Mann", None) in found and ("Der Staatsanwalt", None) in found
    assert all(entity is None for text, entity in found if "Sprecher" in text)


def test_organisations_get_nominal_mentions_too() -> None:
    found = resolve("Die Nachrichtenagentur Anadolu meldete Kämpfe. Die Agentur berief sich auf die Armee.",
                    [("Anadolu", "ORG")])
    assert ("Die Nachrichtenagentur", "Anadolu") in found and ("Die Agentur", "Anadolu") in found


def test_switching_resolution_off_keeps_only_the_knowledge_base() -> None:
    text = "Der Tübinger Philosoph Otto Kranich hält nichts davon. Der Philosoph sagte, das sei falsch."
    assert resolve(text, [("Otto Kranich", "PER")], nominal=False) == []


def test_seed_resolutions_stay(seed_text: str) -> None:
    article = lagebild.analyze(seed_text, date="2017-07-08",
                               pipeline=("clean", "sentences", "tagger", "ner", "entities"))
    found = descriptions(article)
    assert ("der russische", "Wladimir Putin") in found and ("der US-Präsident", "Donald Trump") in found
    assert ("der Senator", "Konstantin Kossatschow") in found
    assert all(m.kind == "nominal" for m in article.mentions if m.text in {"der Senator", "der US-Präsident"})


# --- resolution beyond the head noun (one test per phenomenon; constructed sentences) -------------------

def test_umlaut_and_irregular_plurals_fold_to_the_role_noun() -> None:
    assert noun_stem("Anwältin") == "anwalt" and noun_stem("Ärzte") == "arzt" and noun_stem("Bischöfe") == "bischof"
    assert noun_stem("Männer") == "mann" and person_noun("Rechtsanwältin")


def test_hypernyms_cover_the_specific_office() -> None:
    assert same_role("außenminister", "politiker") and same_role("chefredakteur", "journalist")
    assert same_role("konzernchef", "boss") and not same_role("regierungschef", "gewerkschaftsboss")
    found = resolve("Außenminister Max Roth traf den Sänger Udo Kern. Kern sang ein Lied. Der Politiker lobte ihn.",
                    [("Max Roth", "PER"), ("Kern", "PER")])
    assert ("Der Politiker", "Max Roth") in found  # the singer was named last, but he is no politician


def test_a_name_after_a_title_wins_over_the_name_before_it() -> None:
    found = resolve("Gehen mussten Kulturminister Jeremy Wright, Wirtschaftsminister Greg Clark und Handelsminister "
                    "Liam Fox.", [("Jeremy Wright", "PER"), ("Greg Clark", "PER"), ("Liam Fox", "PER")])
    assert ("Wirtschaftsminister", "Greg Clark") in found and ("Wirtschaftsminister", "Jeremy Wright") not in found


def test_plural_sets_refer_back_to_the_persons_counted() -> None:
    found = resolve("Zwei Männer, Peter Alt und Hans Berg, wurden in Graz festgenommen. Die Polizei fand Waffen. "
                    "Die beiden Männer schweigen.", [("Peter Alt", "PER"), ("Hans Berg", "PER")])
    assert found.count(("Zwei Männer", "Peter Alt")) == 1 and ("Zwei Männer", "Hans Berg") in found
    assert ("Die beiden Männer", "Peter Alt") in found and ("Die beiden Männer", "Hans Berg") in found
    found = resolve("Entlassen wurden Bildungsminister Karl Hinz, Kulturminister Jan Wolf und Handelsministerin Eva "
                    "Fuchs. Der Grund für den Rauswurf dieser Minister blieb offen.",
                    [("Karl Hinz", "PER"), ("Jan Wolf", "PER"), ("Eva Fuchs", "PER")])
    assert {name for text, name in found if text == "dieser Minister"} == {"Karl Hinz", "Jan Wolf", "Eva Fuchs"}
    found = resolve("Kritik kam von Bundesfinanzminister Karl Brandt und CDU-Generalsekretär Otto Stein. Die Sängerin "
                    "Eva Lind widersprach. Die Nähe zu zwei einflussreichen CDU-Politikern sorgt für Unmut.",
                    [("Karl Brandt", "PER"), ("Otto Stein", "PER"), ("Eva Lind", "PER")])
    assert {name for text, name in found if "Politikern" in text} == {"Karl Brandt", "Otto Stein"}
    found = resolve("Peter Alt sprach mit Journalisten. Später meldeten sich zwei Journalisten bei der Polizei.",
                    [("Peter Alt", "PER")])
    assert not any(name for text, name in found if "Journalisten" in text)  # new persons, not Peter Alt


def test_age_descriptions_take_the_only_fitting_person_of_the_nearest_sentence() -> None:
    found = resolve("Der Minister Karl Berg trat zurück. Seine Nachfolgerin wird Eva Lind. Die 47-Jährige gilt als "
                    "erfahren.", [("Karl Berg", "PER"), ("Eva Lind", "PER")])
    assert ("Die 47-Jährige", "Eva Lind") in found


def test_salience_resolves_a_new_noun_only_without_a_competitor() -> None:
    found = resolve("Die Polizei nahm Tom Krause in Linz fest. Krause soll drei Autos gestohlen haben. Laut Polizei "
                    "war Krause allein. Der Tatverdächtige schweigt.", [("Tom Krause", "PER"), ("Krause", "PER")])
    assert ("Der Tatverdächtige", "Tom Krause") in found
    found = resolve("Tom Krause und Paul Lenz stritten sich. Der Tatverdächtige schweigt.",
                    [("Tom Krause", "PER"), ("Paul Lenz", "PER")])
    assert ("Der Tatverdächtige", None) in found  # two persons the text is about: left open
    found = resolve("Ministerin Lisa Hahn kam nach Wien. Hahn sprach lange. Die Richterin schwieg.",
                    [("Lisa Hahn", "PER"), ("Hahn", "PER")])
    assert ("Die Richterin", None) in found  # another office than the one the person holds


def test_relations_make_the_owner_findable() -> None:
    found = resolve("Anna Roth, Tochter von Bundesminister Karl Roth, wird Intendantin. Genau wie ihr Vater ist sie "
                    "Mitglied der Partei.", [("Anna Roth", "PER"), ("Karl Roth", "PER")])
    assert ("Tochter", "Anna Roth") in found and ("ihr Vater", "Karl Roth") in found
    found = resolve("Der Nachfolger des Konzernchefs Peter Alt, Hans Berg, will sparen. Am Konzept seines Vorgängers "
                    "hält Berg fest.", [("Peter Alt", "PER"), ("Hans Berg", "PER"), ("Berg", "PER")])
    assert ("Der Nachfolger", "Hans Berg") in found and ("seines Vorgängers", "Peter Alt") in found
    found = resolve("Die Anwältin Krauses bestritt alles. Sie sagte, ihr Mandant Tom Krause sei unschuldig. "
                    "Der Prozess gegen Tom Krause beginnt im Mai. Die Anwältin will ihren Mandanten verteidigen.",
                    [("Krauses", "PER"), ("Tom Krause", "PER")])
    assert ("ihren Mandanten", "Tom Krause") in found and ("Die Anwältin", None) in found


def test_genitive_name_before_the_noun_links_only_a_named_holder() -> None:
    found = resolve("Merkels Sprecher Steffen Seibert bestätigte die Reise. Am Abend sagte Merkels Sprecher, die "
                    "Reise sei gut verlaufen. Der Unternehmer Karl Müller reiste mit. Müllers Sprecher schwieg.",
                    [("Merkels", "PER"), ("Steffen Seibert", "PER"), ("Karl Müller", "PER"), ("Müllers", "PER")])
    assert found[0][1] == "Steffen Seibert" and found[0][0].endswith("Sprecher")  # the title before his name
    assert ("Merkels Sprecher", "Steffen Seibert") in found  # the same spokesman later
    assert ("Müllers Sprecher", None) in found  # Müller's spokesman is never named


# --- roles in time: facts learned from other articles ---------------------------------------------------

def test_party_offices_are_learned_and_resolve_in_another_article(tmp_path: Path) -> None:
    with Database(tmp_path / "roles.db") as db:
        teacher = make_entities()(tagged("CDU-Generalsekretär Paul Ziemiak traf Parteifreunde in Köln.",
                                         [("Paul Ziemiak", "PER")], date="2019-05-01"))
        assert ("Paul Ziemiak", "secretary_general", "cdu") in {(r.name, r.role, r.qualifier) for r in teacher.roles}
        db.save(teacher)
        resources = Resources.from_store(db)
        text = "Der CDU-Generalsekretär sagte, die Partei stehe geschlossen."
        assert descriptions(make_entities(Settings(), resources)(tagged(text, [], date="2019-05-10")), "PER") == [
            ("Der CDU-Generalsekretär", None)]  # nothing learned yet: no layer
        learn_roles(db)
        resources = Resources.from_store(db)
        assert descriptions(make_entities(Settings(), resources)(tagged(text, [], date="2019-05-10")), "PER") == [
            ("Der CDU-Generalsekretär", "Paul Ziemiak")]
        assert descriptions(make_entities(Settings(), resources)(tagged(text, [], date="2020-05-10")), "PER") == [
            ("Der CDU-Generalsekretär", None)]  # outside the window


def test_conflicting_role_facts_are_kept_with_dates_and_sources() -> None:
    facts = [RoleFact("per-a", "Anna A", "secretary_general", None, "cdu", "2019-01-10", "art-1"),
             RoleFact("per-b", "Bert B", "secretary_general", None, "cdu", "2019-03-01", "art-2")]
    layer = RoleLayer(facts)
    assert [(f.name, f.published, f.article_id) for f in layer.history("secretary_general", qualifier="cdu")] == [
        ("Anna A", "2019-01-10", "art-1"), ("Bert B", "2019-03-01", "art-2")]
    assert layer.holders("secretary_general", None, "2019-01-15", qualifier="cdu")[0]["name"] == "Anna A"
    assert layer.holders("secretary_general", None, "2019-03-05", qualifier="cdu")[0]["name"] == "Bert B"


# --- Wikidata dump subset -> knowledge base ---------------------------------------------------------------

WIKIDATA_FIXTURE = [
    {"type": "item", "id": "Q1", "labels": {"de": {"language": "de", "value": "Musterland"}},
     "claims": {"P297": [{"mainsnak": {"datavalue": {"value": "XM"}}}]}},
    {"type": "item", "id": "Q100", "labels": {"de": {"value": "Max Muster"}, "en": {"value": "Max Sample"}},
     "aliases": {"de": [{"value": "M. Muster"}]},
     "claims": {"P31": [{"mainsnak": {"datavalue": {"value": {"id": "Q5"}}}}],
                "P27": [{"mainsnak": {"datavalue": {"value": {"id": "Q1"}}}}],
                "P39": [{"mainsnak": {"datavalue": {"value": {"id": "Q200"}}},
                         "qualifiers": {"P580": [{"datavalue": {"value": {"time": "+2018-03-14T00:00:00Z"}}}],
                                        "P582": [{"datavalue": {"value": {"time": "+2021-12-08T00:00:00Z"}}}]}}]}},
    {"type": "item", "id": "Q300", "labels": {"en": {"value": "Sample Party"}}, "claims": {}},
]


def test_wikidata_dump_subset_converts_to_importable_records(tmp_path: Path) -> None:
    dump = tmp_path / "subset.json"
    dump.write_text("[\n" + ",\n".join(json.dumps(e) for e in WIKIDATA_FIXTURE) + "\nnot json\n]\n")
    roles = tmp_path / "roles.json"
    roles.write_text(json.dumps({"Q200": ["interior_minister", "XM"]}))
    out = tmp_path / "kb.jsonl"
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "wikidata_to_kb.py"), str(dump), "--out", str(out),
                           "--roles", str(roles), "--surnames"], capture_output=True, text=True, check=True)
    assert "2 records written; 1 unreadable" in done.stderr
    records = [json.loads(line) for line in out.read_text().splitlines() if not line.startswith("#")]
    person = next(r for r in records if r["id"] == "wd-Q100")
    assert person["type"] == "PER" and person["country"] == "XM" and "Muster" in person["aliases"]["de"]
    assert person["positions"] == [{"role": "interior_minister", "country": "XM", "start": "2018-03-14",
                                    "end": "2021-12-08"}]
    assert next(r for r in records if r["id"] == "wd-Q300")["type"] == "ORG"
    for record in records:
        parse_record(record)  # what `lagebild kb import` validates


# --- output: the descriptions used for each person ----------------------------------------------------

def test_report_lists_descriptions_per_person() -> None:
    article = make_entities()(tagged("Bundesinnenminister Max Muster stellte den Plan vor. Der Minister sagte, "
                                     "er sei zufrieden.", [("Max Muster", "PER")]))
    data = article.to_dict()
    assert {(m["text"], m["kind"]) for m in data["mentions"] if m["entity"]} >= {
        ("Bundesinnenminister", "nominal"), ("Der Minister", "nominal"), ("Max Muster", "name")}
    console = Console(file=io.StringIO(), width=160, color_system=None)
    console.print(render(article))
    printed = console.file.getvalue()  # type: ignore[attr-defined]
    assert "Descriptions" in printed and "Bundesinnenminister" in printed and "Der Minister" in printed


@pytest.fixture(scope="module")
def seed_text() -> str:
    return (REPO / "examples" / "000_95917e8755466fef.txt").read_text(encoding="utf-8")


def test_stored_descriptions_reach_the_entity_page(tmp_path: Path) -> None:
    from lagebild.corpus.views import entity_page

    article = make_entities()(tagged("Bundesinnenminister Max Muster stellte den Plan vor. Der Minister sagte, "
                                     "er sei zufrieden.", [("Max Muster", "PER")]))
    with Database(tmp_path / "page.db") as db:
        db.save(article)
        page = entity_page(db, "Max Muster")
    assert [d["text"] for d in page["descriptions"]] == ["Bundesinnenminister", "Der Minister"]
    assert {d["published"][:10] for d in page["descriptions"]} == {"2019-05-06"}
