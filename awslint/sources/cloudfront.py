"""CloudFront sources (global: collected once per account)."""

from collections.abc import Mapping
from typing import Any

from awslint.sources.base import Identity, Source


def _first_alias(dist: Mapping[str, Any]) -> str | None:
    """A distribution is best known by its first alternate domain name (CNAME)."""
    aliases = (dist.get("Aliases") or {}).get("Items") or []
    return aliases[0] if aliases else None


distributions = Source("cloudfront:distributions", "cloudfront", "list_distributions",
                       "DistributionList.Items", scope="global",
                       # origin custom headers often carry a shared secret (an origin-verify token): never stored
                       redact=("Origins.Items[].CustomHeaders",),
                       description="Every distribution (enabled or not, staging included) with its origins, "
                                   "cache behaviors and WebACLId, as ListDistributions returns them.",
    identity=Identity(
        id="Id", arn="ARN", name=(_first_alias, "Comment", "DomainName", "Id"),
        type="AWS::CloudFront::Distribution"))
#: ListOriginAccessControls pages with Marker/MaxItems (100 per page); the paginator follows them,
#: so an account with more than 100 OACs is not silently truncated.
origin_access_controls = Source("cloudfront:origin_access_controls", "cloudfront",
                                "list_origin_access_controls", "OriginAccessControlList.Items",
                                scope="global",
    identity=Identity(
        id="Id", arn="arn:{partition}:cloudfront::{account}:origin-access-control/{Id}", name="Name",
        type="AWS::CloudFront::OriginAccessControl"))
