"""Amazon Route 53 sources (global: collected once per account)."""

from awslint.sources.base import FollowUp, Source

hosted_zones = Source(
    "route53:hosted_zones", "route53", "list_hosted_zones", "HostedZones", scope="global",
    follow_ups=(
        FollowUp("list_resource_record_sets", lambda zone: {"HostedZoneId": zone["Id"]}, "ResourceRecordSets",
                 result_key="ResourceRecordSets", paginate=True),
    ),
    description="Public and private hosted zones, each with all its record sets (ResourceRecordSets).",
)
health_checks = Source("route53:health_checks", "route53", "list_health_checks", "HealthChecks", scope="global")
