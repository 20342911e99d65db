"""API Gateway stage checks (APIGW, Day 13) on moto (REST, HTTP and WebSocket APIs) and on API-shaped data."""

from __future__ import annotations

from awslint.testing import collect_stubbed, inventory_from, messages, run_check, verdicts

ACCOUNT = "123456789012"


def _rest(moto_account, name, stages: dict[str, list[dict]]):
    apigw = moto_account.client("apigateway")
    api = apigw.create_rest_api(name=name)["id"]
    root = apigw.get_resources(restApiId=api)["items"][0]["id"]
    apigw.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigw.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
    deployment = apigw.create_deployment(restApiId=api)["id"]
    for stage, patches in stages.items():
        apigw.create_stage(restApiId=api, stageName=stage, deploymentId=deployment)
        if patches:
            apigw.update_stage(restApiId=api, stageName=stage, patchOperations=patches)
    return api


def _patch(path, value):
    return {"op": "replace", "path": path, "value": value}


THROTTLED = [_patch("/*/*/throttling/rateLimit", "100"), _patch("/*/*/throttling/burstLimit", "200")]
LOGGED = [_patch("/accessLogSettings/destinationArn", f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:access"),
          _patch("/accessLogSettings/format", "$context.requestId")]
CACHED = [_patch("/cacheClusterEnabled", "true"), _patch("/cacheClusterSize", "0.5"),
          _patch("/*/*/caching/enabled", "true")]


def test_api_gateway_stage_checks_on_rest_http_and_websocket_apis(moto_account):
    rest = _rest(moto_account, "orders-api", {
        "prod": THROTTLED + LOGGED + CACHED + [_patch("/*/*/caching/dataEncrypted", "true")],
        # moto fills unset method settings with its own defaults (cacheDataEncrypted True, AWS: false): set it
        "beta": [_patch("/*/*/throttling/rateLimit", "-1"), _patch("/*/*/throttling/burstLimit", "-1"), *CACHED,
                 _patch("/*/*/caching/dataEncrypted", "false")],
        "dev": []})
    v2 = moto_account.client("apigatewayv2")
    http = v2.create_api(Name="catalog-api", ProtocolType="HTTP")["ApiId"]
    v2.create_stage(ApiId=http, StageName="$default", DefaultRouteSettings={"ThrottlingRateLimit": 50.0,
                                                                            "ThrottlingBurstLimit": 100},
                    AccessLogSettings={"DestinationArn": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:http",
                                       "Format": "$context.requestId"})
    v2.create_stage(ApiId=http, StageName="dev")
    ws = v2.create_api(Name="live-updates", ProtocolType="WEBSOCKET",
                       RouteSelectionExpression="$request.body.action")["ApiId"]
    v2.create_stage(ApiId=ws, StageName="prod", DefaultRouteSettings={"ThrottlingRateLimit": 20000.0,
                                                                      "ThrottlingBurstLimit": 5000})
    v2.create_api(Name="not-deployed", ProtocolType="HTTP")  # no stages: not evaluated

    throttling = moto_account.scan("apigw-stage-throttling", regions=["us-east-1"])
    assert verdicts(throttling) == {f"{rest}/prod": "PASS", f"{rest}/beta": "FAIL", f"{rest}/dev": "FAIL",
                                    f"{http}/$default": "PASS", f"{http}/dev": "FAIL", f"{ws}/prod": "FAIL"}
    text = messages(throttling)
    assert "disabled" in text[f"{rest}/beta"] and "at or above the account-level limit" in text[f"{ws}/prod"]
    by_id = {r.resource_id: r for r in throttling}
    assert by_id[f"{rest}/prod"].resource_arn == f"arn:aws:apigateway:us-east-1::/restapis/{rest}/stages/prod"
    assert by_id[f"{http}/dev"].resource_type == "AWS::ApiGatewayV2::Stage"
    assert by_id[f"{rest}/dev"].resource_type == "AWS::ApiGateway::Stage"

    logs = moto_account.scan("apigw-stage-access-logs", regions=["us-east-1"])
    assert verdicts(logs) == {f"{rest}/prod": "PASS", f"{rest}/beta": "FAIL", f"{rest}/dev": "FAIL",
                              f"{http}/$default": "PASS", f"{http}/dev": "FAIL", f"{ws}/prod": "FAIL"}

    cache = moto_account.scan("apigw-rest-stage-cache", regions=["us-east-1"])
    assert verdicts(cache) == {f"{rest}/prod": "PASS", f"{rest}/beta": "FAIL", f"{rest}/dev": "FAIL"}
    assert "unencrypted" in messages(cache)[f"{rest}/beta"]
    optional = moto_account.scan("apigw-rest-stage-cache", regions=["us-east-1"], params={"require_cache": False})
    assert verdicts(optional) == {f"{rest}/prod": "PASS", f"{rest}/beta": "FAIL"}


def test_stage_settings_aws_reports_but_moto_cannot_build():
    # AWS fills '*/*' with the account defaults (10,000/5,000) once any method setting is made;
    # method-level limits alone do not protect the stage; a paid cache with caching off is waste.
    inv = inventory_from({"apigateway:rest_apis": [{"id": "a1", "name": "shop", "Stages": [
        {"stageName": "defaults", "methodSettings": {"*/*": {"loggingLevel": "INFO", "throttlingRateLimit": 10000.0,
                                                             "throttlingBurstLimit": 5000}}},
        {"stageName": "partial", "methodSettings": {"orders/GET": {"throttlingRateLimit": 10.0,
                                                                    "throttlingBurstLimit": 5}}},
        {"stageName": "idle-cache", "cacheClusterEnabled": True, "cacheClusterSize": "6.1",
         "cacheClusterStatus": "AVAILABLE", "methodSettings": {"*/*": {"cachingEnabled": False}}},
        {"stageName": "deleting-cache", "cacheClusterEnabled": True, "cacheClusterStatus": "DELETE_IN_PROGRESS"},
    ]}, {"id": "a2", "name": "lost", "Stages": None}]})
    throttling = run_check("apigw-stage-throttling", inv)
    assert verdicts(throttling) == {"a1/defaults": "FAIL", "a1/partial": "FAIL", "a1/idle-cache": "FAIL",
                                    "a1/deleting-cache": "FAIL", "a2": "ERROR"}
    assert "orders/GET" in messages(throttling)["a1/partial"]
    cache = run_check("apigw-rest-stage-cache", inv)
    assert verdicts(cache) == {"a1/defaults": "FAIL", "a1/partial": "FAIL", "a1/idle-cache": "FAIL",
                               "a1/deleting-cache": "FAIL", "a2": "ERROR"}
    assert "caching is off" in messages(cache)["a1/idle-cache"]
    raised = run_check("apigw-stage-throttling", inv, params={"account_rate_limit": 20000.0})
    assert verdicts(raised)["a1/defaults"] == "PASS"


def test_rest_api_pagination_and_stage_follow_ups():
    stage = {"stageName": "prod", "accessLogSettings": {"destinationArn": "arn:aws:logs:us-east-1:1:log-group:x"}}
    inv = collect_stubbed(["apigateway:rest_apis"], {("apigateway", "us-east-1"): [
        ("get_rest_apis", {"items": [{"id": "api1", "name": "one"}], "position": "p2"}),
        ("get_rest_apis", {"items": [{"id": "api2", "name": "two"}]}),
        ("get_stages", {"item": [stage]}),
        ("get_stages", {"item": []}),
    ]})
    results = run_check("apigw-stage-access-logs", inv)
    assert verdicts(results) == {"api1/prod": "PASS"}


def test_rest_cache_without_stage_wide_setting_caches_get_methods_by_default():
    # AWS: "when you enable caching for a stage, only GET methods have caching enabled by default". A cluster
    # provisioned with no '*/*' caching setting is not "paid for, unused"; it is unencrypted (the default).
    inv = inventory_from({"apigateway:rest_apis": [{"id": "c1", "name": "catalog", "Stages": [
        {"stageName": "prod", "cacheClusterEnabled": True, "cacheClusterSize": "0.5", "cacheClusterStatus": "AVAILABLE"},
        {"stageName": "enc", "cacheClusterEnabled": True, "cacheClusterSize": "0.5", "cacheClusterStatus": "AVAILABLE",
         "methodSettings": {"*/*": {"cacheDataEncrypted": True}}},
        {"stageName": "off", "cacheClusterEnabled": True, "cacheClusterSize": "0.5", "cacheClusterStatus": "AVAILABLE",
         "methodSettings": {"*/*": {"cachingEnabled": False, "cacheDataEncrypted": True}}},
    ]}]})
    results = run_check("apigw-rest-stage-cache", inv)
    assert verdicts(results) == {"c1/prod": "FAIL", "c1/enc": "PASS", "c1/off": "FAIL"}
    text = messages(results)
    assert "unencrypted" in text["c1/prod"] and "caching is off" not in text["c1/prod"]
    assert "GET methods only" in text["c1/enc"] and "TTL 300 s" in text["c1/enc"]
    assert "caching is off" in text["c1/off"]
