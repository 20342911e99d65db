"""EventBridge checks (EVB, Day 13) on moto and through the nested rule/target follow-ups."""

from __future__ import annotations

import json

from awslint.testing import collect_stubbed, messages, run_check, verdicts

ACCOUNT = "123456789012"


# -- eventbridge-target-dlq ---------------------------------------------------------------------------------------
def test_eventbridge_rules_on_default_and_custom_buses(moto_account):
    events = moto_account.client("events")
    dlq = {"Arn": f"arn:aws:sqs:us-east-1:{ACCOUNT}:events-dlq"}
    queue = f"arn:aws:sqs:us-east-1:{ACCOUNT}:work"
    events.put_rule(Name="nightly", ScheduleExpression="cron(0 2 * * ? *)")
    events.put_targets(Rule="nightly", Targets=[{"Id": "q", "Arn": queue, "DeadLetterConfig": dlq}])
    events.create_event_bus(Name="order-events")
    events.put_rule(Name="order-placed", EventBusName="order-events", EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(Rule="order-placed", EventBusName="order-events", Targets=[
        {"Id": "with-dlq", "Arn": queue, "DeadLetterConfig": dlq}, {"Id": "bare", "Arn": queue}])
    events.put_rule(Name="paused", EventBusName="order-events", EventPattern=json.dumps({"source": ["x"]}),
                    State="DISABLED")
    events.put_targets(Rule="paused", EventBusName="order-events", Targets=[{"Id": "t", "Arn": queue}])
    events.put_rule(Name="no-targets", EventBusName="order-events", EventPattern=json.dumps({"source": ["y"]}))
    west = moto_account.client("events", "eu-west-1")
    west.put_rule(Name="replica", EventPattern=json.dumps({"source": ["shop"]}))
    west.put_targets(Rule="replica", Targets=[{"Id": "t", "Arn": "arn:aws:sqs:eu-west-1:123456789012:w"}])

    results = moto_account.scan("eventbridge-target-dlq")

    assert verdicts(results, by_region=True) == {
        "us-east-1/default/nightly": "PASS", "us-east-1/order-events/order-placed": "FAIL",
        "us-east-1/order-events/paused": "FAIL", "eu-west-1/default/replica": "FAIL"}
    text = messages(results)
    assert "1 of 2 target(s)" in text["order-events/order-placed"] and "bare" in text["order-events/order-placed"]
    assert "DISABLED" in text["order-events/paused"]
    by_id = {r.resource_id: r for r in results}
    assert by_id["order-events/order-placed"].resource_arn == \
        f"arn:aws:events:us-east-1:{ACCOUNT}:rule/order-events/order-placed"


def test_managed_rules_are_skipped_and_rules_page_through_nested_follow_ups():
    rule = lambda name, **kw: {"Name": name, "Arn": f"arn:aws:events:us-east-1:{ACCOUNT}:rule/{name}",  # noqa: E731
                               "EventBusName": "default", "State": "ENABLED", **kw}
    inv = collect_stubbed(["events:event_buses"], {("events", "us-east-1"): [
        ("list_event_buses", {"EventBuses": [{"Name": "default",
                                              "Arn": f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/default"}]}),
        ("list_rules", {"Rules": [rule("r1")], "NextToken": "t2"}),
        ("list_rules", {"Rules": [rule("r2", ManagedBy="securityhub.amazonaws.com")]}),
        ("list_targets_by_rule", {"Targets": [{"Id": "t", "Arn": "arn:aws:sqs:us-east-1:123456789012:q"}]}),
        ("list_targets_by_rule", {"Targets": [{"Id": "t", "Arn": "arn:aws:sqs:us-east-1:123456789012:q"}]}),
    ]})
    assert verdicts(run_check("eventbridge-target-dlq", inv)) == {"default/r1": "FAIL"}
