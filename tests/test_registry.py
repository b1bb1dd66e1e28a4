"""The shipped registry and profiles load, cover Latvia, and bad entries fail with clear messages."""
from __future__ import annotations

import re

import pytest

from crawler.registry import (
    RegistryError, build_site, load_profiles, load_registry,
)

# Latvia's 42 municipalities since 2021 (Varakļānu novads joined Madonas novads on
# 2025-07-01): 7 state cities and 35 novadi, by planning region.
STATE_CITIES = {
    "riga": "riga", "jurmala": "riga", "jelgava": "zemgale", "liepaja": "kurzeme",
    "ventspils": "kurzeme", "daugavpils": "latgale", "rezekne": "latgale",
}
NOVADI = {
    # Rīgas plānošanas reģions
    "adazu-novads": "riga", "kekavas-novads": "riga", "limbazu-novads": "riga", "marupes-novads": "riga",
    "ogres-novads": "riga", "olaines-novads": "riga", "ropazu-novads": "riga", "salaspils-novads": "riga",
    "saulkrastu-novads": "riga", "siguldas-novads": "riga", "tukuma-novads": "riga",
    # Kurzemes
    "dienvidkurzemes-novads": "kurzeme", "kuldigas-novads": "kurzeme", "saldus-novads": "kurzeme",
    "talsu-novads": "kurzeme", "ventspils-novads": "kurzeme",
    # Zemgales
    "aizkraukles-novads": "zemgale", "bauskas-novads": "zemgale", "dobeles-novads": "zemgale",
    "jelgavas-novads": "zemgale", "jekabpils-novads": "zemgale",
    # Vidzemes
    "aluksnes-novads": "vidzeme", "cesu-novads": "vidzeme", "gulbenes-novads": "vidzeme",
    "madonas-novads": "vidzeme", "smiltenes-novads": "vidzeme", "valkas-novads": "vidzeme",
    "valmieras-novads": "vidzeme",
    # Latgales
    "augsdaugavas-novads": "latgale", "balvu-novads": "latgale", "kraslavas-novads": "latgale",
    "livanu-novads": "latgale", "ludzas-novads": "latgale", "preilu-novads": "latgale",
    "rezeknes-novads": "latgale",
}
PLANNING_REGIONS = {
    "kurzemes-planosanas-regions": "kurzeme", "zemgales-planosanas-regions": "zemgale",
    "vidzemes-planosanas-regions": "vidzeme", "latgales-planosanas-regions": "latgale",
    "rigas-planosanas-regions": "riga",
}
# On the unified platform (TVP), per the sources the registry was filled from.
TVP = {"riga", "jurmala", "jelgavas-novads", "bauskas-novads", "preilu-novads", "adazu-novads",
       "limbazu-novads", "ropazu-novads", "smiltenes-novads", "tukuma-novads"}


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.fixture(scope="module")
def profiles():
    return load_profiles()


def test_shipped_registry_loads(registry):
    assert len(registry) > 45
    assert len({s.id for s in registry}) == len(registry)


def test_every_municipality_is_present_with_its_region(registry):
    assert len(STATE_CITIES) == 7 and len(NOVADI) == 35
    for site_id, region in {**STATE_CITIES, **NOVADI}.items():
        site = registry.get(site_id)
        assert site.region == region, site_id
        assert site.kind == ("state-city" if site_id in STATE_CITIES else "municipality"), site_id
        assert re.fullmatch(r"\d{7}", site.atvk or ""), site_id
        assert site.current_municipality == site_id
    current = {s.id for s in registry if s.kind in ("state-city", "municipality")}
    assert current == set(STATE_CITIES) | set(NOVADI)


def test_atvk_codes_are_unique(registry):
    codes = [s.atvk for s in registry if s.atvk]
    assert len(codes) == len(set(codes)) >= 42


def test_planning_regions(registry):
    regions = {s.id: s.region for s in registry if s.kind == "planning-region"}
    assert regions == PLANNING_REGIONS
    for site_id in PLANNING_REGIONS:
        site = registry.get(site_id)
        assert site.frequency == "weekly"
        assert site.municipality is None and site.successor is None
        assert site.current_municipality is None and site.row()["municipality"] is None


def test_legacy_sites_point_to_a_current_municipality(registry):
    legacy = [s for s in registry if s.kind == "legacy"]
    assert {"viesite", "vecumnieki", "daugavpils-novads"} <= {s.id for s in legacy}
    for site in legacy:
        successor = registry.get(site.successor)
        assert successor.kind in ("state-city", "municipality"), site.id
        assert site.region == successor.region, site.id
        assert site.frequency == "monthly", site.id
        assert site.row()["municipality"] == site.successor
        # A stop year is only written where a source gives it; otherwise it is unverified.
        assert site.stopped is not None or "stopped" in site.unverified, site.id
    assert registry.get("vecumnieki").successor == "bauskas-novads"
    assert registry.get("viesite").successor == "jekabpils-novads"
    assert registry.get("daugavpils-novads").successor == "augsdaugavas-novads"


def test_tvp_sites(registry):
    assert TVP <= {s.id for s in registry if s.profile == "tvp"}
    riga = registry.get("riga")
    assert riga.feeds == ("https://www.riga.lv/lv/rss/articles",)
    assert riga.start_urls == ("https://www.riga.lv/lv/jaunumi",)
    assert any(re.search(p, "/lv/jaunums/domes-sede") for p in riga.article)


def test_generic_sites_have_unverified_profile(registry):
    for site in registry:
        if site.profile == "generic" and site.kind != "planning-region":
            assert "profile" in site.unverified, site.id


def test_regions_filter(registry):
    zemgale = {s.id for s in registry if s.region == "zemgale"}
    assert {"jelgava", "jelgavas-novads", "bauskas-novads", "zemgales-planosanas-regions",
            "vecumnieki", "viesite"} <= zemgale
    assert "ogres-novads" not in zemgale
    assert {s.region for s in registry} == {"kurzeme", "zemgale", "vidzeme", "latgale", "riga"}


def test_site_ids_and_urls(registry):
    for site in registry:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", site.id)
        assert site.url.startswith("https://") and site.url.endswith("/")
    assert registry.for_url("https://adazi.lv/lv/jaunums/x").id == "adazu-novads"


def test_four_line_tvp_entry(profiles):
    site = build_site("ogres-novads", {
        "name": "Ogres novads", "url": "https://www.ogresnovads.lv", "profile": "tvp"}, profiles)
    assert site.feeds == ("https://www.ogresnovads.lv/lv/rss/articles",)
    assert site.kind == "municipality" and site.frequency == "daily"


def test_profiles(profiles):
    assert {"generic", "tvp", "wordpress", "drupal", "joomla"} <= set(profiles)
    for profile in profiles.values():
        for pattern in profile.detect + profile.article + profile.listing + profile.deny:
            re.compile(pattern)
    wordpress = profiles["wordpress"]
    assert any(re.search(p, "/lv/2021/jauna-skola-atver-durvis/") for p in wordpress.article)
    assert any(re.search(p, "/?p=123") for p in wordpress.article)
    assert any(re.search(p, "/?cat=20&paged=3") for p in wordpress.listing)
    generic = profiles["generic"]
    # a news section's root is a listing, an article under it is not
    assert any(re.search(p, "/lv/jaunumi/") for p in generic.listing)
    assert not any(re.search(p, "/jaunumi/domes-sede-apstiprina-budzetu") for p in generic.listing)


GOOD = {"name": "Parauga novads", "url": "https://www.parauga.lv"}


@pytest.mark.parametrize("site_id, entry, message", [
    ("Parauga_Novads", {}, "Parauga_Novads: field 'id'"),
    ("parauga", {"colour": "red"}, "parauga: unknown field 'colour'"),
    ("parauga", {"name": ""}, "parauga: field 'name' is required"),
    ("parauga", {"url": "www.parauga.lv"}, "parauga: field 'url': not an http(s) URL"),
    ("parauga", {"feeds": ["ftp://parauga.lv/rss"]}, "parauga: field 'feeds': not an http(s) URL"),
    ("parauga", {"article": ["/jaunumi/(["]}, "parauga: field 'article': bad regex"),
    ("parauga", {"deny": "*x"}, "parauga: field 'deny': bad regex"),
    ("parauga", {"profile": "typo3"}, "parauga: field 'profile': unknown profile 'typo3'"),
    ("parauga", {"frequency": "sometimes"}, "parauga: field 'frequency'"),
    ("parauga", {"kind": "city"}, "parauga: field 'kind'"),
    ("parauga", {"region": "latvia"}, "parauga: field 'region'"),
    ("parauga", {"stopped": "2021"}, "parauga: field 'stopped'"),
    ("parauga", {"atvk": 30000}, "parauga: field 'atvk'"),
    ("parauga", {"atvk": "30000"}, "parauga: field 'atvk'"),
    ("parauga", {"unverified": ["colour"]}, "parauga: field 'unverified'"),
    ("parauga", {"start_urls": [1, 2]}, "parauga: field 'start_urls' must be a string or a list"),
])
def test_bad_entry_messages_name_entry_and_field(profiles, site_id, entry, message):
    with pytest.raises(RegistryError) as exc:
        build_site(site_id, {**GOOD, **entry}, profiles)
    assert str(exc.value).startswith(message)


def test_cron_frequency_is_accepted(profiles):
    assert build_site("parauga", {**GOOD, "frequency": "0 6 * * 1"}, profiles).frequency == "0 6 * * 1"


@pytest.mark.parametrize("toml, message", [
    ('[vecais]\nname = "Vecais"\nurl = "https://vecais.lv"\nkind = "legacy"\nsuccessor = "nav"\n',
     "vecais: field 'successor': unknown site 'nav'"),
    ('[vecais]\nname = "Vecais"\nurl = "https://vecais.lv"\nkind = "legacy"\n',
     "vecais: field 'successor' is required"),
    ('[r]\nname = "R"\nurl = "https://r.lv"\nkind = "planning-region"\n'
     '[vecais]\nname = "Vecais"\nurl = "https://vecais.lv"\nkind = "legacy"\nsuccessor = "r"\n',
     "vecais: field 'successor': 'r' is not a current municipality"),
    ('[r]\nname = "R"\nurl = "https://r.lv"\nkind = "planning-region"\nmunicipality = "m"\n'
     '[m]\nname = "M"\nurl = "https://m.lv"\n',
     "r: field 'municipality': a planning region belongs to no municipality"),
    ('[a]\nname = "A"\nurl = "https://a.lv"\n[a]\nname = "B"\nurl = "https://b.lv"\n', "not valid TOML"),
    ('novads = "x"\n', "novads: an entry must be a table"),
])
def test_bad_registry_files(tmp_path, toml, message):
    path = tmp_path / "sites.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(RegistryError, match=re.escape(message)):
        load_registry(path)


def test_bad_profile_messages(tmp_path):
    path = tmp_path / "profiles.toml"
    path.write_text("[generic]\n[cms]\ndetect = ['(']\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=re.escape("profile cms: field 'detect': bad regex")):
        load_profiles(path)
    path.write_text("[generic]\n[cms]\nsitemap = ['/s.xml']\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=re.escape("profile cms: unknown field 'sitemap'")):
        load_profiles(path)
    path.write_text("[cms]\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="'generic' profile is required"):
        load_profiles(path)
