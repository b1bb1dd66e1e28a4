"""``novadi ingest``: the cluster's single database writer.

Items wait in Redis until they are written: the writer moves a batch to a
processing list, stores it through the same :class:`ArchiveWriter` a one-machine
crawl uses, commits, and only then removes the batch. A writer that stops leaves
the batch in the processing list; the next one writes it again (storing the same
page twice changes nothing).
"""
from __future__ import annotations

import json
import logging
import time

from archive.store import ArchiveWriter
from crawler import distributed as d
from crawler.registry import build_site

logger = logging.getLogger(__name__)


class Ingester:
    def __init__(self, db, server, *, batch: int = 100):
        self.db = db
        self.server = server
        self.batch = batch
        self.writer = ArchiveWriter(db, batch=10**9, batch_seconds=10**9)
        self.runs: dict[str, int] = {}
        self.ledgers: dict = {}   # site -> TeaserLedger merged from its workers' shares

    def _run_for(self, site: str) -> int | None:
        if site not in self.runs:
            row = self.db.execute("SELECT id FROM crawl_runs WHERE site = ? AND finished IS NULL "
                                  "ORDER BY id DESC LIMIT 1", [site]).fetchone()
            if row:
                self.runs[site] = row[0]
        return self.runs.get(site)

    def handle(self, event: dict) -> None:
        kind = event.get("type")
        if kind == "item":
            item = event["item"]
            outcome = self.writer.ingest(item)
            if outcome in ("new", "alias", "changed", "unchanged"):
                self.server.sadd(d.known_key(item["site"]), item["canonical"])
        elif kind == "attachment":
            self.writer.ingest_attachment(event["item"])
        elif kind == "run-start":
            row = event["site_row"]
            self.writer.flush()
            if not self.db.execute("SELECT 1 FROM sites WHERE id = ?", [row["id"]]).fetchone():
                self.db["sites"].insert(row | {"registered_at": event["started"]})
            if self._run_for(event["site"]) is None:
                self.runs[event["site"]] = self.writer.start_run(event["site"], event.get("mode") or "incremental")
        elif kind == "teasers":
            from crawler.discovery.teasers import TeaserLedger

            self.ledgers.setdefault(event["site"], TeaserLedger()).merge(event.get("ledger") or {})
        elif kind == "run-end":
            self.writer.flush()
            run = self._run_for(event["site"])
            if run is not None and event.get("reason") in ("finished", "shutdown", "cancelled", "lease-lost"):
                if event["reason"] == "finished":
                    self.writer.finish_run(run, reason="finished", stats=event.get("stats") or {})
                    from archive import health

                    health.record(self.db, event["site"], run)
                    self._record_coverage(event, run)
                    self._publish_state(event["site"])
                    self.runs.pop(event["site"], None)
        else:
            logger.warning("unknown event %r skipped", kind)

    def _publish_state(self, site: str) -> None:
        """What the next crawl of the site plans its revisits from (workers never open
        the database): each archived article's URLs, dates, last check and validators."""
        from archive.state import article_records

        d.publish_state(self.server, site, article_records(self.db.conn, site))

    def _record_coverage(self, event: dict, run: int) -> None:
        """The run's coverage from the teaser account its workers sent, as a local crawl records it."""
        from archive import coverage

        ledger = self.ledgers.pop(event["site"], None)
        if ledger is not None:
            figures = coverage.account(self.db, event["site"], ledger)
            coverage.record(self.db, run, figures, undated=(event.get("stats") or {}).get("novadi/undated", 0))

    def drain_once(self, timeout: int = 1) -> int:
        """Write one batch; return how many events it held."""
        events = self.server.lrange(d.PROCESSING, 0, -1)
        if not events:
            first = self.server.blmove(d.ITEMS, d.PROCESSING, timeout, "RIGHT", "LEFT")
            if first is None:
                return 0
            events = [first]
            while len(events) < self.batch:
                more = self.server.lmove(d.ITEMS, d.PROCESSING, "RIGHT", "LEFT")
                if more is None:
                    break
                events.append(more)
        else:
            events = list(reversed(events))  # left-pushed: oldest last
        for raw in events:
            try:
                event = json.loads(raw)
            except ValueError:
                logger.error("undecodable event skipped: %r", raw[:200])
                continue
            self.handle(event)
        self.writer.flush()
        # Acknowledged only after the commit: a crash before this line means the
        # batch is written again by the next writer.
        self.server.delete(d.PROCESSING)
        return len(events)

    def cluster(self):
        try:
            import os

            from archive.clusters import ClusterConfig, cluster_new

            cluster_new(self.db, ClusterConfig.from_settings(os.environ))
        except ImportError:
            pass


def run_ingest(db, redis_url: str, *, exit_when_idle: bool = False, echo=print) -> int:
    server = d.redis_client(redis_url)
    ingester = Ingester(db, server)
    total, idle_since = 0, None
    while True:
        n = ingester.drain_once(timeout=1)
        total += n
        if n:
            idle_since = None
            continue
        if idle_since is None:
            idle_since = time.monotonic()
            ingester.cluster()
        if exit_when_idle and not server.llen(d.ITEMS) and not server.scard(d.ACTIVE) \
                and not server.llen(d.JOBS) and time.monotonic() - idle_since > 2:
            echo(f"ingest: {total} events written")
            return total
