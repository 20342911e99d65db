"""``awslint merge``: the pieces of a split scan give the report and exit code of one scan of the whole.

Reports are made by the real pipeline (``awslint scan --from`` a small two-region inventory with a global
CloudFront distribution), split by region the way ``--shard`` splits by account: the global check runs in
both pieces, so the pieces overlap exactly as overlapping shards do.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from awslint import merge as merging
from awslint.cli import main
from awslint.merge import MergeInput
from awslint.model import Result, Severity, Status
from awslint.testing import default_registry, inventory_from
from tests.helpers import validate_report
from tests.test_cli_ux import assert_usage_error
from tests.test_sarif import assert_github_rules, assert_valid, validator  # noqa: F401  (validator is a fixture)

ACCOUNT = "123456789012"
CHECKS = "ebs-gp3,ebs-volume-encrypted,cloudfront-waf-enabled,cloudfront-viewer-https"
DIST_ARN = f"arn:aws:cloudfront::{ACCOUNT}:distribution/E1"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def scan(*args: str, out: str, check: str = CHECKS) -> int:
    result = invoke("scan", "--from", "inv.json", "--check", check, "--format", f"json={out}", "-q", *args)
    assert result.exit_code in (0, 1, 3), (result.exit_code, result.output)
    return result.exit_code


def load(path: str | Path) -> dict:
    return validate_report(Path(path).read_text())


def identities(report: dict) -> list[tuple]:
    """What a finding is and what was said about it: check, account, region, resource, status, suppressed, state."""
    return sorted((r["id"], r["account"], r["region"], r["resource_arn"] or "", r["resource_id"] or "", r["status"],
                   r["suppressed"], r.get("baseline_state") or "") for r in report["results"])


@pytest.fixture
def shards(tmp_path, monkeypatch):
    """us-east-1: a gp2 volume (EBS001 FAIL); eu-west-1: an unencrypted one (EBS004 FAIL); a distribution without WAF
    (CF003 FAIL, global). a.json and b.json scan one region each, full.json both."""
    monkeypatch.chdir(tmp_path)
    inv = inventory_from({
        "ec2:volumes": {
            "us-east-1": [{"VolumeId": "vol-1", "Size": 8, "VolumeType": "gp2", "Encrypted": True}],
            "eu-west-1": [{"VolumeId": "vol-2", "Size": 100, "VolumeType": "gp3", "Encrypted": False}],
        },
        "cloudfront:distributions": [{"Id": "E1", "ARN": DIST_ARN, "WebACLId": "", "DomainName": "d1.cloudfront.net",
                                      "DefaultCacheBehavior": {"ViewerProtocolPolicy": "redirect-to-https"},
                                      "Origins": {"Items": []}}],
    })
    (tmp_path / "inv.json").write_text(inv.dumps())
    assert scan("--region", "us-east-1", out="a.json") == 1
    assert scan("--region", "eu-west-1", out="b.json") == 1
    assert scan(out="full.json") == 1
    return tmp_path


# -- the headline: pieces merged == one scan ----------------------------------------------------------
def test_merged_shards_equal_one_scan_of_both(shards):
    result = invoke("merge", "a.json", "b.json", "--format", "json=m.json", "--format", "table")
    full = load("full.json")
    merged = load("m.json")
    assert result.exit_code == full["summary"]["exit_code"] == 1, result.output
    assert identities(merged) == identities(full)
    assert len(merged["results"]) == len(full["results"]) == 6
    for key in ("checks", "results", "passed", "failed", "errors", "suppressed", "failed_by_severity",
                "failed_by_pillar", "fail_on", "exit_code"):
        assert merged["summary"][key] == full["summary"][key], key
    assert merged["scan"]["accounts"] == [ACCOUNT]
    assert merged["scan"]["regions"] == ["eu-west-1", "us-east-1"]
    assert merged["scan"]["merged_from"] == ["a.json", "b.json"]
    assert sorted(merged["scan"]["checks"]) == sorted(full["scan"]["checks"])
    # the global check ran in both pieces: its finding is there once, and the user is told why the count shrank
    assert [r["resource_arn"] for r in merged["results"] if r["id"] == "CF003"] == [DIST_ARN]
    assert "2 present in more than one input, counted once" in result.stderr
    assert "Summary: 4 checks; 3 failed (2 medium, 1 low); 3 passed; 0 errors" in result.stdout


def test_the_same_findings_in_several_inputs_count_once(shards):
    shutil.copy("a.json", "a-again.json")  # a re-run of one shard, as a retried CI job leaves behind
    result = invoke("merge", "a.json", "a-again.json", "b.json", "full.json", "--format", "json=m.json")
    assert result.exit_code == 1, result.output
    merged = load("m.json")
    assert identities(merged) == identities(load("full.json"))
    assert merged["summary"]["failed"] == 3
    # merging the merge again changes nothing: a rerun over a directory that holds the output is harmless
    assert invoke("merge", "m.json", "a.json", "--format", "json=m2.json").exit_code == 1
    assert identities(load("m2.json")) == identities(merged)


def test_one_input_given_twice_is_read_once(shards):
    result = invoke("merge", "a.json", "./a.json", "b.json", "--format", "json=m.json")
    assert result.exit_code == 1
    assert "merge input ./a.json is given twice; reading it once" in result.stderr
    assert load("m.json")["scan"]["merged_from"] == ["a.json", "b.json"]


# -- exit codes and --fail-on ------------------------------------------------------------------------
def test_exit_codes_follow_the_merged_results(shards):
    assert invoke("merge", "a.json", "b.json", "--format", "json=m.json").exit_code == 1
    # only medium and low failures: nothing at or above high
    assert invoke("merge", "a.json", "b.json", "--fail-on", "high", "--format", "json=m.json").exit_code == 0
    assert load("m.json")["summary"]["fail_on"] == "high"
    assert invoke("merge", "a.json", "b.json", "--fail-on", "medium", "--format", "json=m.json").exit_code == 1
    assert invoke("merge", "a.json", "b.json", "--fail-on", "never", "--format", "json=m.json").exit_code == 0
    # one piece passing its bar does not make the whole pass: us-east-1 holds only a low failure, eu-west-1 a medium one
    ebs = "ebs-gp3,ebs-volume-encrypted"
    assert scan("--region", "us-east-1", "--fail-on", "medium", out="ea.json", check=ebs) == 0
    assert scan("--region", "eu-west-1", "--fail-on", "medium", out="eb.json", check=ebs) == 1
    assert invoke("merge", "ea.json", "--format", "json=m.json").exit_code == 0
    assert invoke("merge", "ea.json", "eb.json", "--format", "json=m.json").exit_code == 1


def test_exit_zero_reports_the_verdict_and_exits_0(shards):
    result = invoke("merge", "a.json", "b.json", "--exit-zero", "--format", "json=m.json")
    assert result.exit_code == 0
    assert "--exit-zero: exiting 0 (the verdict was exit code 1)" in result.stderr
    assert load("m.json")["summary"]["exit_code"] == 1


def test_fail_on_comes_from_the_inputs_when_they_agree(shards):
    assert scan("--region", "us-east-1", "--fail-on", "high", out="ha.json") == 0
    assert scan("--region", "eu-west-1", "--fail-on", "high", out="hb.json") == 0
    result = invoke("merge", "ha.json", "hb.json", "--format", "json=m.json")
    assert result.exit_code == 0, result.output
    assert load("m.json")["summary"]["fail_on"] == "high"
    assert "warning" not in result.stderr
    # --fail-on wins over what the inputs recorded
    assert invoke("merge", "ha.json", "hb.json", "--fail-on", "low", "--format", "json=m.json").exit_code == 1


def test_inputs_that_disagree_on_fail_on_use_low_and_say_so(shards):
    assert scan("--region", "eu-west-1", "--fail-on", "high", out="hb.json") == 0
    result = invoke("merge", "a.json", "hb.json", "--format", "json=m.json")
    assert result.exit_code == 1
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == ["awslint: warning: the inputs do not agree on --fail-on (low in a.json, high in hb.json); "
                        "using low: pass --fail-on to choose"]
    assert load("m.json")["summary"]["fail_on"] == "low"


def test_an_input_that_records_no_fail_on_does_not_take_part():
    """fail_on is optional in the schema (older reports; a stand-in report for an account that could not be scanned)."""
    prod, silent = _input("prod.json"), _input("silent.json")
    prod.data["summary"]["fail_on"] = "high"
    del silent.data["summary"]["fail_on"]
    assert merging.choose_fail_on([prod, silent], None) == ("high", None)
    assert merging.choose_fail_on([silent], None) == ("low", None)
    assert merging.choose_fail_on([prod, silent], "never") == ("never", None)


@pytest.fixture
def broken_shard(shards):
    """b.json's region again, but ec2:volumes was denied there: every volume check is ERROR in eu-west-1."""
    inv = inventory_from({"cloudfront:distributions": [{"Id": "E1", "ARN": DIST_ARN, "WebACLId": "waf-1",
                                                        "DomainName": "d1.cloudfront.net",
                                                        "DefaultCacheBehavior": {"ViewerProtocolPolicy": "https-only"}}]},
                         region="eu-west-1", errors={"ec2:volumes": "AccessDenied: not authorized"})
    Path("denied.json").write_text(inv.dumps())
    result = invoke("scan", "--from", "denied.json", "--check", CHECKS, "--format", "json=broken.json", "-q")
    assert result.exit_code == 3, result.output
    return shards


def test_an_incomplete_input_makes_the_merge_incomplete(broken_shard):
    assert invoke("merge", "a.json", "broken.json", "--fail-on", "high", "--format", "json=m.json").exit_code == 3
    merged = load("m.json")
    assert merged["summary"]["errors"] == 2 and merged["summary"]["exit_code"] == 3
    assert {e["source"] for e in merged["errors"]} == {"ec2:volumes"}
    assert invoke("merge", "a.json", "broken.json", "--fail-on", "high", "--allow-incomplete",
                  "--format", "json=m.json").exit_code == 0
    # a failure at the bar still wins over incompleteness, as in a scan
    assert invoke("merge", "a.json", "broken.json", "--format", "json=m.json").exit_code == 1


@pytest.mark.parametrize("kind", ["region-disabled", "plugin", "account"])
def test_an_input_that_lost_a_region_account_or_plugin_is_incomplete(shards, kind):
    """Those leave no ERROR result behind: only the error entry (or the input's own exit code) says so."""
    data = json.loads(Path("b.json").read_text())
    data["errors"].append({"message": f"lost something ({kind})", "kind": kind, "account": ACCOUNT})
    Path("lost.json").write_text(json.dumps(data))
    result = invoke("merge", "a.json", "lost.json", "--fail-on", "high", "--format", "json=m.json")
    assert result.exit_code == 3, result.output
    assert invoke("merge", "a.json", "lost.json", "--fail-on", "high", "--allow-incomplete").exit_code == 0


def test_an_input_that_exited_3_is_incomplete(shards):
    data = json.loads(Path("b.json").read_text())
    data["summary"]["exit_code"] = 3
    Path("three.json").write_text(json.dumps(data))
    assert invoke("merge", "a.json", "three.json", "--fail-on", "high").exit_code == 3


# -- mistakes: exit 2, one line, nothing written ------------------------------------------------------
def test_bad_inputs_are_one_line_and_exit_2(shards):
    Path("garbage.json").write_text("not json at all")
    Path("other.json").write_text(json.dumps({"hello": "world"}))
    assert invoke("merge", "a.json", "--format", "sarif=report.sarif").exit_code == 1
    broken = json.loads(Path("a.json").read_text())
    del broken["summary"]
    Path("no-summary.json").write_text(json.dumps(broken))
    broken = json.loads(Path("a.json").read_text())
    broken["scan"]["started_at"] = "yesterday"
    Path("bad-time.json").write_text(json.dumps(broken))
    Path("latin1.json").write_bytes(b"\xff\xfe{")
    cases = [
        ((), ("merge needs at least one input",)),
        (("missing.json",), ("merge input missing.json does not exist", "--format json=FILE")),
        (("garbage.json",), ("merge input garbage.json is not JSON", "line 1")),
        (("other.json",), ("merge input other.json is not an awslint JSON report",)),
        (("inv.json",), ("merge input inv.json is not an awslint JSON report",)),
        (("report.sarif",), ("merge input report.sarif is not an awslint JSON report", "this looks like SARIF")),
        (("no-summary.json",), ("not a valid awslint JSON report", "'summary' is a required property")),
        (("bad-time.json",), ("not a valid awslint JSON report", "scan/started_at", "'yesterday'")),
        ((".",), ("cannot read merge input .",)),
        (("latin1.json",), ("cannot read merge input latin1.json",)),
    ]
    for args, expected in cases:
        # a good input next to the bad one: one bad input stops the merge, no report is written
        result = invoke("merge", "a.json", *args, "--format", "json=m.json") if args else invoke("merge")
        assert_usage_error(result, *expected)
        assert not Path("m.json").exists()


def test_bad_output_is_refused_before_reading(shards):
    assert_usage_error(invoke("merge", "a.json", "--format", "json=no/such/dir/m.json"), "directory no/such/dir")
    assert_usage_error(invoke("merge", "a.json", "--format", "yaml"), "unknown --format 'yaml'")


# -- reports of the merge ------------------------------------------------------------------------------
def test_merged_sarif_is_valid_and_has_a_rule_per_failing_check(shards, validator):  # noqa: F811
    result = invoke("merge", "a.json", "b.json", "--format", "sarif=m.sarif", "--format", "markdown=m.md",
                    "--format", "junit=m.xml", "--format", "gitlab=m.gl.json", "--format", "github")
    assert result.exit_code == 1, result.output
    log = json.loads(Path("m.sarif").read_text())
    assert_valid(log, validator)
    assert_github_rules(log)
    run = log["runs"][0]
    assert {r["ruleId"] for r in run["results"]} == {"EBS001", "EBS004", "CF003"}
    assert len(run["results"]) == 3
    assert run["automationDetails"]["id"] == f"awslint/{ACCOUNT}/"
    assert run["invocations"][0]["exitCode"] == 1 and run["invocations"][0]["executionSuccessful"]
    assert "## awslint: ❌ failed (exit code 1)" in Path("m.md").read_text()


CUSTOM_CHECK = '''
from awslint import check, failed, passed


@check(id="X-VOL001", name="volume-owner-tag", title="EBS volume has no Owner tag", severity="high",
       needs=("ec2:volumes",), lesson="Team policy: ownership", pillars=("operational",),
       remediation="Tag the volume: aws ec2 create-tags --resources <id> --tags Key=Owner,Value=<team>")
def volume_owner_tag(inv, params):
    """Nobody can be asked about a volume without an owner."""
    for volume in inv.live("ec2:volumes"):
        if any(t.get("Key") == "Owner" for t in volume.get("Tags") or []):
            yield passed(volume, "has an Owner tag")
        else:
            yield failed(volume, f"Volume {volume['VolumeId']} has no Owner tag.")
'''


def test_a_check_not_installed_here_keeps_a_rule_and_is_named_once(shards, validator):  # noqa: F811
    checks_dir = shards / "team-checks"
    checks_dir.mkdir()
    (checks_dir / "owner.py").write_text(textwrap.dedent(CUSTOM_CHECK))
    for region, out in (("us-east-1", "ca.json"), ("eu-west-1", "cb.json")):
        result = invoke("scan", "--from", "inv.json", "--checks-dir", str(checks_dir), "--check", f"{CHECKS},X-VOL001",
                        "--region", region, "--format", f"json={out}", "-q")
        assert result.exit_code == 1, result.output

    result = invoke("merge", "ca.json", "cb.json", "--format", "sarif=m.sarif", "--format", "json=m.json")
    assert result.exit_code == 1, result.output
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "checks not installed here: X-VOL001 (volume-owner-tag)" in warnings[0]
    log = json.loads(Path("m.sarif").read_text())
    assert_valid(log, validator)
    assert_github_rules(log)
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["X-VOL001"]["name"] == "volume-owner-tag"
    assert rules["X-VOL001"]["properties"]["security-severity"] == "8.0"
    merged = load("m.json")
    assert merged["summary"]["checks"] == 5 and merged["summary"]["failed_by_severity"]["high"] == 2

    # with the check loaded, its full metadata and no warning
    result = invoke("merge", "ca.json", "cb.json", "--checks-dir", str(checks_dir), "--format", "sarif=m.sarif")
    assert result.exit_code == 1 and "warning" not in result.stderr
    rules = {r["id"]: r for r in json.loads(Path("m.sarif").read_text())["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["X-VOL001"]["shortDescription"]["text"] == "EBS volume has no Owner tag"


# -- suppressions and baselines are the inputs' ---------------------------------------------------------
def test_suppressions_and_baseline_states_are_kept_and_the_sections_describe_the_whole(shards):
    Path("team.yaml").write_text(textwrap.dedent("""\
        suppressions:
          - check: ebs-volume-encrypted
            resource: vol-2
            reason: scratch volume, deleted at the end of the quarter
    """))
    assert invoke("baseline", "create", "--from", "inv.json", "--check", CHECKS, "-o", "baseline.json").exit_code == 0
    common = ("--profile", "team.yaml", "--baseline", "baseline.json")
    assert scan(*common, "--region", "us-east-1", out="sa.json") == 0
    assert scan(*common, "--region", "eu-west-1", out="sb.json") == 0
    assert scan(*common, out="sfull.json") == 0
    # the us-east-1 piece could not see vol-2: for it the suppression matched nothing
    assert load("sa.json")["scan"]["unused_suppressions"]

    result = invoke("merge", "sa.json", "sb.json", "--format", "json=m.json")
    assert result.exit_code == 0, result.output
    merged, full = load("m.json"), load("sfull.json")
    assert identities(merged) == identities(full)
    assert [r["resource_id"] for r in merged["results"] if r["suppressed"]] == ["vol-2"]
    assert {r.get("baseline_state") for r in merged["results"] if r["status"] == "FAIL"} == {"unchanged"}
    # used in the eu-west-1 piece, so not unused in the whole; and the piece's note about it is gone
    assert "unused_suppressions" not in merged["scan"] and "unused_suppressions" not in full["scan"]
    assert not any("matched no failing finding" in n for n in merged.get("notes", []))
    assert merged["scan"]["baseline"] == {**full["scan"]["baseline"], "path": "baseline.json"}
    assert merged["summary"]["baseline"] == full["summary"]["baseline"]


# -- the scan section, as pure functions ----------------------------------------------------------------
def _input(path: str, **scan) -> MergeInput:
    base = {"profile": "default", "profile_source": "built-in", "aws_profile": None, "accounts": [], "regions": [],
            "skipped_regions": [], "started_at": "2026-01-01T10:00:00+00:00", "finished_at": "2026-01-01T10:01:00+00:00",
            "api_calls": 0, "checks": [], "source": "live"}
    return MergeInput(path, {"tool": {"name": "awslint", "version": "0"}, "scan": {**base, **scan}, "results": [],
                             "errors": [], "summary": {"fail_on": "low", "exit_code": 0}})


def test_scan_section_rules():
    a = _input("a.json", accounts=["222222222222"], regions=["us-east-1"], skipped_regions=["ap-east-1"],
               started_at="2026-01-01T10:00:00+00:00", finished_at="2026-01-01T10:05:00+00:00", api_calls=10,
               api_calls_by_operation={"ec2.DescribeVolumes": 4, "s3.ListBuckets": 6}, checks=["b-check", "a-check"],
               aws_profile="org", source="live", shard="1/2", tier="prod",
               account_summaries=[{"id": "222222222222", "failed": 1}, {"id": "111111111111", "failed": 9}])
    b = _input("b.json", accounts=["111111111111", "222222222222"], regions=["eu-west-1"], skipped_regions=[],
               started_at="2026-01-01T09:58:00+00:00", finished_at="2026-01-01T10:03:00+00:00", api_calls=5,
               api_calls_by_operation={"ec2.DescribeVolumes": 5}, checks=["a-check", "c-check"], profile="prod",
               aws_profile="other", source="inventory:x.json", shard="2/2", tier="prod",
               account_summaries=[{"id": "111111111111", "failed": 2}])
    scan = merging.merge_scan([a, b])
    assert scan["accounts"] == ["111111111111", "222222222222"]
    assert scan["regions"] == ["eu-west-1", "us-east-1"]
    assert scan["skipped_regions"] == ["ap-east-1"]
    assert (scan["started_at"], scan["finished_at"]) == ("2026-01-01T09:58:00+00:00", "2026-01-01T10:05:00+00:00")
    assert scan["duration_seconds"] == 420
    assert scan["api_calls"] == 15
    assert scan["api_calls_by_operation"] == {"ec2.DescribeVolumes": 9, "s3.ListBuckets": 6}
    assert scan["checks"] == ["b-check", "a-check", "c-check"]
    assert (scan["profile"], scan["aws_profile"], scan["source"]) == ("mixed", None, "mixed")
    assert scan["profile_source"] == "built-in"
    assert scan["account_summaries"] == [{"id": "222222222222", "failed": 1}, {"id": "111111111111", "failed": 2}]
    assert scan["tier"] == "prod" and "shard" not in scan  # a value that differs per input describes a piece
    assert scan["merged_from"] == ["a.json", "b.json"]

    same = merging.merge_scan([a, _input("c.json", aws_profile="org", source="live")])
    assert (same["profile"], same["aws_profile"], same["source"]) == ("default", "org", "live")
    assert "account_summaries" in same and "demo" not in same


def _result(rid: str, region: str = "us-east-1", status: Status = Status.FAIL, **kw) -> dict:
    return Result(check="ebs-gp3", id="EBS001", status=status, severity=Severity.LOW, account=ACCOUNT, region=region,
                  message="m", resource_id=rid, **kw).to_dict()


def test_duplicates_are_dropped_across_inputs_only():
    a, b = _input("a.json"), _input("b.json")
    a.data["results"] = [_result("vol-1"), _result("vol-1", "eu-west-1"), _result("vol-2")]
    b.data["results"] = [_result("vol-1"), _result("vol-3")]
    results, duplicates = merging.merge_results([a, b])
    assert duplicates == 1
    assert sorted((r.region, r.resource_id) for r in results) == [
        ("eu-west-1", "vol-1"), ("us-east-1", "vol-1"), ("us-east-1", "vol-2"), ("us-east-1", "vol-3")]
    a.data["errors"] = [{"message": "plugin x failed", "kind": "plugin"}]
    b.data["errors"] = [{"message": "plugin x failed", "kind": "plugin"}, {"message": "denied", "region": "eu-west-1"}]
    assert [e.message for e in merging.merge_errors([a, b])] == ["plugin x failed", "denied"]
    a.data["notes"], b.data["notes"] = ["one", "two"], ["two", "three"]
    assert merging.merge_notes([a, b]) == ["one", "two", "three"]


def test_merge_of_reports_without_registry_entries_or_results():
    a = _input("a.json", checks=["ebs-gp3", "gone-check"])
    a.data["results"] = [_result("vol-1")]
    merged = merging.merge([a], default_registry())
    assert [c.id for c in merged.report.checks] == ["EBS001"]
    assert merged.unknown_checks == ["gone-check (no result: not counted)"]
    assert merged.report.exit_code == 1
