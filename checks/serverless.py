"""Serverless checks (Day 13: Serverless): Lambda, API Gateway and EventBridge.

Lambda: deprecated runtimes, over-privileged execution roles, asynchronous invocations whose
failures are silently dropped. API Gateway: stages without their own throttling, without
access logs, REST stages without an (encrypted) cache. EventBridge: rule targets without a
dead-letter queue.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any
from urllib.parse import unquote

from awslint.checkapi import Param, check, errored, failed, passed
from awslint.data import lambda_runtimes

LESSON = "Day 13: Serverless"
LAMBDA_FUNCTION = "AWS::Lambda::Function"
REST_STAGE = "AWS::ApiGateway::Stage"
V2_STAGE = "AWS::ApiGatewayV2::Stage"

#: Default page of the AWS docs each check cites first.
DOC_RUNTIMES = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html"
DOC_ASYNC = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html"
DOC_APIGW_THROTTLE = "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html"
DOC_HTTP_THROTTLE = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html"


# -- shared helpers ---------------------------------------------------------------------------------
def function_arn(inv, fn: dict) -> str:
    return fn.get("FunctionArn") or inv.arn("lambda", f"function:{fn.get('FunctionName')}")


def unqualified(function_arn_: str) -> str:
    """``arn:aws:lambda:r:a:function:name[:alias|version]`` without the qualifier."""
    return ":".join(function_arn_.split(":")[:7])


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


def _block_note(runtime: str, today: date) -> str:
    """What AWS blocks next for a deprecated runtime: creation, then updates (invocations never)."""
    info = lambda_runtimes.lifecycle(runtime)
    create, update = info["block_create"], info["block_update"]
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
    needs=("lambda:functions",), lesson=LESSON, pillars=("security", "operational"),
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
    for fn in sorted(inv["lambda:functions"], key=lambda f: f.get("FunctionName", "")):
        name = fn.get("FunctionName", "?")
        arn = function_arn(inv, fn)
        if (fn.get("PackageType") or "Zip") == "Image":
            continue
        runtime = fn.get("Runtime")
        if not runtime:
            yield errored(name, f"Function {name} is a .zip function but reports no Runtime; cannot judge it.",
                          arn=arn, name=name)
            continue
        if runtime not in dates:
            yield passed(name, f"Function {name} uses {runtime}, which has no deprecation date in awslint's table "
                         f"(verified {lambda_runtimes.LAST_VERIFIED}): treated as supported.", arn=arn, name=name)
            continue
        deprecated_on = _parse_date(dates[runtime])
        if deprecated_on is None:
            yield errored(name, f"The deprecation date configured for {runtime} ({dates[runtime]!r}) is not a "
                          "YYYY-MM-DD date; fix the deprecation_dates parameter.", arn=arn, name=name)
            continue
        days = (deprecated_on - today).days
        if days <= 0:
            # no day count in a FAIL message: it must read the same every day so SARIF alerts stay stable
            yield failed(name, f"Function {name} runs on {runtime}, deprecated since {deprecated_on}: AWS no longer "
                         f"patches it.{_block_note(runtime, today)} {_upgrade_hint(runtime)}.",
                         arn=arn, name=name, runtime=runtime, deprecated_on=str(deprecated_on))
        elif days <= warn_days:
            yield failed(name, f"Function {name} runs on {runtime}, which AWS deprecates on {deprecated_on}, within "
                         f"the {warn_days}-day warning window. {_upgrade_hint(runtime)} before then.",
                         arn=arn, name=name, runtime=runtime, deprecated_on=str(deprecated_on))
        else:
            yield passed(name, f"Function {name} runs on {runtime}, supported until {deprecated_on} "
                         f"({days} days away).", arn=arn, name=name)


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
    needs=("lambda:functions", "iam:roles", "iam:local_policies"), lesson=LESSON, pillars=("security",),
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
    functions = sorted(inv["lambda:functions"], key=lambda f: f.get("FunctionName", ""))
    if not functions:
        return  # no function here: IAM need not be read
    roles = inv["iam:roles"]
    policies = {p.get("Arn"): p for p in inv["iam:local_policies"]}
    admin_names = set(params["admin_managed_policies"] or [])
    for fn in functions:
        name = fn.get("FunctionName", "?")
        arn = function_arn(inv, fn)
        role_arn = fn.get("Role")
        role = _find_role(roles, role_arn) if role_arn else None
        if role is None:
            yield errored(name, f"Function {name}'s execution role {role_arn or '(none reported)'} is not in the IAM "
                          "inventory (deleted, or in another account); cannot judge its permissions.",
                          arn=arn, name=name)
            continue
        role_name = role.get("RoleName", role_arn)
        found, unreadable = role_findings(role, policies, admin_names, bool(params["service_wildcards"]))
        if found:
            boundary = (role.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
            note = f" (permissions boundary {boundary} may cap the effective access)" if boundary else ""
            yield failed(name, f"Function {name}'s execution role {role_name} grants broad access{note}: "
                         f"{'; '.join(found)}. Replace it with a least-privilege policy for the actions and "
                         "resources the function uses (IAM Access Analyzer can generate one from CloudTrail).",
                         arn=arn, name=name, role=role.get("Arn"))
        elif unreadable:
            yield errored(name, f"Function {name}'s execution role {role_name} has policies awslint could not read "
                          f"({', '.join(unreadable)}); cannot judge it.", arn=arn, name=name)
        else:
            yield passed(name, f"Function {name}'s execution role {role_name} grants no administrator or wildcard "
                         "access in its inline and customer-managed policies (other AWS-managed policies are not "
                         "inspected).", arn=arn, name=name)


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
    found = []
    for stmt in statements(doc):
        principal = stmt.get("Principal")
        services = as_list(principal.get("Service")) if isinstance(principal, dict) else []
        if stmt.get("Effect") == "Allow":
            found.extend(s for s in services if s in allowed and s not in found)
    return found


@check(
    id="LMB003", name="lambda-async-failure-destination", severity="medium",
    title="Asynchronously invoked Lambda function has no dead-letter queue or on-failure destination",
    needs=("lambda:functions_async", "events:event_buses"), lesson=LESSON, pillars=("reliability", "operational"),
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
    functions = sorted(inv["lambda:functions_async"], key=lambda f: f.get("FunctionName", ""))
    if not functions:
        return  # no function here: the EventBridge rules need not be read
    invokers = eventbridge_invokers(inv["events:event_buses"])
    allowed = set(params["async_service_principals"] or [])
    for fn in functions:
        name = fn.get("FunctionName", "?")
        arn = function_arn(inv, fn)
        config = fn.get("EventInvokeConfig")
        reasons = [f"target of EventBridge rule {rule}" for rule in invokers.get(unqualified(arn), [])]
        services = policy_services(fn.get("Policy"), allowed)
        reasons += [f"its resource policy lets {s} invoke it" for s in services or []]
        if config is not None:
            reasons.append("it has an asynchronous invocation configuration")
        if not reasons:
            if services is None:
                yield errored(name, f"Function {name}'s resource policy could not be parsed; cannot tell whether "
                              "it is invoked asynchronously.", arn=arn, name=name)
            continue
        why = "; ".join(reasons)
        dlq = (fn.get("DeadLetterConfig") or {}).get("TargetArn")
        on_failure = (((config or {}).get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination")
        if on_failure:
            yield passed(name, f"Function {name} is invoked asynchronously ({why}) and sends failed events to "
                         f"{on_failure}.", arn=arn, name=name)
        elif dlq:
            yield passed(name, f"Function {name} is invoked asynchronously ({why}) and has dead-letter queue {dlq}.",
                         arn=arn, name=name)
        else:
            yield failed(name, f"Function {name} is invoked asynchronously ({why}) but has neither a dead-letter "
                         "queue nor an on-failure destination: an event that still fails after Lambda's retries is "
                         "discarded without a trace. Add an on-failure destination (SQS/SNS/EventBridge) or a DLQ.",
                         arn=arn, name=name)


# -- API Gateway ----------------------------------------------------------------------------------------
def api_stages(inv) -> Iterator[tuple[str, str, str, str, dict, str | None]]:
    """(kind, resource id, ARN, friendly name, stage, problem) for every REST, HTTP and WebSocket stage.

    kind is "REST", "HTTP" or "WEBSOCKET"; problem is set when an API's stage list is missing.
    """
    part, region = inv.partition, inv.region
    for api in sorted(inv["apigateway:rest_apis"], key=lambda a: a.get("id", "")):
        api_id, api_name = api.get("id", "?"), api.get("name") or api.get("id", "?")
        if api.get("Stages") is None:
            yield "REST", api_id, f"arn:{part}:apigateway:{region}::/restapis/{api_id}", api_name, {}, \
                "its stages were not collected"
            continue
        for stage in sorted(api["Stages"], key=lambda s: s.get("stageName", "")):
            stage_name = stage.get("stageName", "?")
            yield ("REST", f"{api_id}/{stage_name}", f"arn:{part}:apigateway:{region}::/restapis/{api_id}/stages/"
                   f"{stage_name}", f"{api_name} {stage_name}", stage, None)
    for api in sorted(inv["apigatewayv2:apis"], key=lambda a: a.get("ApiId", "")):
        api_id, api_name = api.get("ApiId", "?"), api.get("Name") or api.get("ApiId", "?")
        kind = (api.get("ProtocolType") or "HTTP").upper()
        if api.get("Stages") is None:
            yield kind, api_id, f"arn:{part}:apigateway:{region}::/apis/{api_id}", api_name, {}, \
                "its stages were not collected"
            continue
        for stage in sorted(api["Stages"], key=lambda s: s.get("StageName", "")):
            stage_name = stage.get("StageName", "?")
            yield (kind, f"{api_id}/{stage_name}", f"arn:{part}:apigateway:{region}::/apis/{api_id}/stages/"
                   f"{stage_name}", f"{api_name} {stage_name}", stage, None)


def stage_limits(kind: str, stage: dict) -> tuple[Any, Any, list[str]]:
    """(stage-wide rate limit, burst limit, per-method/route overrides that set a rate limit)."""
    if kind == "REST":
        settings = stage.get("methodSettings") or {}
        default = settings.get("*/*") or {}
        overrides = sorted(k for k, v in settings.items() if k != "*/*" and (v or {}).get("throttlingRateLimit")
                           is not None)
        return default.get("throttlingRateLimit"), default.get("throttlingBurstLimit"), overrides
    default = stage.get("DefaultRouteSettings") or {}
    overrides = sorted(k for k, v in (stage.get("RouteSettings") or {}).items()
                       if (v or {}).get("ThrottlingRateLimit") is not None)
    return default.get("ThrottlingRateLimit"), default.get("ThrottlingBurstLimit"), overrides


def _stage_type(kind: str) -> str:
    return REST_STAGE if kind == "REST" else V2_STAGE


@check(
    id="APIGW001", name="apigw-stage-throttling", severity="medium",
    title="API Gateway stage has no stage-level throttling limit",
    needs=("apigateway:rest_apis", "apigatewayv2:apis"), lesson=LESSON, pillars=("reliability", "security"),
    resource_type=REST_STAGE,
    rationale="Without its own limit a stage is bounded only by the account-wide regional quota (10,000 requests/s "
              "by default) shared by every API in the Region: one abusive client or retry loop can exhaust it, "
              "throttle every other API and flood the backend (and the bill).",
    evaluates="Every stage of every REST, HTTP and WebSocket API. REST: the stage-wide method setting '*/*' "
              "(throttlingRateLimit, throttlingBurstLimit); HTTP and WebSocket: DefaultRouteSettings "
              "(ThrottlingRateLimit, ThrottlingBurstLimit). 'Without throttling' means: no stage-wide rate or burst "
              "limit, a negative value (-1, throttling disabled), or a rate limit at or above account_rate_limit "
              "(AWS reports the account default, 10,000, on REST stages whose logging or metrics were set but whose "
              "throttling was not, and a limit that high protects nothing). Limits set only on some methods or "
              "routes, or only in usage plans (which apply to API-key clients), do not count and are mentioned. "
              "PASS when both stage-wide limits are set and the rate is below account_rate_limit. APIs without "
              "stages are not evaluated.",
    remediation="Set a default rate and burst limit on each stage sized to what the backend can take (console: API "
                "Gateway > APIs > <api> > Stages > <stage> > Stage details > Edit > Throttling (REST) or Protect > "
                "Throttling (HTTP); CLI: aws apigateway update-stage --rest-api-id <id> --stage-name <stage> "
                "--patch-operations op=replace,path=/*/*/throttling/rateLimit,value=500 "
                "op=replace,path=/*/*/throttling/burstLimit,value=1000; for HTTP APIs aws apigatewayv2 update-stage "
                "--api-id <id> --stage-name <stage> --default-route-settings "
                "ThrottlingRateLimit=500,ThrottlingBurstLimit=1000).",
    references=(DOC_APIGW_THROTTLE, DOC_HTTP_THROTTLE,
                "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html",
                "https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_mitigate_interaction_failure_throttle_requests.html"),
    params={"account_rate_limit": Param(10000.0, "The account-level steady-state limit per Region (AWS default "
                                                 "quota 10,000 requests/s; raise it if yours was increased). A "
                                                 "stage limit at or above it does not count as a limit.",
                                        schema={"type": "number", "exclusiveMinimum": 0})},
)
def apigw_stage_throttling(inv, params):
    """A stage-level limit keeps one API's traffic from consuming the whole account's quota."""
    ceiling = float(params["account_rate_limit"])
    for kind, rid, arn, label, stage, problem in api_stages(inv):
        rtype = _stage_type(kind)
        if problem:
            yield errored(rid, f"{kind} API {label}: {problem}; cannot judge its throttling.", arn=arn,
                          resource_type=rtype, name=label)
            continue
        rate, burst, overrides = stage_limits(kind, stage)
        extra = f" ({len(overrides)} {'method' if kind == 'REST' else 'route'}-level limit(s) exist: " \
                f"{', '.join(overrides[:3])}; they do not cover the rest)" if overrides else ""
        fix = ("Set a stage-wide rate and burst limit sized to the backend, below the account's "
               f"{ceiling:,.0f} requests/s.")
        if rate is None or burst is None:
            yield failed(rid, f"{kind} stage {label} has no stage-wide throttling limit{extra}: it can use the whole "
                         f"account-wide regional quota shared by every API. {fix}", arn=arn, resource_type=rtype,
                         name=label)
        elif rate < 0 or burst < 0:
            yield failed(rid, f"{kind} stage {label} has throttling disabled (rate {rate}, burst {burst}){extra}. "
                         f"{fix}", arn=arn, resource_type=rtype, name=label)
        elif rate >= ceiling:
            yield failed(rid, f"{kind} stage {label} allows {rate:,.0f} requests/s, at or above the account-level "
                         f"limit ({ceiling:,.0f}), so it protects nothing{extra}. {fix}", arn=arn, resource_type=rtype,
                         name=label)
        else:
            yield passed(rid, f"{kind} stage {label} is throttled at {rate:,g} requests/s (burst {burst:,g}).",
                         arn=arn, resource_type=rtype, name=label)


@check(
    id="APIGW002", name="apigw-stage-access-logs", severity="medium",
    title="API Gateway stage has no access logging",
    needs=("apigateway:rest_apis", "apigatewayv2:apis"), lesson=LESSON, pillars=("operational", "security"),
    resource_type=REST_STAGE,
    rationale="Access logs record who called which route, when, from where and with what status and latency; "
              "without them an incident, an abuse pattern or a throttling storm cannot be investigated.",
    evaluates="Every stage of every REST, HTTP and WebSocket API. PASS when the stage has an access log "
              "destination (REST accessLogSettings.destinationArn; HTTP/WebSocket AccessLogSettings.DestinationArn, "
              "a CloudWatch Logs group or, for REST, a Firehose stream); FAIL otherwise. Execution logging (REST "
              "and WebSocket loggingLevel, Security Hub APIGateway.1 / api-gw-execution-logging-enabled) is a "
              "different, debugging-oriented log and is not judged here. The mapped Config rule and Security Hub "
              "control cover the HTTP/WebSocket half; REST access logging has no managed rule. APIs without stages "
              "are not evaluated.",
    remediation="Create a CloudWatch Logs group and set it as the stage's access log destination with a JSON format "
                "(console: API Gateway > APIs > <api> > Stages > <stage> > Logs and tracing > Edit > Custom access "
                "logging (REST) or Monitor > Logging (HTTP); CLI: aws apigateway update-stage --rest-api-id <id> "
                "--stage-name <stage> --patch-operations "
                "op=replace,path=/accessLogSettings/destinationArn,value=<log-group-arn> "
                "op=replace,path=/accessLogSettings/format,value='$context.requestId'; aws apigatewayv2 update-stage "
                "--api-id <id> --stage-name <stage> --access-log-settings "
                "DestinationArn=<log-group-arn>,Format='$context.requestId').",
    references=("https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html",
                "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html",
                "https://docs.aws.amazon.com/config/latest/developerguide/api-gwv2-access-logs-enabled.html",
                "https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html"),
    config_rule="api-gwv2-access-logs-enabled", security_hub="APIGateway.9",
)
def apigw_stage_access_logs(inv, params):
    """No access log, no investigation."""
    for kind, rid, arn, label, stage, problem in api_stages(inv):
        rtype = _stage_type(kind)
        if problem:
            yield errored(rid, f"{kind} API {label}: {problem}; cannot judge its access logging.", arn=arn,
                          resource_type=rtype, name=label)
            continue
        settings = stage.get("accessLogSettings") if kind == "REST" else stage.get("AccessLogSettings")
        settings = settings or {}
        destination = settings.get("destinationArn") if kind == "REST" else settings.get("DestinationArn")
        if destination:
            yield passed(rid, f"{kind} stage {label} writes access logs to {destination}.", arn=arn,
                         resource_type=rtype, name=label)
        else:
            yield failed(rid, f"{kind} stage {label} has no access logging: requests to it leave no record of "
                         "caller, route, status or latency. Set a CloudWatch Logs access log destination with a JSON "
                         "format.", arn=arn, resource_type=rtype, name=label)


CACHE_LIVE = ("CREATE_IN_PROGRESS", "AVAILABLE", "FLUSH_IN_PROGRESS")


@check(
    id="APIGW003", name="apigw-rest-stage-cache", severity="low",
    title="API Gateway REST stage has no cache, or its cache is not encrypted",
    needs=("apigateway:rest_apis",), lesson=LESSON, pillars=("performance", "security"),
    resource_type=REST_STAGE,
    rationale="A stage cache answers repeated reads without invoking the backend (lower latency, fewer Lambda "
              "invocations, protection against read bursts); cached responses may hold personal data, so the cache "
              "should be encrypted at rest.",
    evaluates="Every stage of every REST API (HTTP and WebSocket APIs have no built-in cache). PASS when the stage has "
              "a cache cluster (cacheClusterEnabled, status not being deleted) and its stage-wide method setting "
              "'*/*' has caching enabled (or no caching setting at all: AWS then caches GET methods by default) and "
              "cacheDataEncrypted true. FAIL when the cache cluster is provisioned but '*/*' caching is explicitly off "
              "(paid for, unused), when cached data is not encrypted (the default), or, with require_cache "
              "true (default), when the stage has no cache at all. Set require_cache to false for APIs whose "
              "responses must not be cached (per-user, write-heavy): stages without a cache are then not evaluated. "
              "Per-method overrides are not judged.",
    remediation="Enable the stage cache with encryption and pick a TTL that suits the data (console: API Gateway > "
                "APIs > <api> > Stages > <stage> > Stage details > Edit > Provision API cache, Encrypt cache data; "
                "CLI: aws apigateway update-stage --rest-api-id <id> --stage-name <stage> --patch-operations "
                "op=replace,path=/cacheClusterEnabled,value=true op=replace,path=/cacheClusterSize,value=0.5 "
                "op=replace,path=/*/*/caching/enabled,value=true op=replace,path=/*/*/caching/dataEncrypted,value=true).",
    references=("https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html",
                "https://docs.aws.amazon.com/config/latest/developerguide/api-gw-cache-enabled-and-encrypted.html",
                "https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html"),
    config_rule="api-gw-cache-enabled-and-encrypted", security_hub="APIGateway.5",
    params={"require_cache": Param(True, "FAIL REST stages that have no cache at all (false: judge only the "
                                         "encryption and use of existing caches).")},
)
def apigw_rest_stage_cache(inv, params):
    """Cache repeated reads at the edge of the API, encrypted."""
    part, region = inv.partition, inv.region
    for api in sorted(inv["apigateway:rest_apis"], key=lambda a: a.get("id", "")):
        api_id, api_name = api.get("id", "?"), api.get("name") or api.get("id", "?")
        if api.get("Stages") is None:
            yield errored(api_id, f"REST API {api_name}: its stages were not collected; cannot judge caching.",
                          arn=f"arn:{part}:apigateway:{region}::/restapis/{api_id}", name=api_name)
            continue
        for stage in sorted(api["Stages"], key=lambda s: s.get("stageName", "")):
            stage_name = stage.get("stageName", "?")
            rid, label = f"{api_id}/{stage_name}", f"{api_name} {stage_name}"
            arn = f"arn:{part}:apigateway:{region}::/restapis/{api_id}/stages/{stage_name}"
            default = (stage.get("methodSettings") or {}).get("*/*") or {}
            cluster = bool(stage.get("cacheClusterEnabled")) and \
                (stage.get("cacheClusterStatus") or "AVAILABLE") in CACHE_LIVE
            # With no stage-wide caching setting, AWS caches GET methods by default once the cluster exists:
            # an absent cachingEnabled is not "off" (only an explicit false is).
            scope = " (GET methods only: no stage-wide caching setting)" if "cachingEnabled" not in default else ""
            if not cluster:
                if params["require_cache"]:
                    yield failed(rid, f"REST stage {label} has no cache: every request reaches the backend. Provision "
                                 "an encrypted stage cache for cacheable GET methods (or set require_cache false for "
                                 "APIs that must not be cached).", arn=arn, name=label)
            elif default.get("cachingEnabled") is False:
                yield failed(rid, f"REST stage {label} has a {stage.get('cacheClusterSize', '?')} GB cache cluster "
                             "(billed hourly) but caching is off for its methods ('*/*'). Enable caching or delete "
                             "the cache.", arn=arn, name=label)
            elif not default.get("cacheDataEncrypted"):
                yield failed(rid, f"REST stage {label} caches responses unencrypted at rest{scope}. Turn on 'Encrypt "
                             "cache data' (/*/*/caching/dataEncrypted).", arn=arn, name=label)
            else:
                yield passed(rid, f"REST stage {label} has an encrypted {stage.get('cacheClusterSize', '?')} GB cache "
                             f"(TTL {default.get('cacheTtlInSeconds', 300)} s){scope}.", arn=arn, name=label)


# -- EVB001 ---------------------------------------------------------------------------------------------
@check(
    id="EVB001", name="eventbridge-target-dlq", severity="medium",
    title="EventBridge rule has targets without a dead-letter queue",
    needs=("events:event_buses",), lesson=LESSON, pillars=("reliability",),
    resource_type="AWS::Events::Rule",
    rationale="EventBridge retries a failed delivery for up to 24 hours and 185 attempts (by default), then drops "
              "the event; a target whose permissions, quota or endpoint are broken loses events silently unless "
              "the target has a dead-letter queue.",
    evaluates="Every rule with at least one target on every event bus of the Region (default, custom and partner "
              "buses), including DISABLED rules (said in the message). One result per rule: FAIL when any target "
              "lacks DeadLetterConfig.Arn (the message lists them), PASS when all have one. Rules managed by an AWS "
              "service (ManagedBy set) are skipped: their targets cannot be changed. Rules without targets are not "
              "evaluated. The dead-letter queue catches delivery failures only; failures inside an asynchronously "
              "invoked Lambda target are lambda-async-failure-destination's concern.",
    remediation="Give every target an SQS dead-letter queue (in the same Region, with a queue policy letting "
                "events.amazonaws.com send to it) and alarm on its depth (console: EventBridge > Rules > <rule> > "
                "Edit > Targets > Additional settings > Dead-letter queue; CLI: aws events put-targets --rule <rule> "
                "--event-bus-name <bus> --targets "
                "'Id=<id>,Arn=<target-arn>,DeadLetterConfig={Arn=arn:aws:sqs:<region>:<account>:<dlq>}').",
    references=("https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html",
                "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html",
                "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DeadLetterConfig.html"),
)
def eventbridge_target_dlq(inv, params):
    """Events that cannot be delivered must land somewhere they can be replayed from."""
    for bus in sorted(inv["events:event_buses"], key=lambda b: b.get("Name", "")):
        bus_name = bus.get("Name") or "default"
        for rule in sorted(bus.get("Rules") or [], key=lambda r: r.get("Name", "")):
            targets = rule.get("Targets") or []
            if rule.get("ManagedBy") or not targets:
                continue
            rule_name = rule.get("Name", "?")
            rid = f"{bus_name}/{rule_name}"
            arn = rule.get("Arn") or inv.arn("events", f"rule/{rule_name}" if bus_name == "default"
                                              else f"rule/{bus_name}/{rule_name}")
            state = " (the rule is DISABLED)" if rule.get("State") == "DISABLED" else ""
            missing = [t for t in targets if not (t.get("DeadLetterConfig") or {}).get("Arn")]
            if missing:
                listed = ", ".join(f"{t.get('Id')} ({t.get('Arn', '?')})" for t in missing)
                yield failed(rid, f"EventBridge rule {rule_name} on bus {bus_name}{state}: {len(missing)} of "
                             f"{len(targets)} target(s) have no dead-letter queue: {listed}. Events that still fail "
                             "after the retry policy are dropped; add an SQS dead-letter queue to each target.",
                             arn=arn, name=rule_name, targets_without_dlq=[t.get("Id") for t in missing])
            else:
                yield passed(rid, f"EventBridge rule {rule_name} on bus {bus_name}{state}: all {len(targets)} "
                             "target(s) have a dead-letter queue.", arn=arn, name=rule_name)
