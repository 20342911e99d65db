"""CloudFront checks (Day 12: Caching and CDN): a distribution must be the only way into its S3 origins (Origin
Access Control rather than a public bucket, a legacy OAI or a website endpoint), filter attacks at the edge (AWS WAF)
and serve viewers over HTTPS only. CloudFront is global: these checks read ``cloudfront:*`` sources, collected once
per account, so each runs once per account and its results carry the region ``global``. Every distribution is
evaluated whether it is enabled or not (as AWS Config and Security Hub do): a disabled distribution keeps its
configuration, comes back exactly as it was with one click, and the bucket exposure behind a missing OAC exists
whether or not it serves traffic. Messages say "(disabled)" so the reader can prioritise."""

from __future__ import annotations

import re
from collections.abc import Iterator

from awslint import check, failed, passed
from awslint.checkapi import errored
from awslint.lessons import Lesson

RESOURCE_TYPE = "AWS::CloudFront::Distribution"

_REGION = r"[a-z]{2}(?:-[a-z]+)+-\d+"
_SUFFIX = r"\.amazonaws\.com(?:\.cn)?"
#: S3 REST API endpoints, virtual-hosted or path-style (no bucket label): s3, s3.<region>,
#: legacy s3-<region> and s3-external-1, dualstack, FIPS, China partition, Transfer Acceleration,
#: access points and Object Lambda access points (CloudFront treats the last two as S3 origins).
S3_REST_HOSTS = (
    re.compile(rf"^(?:(?P<bucket>.+)\.)?s3(?:-fips)?(?:\.dualstack)?(?:[.-](?:{_REGION}|external-1))?{_SUFFIX}$"),
    re.compile(rf"^(?P<bucket>.+)\.s3-accelerate(?:\.dualstack)?{_SUFFIX}$"),
    re.compile(rf"^(?P<bucket>.+)\.s3-(?:accesspoint|object-lambda)(?:-fips)?(?:\.dualstack)?\.{_REGION}{_SUFFIX}$"),
)
#: S3 static website endpoints: s3-website-<region> (dash) and s3-website.<region> (dot).
S3_WEBSITE_HOST = re.compile(rf"^(?P<bucket>.+)\.s3-website[.-](?P<region>{_REGION}){_SUFFIX}$")


def s3_origin_kind(origin: dict) -> tuple[str, str] | None:
    """``("rest", bucket)``, ``("website", bucket)`` or None for an origin that is not S3.

    Classified by domain name, not by the config block: an S3 REST domain set up as a custom
    origin is still an S3 bucket behind CloudFront (and cannot use an S3 OAC), and a website
    endpoint is always a custom origin. Custom domains that CNAME to S3 cannot be recognised.
    """
    host = (origin.get("DomainName") or "").strip().lower().rstrip(".")
    website = S3_WEBSITE_HOST.match(host)
    if website:
        return "website", website.group("bucket")
    for pattern in S3_REST_HOSTS:
        rest = pattern.match(host)
        if rest:
            bucket = rest.group("bucket")
            if not bucket:  # path-style: the bucket is the first segment of the origin path
                bucket = (origin.get("OriginPath") or "").strip("/").split("/")[0] or "?"
            return "rest", bucket
    return None


def origins(dist: dict) -> list[dict]:
    return list((dist.get("Origins") or {}).get("Items") or [])


def describe(inv, dist: dict) -> str:
    """How messages introduce a distribution: id, name (first alternate domain name, else the comment, else the
    cloudfront.net name, as the source's identity declares it) and whether it is disabled."""
    state = "" if dist.get("Enabled", True) else ", disabled"
    return f"Distribution {dist.get('Id')} ({inv.describe(dist)['name']}{state})"


def _origin_access_problem(origin: dict, controls: dict[str, dict]) -> tuple[str | None, str | None]:
    """(problem, unknown) for one S3 REST origin: a sentence if it is not locked by an OAC,
    or a sentence saying why it cannot be judged; (None, None) when an OAC protects it."""
    oid = origin.get("Id", "?")
    s3_config = origin.get("S3OriginConfig")
    if origin.get("CustomOriginConfig") is not None and s3_config is None:
        return (f"origin '{oid}' points at the S3 REST endpoint but is configured as a custom origin, which "
                "cannot use an S3 OAC: CloudFront reads the bucket anonymously, so it must be public"), None
    oai = ((s3_config or {}).get("OriginAccessIdentity") or "").strip()
    oac_id = origin.get("OriginAccessControlId")
    if oac_id:
        control = controls.get(oac_id)
        if control is None:
            return None, f"origin '{oid}' uses OAC {oac_id}, which is not in the account's OAC list"
        if control.get("SigningBehavior") == "never":
            return (f"origin '{oid}' has OAC {oac_id} with signing behavior 'never': CloudFront does not sign, "
                    "so the bucket must still be public"), None
        return None, None
    if oai:
        return f"origin '{oid}' uses legacy OAI {oai.rsplit('/', 1)[-1]} only (no OAC)", None
    if oac_id is None and s3_config is None:
        return None, (f"origin '{oid}' reports neither OriginAccessControlId nor S3OriginConfig "
                      "(incomplete API data)")
    if oac_id is None:
        return None, f"origin '{oid}' has no OAI and does not report OriginAccessControlId (incomplete API data)"
    return (f"origin '{oid}' has no OAC and no OAI: the bucket must be publicly readable, and anyone can "
            "bypass CloudFront"), None


@check(
    id="CF001", name="cloudfront-s3-origin-oac", severity="high",
    title="CloudFront distribution reads an S3 origin without Origin Access Control (legacy OAI or nothing)",
    needs=("cloudfront:distributions", "cloudfront:origin_access_controls"),
    lesson=Lesson.CACHING_CDN, pillars=("security",), resource_type=RESOURCE_TYPE,
    rationale="Origin Access Control lets only your distribution read the bucket, with SigV4-signed requests that "
              "work with SSE-KMS, every Region and PUT/POST. Without it the bucket must be public and anyone can "
              "bypass CloudFront, its WAF, signed URLs, geo-restrictions and logs; the legacy OAI lacks SSE-KMS "
              "and newer Regions and AWS recommends migrating away from it.",
    evaluates="Every distribution (enabled or disabled, staging included) with at least one origin whose domain "
              "is an S3 REST API endpoint: bucket.s3.amazonaws.com, bucket.s3.<region>.amazonaws.com, the legacy "
              "bucket.s3-<region>.amazonaws.com and s3-external-1, dualstack, FIPS, .amazonaws.com.cn, "
              "s3-accelerate, access point and Object Lambda access point hosts, and path-style "
              "s3[.<region>].amazonaws.com with the bucket in the origin path. S3 website endpoints "
              "(s3-website-<region> / s3-website.<region>) are custom origins and are judged by "
              "cloudfront-s3-website-origin instead; other origins and origin groups are not evaluated. PASS "
              "when every S3 REST origin has an OriginAccessControlId whose OAC signs requests (always or "
              "no-override). FAIL when any of them has only a legacy OAI, nothing at all, an OAC with signing "
              "behavior 'never', or is configured as a custom origin (which cannot use an S3 OAC); the message "
              "names each offending origin. ERROR when an origin's access fields are missing from the API data "
              "or its OAC is not in the account's OAC list.",
    remediation="Create an OAC and attach it to every S3 origin, then grant the distribution read access in the "
                "bucket policy (Principal service cloudfront.amazonaws.com, Condition AWS:SourceArn = the "
                "distribution ARN) and remove the OAI grant or public access. Console: CloudFront > "
                "Distributions > <id> > Origins > Edit > Origin access: Origin access control settings > Create "
                "control setting, then copy the suggested bucket policy. CLI: aws cloudfront "
                "create-origin-access-control --origin-access-control-config Name=<bucket>-oac,SigningProtocol="
                "sigv4,SigningBehavior=always,OriginAccessControlOriginType=s3; aws cloudfront "
                "get-distribution-config --id <id> (keep the ETag, save DistributionConfig as dist-config.json), set "
                "OriginAccessControlId on the origin and S3OriginConfig.OriginAccessIdentity to \"\"; aws cloudfront "
                "update-distribution --id <id> --if-match <ETag> --distribution-config file://dist-config.json.",
    references=(
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html",
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistS3AndCustomOrigins.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/cloudfront-s3-origin-access-control-enabled.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html",
    ),
    config_rule="cloudfront-s3-origin-access-control-enabled", security_hub="CloudFront.13",
)
def cloudfront_s3_origin_oac(inv, params) -> Iterator:
    """An S3 origin without OAC means a public bucket, or a legacy OAI: CloudFront is not the only way in."""
    controls: dict | None = None  # the OAC list is read only once a distribution has an S3 REST origin
    for dist in inv.live("cloudfront:distributions"):
        rest = [o for o in origins(dist) if (s3_origin_kind(o) or ("",))[0] == "rest"]
        if not rest:
            continue
        if controls is None:
            controls = {c.get("Id"): c for c in inv["cloudfront:origin_access_controls"]}
        problems, unknown = [], []
        for origin in rest:
            problem, why_unknown = _origin_access_problem(origin, controls)
            if problem:
                problems.append(problem)
            if why_unknown:
                unknown.append(why_unknown)
        if problems:
            yield failed(dist, f"{describe(inv, dist)} reads S3 without Origin Access Control: {'; '.join(problems)}. "
                         "Attach an OAC (signing: always) to each S3 origin, grant cloudfront.amazonaws.com "
                         "s3:GetObject in the bucket policy for this distribution's ARN, then remove the OAI grant "
                         "and any public access.")
        elif unknown:
            yield errored(dist, f"{describe(inv, dist)}: cannot tell whether its S3 origins use OAC: "
                          f"{'; '.join(unknown)}.")
        else:
            ids = ", ".join(f"'{o.get('Id')}'" for o in rest)
            yield passed(dist, f"{describe(inv, dist)}: every S3 origin ({ids}) uses an Origin Access Control that "
                         "signs requests.")


@check(
    id="CF002", name="cloudfront-s3-website-origin", severity="medium",
    title="CloudFront distribution uses an S3 website endpoint as origin (public bucket, HTTP to the origin)",
    needs=("cloudfront:distributions",),
    lesson=Lesson.CACHING_CDN, pillars=("security",), resource_type=RESOURCE_TYPE,
    rationale="An S3 website endpoint is a custom origin: it cannot use OAC or OAI, so the bucket must allow "
              "public reads and anyone can bypass CloudFront, and it speaks only HTTP, so CloudFront fetches "
              "every object unencrypted.",
    evaluates="Every distribution (enabled or disabled) with at least one S3 origin, REST or website endpoint "
              "(host forms as in cloudfront-s3-origin-oac). PASS when all its S3 origins use the REST endpoint; "
              "FAIL when any origin is an S3 website endpoint (bucket.s3-website-<region>.amazonaws.com or "
              "bucket.s3-website.<region>.amazonaws.com), naming each. Distributions without S3 origins are not "
              "evaluated.",
    remediation="Point the origin at the bucket's REST endpoint (bucket.s3.<region>.amazonaws.com) with an Origin "
                "Access Control, set a default root object, and replace website features with CloudFront: a "
                "CloudFront Function to append index.html to directory paths and to perform redirects, custom "
                "error responses for the error document. Then turn off the bucket's public access. Console: "
                "CloudFront > Distributions > <id> > Origins > Create origin (choose the bucket, not the website "
                "endpoint) and move the behaviors to it. CLI: aws cloudfront get-distribution-config --id <id>, "
                "replace the origin's DomainName and CustomOriginConfig with S3OriginConfig + "
                "OriginAccessControlId, aws cloudfront update-distribution --id <id> --if-match <ETag> "
                "--distribution-config file://dist-config.json; aws s3api put-public-access-block --bucket "
                "<bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,"
                "BlockPublicPolicy=true,RestrictPublicBuckets=true.",
    references=(
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistS3AndCustomOrigins.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteEndpoints.html",
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/example-function-add-index.html",
        "Related: Security Hub CloudFront.9 (encrypt traffic to custom origins)",
    ),
)
def cloudfront_s3_website_origin(inv, params) -> Iterator:
    """A website-endpoint origin forces a public bucket and plain HTTP between CloudFront and S3."""
    for dist in inv.live("cloudfront:distributions"):
        kinds = [(o, s3_origin_kind(o)) for o in origins(dist)]
        s3 = [(o, k) for o, k in kinds if k]
        if not s3:
            continue
        websites = [(o, k[1]) for o, k in s3 if k[0] == "website"]
        if websites:
            named = ", ".join(f"'{o.get('Id')}' (bucket {bucket})" for o, bucket in websites)
            yield failed(dist, f"{describe(inv, dist)} uses S3 website endpoint origin(s) {named}: the bucket must "
                         "be publicly readable (no OAC/OAI possible) and CloudFront fetches over plain HTTP. Use the "
                         "REST endpoint with an OAC, a default root object and a CloudFront Function for index "
                         "documents and redirects, then block public access on the bucket.")
        else:
            yield passed(dist, f"{describe(inv, dist)}: its {len(s3)} S3 origin(s) use the REST endpoint, not a "
                         "website endpoint.")


@check(
    id="CF003", name="cloudfront-waf-enabled", severity="medium",
    title="CloudFront distribution has no AWS WAF web ACL",
    needs=("cloudfront:distributions",),
    lesson=Lesson.CACHING_CDN, pillars=("security",), resource_type=RESOURCE_TYPE,
    rationale="A web ACL at the edge filters SQL injection, cross-site scripting, bad bots and floods of "
              "requests before they reach (and are paid for at) the origin; without one, every request CloudFront "
              "accepts is forwarded.",
    evaluates="Every distribution (enabled or disabled). PASS when WebACLId names a web ACL (a WAFv2 ARN or a WAF "
              "Classic id); FAIL when WebACLId is empty. ERROR when the field is missing from the API data. "
              "Whether the web ACL's rules are adequate is not judged.",
    remediation="Create a WAFv2 web ACL with scope CLOUDFRONT in us-east-1 (start with the AWS managed rule groups "
                "Core rule set, Known bad inputs and a rate-based rule) and associate it with the distribution. "
                "Console: CloudFront > Distributions > <id> > Security > Edit > Enable AWS WAF protections. CLI: "
                "aws wafv2 create-web-acl --scope CLOUDFRONT --region us-east-1 --name <name> --default-action "
                "Allow={} --rules file://rules.json --visibility-config SampledRequestsEnabled=true,"
                "CloudWatchMetricsEnabled=true,MetricName=<name>; then aws cloudfront get-distribution-config "
                "--id <id>, set WebACLId to the web ACL ARN, aws cloudfront update-distribution --id <id> "
                "--if-match <ETag> --distribution-config file://dist-config.json.",
    references=(
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/distribution-web-awswaf.html",
        "https://docs.aws.amazon.com/waf/latest/developerguide/cloudfront-features.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/cloudfront-associated-with-waf.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html",
    ),
    config_rule="cloudfront-associated-with-waf", security_hub="CloudFront.6",
)
def cloudfront_waf_enabled(inv, params) -> Iterator:
    """WAF in front of CloudFront stops common web attacks at the edge, before they cost origin capacity."""
    for dist in inv.live("cloudfront:distributions"):
        if "WebACLId" not in dist:
            yield errored(dist, f"{describe(inv, dist)}: the API data has no WebACLId, so WAF protection cannot be "
                          "judged.")
        elif (dist.get("WebACLId") or "").strip():
            yield passed(dist, f"{describe(inv, dist)} is protected by web ACL {dist['WebACLId']}.")
        else:
            yield failed(dist, f"{describe(inv, dist)} has no AWS WAF web ACL: every request reaches the origin "
                         "unfiltered. Create a CLOUDFRONT-scope web ACL in us-east-1 with the AWS managed core rule "
                         "set and a rate-based rule, and set it as the distribution's WebACLId.")


def _behaviors(dist: dict) -> list[tuple[str, dict]]:
    out = [("default (*)", dist.get("DefaultCacheBehavior") or {})]
    for behavior in (dist.get("CacheBehaviors") or {}).get("Items") or []:
        out.append((f"'{behavior.get('PathPattern', '?')}'", behavior))
    return out


@check(
    id="CF004", name="cloudfront-viewer-https", severity="medium",
    title="CloudFront distribution lets viewers use plain HTTP (viewer protocol policy allow-all)",
    needs=("cloudfront:distributions",),
    lesson=Lesson.CACHING_CDN, pillars=("security",), resource_type=RESOURCE_TYPE,
    rationale="With allow-all, pages, cookies and tokens travel unencrypted between the viewer and the edge, where "
              "they can be read or altered; redirect-to-https costs one redirect and closes that gap.",
    evaluates="Every distribution (enabled or disabled): its default cache behavior and every additional cache "
              "behavior. PASS when all use redirect-to-https or https-only; FAIL when any uses allow-all, naming "
              "the behaviors (path patterns). ERROR when the default behavior's ViewerProtocolPolicy is missing "
              "from the API data.",
    remediation="Set the viewer protocol policy of each behavior to Redirect HTTP to HTTPS (or HTTPS only for "
                "APIs). Console: CloudFront > Distributions > <id> > Behaviors > select > Edit > Viewer protocol "
                "policy. CLI: aws cloudfront get-distribution-config --id <id>; set ViewerProtocolPolicy to "
                "redirect-to-https in DefaultCacheBehavior and each CacheBehaviors item; aws cloudfront "
                "update-distribution --id <id> --if-match <ETag> --distribution-config file://dist-config.json.",
    references=(
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/cloudfront-viewer-policy-https.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html",
    ),
    config_rule="cloudfront-viewer-policy-https", security_hub="CloudFront.3",
)
def cloudfront_viewer_https(inv, params) -> Iterator:
    """allow-all on any behavior means some paths are served over unencrypted HTTP."""
    for dist in inv.live("cloudfront:distributions"):
        behaviors = _behaviors(dist)
        if not behaviors[0][1].get("ViewerProtocolPolicy"):
            yield errored(dist, f"{describe(inv, dist)}: the default cache behavior has no ViewerProtocolPolicy in the "
                          "API data.")
            continue
        plain = [name for name, b in behaviors if b.get("ViewerProtocolPolicy") == "allow-all"]
        if plain:
            yield failed(dist, f"{describe(inv, dist)} accepts plain HTTP from viewers on behavior(s) "
                         f"{', '.join(plain)} (viewer protocol policy allow-all). Set them to redirect-to-https "
                         "(or https-only).")
        else:
            yield passed(dist, f"{describe(inv, dist)}: all {len(behaviors)} cache behavior(s) require HTTPS or "
                         "redirect to it.")
