"""The pipelines on their own: built with from_crawler, as Scrapy builds them."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.items import AttachmentItem, PageItem
from crawler.registry import adhoc_site
from pipelines.dedup import DedupPipeline
from pipelines.extract import ExtractPipeline

PAGE = """<html><head><title>Domes sēde | Paraugu novads</title></head><body>
<div class="reklama">REKLĀMA: pērciet malku pie mums, tālrunis 20000000, piegāde visā novadā bez maksas!</div>
<article><h1>Domes sēdē apstiprināts budžets</h1><p>Publicēts: 08.02.2022</p>
<p>Paraugu novada dome 27. janvāra sēdē apstiprināja pašvaldības budžetu 2022. gadam. Pamatbudžeta
ieņēmumi plānoti 12 miljonu eiro apmērā, bet izdevumi – 12,5 miljonu eiro apmērā.</p>
<p>Lielākā daļa līdzekļu paredzēta izglītībai, ceļu uzturēšanai un sociālajai palīdzībai.</p>
</article></body></html>"""


def pipeline_with_site(site):
    crawler = get_crawler(settings_dict={})
    crawler.spider = SimpleNamespace(site=site, site_id=site.id)
    pipeline = ExtractPipeline.from_crawler(crawler)
    pipeline.open_spider()  # Scrapy ≥ 2.14 passes no spider
    return pipeline


def item(site, html=PAGE, status=200):
    return PageItem(site=site.id, url="https://www.paraugs.lv/jaunumi/domes-sede-budzets",
                    canonical="https://www.paraugs.lv/jaunumi/domes-sede-budzets", status=status,
                    fetched_at="2022-02-10T10:00:00+00:00", html=html)


def test_extraction_uses_the_sites_hints():
    from dataclasses import replace

    site = adhoc_site("https://www.paraugs.lv/")
    site = replace(site, extract={"prune": ["//*[@class='reklama']"]})
    out = pipeline_with_site(site).process_item(item(site))
    assert out.article["title"] == "Domes sēdē apstiprināts budžets"
    assert out.article["published"] == "2022-02-08"
    assert "REKLĀMA" not in out.article["body"] and "budžetu 2022. gadam" in out.article["body"]
    assert out.html == "" and out.article["extractor_version"]
    # Extracted with this site's hints, not as an unknown site's page.
    from crawler.extraction import config_hash

    assert config_hash(site) != config_hash(None)
    assert out.article["config_hash"] == config_hash(site)


def test_non_articles_are_dropped_with_a_reason():
    site = adhoc_site("https://www.paraugs.lv/")
    pipeline = pipeline_with_site(site)
    with pytest.raises(DropItem):
        pipeline.process_item(item(site, html="<html><body></body></html>"))
    assert any(k.startswith("novadi/dropped/") for k in pipeline.stats.get_stats())


def test_other_items_pass_through():
    site = adhoc_site("https://www.paraugs.lv/")
    attachment = AttachmentItem(site=site.id, article="x", url="https://www.paraugs.lv/a.pdf", status=200,
                                fetched_at="2022-02-10T10:00:00+00:00")
    assert pipeline_with_site(site).process_item(attachment) is attachment
    not_modified = item(site, status=304)
    assert pipeline_with_site(site).process_item(not_modified) is not_modified


def test_dedup_passes_each_fetched_url_once():
    site = adhoc_site("https://www.paraugs.lv/")
    dedup = DedupPipeline.from_crawler(get_crawler(settings_dict={}))
    first = item(site, status=304)
    first.requested_url = first.canonical
    dedup.process_item(first)
    with pytest.raises(DropItem):
        dedup.process_item(first)
