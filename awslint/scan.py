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
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from awslint.checkapi import Check
from awslint.collector import Collector, Progress, describe_error
from awslint.engine import evaluate, exit_code
from awslint.inventory import Inventory
from awslint.model import SEVERITIES, Result, ScanError, Status
from awslint.organizations import Account
from awslint.registry import Registry
from awslint.report import Report
from awslint.session import AwsSession, RegionError
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
    if settings.accounts is None:
        outcomes = [scan_account(settings, registry, plan(settings.checks, registry.sources), aws=aws,
                                 progress=progress, notify=notify)]
    else:
        outcomes = scan_accounts(settings, registry, aws=aws, notify=notify)
    checks = {c.id: c for s in (settings, *(mapped for _, mapped in settings.account_profiles)) for c in s.checks}
    report = Report(scan=scan_facts(settings, outcomes, started, clock),
                    results=[r for o in outcomes for r in o.results],
                    errors=[*(ScanError(str(problem), kind="plugin") for problem in registry.problems),
                            *(e for o in outcomes for e in o.errors)],
                    checks=sorted(checks.values(), key=lambda c: c.id), fail_on=settings.fail_on)
    suppress(report, settings.suppressions, settings.today)
    report.notes.extend(settings.notes)
    if settings.baseline is not None:
        settings.baseline.apply(report, settings.global_checks)
    if settings.accounts is not None:
        report.scan["account_summaries"] = account_summaries(outcomes, report, settings)
    incomplete = any(o.incomplete for o in outcomes) or bool(registry.problems)
    # each account is gated by the fail_on of the lint profile that judged it (a dev account fails on high only)
    gates = {account: o.fail_on for o in outcomes for account in o.accounts if o.fail_on}
    codes = [exit_code([r for r in report.results if gates.get(r.account, settings.fail_on) == fail_on], fail_on,
                       allow_incomplete=settings.allow_incomplete, incomplete=incomplete)
             for fail_on in {settings.fail_on, *gates.values()}]
    report.exit_code = 1 if 1 in codes else max(codes)
    return report


@dataclass
class AccountOutcome:
    """What scanning one account gave: its results and errors, and what it cost. The inventory is not kept:
    each account is evaluated as soon as its collection ends, so memory does not grow with the account count."""

    accounts: list[str]
    name: str = ""
    status: str = "scanned"  # scanned | error (the account could not be scanned) | not-scanned (not ACTIVE)
    reason: str = ""
    results: list[Result] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    skipped_regions: list[str] = field(default_factory=list)
    api_calls_by_operation: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    profile: str | None = None  # the lint profile that judged the account
    fail_on: str | None = None

    @property
    def incomplete(self) -> bool:
        return self.status == "error" or bool(self.skipped_regions)


def scan_account(settings: Settings, registry: Registry, sources: list[Source], *, aws: AwsSession | None = None,
                 progress: Progress | None = None, notify: Notify = _quiet, max_workers: int | None = None,
                 name: str = "") -> AccountOutcome:
    """One account (or a saved inventory): collect, then evaluate; the inventory goes out of scope here."""
    clock = time.monotonic()
    inv, skipped = gather(settings, sources, aws=aws, progress=progress, notify=notify, max_workers=max_workers)
    evaluating = time.monotonic()
    results, errors = evaluate(settings.checks, inv, params=settings.params, severities=settings.severities,
                               now=settings.now, debug=settings.debug, sources=registry.sources)
    log.info("evaluated %d checks on %d account(s) and %d region(s) in %.2fs: %d results", len(settings.checks),
             len(inv.accounts), len(inv.regions), time.monotonic() - evaluating, len(results))
    account = inv.accounts[0] if len(inv.accounts) == 1 else None
    skipped_errors = [ScanError(f"region {r} is not enabled for this account; skipped", region=r, account=account,
                                kind="region-disabled") for r in skipped]
    return AccountOutcome(accounts=list(inv.accounts), name=name, results=results, errors=[*skipped_errors, *errors],
                          regions=list(inv.regions), skipped_regions=list(skipped),
                          api_calls_by_operation=dict(inv.api_calls_by_operation), seconds=time.monotonic() - clock,
                          profile=settings.lint_profile, fail_on=settings.fail_on)


#: Concurrent API calls an organisation scan allows across all accounts in flight (each account's collector
#: gets an equal share of workers for its list calls and as many for its per-item reads).
API_CALLS_IN_FLIGHT = 64


def scan_accounts(settings: Settings, registry: Registry, *, aws: AwsSession | None = None,
                  notify: Notify = _quiet) -> list[AccountOutcome]:
    """An organisation scan: the selected accounts, ``in_flight`` at a time, each through the same steps as a
    single-account scan. The credentials' own account is scanned with them; every other account through
    ``sts:AssumeRole``. An account that cannot be scanned is an ERROR for that account, and the scan goes on."""
    from awslint.organizations import describe, resolve_accounts

    selection = settings.accounts
    assert selection is not None
    with account_session(settings, aws, notify) as base:
        caller = base.account_id()
        organizations = base.client("organizations", base.home_region()) if selection.needs_organizations else None
        accounts = resolve_accounts(selection, organizations, caller)
        scannable = [a for a in accounts if a.active or a.id in selection.accounts]
        in_flight = max(1, min(selection.in_flight, len(scannable) or 1))
        workers = max(2, API_CALLS_IN_FLIGHT // (2 * in_flight))
        notify(f"organisation scan: {len(scannable)} account(s), {in_flight} at a time, through role "
               f"{selection.role_name}" + (f"; not ACTIVE, not scanned: {describe([a for a in accounts if a not in scannable])}"
                                          if len(scannable) < len(accounts) else ""))

        def one(account: Account) -> AccountOutcome:
            if account not in scannable:
                return AccountOutcome([account.id], account.name, "not-scanned",
                                      f"the account is {account.status} in AWS Organizations; not scanned")
            started = time.monotonic()
            judged_by = settings.for_account(account)
            try:
                session = base if account.id == caller else base.assume(
                    account.id, selection.role_name, external_id=selection.external_id)
                outcome = scan_account(judged_by, registry, plan(judged_by.checks, registry.sources), aws=session,
                                       max_workers=workers, name=account.name)
            except RegionError:
                raise  # a --region that does not exist is the user's mistake, not the account's
            except Exception as exc:  # denied, no such role, SCP, suspended, expired: this account only
                reason = describe_error(exc)
                log.debug("account %s could not be scanned", account.id, exc_info=True)
                return AccountOutcome([account.id], account.name, "error", reason,
                                      errors=[ScanError(f"account {account.id} could not be scanned through role "
                                                        f"{selection.role_name}: {reason}", account=account.id,
                                                        kind="account")],
                                      seconds=time.monotonic() - started, profile=judged_by.lint_profile,
                                      fail_on=judged_by.fail_on)
            if settings.account_profiles:
                for result in outcome.results:
                    result.profile = judged_by.lint_profile
            return outcome

        outcomes: list[AccountOutcome] = []
        with ThreadPoolExecutor(max_workers=in_flight, thread_name_prefix="awslint-account") as pool:
            futures = {pool.submit(one, account): account for account in accounts}
            for done, future in enumerate(as_completed(futures), 1):
                outcome = future.result()
                outcomes.append(outcome)
                account = futures[future]
                verdict = (f"{sum(r.status is Status.FAIL for r in outcome.results)} failed" if outcome.status == "scanned"
                           else outcome.status)
                notify(f"account {account.id}{f' ({account.name})' if account.name else ''}: {verdict} "
                       f"({done}/{len(accounts)})")
    return sorted(outcomes, key=lambda o: o.accounts[0] if o.accounts else "")


def account_summaries(outcomes: list[AccountOutcome], report: Report, settings: Settings) -> list[dict[str, Any]]:
    """One line per account for the report: who, which bar, what was found, what it cost."""
    failing = report.failures()
    out = []
    for o in outcomes:
        for account in o.accounts:
            mine = [r for r in failing if r.account == account]
            entry: dict[str, Any] = {
                "id": account, "name": o.name, "status": o.status, "profile": o.profile or settings.lint_profile,
                "regions": o.regions,
                "failed_by_severity": {s: sum(1 for r in mine if r.severity.value == s) for s in SEVERITIES},
                "errors": sum(1 for r in report.results if r.account == account and r.status is Status.ERROR)
                + sum(1 for e in o.errors if e.kind == "account"),
                "api_calls": sum(o.api_calls_by_operation.values()), "duration_seconds": round(o.seconds, 3),
            }
            if o.reason:
                entry["reason"] = o.reason
            out.append(entry)
    return out


def plan(checks: Iterable[Check], known: Mapping[str, Source]) -> list[Source]:
    """The union of the sources the selected checks need, each once: nothing else is fetched."""
    return [known[key] for key in sorted({key for c in checks for key in c.needs})]


def gather(settings: Settings, sources: list[Source], *, aws: AwsSession | None = None,
           progress: Progress | None = None, notify: Notify = _quiet,
           max_workers: int | None = None) -> tuple[Inventory, list[str]]:
    """The inventory the checks will read, and the requested regions skipped because they are not enabled.

    A ``--from`` inventory was read when the settings were resolved; anything else is collected now.
    """
    if settings.inventory is not None:
        return settings.inventory, []
    with account_session(settings, aws, notify) as session:
        return collect(session, sources, settings.regions, max_workers=max_workers or settings.max_workers,
                       progress=progress, notify=notify, checks=len(settings.checks))


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


def scan_facts(settings: Settings, outcomes: list[AccountOutcome], started: datetime, clock: float) -> dict:
    """The report's ``scan`` section: what was scanned, how, with which bar, and what it cost."""
    by_operation: dict[str, int] = {}
    for o in outcomes:
        for op, n in o.api_calls_by_operation.items():
            by_operation[op] = by_operation.get(op, 0) + n
    scanned = [o for o in outcomes if o.status == "scanned"]
    facts = {
        "profile": settings.lint_profile,
        "profile_source": settings.lint_profile_source,
        "aws_profile": settings.aws_profile,
        "accounts": sorted({a for o in scanned for a in o.accounts}) if settings.accounts is not None
        else [a for o in scanned for a in o.accounts],
        "regions": list(dict.fromkeys(r for o in scanned for r in o.regions)),
        "skipped_regions": list(dict.fromkeys(r for o in outcomes for r in o.skipped_regions)),
        "started_at": started.isoformat(),
        "finished_at": datetime.now(UTC).isoformat(),
        "duration_seconds": round(time.monotonic() - clock, 3),
        "api_calls": sum(by_operation.values()),
        "api_calls_by_operation": dict(sorted(by_operation.items())),
        "checks": [c.name for c in settings.checks],
        "source": settings.source_label,
    }
    if settings.source == "demo":
        facts["demo"] = True
    return facts
