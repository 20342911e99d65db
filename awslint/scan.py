"""One scan, top to bottom: plan -> collect -> evaluate -> suppress -> compare with the baseline -> exit code.

Each stage is a plain function over the frozen :class:`~awslint.settings.Settings` and the data the stage
before it produced; nothing is threaded through callbacks and nothing is decided twice. The CLI, the
demo, the tests and any embedding program call :func:`run_scan` and get the same :class:`Report`.

    settings = resolve(Flags(profile="prod"), registry)      # awslint.settings: every default, every file
    report = run_scan(settings, registry)                    # this module: the whole pipeline
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime

from awslint.checkapi import Check
from awslint.collector import Collector, Progress
from awslint.engine import evaluate, exit_code
from awslint.inventory import Inventory
from awslint.model import ScanError
from awslint.registry import Registry
from awslint.report import Report
from awslint.session import AwsSession
from awslint.settings import Settings
from awslint.sources.base import Source
from awslint.suppressions import suppress

log = logging.getLogger(__name__)
Notify = Callable[[str], None]


def _quiet(_: str) -> None:
    """Default for ``notify``: say nothing."""


def run_scan(settings: Settings, registry: Registry, *, aws: AwsSession | None = None,
             progress: Progress | None = None, notify: Notify = _quiet) -> Report:
    """The whole scan. ``aws`` overrides the session the settings imply (tests, embedding programs)."""
    started, clock = datetime.now(UTC), time.monotonic()
    sources = plan(settings.checks, registry.sources)
    inv, skipped = gather(settings, sources, aws=aws, progress=progress, notify=notify)
    evaluating = time.monotonic()
    results, errors = evaluate(settings.checks, inv, params=settings.params, severities=settings.severities,
                               now=settings.now, debug=settings.debug, sources=registry.sources)
    log.info("evaluated %d checks on %d account(s) and %d region(s) in %.2fs: %d results", len(settings.checks),
             len(inv.accounts), len(inv.regions), time.monotonic() - evaluating, len(results))
    errors = [*(ScanError(f"region {r} is not enabled for this account; skipped", region=r, kind="region-disabled")
                for r in skipped),
              *(ScanError(str(problem), kind="plugin") for problem in registry.problems),
              *errors]
    report = Report(scan=scan_facts(settings, inv, skipped, started, clock), results=results, errors=errors,
                    checks=list(settings.checks), fail_on=settings.fail_on)
    suppress(report, settings.suppressions, settings.today)
    report.notes.extend(settings.notes)
    if settings.baseline is not None:
        settings.baseline.apply(report, settings.global_checks)
    report.exit_code = exit_code(report.results, settings.fail_on, allow_incomplete=settings.allow_incomplete,
                                 incomplete=bool(skipped) or bool(registry.problems))
    return report


def plan(checks: Iterable[Check], known: Mapping[str, Source]) -> list[Source]:
    """The union of the sources the selected checks need, each once: nothing else is fetched."""
    return [known[key] for key in sorted({key for c in checks for key in c.needs})]


def gather(settings: Settings, sources: list[Source], *, aws: AwsSession | None = None,
           progress: Progress | None = None, notify: Notify = _quiet) -> tuple[Inventory, list[str]]:
    """The inventory the checks will read, and the requested regions skipped because they are not enabled.

    A ``--from`` inventory was read when the settings were resolved; anything else is collected now.
    """
    if settings.inventory is not None:
        return settings.inventory, []
    with account_session(settings, aws, notify) as session:
        return collect(session, sources, settings.regions, max_workers=settings.max_workers, progress=progress,
                       notify=notify, checks=len(settings.checks))


@contextmanager
def account_session(settings: Settings, aws: AwsSession | None = None, notify: Notify = _quiet) -> Iterator[AwsSession]:
    """The AWS session to collect with: the one given, the demo account built in moto, or the credentials'."""
    if aws is not None:
        yield aws
    elif settings.source == "demo":
        from awslint.demo import demo_account

        notify("building the demo account in moto")
        with demo_account() as (demo, seconds):
            notify(f"built the demo account in moto ({seconds:.1f}s)")
            yield demo
    else:
        yield AwsSession.from_profile(settings.aws_profile, endpoint_url=settings.endpoint_url)


def collect(aws: AwsSession, sources: list[Source], regions: Iterable[str] = (), *,
            max_workers: int = 16, progress: Progress | None = None, notify: Notify = _quiet,
            checks: int | None = None) -> tuple[Inventory, list[str]]:
    """Resolve the account and regions, then fetch every source once per region (global ones once).

    ``notify`` hears one line once the account and regions are known, so a long scan says what it is doing
    before it spends minutes collecting (also in CI logs, where no progress bar shows).
    """
    account = aws.account_id()
    scan_regions, disabled = aws.regions(regions)
    notify(f"scanning account {account} in {len(scan_regions)} region(s) ({', '.join(scan_regions)}) with "
           + (f"{checks} checks " if checks is not None else "") + f"reading {len(sources)} sources")
    inv = Collector(aws, max_workers=max_workers, progress=progress).collect(sources, account, scan_regions)
    log.info("collected %d sources in %.1fs with %d API calls", len(sources), inv.collect_seconds, inv.api_calls)
    return inv, disabled


def scan_facts(settings: Settings, inv: Inventory, skipped: list[str], started: datetime,
               clock: float) -> dict:
    """The report's ``scan`` section: what was scanned, how, with which bar, and what it cost."""
    facts = {
        "profile": settings.lint_profile,
        "profile_source": settings.lint_profile_source,
        "aws_profile": settings.aws_profile,
        "accounts": list(inv.accounts),
        "regions": list(inv.regions),
        "skipped_regions": list(skipped),
        "started_at": started.isoformat(),
        "finished_at": datetime.now(UTC).isoformat(),
        "duration_seconds": round(time.monotonic() - clock, 3),
        "api_calls": inv.api_calls,
        "api_calls_by_operation": inv.api_calls_by_operation,
        "checks": [c.name for c in settings.checks],
        "source": settings.source_label,
    }
    if settings.source == "demo":
        facts["demo"] = True
    return facts
