"""Collector behaviour that no single check owns: manual NextToken paging, follow-up skipping, redaction."""

from awslint.testing import collect_stubbed


def test_next_token_is_followed_where_botocore_has_no_paginator():
    """events.ListEventBuses pages with NextToken but has no botocore paginator."""
    bus = lambda name: {"Name": name, "Arn": f"arn:aws:events:us-east-1:123456789012:event-bus/{name}"}  # noqa: E731
    stubs = {("events", "us-east-1"): [
        ("list_event_buses", {"EventBuses": [bus("default")], "NextToken": "page-2"}),
        ("list_event_buses", {"EventBuses": [bus("orders")]}),
        ("list_rules", {"Rules": []}),  # one per bus, after the listing
        ("list_rules", {"Rules": []}),
    ]}
    inv = collect_stubbed(["events:event_buses"], stubs)
    names = [b["Name"] for b in inv.data["events:event_buses"][("123456789012", "us-east-1")]]
    assert names == ["default", "orders"]


def test_follow_up_params_none_skips_the_call_and_missing_codes_store_none():
    from awslint.collector import Collector
    from awslint.sources.base import FollowUp, Source
    from awslint.testing import StubbedAws

    source = Source(
        "dynamodb:test_tables", "dynamodb", "list_tables", "TableNames", wrap="TableName",
        follow_ups=(
            FollowUp("describe_table", lambda t: {"TableName": t["TableName"]}, "Table", result_key="Table",
                     missing=("ResourceNotFoundException",)),
            FollowUp("list_tags_of_resource",
                     lambda t: {"ResourceArn": t["Table"]["TableArn"]} if t.get("Table") else None, "Tags",
                     result_key="Tags"),
        ))
    aws = StubbedAws({("dynamodb", "us-east-1"): [
        ("list_tables", {"TableNames": ["gone", "orders"]}),
    ]})
    aws.stubbers[0].add_client_error("describe_table", "ResourceNotFoundException", "Requested resource not found")
    aws.stubbers[0].add_response("describe_table", {"Table": {
        "TableName": "orders", "TableArn": "arn:aws:dynamodb:us-east-1:123456789012:table/orders"}})
    aws.stubbers[0].add_response("list_tags_of_resource", {"Tags": [{"Key": "team", "Value": "shop"}]})

    inv = Collector(aws, max_workers=1).collect([source], "123456789012", ["us-east-1"])

    aws.assert_consumed()
    gone, orders = inv.data["dynamodb:test_tables"][("123456789012", "us-east-1")]
    assert gone["Table"] is None and gone["Tags"] is None  # vanished: no guessed ARN, no extra call
    assert orders["Tags"] == [{"Key": "team", "Value": "shop"}]


def test_a_failing_source_is_recorded_per_region_and_never_raised():
    from awslint.collector import Collector
    from awslint.testing import StubbedAws, default_registry

    aws = StubbedAws({
        ("ec2", "us-east-1"): [("describe_volumes", {"Volumes": [{"VolumeId": "vol-1"}]})],
        ("ec2", "eu-west-1"): [],
    })
    aws.stubbers[1].add_client_error("describe_volumes", "UnauthorizedOperation", "You are not authorized")
    inv = Collector(aws, max_workers=2).collect([default_registry().sources["ec2:volumes"]], "123456789012",
                                                ["us-east-1", "eu-west-1"])
    assert [v["VolumeId"] for v in inv.data["ec2:volumes"][("123456789012", "us-east-1")]] == ["vol-1"]
    error = inv.errors[("ec2:volumes", "123456789012", "eu-west-1")]
    assert error.startswith("UnauthorizedOperation on DescribeVolumes") and "ReadOnlyAccess" in error


def test_bare_values_without_wrap_are_a_clear_source_error():
    from awslint.collector import Collector
    from awslint.sources.base import Source
    from awslint.testing import StubbedAws

    names = Source("dynamodb:names", "dynamodb", "list_tables", "TableNames")  # forgot wrap="TableName"
    aws = StubbedAws({("dynamodb", "us-east-1"): [("list_tables", {"TableNames": ["orders"]})]})
    inv = Collector(aws, max_workers=1).collect([names], "123456789012", ["us-east-1"])
    assert "declare wrap=" in inv.errors[("dynamodb:names", "123456789012", "us-east-1")]


def test_sources_listing_the_same_thing_share_one_list_call_per_region():
    """elbv2:load_balancers and elbv2:load_balancer_listeners are one DescribeLoadBalancers call, not two."""
    arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1"
    stubs = {("elbv2", "us-east-1"): [
        ("describe_load_balancers", {"LoadBalancers": [{"LoadBalancerArn": arn, "LoadBalancerName": "web"}]}),
        ("describe_listeners", {"Listeners": [{"ListenerArn": f"{arn}/l1", "Port": 80, "Protocol": "HTTP"}]}),
    ]}
    inv = collect_stubbed(["elbv2:load_balancers", "elbv2:load_balancer_listeners"], stubs)  # every stub used once
    scope = ("123456789012", "us-east-1")
    plain, with_listeners = inv.data["elbv2:load_balancers"][scope], inv.data["elbv2:load_balancer_listeners"][scope]
    assert [lb["LoadBalancerName"] for lb in plain] == ["web"] and "_listeners" not in plain[0]
    assert with_listeners[0]["_listeners"][0]["Port"] == 80


def test_redaction_walks_lists_and_records_what_it_removed():
    from awslint.collector import _redact

    item = {"Stages": [{"stageName": "prod", "variables": {"dbPassword": "hunter2"}}, {"stageName": "dev"}],
            "Environment": {"Variables": {"TOKEN": "s3cr3t"}}}
    _redact(item, ("Stages[].variables", "Environment.Variables", "Missing.Field"))
    assert "hunter2" not in str(item) and "s3cr3t" not in str(item)
    assert item["Stages"][0] == {"stageName": "prod"} and item["Environment"] == {}
    assert item["_redacted"] == ["Stages[].variables", "Environment.Variables"]


def test_api_gateway_stage_variables_never_reach_the_inventory():
    stubs = {("apigateway", "us-east-1"): [
        ("get_rest_apis", {"items": [{"id": "abc123", "name": "orders-api"}]}),
        ("get_stages", {"item": [{"stageName": "prod", "variables": {"dbPassword": "hunter2"}}]}),
    ]}
    inv = collect_stubbed(["apigateway:rest_apis"], stubs)
    assert "hunter2" not in inv.dumps()
    assert inv.data["apigateway:rest_apis"][("123456789012", "us-east-1")][0]["Stages"] == [{"stageName": "prod"}]


def test_cloudfront_origin_custom_headers_never_reach_the_inventory(moto_account):
    cf = moto_account.client("cloudfront")
    cf.create_distribution(DistributionConfig={
        "CallerReference": "secret-header", "Comment": "", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{
            "Id": "alb", "DomainName": "shop-alb-123.us-east-1.elb.amazonaws.com",
            "CustomHeaders": {"Quantity": 1, "Items": [{"HeaderName": "X-Origin-Verify", "HeaderValue": "hunter2"}]},
            "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "alb", "ViewerProtocolPolicy": "redirect-to-https",
                                 "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}})
    from awslint.collector import Collector
    from awslint.session import AwsSession
    from awslint.testing import default_registry

    aws = AwsSession(moto_account.session)
    inv = Collector(aws).collect([default_registry().sources["cloudfront:distributions"]], "123456789012",
                                 ["us-east-1"])
    dumped = inv.dumps()
    assert "hunter2" not in dumped and "shop-alb-123" in dumped
    (dist,) = inv.data["cloudfront:distributions"][("123456789012", "global")]
    assert dist["_redacted"] == ["Origins.Items[].CustomHeaders"]  # it was there, and was removed


def test_hand_paging_that_repeats_a_token_fails_the_source_instead_of_duplicating_findings():
    """events.ListEventBuses has no botocore paginator: awslint follows NextToken itself. A token seen before
    means the API pages in a circle: the source fails (its checks ERROR) instead of reporting every bus twice."""
    from awslint.testing import collect_stubbed

    bus = {"Name": "default", "Arn": "arn:aws:events:us-east-1:123456789012:event-bus/default"}
    inv = collect_stubbed(["events:event_buses"], {("events", "us-east-1"): [
        ("list_event_buses", {"EventBuses": [bus], "NextToken": "same"}),
        ("list_event_buses", {"EventBuses": [bus], "NextToken": "same"}),
    ]})
    error = inv.errors[("events:event_buses", "123456789012", "us-east-1")]
    assert "PaginationError" in error and "NextToken 'same' twice" in error
    assert ("events:event_buses") not in inv.data or not inv.data["events:event_buses"]


def test_hand_paging_stops_at_the_page_cap(monkeypatch):
    from awslint import collector
    from awslint.testing import collect_stubbed

    monkeypatch.setattr(collector, "MAX_PAGES", 2)
    pages = [("list_event_buses", {"EventBuses": [], "NextToken": f"t{n}"}) for n in range(3)]
    inv = collect_stubbed(["events:event_buses"], {("events", "us-east-1"): pages})
    assert "still paging after 2 pages" in inv.errors[("events:event_buses", "123456789012", "us-east-1")]
