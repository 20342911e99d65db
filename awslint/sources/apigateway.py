"""API Gateway sources (regional): REST APIs (v1) and HTTP/WebSocket APIs (v2), each with its stages.

Stage variables often carry configuration that is secret (keys, passwords in URLs): they are
removed before storage, like Lambda environment values.
"""

from awslint.sources.base import FollowUp, Identity, Source

rest_apis = Source(
    "apigateway:rest_apis", "apigateway", "get_rest_apis", "items",
    follow_ups=(FollowUp("get_stages", params=lambda api: {"restApiId": api["id"]}, store_as="Stages",
                         result_key="item"),),
    redact=("Stages[].variables",),
    description="REST APIs with their stages (Stages: methodSettings, accessLogSettings, cache).",
    identity=Identity(
        id="id", arn="arn:{partition}:apigateway:{region}::/restapis/{id}", name="name", type="AWS::ApiGateway::RestApi"))

apis = Source(
    "apigatewayv2:apis", "apigatewayv2", "get_apis", "Items",
    follow_ups=(FollowUp("get_stages", params=lambda api: {"ApiId": api["ApiId"]}, store_as="Stages",
                         result_key="Items", paginate=True),),
    redact=("Stages[].StageVariables",),
    description="HTTP and WebSocket APIs with their stages (Stages: DefaultRouteSettings, AccessLogSettings).",
    identity=Identity(
        id="ApiId", arn="arn:{partition}:apigateway:{region}::/apis/{ApiId}", name="Name", type="AWS::ApiGatewayV2::Api"))
