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
