"""Lambda checks (LMB, Day 13) on moto and on API-shaped data: runtimes, execution roles, asynchronous failure
handling. Plus Lambda environment redaction, the moto DeadLetterConfig shim probe and the serverless demo."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from urllib.parse import quote

import pytest

from awslint.collector import Collector
from awslint.demo import moto_compat
from awslint.session import AwsSession
from awslint.testing import collect_stubbed, default_registry, inventory_from, messages, run_check, verdicts

ACCOUNT = "123456789012"
NOW = datetime(2026, 9, 15, tzinfo=UTC)
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
SECRET = "s3cr3t-value-that-must-never-leak"


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return None\n")
    return buffer.getvalue()


def _role(moto_account, name="fn-role", policy=None, path="/"):
    iam = moto_account.client("iam")
    arn = iam.create_role(RoleName=name, Path=path, AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    if policy is not None:
        iam.put_role_policy(RoleName=name, PolicyName=f"{name}-inline", PolicyDocument=json.dumps(policy))
    return arn


def _fn(moto_account, name, role, runtime="python3.13", region=None, **extra):
    lam = moto_account.client("lambda", region)
    if extra.get("PackageType") == "Image":
        return lam.create_function(FunctionName=name, Role=role, **extra)["FunctionArn"]
    return lam.create_function(FunctionName=name, Runtime=runtime, Role=role, Handler="handler.handler",
                               Code={"ZipFile": _zip()}, **extra)["FunctionArn"]


def _doc(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


# -- lambda-deprecated-runtime ----------------------------------------------------------------------------------
def test_deprecated_soon_and_supported_runtimes_across_regions(moto_account):
    role = _role(moto_account)
    _fn(moto_account, "legacy-importer", role, runtime="python3.8")  # deprecated 2024-10-14
    _fn(moto_account, "report-builder", role, runtime="python3.10")  # deprecated 2026-10-31: 46 days after NOW
    _fn(moto_account, "orders-api", role, runtime="python3.13")  # until 2029-06-30
    _fn(moto_account, "thumbnailer", role, PackageType="Image",
        Code={"ImageUri": f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/thumbnailer:1"})  # no Runtime: skipped
    _fn(moto_account, "eu-mailer", role, runtime="nodejs18.x", region="eu-west-1")  # deprecated 2025-09-01

    results = moto_account.scan("lambda-deprecated-runtime", now=NOW)

    assert verdicts(results, by_region=True) == {
        "us-east-1/legacy-importer": "FAIL", "us-east-1/report-builder": "FAIL", "us-east-1/orders-api": "PASS",
        "eu-west-1/eu-mailer": "FAIL"}
    text = messages(results)
    assert "deprecated since 2024-10-14" in text["legacy-importer"] and "python3.14" in text["legacy-importer"]
    assert "on 2026-10-31, within the 90-day warning window" in text["report-builder"]
    assert " days" not in text["report-builder"].split("window")[1]  # no day count: stable SARIF messages
    by_id = {r.resource_id: r for r in results}
    assert by_id["eu-mailer"].resource_arn == "arn:aws:lambda:eu-west-1:123456789012:function:eu-mailer"

    # warn_days=0: only runtimes already past their date fail
    relaxed = moto_account.scan("lambda-deprecated-runtime", regions=["us-east-1"], now=NOW, params={"warn_days": 0})
    assert verdicts(relaxed) == {"legacy-importer": "FAIL", "report-builder": "PASS", "orders-api": "PASS"}


def test_runtime_table_override_unknown_runtime_and_missing_runtime():
    inv = inventory_from({"lambda:functions": [
        {"FunctionName": "preview-fn", "Runtime": "python3.15", "PackageType": "Zip"},  # not in the table
        {"FunctionName": "no-runtime", "PackageType": "Zip"},  # a .zip function must report a Runtime
        {"FunctionName": "custom-date", "Runtime": "ruby3.4"},  # PackageType omitted: defaults to Zip
        {"FunctionName": "bad-date", "Runtime": "java21"},
    ]})
    dates = {"ruby3.4": "2026-10-01", "java21": "soon"}
    results = run_check("lambda-deprecated-runtime", inv, params={"deprecation_dates": dates}, now=NOW)
    assert verdicts(results) == {"preview-fn": "PASS", "no-runtime": "ERROR", "custom-date": "FAIL", "bad-date": "ERROR"}
    assert "no deprecation date in awslint's table" in messages(results)["preview-fn"]


# -- lambda-role-admin-access -----------------------------------------------------------------------------------
def test_admin_wildcard_and_least_privilege_roles(moto_account):
    iam = moto_account.client("iam")
    admin = _role(moto_account, "ops-admin-role", _doc({"Effect": "Allow", "Action": "*", "Resource": "*"}))
    not_action = _role(moto_account, "almost-admin-role", _doc(
        {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}))
    scoped = _role(moto_account, "orders-role", _doc(
        {"Effect": "Allow", "Action": ["dynamodb:GetItem"], "Resource": f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/orders"},
        {"Effect": "Deny", "Action": "*", "Resource": "*"}), path="/service-role/")
    s3_all = _role(moto_account, "uploads-role")
    policy = iam.create_policy(PolicyName="s3-everything", PolicyDocument=json.dumps(_doc(
        {"Effect": "Allow", "Action": ["s3:*"], "Resource": ["*"]})))["Policy"]["Arn"]
    iam.attach_role_policy(RoleName="uploads-role", PolicyArn=policy)
    # a non-default version is ignored: only the default version grants anything
    iam.create_policy_version(PolicyArn=policy, PolicyDocument=json.dumps(_doc(
        {"Effect": "Allow", "Action": "*", "Resource": "*"})), SetAsDefault=False)
    for name, role in (("ops-tool", admin), ("batch", not_action), ("orders", scoped), ("uploads", s3_all)):
        _fn(moto_account, name, role)

    results = moto_account.scan("lambda-role-admin-access", regions=["us-east-1"])

    assert verdicts(results) == {"ops-tool": "FAIL", "batch": "FAIL", "orders": "PASS", "uploads": "FAIL"}
    text = messages(results)
    assert "ops-admin-role" in text["ops-tool"] and "Action '*' on Resource '*'" in text["ops-tool"]
    assert "NotAction" in text["batch"]
    assert "policy s3-everything: 's3:*' on Resource '*'" in text["uploads"]

    narrow = moto_account.scan("lambda-role-admin-access", regions=["us-east-1"],
                               params={"service_wildcards": False})
    assert verdicts(narrow)["uploads"] == "PASS"


def test_administrator_access_attached_by_arn(moto_account, monkeypatch):
    # moto loads AWS-managed policies only on request; the check itself never needs their documents.
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
    iam = moto_account.client("iam")
    for role_name, policy in (("admin-role", "AdministratorAccess"), ("reader-role", "ReadOnlyAccess")):
        iam.create_role(RoleName=role_name, AssumeRolePolicyDocument=TRUST)
        iam.attach_role_policy(RoleName=role_name, PolicyArn=f"arn:aws:iam::aws:policy/{policy}")
    _fn(moto_account, "cleanup", f"arn:aws:iam::{ACCOUNT}:role/admin-role")
    _fn(moto_account, "audit", f"arn:aws:iam::{ACCOUNT}:role/reader-role")

    results = moto_account.scan("lambda-role-admin-access", regions=["us-east-1"])

    assert verdicts(results) == {"cleanup": "FAIL", "audit": "PASS"}
    assert "AWS-managed policy AdministratorAccess attached" in messages(results)["cleanup"]
    monkeypatch.delenv("MOTO_IAM_LOAD_MANAGED_POLICIES")  # moto's reset at teardown need not load them again


def test_role_edge_cases_from_api_shaped_data():
    encoded = quote(json.dumps(_doc({"Effect": "Allow", "Action": "*:*", "Resource": "*"})))
    inv = inventory_from({
        "lambda:functions": [
            {"FunctionName": "gone-role", "Role": f"arn:aws:iam::{ACCOUNT}:role/deleted-role"},
            {"FunctionName": "encoded", "Role": f"arn:aws:iam::{ACCOUNT}:role/encoded-role"},
            {"FunctionName": "unknown-policy", "Role": f"arn:aws:iam::{ACCOUNT}:role/app-role"},
            {"FunctionName": "other-path", "Role": f"arn:aws:iam::{ACCOUNT}:role/bounded-role"},
            {"FunctionName": "not-resource", "Role": f"arn:aws:iam::{ACCOUNT}:role/nr-role"},
        ],
        "iam:roles": [
            {"RoleName": "encoded-role", "Arn": f"arn:aws:iam::{ACCOUNT}:role/encoded-role",
             "RolePolicyList": [{"PolicyName": "legacy", "PolicyDocument": encoded}]},
            {"RoleName": "app-role", "Arn": f"arn:aws:iam::{ACCOUNT}:role/app-role",
             "AttachedManagedPolicies": [{"PolicyName": "gone", "PolicyArn": f"arn:aws:iam::{ACCOUNT}:policy/gone"}]},
            # the function reports the role without its path: found by name
            {"RoleName": "bounded-role", "Arn": f"arn:aws:iam::{ACCOUNT}:role/team/bounded-role",
             "PermissionsBoundary": {"PermissionsBoundaryArn": f"arn:aws:iam::{ACCOUNT}:policy/boundary"},
             "AttachedManagedPolicies": [{"PolicyName": "PowerUserAccess",
                                          "PolicyArn": "arn:aws:iam::aws:policy/PowerUserAccess"}]},
            {"RoleName": "nr-role", "Arn": f"arn:aws:iam::{ACCOUNT}:role/nr-role", "RolePolicyList": [
                {"PolicyName": "all-but-one", "PolicyDocument": _doc(
                    {"Effect": "Allow", "Action": "*", "NotResource": f"arn:aws:s3:::audit-{ACCOUNT}"})}]},
        ],
        "iam:local_policies": [],
    })
    results = run_check("lambda-role-admin-access", inv)
    assert verdicts(results) == {"gone-role": "ERROR", "encoded": "FAIL", "unknown-policy": "ERROR", "other-path": "FAIL",
                                 "not-resource": "FAIL"}
    text = messages(results)
    assert "Action '*' on Resource '*'" in text["encoded"]
    assert "permissions boundary" in text["other-path"] and "PowerUserAccess" in text["other-path"]


def test_iam_sources_follow_pagination():
    role = {"Path": "/", "RoleName": "r{}", "RoleId": "AROAEXAMPLEID00000{}", "Arn": "arn:aws:iam::123456789012:role/r{}",
            "CreateDate": NOW}
    page = lambda i: {k: v.format(i) if isinstance(v, str) else v for k, v in role.items()}  # noqa: E731
    inv = collect_stubbed(["iam:roles"], {("iam", "us-east-1"): [
        ("get_account_authorization_details", {"RoleDetailList": [page(1)], "IsTruncated": True, "Marker": "m1"}),
        ("get_account_authorization_details", {"RoleDetailList": [page(2)], "IsTruncated": False}),
    ]})
    assert [r["RoleName"] for r in inv.data["iam:roles"][(ACCOUNT, "global")]] == ["r1", "r2"]


# -- lambda-async-failure-destination ---------------------------------------------------------------------------
def test_async_functions_need_dlq_or_on_failure_destination(moto_account):
    role = _role(moto_account)
    lam, events = moto_account.client("lambda"), moto_account.client("events")
    dlq = f"arn:aws:sqs:us-east-1:{ACCOUNT}:failed-events"
    no_dlq = _fn(moto_account, "order-audit", role)  # EventBridge target on a custom bus, nothing set: FAIL
    _fn(moto_account, "s3-ingest", role, DeadLetterConfig={"TargetArn": dlq})  # S3-invoked with a DLQ: PASS
    lam.add_permission(FunctionName="s3-ingest", StatementId="s3", Action="lambda:InvokeFunction",
                       Principal="s3.amazonaws.com", SourceArn="arn:aws:s3:::uploads")
    _fn(moto_account, "notifier", role)  # only an invoke config with an on-failure destination: PASS
    lam.put_function_event_invoke_config(FunctionName="notifier", DestinationConfig={"OnFailure": {"Destination": dlq}})
    _fn(moto_account, "sns-fanout", role)  # SNS-invoked, nothing set: FAIL
    lam.add_permission(FunctionName="sns-fanout", StatementId="sns", Action="lambda:InvokeFunction",
                       Principal="sns.amazonaws.com")
    _fn(moto_account, "api-handler", role)  # API Gateway is synchronous: not evaluated
    lam.add_permission(FunctionName="api-handler", StatementId="apigw", Action="lambda:InvokeFunction",
                       Principal="apigateway.amazonaws.com")
    parked = _fn(moto_account, "parked", role)  # only targeted by a DISABLED rule: not evaluated
    events.create_event_bus(Name="orders")
    events.put_rule(Name="audit", EventBusName="orders", EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(Rule="audit", EventBusName="orders", Targets=[{"Id": "a", "Arn": f"{no_dlq}:live"}])
    events.put_rule(Name="old", ScheduleExpression="rate(1 hour)", State="DISABLED")
    events.put_targets(Rule="old", Targets=[{"Id": "p", "Arn": parked}])

    results = moto_account.scan("lambda-async-failure-destination", regions=["us-east-1"])

    assert verdicts(results) == {"order-audit": "FAIL", "s3-ingest": "PASS", "notifier": "PASS", "sns-fanout": "FAIL"}
    text = messages(results)
    assert "target of EventBridge rule orders/audit" in text["order-audit"]
    assert "sns.amazonaws.com" in text["sns-fanout"] and dlq in text["s3-ingest"]


def test_unreadable_resource_policy_is_an_error_not_a_pass():
    inv = inventory_from({"lambda:functions_async": [
        {"FunctionName": "odd", "FunctionArn": f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:odd", "Policy": "{not json"},
        {"FunctionName": "plain", "FunctionArn": f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:plain", "Policy": None,
         "EventInvokeConfig": None}]})
    assert verdicts(run_check("lambda-async-failure-destination", inv)) == {"odd": "ERROR"}


def test_probe_moto_still_drops_lambda_dead_letter_config(moto_account):
    """When this fails, moto returns DeadLetterConfig itself: delete the lambda-dead-letter-config shim."""
    role = _role(moto_account)
    undo = moto_compat._UNDO.pop("lambda-dead-letter-config")
    undo()
    try:
        _fn(moto_account, "probe", role, DeadLetterConfig={"TargetArn": f"arn:aws:sqs:us-east-1:{ACCOUNT}:q"})
        listed = moto_account.client("lambda").list_functions()["Functions"][0]
        assert "DeadLetterConfig" not in listed
    finally:
        moto_compat._UNDO["lambda-dead-letter-config"] = moto_compat.SHIMS["lambda-dead-letter-config"]()


# -- secrets ------------------------------------------------------------------------------------------------------
def test_environment_values_never_reach_the_inventory(moto_account):
    role = _role(moto_account)
    _fn(moto_account, "payments", role, Environment={"Variables": {"DB_PASSWORD": SECRET}})
    aws = AwsSession(moto_account.session)
    sources = [default_registry().sources[k] for k in ("lambda:functions", "lambda:functions_async")]
    inv = Collector(aws, max_workers=2).collect(sources, ACCOUNT, ["us-east-1"])
    dumped = inv.dumps()
    assert SECRET not in dumped and "DB_PASSWORD" not in dumped
    for key in ("lambda:functions", "lambda:functions_async"):  # both Lambda sources, follow-ups included
        item = inv.data[key][(ACCOUNT, "us-east-1")][0]
        assert "Variables" not in (item.get("Environment") or {}), key
        assert item["_redacted"] == ["Environment.Variables"], key


# -- errors and the demo --------------------------------------------------------------------------------------------
def test_iam_access_denied_is_an_error_for_the_role_check():
    inv = inventory_from({"lambda:functions": [{"FunctionName": "f", "Role": "arn:aws:iam::1:role/r"}]},
                         errors={"iam:roles": "AccessDenied on GetAccountAuthorizationDetails"})
    assert verdicts(run_check("lambda-role-admin-access", inv)) == {"ERROR:us-east-1": "ERROR"}


SERVERLESS_CHECKS = ("lambda-deprecated-runtime", "lambda-role-admin-access", "lambda-async-failure-destination",
                     "apigw-stage-throttling", "apigw-stage-access-logs", "apigw-rest-stage-cache",
                     "eventbridge-target-dlq")


def test_the_demo_lambda_secret_reaches_neither_the_inventory_nor_the_report(demo_scan):
    """The demo plants a database password in a function's environment: collected, saved and reported, it is gone."""
    from awslint.demo.account.serverless import DEMO_DB_PASSWORD
    from awslint.reporting import json_report

    assert DEMO_DB_PASSWORD not in demo_scan.inventory_path.read_text(encoding="utf-8")
    assert DEMO_DB_PASSWORD not in json_report.render(demo_scan.report)


@pytest.mark.parametrize("name", SERVERLESS_CHECKS)
def test_metadata_is_complete(name):
    spec = default_registry().get(name)
    assert spec.lesson == "Day 13: Serverless"
    assert spec.evaluates and spec.rationale and spec.references and spec.resource_type
    assert "aws " in spec.remediation and ">" in spec.remediation  # a CLI command and a console path


def test_cloudwatch_alarm_action_principal_marks_a_function_asynchronous():
    policy = json.dumps(_doc({"Sid": "AlarmAction", "Effect": "Allow",
                              "Principal": {"Service": "lambda.alarms.cloudwatch.amazonaws.com"},
                              "Action": "lambda:InvokeFunction",
                              "Resource": f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:pager"}))
    inv = inventory_from({"lambda:functions_async": [
        {"FunctionName": "pager", "FunctionArn": f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:pager", "Policy": policy,
         "EventInvokeConfig": None}], "events:event_buses": []})
    results = run_check("lambda-async-failure-destination", inv)
    assert verdicts(results) == {"pager": "FAIL"}
    assert "lambda.alarms.cloudwatch.amazonaws.com" in messages(results)["pager"]


def test_url_encoded_iam_documents_in_raw_responses_are_decoded_by_botocore():
    # IAM returns policy documents URL-encoded; botocore's json_decode_policies handler decodes them on the way in
    # (inline role policies and customer-managed policy versions alike).
    admin = quote(json.dumps(_doc({"Effect": "Allow", "Action": "*", "Resource": "*"})))
    narrow = quote(json.dumps(_doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"})))
    role = lambda name, **kw: {"Path": "/", "RoleName": name, "RoleId": f"AROAEXAMPLE{name.upper():0<10}",  # noqa: E731
                               "Arn": f"arn:aws:iam::{ACCOUNT}:role/{name}", "CreateDate": NOW, **kw}
    policy_arn = f"arn:aws:iam::{ACCOUNT}:policy/everything"
    inv = collect_stubbed(["iam:roles", "iam:local_policies"], {("iam", "us-east-1"): [
        # the collector fetches sources in key order: iam:local_policies first
        ("get_account_authorization_details", {"Policies": [{
            "PolicyName": "everything", "Arn": policy_arn, "DefaultVersionId": "v2", "PolicyVersionList": [
                {"Document": narrow, "VersionId": "v1", "IsDefaultVersion": False},
                {"Document": admin, "VersionId": "v2", "IsDefaultVersion": True}]}], "IsTruncated": False}),
        ("get_account_authorization_details", {"RoleDetailList": [
            role("inline-role", RolePolicyList=[{"PolicyName": "all", "PolicyDocument": admin}]),
            role("managed-role", AttachedManagedPolicies=[{"PolicyName": "everything", "PolicyArn": policy_arn}])],
            "IsTruncated": False}),
    ]})
    roles = inv.data["iam:roles"][(ACCOUNT, "global")]
    assert isinstance(roles[0]["RolePolicyList"][0]["PolicyDocument"], dict)
    inv = inventory_from({"lambda:functions": [
        {"FunctionName": "a", "Role": f"arn:aws:iam::{ACCOUNT}:role/inline-role"},
        {"FunctionName": "b", "Role": f"arn:aws:iam::{ACCOUNT}:role/managed-role"}],
        "iam:roles": roles, "iam:local_policies": inv.data["iam:local_policies"][(ACCOUNT, "global")]})
    assert verdicts(run_check("lambda-role-admin-access", inv)) == {"a": "FAIL", "b": "FAIL"}


# -- auxiliary sources are read only when a resource needs them ---------------------------------------------------
def test_role_check_needs_no_iam_when_there_is_no_function():
    inv = inventory_from({"lambda:functions": []}, errors={"iam:roles": "AccessDenied on GetAccountAuthorizationDetails"})
    assert verdicts(run_check("lambda-role-admin-access", inv)) == {}


def test_async_destination_check_needs_no_event_buses_when_there_is_no_function():
    inv = inventory_from({"lambda:functions_async": []}, errors={"events:event_buses": "AccessDenied on ListEventBuses"})
    assert verdicts(run_check("lambda-async-failure-destination", inv)) == {}
