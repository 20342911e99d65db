"""Reports over several accounts (organisation scans, merges): every format carries the account.

The table and markdown list every account (id, name, lint profile, status, FAIL by severity, errors, API
calls, seconds, and why an account was not scanned) and give findings an account column; SARIF has one run
per account with a stable ``automationDetails.id`` (``awslint/<account>/``) and only that account's results;
the JSON schema describes ``scan.account_summaries``. Single-account reports render as they always did
(pinned by tests/test_formats.py and tests/test_sarif.py, and checked here for the shape).
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from types import SimpleNamespace

import jsonschema
import pytest

from awslint.model import Result, ScanError
from awslint.report import Report
from awslint.reporting import RenderOptions, markdown, table
from awslint.reporting import sarif as sarif_writer
from awslint.scan import AccountOutcome, account_summaries
from tests import test_sarif
from tests.helpers import validate_report
from tests.test_sarif import ACCOUNT, _result, assert_github_rules, assert_valid, mixed_results, synthetic_report

#: tests/test_sarif.py's validator fixture (the OASIS SARIF 2.1.0 schema), under this module's name for it
sarif_validator = test_sarif.validator

PROD, DEV, DENIED, SUSPENDED = "111111111111", "222222222222", "333333333333", "044444444444"
DENIED_REASON = ("AccessDenied: User: arn:aws:sts::999999999999:assumed-role/scanner/awslint is not authorized to "
                 "perform: sts:AssumeRole on resource: arn:aws:iam::333333333333:role/awslint-readonly")
SUSPENDED_REASON = "the account is SUSPENDED in AWS Organizations; not scanned"


def _in(account: str, r: Result) -> Result:
    """The same result in another account (its ARN too)."""
    arn = r.resource_arn.replace(ACCOUNT, account) if r.resource_arn else None
    return dataclasses.replace(r, account=account, resource_arn=arn)


def org_report(*, plugin_error: bool = False) -> Report:
    """Four accounts as an organisation scan leaves them: PROD fails (2 high, 1 low, one more low suppressed),
    DEV fails once (low) and has one ERROR result, DENIED could not be assumed, SUSPENDED was not scanned."""
    prod = [_in(PROD, r) for r in (
        _result("X-NET001", "alpha", "FAIL", "subnet-1"),
        _result("X-NET001", "alpha", "FAIL", "subnet-2", region="eu-west-1"),
        _result("X-NET001", "alpha", "PASS", "subnet-3"),
        _result("X-NET002", "beta", "FAIL", "subnet-4", "low"),
        _result("X-NET002", "beta", "FAIL", "subnet-5", "low", suppressed=True, suppression_reason="Legacy, Q1"),
    )]
    dev = [_in(DEV, r) for r in (
        _result("X-NET002", "beta", "FAIL", "subnet-1", "low"),  # same resource id as in PROD: another account
        _result("X-NET001", "alpha", "ERROR", None, region="eu-west-1", message="AccessDenied on DescribeSubnets"),
    )]
    denied_error = ScanError(f"account {DENIED} could not be scanned through role awslint-readonly: {DENIED_REASON}",
                             account=DENIED, kind="account")
    report = synthetic_report([*prod, *dev], exit_code=3)
    report.scan.update(accounts=[PROD, DEV], regions=["us-east-1", "eu-west-1"], profile="prod", api_calls=60)
    report.errors = [denied_error]
    if plugin_error:
        report.errors.append(ScanError("plugin awslint-extra could not be loaded: ImportError", kind="plugin"))
    outcomes = [
        AccountOutcome([PROD], "prod-a", results=prod, regions=["us-east-1", "eu-west-1"],
                       api_calls_by_operation={"ec2.DescribeSubnets": 40}, seconds=3.25),
        AccountOutcome([DEV], "dev-b", results=dev, regions=["us-east-1", "eu-west-1"],
                       api_calls_by_operation={"ec2.DescribeSubnets": 20}, seconds=1.5),
        AccountOutcome([DENIED], "sandbox-c", "error", DENIED_REASON, errors=[denied_error], seconds=0.25),
        AccountOutcome([SUSPENDED], "old-d", "not-scanned", SUSPENDED_REASON),
    ]
    summaries = account_summaries(outcomes, report, SimpleNamespace(lint_profile="prod"))  # type: ignore[arg-type]
    summaries[1]["profile"] = "dev"  # as an account mapped to another lint profile records it
    report.scan["account_summaries"] = summaries
    return report


# -- JSON ---------------------------------------------------------------------------------------
def test_json_account_summaries_follow_the_schema():
    data = validate_report(json.loads(json.dumps(org_report().to_json())))
    by_id = {s["id"]: s for s in data["scan"]["account_summaries"]}
    assert by_id[PROD]["failed_by_severity"] == {"critical": 0, "high": 2, "medium": 0, "low": 1, "info": 0}
    assert by_id[DEV]["errors"] == 1 and by_id[DENIED]["errors"] == 1
    assert "reason" not in by_id[PROD] and by_id[SUSPENDED]["reason"] == SUSPENDED_REASON

    def broken(change) -> dict:
        bad = copy.deepcopy(data)
        change(bad["scan"]["account_summaries"][0])
        return bad

    for change in (lambda s: s.update(status="skipped"), lambda s: s.pop("errors"), lambda s: s.update(api_calls=-1),
                   lambda s: s["failed_by_severity"].update(severe=1), lambda s: s.update(reason=3),
                   lambda s: s.update(id="")):
        with pytest.raises(jsonschema.ValidationError):
            validate_report(broken(change))


# -- table --------------------------------------------------------------------------------------
def _account_lines(text: str) -> dict[str, str]:
    """The per-account table's rows (between the header and the first result group), by account id."""
    block = text.split("\n\n")[1]
    return {line.split()[0]: line for line in block.splitlines() if re.match(r"^\d{12} ", line)}


def test_table_counts_accounts_lists_each_and_gives_results_an_account_column():
    text = table.render(org_report(), RenderOptions())
    first = text.splitlines()[0]
    assert "; 4 accounts (2 scanned, 1 error, 1 not scanned); regions us-east-1, eu-west-1" in first
    assert PROD not in first and "account 1" not in first
    block = text.split("\n\n")[1]
    assert block.splitlines()[0].split() == ["account", "name", "lint", "profile", "status", "FAIL", "errors", "API",
                                             "calls", "seconds", "reason"]
    rows = _account_lines(text)
    assert list(rows) == [PROD, DEV, DENIED, SUSPENDED]  # the order of the report's summaries
    assert re.search(r"prod-a\s+prod\s+scanned\s+2 high, 1 low\s+0\s+40\s+3\.2\s*$", rows[PROD]), rows[PROD]
    assert re.search(r"dev-b\s+dev\s+scanned\s+1 low\s+1\s+20\s+1\.5\s*$", rows[DEV]), rows[DEV]
    assert re.search(r"sandbox-c\s+prod\s+error\s+-\s+1\s+0\s+0\.2\s+AccessDenied: User:", rows[DENIED]), rows[DENIED]
    assert "awslint-readonly" in block  # the reason is wrapped, not cut
    assert re.search(r"old-d\s+prod\s+not-scanned\s+-\s+0\s+0\s+0\.0\s+the account is SUSPENDED", rows[SUSPENDED])
    assert max(len(line) for line in block.splitlines()) <= 160

    groups = [g for g in text.split("\n\n")[2:] if g.startswith(("FAIL ", "ERROR "))]
    assert groups
    for group in groups:
        lines = group.splitlines()
        assert lines[1].split()[:2] == ["account", "severity"]
        for row in lines[3:]:
            if row.strip() and not row.startswith(" "):  # a wrapped message continues on an indented line
                assert row.split()[0] in (PROD, DEV), row
    beta = next(g for g in groups if g.startswith("FAIL X-NET002"))
    assert re.search(rf"^{PROD}\s+low\s+us-east-1\s+subnet-4\b", beta, re.M)
    assert re.search(rf"^{DEV}\s+low\s+us-east-1\s+subnet-1\b", beta, re.M)
    assert text.rstrip().splitlines()[-1].startswith("Summary: 2 checks; 4 failed (2 high, 2 low)")


def test_table_of_accounts_without_summaries_counts_from_the_results():
    """A merge of single-account reports (or an inventory of two accounts) has no summaries: rows from results."""
    report = org_report()
    del report.scan["account_summaries"]
    text = table.render(report, RenderOptions())
    assert "; 3 accounts (2 scanned, 1 error); " in text.splitlines()[0]
    rows = _account_lines(text)
    assert list(rows) == [PROD, DEV, DENIED]
    assert re.search(r"-\s+prod\s+scanned\s+2 high, 1 low\s+0\s+-\s+-\s*$", rows[PROD]), rows[PROD]
    assert re.search(r"-\s+prod\s+scanned\s+1 low\s+1\s+-\s+-\s*$", rows[DEV]), rows[DEV]
    assert re.search(r"-\s+prod\s+error\s+-\s+1\s+-\s+-\s+account 333333333333 could not", rows[DENIED])


def test_account_ids_stay_names_in_the_table():
    """An account id with a leading zero is text: left-aligned, never turned into a number."""
    report = org_report()
    report.results.append(_in(SUSPENDED, _result("X-NET001", "alpha", "FAIL", "subnet-9")))
    text = table.render(report, RenderOptions())
    assert re.search(rf"^{SUSPENDED}\s+high\s+us-east-1\s+subnet-9", text, re.M)


# -- markdown -----------------------------------------------------------------------------------
def _md_rows(text: str, heading: str) -> list[list[str]]:
    block = text.split(heading, 1)[1].split("\n\n", 2)[1]
    return [[c.strip() for c in line.strip("|").split(" | ")] for line in block.splitlines()[2:] if line.startswith("|")]


def test_markdown_has_a_row_per_account_and_findings_name_their_account():
    text = markdown.render(org_report())
    assert "4 accounts (2 scanned, 1 error, 1 not scanned); regions us-east-1, eu-west-1" in text
    assert text.index("### Accounts") < text.index("| severity | failed |")  # at the top, before the counts
    rows = {row[0]: row for row in _md_rows(text, "### Accounts")}
    assert list(rows) == [PROD, DEV, DENIED, SUSPENDED]
    assert rows[PROD] == [PROD, "prod-a", "`prod`", "scanned", "2 high, 1 low", "0", "40", "3.2", ""]
    assert rows[DEV] == [DEV, "dev-b", "`dev`", "scanned", "1 low", "1", "20", "1.5", ""]
    assert rows[DENIED][:8] == [DENIED, "sandbox-c", "`prod`", "⚠️ error", "-", "1", "0", "0.2"]
    assert rows[DENIED][8].startswith("AccessDenied: User: arn:aws:sts::999999999999")
    assert rows[SUSPENDED][3:5] == ["not scanned", "-"] and rows[SUSPENDED][8] == SUSPENDED_REASON

    failures = _md_rows(text, "### Top failures (4 of 4)")
    assert [row[0] for row in failures] == [PROD, PROD, PROD, DEV]  # most severe first
    assert all(row[1].startswith(("🔴", "🟡")) for row in failures)
    assert f"in {DEV}/eu-west-1: AccessDenied on DescribeSubnets" in text


def test_markdown_keeps_the_accounts_that_matter_when_the_table_is_capped(monkeypatch):
    monkeypatch.setattr(markdown, "MAX_ACCOUNTS", 2)
    text = markdown.render(org_report())
    assert [row[0] for row in _md_rows(text, "### Accounts")] == [PROD, DENIED]  # in error, then most severe
    assert "…and 2 more accounts" in text


def test_markdown_of_a_large_organisation_fits_a_comment():
    report = org_report()
    summary = report.scan["account_summaries"][0]
    report.scan["account_summaries"] = [{**summary, "id": f"{i:012d}", "name": "n" * 60} for i in range(3000)]
    text = markdown.render(report)
    assert len(text) <= markdown.MAX_CHARS
    assert re.search(r"…and \d+ more accounts", text)


# -- SARIF --------------------------------------------------------------------------------------
def _runs(log: dict) -> dict[str, dict]:
    return {run["properties"]["account"]: run for run in log["runs"]}


def test_sarif_has_one_valid_run_per_account_with_a_stable_category(sarif_validator):
    log = sarif_writer.build(org_report())
    assert_valid(log, sarif_validator)
    runs = _runs(log)
    assert list(runs) == [PROD, DEV, DENIED, SUSPENDED]
    for account, run in runs.items():
        assert run["automationDetails"]["id"] == f"awslint/{account}/"
        assert_github_rules({"runs": [run]})
        rules = run["tool"]["driver"]["rules"]
        for result in run["results"]:
            assert result["properties"]["account"] == account
            assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith(f"aws/{account}/")
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]  # indexes count within the run
        for note in run["invocations"][0]["toolExecutionNotifications"]:
            if "associatedRule" in note:
                assert rules[note["associatedRule"]["index"]]["id"] == note["associatedRule"]["id"]
    assert [r["locations"][0]["logicalLocations"][0]["name"] for r in runs[PROD]["results"]] == \
        ["subnet-2", "subnet-1", "subnet-4"]  # most severe first; the suppressed one left out, as in one account
    assert runs[PROD]["properties"]["resultsOmittedSuppressed"] == 1
    assert [r["ruleId"] for r in runs[DEV]["results"]] == ["X-NET002"]
    # rules: the ones a run refers to (DEV's ERROR refers to X-NET001), with that account's severity
    assert [r["id"] for r in runs[DEV]["tool"]["driver"]["rules"]] == ["X-NET001", "X-NET002"]
    assert runs[DENIED]["results"] == [] and runs[DENIED]["tool"]["driver"]["rules"] == []
    assert runs[PROD]["invocations"][0]["executionSuccessful"] is True
    assert all(runs[a]["invocations"][0]["executionSuccessful"] is False for a in (DEV, DENIED, SUSPENDED))
    assert {run["invocations"][0]["exitCode"] for run in runs.values()} == {3}


def test_sarif_says_why_an_account_was_not_scanned_in_its_own_run():
    runs = _runs(sarif_writer.build(org_report(plugin_error=True)))

    def notes(account: str) -> list[dict]:
        return runs[account]["invocations"][0]["toolExecutionNotifications"]

    denied = [n for n in notes(DENIED) if n.get("descriptor", {}).get("id") == "awslint/account"]
    assert len(denied) == 1 and DENIED_REASON in denied[0]["message"]["text"]
    suspended = [n for n in notes(SUSPENDED) if n.get("descriptor", {}).get("id") == "awslint/account"]
    assert len(suspended) == 1 and "old-d" in suspended[0]["message"]["text"]
    assert "SUSPENDED" in suspended[0]["message"]["text"]
    assert runs[DENIED]["properties"]["accountStatusReason"] == DENIED_REASON
    for account in (PROD, DEV):  # another account's error is not theirs
        assert not any(DENIED in n["message"]["text"] for n in notes(account))
    for account in runs:  # an error about no account (a plugin) is said in every run
        assert any("awslint-extra" in n["message"]["text"] for n in notes(account))
    evaluate = [n for n in notes(DEV) if n.get("descriptor", {}).get("id") == "awslint/could-not-evaluate"]
    assert len(evaluate) == 1 and "AccessDenied on DescribeSubnets" in evaluate[0]["message"]["text"]
    assert runs[PROD]["invocations"][0]["executionSuccessful"] is False  # the plugin did not run anywhere


def test_an_accounts_run_is_the_run_a_scan_of_that_account_alone_gives():
    """Same category, same results, same fingerprints: an account's alerts do not move when it joins an org scan."""
    report = org_report()
    alone = synthetic_report([r for r in report.results if r.account == PROD], exit_code=1)
    alone.scan["accounts"] = [PROD]
    single = sarif_writer.build(alone)["runs"]
    assert len(single) == 1
    in_org = _runs(sarif_writer.build(report))[PROD]
    assert single[0]["automationDetails"] == in_org["automationDetails"] == {"id": f"awslint/{PROD}/"}
    assert single[0]["results"] == in_org["results"]


def test_sarif_include_suppressed_and_truncation_are_per_account(sarif_validator):
    report = org_report()
    report.results += [_in(DEV, _result("X-NET002", "beta", "FAIL", f"subnet-extra-{i}", "low")) for i in range(4)]
    log = sarif_writer.build(report, RenderOptions(include_suppressed=True), max_results=4)
    assert_valid(log, sarif_validator)
    runs = _runs(log)
    assert len(runs[PROD]["results"]) == 4 and runs[PROD]["properties"]["resultsTruncated"] == 0
    assert [r["suppressions"][0]["justification"] for r in runs[PROD]["results"] if "suppressions" in r] == \
        ["Legacy, Q1"]
    assert len(runs[DEV]["results"]) == 4 and runs[DEV]["properties"]["resultsTruncated"] == 1
    assert any("1 results were left out" in n["message"]["text"]
               for n in runs[DEV]["invocations"][0]["toolExecutionNotifications"])


def test_two_accounts_without_summaries_still_get_a_run_each(sarif_validator):
    results = [*mixed_results(), _in(DEV, _result("X-NET001", "alpha", "FAIL", "subnet-1"))]
    report = synthetic_report(results)
    log = sarif_writer.build(report)
    assert_valid(log, sarif_validator)
    assert [run["automationDetails"]["id"] for run in log["runs"]] == [f"awslint/{ACCOUNT}/", f"awslint/{DEV}/"]
    assert [len(run["results"]) for run in log["runs"]] == [2, 1]


# -- single account: unchanged ------------------------------------------------------------------
def test_a_single_account_report_keeps_its_shape(sarif_validator):
    report = synthetic_report(mixed_results())
    assert not table.is_multi_account(report)
    text = table.render(report, RenderOptions())
    assert f"; account {ACCOUNT}; regions us-east-1" in text.splitlines()[0]
    assert "lint profile  status" not in text and "\naccount " not in text
    assert all(not line.startswith("account") for line in text.splitlines())
    md = markdown.render(report)
    assert f"Account {ACCOUNT}; regions" in md and "### Accounts" not in md and "| account |" not in md
    log = sarif_writer.build(report)
    assert_valid(log, sarif_validator)
    assert_github_rules(log)
    run = log["runs"][0]
    assert run["automationDetails"]["id"] == f"awslint/{ACCOUNT}/"
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["X-NET001", "X-NET002"]
    assert "account" not in run["properties"] and run["properties"]["accounts"] == [ACCOUNT]


def test_one_account_organisation_scan_is_rendered_per_account(sarif_validator):
    """``--account X`` alone (or one Lambda's report) has account_summaries: it says so, in one run."""
    report = org_report()
    keep = [s for s in report.scan["account_summaries"] if s["id"] == PROD]
    report.scan["account_summaries"] = keep
    report.results = [r for r in report.results if r.account == PROD]
    report.errors, report.scan["accounts"] = [], [PROD]
    text = table.render(report, RenderOptions())
    assert "; 1 account; " in text.splitlines()[0] and PROD in _account_lines(text)
    assert "account  severity" not in text  # one account: no account column
    log = sarif_writer.build(report)
    assert_valid(log, sarif_validator)
    assert [run["automationDetails"]["id"] for run in log["runs"]] == [f"awslint/{PROD}/"]
