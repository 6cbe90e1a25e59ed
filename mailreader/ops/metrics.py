"""Optional Prometheus metrics ([metrics] listen), fed from each cycle's report."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server

from mailreader.db.outcomes import Outcome
from mailreader.errors import ConfigError
from mailreader.ops.report import CycleReport


class Metrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        r = self.registry
        self.messages = Counter("mailreader_messages",
                                "Messages decided, by outcome and reason (mailreader.db.outcomes)",
                                ["outcome", "reason"], registry=r)
        self.failures = Counter("mailreader_failures", "Messages set aside or retried after an error",
                                registry=r)
        self.imap_errors = Counter("mailreader_imap_errors", "Cycles interrupted by IMAP", registry=r)
        self.smtp_errors = Counter("mailreader_smtp_errors", "Reply batches interrupted by SMTP",
                                   registry=r)
        self.db_errors = Counter("mailreader_db_errors", "Cycles interrupted by the database", registry=r)
        self.replies = Counter("mailreader_replies_sent", "Replies accepted by the SMTP server", registry=r)
        self.outbox_depth = Gauge("mailreader_outbox_depth", "Replies waiting to be sent", registry=r)
        self.submissions_pending = Gauge("mailreader_submissions_pending",
                                         "Submissions queued for the remote readings service", registry=r)
        self.submissions_oldest = Gauge("mailreader_submissions_oldest_age_seconds",
                                        "Age of the oldest submission queued for the remote readings "
                                        "service (0: none)", registry=r)
        self.submissions_deferred = Counter("mailreader_submissions_deferred",
                                            "Submissions the remote readings service did not take "
                                            "(down or refusing us): retried later", registry=r)
        self.cycle = Histogram("mailreader_cycle_seconds", "Duration of one poll cycle", registry=r,
                               buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900))
        self.last_success = Gauge("mailreader_last_success_timestamp_seconds",
                                  "Unix time of the last cycle without errors", registry=r)

    def serve(self, listen: str) -> None:
        host, _, port = listen.rpartition(":")
        try:
            start_http_server(int(port), addr=host.strip("[]"), registry=self.registry)
        except OSError as exc:  # the port is taken, or the address is not this machine's
            raise ConfigError("metrics.listen", f"cannot listen on {listen}: {exc.strerror}") from None

    def observe(self, report: CycleReport, seconds: float, outbox_depth: int, now_ts: float,
                submissions: tuple[int, float] = (0, 0.0)) -> None:
        """`submissions`: (queued for the remote readings service, age of the oldest in seconds)."""
        for told, n in report.told.items():
            if told.outcome in (Outcome.RETRY, Outcome.SET_ASIDE):
                self.failures.inc(n)
            self.messages.labels(outcome=told.outcome, reason=told.reason or "none").inc(n)
        self.imap_errors.inc(1 if report.imap_error else 0)
        self.smtp_errors.inc(1 if report.smtp_error else 0)
        self.db_errors.inc(1 if report.db_error else 0)
        self.replies.inc(report.replies_sent)
        self.outbox_depth.set(outbox_depth)
        self.submissions_pending.set(submissions[0])
        self.submissions_oldest.set(submissions[1])
        self.submissions_deferred.inc(report.submissions_deferred)
        self.cycle.observe(seconds)
        if report.ok:
            self.last_success.set(now_ts)
