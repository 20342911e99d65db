"""Baselines: fail only on new findings; report the fixed ones; refuse a bad baseline file (exit 2)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from awslint.baseline import Baseline, BaselineError, global_check_ids
from awslint.cli import main
from awslint.testing import default_registry
from tests.helpers import validate_report
from tests.test_sarif import _result, synthetic_report

NAT_SCAN = ("--region", "us-east-1", "--check", "nat-gateway-per-az")


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _private_subnet(ec2, vpc, cidr, az, nat):
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=az)["Subnet"]["SubnetId"]
    rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
    ec2.associate_route_table(RouteTableId=rtb, SubnetId=subnet)
    return subnet, rtb


def _nat(ec2, vpc, cidr, az):
    public = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=az)["Subnet"]["SubnetId"]
    eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
    return ec2.create_nat_gateway(SubnetId=public, AllocationId=eip)["NatGateway"]["NatGatewayId"]


def test_rescan_with_baseline_marks_new_unchanged_absent_and_gates_on_new_only(moto_account, tmp_path):
    ec2 = moto_account.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    nat_a = _nat(ec2, vpc, "10.0.0.0/24", "us-east-1a")
    ok, _ = _private_subnet(ec2, vpc, "10.0.1.0/24", "us-east-1a", nat_a)
    to_fix, to_fix_rtb = _private_subnet(ec2, vpc, "10.0.2.0/24", "us-east-1b", nat_a)
    stays, _ = _private_subnet(ec2, vpc, "10.0.3.0/24", "us-east-1c", nat_a)

    base = tmp_path / "baseline.json"
    created = invoke("baseline", "create", *NAT_SCAN, "--output", base)
    assert created.exit_code == 0, created.output
    baseline = validate_report(base.read_text())
    assert {r["resource_id"] for r in baseline["results"] if r["status"] == "FAIL"} == {to_fix, stays}

    # Fix one violation (a NAT gateway in us-east-1b for its subnet) and add another (a new 1d subnet via 1a).
    nat_b = _nat(ec2, vpc, "10.0.4.0/24", "us-east-1b")
    ec2.replace_route(RouteTableId=to_fix_rtb, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat_b)
    added, _ = _private_subnet(ec2, vpc, "10.0.5.0/24", "us-east-1d", nat_a)

    current = tmp_path / "current.json"
    sarif = tmp_path / "current.sarif"
    result = invoke("scan", *NAT_SCAN, "--baseline", base, "--format", "table", "--format", f"json={current}",
                    "--format", f"sarif={sarif}")
    assert result.exit_code == 1, result.output
    report = validate_report(current.read_text())
    states = {(r["resource_id"], r["status"]): r.get("baseline_state") for r in report["results"]}
    assert states == {(ok, "PASS"): None, (to_fix, "PASS"): None, (to_fix, "FAIL"): "absent",
                      (stays, "FAIL"): "unchanged", (added, "FAIL"): "new"}
    assert report["summary"]["failed"] == 2 and report["summary"]["baseline"] == {"absent": 1, "new": 1, "unchanged": 1}
    assert report["scan"]["baseline"] | {"path": None, "finished_at": None} == {
        "path": None, "finished_at": None, "failures": 2, "new": 1, "unchanged": 1, "absent": 1, "not_evaluated": 0}
    assert any(line.split()[:2] == ["baseline", "severity"] for line in result.output.splitlines())  # table column
    table_states = {line.split()[0] for line in result.output.splitlines() if line.split()[:1] and
                    line.split()[0] in ("new", "unchanged", "absent")}
    assert table_states == {"new", "unchanged", "absent"}
    sarif_states = {r["locations"][0]["logicalLocations"][0]["name"]: r["baselineState"]
                    for r in json.loads(sarif.read_text())["runs"][0]["results"]}
    assert sarif_states == {stays: "unchanged", added: "new"}

    # The exit code comes from the new failure only: with the current report as baseline, nothing is new.
    again = invoke("scan", *NAT_SCAN, "--baseline", current, "--format", "json")
    assert again.exit_code == 0, again.output
    rescanned = validate_report(again.output[again.output.index("{"):])
    assert rescanned["summary"]["baseline"] == {"unchanged": 2}
    # ...and a new failure below --fail-on does not gate either.
    assert invoke("scan", *NAT_SCAN, "--baseline", base, "--fail-on", "critical").exit_code == 0


@pytest.mark.parametrize("content, message", [
    ("{not json", "is not JSON"),
    ('{"version": "2.1.0", "runs": []}', "this looks like SARIF"),
    ('[1, 2]', "is not an awslint JSON report"),
    ('{"tool": {"name": "awslint", "version": "0.1.0"}, "scan": {}, "errors": [], "summary": {}}',
     "is not a valid awslint JSON report"),
])
def test_corrupt_or_foreign_baseline_is_exit_2_before_scanning(tmp_path, content, message):
    path = tmp_path / "baseline.json"
    path.write_text(content)
    result = invoke("scan", "--demo", "--baseline", path)
    assert result.exit_code == 2
    assert message in result.output and str(path) in result.output
    assert "built the demo" not in result.output and "Traceback" not in result.output


def test_missing_baseline_is_exit_2_with_the_command_to_create_one(tmp_path):
    result = invoke("scan", "--demo", "--baseline", tmp_path / "nope.json")
    assert result.exit_code == 2 and "awslint baseline create" in result.output


def _baseline_from(results, tmp_path) -> Baseline:
    path = tmp_path / "b.json"
    path.write_text(json.dumps(synthetic_report(results).to_json()))
    return Baseline.load(path)


def test_findings_not_evaluated_now_are_not_called_absent(tmp_path):
    old = [_result("X-NET001", "alpha", "FAIL", "subnet-east"),
           _result("X-NET001", "alpha", "FAIL", "subnet-west", region="eu-west-1"),  # region not scanned now
           _result("X-NET002", "beta", "FAIL", "subnet-errored"),                    # its scope ERRORs now
           _result("X-NET001", "alpha", "FAIL", "subnet-gone", baseline_state="absent")]  # absent already
    baseline = _baseline_from(old, tmp_path)
    assert len(baseline.failures) == 3
    report = synthetic_report([_result("X-NET002", "beta", "ERROR", None, message="AccessDenied")])
    baseline.apply(report)
    absent = [r.resource_id for r in report.results if r.baseline_state == "absent"]
    assert absent == ["subnet-east"]
    assert report.scan["baseline"]["not_evaluated"] == 2
    assert report.results[-1].message.startswith("No longer failing")


def test_global_checks_are_evaluated_whatever_the_region(tmp_path):
    old = [_result("X-NET001", "alpha", "FAIL", "bucket-1", region="ap-south-1")]
    report = synthetic_report([])
    _baseline_from(old, tmp_path).apply(report, global_checks={"X-NET001"})
    assert [r.baseline_state for r in report.results] == ["absent"]


def test_suppressed_findings_take_part_and_absent_are_not_failures(tmp_path):
    baseline = _baseline_from([_result("X-NET001", "alpha", "FAIL", "subnet-1")], tmp_path)
    report = synthetic_report([_result("X-NET001", "alpha", "FAIL", "subnet-1", suppressed=True,
                                       suppression_reason="accepted"),
                               _result("X-NET001", "alpha", "FAIL", "subnet-2")])
    baseline.apply(report)
    assert [(r.resource_id, r.baseline_state) for r in report.results] == [("subnet-1", "unchanged"),
                                                                            ("subnet-2", "new")]
    gone = synthetic_report([])
    baseline.apply(gone)
    assert gone.failures() == [] and gone.summary()["failed"] == 0
    validate_report(gone.to_json())


def test_global_check_ids_come_from_the_sources():
    registry = default_registry()
    ids = global_check_ids(registry.all(), registry.sources)
    assert "NET001" not in ids
    for check in registry.all():
        if check.id in ids:
            assert all(registry.sources[k].is_global for k in check.needs)


def test_baseline_error_names_the_file(tmp_path):
    with pytest.raises(BaselineError, match=r"b\.json"):
        Baseline.load(tmp_path / "b.json")


def _other_account_baseline(tmp_path, accounts=("210987654321",)):
    data = synthetic_report([_result("X-NET001", "alpha", "FAIL", "subnet-1")]).to_json()
    data["scan"]["accounts"] = list(accounts)
    for entry in data["results"]:
        entry["account"] = accounts[0]
    path = tmp_path / "other.json"
    path.write_text(json.dumps(data))
    return path


def test_baseline_of_another_account_is_exit_2_and_writes_no_report(moto_account, tmp_path):
    out = tmp_path / "report.json"
    result = invoke("scan", *NAT_SCAN, "--baseline", _other_account_baseline(tmp_path), "--format", f"json={out}")
    assert result.exit_code == 2, result.output
    assert "is of account 210987654321, but this scan is of account 123456789012" in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_baseline_sharing_one_account_applies_to_the_others_as_new(tmp_path):
    baseline = Baseline.load(_other_account_baseline(tmp_path, accounts=("210987654321", "123456789012")))
    report = synthetic_report([_result("X-NET001", "alpha", "FAIL", "subnet-2")])
    baseline.apply(report)
    assert [r.baseline_state for r in report.results] == ["new"]
    with pytest.raises(BaselineError, match="every finding would be new"):
        Baseline.load(_other_account_baseline(tmp_path)).apply(synthetic_report([]))
