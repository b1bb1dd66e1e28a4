"""Scrapy settings for novadi. Every one can be overridden with ``-s NAME=VALUE``.

novadi's own settings are prefixed ``NOVADI_`` and documented here, where they are defined.
"""
import os

BOT_NAME = "novadi"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Who runs this crawler and how to reach them: site owners see it in their logs.
NOVADI_CONTACT = os.environ.get("NOVADI_CONTACT", "novadi-archive@example.org")
USER_AGENT = f"novadi/0.1 (+https://github.com/novadi-archive/novadi; archive crawler; contact: {NOVADI_CONTACT})"

# Politeness: robots.txt, one request at a time per site, a delay that AutoThrottle
# raises when the site slows down.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 2.0
DOWNLOAD_DELAY_JITTER = 0.5  # the delay varies ±50%, as sites' rate limiters expect of people
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 10
# A refresh sooner than this is a redirect ("0;url=…", "you will be moved in 5 seconds");
# a later one is a page reloading itself or pointing on while it is read: the page is
# kept and the refresh is not followed (Scrapy's default, 100 s, would follow both).
METAREFRESH_MAXDELAY = 10
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
# The item pipelines are synchronous CPU work, so handling a response's output in
# parallel gains nothing, while Scrapy starts one asyncio task per allowed parallel
# item (100 by default) for every callback's output.
CONCURRENT_ITEMS = 4
# Scrapy re-reads and parses a generator callback's source on every response to warn
# about "return value" in generators (its cache is keyed on the bound method, made
# anew each time); the spider's callbacks are checked by its tests instead.
WARN_ON_GENERATOR_RETURN_VALUE = False
LOG_LEVEL = os.environ.get("NOVADI_LOG_LEVEL", "INFO")

# Retries wait base * 2**attempt seconds, or what Retry-After asks, up to the cap.
NOVADI_RETRY_BACKOFF_BASE = 2.0
NOVADI_RETRY_AFTER_MAX = 600.0

# Giving up on a page is counted once, as an error of the crawl run, by the
# spider's errback; Scrapy's own line about it need not be an ERROR as well.
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"
# A page the pipelines refuse (not an article, empty) is a counted outcome of the
# run (crawl_runs.dropped), not a warning.
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"
# robots.txt that answers 5xx or not at all: "disallow" (RFC 9309: the site is not
# crawled in this run) or "allow" (crawl as if it had no rules). See crawler/guards.py.
NOVADI_ROBOTS_UNREACHABLE = "disallow"

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    # crawler/guards.py: robots.txt read as RFC 9309 says; redirects checked before
    # they are followed (600 follows them); binary files refused after
    # decompression (590 decompresses).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.guards.RobotsPolicy": 100,
    "crawler.guards.RedirectGuard": 610,
    "crawler.guards.ContentGuard": 585,
}

EXTENSIONS = {
    "crawler.warc.WarcCapture": 100,
    "crawler.requisite_capture.RequisiteCapture": 101,
    "crawler.progress.Progress": 200,
}
# Progress lines every this many seconds, only on a terminal (or when NOVADI_PROGRESS is set).
NOVADI_PROGRESS_INTERVAL = 10.0
NOVADI_PROGRESS = False

ITEM_PIPELINES = {
    "pipelines.requisites.RequisiteLinksPipeline": 90,
    "pipelines.extract.ExtractPipeline": 100,
    "pipelines.attachments.AttachmentTextPipeline": 110,
    "pipelines.attachments.AttachmentFetchPipeline": 150,
    "pipelines.requisites.RequisiteFetchPipeline": 160,
    "pipelines.dedup.DedupPipeline": 200,
    "pipelines.store.StorePipeline": 300,
}
# Documents (PDF, DOC(X), ODT, …) linked from article bodies are fetched up to this size.
NOVADI_ATTACHMENTS_ENABLED = True
NOVADI_ATTACHMENT_MAXSIZE = 25 * 1024 * 1024
# Page requisites (pipelines/requisites.py): each stored article's stylesheets, the
# fonts and images they name, and the images in its body, from the site's own hosts.
# Off per site with `requisites = false` in the registry.
NOVADI_REQUISITES_ENABLED = True
NOVADI_REQUISITE_MAXSIZE = 5 * 1024 * 1024    # bytes per file; larger ones are skipped
NOVADI_REQUISITES_PER_PAGE = 60               # files a page may ask for
NOVADI_REQUISITES_PER_RUN = 20000             # distinct files a crawl run may fetch
NOVADI_REQUISITE_DEPTH = 3                    # @import chains followed this deep
NOVADI_REQUISITE_DEDUP = True                 # a payload already archived becomes a revisit record

# The archive database (SQLite). The store pipeline is its only writer.
NOVADI_DB = os.environ.get("NOVADI_DB", "data/novadi.db")
# Raw captures: every response is written to gzip-per-record WARC files here.
NOVADI_WARC_DIR = os.environ.get("NOVADI_WARC_DIR", "")  # default: <db dir>/warc
NOVADI_WARC_ENABLED = True
NOVADI_WARC_MAX_SIZE = 1024 * 1024 * 1024
# Pages are extracted in this many worker processes (crawler/extraction/workers.py), so
# that a crawl uses more than one core; "auto" is one per core but the crawl's own (at
# most four), 0 extracts in the crawl's own process. A page whose extraction gives no
# answer in NOVADI_EXTRACT_TIMEOUT seconds is dropped, counted, and its worker replaced.
NOVADI_EXTRACT_WORKERS = "auto"
NOVADI_EXTRACT_TIMEOUT = 120.0
# Writes are grouped in transactions of this many items (or this many seconds).
NOVADI_STORE_BATCH = 50
NOVADI_STORE_BATCH_SECONDS = 5.0
# The registry file (sites.toml); empty means the bundled one.
NOVADI_REGISTRY = os.environ.get("NOVADI_REGISTRY", "")
# Bounds that keep endless listings and calendars finite.
NOVADI_MAX_LISTING_PAGES = 2000
NOVADI_MAX_LISTING_DEPTH = 3
# incremental: stop paginating after a listing page of known articles and skip
# known articles; full: walk and fetch everything.
NOVADI_CRAWL_MODE = "incremental"

# Near-duplicate clustering across sites (see docs/clustering.md for how the
# defaults were chosen); empty means the default.
NOVADI_CLUSTER_JACCARD = ""
NOVADI_CLUSTER_CONTAINMENT = ""
NOVADI_CLUSTER_WINDOW_DAYS = ""
