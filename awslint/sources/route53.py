"""Amazon Route 53 sources (global: collected once per account)."""

from collections.abc import Mapping
from typing import Any

from awslint.sources.base import FollowUp, Identity, Source


def _zone_id(zone: Mapping[str, Any]) -> str:
    """ListHostedZones answers ``/hostedzone/Z123``; the id is the last part."""
    return str(zone.get("Id", "")).rsplit("/", 1)[-1]


hosted_zones = Source(
    "route53:hosted_zones", "route53", "list_hosted_zones", "HostedZones", scope="global",
    follow_ups=(
        FollowUp("list_resource_record_sets", lambda zone: {"HostedZoneId": zone["Id"]}, "ResourceRecordSets",
                 result_key="ResourceRecordSets", paginate=True),
    ),
    description="Public and private hosted zones, each with all its record sets (ResourceRecordSets).",
    identity=Identity(id=_zone_id, arn="arn:{partition}:route53:::hostedzone/{id}", name="Name",
                      type="AWS::Route53::HostedZone"))
health_checks = Source("route53:health_checks", "route53", "list_health_checks", "HealthChecks", scope="global",
    identity=Identity(id="Id", arn="arn:{partition}:route53:::healthcheck/{id}", type="AWS::Route53::HealthCheck"))
