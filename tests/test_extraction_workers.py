"""Extraction in worker processes: the same articles as in the crawl's own process, and a
page that hangs or kills its worker costs that page only."""
import asyncio

import pytest

from crawler.extraction import extract
from crawler.extraction.workers import ExtractionFailed, ExtractionPool, worker_count
from tests.extraction_targets import misbehaving

PAGE = """<html><head><title>Domes sēdē apstiprināts budžets</title></head><body>
<article><h1>Domes sēdē apstiprināts budžets</h1><time datetime="2022-02-08">08.02.2022.</time>
<p>Novada dome 8. februāra sēdē apstiprināja pašvaldības budžetu 2022. gadam.</p>
<p>Lielākā daļa līdzekļu paredzēta izglītībai, ceļu uzturēšanai un sociālajai palīdzībai.</p>
</article></body></html>"""
URL = "https://www.paraugs.lv/jaunumi/domes-sede-budzets"


def run(coroutine):
    return asyncio.new_event_loop().run_until_complete(coroutine)


def test_a_worker_extracts_what_the_crawl_process_would():
    pool = ExtractionPool(1)
    try:
        article = run(pool.extract(html=PAGE, url=URL, hints={"fetched_as": "article"}))
    finally:
        pool.close()
    assert article == extract(PAGE, URL, hints={"fetched_as": "article"})
    assert article.title == "Domes sēdē apstiprināts budžets" and article.published == "2022-02-08"


@pytest.mark.parametrize("poison", ["HANG", "CRASH"])
def test_a_page_that_hangs_or_kills_its_worker_costs_that_page_only(poison):
    pool = ExtractionPool(1, timeout=3, target=misbehaving)

    async def crawl():
        # the poisoned page first, so that the good ones queue behind it in the same worker
        return await asyncio.gather(
            pool.extract(html=PAGE.replace("</body>", f"<p>{poison}</p></body>"), url=URL + "-x"),
            *(pool.extract(html=PAGE, url=f"{URL}-{n}") for n in range(3)),
            return_exceptions=True)

    try:
        bad, *good = run(crawl())
        after = run(pool.extract(html=PAGE, url=URL))
    finally:
        pool.close()
    assert isinstance(bad, ExtractionFailed)
    assert [g.title for g in good] == ["Domes sēdē apstiprināts budžets"] * 3
    assert after.published == "2022-02-08" and pool.restarts == 2


def test_worker_count_setting():
    assert worker_count("0") == 0 and worker_count(2) == 2
    assert 0 <= worker_count("auto") <= 4
    with pytest.raises(ValueError, match="NOVADI_EXTRACT_WORKERS"):
        worker_count("many")
    with pytest.raises(ValueError, match="negative"):
        worker_count(-1)
