"""Suppressions: exact and glob matches, expiry (re-surfacing and reported), unused ones, exit codes."""

from __future__ import annotations

import json
from datetime import date

import pytest
from freezegun import freeze_time

from awslint.engine import exit_code
from awslint.model import Result, Severity, Status
from awslint.report import Report
from awslint.suppressions import Suppression, suppress
from awslint.testing import default_registry
from tests.helpers import validate_report
from tests.test_profiles import ROOT, invoke, repo, sample_inventory, write  # noqa: F401  (repo is a fixture)

ARN = "arn:aws:ec2:us-east-1:123456789012:volume/vol-1"


def _result(resource_id="vol-1", arn=ARN, status=Status.FAIL, check="ebs-gp3", id="EBS001") -> Result:
    return Result(check=check, id=id, status=status, severity=Severity.LOW, account="123456789012",
                  region="us-east-1", message="m", resource_id=resource_id, resource_arn=arn)


def _sup(resource: str, expires: date | None = None, check=("EBS001", "ebs-gp3"), reason="accepted") -> Suppression:
    return Suppression(check_id=check[0], check_name=check[1], resource=resource, reason=reason, expires=expires,
                       origin="p.yaml suppressions[0]")


def _report(results) -> Report:
    return Report(scan={}, results=list(results), errors=[], checks=[default_registry().get("ebs-gp3")])


# -- matching -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("pattern", "matches"), [
    (ARN, True),                                                  # exact ARN
    ("vol-1", True),                                              # exact resource id
    ("arn:aws:ec2:us-east-1:123456789012:volume/*", True),        # glob
    ("arn:aws:ec2:*:123456789012:volume/vol-?", True),            # * spans ':'; ? is one character
    ("arn:aws:ec2:us-east-1:123456789012:volume/vol-1*", True),
    ("arn:aws:ec2:us-east-1:123456789012:volume/vol", False),     # anchored at the end: no prefix match
    ("volume/vol-1", False),                                      # anchored at the start: no substring match
    ("ARN:AWS:EC2:US-EAST-1:123456789012:VOLUME/VOL-1", False),   # case-sensitive, like ARNs
    ("*", True),
])
def test_resource_patterns(pattern, matches):
    assert _sup(pattern).matches(_result()) is matches


def test_other_check_never_matches():
    assert not _sup("*", check=("RDS001", "rds-multi-az")).matches(_result())


def test_result_without_arn_matches_on_id():
    assert _sup("vol-*").matches(_result(arn=None))


# -- the post-processor -------------------------------------------------------------------------
def test_suppressed_failures_do_not_count_toward_the_exit_code():
    report = _report([_result(), _result("vol-2", ARN.replace("vol-1", "vol-2"))])
    suppress(report, [_sup("arn:aws:ec2:us-east-1:123456789012:volume/vol-[12]")], date(2027, 1, 1))
    assert [(r.suppressed, r.suppression_reason) for r in report.results] == [(True, "accepted")] * 2
    assert exit_code(report.results, "low") == 0
    assert report.summary()["suppressed"] == 2 and report.summary()["failed"] == 0


def test_expiry_date_is_the_last_day_it_applies():
    sup = _sup(ARN, expires=date(2027, 3, 31))
    on_the_day = _report([_result()])
    suppress(on_the_day, [sup], date(2027, 3, 31))
    assert on_the_day.results[0].suppressed and "expired_suppressions" not in on_the_day.scan
    assert on_the_day.notes == ["suppression expires today (2027-03-31): ebs-gp3 on " + ARN + " (p.yaml suppressions[0])"]

    next_day = _report([_result()])
    suppress(next_day, [sup], date(2027, 4, 1))
    assert not next_day.results[0].suppressed  # re-surfaces ...
    assert exit_code(next_day.results, "low") == 1  # ... and counts again
    assert next_day.scan["expired_suppressions"] == [{"check": "ebs-gp3", "resource": ARN, "reason": "accepted",
                                                      "expires": "2027-03-31", "profile": "p.yaml suppressions[0]",
                                                      "matched": 1}]
    assert next_day.notes == [f"suppression expired on 2027-03-31: ebs-gp3 on {ARN} (p.yaml suppressions[0]); "
                              "its 1 finding(s) count again"]


def test_unused_suppressions_are_reported_only_for_checks_that_ran():
    report = _report([_result(status=Status.PASS)])
    fixed = _sup(ARN)
    other_check = _sup("*", check=("RDS001", "rds-multi-az"))
    suppress(report, [fixed, other_check], date(2027, 1, 1))
    assert report.scan["unused_suppressions"] == [fixed.describe()]
    assert "matched no failing finding" in report.notes[0] and len(report.notes) == 1
    assert not report.results[0].suppressed  # PASS results are never marked


def test_errors_are_never_suppressed():
    report = _report([_result(status=Status.ERROR)])
    suppress(report, [_sup("*")], date(2027, 1, 1))
    assert not report.results[0].suppressed and exit_code(report.results, "low") == 3


def test_first_matching_active_suppression_gives_the_reason():
    report = _report([_result()])
    suppress(report, [_sup(ARN, expires=date(2020, 1, 1), reason="old"), _sup("*", reason="new")], date(2027, 1, 1))
    assert report.results[0].suppression_reason == "new"
    assert report.scan["expired_suppressions"][0]["matched"] == 1


# -- end to end through a profile ---------------------------------------------------------------
PROFILE = """
    checks: {{select: [ebs-gp3]}}
    suppressions:
      - check: ebs-gp3
        resource: arn:aws:ec2:us-east-1:123456789012:volume/vol-1
        reason: Batch host, replaced in Q1
        expires: {first}
      - check: EBS001
        resource: "arn:aws:ec2:eu-west-*:123456789012:volume/*"
        reason: EU volumes move with the region migration
        expires: {second}
"""


@pytest.fixture
def inventory(repo):  # noqa: F811
    path = repo / "inventory.json"
    path.write_text(sample_inventory().dumps(), encoding="utf-8")
    return path


def test_profile_suppressions_keep_findings_but_not_the_exit_code(repo, inventory):  # noqa: F811
    write(repo / "team.yaml", PROFILE.format(first="2999-12-31", second="2999-12-31"))
    result = invoke("scan", "--from", str(inventory), "--profile", "team.yaml", "--format", "table",
                    "--format", "json=report.json")
    assert result.exit_code == 0, result.output
    report = validate_report((repo / "report.json").read_text())
    failing = {r["resource_id"]: (r["suppressed"], r.get("suppression_reason"))
               for r in report["results"] if r["status"] == "FAIL"}
    assert failing == {"vol-1": (True, "Batch host, replaced in Q1"),
                       "vol-3": (True, "EU volumes move with the region migration")}
    assert report["summary"]["suppressed"] == 2 and report["summary"]["exit_code"] == 0
    assert "[suppressed: Batch host, replaced in Q1]" in result.output


def test_expired_suppression_resurfaces_and_is_reported(repo, inventory):  # noqa: F811
    write(repo / "team.yaml", PROFILE.format(first="2020-01-31", second="2999-12-31"))
    result = invoke("scan", "--from", str(inventory), "--profile", "team.yaml", "--format", "table",
                    "--format", "json=report.json")
    assert result.exit_code == 1
    report = validate_report((repo / "report.json").read_text())
    assert [(r["resource_id"], r["suppressed"]) for r in report["results"] if r["status"] == "FAIL"] == [
        ("vol-1", False), ("vol-3", True)]
    assert [(e["resource"], e["expires"], e["matched"]) for e in report["scan"]["expired_suppressions"]] == [
        ("arn:aws:ec2:us-east-1:123456789012:volume/vol-1", "2020-01-31", 1)]
    assert "note: suppression expired on 2020-01-31: ebs-gp3 on arn:aws:ec2:us-east-1:123456789012:volume/vol-1 " \
           "(team.yaml suppressions[0]); its 1 finding(s) count again" in result.output
    assert any("expired on 2020-01-31" in n for n in report["notes"])


def test_validate_warns_about_expired_suppressions(repo):  # noqa: F811
    write(repo / "team.yaml", PROFILE.format(first="2020-01-31", second="2999-12-31"))
    result = invoke("profiles", "validate", "team.yaml")
    assert result.exit_code == 0
    assert "warning: team.yaml suppressions[0]: expired on 2020-01-31" in result.output


@pytest.mark.parametrize(("today", "suppressed", "code"), [("2027-01-15", True, 0), ("2027-04-01", False, 1)])
def test_example_team_profile_suppression_expires(repo, inventory, today, suppressed, code):  # noqa: F811
    """examples/profiles/checkout-team.yaml: its gp2 suppression (a glob over every volume) ends after 2027-03-31."""
    with freeze_time(today):
        result = invoke("scan", "--from", str(inventory), "--profile", str(ROOT / "examples/profiles/checkout-team.yaml"),
                        "--check", "ebs-gp3", "--fail-on", "low", "--format", "json")
    report = json.loads(result.output)
    assert {r["suppressed"] for r in report["results"] if r["status"] == "FAIL"} == {suppressed}
    assert result.exit_code == code
    assert report["scan"]["profile"] == "checkout-team"


def _settings_at(now):
    from awslint.settings import Settings

    return Settings(checks=(), severities={}, params={}, regions=(), fail_on="low",
                    suppressions=(_sup(ARN, expires=date(2027, 3, 31)),), now=now)


def test_expiry_follows_the_scan_clock_in_settings():
    """Settings.now (tests, replays) decides expiry, not the wall clock."""
    from datetime import UTC, datetime

    settings = _settings_at(datetime(2027, 4, 1, tzinfo=UTC))
    report = _report([_result()])
    suppress(report, settings.suppressions, settings.today)
    assert not report.results[0].suppressed and report.scan["expired_suppressions"]


def test_expired_suppression_renewed_by_another_does_not_claim_its_findings_count_again():
    """A renewal (new entry, or a child profile's) covers the finding: the note must not say it counts again."""
    old = _sup(ARN, expires=date(2020, 1, 1), reason="old")
    report = _report([_result()])
    suppress(report, [old, _sup("*", reason="renewed")], date(2027, 1, 1))
    assert report.results[0].suppressed and exit_code(report.results, "low") == 0
    assert report.scan["expired_suppressions"][0]["matched"] == 1
    note = next(n for n in report.notes if "expired" in n)
    assert "count again" not in note
    assert "1 finding(s) it matched are covered by another, active suppression: delete this expired one" in note


def test_unused_is_not_claimed_for_other_regions_accounts_or_errored_checks():
    """Scanning us-east-1 alone, or a check that ERRORed, says nothing about whether a suppression is still needed."""
    report = _report([_result(status=Status.PASS)])
    report.scan.update(regions=["us-east-1"], accounts=["123456789012"])
    other_region = _sup(ARN.replace("us-east-1", "eu-west-1"))
    other_account = _sup(ARN.replace("123456789012", "210987654321"))
    glob_region = _sup("arn:aws:ec2:us-*:123456789012:volume/vol-9")
    suppress(report, [other_region, other_account, glob_region], date(2027, 1, 1))
    assert report.scan["unused_suppressions"] == [glob_region.describe()]
    errored = _report([_result(status=Status.ERROR)])
    suppress(errored, [_sup(ARN)], date(2027, 1, 1))
    assert "unused_suppressions" not in errored.scan and not errored.notes


def test_expiry_uses_the_utc_date_of_the_scan_clock():
    """23:30 on 31 March in New York is already 1 April in UTC: the suppression has expired."""
    from datetime import datetime, timedelta, timezone

    new_york = timezone(timedelta(hours=-4))
    settings = _settings_at(datetime(2027, 3, 31, 23, 30, tzinfo=new_york))
    report = _report([_result()])
    suppress(report, settings.suppressions, settings.today)
    assert not report.results[0].suppressed and report.scan["expired_suppressions"]


def test_a_suppression_can_name_accounts():
    """In an organisation scan the same resource id (a default security group's name, a bucket policy) exists in
    many accounts: `account:` limits a suppression to the accounts it is meant for."""
    mine = _result()
    other = _result()
    other.account = "210987654321"
    limited = Suppression(check_id=mine.id, check_name=mine.check, resource="*", reason="accepted here only",
                          accounts=(mine.account,))
    report = _report([mine, other])
    suppress(report, [limited], date(2027, 1, 1))
    assert mine.suppressed and not other.suppressed
    assert limited.describe()["account"] == [mine.account]
    elsewhere = _report([_result(status=Status.PASS)])
    elsewhere.scan.update(accounts=["999999999999"], regions=["us-east-1"])
    suppress(elsewhere, [limited], date(2027, 1, 1))
    assert "unused_suppressions" not in elsewhere.scan  # not scanned here: nothing to say about it
