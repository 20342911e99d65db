"""R53: Route 53 DNS failover (Day 4: Disaster recovery (RTO/RPO)).

DNS failover is how traffic reaches a disaster-recovery site without anyone editing records during an
outage, and Route 53 only fails over when it can tell that an endpoint is down: the lesson is that every
failover record needs a working health check (or an alias that evaluates its target's health), because
Route 53 treats a record without one as always healthy. Unlike the tier-based DR checks, this is judged in
every hosted zone whatever the tier: a failover record without a health check never fails over. Record
sets are not items of a source (they live inside their hosted zone), so results name them explicitly.
"""

from __future__ import annotations

from collections.abc import Iterator

from awslint import Param, check, failed, passed
from awslint.lessons import Lesson


# -- R53001: failover records without a health check ----------------------------------------------
@check(
    id="R53001", name="route53-failover-health-check", severity="high",
    title="Route 53 failover record has no health check",
    needs=("route53:hosted_zones", "route53:health_checks"),
    lesson=Lesson.DISASTER_RECOVERY, pillars=("reliability",),
    resource_type="AWS::Route53::RecordSet",
    params={"require_secondary": Param(True, "Also require a health check (or evaluated alias target) on SECONDARY "
                                             "records; AWS recommends one on both")},
    rationale="Route 53 treats a failover record without a health check as always healthy: a PRIMARY without one "
              "never fails over, and a SECONDARY without one receives traffic even when it is down. Health checks "
              "are what turn a DR site into an automatic failover.",
    evaluates="Every record set with a Failover value (PRIMARY or SECONDARY) in every public and private hosted "
              "zone of the account. A record is health-checked when it has a HealthCheckId that exists in the "
              "account's health checks and is not disabled, or when it is an alias with EvaluateTargetHealth true "
              "(the alias inherits the health of its target, e.g. a load balancer or another record set; AWS "
              "documents this as the alternative to a health check for failover alias records). PASS when "
              "health-checked. FAIL when not, when the HealthCheckId refers to a deleted health check (Route 53 "
              "then cannot predict the record's status), or when the health check is disabled (Route 53 considers "
              "a disabled health check always healthy, so the record never fails over). "
              "SECONDARY records are evaluated only when `require_secondary` is true (default). "
              "Records with other routing policies are not evaluated. Route 53 records have no ARN: results "
              "carry the hosted zone's ARN and a resource id zone/name/type/set-identifier.",
    remediation="Create a health check for the endpoint and associate it with the failover record, or, for an alias "
                "record, set Evaluate target health to Yes (console: Route 53 > Health checks > Create health check; "
                "then Hosted zones > <zone> > <record> > Edit > Health check ID; CLI: aws route53 "
                "create-health-check --caller-reference <unique> --health-check-config "
                "Type=HTTPS,FullyQualifiedDomainName=<host>,ResourcePath=/health; aws route53 "
                "change-resource-record-sets --hosted-zone-id <zone> --change-batch file://upsert-with-healthcheckid.json).",
    references=(
        "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-configuring.html",
        "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-types.html",
        "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-failover-alias.html",
        "https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html",
    ),
)
def route53_failover_health_check(inv, params) -> Iterator:
    """A failover record without a health check is always 'healthy', so failover never happens."""
    existing: dict | None = None  # health checks are read only once a failover record needs judging
    for zone in sorted(inv["route53:hosted_zones"], key=lambda z: z.get("Name", "")):
        zone_id = inv.describe(zone)["resource_id"]
        # A record set is not an item of a source: its results carry the zone's ARN, the record's name and the
        # global region explicitly. The ARN is built with the scan's partition (the source's declared zone ARN
        # assumes the aws partition).
        zone_arn = inv.arn("route53", f"hostedzone/{zone_id}", region="global", account="")
        private = " (private zone)" if (zone.get("Config") or {}).get("PrivateZone") else ""
        for record in zone.get("ResourceRecordSets") or []:
            role = record.get("Failover")
            if role not in ("PRIMARY", "SECONDARY") or (role == "SECONDARY" and not params["require_secondary"]):
                continue
            if existing is None:
                existing = {h.get("Id"): h for h in inv["route53:health_checks"]}
            name, rtype = record.get("Name", "?"), record.get("Type", "?")
            ident = record.get("SetIdentifier", role.lower())
            rid = f"{zone_id}/{name}/{rtype}/{ident}"
            what = f"{role} failover record {name} {rtype} (set {ident}) in zone {zone.get('Name', zone_id)}{private}"
            where = {"arn": zone_arn, "name": name, "region": "global"}
            check_id = record.get("HealthCheckId")
            alias = record.get("AliasTarget") or {}
            disabled = check_id in existing and (existing[check_id].get("HealthCheckConfig") or {}).get("Disabled")
            if check_id and check_id in existing and not disabled:
                yield passed(rid, f"{what} is health-checked by {check_id}.", **where)
            elif alias.get("EvaluateTargetHealth"):
                yield passed(rid, f"{what} is an alias to {alias.get('DNSName')} with Evaluate target health on, so "
                             "it follows its target's health.", **where)
            elif disabled:
                yield failed(rid, f"{what} uses health check {check_id}, which is disabled: Route 53 considers a "
                             "disabled health check always healthy, so this record never fails over. Enable it "
                             f"(aws route53 update-health-check --health-check-id {check_id} --no-disabled).", **where)
            elif check_id:
                yield failed(rid, f"{what} refers to health check {check_id}, which no longer exists: Route 53 cannot "
                             "predict this record's status. Create a health check and update the record.", **where)
            else:
                effect = ("Route 53 treats it as always healthy, so traffic never fails over to the secondary"
                          if role == "PRIMARY" else
                          "Route 53 treats it as always healthy and sends traffic to it when the primary fails, "
                          "even if it is down too")
                alias_note = " and is an alias without Evaluate target health" if alias else ""
                alias_fix = " or set EvaluateTargetHealth" if alias else ""
                yield failed(rid, f"{what} has no health check{alias_note}: {effect}. Associate a health check "
                             f"(aws route53 create-health-check, then change-resource-record-sets with HealthCheckId)"
                             f"{alias_fix}.", **where)
