"""``awslint merge``: combine the JSON reports of a split scan into one report with one exit code.

An organisation scan is split to run in parallel: ``--shard K/N`` on a CI matrix, or one Lambda per
account. Each piece writes a JSON report (``--format json=FILE``); this module turns them back into
the one :class:`~awslint.report.Report` a single scan of everything would have given, so the usual
writers (table, SARIF, markdown, ...) and the exit-code contract (``engine.exit_code``) apply to the
whole organisation, not to whichever shard finished last.

Everything here is a pure function of the parsed reports (and, for check metadata, the registry); the
command (:mod:`awslint.cli.merge`) only reads files, prints and exits. The rules, and why:

- **results** are concatenated; a result whose check id, account, region and resource
  (:attr:`Result.key`) already came from an earlier input is dropped. Overlapping shards (or a
  report given twice) would otherwise count every finding twice and a global check (run once per
  account, in every shard that scans the account) once per shard. Only duplicates *across* inputs
  are dropped: one scan's own results are never second-guessed. Suppressed flags and baseline
  states are kept as the inputs recorded them: they were decided with the lint profile and baseline
  of that scan, which the merge does not have. The merged list is ordered by check id and account
  (stable, so each check's results keep the inputs' order), which is how a single scan reads.
- **errors** are deduplicated the same way (the same error in two inputs is one error); **notes**
  are concatenated without repeats.
- **scan**: unions of accounts and regions, the earliest start, the latest finish, the wall span as
  the duration, API calls summed (every one of them was made), checks in first-seen order, and the
  common lint profile / AWS profile / source, else ``"mixed"`` (``None`` for the AWS profile: there
  is no "mixed" credential). ``account_summaries`` (per-account dicts, opaque but for ``id``) are
  concatenated by id, a later input winning. ``merged_from`` lists the input paths, so the report
  says what it was made of. Suppression and baseline sections are recomputed over the merged
  results where a per-input value would be wrong for the whole (a suppression unused in the shard
  that does not scan its account is used in the shard that does). Any other key is kept when every
  input has the same value, and dropped otherwise: a value that differs per input (``shard: 1/3``)
  describes a piece, not the whole.
- **checks**: rebuilt from the registry by id (names for checks that ran without a result). A check
  the registry does not know (a plugin not installed where the merge runs) gets a minimal entry from
  its results (id, name, severity), so SARIF still has a rule for every result; the caller is told.
- **fail_on**: ``--fail-on`` if given, else the value every input that records one agrees on, else
  ``low`` (the default, the strictest common ground) with a warning: inputs that disagree were run
  with different bars and the merge will not guess which one CI meant.
- **incomplete** (exit 3 unless ``--allow-incomplete``): any input was incomplete (exit code 3), any
  result is ERROR, or an input recorded an error of kind region-disabled, plugin or account (a region
  or account that could not be scanned at all leaves no ERROR result behind).

Every input is validated against the shipped report schema first; a file that is missing, not JSON,
SARIF or anything but an awslint JSON report is a :class:`MergeError` (exit 2, one line, nothing written).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from awslint.baseline import result_from_dict
from awslint.checkapi import Check
from awslint.engine import exit_code
from awslint.errors import UsageError
from awslint.model import DEFAULT_FAIL_ON, Result, ScanError, Status
from awslint.registry import Registry
from awslint.report import Report
from awslint.report_files import read_report

#: Error kinds that mean a whole region, plugin or account was not evaluated (no ERROR result marks them).
INCOMPLETE_KINDS = frozenset({"region-disabled", "plugin", "account"})
MIXED = "mixed"
_DROP = object()  # _common's "no common value" for keys that are then left out
#: scan keys merged by a rule of their own; any other key is kept only when all inputs agree on it.
_MERGED_KEYS = frozenset({
    "profile", "profile_source", "aws_profile", "accounts", "regions", "skipped_regions", "started_at",
    "finished_at", "duration_seconds", "api_calls", "api_calls_by_operation", "checks", "source", "demo",
    "account_summaries", "expired_suppressions", "unused_suppressions", "baseline", "merged_from",
})
#: The wording of suppressions._report_unused's note, so that a note about a suppression another input used is dropped.
_UNUSED_NOTE = "suppression matched no failing finding in this scan: "


class MergeError(UsageError, ValueError):
    """A merge input is missing, unreadable, not JSON or not an awslint JSON report (usage error, exit 2)."""


@dataclass(frozen=True)
class MergeInput:
    """One parsed, schema-valid awslint JSON report and the path it was read from."""

    path: str
    data: dict[str, Any]

    @property
    def scan(self) -> dict[str, Any]:
        return self.data.get("scan") or {}

    @property
    def summary(self) -> dict[str, Any]:
        return self.data.get("summary") or {}


@dataclass
class Merged:
    """The merged report, and what the caller should tell the user about how it was made."""

    report: Report
    duplicates: int = 0  # results present in more than one input, counted once
    unknown_checks: list[str] = field(default_factory=list)  # "ID (name)" of checks the registry lacks
    fail_on_warning: str | None = None


# -- reading ------------------------------------------------------------------------------------
def load_input(path: str | Path) -> MergeInput:
    """Read and validate one report; every way it can be wrong is a one-line :class:`MergeError`.

    The same checks and wording as :meth:`awslint.baseline.Baseline.load` (a baseline is the same kind of
    file), about a merge input.
    """
    path = Path(path)
    data = read_report(path, what="merge input", error=MergeError,
                       missing="pass the JSON reports the scans wrote (awslint scan --format json=FILE)",
                       sarif="merge reads the JSON reports, --format json=FILE")
    for key in ("started_at", "finished_at"):  # the schema says date-time, but formats are not enforced
        _when(data["scan"][key], str(path), key)
    return MergeInput(str(path), data)


def load_inputs(paths: Sequence[str | Path]) -> list[MergeInput]:
    """Every input, in the order given; none at all is a usage error (there is nothing to report)."""
    if not paths:
        raise MergeError("merge needs at least one input: the JSON reports of the scans to combine, "
                         "e.g. awslint merge shard-*.json --format table")
    return [load_input(p) for p in paths]


def _when(value: Any, path: str, key: str) -> datetime:
    try:
        stamp = datetime.fromisoformat(str(value))
    except ValueError:
        raise MergeError(f"merge input {path} is not a valid awslint JSON report: at scan/{key}: "
                         f"{value!r} is not a date-time") from None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)  # awslint writes UTC; naive means UTC


# -- merging ------------------------------------------------------------------------------------
def result_identity(r: Result) -> tuple[str, str, str, str]:
    """The same finding in two reports: check id, account, region and resource (:attr:`Result.key`)."""
    return (r.id, r.account, r.region, r.key[1])


def merge_results(inputs: Sequence[MergeInput]) -> tuple[list[Result], int]:
    """All inputs' results, each finding once; and how many duplicates were dropped."""
    seen: set[tuple[str, str, str, str]] = set()
    out: list[Result] = []
    duplicates = 0
    for item in inputs:
        mine: set[tuple[str, str, str, str]] = set()
        for entry in item.data["results"]:
            r = result_from_dict(entry)
            ident = result_identity(r)
            if ident in seen:
                duplicates += 1
                continue
            mine.add(ident)
            out.append(r)
        seen |= mine  # only across inputs: an input's own results are all kept
    out.sort(key=lambda r: (r.id, r.account))
    return out, duplicates


def _error_identity(e: ScanError) -> tuple[str | None, ...]:
    return (e.kind, e.check, e.source, e.account, e.region, e.message)


def merge_errors(inputs: Sequence[MergeInput]) -> list[ScanError]:
    """All inputs' errors; one that an earlier input already reported (a plugin problem in every shard) once."""
    seen: set[tuple[str | None, ...]] = set()
    out: list[ScanError] = []
    for item in inputs:
        mine = set()
        for entry in item.data["errors"]:
            e = ScanError(message=entry["message"], check=entry.get("check"), source=entry.get("source"),
                          region=entry.get("region"), account=entry.get("account"), kind=entry.get("kind", "error"))
            if _error_identity(e) not in seen:
                mine.add(_error_identity(e))
                out.append(e)
        seen |= mine
    return out


def merge_notes(inputs: Sequence[MergeInput]) -> list[str]:
    return list(dict.fromkeys(note for item in inputs for note in item.data.get("notes") or ()))


def _common(values: Iterable[Any], otherwise: Any) -> Any:
    distinct = list(dict.fromkeys(json.dumps(v, sort_keys=True, default=str) for v in values))
    return json.loads(distinct[0]) if len(distinct) == 1 else otherwise


def merge_scan(inputs: Sequence[MergeInput], results: Sequence[Result] = ()) -> dict[str, Any]:
    """The ``scan`` section of the whole: see the module docstring for each key's rule.

    ``results`` (the merged ones) are what the suppression and baseline sections are recomputed from.
    """
    scans = [item.scan for item in inputs]
    starts = [(_when(s["started_at"], i.path, "started_at"), s["started_at"]) for i, s in zip(inputs, scans, strict=True)]
    ends = [(_when(s["finished_at"], i.path, "finished_at"), s["finished_at"]) for i, s in zip(inputs, scans, strict=True)]
    start, end = min(starts, key=lambda x: x[0]), max(ends, key=lambda x: x[0])
    by_operation: dict[str, int] = {}
    for s in scans:
        for op, n in (s.get("api_calls_by_operation") or {}).items():
            by_operation[op] = by_operation.get(op, 0) + int(n)
    out: dict[str, Any] = {
        "profile": _common((s.get("profile") for s in scans), MIXED),
        "profile_source": _common((s.get("profile_source") for s in scans), None),
        "aws_profile": _common((s.get("aws_profile") for s in scans), None),
        "accounts": sorted({a for s in scans for a in s.get("accounts") or ()}),
        "regions": sorted({r for s in scans for r in s.get("regions") or ()}),
        "skipped_regions": sorted({r for s in scans for r in s.get("skipped_regions") or ()}),
        "started_at": start[1],
        "finished_at": end[1],
        "duration_seconds": round(max(0.0, (end[0] - start[0]).total_seconds()), 3),
        "api_calls": sum(int(s.get("api_calls") or 0) for s in scans),
        "api_calls_by_operation": dict(sorted(by_operation.items())),
        "checks": list(dict.fromkeys(c for s in scans for c in s.get("checks") or ())),
    }
    if any("source" in s for s in scans):
        out["source"] = _common((s.get("source") for s in scans if "source" in s), MIXED)
    if all(s.get("demo") for s in scans):
        out["demo"] = True
    summaries = _account_summaries(scans)
    if summaries is not None:
        out["account_summaries"] = summaries
    out.update(_suppression_sections(scans, results))
    baseline = merge_baseline(scans, results)
    if baseline is not None:
        out["baseline"] = baseline
    for key in dict.fromkeys(k for s in scans for k in s if k not in _MERGED_KEYS):
        if all(key in s for s in scans):
            value = _common((s[key] for s in scans), _DROP)
            if value is not _DROP:
                out[key] = value
    out["merged_from"] = [item.path for item in inputs]
    return out


def _account_summaries(scans: Sequence[dict[str, Any]]) -> list[Any] | None:
    """Per-account summaries by id, a later input replacing an earlier one (a re-run of one account)."""
    if not any("account_summaries" in s for s in scans):
        return None
    by_id: dict[Any, Any] = {}
    anonymous: list[Any] = []
    for s in scans:
        for entry in s.get("account_summaries") or ():
            if isinstance(entry, dict) and "id" in entry:
                by_id[json.dumps(entry["id"], default=str)] = entry
            else:
                anonymous.append(entry)
    return [*by_id.values(), *anonymous]


def _matches(suppression: dict[str, Any], r: Result) -> bool:
    """:meth:`Suppression.matches` over a report's description of a suppression (check name, resource glob)."""
    if r.status is not Status.FAIL or r.check != suppression.get("check"):
        return False
    pattern = str(suppression.get("resource", ""))
    return any(fnmatchcase(t, pattern) for t in (r.resource_arn, r.resource_id) if t)


def _suppression_key(s: dict[str, Any]) -> tuple[Any, ...]:
    return (s.get("check"), s.get("resource"), s.get("reason"), s.get("expires"), s.get("profile"))


def _suppression_sections(scans: Sequence[dict[str, Any]], results: Sequence[Result]) -> dict[str, Any]:
    """Expired suppressions with ``matched`` recounted over the merged results; unused ones that no input used.

    A suppression that matched nothing in one shard may have suppressed a finding in another (each shard
    scans other accounts): it is unused only if no merged finding carries it.
    """
    out: dict[str, Any] = {}
    expired: dict[tuple[Any, ...], dict[str, Any]] = {}
    unused: dict[tuple[Any, ...], dict[str, Any]] = {}
    for s in scans:
        for sup in s.get("expired_suppressions") or ():
            expired.setdefault(_suppression_key(sup), sup)
        for sup in s.get("unused_suppressions") or ():
            unused.setdefault(_suppression_key(sup), sup)
    if expired:
        out["expired_suppressions"] = [{**sup, "matched": sum(1 for r in results if _matches(sup, r))}
                                       for sup in expired.values()]
    still_unused = [sup for sup in unused.values()
                    if not any(r.suppressed and r.suppression_reason == sup.get("reason") and _matches(sup, r)
                               for r in results)]
    if still_unused:
        out["unused_suppressions"] = still_unused
    return out


def used_elsewhere_notes(scans: Sequence[dict[str, Any]], merged_scan: dict[str, Any]) -> set[str]:
    """Prefixes of the inputs' "matched no failing finding" notes that the merge found used after all."""
    still = {_suppression_key(s) for s in merged_scan.get("unused_suppressions") or ()}
    out = set()
    for s in scans:
        for sup in s.get("unused_suppressions") or ():
            if _suppression_key(sup) not in still:
                label = f"{sup.get('check')} on {sup.get('resource')}" + (f" ({sup['profile']})" if sup.get("profile") else "")
                out.add(f"{_UNUSED_NOTE}{label};")
    return out


def merge_baseline(scans: Sequence[dict[str, Any]], results: Sequence[Result]) -> dict[str, Any] | None:
    """``scan.baseline`` of the whole, when any input was compared with a baseline.

    new/unchanged/absent are counted from the merged results. ``failures`` counts each baseline file
    once (shards of one organisation usually share one baseline; per-account runs each have their
    own), and ``not_evaluated`` is what no input evaluated: failures - unchanged - absent.
    """
    baselines = [s["baseline"] for s in scans if isinstance(s.get("baseline"), dict)]
    if not baselines:
        return None
    failures_by_path: dict[str, int] = {}
    for b in baselines:
        failures_by_path.setdefault(str(b.get("path")), int(b.get("failures") or 0))
    failures = sum(failures_by_path.values())
    counts = {state: sum(1 for r in results if r.baseline_state == state) for state in ("new", "unchanged", "absent")}
    return {
        "path": _common((b.get("path") for b in baselines), MIXED),
        "finished_at": _common((b.get("finished_at") for b in baselines), None),
        "failures": failures,
        **counts,
        "not_evaluated": max(0, failures - counts["unchanged"] - counts["absent"]),
    }


def merge_checks(results: Sequence[Result], scan_checks: Sequence[str], registry: Registry) -> tuple[list[Check], list[str]]:
    """:class:`Check` metadata for every check that ran, from the registry; and the ones it lacks.

    A check the registry does not know but that has results gets a minimal entry (id, name, the results'
    severity) so SARIF has a rule for it and summaries count it. One with neither a registry entry nor a
    result has no id to give a rule and is left out (it is still listed in ``scan.checks``).
    """
    checks: dict[str, Check] = {}
    unknown: list[str] = []
    by_id: dict[str, Result] = {}
    for r in results:
        by_id.setdefault(r.id, r)
    for ref in [*scan_checks, *by_id]:
        known = registry.get(ref)
        if known is not None:
            checks.setdefault(known.id, known)
    for check_id, r in by_id.items():
        if check_id in checks:
            continue
        checks[check_id] = minimal_check(r)
        unknown.append(f"{check_id} ({r.check})")
    names_with_results = {r.check for r in results}
    for name in scan_checks:
        if registry.get(name) is None and name not in names_with_results:
            unknown.append(f"{name} (no result: not counted)")
    return sorted(checks.values(), key=lambda c: c.id), unknown


def minimal_check(r: Result) -> Check:
    """A stand-in for a check that is not installed here, built from one of its results."""
    return Check(
        id=r.id, name=r.check, severity=r.severity.value, needs=(), pillars=(), lesson="not known here",
        title=f"{r.check} (custom check {r.id}; not installed where the reports were merged)",
        remediation=f"See the documentation of the plugin that provides {r.id}; "
                    "merge with --checks-dir DIR or with the plugin installed to include its full metadata.",
        origin="unknown",
    )


def choose_fail_on(inputs: Sequence[MergeInput], given: str | None) -> tuple[str, str | None]:
    """``--fail-on``, else the ``summary.fail_on`` every input that records one agrees on, else the default.

    An input without ``summary.fail_on`` (optional in the schema: an older report, or a stand-in report for an
    account that could not be scanned) does not take part; inputs that disagree get the default and a warning.
    """
    if given:
        return given, None
    recorded = [(item.path, item.summary["fail_on"]) for item in inputs if item.summary.get("fail_on")]
    values = {v for _, v in recorded}
    if len(values) == 1:
        return str(values.pop()), None
    if not values:  # an older report, or a stand-in for an account that could not be scanned: no bar to follow
        return DEFAULT_FAIL_ON, None
    described = ", ".join(f"{v} in {p}" for p, v in recorded)
    return DEFAULT_FAIL_ON, (f"the inputs do not agree on --fail-on ({described}); using {DEFAULT_FAIL_ON}: "
                             "pass --fail-on to choose")


def is_incomplete(inputs: Sequence[MergeInput], results: Sequence[Result], errors: Sequence[ScanError]) -> bool:
    """Some part of the whole was not evaluated: see the module docstring."""
    return (any(item.summary.get("exit_code") == 3 for item in inputs)
            or any(r.status is Status.ERROR for r in results)
            or any(e.kind in INCOMPLETE_KINDS for e in errors))


def merge(inputs: Sequence[MergeInput], registry: Registry, *, fail_on: str | None = None,
          allow_incomplete: bool = False) -> Merged:
    """One report from several, with the exit code computed over the merged results."""
    if not inputs:
        raise MergeError("merge needs at least one input")
    results, duplicates = merge_results(inputs)
    errors = merge_errors(inputs)
    scan = merge_scan(inputs, results)
    dropped = used_elsewhere_notes([i.scan for i in inputs], scan)
    notes = [n for n in merge_notes(inputs) if not any(n.startswith(prefix) for prefix in dropped)]
    checks, unknown = merge_checks(results, scan["checks"], registry)
    chosen, warning = choose_fail_on(inputs, fail_on)
    report = Report(scan=scan, results=results, errors=errors, checks=checks, fail_on=chosen, notes=notes)
    report.exit_code = exit_code(results, chosen, allow_incomplete=allow_incomplete,
                                 incomplete=is_incomplete(inputs, results, errors))
    return Merged(report, duplicates=duplicates, unknown_checks=unknown, fail_on_warning=warning)
