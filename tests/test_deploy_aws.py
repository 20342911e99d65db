"""deploy/aws: the member-role and scanner CloudFormation templates, the Lambda handlers, the zip builder.

The templates are linted with cfn-lint (and the state machine's definition, a JSON string in the template, is
linted again as an ASL object, since cfn-lint does not look inside a ``!Sub`` string). The handlers run in-process
on moto: Organizations, multi-account AssumeRole (an assumed role's credentials reach that account's own
resources) and S3. The state machine itself runs on moto's Step Functions engine, Distributed Map included; moto's
Lambda needs Docker to run code, so its ``invoke`` is routed to the handlers in this process (see
``lambda_runs_in_process``), and moto's ResultWriter writes only an empty manifest (the merge step finds the
reports under the run's prefix, which is how it finds them on AWS too).
"""

from __future__ import annotations

import copy
import functools
import io
import json
import re
import time
import zipfile
from pathlib import Path
from typing import Any

import boto3
import pytest
from cfnlint.api import lint, lint_file
from cfnlint.decode import decode_str
from moto import mock_aws

from awslint import aws_lambda
from tests.helpers import validate_report

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy" / "aws"
REGION = "us-east-1"
MANAGEMENT = "123456789012"  # moto's default account: the credentials of the tests (and of the "Lambdas")
READ_ONLY_ACTION = re.compile(r"^[a-z0-9-]+:(Describe|List|Get|BatchGet)[A-Za-z0-9]*$")
#: Where an API operation's IAM action is not service:Operation.
IAM_ACTION_OF = {"s3:ListBuckets": "s3:ListAllMyBuckets", "s3:GetBucketReplication": "s3:GetReplicationConfiguration"}


def _cli_has(flag: str) -> bool:
    from awslint.cli.scan import scan

    return any(flag in param.opts for param in scan.params)


def _has_merge() -> bool:
    from awslint.cli import main

    return "merge" in main.commands


needs_account_flag = pytest.mark.skipif(not _cli_has("--account"), reason="`awslint scan --account` is not in yet")
needs_merge = pytest.mark.skipif(not _has_merge(), reason="`awslint merge` is not in yet")


def template(name: str) -> dict[str, Any]:
    """The template as data (``!Sub`` becomes ``{"Fn::Sub": ...}``); a fresh copy each time."""
    return copy.deepcopy(_decoded(name))


@functools.cache
def _decoded(name: str) -> dict[str, Any]:
    parsed, problems = decode_str((DEPLOY / name).read_text())
    assert not problems, problems
    return parsed


def statements(document: dict[str, Any]) -> list[dict[str, Any]]:
    found = document["Statement"]
    return found if isinstance(found, list) else [found]


def actions(statement: dict[str, Any]) -> list[str]:
    found = statement["Action"]
    return [found] if isinstance(found, str) else found


def inline_read_policy(role: dict[str, Any]) -> dict[str, Any]:
    """The ``awslint-checks-read`` policy of a role (unwrapping the scanner's ``!If``)."""
    for policy in role["Properties"]["Policies"]:
        policy = policy["Fn::If"][1] if "Fn::If" in policy else policy
        if policy["PolicyName"] == "awslint-checks-read":
            return policy["PolicyDocument"]
    raise AssertionError("no awslint-checks-read policy")


def state_machine_definition(values: dict[str, str]) -> str:
    """The scanner's state machine definition with its ``${...}`` placeholders filled in from ``values``."""
    sub = template("scanner.yaml")["Resources"]["StateMachine"]["Properties"]["DefinitionString"]["Fn::Sub"]
    return re.sub(r"\$\{([^}]+)\}", lambda m: values[m.group(1)], sub)


# ------------------------------------------------------------------------------------------------ the templates

@pytest.mark.parametrize("name", ["member-role.yaml", "scanner.yaml"])
def test_template_passes_cfn_lint(name):
    """No error, no warning, nothing ignored."""
    problems = lint_file(DEPLOY / name)
    assert not problems, "\n".join(str(p) for p in problems)


def test_state_machine_definition_is_valid_asl_with_every_placeholder_defined():
    scanner = template("scanner.yaml")
    sub = scanner["Resources"]["StateMachine"]["Properties"]["DefinitionString"]["Fn::Sub"]
    placeholders = set(re.findall(r"\$\{([^}]+)\}", sub))
    for name in placeholders:
        ref, _, attribute = name.partition(".")
        assert ref in scanner["Parameters"] or ref in scanner["Resources"] or ref.startswith("AWS::"), name
        assert attribute in ("", "Arn"), name
    values = {name: f"arn:aws:lambda:{REGION}:{MANAGEMENT}:function:{name.split('.')[0]}" for name in placeholders}
    values.update({"AWS::Partition": "aws", "MaxConcurrency": "20", "ReportBucket": "reports", "ReportPrefix": "awslint",
                   "SummaryTopic": f"arn:aws:sns:{REGION}:{MANAGEMENT}:topic"})
    definition = json.loads(state_machine_definition(values))
    as_object = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Sm": {
        "Type": "AWS::StepFunctions::StateMachine",
        "Properties": {"RoleArn": f"arn:aws:iam::{MANAGEMENT}:role/sm", "Definition": definition}}}}
    problems = lint(json.dumps(as_object))
    assert not problems, "\n".join(str(p) for p in problems)
    scan = definition["States"]["ScanAccounts"]
    assert scan["ItemProcessor"]["ProcessorConfig"] == {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}
    assert scan["MaxConcurrency"] == 20 and scan["ToleratedFailurePercentage"] == 100
    assert scan["ItemProcessor"]["States"]["ScanAccount"]["Catch"][0]["ErrorEquals"] == ["States.ALL"]


def test_member_role_trusts_only_the_scanner_account():
    role = template("member-role.yaml")["Resources"]["ReadOnlyRole"]["Properties"]
    [trust] = statements(role["AssumeRolePolicyDocument"])
    assert trust["Effect"] == "Allow" and trust["Action"] == "sts:AssumeRole"
    assert trust["Principal"] == {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${ScannerAccountId}:root"}}
    condition = trust["Condition"]
    assert condition["StringEquals"]["Fn::If"][:2] == ["HasExternalId", {"sts:ExternalId": {"Ref": "ExternalId"}}]
    assert condition["ArnLike"]["Fn::If"][:2] == ["HasScannerPrincipal",
                                                  {"aws:PrincipalArn": {"Ref": "ScannerPrincipalArn"}}]
    assert condition["StringLike"] == {"sts:RoleSessionName": {"Ref": "RoleSessionNamePattern"}}
    assert role["RoleName"] == {"Ref": "RoleName"}
    assert template("member-role.yaml")["Parameters"]["RoleName"]["Default"] == "awslint-readonly"
    assert role["ManagedPolicyArns"] == [{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/SecurityAudit"},
                                         {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/job-function/ViewOnlyAccess"}]


def source_actions() -> set[str]:
    """The IAM action of every operation awslint's built-in sources (and their follow-ups) call."""
    import botocore.session
    from botocore import xform_name

    from awslint.registry import build_registry

    botocore_session = botocore.session.get_session()
    calls: set[tuple[str, str]] = set()

    def walk(service, follow_ups):
        for follow in follow_ups:
            calls.add((follow.service or service, follow.operation))
            walk(follow.service or service, follow.follow_ups)

    for source in build_registry([]).sources.values():
        calls.add((source.service, source.operation))
        walk(source.service, source.follow_ups)
    found = {"ec2:DescribeRegions"}  # the regions to scan
    for service, operation in calls:
        model = botocore_session.get_service_model(service)
        prefix = model.signing_name
        action = f"{prefix}:{next(op for op in model.operation_names if xform_name(op) == operation)}"
        found.add("apigateway:GET" if prefix == "apigateway" else IAM_ACTION_OF.get(action, action))
    return found


def test_member_role_grants_exactly_the_reads_the_sources_make():
    """The inline policy is read-only and is what awslint calls: a new source without its action fails here."""
    document = inline_read_policy(template("member-role.yaml")["Resources"]["ReadOnlyRole"])
    granted = {a for s in statements(document) for a in actions(s)}
    assert all(s["Effect"] == "Allow" for s in statements(document))
    assert all(READ_ONLY_ACTION.match(a) or a == "apigateway:GET" for a in granted), sorted(granted)
    assert granted == source_actions()
    # the scanner's own account is read with the same actions
    scanner = inline_read_policy(template("scanner.yaml")["Resources"]["ScanAccountRole"])
    assert scanner == document


def test_scanner_roles_are_least_privilege():
    resources = template("scanner.yaml")["Resources"]

    def allowed(role: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for policy in resources[role]["Properties"]["Policies"]:
            if "Fn::If" in policy:
                continue  # the ScansItself read-only policy, checked above
            for statement in statements(policy["PolicyDocument"]):
                assert statement["Effect"] == "Allow"
                for action in actions(statement):
                    out[action] = statement
        return out

    scan = allowed("ScanAccountRole")
    assert set(scan) == {"sts:AssumeRole", "s3:PutObject", "logs:CreateLogStream", "logs:PutLogEvents"}
    assert scan["sts:AssumeRole"]["Resource"] == {"Fn::Sub": "arn:${AWS::Partition}:iam::*:role/${MemberRoleName}"}
    assert scan["sts:AssumeRole"]["Condition"] == {"StringEquals": {"aws:ResourceOrgID": {"Ref": "OrganizationId"}}}
    assert scan["s3:PutObject"]["Resource"] == {"Fn::Sub": "${ReportBucket.Arn}/${ReportPrefix}/*"}
    assert set(allowed("ListAccountsRole")) == {"organizations:ListAccounts", "logs:CreateLogStream", "logs:PutLogEvents"}
    assert set(allowed("MergeReportsRole")) == {"s3:GetObject", "s3:PutObject", "s3:ListBucket", "logs:CreateLogStream",
                                                "logs:PutLogEvents"}
    machine = allowed("StateMachineRole")
    assert {a for a in machine if not a.startswith("logs:")} == {
        "lambda:InvokeFunction", "sns:Publish", "states:StartExecution", "states:DescribeExecution",
        "states:StopExecution", "s3:PutObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"}
    own = "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${AWS::StackName}-org-scan"
    assert machine["states:StartExecution"]["Resource"] == {"Fn::Sub": own}
    assert resources["StateMachine"]["Properties"]["StateMachineName"] == {"Fn::Sub": "${AWS::StackName}-org-scan"}
    assert set(allowed("SchedulerRole")) == {"states:StartExecution"}
    bucket = resources["ReportBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["BucketEncryption"] and bucket["LifecycleConfiguration"]["Rules"]


def test_lambda_functions_match_the_handlers():
    resources = template("scanner.yaml")["Resources"]
    handlers = {r["Properties"]["Handler"]: r["Properties"] for r in resources.values()
                if r["Type"] == "AWS::Lambda::Function"}
    assert set(handlers) == {f"awslint.aws_lambda.{n}" for n in ("list_accounts", "scan_account", "merge_reports")}
    for handler, props in handlers.items():
        assert callable(getattr(aws_lambda, handler.rsplit(".", 1)[1]))
        assert props["Runtime"] == "python3.12"
    scan = handlers["awslint.aws_lambda.scan_account"]
    assert scan["Timeout"] == 900 and scan["MemorySize"] == {"Ref": "ScanMemorySize"}
    assert {"ROLE_NAME", "EXTERNAL_ID", "REPORT_BUCKET"} <= set(scan["Environment"]["Variables"])


# ------------------------------------------------------------------------------------------------ the handlers

@pytest.fixture
def aws(monkeypatch, tmp_path):
    """moto with a report bucket, and the environment the template gives the Lambdas."""
    monkeypatch.setenv("REPORT_BUCKET", "awslint-reports")
    monkeypatch.setenv("REPORT_PREFIX", "awslint")
    monkeypatch.setenv("ROLE_NAME", "awslint-readonly")
    for name in ("EXTERNAL_ID", "REGIONS", "LINT_PROFILE", "EXCLUDE_ACCOUNTS", "FAIL_ON"):
        monkeypatch.delenv(name, raising=False)
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}):
        boto3.client("s3", region_name=REGION).create_bucket(Bucket="awslint-reports")
        yield


def organisation(*names: str) -> dict[str, str]:
    """An organisation managed by moto's default account, with these member accounts: {name: id}."""
    org = boto3.client("organizations", region_name=REGION)
    org.create_organization(FeatureSet="ALL")
    return {n: org.create_account(AccountName=n, Email=f"{n}@example.com")["CreateAccountStatus"]["AccountId"]
            for n in names}


def in_account(account_id: str) -> boto3.Session:
    """A session in another account, as awslint gets one: assuming the member role."""
    creds = boto3.client("sts", region_name=REGION).assume_role(
        RoleArn=f"arn:aws:iam::{account_id}:role/awslint-readonly", RoleSessionName="awslint-test")["Credentials"]
    return boto3.Session(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                         aws_session_token=creds["SessionToken"], region_name=REGION)


def gp2_volume(account_id: str) -> str:
    return in_account(account_id).client("ec2").create_volume(AvailabilityZone=f"{REGION}a", Size=8,
                                                              VolumeType="gp2")["VolumeId"]


@pytest.fixture
def gp3_only_profile(tmp_path, monkeypatch):
    """A lint profile that runs one check in one region: the scans stay fast."""
    path = tmp_path / "gp3-only.yaml"
    path.write_text("regions: [us-east-1]\nchecks:\n  select: [ebs-gp3]\n")
    monkeypatch.setenv("LINT_PROFILE", str(path))
    return path


def s3_json(key: str) -> dict[str, Any]:
    return json.loads(boto3.client("s3", region_name=REGION).get_object(Bucket="awslint-reports", Key=key)["Body"].read())


def test_list_accounts_returns_active_accounts_only(aws, monkeypatch):
    ids = organisation("dev", "prod", "closed", "sandbox")
    boto3.client("organizations", region_name=REGION).close_account(AccountId=ids["closed"])
    monkeypatch.setenv("EXCLUDE_ACCOUNTS", f"{ids['sandbox']},")
    listed = aws_lambda.list_accounts({"exclude": [ids["dev"]]}, None)
    assert listed == {"accounts": sorted([{"id": MANAGEMENT, "name": "master"}, {"id": ids["prod"], "name": "prod"}],
                                         key=lambda a: a["id"])}
    assert len(aws_lambda.list_accounts({}, None)["accounts"]) == 3  # the suspended one is never listed


@needs_account_flag
def test_scan_account_writes_the_member_accounts_report(aws, gp3_only_profile):
    member = organisation("workload")["workload"]
    volume = gp2_volume(member)
    boto3.client("ec2", region_name=REGION).create_volume(AvailabilityZone=f"{REGION}a", Size=8, VolumeType="gp2")
    out = aws_lambda.scan_account({"account": {"id": member, "name": "workload"}, "run": "run-1"}, None)
    assert out["key"] == f"awslint/run-1/accounts/{member}.json", out
    assert out["error"] is None and out["exit_code"] == 1 and out["failed"] == 1  # exit 1 is a finding, not an error
    assert out["failed_by_severity"] == {"low": 1}
    report = validate_report(s3_json(out["key"]))
    assert {r["account"] for r in report["results"]} == {member}  # not the management account's gp2 volume
    assert [(r["resource_id"], r["status"]) for r in report["results"]] == [(volume, "FAIL")]
    assert len(json.dumps(out)) < 1000


def test_scan_account_returns_an_error_instead_of_raising(aws, monkeypatch):
    assert aws_lambda.scan_account({"account": {"id": "12345"}}, None)["error"].startswith("not an AWS account id")
    assert aws_lambda.scan_account({}, None)["key"] is None
    # a usage error (exit 2, no report): what the CLI said comes back
    monkeypatch.setenv("REGIONS", "mars-north-1")
    out = aws_lambda.scan_account({"account": {"id": "210987654321", "name": "x"}}, None)
    assert (out["exit_code"], out["key"]) == (2, None) and out["error"], out
    # a crash anywhere, SystemExit included, is the account's error, never the Lambda's

    def crash(*_: Any) -> None:
        raise SystemExit("disk full")

    monkeypatch.setattr(aws_lambda, "_scan", crash)
    out = aws_lambda.scan_account({"account": {"id": "210987654321", "name": "x"}}, None)
    assert out == {"account": "210987654321", "name": "x", "key": None, "exit_code": 70, "failed": 0,
                   "failed_by_severity": {}, "errors": 1, "error": "SystemExit: disk full",
                   "duration_seconds": out["duration_seconds"]}


def test_scan_account_never_passes_the_external_id_on(aws, monkeypatch):
    seen: list[list[str]] = []
    monkeypatch.setenv("EXTERNAL_ID", "s3cr3t-external-id")
    monkeypatch.setattr(aws_lambda, "run_awslint", lambda args: (seen.append(args), (2, "denied"))[1])
    out = aws_lambda.scan_account({"account": {"id": "210987654321"}, "regions": ["eu-west-1"]}, None)
    assert seen == [["scan", "--account", "210987654321", "--role-name", "awslint-readonly", "--format",
                     seen[0][6], "--external-id", "s3cr3t-external-id", "--region", "eu-west-1"]]
    assert seen[0][6].startswith("json=") and seen[0][6].endswith("/210987654321.json")
    assert "s3cr3t" not in json.dumps(out)


def test_error_report_is_a_valid_report():
    report = validate_report(aws_lambda.error_report("210987654321", "x", "AccessDenied"))
    assert report["errors"] == [{"message": "account 210987654321 could not be scanned: AccessDenied",
                                 "account": "210987654321", "kind": "account"}]
    assert report["summary"]["exit_code"] == 3


def account_report(account: str, failures: int) -> dict[str, Any]:
    """A small, schema-valid report of one account with ``failures`` high-severity gp2 findings."""
    results = [{"check": "ebs-gp3", "id": "EBS001", "status": "FAIL", "severity": "high", "account": account,
                "region": REGION, "resource_type": "AWS::EC2::Volume", "resource_id": f"vol-{account}{i}",
                "resource_arn": f"arn:aws:ec2:{REGION}:{account}:volume/vol-{account}{i}", "message": "gp2",
                "suppressed": False} for i in range(failures)]
    report = aws_lambda.error_report(account, "", "unused")
    report.update(results=results, errors=[])
    report["scan"].update(accounts=[account], regions=[REGION])
    del report["scan"]["account_summaries"]
    report["summary"].update(checks=1, results=failures, failed=failures, errors=0, exit_code=0,
                             failed_by_severity={"high": failures})
    return validate_report(report)


def put_report(run: str, account: str, failures: int) -> str:
    key = f"awslint/{run}/accounts/{account}.json"
    boto3.client("s3", region_name=REGION).put_object(Bucket="awslint-reports", Key=key,
                                                      Body=json.dumps(account_report(account, failures)))
    return key


@needs_merge
def test_merge_reports_merges_the_accounts_and_reports_the_lost_one(aws):
    a, b, lost = "111111111111", "222222222222", "333333333333"
    results = [{"account": a, "key": put_report("r", a, 2)}, {"account": b, "key": put_report("r", b, 1)},
               {"account": lost, "key": None, "error": "the scan Lambda failed (Sandbox.Timedout)"}]
    out = aws_lambda.merge_reports({"run": "r", "map": results, "accounts": [{"id": x, "name": x} for x in (a, b, lost)]})
    assert out["keys"] == {"json": "awslint/r/awslint.json", "sarif": "awslint/r/awslint.sarif",
                           "markdown": "awslint/r/awslint.md"}
    merged = validate_report(s3_json(out["keys"]["json"]))
    assert sorted((r["account"], r["resource_id"]) for r in merged["results"]) == [
        (a, f"vol-{a}0"), (a, f"vol-{a}1"), (b, f"vol-{b}0")]
    assert any(e.get("account") == lost and "Sandbox.Timedout" in e["message"] for e in merged["errors"])
    assert out["exit_code"] == merged["summary"]["exit_code"] == 1
    assert out["accounts"] == 3 and out["accounts_in_error"] == [lost]
    assert out["failed_by_severity"]["high"] == 3
    assert "exit code 1" in out["summary"] and f"ERROR {lost}" in out["summary"] and len(out["subject"]) <= 100


def test_merge_reports_reads_the_map_results_exported_to_s3(aws, monkeypatch):
    """The template exports the map's results with ResultWriter (moto writes only an empty manifest, so this is
    the format AWS documents): a recorded crash (SUCCEEDED, via RecordCrash) and a failed child execution each
    give their account's ERROR with the reason."""
    s3 = boto3.client("s3", region_name=REGION)
    ok, crashed, failed = "111111111111", "222222222222", "333333333333"
    put_report("r", ok, 1)
    item = {"ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:m/ScanAccounts:1", "Status": "SUCCEEDED"}
    succeeded = [
        {**item, "Input": json.dumps({"account": {"id": ok}}), "Output": json.dumps({"account": ok, "key": None})},
        {**item, "Input": json.dumps({"account": {"id": crashed, "name": "c"}}),
         "Output": json.dumps({"account": crashed, "name": "c", "key": None, "exit_code": 70,
                               "error": "the scan Lambda failed (Sandbox.Timedout); see its CloudWatch logs"})}]
    failures = [{**item, "Status": "FAILED", "Input": json.dumps({"account": {"id": failed, "name": "f"}, "run": "r"}),
                 "Error": "States.Runtime", "Cause": "the Pass state failed"}]
    s3.put_object(Bucket="awslint-reports", Key="awslint/map-results/u/SUCCEEDED_0.json", Body=json.dumps(succeeded))
    s3.put_object(Bucket="awslint-reports", Key="awslint/map-results/u/FAILED_0.json", Body=json.dumps(failures))
    s3.put_object(Bucket="awslint-reports", Key="awslint/map-results/u/manifest.json", Body=json.dumps({
        "DestinationBucket": "awslint-reports", "MapRunArn": "arn",
        "ResultFiles": {"FAILED": [{"Key": "awslint/map-results/u/FAILED_0.json", "Size": 1}], "PENDING": [],
                        "SUCCEEDED": [{"Key": "awslint/map-results/u/SUCCEEDED_0.json", "Size": 1}]}}))
    merged: list[list[dict[str, Any]]] = []

    def merge(args):  # what `awslint merge` was given
        merged.append([json.loads(Path(a).read_text()) for a in args[1:] if a.endswith(".json") and "=" not in a])
        return 2, "stop here"

    monkeypatch.setattr(aws_lambda, "run_awslint", merge)
    out = aws_lambda.merge_reports({"run": "r", "map": {"ResultWriterDetails": {
        "Bucket": "awslint-reports", "Key": "awslint/map-results/u/manifest.json"}}})
    reports = {r["errors"][0]["account"] if r["errors"] else r["scan"]["accounts"][0]: r for r in merged[0]}
    assert sorted(reports) == [ok, crashed, failed]
    assert reports[ok]["summary"]["failed"] == 1  # its report under the prefix wins over the map's view of it
    assert "Sandbox.Timedout" in reports[crashed]["errors"][0]["message"]
    assert "States.Runtime: the Pass state failed" in reports[failed]["errors"][0]["message"]
    assert out["accounts_in_error"] == [crashed, failed]


def test_merge_reports_still_summarises_when_the_merge_fails(aws, monkeypatch):
    """If `awslint merge` cannot run, the SNS message still says what was found and that the merge failed."""
    monkeypatch.setattr(aws_lambda, "run_awslint", lambda args: (2, "No such command 'merge'."))
    put_report("r", "111111111111", 2)
    out = aws_lambda.merge_reports({"run": "r", "accounts": [{"id": "111111111111"}, {"id": "333333333333"}]})
    assert out["keys"] == {} and out["accounts"] == 2 and out["accounts_in_error"] == ["333333333333"]
    assert out["failed_by_severity"]["high"] == 2
    assert "the merge failed: No such command 'merge'." in out["summary"]


# ------------------------------------------------------------------------------------------------ the state machine

@pytest.fixture
def lambda_runs_in_process(monkeypatch):
    """moto's Lambda runs code only in Docker; without Docker (``use_docker: False``) it echoes the payload. This
    routes each invocation to the awslint handler of the function instead, in this process, the way the Lambda
    runtime would call it: an exception becomes a function error, as it does on AWS. Tests may set ``crash`` to
    account ids whose scan, or to function names whose every call, times out (error ``Sandbox.Timedout``)."""
    from moto.awslambda_simple.models import LambdaSimpleBackend

    state: dict[str, Any] = {"crash": set(), "calls": []}

    def invoke(self, function_name, qualifier, body, headers, response_headers):
        name = function_name.rsplit(":", 1)[-1]
        event = json.loads(body or "{}")
        state["calls"].append((name, event))
        try:
            if name in state["crash"] or (name == "scan_account" and event["account"]["id"] in state["crash"]):
                raise TimeoutError("Task timed out")
            return json.dumps(getattr(aws_lambda, name)(event, None)).encode()
        except Exception as exc:  # what the Lambda runtime answers for an unhandled error (or a timeout)
            response_headers["x-amz-function-error"] = "Unhandled"
            error = "Sandbox.Timedout" if isinstance(exc, TimeoutError) else type(exc).__name__
            return json.dumps({"errorType": error, "errorMessage": str(exc)}).encode()

    monkeypatch.setattr(LambdaSimpleBackend, "invoke", invoke)
    return state


def deploy_state_machine() -> str:
    """The scanner's three functions and its state machine, created in moto; the state machine's ARN."""
    iam = boto3.client("iam", region_name=REGION)
    role = iam.create_role(RoleName="awslint-scanner", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as zf:
        zf.writestr("awslint/aws_lambda.py", "")  # moto stores it; the handlers run in this process
    functions = {}
    for name in ("list_accounts", "scan_account", "merge_reports"):
        functions[name] = boto3.client("lambda", region_name=REGION).create_function(
            FunctionName=name, Runtime="python3.12", Role=role, Handler=f"awslint.aws_lambda.{name}",
            Code={"ZipFile": code.getvalue()})["FunctionArn"]
    topic = boto3.client("sns", region_name=REGION).create_topic(Name="awslint-summary")["TopicArn"]
    definition = state_machine_definition({
        "AWS::Partition": "aws", "MaxConcurrency": "1", "ReportBucket": "awslint-reports", "ReportPrefix": "awslint",
        "SummaryTopic": topic, "ListAccountsFunction.Arn": functions["list_accounts"],
        "ScanAccountFunction.Arn": functions["scan_account"], "MergeReportsFunction.Arn": functions["merge_reports"]})
    # moto 5.2.5's ASL grammar reads ToleratedFailurePercentage only as a decimal NUMBER token (100.0), not as an
    # integer (100, which AWS and cfn-lint take); it also ignores the value ("no effect on the program evaluation")
    assert '"ToleratedFailurePercentage": 100,' in definition
    definition = definition.replace('"ToleratedFailurePercentage": 100,', '"ToleratedFailurePercentage": 100.0,')
    return boto3.client("stepfunctions", region_name=REGION).create_state_machine(
        name="awslint-org-scan", definition=definition, roleArn=role)["stateMachineArn"]


def run_to_the_end(machine: str, name: str, map_run: bool = True) -> dict[str, Any]:
    sfn = boto3.client("stepfunctions", region_name=REGION)
    execution = sfn.start_execution(stateMachineArn=machine, name=name, input="{}")["executionArn"]
    deadline = time.monotonic() + 60
    while (described := sfn.describe_execution(executionArn=execution))["status"] == "RUNNING":
        assert time.monotonic() < deadline, "the execution did not finish in 60 s"
        time.sleep(0.05)
    described["history"] = sfn.get_execution_history(executionArn=execution)["events"]
    if map_run:
        [run] = sfn.list_map_runs(executionArn=execution)["mapRuns"]
        described["items"] = sfn.describe_map_run(mapRunArn=run["mapRunArn"])["itemCounts"]
    return described


@needs_account_flag
@needs_merge
def test_state_machine_scans_the_organisation_on_moto(aws, lambda_runs_in_process, gp3_only_profile):
    """list -> Distributed Map of scans -> merge -> SNS, executed by moto's Step Functions engine."""
    ids = organisation("workload", "crashes", "closed")
    boto3.client("organizations", region_name=REGION).close_account(AccountId=ids["closed"])
    volume = gp2_volume(ids["workload"])
    lambda_runs_in_process["crash"] = {ids["crashes"]}
    done = run_to_the_end(deploy_state_machine(), "nightly-1")

    assert done["status"] == "SUCCEEDED", done
    calls = lambda_runs_in_process["calls"]
    assert [name for name, _ in calls] == ["list_accounts", "scan_account", "scan_account", "scan_account",
                                           "merge_reports"]
    scanned = sorted(event["account"]["id"] for name, event in calls if name == "scan_account")
    assert scanned == sorted([MANAGEMENT, ids["workload"], ids["crashes"]])  # not the suspended account
    assert all(event["run"] == "nightly-1" for name, event in calls if name == "scan_account")
    types = [event["type"] for event in done["history"]]
    assert {"MapRunStarted", "MapRunSucceeded"} <= set(types)
    # the crashed scan was caught and recorded (RecordCrash): no failed item. (moto, unlike AWS, would let the run
    # succeed even with failed items, so this count is what shows the Catch at work.)
    assert (done["items"]["succeeded"], done["items"]["failed"]) == (3, 0)

    merged = validate_report(s3_json("awslint/nightly-1/awslint.json"))
    failing = [(r["account"], r["resource_id"]) for r in merged["results"] if r["status"] == "FAIL"]
    assert failing == [(ids["workload"], volume)]
    assert [e["account"] for e in merged["errors"] if e.get("kind") == "account"] == [ids["crashes"]]
    output = json.loads(done["output"])
    assert output["exit_code"] == 1 and output["keys"]["sarif"] == "awslint/nightly-1/awslint.sarif"
    published = [e for e in done["history"] if e["type"] == "TaskSucceeded"
                 and e["taskSucceededEventDetails"]["resourceType"] == "sns"]
    assert len(published) == 1
    assert f"ERROR {ids['crashes']}" in output["summary"]


def test_state_machine_records_a_crashed_scan_without_failing_on_moto(aws, lambda_runs_in_process):
    """Whatever the state of the CLI: every scan crashing still ends in a merge and a summary, not a failed run."""
    ids = organisation("one")
    lambda_runs_in_process["crash"] = {ids["one"], MANAGEMENT}
    done = run_to_the_end(deploy_state_machine(), "all-crash")
    assert done["status"] == "SUCCEEDED", done
    assert (done["items"]["succeeded"], done["items"]["failed"]) == (2, 0)  # both crashes caught and recorded
    output = json.loads(done["output"])
    assert sorted(re.findall(r"ERROR (\d{12})", output["summary"])) == sorted([MANAGEMENT, ids["one"]])
    assert [name for name, _ in lambda_runs_in_process["calls"]][-1] == "merge_reports"


def test_state_machine_tells_the_topic_when_a_step_fails_on_moto(aws, lambda_runs_in_process):
    """Listing the accounts fails (say, Organizations access was removed): the topic hears why, the run fails."""
    lambda_runs_in_process["crash"] = {"list_accounts"}
    done = run_to_the_end(deploy_state_machine(), "broken", map_run=False)
    assert (done["status"], done["error"]) == ("FAILED", "AwslintScanFailed")
    [published] = [json.loads(e["taskScheduledEventDetails"]["parameters"]) for e in done["history"]
                   if e["type"] == "TaskScheduled" and e["taskScheduledEventDetails"]["resourceType"] == "sns"]
    assert published["Subject"] == "awslint: the organisation scan failed"
    assert published["Message"].startswith("awslint organisation scan broken failed: Sandbox.Timedout: ")
    assert [name for name, _ in lambda_runs_in_process["calls"]] == ["list_accounts"]


# ------------------------------------------------------------------------------------------------ the zip builder

def test_lambda_zip_has_the_runtime_deps_but_not_boto3_or_test_tools(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_lambda_zip", DEPLOY / "build_lambda_zip.py")
    assert spec and spec.loader
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    names = [build._name(r) for r in build.runtime_requirements()]
    assert names == ["click", "jsonschema", "tabulate", "pyyaml"]
    assert "boto3" in [build._name(r) for r in build.runtime_requirements(with_boto3=True)]
    tree = tmp_path / "package"
    for path in ("awslint/aws_lambda.py", "awslint/__pycache__/x.pyc", "bin/awslint", "yaml/__init__.py",
                 "moto/core.py", "pkg/tests/test_x.py"):
        (tree / path).parent.mkdir(parents=True, exist_ok=True)
        (tree / path).write_text("x")
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    assert build.write_zip(tree, first) == 2
    assert zipfile.ZipFile(first).namelist() == ["awslint/aws_lambda.py", "yaml/__init__.py"]
    build.write_zip(tree, second)
    assert first.read_bytes() == second.read_bytes()  # reproducible
