"""CloudFront sources (global: collected once per account)."""

from awslint.sources.base import Source

distributions = Source("cloudfront:distributions", "cloudfront", "list_distributions",
                       "DistributionList.Items", scope="global")
origin_access_controls = Source("cloudfront:origin_access_controls", "cloudfront",
                                "list_origin_access_controls", "OriginAccessControlList.Items",
                                scope="global", paginate=False)
