"""Which accounts an organisation scan covers: ``--org``, ``--ou``, ``--account``, ``--exclude-account``, ``--shard``.

The account list comes from AWS Organizations (read-only: ``ListAccounts``, ``ListAccountsForParent``,
``ListChildren``, ``ListTagsForResource``), called from the management account or a delegated
administrator. Only ACTIVE accounts are scanned; suspended or closing accounts are listed in the report
as not scanned, with their status, so nothing disappears silently. Accounts named with ``--account`` are
scanned whatever Organizations says (the caller may not be allowed to list the organisation at all).

Sharding is by a hash of the account id, so adding an account to the organisation moves no other account
to another shard, and ``--shard 1/3`` .. ``3/3`` together cover every account exactly once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import botocore.exceptions

from awslint.errors import UsageError

ACCOUNT_ID = re.compile(r"^\d{12}$")
OU_ID = re.compile(r"^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$")
SHARD = re.compile(r"^(\d+)/(\d+)$")


class AccountSelectionError(UsageError):
    """A bad ``--account``/``--ou``/``--shard`` value, or an organisation that cannot be listed."""


@dataclass(frozen=True)
class Account:
    """One account of the scan: its id, and what Organizations says about it (when it was asked)."""

    id: str
    name: str = ""
    status: str = "ACTIVE"  # ACTIVE | SUSPENDED | PENDING_CLOSURE (Organizations' Status/State)
    ou: str = ""  # the id of the OU (or root) the account sits in directly
    ou_path: tuple[str, ...] = ()  # root first: every OU id above the account, for OU-based lint profiles
    ou_names: tuple[str, ...] = ()  # the names of the same OUs (the root's is "Root")
    tags: tuple[tuple[str, str], ...] = ()

    @property
    def active(self) -> bool:
        return self.status == "ACTIVE"


@dataclass(frozen=True)
class AccountSelection:
    """What was asked for; resolved against Organizations (and the caller's account) when the scan starts."""

    org: bool = False
    ous: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    shard: tuple[int, int] | None = None  # (k, n), 1-based
    role_name: str = "awslint-readonly"
    external_id: str | None = None
    in_flight: int = 4

    @property
    def needs_organizations(self) -> bool:
        return self.org or bool(self.ous)


def parse_selection(*, org: bool = False, ous: Iterable[str] = (), accounts: Iterable[str] = (),
                    exclude: Iterable[str] = (), shard: str | None = None, role_name: str | None = None,
                    external_id: str | None = None, in_flight: int | None = None) -> AccountSelection | None:
    """Check the flags' syntax (ids, ``@FILE`` lists, ``K/N``); ``None`` when no flag asks for several accounts."""
    account_ids = tuple(dict.fromkeys(_expand(accounts, "--account")))
    excluded = tuple(dict.fromkeys(_expand(exclude, "--exclude-account")))
    ou_ids = tuple(dict.fromkeys(ous))
    for ou in ou_ids:
        if not OU_ID.match(ou):
            raise AccountSelectionError(f"--ou {ou!r} is not an OU or root id (ou-xxxx-xxxxxxxx or r-xxxx); "
                                        "`aws organizations list-organizational-units-for-parent` lists them")
    if not (org or ou_ids or account_ids):
        extras = [flag for flag, value in (("--exclude-account", excluded), ("--shard", shard),
                                           ("--role-name", role_name), ("--external-id", external_id)) if value]
        if extras:
            raise AccountSelectionError(f"{', '.join(extras)} only apply to an organisation scan: add --org, --ou "
                                        "or --account")
        return None
    if org and ou_ids:
        raise AccountSelectionError("--org already covers every OU: drop --ou, or drop --org to scan only those OUs")
    parsed_shard = None
    if shard is not None:
        match = SHARD.match(shard.strip())
        k, n = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
        if not match or not 1 <= k <= n:
            raise AccountSelectionError(f"--shard {shard!r}: write K/N with 1 <= K <= N, e.g. --shard 2/3")
        parsed_shard = (k, n)
    if external_id is not None and not 2 <= len(external_id) <= 1224:
        raise AccountSelectionError("--external-id must be 2 to 1224 characters (the sts:AssumeRole limit)")
    if in_flight is not None and in_flight < 1:
        raise AccountSelectionError("--accounts-in-flight must be at least 1")
    return AccountSelection(org=org, ous=ou_ids, accounts=account_ids, exclude=excluded, shard=parsed_shard,
                            role_name=role_name or AccountSelection.role_name, external_id=external_id,
                            in_flight=in_flight or AccountSelection.in_flight)


def _expand(values: Iterable[str], flag: str) -> list[str]:
    """``--account 111122223333``, ``--account a,b`` or ``--account @accounts.txt`` (one id per line, # comments)."""
    out: list[str] = []
    for value in values:
        for part in (p.strip() for p in str(value).split(",")):
            if not part:
                continue
            if part.startswith("@"):
                path = Path(part[1:])
                try:
                    lines = path.read_text(encoding="utf-8").splitlines()
                except (OSError, UnicodeDecodeError) as exc:
                    raise AccountSelectionError(f"{flag} {part}: cannot read {path}: "
                                                f"{getattr(exc, 'strerror', None) or exc}") from None
                ids = [line.split("#", 1)[0].strip() for line in lines]
                out += _checked([i for i in ids if i], f"{flag} {part}")
            else:
                out += _checked([part], flag)
    return out


def _checked(ids: list[str], where: str) -> list[str]:
    for account in ids:
        if not ACCOUNT_ID.match(account):
            raise AccountSelectionError(f"{where}: {account!r} is not a 12-digit AWS account id")
    return ids


def in_shard(account_id: str, shard: tuple[int, int] | None) -> bool:
    """Stable: a hash of the id, not its position in a list that changes when accounts come and go."""
    if shard is None:
        return True
    k, n = shard
    return int(hashlib.sha256(account_id.encode()).hexdigest(), 16) % n == k - 1


def resolve_accounts(selection: AccountSelection, organizations: Any | None, caller: str) -> list[Account]:
    """The accounts to scan (ACTIVE ones in the selection, sorted by id) plus those listed but not scannable.

    ``organizations`` is a boto3 Organizations client (only called for ``--org``/``--ou`` or to name accounts).
    """
    found: dict[str, Account] = {}
    if selection.needs_organizations:
        if organizations is None:
            raise AccountSelectionError("--org/--ou need AWS Organizations, which this scan cannot reach")
        try:
            if selection.org:
                found.update({a.id: a for a in _all_accounts(organizations)})
            else:
                for ou in selection.ous:
                    found.update({a.id: a for a in _accounts_under(organizations, ou, ())})
        except botocore.exceptions.ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "?")
            raise AccountSelectionError(
                f"cannot list the organisation's accounts ({code} on {exc.operation_name}): run from the management "
                "account or a delegated administrator with organizations:List* permissions, or name the accounts "
                "with --account") from None
        chosen = list(found.values())
    else:
        chosen = []
    for account_id in selection.accounts:  # explicit ids are scanned even if Organizations cannot be listed
        chosen.append(found.get(account_id) or Account(account_id))
    excluded = set(selection.exclude)
    unique = {a.id: a for a in chosen if a.id not in excluded and in_shard(a.id, selection.shard)}
    return sorted(unique.values(), key=lambda a: a.id)


def _all_accounts(client: Any) -> list[Account]:
    """Every account of the organisation, found by walking the tree from its roots so each account knows its OU
    path; ``ListAccounts`` adds any account the walk did not reach (it should reach all of them)."""
    found = {a.id: a for root in _pages(client, "list_roots", "Roots") for a in _accounts_under(client, root["Id"], ())}
    for raw in _pages(client, "list_accounts", "Accounts"):
        if raw["Id"] not in found:
            found[raw["Id"]] = _account(client, raw, "", ())
    return list(found.values())


def _accounts_under(client: Any, parent: str, path: tuple[str, ...], names: tuple[str, ...] = (),
                    name: str | None = None) -> list[Account]:
    """Accounts directly in ``parent`` and, recursively, in its child OUs (with each OU's name, for lint profiles
    that map OU names: ``ou: Sandbox``)."""
    if name is None:
        name = "Root" if parent.startswith("r-") else _ou_name(client, parent)
    here, here_names = (*path, parent), (*names, name)
    out = [_account(client, raw, parent, here, here_names)
           for raw in _pages(client, "list_accounts_for_parent", "Accounts", ParentId=parent)]
    for child in _pages(client, "list_organizational_units_for_parent", "OrganizationalUnits", ParentId=parent):
        out += _accounts_under(client, child["Id"], here, here_names, child.get("Name", ""))
    return out


def _ou_name(client: Any, ou: str) -> str:
    return str(client.describe_organizational_unit(OrganizationalUnitId=ou)["OrganizationalUnit"].get("Name", ""))


def _account(client: Any, raw: dict[str, Any], ou: str, path: tuple[str, ...],
             names: tuple[str, ...] = ()) -> Account:
    # Organizations reports State (new) and Status (deprecated since 2025); read both.
    status = str(raw.get("State") or raw.get("Status") or "ACTIVE").upper()
    tags: tuple[tuple[str, str], ...] = ()
    if status == "ACTIVE":
        tags = tuple(sorted((t["Key"], t.get("Value", "")) for t in
                            _pages(client, "list_tags_for_resource", "Tags", ResourceId=raw["Id"])))
    return Account(raw["Id"], raw.get("Name", ""), status, ou, path, names, tags)


def _pages(client: Any, operation: str, key: str, **params: Any) -> list[dict[str, Any]]:
    if client.can_paginate(operation):
        return [item for page in client.get_paginator(operation).paginate(**params) for item in page.get(key, [])]
    return list(getattr(client, operation)(**params).get(key, []))


@dataclass(frozen=True)
class AccountRule:
    """One entry of a lint profile's ``accounts:``: accounts matching it are judged by ``profile``."""

    profile: str
    accounts: tuple[str, ...] = ()
    ous: tuple[str, ...] = ()  # ids or names; an account anywhere below the OU matches
    tags: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_profile(cls, entry: dict[str, Any]) -> AccountRule:
        def many(value: Any) -> tuple[str, ...]:
            return (value,) if isinstance(value, str) else tuple(value or ())

        return cls(entry["profile"], many(entry.get("account")), many(entry.get("ou")),
                   tuple(sorted((entry.get("tag") or {}).items())))

    def matches(self, account: Account) -> bool:
        if self.accounts:
            return account.id in self.accounts
        if self.ous:
            return any(ou in account.ou_path or ou in account.ou_names for ou in self.ous)
        return bool(self.tags) and set(self.tags) <= set(account.tags)

    def describe(self) -> str:
        what = (f"account {', '.join(self.accounts)}" if self.accounts else f"OU {', '.join(self.ous)}" if self.ous
                else "tag " + ", ".join(f"{k}={v}" for k, v in self.tags))
        return f"{what} -> lint profile {self.profile}"


def describe(accounts: Sequence[Account]) -> str:
    return ", ".join(f"{a.id} ({a.name})" if a.name else a.id for a in accounts)
