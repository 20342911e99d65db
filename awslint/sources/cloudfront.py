"""CloudFront sources (global: collected once per account)."""

from awslint.sources.base import Source

distributions = Source("cloudfront:distributions", "cloudfront", "list_distributions",
                       "DistributionList.Items", scope="global",
                       # origin custom headers often carry a shared secret (an origin-verify token): never stored
                       redact=("Origins.Items[].CustomHeaders",),
                       description="Every distribution (enabled or not, staging included) with its origins, "
                                   "cache behaviors and WebACLId, as ListDistributions returns them.")
#: ListOriginAccessControls pages with Marker/MaxItems (100 per page); the paginator follows them,
#: so an account with more than 100 OACs is not silently truncated.
origin_access_controls = Source("cloudfront:origin_access_controls", "cloudfront",
                                "list_origin_access_controls", "OriginAccessControlList.Items",
                                scope="global")
