"""EVB: Amazon EventBridge rules (Day 13: Serverless): targets need a dead-letter queue.

EventBridge retries a failed delivery for a while and then drops the event; in an event-driven design
that is lost work nobody sees, so every target of a rule should have a dead-letter queue to catch what
could not be delivered. Rules and their targets are nested in their event bus's item
(``events:event_buses``) and are not items of a source: findings name the rule explicitly
(``<bus>/<rule>``, the rule's ARN).
"""

from __future__ import annotations

from awslint import check, failed, passed
from awslint.lessons import Lesson

RULE_TYPE = "AWS::Events::Rule"


@check(
    id="EVB001", name="eventbridge-target-dlq", severity="medium",
    title="EventBridge rule has targets without a dead-letter queue",
    needs=("events:event_buses",), lesson=Lesson.SERVERLESS, pillars=("reliability",),
    resource_type=RULE_TYPE,
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
    for bus in inv.live("events:event_buses"):
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
                             arn=arn, name=rule_name, resource_type=RULE_TYPE,
                             targets_without_dlq=[t.get("Id") for t in missing])
            else:
                yield passed(rid, f"EventBridge rule {rule_name} on bus {bus_name}{state}: all {len(targets)} "
                             "target(s) have a dead-letter queue.", arn=arn, name=rule_name,
                             resource_type=RULE_TYPE)
