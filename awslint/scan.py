"""One scan, end to end: select checks, collect what they need, evaluate, report, exit code.

The CLI is a thin layer over :func:`run_scan`, so the demo, the tests and any embedding
program drive exactly the same path.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from awslint.checkapi import Check
from awslint.collector import Collector
from awslint.engine import evaluate, exit_code, sources_for
from awslint.inventory import Inventory
from awslint.model import ScanError, Severity
from awslint.registry import Registry
from awslint.report import Report
from awslint.session import AwsSession


@dataclass
class ScanOptions:
    """Everything that shapes a scan, after the lint profile and the flags are merged."""

    aws_profile: str | None = None
    lint_profile: str | None = None
    lint_profile_source: str | None = None
    regions: list[str] = field(default_factory=list)
    endpoint_url: str | None = None
    checks: list[str] = field(default_factory=list)
    skip_checks: list[str] = field(default_factory=list)
    min_severity: str | None = None
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    severities: Mapping[str, str] = field(default_factory=dict)
    fail_on: str = "low"
    allow_incomplete: bool = False
    from_inventory: Path | None = None
    now: datetime | None = None
    source_label: str = "live"
    max_workers: int = 16
    debug: bool = False
    #: hooks applied to results before the exit code (suppressions, baseline); each mutates in place
    post_processors: list[Callable[[Report], None]] = field(default_factory=list)


def select_checks(registry: Registry, include: Iterable[str] = (), skip: Iterable[str] = (),
                  min_severity: str | None = None, severities: Mapping[str, str] | None = None) -> list[Check]:
    """Checks to run: ``include`` (default all), minus ``skip``, at or above ``min_severity``.

    Severity filtering uses the effective severity (after profile overrides), so raising a
    check's severity in a profile can bring it over the bar.
    """
    include = list(include)
    chosen = registry.resolve(include, "--check") if include else registry.all()
    skipped = {c.id for c in registry.resolve(skip, "--skip-check")}
    chosen = [c for c in chosen if c.id not in skipped]
    if min_severity:
        severities = severities or {}
        bar = Severity(min_severity).rank
        chosen = [c for c in chosen
                  if Severity(severities.get(c.id) or severities.get(c.name) or c.severity).rank >= bar]
    return chosen


def collect_inventory(registry: Registry, checks: list[Check], aws: AwsSession, regions: list[str],
                      progress=None, max_workers: int = 16,
                      notify: Callable[[str], None] | None = None) -> tuple[Inventory, str, list[str], list[str]]:
    """Resolve account and regions, then fetch the sources the checks need.

    ``notify`` receives one line once the account and regions are known, so a long scan says
    what it is doing before it spends minutes collecting (also in CI logs, where no progress bar shows).
    """
    account = aws.account_id()
    scan_regions, disabled = aws.regions(regions)
    sources = sources_for(checks, registry.sources)
    if notify:
        notify(f"scanning account {account} in {len(scan_regions)} region(s) ({', '.join(scan_regions)}) with "
               f"{len(checks)} checks reading {len(sources)} sources")
    collector = Collector(aws, max_workers=max_workers, progress=progress)
    inv = collector.collect(sources, account, scan_regions)
    return inv, account, scan_regions, disabled


def run_scan(registry: Registry, options: ScanOptions, *, aws: AwsSession | None = None,
             progress=None, notify: Callable[[str], None] | None = None) -> Report:
    started = datetime.now(UTC)
    clock = time.monotonic()
    checks = select_checks(registry, options.checks, options.skip_checks, options.min_severity, options.severities)
    errors: list[ScanError] = []
    disabled: list[str] = []
    if options.from_inventory:
        inv = Inventory.loads(Path(options.from_inventory).read_text(encoding="utf-8"))
        if options.regions:
            inv.regions = [r for r in inv.regions if r in options.regions]
    else:
        aws = aws or AwsSession.from_profile(options.aws_profile, endpoint_url=options.endpoint_url)
        inv, _, _, disabled = collect_inventory(registry, checks, aws, options.regions, progress, notify=notify,
                                                max_workers=options.max_workers)
        for region in disabled:
            errors.append(ScanError(f"region {region} is not enabled for this account; skipped",
                                    region=region, kind="region-disabled"))
    for problem in registry.problems:
        errors.append(ScanError(str(problem), kind="plugin"))
    results, eval_errors = evaluate(checks, inv, params=options.params, severities=options.severities,
                                    now=options.now, debug=options.debug, sources=registry.sources)
    errors.extend(eval_errors)
    finished = datetime.now(UTC)
    scan = {
        "profile": options.lint_profile,
        "profile_source": options.lint_profile_source,
        # demo and saved inventories use no credentials; live and --endpoint-url scans do
        "aws_profile": None if options.source_label == "demo" or options.from_inventory else options.aws_profile,
        "accounts": list(inv.accounts),
        "regions": list(inv.regions),
        "skipped_regions": disabled,
        "started_at": started.isoformat(),
        "finished_at": finished.isoformat(),
        "duration_seconds": round(time.monotonic() - clock, 3),
        "api_calls": inv.api_calls,
        "api_calls_by_operation": inv.api_calls_by_operation,
        "checks": [c.name for c in checks],
        "source": options.source_label,
    }
    report = Report(scan=scan, results=results, errors=errors, checks=checks, fail_on=options.fail_on)
    for post in options.post_processors:
        post(report)
    incomplete = bool(disabled) or bool(registry.problems)
    report.exit_code = exit_code(report.results, options.fail_on, allow_incomplete=options.allow_incomplete,
                                 incomplete=incomplete)
    return report
