"""Settings: flags + lint profile + registry, resolved once into one frozen value that a scan runs on.

Every default is written here and nowhere else, every input file is read here once, and every mistake
the user can make (an unknown check, a bad profile, a ``--from`` file that is not an inventory, two
flags that each say where resources come from) is a :class:`~awslint.errors.UsageError` raised here,
before any AWS call. What comes out is a :class:`Settings` the scan pipeline
(:func:`awslint.scan.run_scan`) reads without deciding anything again: the checks chosen, each one's
effective severity and parameters, the regions, the gate, suppressions and baseline.

Precedence, for each setting: the command-line flag, then the lint profile (and what it extends), then
the default below. ``--check`` replaces the profile's selection; ``--skip-check`` removes checks on top
of it; ``--region`` and ``--fail-on`` replace the profile's; ``--aws-profile`` beats everything.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from awslint import lint_profiles
from awslint.baseline import Baseline, global_check_ids
from awslint.checkapi import Check
from awslint.errors import UsageError
from awslint.inventory import Inventory
from awslint.model import DEFAULT_FAIL_ON, Severity
from awslint.organizations import Account, AccountRule, AccountSelection, parse_selection
from awslint.registry import Registry, SelectionError
from awslint.suppressions import Suppression

#: Concurrent API calls per account (source x region tasks, and per-item reads on a pool of the same size).
DEFAULT_MAX_WORKERS = 16


class InventoryError(UsageError):
    """A ``--from`` file that is not an awslint inventory, or lacks a region asked for."""


@dataclass(frozen=True)
class Flags:
    """What was asked for (the command line, or an embedding program), before anything is resolved.

    ``None`` or empty means "not given": the lint profile, then the default, decides.
    """

    profile: str | None = None
    aws_profile: str | None = None
    regions: Sequence[str] = ()
    endpoint_url: str | None = None
    checks: Sequence[str] = ()
    skip_checks: Sequence[str] = ()
    min_severity: str | None = None
    fail_on: str | None = None
    allow_incomplete: bool = False
    baseline: str | Path | None = None
    from_inventory: str | Path | None = None
    demo: bool = False
    debug: bool = False
    now: datetime | None = None
    max_workers: int = DEFAULT_MAX_WORKERS
    #: organisation scan: --org, --ou, --account (ids or @FILE), --exclude-account, --shard K/N, the role to assume
    org: bool = False
    ous: Sequence[str] = ()
    accounts: Sequence[str] = ()
    exclude_accounts: Sequence[str] = ()
    shard: str | None = None
    role_name: str | None = None
    external_id: str | None = None
    accounts_in_flight: int | None = None
    #: where lint profiles are looked up (``./.awslint/profiles`` and ``~/.config/awslint/profiles``)
    cwd: str | Path | None = None
    home: str | Path | None = None


@dataclass(frozen=True)
class Settings:
    """Everything a scan runs on, resolved: nothing in here is a default waiting to be applied."""

    checks: tuple[Check, ...]
    severities: Mapping[str, Severity]  # check id -> effective severity, for every chosen check
    params: Mapping[str, Mapping[str, Any]]  # check id -> effective parameters (declared defaults + profile)
    regions: tuple[str, ...]  # empty: every region enabled for the account
    fail_on: str
    source: str = "live"  # live | endpoint | demo | inventory: where the resources come from
    lint_profile: str | None = None
    lint_profile_source: str | None = None
    aws_profile: str | None = None  # None: the default credential chain
    endpoint_url: str | None = None
    allow_incomplete: bool = False
    suppressions: tuple[Suppression, ...] = ()
    baseline: Baseline | None = None
    #: ids of the chosen checks that read only global sources (they run once per account)
    global_checks: frozenset[str] = frozenset()
    inventory: Inventory | None = field(default=None, compare=False)  # the --from file, parsed once
    inventory_path: str | None = None
    notes: tuple[str, ...] = ()  # said in the report (e.g. "no lint profile named X")
    now: datetime | None = None  # the scan clock (tests freeze it); None: the real time
    debug: bool = False
    max_workers: int = DEFAULT_MAX_WORKERS
    #: several accounts (--org, --ou, --account); None: the account of the credentials alone
    accounts: AccountSelection | None = None
    #: the lint profile's ``accounts:`` rules, each with the Settings of the profile it names (first match wins)
    account_profiles: tuple[tuple[AccountRule, Settings], ...] = ()

    def for_account(self, account: Account) -> Settings:
        """The settings that judge ``account``: those of the first ``accounts:`` rule it matches, else these."""
        return next((settings for rule, settings in self.account_profiles if rule.matches(account)), self)

    @property
    def source_label(self) -> str:
        """How the report names where resources came from: ``live``, ``demo``, ``endpoint:URL``, ``inventory:FILE``."""
        if self.source == "endpoint":
            return f"endpoint:{self.endpoint_url}"
        if self.source == "inventory":
            return f"inventory:{self.inventory_path}"
        return self.source

    @property
    def today(self) -> date:
        """The UTC date of the scan clock: suppressions expire by it (a naive ``now`` is taken as UTC)."""
        if self.now is None:
            return datetime.now(UTC).date()
        return self.now.astimezone(UTC).date() if self.now.tzinfo is not None else self.now.date()


def resolve(flags: Flags, registry: Registry, *, map_accounts: bool = True) -> Settings:
    """Turn what was asked into :class:`Settings`, or raise a :class:`~awslint.errors.UsageError` saying why not.

    In an organisation scan, a lint profile's ``accounts:`` rules name other lint profiles: each is resolved here
    too, with the same flags (flags still beat every profile), so a bad rule fails before any AWS call.
    """
    source = _where_resources_come_from(flags)
    accounts = parse_selection(org=flags.org, ous=flags.ous, accounts=_split(flags.accounts),
                               exclude=_split(flags.exclude_accounts), shard=flags.shard, role_name=flags.role_name,
                               external_id=flags.external_id, in_flight=flags.accounts_in_flight)
    if accounts is not None and source in ("demo", "inventory"):
        raise UsageError(f"{'--demo' if source == 'demo' else '--from'} scans one account; --org/--ou/--account "
                         "select accounts to scan live (or with --endpoint-url)")
    selection = lint_profiles.resolve(flags.profile, flags.cwd, registry=registry, home=flags.home)
    profile = selection.profile

    regions = tuple(_split(flags.regions)) or tuple((profile.regions if profile else None) or ())
    inventory = None
    if source == "inventory":
        origin = "--region" if flags.regions else f"lint profile {selection.source}: regions"
        inventory = load_inventory(str(flags.from_inventory), regions, origin)
    elif source == "demo":
        from awslint.demo import demo_regions
        regions = demo_regions(regions)

    severities = {c.id: Severity(c.severity) for c in registry.all()}
    if profile is not None:
        severities.update({cid: Severity(level) for cid, level in profile.severities.items()})
    checks = _choose(registry, flags, profile, severities)

    params = {c.id: MappingProxyType({**c.default_params(), **((profile.params.get(c.id) if profile else None) or {})})
              for c in checks}
    baseline = Baseline.load(flags.baseline) if flags.baseline else None  # a bad file is exit 2, not a wasted scan
    account_profiles: list[tuple[AccountRule, Settings]] = []
    if map_accounts and accounts is not None and profile is not None:
        for index, entry in enumerate(profile.accounts):
            rule = AccountRule.from_profile(entry)
            if lint_profiles.looks_like_path(rule.profile) or not lint_profiles.Finder(flags.cwd, flags.home).candidates(
                    rule.profile):
                raise UsageError(f"lint profile {selection.source}: accounts[{index}].profile: no lint profile named "
                                 f"{rule.profile!r} (see `awslint profiles list`)")
            mapped = resolve(replace(flags, profile=rule.profile, baseline=None), registry, map_accounts=False)
            account_profiles.append((rule, replace(mapped, baseline=baseline)))
    return Settings(
        checks=tuple(checks),
        severities=MappingProxyType({c.id: severities[c.id] for c in checks}),
        params=MappingProxyType(params),
        regions=regions,
        fail_on=flags.fail_on or (profile.fail_on if profile else None) or DEFAULT_FAIL_ON,
        source=source,
        lint_profile=selection.name,
        lint_profile_source=selection.source,
        # "default" always means the default credential chain (environment, SSO, instance role), so CI with
        # OIDC environment credentials can apply any lint profile: --profile prod --aws-profile default.
        aws_profile=None if source in ("demo", "inventory") else lint_profiles.implied_aws(
            flags.aws_profile or selection.aws_profile),
        endpoint_url=flags.endpoint_url,
        allow_incomplete=flags.allow_incomplete,
        suppressions=tuple(profile.suppressions) if profile else (),
        baseline=baseline,
        global_checks=frozenset(global_check_ids(checks, registry.sources)),
        inventory=inventory,
        inventory_path=str(flags.from_inventory) if flags.from_inventory else None,
        notes=tuple(selection.notes),
        now=flags.now,
        debug=flags.debug,
        max_workers=flags.max_workers,
        accounts=accounts,
        account_profiles=tuple(account_profiles),
    )


def _split(values: Sequence[str]) -> list[str]:
    """Accept both ``--check a --check b`` and ``--check a,b`` (same for regions)."""
    return [v.strip() for value in values for v in str(value).split(",") if v.strip()]


def _check_endpoint(url: str) -> None:
    """``--endpoint-url`` must be an http(s) URL with a host; anything else would fail deep inside botocore."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError on a malformed port)
    except ValueError as exc:
        raise UsageError(f"--endpoint-url {url!r} is not a URL ({exc}); e.g. http://127.0.0.1:5000") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--endpoint-url {url!r} is not an http(s) URL with a host, e.g. http://127.0.0.1:5000")


def _where_resources_come_from(flags: Flags) -> str:
    """--demo, --from and --endpoint-url each say where resources come from: two of them is a mistake,
    not something to resolve silently (one of them would be ignored)."""
    given = [flag for flag, value in (("--demo", flags.demo), ("--from", flags.from_inventory),
                                      ("--endpoint-url", flags.endpoint_url)) if value]
    if len(given) > 1:
        raise UsageError(f"{' and '.join(given)} cannot be combined: each says where the resources come from; keep one")
    if flags.endpoint_url is not None:
        _check_endpoint(flags.endpoint_url)
    if flags.demo:
        return "demo"
    if flags.from_inventory:
        return "inventory"
    return "endpoint" if flags.endpoint_url else "live"


def _choose(registry: Registry, flags: Flags, profile: lint_profiles.ResolvedProfile | None,
            severities: Mapping[str, Severity]) -> list[Check]:
    """The checks to run: ``--check`` (else the profile's selection, else all), minus ``--skip-check``, at or
    above ``--severity`` by effective severity (so a profile raising a check's severity brings it over the bar).

    An empty selection would scan nothing and exit 0: in CI that is a silent pass, so it is a usage error.
    """
    include = _split(flags.checks)
    if include:
        chosen = registry.resolve(include, "--check")
    elif profile is not None:
        chosen = list(profile.selected)
    else:
        chosen = registry.all()
    skipped = {c.id for c in registry.resolve(_split(flags.skip_checks), "--skip-check")}
    chosen = [c for c in chosen if c.id not in skipped]
    if flags.min_severity:
        bar = Severity(flags.min_severity).rank
        chosen = [c for c in chosen if severities[c.id].rank >= bar]
    if not chosen:
        raise SelectionError("no check left to run: --check/--skip-check/--severity (and the lint profile's "
                             "selection) exclude every check; see `awslint checks list`")
    return chosen


def load_inventory(path: str, regions: Sequence[str] = (), origin: str = "--region") -> Inventory:
    """Read a ``--from`` file once. Not an inventory, or a region it does not hold, is a usage error before
    scanning (otherwise: a traceback, or a silently empty scan that exits 0). Keeps only ``regions`` if given."""
    try:
        inv = Inventory.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if isinstance(exc, json.JSONDecodeError):
            reason = f"not JSON: {exc.msg} at line {exc.lineno}"
        elif "awslint inventory" in reason:
            reason = "no \"format\": \"awslint-inventory\" field"
        raise InventoryError(f"--from {path} is not an awslint inventory ({reason}); write one with "
                             "`awslint collect --output FILE`") from None
    missing = [r for r in regions if r not in inv.regions]
    if missing:
        hint = "" if origin == "--region" else f"; pass --region {' --region '.join(inv.regions)} to scan what it holds"
        raise InventoryError(f"{origin} {', '.join(missing)}: not in the inventory {path}, which holds "
                             f"{', '.join(inv.regions) or 'no region'}" + (hint if inv.regions else ""))
    if regions:
        inv.regions = [r for r in inv.regions if r in regions]
    return inv

