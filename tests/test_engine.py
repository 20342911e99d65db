"""Engine contracts: exit codes, errors as results, selection, sources fetched once."""

from __future__ import annotations

import pytest

from awslint import check, failed, passed
from awslint.checkapi import CheckDefinitionError
from awslint.engine import evaluate, exit_code
from awslint.model import Result, Severity, Status
from awslint.registry import Registry, SelectionError, build_registry
from awslint.session import AwsSession
from awslint.settings import Flags, resolve
from awslint.testing import inventory_from
from tests.helpers import scan_with, validate_report


def _result(status, severity="high", **kw):
    return Result(check="c", id="NET001", status=Status(status), severity=Severity(severity), account="1",
                  region="r", message="m", **kw)


@pytest.mark.parametrize(("results", "fail_on", "allow", "code"), [
    ([], "low", False, 0),
    ([_result("PASS")], "low", False, 0),
    ([_result("FAIL", "low")], "low", False, 1),
    ([_result("FAIL", "low")], "medium", False, 0),
    ([_result("FAIL", "critical")], "never", False, 0),
    ([_result("FAIL", "high", suppressed=True)], "low", False, 0),
    ([_result("ERROR")], "low", False, 3),
    ([_result("ERROR")], "low", True, 0),
    ([_result("ERROR"), _result("FAIL")], "low", False, 1),
    ([_result("FAIL", baseline_state="unchanged")], "low", False, 0),
    ([_result("FAIL", baseline_state="new")], "low", False, 1),
])
def test_exit_code_contract(results, fail_on, allow, code):
    assert exit_code(results, fail_on, allow_incomplete=allow) == code


def _custom(fn_body):
    @check(id="X-TST001", name="x-test-check", title="test", severity="medium", needs=("ec2:volumes",),
           lesson="Day 9: Storage", pillars=("cost",), remediation="fix it")
    def fn(inv, params):
        yield from fn_body(inv, params)
    spec = fn.__awslint_check__
    spec.origin = "test"
    return spec


def test_exception_in_a_check_is_an_error_result_not_a_crash():
    def boom(inv, params):
        yield passed("vol-1", "ok")
        raise RuntimeError("kaboom")
    results, errors = evaluate([_custom(boom)], inventory_from({"ec2:volumes": []}))
    assert [r.status for r in results] == [Status.ERROR]
    assert "RuntimeError: kaboom" in results[0].message and errors[0].check == "x-test-check"


def test_reading_an_undeclared_source_is_reported_as_a_check_bug():
    def sneaky(inv, params):
        yield from (failed(s["SubnetId"], "x") for s in inv["ec2:subnets"])
    results, _ = evaluate([_custom(sneaky)], inventory_from({"ec2:volumes": [], "ec2:subnets": []}))
    assert results[0].status is Status.ERROR and "does not declare it in needs" in results[0].message


def test_failed_source_in_one_region_errors_only_that_region():
    inv = inventory_from({"ec2:volumes": {"us-east-1": [{"VolumeId": "vol-1"}], "eu-west-1": []}})
    inv.errors[("ec2:volumes", "123456789012", "eu-west-1")] = "AccessDenied on DescribeVolumes"

    def judge(inv, params):
        for v in inv["ec2:volumes"]:
            yield failed(v["VolumeId"], "bad")
    results, errors = evaluate([_custom(judge)], inv)
    assert {(r.region, r.status.value) for r in results} == {("us-east-1", "FAIL"), ("eu-west-1", "ERROR")}
    assert errors[0].source == "ec2:volumes" and errors[0].region == "eu-west-1"


def test_selection_by_id_name_area_pillar_severity_and_typos():
    registry = build_registry()

    def chosen(**flags):
        return list(resolve(Flags(**flags), registry).checks)

    assert [c.name for c in chosen(checks=["NET001"])] == ["nat-gateway-per-az"]
    assert [c.id for c in chosen(checks=["nat-gateway-per-az"])] == ["NET001"]
    assert "NET001" in [c.id for c in chosen(checks=["NET"])]
    assert "NET001" in [c.id for c in chosen(checks=["reliability"])]
    assert "NET001" not in [c.id for c in chosen(skip_checks=["NET001"])]
    assert all(Severity(c.severity).rank >= Severity.HIGH.rank for c in chosen(min_severity="high"))
    with pytest.raises(SelectionError, match="did you mean 'nat-gateway-per-az'"):
        chosen(checks=["nat-gateway-per-azz"])


def test_duplicate_ids_and_names_are_refused_with_both_origins():
    registry = Registry()
    for src in build_registry().sources.values():
        registry.add_source(src)
    first = _custom(lambda inv, p: iter(()))
    registry.add_check(first)
    second = _custom(lambda inv, p: iter(()))
    second.module = "other_plugin"
    with pytest.raises(CheckDefinitionError, match=r"duplicate check id 'X-TST001'.*other_plugin"):
        registry.add_check(second)


def test_disabled_region_is_skipped_reported_and_exit_3(moto_account):
    """moto, like AWS, lists me-south-1 as an opt-in region the account has not enabled."""
    registry = build_registry()
    aws = AwsSession(moto_account.session)
    report = scan_with(registry, aws, regions=["eu-west-1", "me-south-1"], checks=["nat-gateway-per-az"])
    assert report.scan["regions"] == ["eu-west-1"] and report.scan["skipped_regions"] == ["me-south-1"]
    assert any("me-south-1 is not enabled" in e.message for e in report.errors)
    assert report.exit_code == 3
    validate_report(report.to_json())


def test_only_needed_sources_are_fetched_once_per_region(moto_account):
    registry = build_registry()
    aws = AwsSession(moto_account.session)
    report = scan_with(registry, aws, regions=["us-east-1", "eu-west-1"], checks=["nat-gateway-per-az"])
    ops = report.scan["api_calls_by_operation"]
    assert ops == {"ec2.DescribeNatGateways": 2, "ec2.DescribeRegions": 1, "ec2.DescribeRouteTables": 2,
                   "ec2.DescribeSubnets": 2, "sts.GetCallerIdentity": 1}


def test_a_failed_source_the_check_does_not_need_is_not_an_error():
    """efs-backup reads AWS Backup only for file systems without automatic backups."""
    from awslint.testing import run_check, verdicts

    denied = {"backup:protected_resources": "AccessDeniedException on ListProtectedResources"}
    fs = {"FileSystemId": "fs-1", "LifeCycleState": "available", "BackupPolicy": {"Status": "ENABLED"}}
    assert verdicts(run_check("efs-backup", inventory_from({"efs:file_systems": [fs]}, errors=denied))) == {
        "fs-1": "PASS"}
    assert verdicts(run_check("efs-backup", inventory_from({"efs:file_systems": []}, errors=denied))) == {}
    off = {**fs, "BackupPolicy": {"Status": "DISABLED"}}
    results = run_check("efs-backup", inventory_from({"efs:file_systems": [off]}, errors=denied))
    assert verdicts(results) == {"ERROR:us-east-1": "ERROR"} and "AccessDenied" in results[0].message


def test_a_check_reading_a_failed_source_after_yielding_drops_its_partial_results():
    def half(inv, params):
        yield passed("vol-1", "ok")
        inv["ec2:subnets"]  # reading it is the point

    spec = _custom(half)
    spec.needs = ("ec2:volumes", "ec2:subnets")
    inv = inventory_from({"ec2:volumes": []}, errors={"ec2:subnets": "UnauthorizedOperation on DescribeSubnets"})
    results, errors = evaluate([spec], inv)
    assert [r.status for r in results] == [Status.ERROR]
    assert errors[0].source == "ec2:subnets"
