"""The one generic spider: ``scrapy crawl site -a site=<id>`` (or ``-a url=<home page>``).

Sites are data: everything site-specific comes from the registry entry and its
CMS profile. The spider discovers articles through feeds, sitemaps and paginated
news listings, stays on the site, and yields one :class:`PageItem` per article
page; extraction, dedup and storage happen in the pipelines.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

import scrapy
from scrapy import signals
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy.http import Response, TextResponse
from scrapy.utils.gz import gunzip

from archive.state import CrawlState, load_state
from crawler import discovery, revisit
from crawler.discovery.pagekind import declares_article
from crawler.discovery.teasers import Teaser, TeaserLedger, prose_outside, read_teasers
from crawler.canonical import site_canonicalizer
from crawler.extraction.decode import decode_html
from crawler.guards import failure_outcome
from crawler.items import AttachmentItem, PageItem
from crawler.registry import RegistryError, adhoc_site, load_registry
from crawler.spiders.requisites import RequisitesMixin
from crawler.sitename import SiteNameVotes

logger = logging.getLogger(__name__)
RIGA = ZoneInfo("Europe/Riga")
# Statuses the article callback wants to see rather than have filtered out.
ARTICLE_STATUSES = [304, 404, 410]
# Characters of running text outside its teasers that make a page fetched as a
# listing worth judging as a possible article.
LISTING_ARTICLE_PROSE = 200


def feed_date_to_iso(value: str | None) -> str | None:
    """An RSS/Atom date as ISO 8601 in Europe/Riga, or None."""
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=RIGA)
    when = when.astimezone(RIGA)
    if (when.hour, when.minute, when.second, when.microsecond) == (0, 0, 0, 0):
        # a CMS that knows only the day pads it with midnight: the day is what it says
        return when.date().isoformat()
    return when.isoformat()


class SiteSpider(RequisitesMixin, scrapy.Spider):
    name = "site"

    def __init__(self, site: str | None = None, url: str | None = None, mode: str | None = None,
                 registry: str | None = None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not site and not url:
            raise ValueError("give a site id (-a site=<id>) or a URL (-a url=<home page>)")
        self._site_arg, self._url_arg, self._registry_arg, self._mode_arg = site, url, registry, mode

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        registry = load_registry(spider._registry_arg or settings.get("NOVADI_REGISTRY") or None)
        spider.adhoc = False
        if spider._site_arg:
            spider.site = registry.get(spider._site_arg)
        else:
            spider.site = registry.for_url(spider._url_arg)
            if spider.site is None:
                spider.site, spider.adhoc = adhoc_site(spider._url_arg, registry.profiles), True
        spider.site_id = spider.site.id
        if settings.get("NOVADI_REDIS_URL"):
            # scrapy-redis keys its shared queue and filter on the spider's name.
            spider.name = f"site-{spider.site_id}"
        spider.mode = spider._mode_arg or settings.get("NOVADI_CRAWL_MODE", "incremental")
        if spider.mode not in ("incremental", "full"):
            raise ValueError(f"mode must be incremental or full, not {spider.mode!r}")
        spider.classifier = discovery.LinkClassifier(spider.site)
        spider.canon = site_canonicalizer(spider.site)
        spider.allowed_domains = list(spider.site.all_hosts)
        spider.max_listing_pages = settings.getint("NOVADI_MAX_LISTING_PAGES", 2000)
        spider.max_depth = settings.getint("NOVADI_MAX_LISTING_DEPTH", 3)
        spider.state = spider.load_state(settings)
        spider.requested: set[str] = set()
        spider.listing_pages = 0
        spider.listed: set[str] = set()
        # Every teaser a listing shows, and what became of it (crawl_runs' coverage).
        spider.ledger = TeaserLedger()
        spider.names = SiteNameVotes()   # what a site crawled by address calls itself
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(spider.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(spider.revisit_known, signal=signals.spider_idle)
        spider.revisited = False
        # The sitemap lastmod each URL was listed with in this crawl, recorded with its
        # page whichever route fetched it, so the next crawl sees when it moves.
        spider.listed_lastmod: dict[str, str] = {}
        return spider

    def revisit_known(self):
        """A full crawl ends by revisiting the archived articles discovery did not reach
        (they fell out of the listings): conditional requests, so an unchanged one costs
        a 304, and one that answers 404 or 410 is marked gone. Each is asked for once,
        as the site last answered it: an alias (a canonical form the site may not answer,
        a shortlink) never speaks for the article."""
        if self.mode != "full" or self.revisited:
            return
        self.revisited = True
        missing = [a.url for a in self.state.articles
                   if self.canon(a.url) not in self.requested and not self.requested.intersection(a.aliases)]
        # known URLs no article record covers (a cluster whose writer has not published them yet)
        covered = {alias for a in self.state.articles for alias in a.aliases}
        missing += self.state.known_articles - covered - self.requested
        for url in sorted(missing):
            request = self.article_request(url, via="revisit")
            if request:
                self.crawler.engine.crawl(request)
        if missing:
            raise DontCloseSpider

    def revisit_requests(self):
        """An incremental crawl's revisits of archived articles that no listing needs to
        bring: the recent ones and a slice of the older ones (crawler/revisit.py)."""
        for url, reason in revisit.plan(self.state.articles, self.site.revisit):
            request = self.article_request(url, via="revisit", revisit_reason=reason)
            if request:
                yield request

    def load_state(self, settings) -> CrawlState:
        if settings.get("NOVADI_REDIS_URL"):
            # Cluster workers never open the database; the writer publishes what it holds.
            from crawler.distributed import load_state as load_published, redis_client

            return load_published(redis_client(settings["NOVADI_REDIS_URL"]), self.site_id)
        db = settings.get("NOVADI_DB")
        return load_state(db, self.site_id) if db else CrawlState()

    # -- requests ------------------------------------------------------------

    ROLES = {"parse_article": "article", "parse_listing": "listing", "parse_feed": "feed",
             "parse_sitemap": "sitemap", "parse_robots": "robots", "parse_attachment": "attachment",
             "parse_requisite": "requisite"}

    def _request(self, url, callback, *, via, priority=0, dont_filter=False, **meta):
        # The role goes into the WARC capture, so re-extraction knows which
        # captures are article pages without re-running discovery.
        meta.update(site_id=self.site_id, via=via, role=self.ROLES.get(callback.__name__, "other"))
        return scrapy.Request(url, callback=callback, errback=self.on_error, priority=priority,
                              dont_filter=dont_filter, meta=meta)

    def article_request(self, url: str, *, via: str, hints: dict | None = None, lastmod: str | None = None,
                        evidence: str = "pattern", feed_date: str | None = None, revisit_reason: str | None = None):
        """A request for an article page, or None when this crawl need not fetch it.

        An archived article is asked for again (conditionally) in a full crawl, when
        the revisit policy plans it (``revisit_reason``), or when its sitemap
        ``lastmod`` or feed date moved past what the archive recorded for it."""
        canonical = self.canon(url)
        if lastmod:
            self.listed_lastmod[canonical] = lastmod
        if canonical in self.requested:
            return None
        known = self.state.is_known(canonical)
        if canonical in self.state.done_in_interrupted_run:
            self.crawler.stats.inc_value("novadi/skipped/done_before_interrupt")
            return None
        if known:
            revisit_reason = revisit_reason or self._listed_date_moved(canonical, lastmod, feed_date)
            if self.mode == "full":
                revisit_reason = revisit_reason or "full"
            if not revisit_reason:
                self.crawler.stats.inc_value("novadi/skipped/known")
                return None
            self.crawler.stats.inc_value(f"novadi/revisit/{revisit_reason}")
        else:
            revisit_reason = None
        self.requested.add(canonical)
        headers = {}
        etag, last_modified = self.state.validators.get(canonical) or self.state.validators.get(url) or (None, None)
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        request = self._request(url, self.parse_article, via=via, priority=10,
                                hints=hints or {}, lastmod=lastmod, known=known, evidence=evidence,
                                revisit=revisit_reason, handle_httpstatus_list=ARTICLE_STATUSES)
        return request.replace(headers=headers) if headers else request

    def _listed_date_moved(self, canonical: str, lastmod: str | None, feed_date: str | None) -> str | None:
        """``lastmod`` or ``feed`` when the date a sitemap or feed lists for an archived
        URL is newer than the one recorded for it (or than its last fetch)."""
        checked = self.state.checked.get(canonical)
        if lastmod and revisit.moved(lastmod, self.state.lastmod.get(canonical), checked):
            return "lastmod"
        # A feed's date is its entry's publication (or update) date, not a lastmod:
        # it moves past the last fetch only when the entry was republished or updated.
        if feed_date and revisit.moved(feed_date, None, checked):
            return "feed"
        return None

    def listing_request(self, url: str, *, depth: int, via: str = "listing", leaf: bool = False):
        """A request for a listing page. ``leaf``: one level past the depth bound the page is
        still fetched, to be judged as a possible article (a site whose articles share its
        listings' path looks like a further listing), but nothing it links to is followed."""
        canonical = self.canon(url)
        if canonical in self.requested:
            return None
        # Trap bounds: counted as dropped, so a crawl run shows where a site's
        # listings were cut short.
        if self.listing_pages >= self.max_listing_pages:
            self._drop(url, "listing-limit", f"more than {self.max_listing_pages} listing pages")
            return None
        if depth > self.max_depth:
            if not (leaf and depth == self.max_depth + 1):
                self._drop(url, "listing-depth", f"listing nested deeper than {self.max_depth}")
                return None
            via = "beyond-depth"
        self.requested.add(canonical)
        self.listing_pages += 1
        # Not meta["depth"]: Scrapy's DepthMiddleware owns it and adds one per hop,
        # which would cut every pagination after a few pages.
        return self._request(url, self.parse_listing, via=via, listing_depth=depth)

    async def start(self):
        for request in self.start_requests_list():
            yield request

    def start_requests_list(self):
        site = self.site
        if not self.settings.getbool("ROBOTSTXT_OBEY"):
            # Scrapy fetches robots.txt itself when obeying it (see robots_parsed);
            # otherwise fetch it once for the sitemaps it lists.
            yield self._request(site.absolute("/robots.txt"), self.parse_robots, via="robots",
                                dont_filter=True, dont_obey_robotstxt=True,
                                handle_httpstatus_list=[404, 403, 410, 500, 503])
        for feed in site.feeds:
            yield self._request(feed, self.parse_feed, via="feed", handle_httpstatus_list=[404, 410])
        for sitemap in site.sitemaps:
            yield self._request(sitemap, self.parse_sitemap, via="sitemap", handle_httpstatus_list=[404, 410])
        for url in site.start_urls:
            request = self.listing_request(url, depth=0, via="start")
            if request:
                yield request
        home = self.listing_request(site.url, depth=1, via="home")
        if home:
            home.meta["home"] = True
            yield home
        if self.mode == "incremental":
            yield from self.revisit_requests()

    # -- callbacks -----------------------------------------------------------

    def robots_parsed(self, robotparser, request=None):
        """Sitemaps listed in the robots.txt that Scrapy's middleware fetched."""
        protego = getattr(robotparser, "rp", None)
        for url in list(getattr(protego, "sitemaps", None) or []):
            url = self.site.absolute(url)
            if url not in self.site.sitemaps and self.classifier.on_site(url) and self.canon(url) not in self.requested:
                self.requested.add(self.canon(url))
                self.crawler.engine.crawl(self._request(url, self.parse_sitemap, via="sitemap",
                                                        handle_httpstatus_list=[404, 410]))

    def parse_robots(self, response: Response):
        if response.status != 200 or not isinstance(response, TextResponse):
            return
        for url in discovery.robots_sitemaps(response.text, response.url):
            if url not in self.site.sitemaps and self.classifier.on_site(url):
                yield self._request(url, self.parse_sitemap, via="sitemap", handle_httpstatus_list=[404, 410])

    def parse_feed(self, response: Response):
        if response.status != 200:
            self.crawler.stats.inc_value("novadi/feed/missing")
            logger.info("feed %s answered %s", response.url, response.status)
            return
        try:
            entries = discovery.read_feed(response.body, response.url)
        except ValueError as exc:
            self.crawler.stats.inc_value("novadi/dropped/invalid-feed")
            logger.warning("feed %s skipped: %s", response.url, exc)
            return
        self.crawler.stats.inc_value("novadi/feed/entries", len(entries))
        for entry in entries:
            if self._refused_entry(entry.url):
                continue
            hints = {"title": entry.title, "published": feed_date_to_iso(entry.published)}
            request = self.article_request(entry.url, via="feed", hints={k: v for k, v in hints.items() if v},
                                           feed_date=entry.updated or entry.published)
            if request:
                yield request

    def parse_sitemap(self, response: Response):
        if response.status != 200:
            self.crawler.stats.inc_value("novadi/sitemap/missing")
            return
        body = response.body
        if body[:2] == b"\x1f\x8b":
            try:
                body = gunzip(body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
            except Exception as exc:  # truncated or oversized archives
                self.crawler.stats.inc_value("novadi/dropped/invalid-sitemap")
                logger.warning("sitemap %s skipped: %s", response.url, exc)
                return
        try:
            doc = discovery.read_sitemap(body)
        except ValueError as exc:
            self.crawler.stats.inc_value("novadi/dropped/invalid-sitemap")
            logger.warning("sitemap %s skipped: %s", response.url, exc)
            return
        informative = revisit.lastmods_informative(lastmod for _, lastmod in doc.entries)
        if not informative:
            self.crawler.stats.inc_value("novadi/sitemap/lastmod_generated")
            logger.info("sitemap %s: every lastmod is the moment it was generated; not used to revisit", response.url)
        for loc, lastmod in doc.entries:
            lastmod = lastmod if informative else None
            if self._refused_entry(loc):
                continue
            if doc.kind == "sitemapindex":
                if self.canon(loc) not in self.requested:
                    self.requested.add(self.canon(loc))
                    yield self._request(loc, self.parse_sitemap, via="sitemap", handle_httpstatus_list=[404, 410])
            elif self.classifier.is_article(loc):
                request = self.article_request(loc, via="sitemap", lastmod=lastmod,
                                               evidence=self.classifier.article_evidence(loc) or "guess")
                if request:
                    yield request
            elif not self.classifier.site.article:
                # A site nobody has described: its sitemap names pages, not their kinds
                # (/jaunumi/?id=3391 has a listing's path, /ru/4823 no slug). Each page is
                # fetched and its content decides, so the sitemap stays a complete route.
                request = self.article_request(loc, via="sitemap", lastmod=lastmod, evidence="guess")
                if request:
                    yield request

    def parse_listing(self, response: Response):
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("novadi/listing/not_text")
            return
        if response.meta.get("home"):
            for feed in discovery.feed_links(response.text, response.url):
                if feed not in self.site.feeds and self.classifier.on_site(feed):
                    yield self._request(feed, self.parse_feed, via="feed", handle_httpstatus_list=[404, 410])
        yield from self.read_as_listing(response.text, response.url, response.meta, response=response)

    def read_as_listing(self, text: str, url: str, meta: dict, *, response: Response | None = None):
        """Requests for what a listing page links to, and (given the ``response``) the page
        itself when it may be an article: its content decides, in the extraction pipeline."""
        doc = discovery.parse_page(text)
        anchors = []
        links = discovery.page_links(text, url, doc, anchors)  # parsed once for all uses
        listing = discovery.read_listing(text, url, self.classifier, links, anchors)
        self._count_trap_links(links)
        if self.adhoc:
            self.names.add(text)
        depth = meta.get("listing_depth", 0)
        if meta.get("home"):
            for home in discovery.language_homes(text, url, self.classifier, links):
                request = self.listing_request(home, depth=1, via="home")
                if request:
                    request.meta["home"] = True
                    yield request
        # Links matching the site's article pattern are articles; the rest are guesses
        # that must prove themselves with a publication date.
        candidates = [(l, self.classifier.article_evidence(l.url) or "guess") for l in listing.articles]
        candidates += [(l, "guess") for l in listing.guessed]
        headlines = {self.canon(l.url) for l in listing.headlines}
        blocks = []
        teasers = self._note_teasers(anchors, url, candidates, links, [l.url for l in listing.headlines], blocks)
        new = 0
        for link, link_evidence in candidates:
            canonical = self.canon(link.url)
            teaser = teasers.get(link.url)
            hints = {"teaser_date": teaser.date, "teaser_title": teaser.title} if teaser and teaser.date else None
            request = self.article_request(link.url, via="listing", evidence=link_evidence, hints=hints)
            if request:
                yield request
            # News to the archive, and not a repeat from another listing page (a
            # "latest news" sidebar shows the same few links on every page).
            if not self.state.is_known(canonical) and canonical not in self.listed:
                new += 1
            self.listed.add(canonical)
        for canonical in headlines - self.listed:
            new += not self.state.is_known(canonical)
            self.listed.add(canonical)
        self.crawler.stats.inc_value("novadi/listing/pages")
        logger.debug("listing %s: %d article links, %d new to the archive", url, len(candidates), new)
        if response is not None and not meta.get("home") and doc is not None \
                and (meta.get("via") in ("headline", "beyond-depth") or declares_article(text)
                     or prose_outside(doc, blocks) >= LISTING_ARTICLE_PROSE):
            # Fetched as a listing, but it has running text of its own, outside its
            # teasers, or a listing's headline led here: it could be one article (a site
            # where articles and listings share a path, a short article whose paragraphs
            # are all brief). The extraction pipeline judges its content.
            self.crawler.stats.inc_value("novadi/listing/judged")
            yield from self.parse_article(response, fetched_as="listing")
        # Incremental crawls stop paginating at a page holding only known articles,
        # unless this site never finished a crawl (then the archive is incomplete).
        stop = (self.mode == "incremental" and (candidates or headlines) and new == 0
                and self.state.known_articles and self.state.resumed_from is None)
        # A page reached through a pager that brings no link its predecessor did not
        # have is the end of an endless pagination (empty pages, or the last page
        # repeated for any page number): do not page on from it.
        links = frozenset(self.canon(link.url) for link, _ in candidates) | headlines
        previous = meta.get("pager_links")
        if not stop and previous is not None and links <= previous:
            stop = True
            self._drop(url, "pagination-exhausted", "a listing page with nothing new")
        elif stop:
            self.crawler.stats.inc_value("novadi/listing/stopped_at_known")
        if not stop:
            for next_url in discovery.next_pages(listing.next_pages, url, self.classifier):
                request = self.listing_request(next_url, depth=depth)
                if request:
                    request.meta["pager_links"] = links
                    yield request
        for other in listing.listings:
            # (the shape is looked at only where the bound is reached)
            leaf = depth + 1 > self.max_depth and self._may_be_article(other, url)
            request = self.listing_request(other, depth=depth + 1, leaf=leaf)
            if request:
                yield request
        for link in listing.headlines:
            # Not a deeper listing: a headline, maybe an article (its content decides).
            if self.mode == "incremental" and self.state.is_known(self.canon(link.url)):
                continue   # already an article in the archive
            request = self.listing_request(link.url, depth=depth, via="headline")
            if request:
                yield request

    def _may_be_article(self, link: str, listing: str) -> bool:
        """Whether a link read as a further listing has the shape of an article on a site
        whose articles share their listings' address: the listing's own path with another
        query (``?id=4356``), or a query naming one item by number (not a page, not a year)."""
        try:
            a, b = urlsplit(link), urlsplit(listing)
        except ValueError:
            return False
        if not a.query:
            return False
        if a.path == b.path and a.netloc == b.netloc:
            return True
        for key, value in parse_qsl(a.query):
            if key.lower() not in self.classifier.pagination and value.isdigit() and len(value) >= 2 \
                    and not (len(value) == 4 and value[:2] in ("19", "20")):
                return True
        return False

    def follow_as_listing(self, text: str, url: str) -> int:
        """Schedule what a page fetched as an article links to, when its content shows it
        is a listing (called by the extraction pipeline); returns the requests made."""
        count = 0
        for request in self.read_as_listing(text, url, {"listing_depth": 1}):
            self.crawler.engine.crawl(request)
            count += 1
        return count

    def _note_teasers(self, anchors, url, candidates, links, listings, blocks) -> dict:
        """Record the listing's teasers in the ledger; returns them by URL, their
        elements in ``blocks``."""
        teasers = {}
        for teaser in read_teasers(anchors, url, [l.url for l, _ in candidates], listings, blocks=blocks):
            canonical = self.canon(teaser.url) if teaser.url else None
            self.ledger.seen(canonical, teaser)
            if teaser.url:
                teasers[teaser.url] = teaser
        # Article links the crawl may not follow (a denied path, a trap bound): still
        # teasers, dropped with that reason. Links to other hosts are not this site's.
        for link in links:
            reason = self.classifier.denied(link.url)
            if reason and reason != "offsite" and discovery.looks_like_article(link.url):
                canonical = self.canon(link.url)
                self.ledger.seen(canonical, Teaser(link.url, link.text, None, url))
                self.ledger.dropped(canonical, reason)
        return teasers

    def declared_canonical(self, response: Response) -> str | None:
        if not isinstance(response, TextResponse):
            return None
        target = discovery.declared_canonical(response.text, response.url, self.classifier)
        return self.canon(target) if target else None

    def parse_article(self, response: Response, fetched_as: str = "article"):
        meta = response.meta
        if meta.get("warc_error"):
            # No raw capture, no article: an archive keeps nothing it cannot prove.
            if fetched_as == "article":
                self._drop(response.url, "no-capture")
            return
        # A CMS that answers under several URLs (Joomla's SEF and index.php?option=…)
        # names the one it prefers; the others become aliases.
        canonical = (self.declared_canonical(response) if response.status == 200 else None) or self.canon(response.url)
        item = PageItem(
            site=self.site_id,
            url=response.url,
            canonical=canonical,
            status=response.status,
            fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            content_type=response.headers.get("Content-Type", b"").decode("latin-1"),
            etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"),
            via=meta.get("via", ""),
            hints=meta.get("hints") or {},
            warc=meta.get("warc"),
            requested_url=self.canon(response.request.url if response.request else response.url),
        )
        if meta.get("lastmod"):
            item.hints["lastmod"] = meta["lastmod"]
        elif self.listed_lastmod.get(item.requested_url):
            # Fetched by another route: recorded with the page, never a date for the article.
            item.hints["listed_lastmod"] = self.listed_lastmod[item.requested_url]
        if meta.get("revisit"):
            item.hints["revisit"] = meta["revisit"]
        if meta.get("evidence") == "guess":
            item.hints["needs_date"] = True
        if fetched_as != "article":
            item.hints["fetched_as"] = fetched_as
        if response.status in (404, 410):
            self.ledger.dropped(item.requested_url, "gone")
        if response.status == 200:
            if not isinstance(response, TextResponse):
                self._drop(response.url, "not-text", f"not a text document ({item.content_type})")
                return
            if canonical != item.requested_url and self.classifier.denied(response.url):
                # Redirected off the site or into a denied area: not ours to keep.
                self._drop(item.requested_url, "redirected-away", response.url)
                return
            if self.adhoc and fetched_as == "article":
                self.names.add(response.text)
            # The page's own bytes, decoded as re-extraction from WARC decodes them:
            # Scrapy trusts a charset header that legacy Baltic pages often get wrong.
            item.html = decode_html(response.body, item.content_type)
        yield item

    def parse_attachment(self, response: Response):
        meta = response.meta
        if meta.get("warc_error"):
            self.crawler.stats.inc_value("novadi/dropped/no-capture")
            return
        yield AttachmentItem(
            site=self.site_id, article=meta["article"], url=meta.get("attachment_url", response.url), status=response.status,
            fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            link_text=meta.get("link_text"),
            content_type=response.headers.get("Content-Type", b"").decode("latin-1"),
            size=len(response.body), body=response.body if response.status == 200 else b"",
            warc=meta.get("warc"))

    def on_error(self, failure):
        request = failure.request
        kind, reason = failure_outcome(failure)
        if kind == "dropped":
            self._drop(request.url, reason, failure.getErrorMessage())
            return
        self.ledger.dropped(self.canon(request.url), f"error:{reason}")
        self.crawler.stats.inc_value("novadi/errors")
        self.crawler.stats.inc_value(f"novadi/errors/{reason}")
        logger.warning("%s failed (%s): %s", request.url, reason, failure.getErrorMessage() or "no detail")

    def _drop(self, url: str, reason: str, detail: str = "") -> None:
        """Count and log a page the crawl refused, with its reason."""
        self.crawler.stats.inc_value(f"novadi/dropped/{reason}")
        self.ledger.dropped(self.canon(url), reason)
        logger.info("dropped %s (%s)%s", url[:300], reason, f": {detail[:300]}" if detail else "")

    def item_dropped(self, item, response=None, exception=None, spider=None):
        """A pipeline dropped a page: the teaser ledger learns why (``hints["dropped"]``)."""
        if not isinstance(item, PageItem):
            return
        reason = (item.hints or {}).get("dropped")
        if reason:
            for url in {item.canonical, item.requested_url} - {""}:
                self.ledger.dropped(url, reason)

    TRAP_REASONS = ("url-too-long", "too-many-params")

    def _refused_entry(self, url: str) -> bool:
        """Whether a feed or sitemap entry must not be fetched; offsite and trap URLs are counted."""
        reason = self.classifier.denied(url)
        if reason in ("offsite", *self.TRAP_REASONS) and self.canon(url) not in self.requested:
            self.requested.add(self.canon(url))
            self._drop(url, reason)
        return reason is not None

    def _count_trap_links(self, links) -> None:
        """Count links a listing offers that the trap bounds refuse (read_listing skips them)."""
        for link in links:
            if self.canon(link.url) in self.requested:
                continue
            reason = self.classifier.denied(link.url)
            if reason in self.TRAP_REASONS:
                self.requested.add(self.canon(link.url))  # counted once per crawl
                self._drop(link.url, reason)


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
