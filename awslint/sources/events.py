"""EventBridge sources (regional): every event bus, its rules and each rule's targets.

Rules are listed per bus (``ListRules`` without a bus name sees only the default bus) and
targets per rule, through nested follow-ups. ``ListEventBuses`` has no botocore paginator; the
collector follows its ``NextToken`` by hand.
``ListTargetsByRule`` is called without paging: a rule has at most 5 targets, and moto
repeats its NextToken, which would make the paginator fail.
"""

from awslint.sources.base import FollowUp, Identity, Source

_targets = FollowUp("list_targets_by_rule",
                    params=lambda rule: {"Rule": rule["Name"], "EventBusName": rule.get("EventBusName") or "default"},
                    store_as="Targets", result_key="Targets",
                    missing=("ResourceNotFoundException",))  # rule deleted between the two calls

event_buses = Source(
    "events:event_buses", "events", "list_event_buses", "EventBuses",
    follow_ups=(FollowUp("list_rules", params=lambda bus: {"EventBusName": bus["Name"]}, store_as="Rules",
                         result_key="Rules", paginate=True, follow_ups=(_targets,)),),
    # A target's constant Input and its HTTP header/query values can hold credentials: never stored.
    redact=("Rules[].Targets[].Input", "Rules[].Targets[].HttpParameters"),
    description="Event buses with their rules (Rules) and each rule's targets (Rules[].Targets).",
    identity=Identity(
        id="Name", arn=("Arn", "arn:{partition}:events:{region}:{account}:event-bus/{Name}"), name="Name",
        type="AWS::Events::EventBus"))
