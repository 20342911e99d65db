"""Demo CloudFront distributions (global), one that does everything right and two that do not.

- "shop-assets-cdn" (assets.shop.example): S3 REST origin locked with an Origin Access Control,
  a WAF web ACL, viewers redirected to HTTPS -> PASSES cloudfront-s3-origin-oac,
  cloudfront-s3-website-origin, cloudfront-waf-enabled and cloudfront-viewer-https.
- "shop-media-cdn" (media.shop.example): an older setup. Its images origin still uses a legacy
  origin access identity (OAI), its uploads origin has no access control at all (public bucket),
  the default behavior allows plain HTTP and there is no WAF -> FAILS cloudfront-s3-origin-oac
  (naming both origins), cloudfront-waf-enabled and cloudfront-viewer-https.
- "shop-www-site" (www.shop.example): the marketing site served from an S3 *website* endpoint,
  which needs a public bucket and plain HTTP to the origin -> FAILS cloudfront-s3-website-origin
  (and is not an S3 origin for cloudfront-s3-origin-oac).

moto drops S3OriginConfig/OriginAccessControlId from responses; the demo runs with the
``cloudfront-origin-access-fields`` shim of :mod:`awslint.demo.moto_compat`, which restores them.
"""

from __future__ import annotations

from collections.abc import Sequence

#: AWS managed cache policy "CachingOptimized".
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"


def _s3_origin(origin_id: str, bucket: str, region: str, *, oac: str = "", oai: str = "") -> dict:
    return {"Id": origin_id, "DomainName": f"{bucket}.s3.{region}.amazonaws.com",
            "S3OriginConfig": {"OriginAccessIdentity": oai}, "OriginAccessControlId": oac}


def _behavior(origin_id: str, policy: str, path: str | None = None) -> dict:
    behavior = {"TargetOriginId": origin_id, "ViewerProtocolPolicy": policy, "CachePolicyId": CACHING_OPTIMIZED}
    if path:
        behavior["PathPattern"] = path
    return behavior


def distribution(cf, ref: str, alias: str, comment: str, origins: list[dict], default: dict,
                 behaviors: Sequence[dict] = (), web_acl: str = "") -> str:
    config = {
        "CallerReference": ref, "Comment": comment, "Enabled": True, "WebACLId": web_acl,
        "Aliases": {"Quantity": 1, "Items": [alias]},
        "Origins": {"Quantity": len(origins), "Items": origins},
        "DefaultCacheBehavior": default,
        "CacheBehaviors": {"Quantity": len(behaviors), "Items": list(behaviors)},
        "DefaultRootObject": "index.html",
    }
    return cf.create_distribution(DistributionConfig=config)["Distribution"]["Id"]


def build(ctx) -> None:
    cf = ctx.client("cloudfront", ctx.primary)
    waf = ctx.client("wafv2", ctx.primary)  # CLOUDFRONT-scope web ACLs live in us-east-1
    acl = waf.create_web_acl(
        Name="shop-edge-protection", Scope="CLOUDFRONT", DefaultAction={"Allow": {}}, Rules=[],
        VisibilityConfig={"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True,
                          "MetricName": "shop-edge-protection"})["Summary"]["ARN"]
    oac = cf.create_origin_access_control(OriginAccessControlConfig={
        "Name": "shop-assets-oac", "Description": "CloudFront reads shop-assets-prod with SigV4",
        "SigningProtocol": "sigv4", "SigningBehavior": "always",
        "OriginAccessControlOriginType": "s3"})["OriginAccessControl"]["Id"]

    ctx.shared["cdn_assets"] = distribution(
        cf, "shop-assets-cdn", "assets.shop.example", "shop-assets-cdn",
        [_s3_origin("shop-assets-prod", "shop-assets-prod", ctx.primary, oac=oac)],
        _behavior("shop-assets-prod", "redirect-to-https"), web_acl=acl)
    ctx.shared["cdn_media"] = distribution(
        cf, "shop-media-cdn", "media.shop.example", "shop-media-cdn",
        [_s3_origin("product-images", "shop-product-images", ctx.primary,
                    oai="origin-access-identity/cloudfront/E2QWRUHEXAMPLE"),
         _s3_origin("user-uploads", "shop-user-uploads", ctx.primary)],
        _behavior("product-images", "allow-all"),
        [_behavior("user-uploads", "redirect-to-https", "/uploads/*")])
    ctx.shared["cdn_www"] = distribution(
        cf, "shop-www-site", "www.shop.example", "shop-www-site",
        [{"Id": "www-website", "DomainName": "shop-www.s3-website-us-east-1.amazonaws.com",
          "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "http-only"}}],
        _behavior("www-website", "redirect-to-https"), web_acl=acl)
