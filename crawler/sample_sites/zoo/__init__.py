"""The zoo: whole municipal sites generated from a seed, with their ground truth.

A seed draws one option of every trait in ``catalogue.TRAITS`` (URL shapes,
listings and pagers, date placements and forms, body layouts, look-alike pages,
encodings, robots, sitemaps, feeds, redirects, languages); ``generate`` builds the
site's content and ``ZooPlatform`` serves it as those traits say.

    with ZooWorld([17, 18]) as zoo:
        zoo.base_url(17)              # "http://127.1.0.19:PORT/"
        zoo.expected_articles(17)     # url, variants, title, published, updated, author, body, lang
        zoo.advance(17)               # the later state: new, edited and removed articles

``python -m crawler.sample_sites.zoo serve --seed 17`` serves one seed.
"""
from crawler.sample_sites.zoo.catalogue import TRAITS, draw
from crawler.sample_sites.zoo.generate import generate, later
from crawler.sample_sites.zoo.world import ZooWorld, host_for, site_id

__all__ = ["TRAITS", "ZooWorld", "draw", "generate", "host_for", "later", "site_id"]
