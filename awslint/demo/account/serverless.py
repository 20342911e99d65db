"""Demo resources for the serverless checks (Day 13): the shop's order pipeline, in us-east-1.

What fails and what passes:

- lambda-deprecated-runtime: ``invoice-pdf-renderer`` runs on nodejs16.x (deprecated 2024-06-12) and
  FAILS; ``orders-api-handler`` (python3.13) and ``order-events-processor`` (python3.12) PASS.
  ``thumbnail-resizer`` is a container-image function: it has no Runtime and is not evaluated.
- lambda-role-admin-access: ``invoice-pdf-renderer`` uses ``legacy-ops-lambda-role``, whose inline
  policy allows Action "*" on Resource "*": FAIL. The other functions use ``orders-lambda-role``,
  scoped to one DynamoDB table and its log groups: PASS.
- lambda-async-failure-destination: ``invoice-pdf-renderer`` is invoked by S3 (its resource policy
  allows s3.amazonaws.com) with no DLQ or destination: FAIL. ``order-events-processor`` (EventBridge
  target) sends failures to an SQS on-failure destination and ``thumbnail-resizer`` (SNS) has a DLQ:
  PASS. ``orders-api-handler`` is called synchronously by API Gateway: not evaluated.
- apigw-stage-throttling / apigw-stage-access-logs: REST API ``orders-api`` stage ``prod`` and HTTP API
  ``catalog-http-api`` stage ``$default`` are throttled and access-logged: PASS. ``orders-api`` stage
  ``staging`` and ``catalog-http-api`` stage ``dev`` have neither: FAIL.
- apigw-rest-stage-cache: ``orders-api`` ``prod`` has an encrypted 0.5 GB cache: PASS; ``staging`` none: FAIL.
- eventbridge-target-dlq: on bus ``order-events``, rule ``order-placed`` sends to the processor with an
  SQS dead-letter queue (PASS); rule ``order-cancelled`` has a target without one (FAIL).

Function ``orders-api-handler`` has environment variables (a fake database password): awslint redacts
them at collection, so they appear in no inventory or report.
"""

from __future__ import annotations

import io
import json
import zipfile

LAMBDA_TRUST = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                          "Action": "sts:AssumeRole"}]}
#: Not a real secret: it exists to show that awslint never collects environment values.
DEMO_DB_PASSWORD = "demo-only-not-a-secret-7f3a"


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return {'ok': True}\n")
    return buffer.getvalue()


def _roles(ctx) -> dict[str, str]:
    iam = ctx.client("iam")
    region, account = ctx.primary, ctx.account
    scoped = iam.create_role(RoleName="orders-lambda-role", Path="/service-role/",
                             AssumeRolePolicyDocument=json.dumps(LAMBDA_TRUST))["Role"]["Arn"]
    iam.put_role_policy(RoleName="orders-lambda-role", PolicyName="orders-table-and-logs", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
             "Resource": f"arn:aws:dynamodb:{region}:{account}:table/shop-prod-orders"},
            {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
             "Resource": f"arn:aws:logs:{region}:{account}:log-group:/aws/lambda/*"},
            {"Effect": "Allow", "Action": "sqs:SendMessage",
             "Resource": f"arn:aws:sqs:{region}:{account}:order-processing-failures"}]}))
    legacy = iam.create_role(RoleName="legacy-ops-lambda-role",
                             AssumeRolePolicyDocument=json.dumps(LAMBDA_TRUST))["Role"]["Arn"]
    iam.put_role_policy(RoleName="legacy-ops-lambda-role", PolicyName="ops-full-access", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    return {"scoped": scoped, "legacy": legacy}


def _queues(ctx) -> dict[str, str]:
    sqs = ctx.client("sqs")
    out = {}
    for name in ("order-events-dlq", "order-processing-failures", "thumbnail-resizer-dlq"):
        url = sqs.create_queue(QueueName=name)["QueueUrl"]
        out[name] = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return out


def _functions(ctx, roles: dict[str, str], queues: dict[str, str]) -> dict[str, str]:
    lam = ctx.client("lambda")
    code = {"ZipFile": _zip()}
    arns = {}
    arns["orders-api-handler"] = lam.create_function(
        FunctionName="orders-api-handler", Runtime="python3.13", Role=roles["scoped"], Handler="handler.handler",
        Code=code, Environment={"Variables": {"DB_HOST": "shop-prod-orders.cluster.local",
                                              "DB_PASSWORD": DEMO_DB_PASSWORD}})["FunctionArn"]
    lam.add_permission(FunctionName="orders-api-handler", StatementId="orders-api", Action="lambda:InvokeFunction",
                       Principal="apigateway.amazonaws.com")
    arns["order-events-processor"] = lam.create_function(
        FunctionName="order-events-processor", Runtime="python3.12", Role=roles["scoped"],
        Handler="handler.handler", Code=code)["FunctionArn"]
    lam.put_function_event_invoke_config(
        FunctionName="order-events-processor", MaximumRetryAttempts=2,
        DestinationConfig={"OnFailure": {"Destination": queues["order-processing-failures"]}})
    arns["invoice-pdf-renderer"] = lam.create_function(
        FunctionName="invoice-pdf-renderer", Runtime="nodejs16.x", Role=roles["legacy"], Handler="index.handler",
        Code=code)["FunctionArn"]
    lam.add_permission(FunctionName="invoice-pdf-renderer", StatementId="invoices-bucket",
                       Action="lambda:InvokeFunction", Principal="s3.amazonaws.com",
                       SourceArn="arn:aws:s3:::shop-prod-invoices", SourceAccount=ctx.account)
    arns["thumbnail-resizer"] = lam.create_function(
        FunctionName="thumbnail-resizer", PackageType="Image", Role=roles["scoped"],
        Code={"ImageUri": f"{ctx.account}.dkr.ecr.{ctx.primary}.amazonaws.com/thumbnail-resizer:1.4.2"},
        DeadLetterConfig={"TargetArn": queues["thumbnail-resizer-dlq"]})["FunctionArn"]
    lam.add_permission(FunctionName="thumbnail-resizer", StatementId="product-images-topic",
                       Action="lambda:InvokeFunction", Principal="sns.amazonaws.com",
                       SourceArn=f"arn:aws:sns:{ctx.primary}:{ctx.account}:product-image-uploaded")
    return arns


def _event_bus(ctx, functions: dict[str, str], queues: dict[str, str]) -> None:
    events = ctx.client("events")
    events.create_event_bus(Name="order-events")
    processor = functions["order-events-processor"]
    events.put_rule(Name="order-placed", EventBusName="order-events",
                    EventPattern=json.dumps({"source": ["shop.orders"], "detail-type": ["OrderPlaced"]}))
    events.put_targets(Rule="order-placed", EventBusName="order-events", Targets=[
        {"Id": "order-events-processor", "Arn": processor, "DeadLetterConfig": {"Arn": queues["order-events-dlq"]},
         "RetryPolicy": {"MaximumRetryAttempts": 20, "MaximumEventAgeInSeconds": 3600}}])
    events.put_rule(Name="order-cancelled", EventBusName="order-events",
                    EventPattern=json.dumps({"source": ["shop.orders"], "detail-type": ["OrderCancelled"]}))
    events.put_targets(Rule="order-cancelled", EventBusName="order-events", Targets=[
        {"Id": "order-events-processor", "Arn": processor}])


def _rest_api(ctx, log_group_arn: str) -> None:
    apigw = ctx.client("apigateway")
    api = apigw.create_rest_api(name="orders-api", endpointConfiguration={"types": ["REGIONAL"]})["id"]
    root = apigw.get_resources(restApiId=api)["items"][0]["id"]
    apigw.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigw.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
    deployment = apigw.create_deployment(restApiId=api)["id"]
    apigw.create_stage(restApiId=api, stageName="prod", deploymentId=deployment)
    apigw.update_stage(restApiId=api, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "500"},
        {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "1000"},
        {"op": "replace", "path": "/accessLogSettings/destinationArn", "value": log_group_arn},
        {"op": "replace", "path": "/accessLogSettings/format", "value": '{"requestId":"$context.requestId"}'},
        {"op": "replace", "path": "/cacheClusterEnabled", "value": "true"},
        {"op": "replace", "path": "/cacheClusterSize", "value": "0.5"},
        {"op": "replace", "path": "/*/*/caching/enabled", "value": "true"},
        {"op": "replace", "path": "/*/*/caching/dataEncrypted", "value": "true"},
    ])
    apigw.create_stage(restApiId=api, stageName="staging", deploymentId=deployment)


def _http_api(ctx, log_group_arn: str) -> None:
    apigw = ctx.client("apigatewayv2")
    api = apigw.create_api(Name="catalog-http-api", ProtocolType="HTTP")["ApiId"]
    apigw.create_stage(ApiId=api, StageName="$default", AutoDeploy=True,
                       DefaultRouteSettings={"ThrottlingRateLimit": 200.0, "ThrottlingBurstLimit": 400},
                       AccessLogSettings={"DestinationArn": log_group_arn,
                                          "Format": '{"requestId":"$context.requestId"}'})
    apigw.create_stage(ApiId=api, StageName="dev", AutoDeploy=True)


def build(ctx) -> None:
    roles = _roles(ctx)
    queues = _queues(ctx)
    functions = _functions(ctx, roles, queues)
    _event_bus(ctx, functions, queues)
    logs = ctx.client("logs")
    log_groups = {}
    for name in ("/aws/apigateway/orders-api-access", "/aws/apigateway/catalog-http-api-access"):
        logs.create_log_group(logGroupName=name)
        log_groups[name] = f"arn:aws:logs:{ctx.primary}:{ctx.account}:log-group:{name}"
    _rest_api(ctx, log_groups["/aws/apigateway/orders-api-access"])
    _http_api(ctx, log_groups["/aws/apigateway/catalog-http-api-access"])
    ctx.shared["serverless"] = {"functions": functions, "queues": queues}
