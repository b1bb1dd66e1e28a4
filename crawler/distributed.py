"""Crawling on many machines: scrapy-redis for the shared frontier, Redis for the rest.

A worker crawls a site only while it holds the site's lease, so a site still gets
one request at a time and its delay however many workers run. Requests live in a
per-site scrapy-redis queue with a per-site duplicate filter keyed on canonical
URLs; what a worker has taken from the queue but not finished is kept in an
in-flight hash, so when a worker dies the next lease holder puts it back.
Workers never open the database: items go to a Redis list that the single
``novadi ingest`` process writes from.
"""
from __future__ import annotations

import json
import logging
import os
import socket
from datetime import datetime, timezone

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy_redis.dupefilter import RFPDupeFilter
from twisted.internet import task

from crawler.canonical import canonical_url

logger = logging.getLogger(__name__)

PREFIX = "novadi"
JOBS = f"{PREFIX}:jobs"              # list of {"site", "mode"} crawl jobs
ACTIVE = f"{PREFIX}:active"          # set of sites with a crawl under way
ITEMS = f"{PREFIX}:items"            # list of items and run events for the writer
PROCESSING = f"{PREFIX}:items:processing"


def lease_key(site: str) -> str:
    return f"{PREFIX}:lease:{site}"


def inflight_key(site: str) -> str:
    return f"{PREFIX}:inflight:{site}"


def known_key(site: str) -> str:
    return f"{PREFIX}:known:{site}"


def articles_key(site: str) -> str:
    """What the revisit policy plans from, one JSON record per archived article."""
    return f"{PREFIX}:articles:{site}"


def queue_keys(site: str) -> tuple[str, str]:
    spider = f"site-{site}"
    return f"{PREFIX}:{spider}:requests", f"{PREFIX}:{spider}:dupefilter"


def worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


def distributed_settings(redis_url: str, site: str) -> dict:
    """Settings that turn a one-site crawl into a cluster worker's crawl."""
    return {
        "NOVADI_REDIS_URL": redis_url,
        "REDIS_URL": redis_url,
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "crawler.distributed.CanonicalDupeFilter",
        # Kept when a crawl is interrupted, so another worker resumes it;
        # cleared by the worker when the crawl finishes.
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_QUEUE_KEY": f"{PREFIX}:%(spider)s:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{PREFIX}:%(spider)s:dupefilter",
        "SCHEDULER_IDLE_BEFORE_CLOSE": 0,
        # A request's in-flight record is cleared once its response's output has been
        # handed on, which must mean "pushed to the writer's list": that holds only
        # while the item pipelines finish an item before the next is taken, so pages
        # are extracted in the worker's own process (a cluster adds workers instead).
        "NOVADI_EXTRACT_WORKERS": 0,
        "ITEM_PIPELINES": {
            "pipelines.extract.ExtractPipeline": 100,
            "pipelines.attachments.AttachmentTextPipeline": 110,
            "pipelines.attachments.AttachmentFetchPipeline": 150,
            "pipelines.dedup.DedupPipeline": 200,
            "crawler.distributed.RedisItemPipeline": 300,
        },
        "SPIDER_MIDDLEWARES": {"crawler.distributed.InflightSpiderMiddleware": 950},
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "crawler.middlewares.BackoffRetryMiddleware": 550,
            "crawler.distributed.InflightDownloaderMiddleware": 50,
        },
        "EXTENSIONS": {
            "crawler.warc.WarcCapture": 100,
            "crawler.distributed.LeaseKeeper": 150,
        },
    }


def redis_client(url: str):
    import redis

    return redis.Redis.from_url(url, decode_responses=False, socket_timeout=30)


def crawler_redis(crawler):
    """The cluster's Redis for a component; the component is off outside distributed mode."""
    url = crawler.settings.get("NOVADI_REDIS_URL")
    if not url:
        raise NotConfigured
    return redis_client(url)


class CanonicalDupeFilter(RFPDupeFilter):
    """scrapy-redis's shared filter, keyed on novadi's canonical URL: a page linked
    with tracking or session parameters is still fetched once across the cluster."""

    def request_fingerprint(self, request):
        import hashlib

        return hashlib.sha1(f"{request.method} {canonical_url(request.url)}".encode()).hexdigest()


# -- requests in flight -------------------------------------------------------

def _fingerprint(request) -> str:
    return f"{request.method} {canonical_url(request.url)}"


class InflightDownloaderMiddleware:
    """Records each request taken from the shared queue until its output is handled."""

    def __init__(self, server, site):
        self.server, self.site = server, site

    @classmethod
    def from_crawler(cls, crawler):
        mw = cls(crawler_redis(crawler), None)
        mw.crawler = crawler
        return mw

    def process_request(self, request, spider=None):
        spider = self.crawler.spider
        if request.meta.get("dont_obey_robotstxt") and request.url.endswith("/robots.txt"):
            return None
        from scrapy_redis import picklecompat

        payload = picklecompat.dumps(request.to_dict(spider=spider))
        self.server.hset(inflight_key(spider.site_id), _fingerprint(request), payload)
        return None


class InflightSpiderMiddleware:
    """Clears a request's in-flight record once everything its response produced
    (new requests in the shared queue, items in the writer's list) is out."""

    def __init__(self, server):
        self.server = server

    @classmethod
    def from_crawler(cls, crawler):
        mw = cls(crawler_redis(crawler))
        mw.crawler = crawler
        return mw

    async def process_spider_output(self, response, result, spider=None):
        async for element in result:
            yield element
        self._done(response)

    def process_spider_exception(self, response, exception, spider=None):
        self._done(response)

    def _done(self, response):
        spider = self.crawler.spider
        self.server.hdel(inflight_key(spider.site_id), _fingerprint(response.request))


def load_known(server, site: str) -> set[str]:
    """Canonical URLs the archive already holds, as the writer publishes them."""
    return {m.decode() if isinstance(m, bytes) else m for m in server.smembers(known_key(site))}


def load_state(server, site: str):
    """The crawl state a worker plans from: the archived articles' records (their URLs,
    dates, last checks, validators, sitemap lastmods) and the known URLs, as the writer
    publishes them."""
    from archive.state import CrawlState

    state = CrawlState.from_records(json.loads(v) for v in server.hvals(articles_key(site)))
    state.known_articles |= load_known(server, site)
    return state


def publish_state(server, site: str, records: list[dict]) -> None:
    """Publish a site's article records (:func:`archive.state.article_records`) for the workers."""
    key = articles_key(site)
    pipe = server.pipeline()
    pipe.delete(key)
    for start in range(0, len(records), 500):
        chunk = records[start:start + 500]
        pipe.hset(key, mapping={r["url"]: json.dumps(r, ensure_ascii=False) for r in chunk})
    for record in records:
        if record["urls"]:
            pipe.sadd(known_key(site), *record["urls"])
    pipe.execute()


def requeue_inflight(server, spider_name: str, site: str, spider) -> int:
    """Put a dead worker's unfinished requests back in the site's queue."""
    from scrapy.utils.request import request_from_dict
    from scrapy_redis.queue import PriorityQueue
    from scrapy_redis import picklecompat

    queue = PriorityQueue(server=server, spider=spider, key=f"{PREFIX}:{spider_name}:requests",
                          serializer=picklecompat)
    entries = server.hgetall(inflight_key(site))
    for fp, payload in entries.items():
        request = request_from_dict(picklecompat.loads(payload), spider=spider)
        queue.push(request.replace(dont_filter=True))
    if entries:
        server.delete(inflight_key(site))
    return len(entries)


# -- items to the writer ---------------------------------------------------------

def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class RedisItemPipeline:
    """Pushes items to the writer's list; the single ``novadi ingest`` stores them."""

    def __init__(self, server):
        self.server = server

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler_redis(crawler))
        pipeline.crawler = crawler
        crawler.signals.connect(pipeline.opened, signal=signals.spider_opened)
        crawler.signals.connect(pipeline.closed, signal=signals.spider_closed)
        return pipeline

    def _push(self, event: dict):
        self.server.lpush(ITEMS, json.dumps(event, ensure_ascii=False, default=str))

    def opened(self, spider):
        self._push({"type": "run-start", "site": spider.site_id, "mode": spider.mode,
                    "started": now_iso(), "worker": worker_id(), "site_row": spider.site.row()})

    def process_item(self, item):
        from itemadapter import ItemAdapter

        from crawler.items import AttachmentItem

        kind = "attachment" if isinstance(item, AttachmentItem) else "item"
        data = ItemAdapter(item).asdict()
        data.pop("body", None)
        self._push({"type": kind, "item": data})
        self.crawler.stats.inc_value("novadi/pushed")
        return item

    def closed(self, spider, reason):
        stats = {k: v for k, v in self.crawler.stats.get_stats().items() if isinstance(v, (int, float))}
        ledger = getattr(spider, "ledger", None)
        if ledger is not None:
            # This worker's share of the run's teaser account; the writer merges all shares.
            self._push({"type": "teasers", "site": spider.site_id, "ledger": ledger.to_dict()})
        self._push({"type": "run-end", "site": spider.site_id, "reason": reason, "stats": stats,
                    "worker": worker_id()})
        if reason == "finished":
            # A finished crawl leaves nothing to resume: the next one starts afresh.
            spider_name = f"site-{spider.site_id}"
            self.server.delete(f"{PREFIX}:{spider_name}:requests", f"{PREFIX}:{spider_name}:dupefilter",
                               inflight_key(spider.site_id))
            self.server.srem(ACTIVE, spider.site_id)


# -- the site lease -----------------------------------------------------------------

RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('expire', KEYS[1], ARGV[2])
end
return 0
"""
RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


def acquire_lease(server, site: str, owner: str, ttl: int) -> bool:
    return bool(server.set(lease_key(site), owner, nx=True, ex=ttl))


def renew_lease(server, site: str, owner: str, ttl: int) -> bool:
    return bool(server.eval(RENEW, 1, lease_key(site), owner, ttl))


def release_lease(server, site: str, owner: str) -> bool:
    return bool(server.eval(RELEASE, 1, lease_key(site), owner))


class LeaseKeeper:
    """Renews the site's lease while the crawl runs; stops the crawl if it is lost."""

    def __init__(self, crawler, server, owner: str, ttl: int):
        self.crawler, self.server, self.owner, self.ttl = crawler, server, owner, ttl
        self.loop = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.get("NOVADI_REDIS_URL") or not settings.get("NOVADI_LEASE_OWNER"):
            raise NotConfigured
        ext = cls(crawler, redis_client(settings["NOVADI_REDIS_URL"]), settings["NOVADI_LEASE_OWNER"],
                  settings.getint("NOVADI_LEASE_TTL", 60))
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider):
        # Whatever is in flight for this site belonged to a worker that died
        # holding the lease before us: crawl it again.
        requeued = requeue_inflight(self.server, f"site-{spider.site_id}", spider.site_id, spider)
        if requeued:
            logger.info("%s: put back %d requests a previous worker left in flight", spider.site_id, requeued)
            self.crawler.stats.inc_value("novadi/requeued_inflight", requeued)
        self.loop = task.LoopingCall(self.renew, spider)
        self.loop.start(max(1, self.ttl // 3), now=True)

    def renew(self, spider):
        if not renew_lease(self.server, spider.site_id, self.owner, self.ttl):
            logger.error("lost the lease on %s; stopping this crawl", spider.site_id)
            self.crawler.stats.inc_value("novadi/lease_lost")
            from scrapy.utils.defer import deferred_from_coro

            deferred_from_coro(self.crawler.engine.close_spider_async(reason="lease-lost"))

    def closed(self, spider, reason):
        if self.loop and self.loop.running:
            self.loop.stop()
