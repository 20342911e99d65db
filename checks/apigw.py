"""APIGW: Amazon API Gateway stages (Day 13: Serverless): throttling, access logs, caching.

A stage is where an API meets its callers, so it is where the lesson's protections belong: its own
throttling limit so one client cannot exhaust the account-wide quota every API shares, access logs so an
incident can be investigated, and (REST) an encrypted cache so repeated reads do not reach the backend.
Stages are nested in their API's item (REST APIs in ``apigateway:rest_apis``, HTTP and WebSocket APIs in
``apigatewayv2:apis``) and are not items of a source: findings name them explicitly (``<api id>/<stage>``,
the API's ARN followed by ``/stages/<stage>``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from awslint import Param, check, errored, failed, passed
from awslint.lessons import Lesson

REST_STAGE = "AWS::ApiGateway::Stage"
V2_STAGE = "AWS::ApiGatewayV2::Stage"

#: Default page of the AWS docs each check cites first.
DOC_APIGW_THROTTLE = "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html"
DOC_HTTP_THROTTLE = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html"


class Stage(NamedTuple):
    """One stage of a REST, HTTP or WebSocket API; or, when the API's stage list was not collected, the API
    itself with ``settings`` None (its findings are then ERRORs about the API)."""

    kind: str  #: "REST", "HTTP" or "WEBSOCKET"
    id: str  #: ``<api id>/<stage name>`` (the API id alone when its stages are missing)
    arn: str | None
    name: str  #: ``<api name> <stage name>`` (the API name alone when its stages are missing)
    type: str
    settings: dict | None


def api_stages(inv, *, v2: bool = True) -> Iterator[Stage]:
    """Every stage of every REST API and, unless ``v2`` is false, every HTTP and WebSocket API, by API id then
    stage name. The stage's id and ARN extend those its API's source declares."""
    keys = ("apigateway:rest_apis", "apigatewayv2:apis") if v2 else ("apigateway:rest_apis",)
    for key in keys:
        rest = key == "apigateway:rest_apis"
        stage_key = "stageName" if rest else "StageName"
        for api in inv.live(key):
            kind = "REST" if rest else (api.get("ProtocolType") or "HTTP").upper()
            ref = inv.describe(api)
            api_id = ref["resource_id"] or "?"
            api_name = ref["name"] or api_id
            rtype = REST_STAGE if rest else V2_STAGE
            if api.get("Stages") is None:
                yield Stage(kind, api_id, ref["resource_arn"], api_name, rtype, None)
                continue
            for stage in sorted(api["Stages"], key=lambda s: s.get(stage_key, "")):
                stage_name = stage.get(stage_key, "?")
                yield Stage(kind, f"{api_id}/{stage_name}", f"{ref['resource_arn']}/stages/{stage_name}",
                            f"{api_name} {stage_name}", rtype, stage)


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


@check(
    id="APIGW001", name="apigw-stage-throttling", severity="medium",
    title="API Gateway stage has no stage-level throttling limit",
    needs=("apigateway:rest_apis", "apigatewayv2:apis"), lesson=Lesson.SERVERLESS, pillars=("reliability", "security"),
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
    for st in api_stages(inv):
        where = {"arn": st.arn, "name": st.name, "resource_type": st.type}  # a stage is not an item of a source
        if st.settings is None:
            yield errored(st.id, f"{st.kind} API {st.name}: its stages were not collected; cannot judge its "
                          "throttling.", **where)
            continue
        rate, burst, overrides = stage_limits(st.kind, st.settings)
        extra = f" ({len(overrides)} {'method' if st.kind == 'REST' else 'route'}-level limit(s) exist: " \
                f"{', '.join(overrides[:3])}; they do not cover the rest)" if overrides else ""
        fix = ("Set a stage-wide rate and burst limit sized to the backend, below the account's "
               f"{ceiling:,.0f} requests/s.")
        if rate is None or burst is None:
            yield failed(st.id, f"{st.kind} stage {st.name} has no stage-wide throttling limit{extra}: it can use the "
                         f"whole account-wide regional quota shared by every API. {fix}", **where)
        elif rate < 0 or burst < 0:
            yield failed(st.id, f"{st.kind} stage {st.name} has throttling disabled (rate {rate}, burst {burst})"
                         f"{extra}. {fix}", **where)
        elif rate >= ceiling:
            yield failed(st.id, f"{st.kind} stage {st.name} allows {rate:,.0f} requests/s, at or above the "
                         f"account-level limit ({ceiling:,.0f}), so it protects nothing{extra}. {fix}", **where)
        else:
            yield passed(st.id, f"{st.kind} stage {st.name} is throttled at {rate:,g} requests/s (burst {burst:,g}).",
                         **where)


@check(
    id="APIGW002", name="apigw-stage-access-logs", severity="medium",
    title="API Gateway stage has no access logging",
    needs=("apigateway:rest_apis", "apigatewayv2:apis"), lesson=Lesson.SERVERLESS, pillars=("operational", "security"),
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
    for st in api_stages(inv):
        where = {"arn": st.arn, "name": st.name, "resource_type": st.type}  # a stage is not an item of a source
        if st.settings is None:
            yield errored(st.id, f"{st.kind} API {st.name}: its stages were not collected; cannot judge its access "
                          "logging.", **where)
            continue
        rest = st.kind == "REST"
        settings = (st.settings.get("accessLogSettings") if rest else st.settings.get("AccessLogSettings")) or {}
        destination = settings.get("destinationArn") if rest else settings.get("DestinationArn")
        if destination:
            yield passed(st.id, f"{st.kind} stage {st.name} writes access logs to {destination}.", **where)
        else:
            yield failed(st.id, f"{st.kind} stage {st.name} has no access logging: requests to it leave no record of "
                         "caller, route, status or latency. Set a CloudWatch Logs access log destination with a JSON "
                         "format.", **where)


CACHE_LIVE = ("CREATE_IN_PROGRESS", "AVAILABLE", "FLUSH_IN_PROGRESS")


@check(
    id="APIGW003", name="apigw-rest-stage-cache", severity="low",
    title="API Gateway REST stage has no cache, or its cache is not encrypted",
    needs=("apigateway:rest_apis",), lesson=Lesson.SERVERLESS, pillars=("performance", "security"),
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
    for st in api_stages(inv, v2=False):
        where = {"arn": st.arn, "name": st.name, "resource_type": st.type}  # a stage is not an item of a source
        if st.settings is None:
            yield errored(st.id, f"REST API {st.name}: its stages were not collected; cannot judge caching.", **where)
            continue
        stage = st.settings
        default = (stage.get("methodSettings") or {}).get("*/*") or {}
        cluster = bool(stage.get("cacheClusterEnabled")) and \
            (stage.get("cacheClusterStatus") or "AVAILABLE") in CACHE_LIVE
        # With no stage-wide caching setting, AWS caches GET methods by default once the cluster exists:
        # an absent cachingEnabled is not "off" (only an explicit false is).
        scope = " (GET methods only: no stage-wide caching setting)" if "cachingEnabled" not in default else ""
        if not cluster:
            if params["require_cache"]:
                yield failed(st.id, f"REST stage {st.name} has no cache: every request reaches the backend. Provision "
                             "an encrypted stage cache for cacheable GET methods (or set require_cache false for "
                             "APIs that must not be cached).", **where)
        elif default.get("cachingEnabled") is False:
            yield failed(st.id, f"REST stage {st.name} has a {stage.get('cacheClusterSize', '?')} GB cache cluster "
                         "(billed hourly) but caching is off for its methods ('*/*'). Enable caching or delete "
                         "the cache.", **where)
        elif not default.get("cacheDataEncrypted"):
            yield failed(st.id, f"REST stage {st.name} caches responses unencrypted at rest{scope}. Turn on 'Encrypt "
                         "cache data' (/*/*/caching/dataEncrypted).", **where)
        else:
            yield passed(st.id, f"REST stage {st.name} has an encrypted {stage.get('cacheClusterSize', '?')} GB cache "
                         f"(TTL {default.get('cacheTtlInSeconds', 300)} s){scope}.", **where)
