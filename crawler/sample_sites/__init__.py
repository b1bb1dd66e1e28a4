"""The offline test world: sample Latvian municipal websites served on loopback.

Each site is data (``data/<site-id>/site.toml`` and ``articles.toml``, plus the
press releases several sites share in ``data/stories.toml``) rendered by a
platform template (``platforms/``): the unified state platform (TVP), a legacy
WordPress site, an old windows-1257 CMS and a planning region's CMS.

    with SampleWorld() as world:
        world.base_url("ozolkalna-novads")        # "http://127.0.0.2:PORT/"
        world.expected_articles("ozolkalna-novads")

``python -m crawler.sample_sites`` serves them all in the foreground.
"""
from crawler.sample_sites.server import SampleWorld, expected_articles, load_sites, registry_toml

__all__ = ["SampleWorld", "expected_articles", "load_sites", "registry_toml"]
