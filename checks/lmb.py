"""LMB: AWS Lambda functions (Day 13: Serverless): runtimes, execution roles, asynchronous failures.

A function is only as safe and as reliable as what surrounds its code: a runtime AWS still patches and
lets you deploy to, an execution role that allows what the function does and nothing more, and, for
asynchronous invocations (EventBridge, S3, SNS, ...), a dead-letter queue or on-failure destination so
that an event Lambda gives up on after its retries is kept rather than silently dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date
from typing import Any
from urllib.parse import unquote

from awslint import Param, check, errored, failed, passed
from awslint.data import lambda_runtimes
from awslint.lessons import Lesson

LAMBDA_FUNCTION = "AWS::Lambda::Function"

#: Default page of the AWS docs each check cites first.
DOC_RUNTIMES = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html"
DOC_ASYNC = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html"


def unqualified(function_arn: str) -> str:
    """``arn:aws:lambda:r:a:function:name[:alias|version]`` without the qualifier."""
    return ":".join(function_arn.split(":")[:7])


def as_list(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def parse_document(doc: Any) -> dict | None:
    """A policy document as a dict. botocore decodes IAM documents already; inventories made by
    other tools may hold the raw URL-encoded JSON string AWS returns. None when unreadable."""
    if isinstance(doc, dict):
        return doc
    if isinstance(doc, str):
        for text in (doc, unquote(doc)):
            try:
                parsed = json.loads(text)
            except ValueError:
                continue
            return parsed if isinstance(parsed, dict) else None
    return None


def statements(doc: dict) -> list[dict]:
    return [s for s in as_list(doc.get("Statement")) if isinstance(s, dict)]


# -- LMB001 ---------------------------------------------------------------------------------------------
def _parse_date(text: Any) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def _as_date(value: date | str | None) -> date | None:
    """A block date of ``lambda_runtimes.lifecycle`` (always a date or None there) typed as such."""
    return value if isinstance(value, date) else None


def _block_note(runtime: str, today: date) -> str:
    """What AWS blocks next for a deprecated runtime: creation, then updates (invocations never)."""
    info = lambda_runtimes.lifecycle(runtime)
    create, update = _as_date(info["block_create"]), _as_date(info["block_update"])
    if update and today >= update:
        return f" Since {update} AWS blocks updates to functions on {runtime}: fixes can no longer be deployed."
    parts = []
    if create:
        parts.append(f"new functions on it {'have been' if today >= create else 'will be'} blocked from {create}")
    if update:
        parts.append(f"updates to existing ones from {update}")
    text = "; ".join(parts)
    return f" {text[0].upper()}{text[1:]}." if text else ""


def _upgrade_hint(runtime: str) -> str:
    successor = lambda_runtimes.lifecycle(runtime)["successor"]
    return f"Upgrade to {successor} (or the newest runtime of the language)" if successor else \
        "Upgrade to a supported runtime"


@check(
    id="LMB001", name="lambda-deprecated-runtime", severity="medium",
    title="Lambda function uses a deprecated runtime, or one deprecated soon",
    needs=("lambda:functions",), lesson=Lesson.SERVERLESS, pillars=("security", "operational"),
    resource_type=LAMBDA_FUNCTION,
    rationale="After a runtime's deprecation date AWS stops patching it and functions on it lose technical "
              "support; later AWS blocks creating and then updating such functions, so an urgent fix can no "
              "longer be deployed.",
    evaluates="Every function (its $LATEST configuration) deployed as a .zip archive, against the runtime "
              "deprecation dates awslint ships (awslint/data/lambda_runtimes.py, copied from the AWS Lambda "
              "runtimes page and last verified on " + lambda_runtimes.LAST_VERIFIED + "; entries in the "
              "deprecation_dates parameter correct or extend it). FAIL when the deprecation date has passed, "
              "or is at most warn_days away. PASS when it is further away, or when the runtime is not in the "
              "table (a runtime released after the table was verified has no deprecation date yet; the message "
              "says so). Container-image functions (PackageType Image) are skipped: they have no Runtime, their "
              "runtime lives in the image and is patched by rebuilding it. A .zip function that reports no "
              "Runtime is an ERROR.",
    remediation="Move the function to a supported runtime, test it, and deploy (console: Lambda > Functions > "
                "<function> > Code > Runtime settings > Edit; CLI: aws lambda update-function-configuration "
                "--function-name <name> --runtime python3.13). To list affected functions: aws lambda "
                "list-functions --query \"Functions[?Runtime=='python3.9'].FunctionArn\".",
    references=(DOC_RUNTIMES, "https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html",
                "https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html",
                "https://docs.aws.amazon.com/config/latest/developerguide/lambda-function-settings-check.html"),
    config_rule="lambda-function-settings-check", security_hub="Lambda.2",
    params={
        "deprecation_dates": Param(
            lambda_runtimes.deprecation_dates(),
            "Runtime identifier -> deprecation date (YYYY-MM-DD), as published by AWS; the shipped table was "
            f"last verified on {lambda_runtimes.LAST_VERIFIED}. Entries given in a profile correct or extend it.",
            schema={"type": "object", "additionalProperties": {"type": "string",
                                                              "pattern": r"^\d{4}-\d{2}-\d{2}$"}}),
        "warn_days": Param(90, "FAIL this many days before a runtime's deprecation date, so that the upgrade "
                               "is planned rather than rushed (0: only once deprecated).",
                           schema={"type": "integer", "minimum": 0}),
    },
)
def lambda_deprecated_runtime(inv, params):
    """A deprecated runtime gets no security patches and, soon after, no deployments."""
    dates = {**lambda_runtimes.deprecation_dates(), **(params["deprecation_dates"] or {})}
    warn_days = int(params["warn_days"])
    today = inv.now.date()
    for fn in inv.live("lambda:functions"):
        name = fn.get("FunctionName", "?")
        if (fn.get("PackageType") or "Zip") == "Image":
            continue
        runtime = fn.get("Runtime")
        if not runtime:
            yield errored(fn, f"Function {name} is a .zip function but reports no Runtime; cannot judge it.")
            continue
        if runtime not in dates:
            yield passed(fn, f"Function {name} uses {runtime}, which has no deprecation date in awslint's table "
                         f"(verified {lambda_runtimes.LAST_VERIFIED}): treated as supported.")
            continue
        deprecated_on = _parse_date(dates[runtime])
        if deprecated_on is None:
            yield errored(fn, f"The deprecation date configured for {runtime} ({dates[runtime]!r}) is not a "
                          "YYYY-MM-DD date; fix the deprecation_dates parameter.")
            continue
        days = (deprecated_on - today).days
        if days <= 0:
            # no day count in a FAIL message: it must read the same every day so SARIF alerts stay stable
            yield failed(fn, f"Function {name} runs on {runtime}, deprecated since {deprecated_on}: AWS no longer "
                         f"patches it.{_block_note(runtime, today)} {_upgrade_hint(runtime)}.",
                         runtime=runtime, deprecated_on=str(deprecated_on))
        elif days <= warn_days:
            yield failed(fn, f"Function {name} runs on {runtime}, which AWS deprecates on {deprecated_on}, within "
                         f"the {warn_days}-day warning window. {_upgrade_hint(runtime)} before then.",
                         runtime=runtime, deprecated_on=str(deprecated_on))
        else:
            yield passed(fn, f"Function {name} runs on {runtime}, supported until {deprecated_on} "
                         f"({days} days away).")


# -- LMB002 ---------------------------------------------------------------------------------------------
SERVICE_WILDCARD = re.compile(r"^[a-z0-9-]+:\*$", re.IGNORECASE)


def broad_statements(doc: dict, service_wildcards: bool) -> list[str]:
    """What in a policy document grants administrator-like access on every resource."""
    found = []
    for stmt in statements(doc):
        every_resource = "*" in as_list(stmt.get("Resource")) or "NotResource" in stmt
        if stmt.get("Effect") != "Allow" or not every_resource:
            continue
        actions = [a for a in as_list(stmt.get("Action")) if isinstance(a, str)]
        if any(a in ("*", "*:*") for a in actions):
            found.append("Action '*' on Resource '*'")
        elif "NotAction" in stmt:
            excluded = ", ".join(as_list(stmt["NotAction"])[:3])
            found.append(f"Allow with NotAction ({excluded}) on Resource '*': every other action")
        elif service_wildcards:
            found.extend(f"'{a}' on Resource '*'" for a in actions if SERVICE_WILDCARD.match(a))
    return found


def _default_version(policy: dict) -> dict | None:
    for version in policy.get("PolicyVersionList") or []:
        if version.get("IsDefaultVersion"):
            return parse_document(version.get("Document"))
    return None


def _aws_managed_name(policy_arn: str) -> str | None:
    """``AdministratorAccess`` for ``arn:aws:iam::aws:policy/AdministratorAccess``; None if customer-managed."""
    match = re.match(r"^arn:[a-z-]+:iam::aws:policy/(?:.*/)?([^/]+)$", policy_arn or "")
    return match.group(1) if match else None


def _find_role(roles: Iterable[dict], role_arn: str) -> dict | None:
    by_arn = {r.get("Arn"): r for r in roles}
    if role_arn in by_arn:
        return by_arn[role_arn]
    name = role_arn.rsplit("/", 1)[-1]  # same role reported with another path in the ARN
    return next((r for r in by_arn.values() if r.get("RoleName") == name), None)


def role_findings(role: dict, policies: dict[str, dict], admin_names: set[str],
                  service_wildcards: bool) -> tuple[list[str], list[str]]:
    """(broad grants found, attached customer policies that could not be read)."""
    found: list[str] = []
    unreadable: list[str] = []
    for attached in role.get("AttachedManagedPolicies") or []:
        policy_arn = attached.get("PolicyArn", "")
        aws_name = _aws_managed_name(policy_arn)
        if aws_name is not None:
            if aws_name in admin_names:
                found.append(f"AWS-managed policy {aws_name} attached")
            continue
        doc = _default_version(policies[policy_arn]) if policy_arn in policies else None
        if doc is None:
            unreadable.append(policy_arn)
            continue
        found.extend(f"policy {attached.get('PolicyName') or policy_arn}: {what}"
                     for what in broad_statements(doc, service_wildcards))
    for inline in role.get("RolePolicyList") or []:
        doc = parse_document(inline.get("PolicyDocument"))
        if doc is None:
            unreadable.append(f"inline policy {inline.get('PolicyName')}")
            continue
        found.extend(f"inline policy {inline.get('PolicyName')}: {what}"
                     for what in broad_statements(doc, service_wildcards))
    return found, unreadable


@check(
    id="LMB002", name="lambda-role-admin-access", severity="high",
    title="Lambda execution role grants administrator or wildcard permissions",
    needs=("lambda:functions", "iam:roles", "iam:local_policies"), lesson=Lesson.SERVERLESS, pillars=("security",),
    resource_type=LAMBDA_FUNCTION,
    rationale="A function runs with its execution role's permissions: one injection bug or vulnerable "
              "dependency in a function whose role can do anything on any resource hands the attacker the account.",
    evaluates="Every function's execution role (found in IAM by ARN, else by role name). FAIL when the role has an "
              "AWS-managed policy named in admin_managed_policies attached (matched by ARN, so the document is not "
              "needed: AdministratorAccess, PowerUserAccess by default), or when an inline policy or the default "
              "version of an attached customer-managed policy has an Allow statement on Resource '*' (or with "
              "NotResource) with Action "
              "'*' or '*:*', with NotAction (allow everything except a few actions), or, when service_wildcards is "
              "true, with a whole-service action such as 's3:*'. Conditions and permissions boundaries are not "
              "subtracted (a boundary is mentioned in the message). Other AWS-managed policies are not inspected. "
              "PASS otherwise. ERROR when the role is not in the IAM inventory (deleted, or in another account) or "
              "an attached customer-managed policy cannot be read.",
    remediation="Give each function its own role with only the actions and resources it uses, and detach "
                "administrator policies (console: IAM > Roles > <role> > Permissions; generate a least-privilege "
                "policy from CloudTrail with IAM Access Analyzer; CLI: aws iam detach-role-policy --role-name <role> "
                "--policy-arn arn:aws:iam::aws:policy/AdministratorAccess; aws iam put-role-policy --role-name "
                "<role> --policy-name <name> --policy-document file://least-privilege.json).",
    references=("https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html",
                "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
                "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-generation.html",
                "Related (evaluates policies, not Lambda roles): AWS Config iam-policy-no-statements-with-admin-access, "
                "Security Hub IAM.1 and IAM.21"),
    params={
        "admin_managed_policies": Param(["AdministratorAccess", "PowerUserAccess"],
                                        "Names of AWS-managed policies that count as administrator-level when "
                                        "attached to an execution role."),
        "service_wildcards": Param(True, "Also FAIL on whole-service actions ('s3:*', 'dynamodb:*') allowed on "
                                         "Resource '*'."),
    },
)
def lambda_role_admin_access(inv, params):
    """Least privilege: a function's role should allow what the function does, nothing more."""
    functions = inv.live("lambda:functions")
    if not functions:
        return  # no function here: IAM need not be read
    roles = inv["iam:roles"]
    policies = {p.get("Arn"): p for p in inv["iam:local_policies"]}
    admin_names = set(params["admin_managed_policies"] or [])
    for fn in functions:
        name = fn.get("FunctionName", "?")
        role_arn = fn.get("Role")
        role = _find_role(roles, role_arn) if role_arn else None
        if role is None:
            yield errored(fn, f"Function {name}'s execution role {role_arn or '(none reported)'} is not in the IAM "
                          "inventory (deleted, or in another account); cannot judge its permissions.")
            continue
        role_name = role.get("RoleName", role_arn)
        found, unreadable = role_findings(role, policies, admin_names, bool(params["service_wildcards"]))
        if found:
            boundary = (role.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
            note = f" (permissions boundary {boundary} may cap the effective access)" if boundary else ""
            yield failed(fn, f"Function {name}'s execution role {role_name} grants broad access{note}: "
                         f"{'; '.join(found)}. Replace it with a least-privilege policy for the actions and "
                         "resources the function uses (IAM Access Analyzer can generate one from CloudTrail).",
                         role=role.get("Arn"))
        elif unreadable:
            yield errored(fn, f"Function {name}'s execution role {role_name} has policies awslint could not read "
                          f"({', '.join(unreadable)}); cannot judge it.")
        else:
            yield passed(fn, f"Function {name}'s execution role {role_name} grants no administrator or wildcard "
                         "access in its inline and customer-managed policies (other AWS-managed policies are not "
                         "inspected).")


# -- LMB003 ---------------------------------------------------------------------------------------------
ASYNC_SERVICES = ["s3.amazonaws.com", "sns.amazonaws.com", "events.amazonaws.com", "ses.amazonaws.com",
                  "logs.amazonaws.com", "iot.amazonaws.com", "codecommit.amazonaws.com", "config.amazonaws.com",
                  "lambda.alarms.cloudwatch.amazonaws.com"]  # CloudWatch alarm actions invoke asynchronously


def eventbridge_invokers(buses: Iterable[dict]) -> dict[str, list[str]]:
    """Unqualified function ARN -> the enabled EventBridge rules (``bus/rule``) that target it."""
    out: dict[str, list[str]] = {}
    for bus in buses:
        for rule in bus.get("Rules") or []:
            if rule.get("State") == "DISABLED":
                continue
            for target in rule.get("Targets") or []:
                target_arn = target.get("Arn") or ""
                if ":lambda:" in target_arn and ":function:" in target_arn:
                    label = f"{rule.get('EventBusName') or bus.get('Name')}/{rule.get('Name')}"
                    out.setdefault(unqualified(target_arn), []).append(label)
    return out


def policy_services(policy: Any, allowed: set[str]) -> list[str] | None:
    """Async-invoking AWS services the function's resource policy allows; None when it is unreadable."""
    if policy is None:
        return []
    doc = parse_document(policy)
    if doc is None:
        return None
    found: list[str] = []
    for stmt in statements(doc):
        principal = stmt.get("Principal")
        services = as_list(principal.get("Service")) if isinstance(principal, dict) else []
        if stmt.get("Effect") == "Allow":
            found.extend(s for s in services if s in allowed and s not in found)
    return found


@check(
    id="LMB003", name="lambda-async-failure-destination", severity="medium",
    title="Asynchronously invoked Lambda function has no dead-letter queue or on-failure destination",
    needs=("lambda:functions_async", "events:event_buses"), lesson=Lesson.SERVERLESS,
    pillars=("reliability", "operational"),
    resource_type=LAMBDA_FUNCTION,
    rationale="For asynchronous invocations Lambda retries a failing event twice (by default) and keeps it at most "
              "6 hours, then discards it; without a dead-letter queue or on-failure destination the event is lost "
              "with no trace.",
    evaluates="Functions that are invoked asynchronously, as far as the account shows it: the target of an EventBridge rule "
              "that is not DISABLED (any bus, same Region), a resource-based policy allowing a service that invokes "
              "asynchronously (async_service_principals: S3, SNS, EventBridge, SES, CloudWatch Logs, IoT, CodeCommit, "
              "Config, CloudWatch alarm actions by default), or an explicit asynchronous-invocation configuration "
              "(EventInvokeConfig). Other functions are not evaluated: synchronous callers (API Gateway, ALB) handle errors "
              "themselves and polled sources (SQS, Kinesis, DynamoDB streams) have their own failure settings; direct "
              "InvocationType=Event calls from code are invisible. PASS when the function has a dead-letter queue "
              "(DeadLetterConfig.TargetArn) or an on-failure destination (DestinationConfig.OnFailure); FAIL when it has "
              "neither. Only the unqualified function's settings are read (aliases and versions can carry their own). ERROR "
              "when the resource policy cannot be parsed and nothing else shows asynchronous use.",
    remediation="Add an on-failure destination (SQS, SNS, EventBridge, Lambda or S3), which also records the error, "
                "or a dead-letter queue (console: Lambda > Functions > <function> > Configuration > Destinations > "
                "Add destination, condition On failure; CLI: aws lambda put-function-event-invoke-config "
                "--function-name <name> --destination-config "
                "'{\"OnFailure\":{\"Destination\":\"arn:aws:sqs:<region>:<account>:<queue>\"}}'; or aws lambda "
                "update-function-configuration --function-name <name> --dead-letter-config TargetArn=<queue-arn>).",
    references=(DOC_ASYNC, "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html",
                "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html",
                "https://docs.aws.amazon.com/config/latest/developerguide/lambda-dlq-check.html"),
    config_rule="lambda-dlq-check",
    params={"async_service_principals": Param(ASYNC_SERVICES, "Service principals that invoke Lambda "
                                                              "asynchronously; a resource policy allowing one marks "
                                                              "the function as asynchronously invoked.")},
)
def lambda_async_failure_destination(inv, params):
    """Asynchronous failures are retried, then dropped: give them somewhere to go."""
    functions = inv.live("lambda:functions_async")
    if not functions:
        return  # no function here: the EventBridge rules need not be read
    invokers = eventbridge_invokers(inv["events:event_buses"])
    allowed = set(params["async_service_principals"] or [])
    for fn in functions:
        name = fn.get("FunctionName", "?")
        config = fn.get("EventInvokeConfig")
        arn = inv.describe(fn)["resource_arn"]
        reasons = [f"target of EventBridge rule {rule}" for rule in invokers.get(unqualified(arn), [])]
        services = policy_services(fn.get("Policy"), allowed)
        reasons += [f"its resource policy lets {s} invoke it" for s in services or []]
        if config is not None:
            reasons.append("it has an asynchronous invocation configuration")
        if not reasons:
            if services is None:
                yield errored(fn, f"Function {name}'s resource policy could not be parsed; cannot tell whether "
                              "it is invoked asynchronously.")
            continue
        why = "; ".join(reasons)
        dlq = (fn.get("DeadLetterConfig") or {}).get("TargetArn")
        on_failure = (((config or {}).get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination")
        if on_failure:
            yield passed(fn, f"Function {name} is invoked asynchronously ({why}) and sends failed events to "
                         f"{on_failure}.")
        elif dlq:
            yield passed(fn, f"Function {name} is invoked asynchronously ({why}) and has dead-letter queue {dlq}.")
        else:
            yield failed(fn, f"Function {name} is invoked asynchronously ({why}) but has neither a dead-letter "
                         "queue nor an on-failure destination: an event that still fails after Lambda's retries is "
                         "discarded without a trace. Add an on-failure destination (SQS/SNS/EventBridge) or a DLQ.")
