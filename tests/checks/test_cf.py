"""CloudFront checks on moto (with the origin-access shim of the moto_account fixture) and on plain data.

cloudfront-s3-origin-oac is a headline check (DESIGN.md): every S3 REST origin of a
distribution must have an OAC; legacy OAI or nothing fails; website endpoints are not S3 origins.
"""

import pytest
from awslint.checks.cf import s3_origin_kind

from awslint.demo.account.cdn import CACHING_OPTIMIZED
from awslint.testing import collect_stubbed, inventory_from, messages, run_check, verdicts

OAC = "cloudfront-s3-origin-oac"
WEBSITE = "cloudfront-s3-website-origin"
WAF = "cloudfront-waf-enabled"
HTTPS = "cloudfront-viewer-https"
CDN_CHECKS = (OAC, WEBSITE, WAF, HTTPS)


def _oac(cf, name="assets-oac", signing="always"):
    return cf.create_origin_access_control(OriginAccessControlConfig={
        "Name": name, "SigningProtocol": "sigv4", "SigningBehavior": signing,
        "OriginAccessControlOriginType": "s3"})["OriginAccessControl"]["Id"]


def s3(origin_id, domain, oac="", oai=None):
    origin = {"Id": origin_id, "DomainName": domain, "OriginAccessControlId": oac}
    origin["S3OriginConfig"] = {"OriginAccessIdentity": oai or ""}
    return origin


def custom(origin_id, domain, policy="https-only"):
    return {"Id": origin_id, "DomainName": domain,
            "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": policy}}


def _dist(cf, ref, origins, viewer="redirect-to-https", behaviors=(), web_acl="", enabled=True):
    config = {
        "CallerReference": ref, "Comment": ref, "Enabled": enabled, "WebACLId": web_acl,
        "Origins": {"Quantity": len(origins), "Items": origins},
        "DefaultCacheBehavior": {"TargetOriginId": origins[0]["Id"], "ViewerProtocolPolicy": viewer,
                                 "CachePolicyId": CACHING_OPTIMIZED},
        "CacheBehaviors": {"Quantity": len(behaviors), "Items": [
            {"PathPattern": path, "TargetOriginId": origins[0]["Id"], "ViewerProtocolPolicy": policy,
             "CachePolicyId": CACHING_OPTIMIZED} for path, policy in behaviors]},
    }
    return cf.create_distribution(DistributionConfig=config)["Distribution"]["Id"]


# -- cloudfront-s3-origin-oac (headline) -------------------------------------------------------------
def test_oac_passes_legacy_oai_and_no_access_fail_naming_each_origin(moto_account):
    cf = moto_account.client("cloudfront")
    oac = _oac(cf)
    good = _dist(cf, "good", [s3("assets", "shop-assets.s3.us-east-1.amazonaws.com", oac=oac),
                              s3("images", "shop-images.s3.amazonaws.com", oac=oac)])
    oai_only = _dist(cf, "oai", [s3("legacy", "shop-legacy.s3.amazonaws.com",
                                    oai="origin-access-identity/cloudfront/E2QWRUHEXAMPLE")])
    mixed = _dist(cf, "mixed", [s3("locked", "shop-a.s3.eu-west-1.amazonaws.com", oac=oac),
                                s3("wide-open", "shop-b.s3.eu-west-1.amazonaws.com"),
                                custom("api", "api.shop.example")])
    alb_only = _dist(cf, "alb", [custom("web", "shop-web-1.us-east-1.elb.amazonaws.com")])
    website_only = _dist(cf, "site", [custom("www", "shop-www.s3-website-us-east-1.amazonaws.com", "http-only")])

    results = moto_account.scan(OAC)

    # Distributions without an S3 REST origin (ALB only, website endpoint only) are not evaluated.
    assert verdicts(results) == {good: "PASS", oai_only: "FAIL", mixed: "FAIL"}
    assert alb_only not in verdicts(results) and website_only not in verdicts(results)
    text = messages(results)
    assert "'legacy' uses legacy OAI E2QWRUHEXAMPLE only" in text[oai_only]
    assert "'wide-open' has no OAC and no OAI" in text[mixed] and "'locked'" not in text[mixed]
    by_id = {r.resource_id: r for r in results}
    assert by_id[good].resource_arn == f"arn:aws:cloudfront::123456789012:distribution/{good}"
    assert by_id[good].region == "global" and by_id[good].resource_type == "AWS::CloudFront::Distribution"


def test_legacy_and_dualstack_hosts_custom_config_disabled_and_never_signing(moto_account):
    cf = moto_account.client("cloudfront")
    oac = _oac(cf)
    never = _oac(cf, "no-signing", signing="never")
    legacy_host = _dist(cf, "legacy-host", [s3("old", "shop-old.s3-us-west-2.amazonaws.com", oac=oac),
                                            s3("ds", "shop-ds.s3.dualstack.eu-west-1.amazonaws.com", oac=oac)])
    as_custom = _dist(cf, "as-custom", [custom("bucket-as-custom", "shop-x.s3.us-east-1.amazonaws.com")])
    disabled = _dist(cf, "disabled", [s3("public", "shop-old-site.s3.amazonaws.com")], enabled=False)
    not_signing = _dist(cf, "never", [s3("unsigned", "shop-y.s3.us-east-1.amazonaws.com", oac=never)])

    results = moto_account.scan(OAC)

    assert verdicts(results) == {legacy_host: "PASS", as_custom: "FAIL", disabled: "FAIL", not_signing: "FAIL"}
    text = messages(results)
    assert "configured as a custom origin" in text[as_custom]
    assert "disabled" in text[disabled]
    assert "signing behavior 'never'" in text[not_signing]


def test_missing_access_fields_or_unknown_oac_are_errors_not_verdicts():
    # What moto returns without the shim: neither S3OriginConfig nor OriginAccessControlId.
    inv = inventory_from({
        "cloudfront:distributions": [
            {"Id": "EDROPPED", "ARN": "arn:aws:cloudfront::123456789012:distribution/EDROPPED",
             "Origins": {"Quantity": 1, "Items": [{"Id": "o", "DomainName": "b.s3.amazonaws.com"}]}},
            {"Id": "EGHOST", "Origins": {"Quantity": 1, "Items": [s3("o", "c.s3.amazonaws.com", oac="EGONE")]}},
            {"Id": "EBOTH", "Origins": {"Quantity": 2, "Items": [
                s3("bad", "d.s3.amazonaws.com"), s3("ghost", "e.s3.amazonaws.com", oac="EGONE")]}},
        ],
        "cloudfront:origin_access_controls": [{"Id": "EOK", "SigningBehavior": "always"}],
    })
    results = run_check(OAC, inv)
    # A distribution with a proven failure fails even if another origin cannot be judged.
    assert verdicts(results) == {"EDROPPED": "ERROR", "EGHOST": "ERROR", "EBOTH": "FAIL"}
    assert "incomplete API data" in messages(results)["EDROPPED"]
    assert "not in the account's OAC list" in messages(results)["EGHOST"]


def test_access_denied_on_oac_list_is_an_error_for_the_account():
    origin = {"Id": "s3", "DomainName": "assets.s3.us-east-1.amazonaws.com", "OriginAccessControlId": "E2OAC",
              "S3OriginConfig": {"OriginAccessIdentity": ""}}
    inv = inventory_from({"cloudfront:distributions": [{"Id": "E1", "Origins": {"Items": [origin]}}]},
                         errors={"cloudfront:origin_access_controls": "AccessDenied on ListOriginAccessControls"})
    results = run_check(OAC, inv)
    assert verdicts(results) == {"ERROR:global": "ERROR"}


def _summary(dist_id, origins):
    """A DistributionSummary as botocore's model requires it (for Stubber responses)."""
    behavior = {"TargetOriginId": origins[0]["Id"], "ViewerProtocolPolicy": "https-only"}
    return {
        "Id": dist_id, "ARN": f"arn:aws:cloudfront::123456789012:distribution/{dist_id}", "Status": "Deployed",
        "LastModifiedTime": "2026-01-01T00:00:00Z", "DomainName": f"{dist_id.lower()}.cloudfront.net",
        "Aliases": {"Quantity": 0}, "Origins": {"Quantity": len(origins), "Items": origins},
        "DefaultCacheBehavior": behavior, "CacheBehaviors": {"Quantity": 0},
        "CustomErrorResponses": {"Quantity": 0}, "Comment": "", "PriceClass": "PriceClass_All", "Enabled": True,
        "ViewerCertificate": {"CloudFrontDefaultCertificate": True},
        "Restrictions": {"GeoRestriction": {"RestrictionType": "none", "Quantity": 0}},
        "WebACLId": "", "HttpVersion": "http2", "IsIPV6Enabled": True, "Staging": False,
    }


def test_distributions_and_oacs_on_several_pages_are_all_collected():
    def page(items, next_marker=None):
        body = {"Marker": "", "MaxItems": 1, "IsTruncated": next_marker is not None, "Quantity": len(items),
                "Items": items}
        if next_marker:
            body["NextMarker"] = next_marker
        return body

    oac_page = {"OriginAccessControlList": {**page([{"Id": "EOAC1", "Description": "", "Name": "a",
                                                    "SigningProtocol": "sigv4", "SigningBehavior": "always",
                                                    "OriginAccessControlOriginType": "s3"}])}}
    inv = collect_stubbed(("cloudfront:distributions", "cloudfront:origin_access_controls"), {
        ("cloudfront", "us-east-1"): [
            ("list_distributions", {"DistributionList": page([_summary("EPAGE1", [s3("a", "a.s3.amazonaws.com",
                                                                                     oac="EOAC1")])], "m2")}),
            ("list_distributions", {"DistributionList": page([_summary("EPAGE2", [s3("b", "b.s3.amazonaws.com")])])}),
            ("list_origin_access_controls", oac_page),
        ]})
    assert verdicts(run_check(OAC, inv)) == {"EPAGE1": "PASS", "EPAGE2": "FAIL"}


# -- cloudfront-s3-website-origin --------------------------------------------------------------------
def test_website_endpoint_origins_fail_rest_origins_pass(moto_account):
    cf = moto_account.client("cloudfront")
    oac = _oac(cf)
    rest = _dist(cf, "rest", [s3("assets", "shop-assets.s3.us-east-1.amazonaws.com", oac=oac)])
    dash = _dist(cf, "dash", [custom("site", "shop-www.s3-website-us-east-1.amazonaws.com", "http-only")])
    dot = _dist(cf, "dot", [s3("assets", "shop-assets.s3.eu-central-1.amazonaws.com", oac=oac),
                            custom("docs", "shop-docs.s3-website.eu-central-1.amazonaws.com", "http-only")])
    _dist(cf, "alb", [custom("web", "shop-web-1.us-east-1.elb.amazonaws.com")])  # no S3 origin: skipped

    results = moto_account.scan(WEBSITE)

    assert verdicts(results) == {rest: "PASS", dash: "FAIL", dot: "FAIL"}
    assert "'docs' (bucket shop-docs)" in messages(results)[dot]


# -- cloudfront-waf-enabled ------------------------------------------------------------------------
def test_waf_web_acl_passes_empty_fails_missing_is_error(moto_account):
    cf = moto_account.client("cloudfront")
    acl = moto_account.client("wafv2").create_web_acl(
        Name="edge", Scope="CLOUDFRONT", DefaultAction={"Allow": {}}, Rules=[],
        VisibilityConfig={"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True,
                          "MetricName": "edge"})["Summary"]["ARN"]
    protected = _dist(cf, "waf", [custom("web", "shop-web-1.us-east-1.elb.amazonaws.com")], web_acl=acl)
    open_ = _dist(cf, "open", [custom("web", "shop-web-1.us-east-1.elb.amazonaws.com")])
    disabled = _dist(cf, "off", [custom("web", "shop-web-1.us-east-1.elb.amazonaws.com")], enabled=False)

    results = moto_account.scan(WAF)

    assert verdicts(results) == {protected: "PASS", open_: "FAIL", disabled: "FAIL"}
    assert acl in messages(results)[protected]
    classic = inventory_from({"cloudfront:distributions": [
        {"Id": "ECLASSIC", "WebACLId": "473e64fd-f30b-4765-81a0-62ad96dd167a"}, {"Id": "ENOFIELD"}]})
    assert verdicts(run_check(WAF, classic)) == {"ECLASSIC": "PASS", "ENOFIELD": "ERROR"}


# -- cloudfront-viewer-https -------------------------------------------------------------------------
def test_allow_all_on_default_or_any_path_behavior_fails(moto_account):
    cf = moto_account.client("cloudfront")
    origin = [custom("web", "shop-web-1.us-east-1.elb.amazonaws.com")]
    https = _dist(cf, "https", origin, viewer="https-only", behaviors=[("/api/*", "redirect-to-https")])
    default_plain = _dist(cf, "plain", origin, viewer="allow-all")
    path_plain = _dist(cf, "path", origin, behaviors=[("/api/*", "https-only"), ("/legacy/*", "allow-all")])

    results = moto_account.scan(HTTPS)

    assert verdicts(results) == {https: "PASS", default_plain: "FAIL", path_plain: "FAIL"}
    assert "'/legacy/*'" in messages(results)[path_plain] and "'/api/*'" not in messages(results)[path_plain]
    assert "default (*)" in messages(results)[default_plain]
    missing = inventory_from({"cloudfront:distributions": [{"Id": "EX", "DefaultCacheBehavior": {}}]})
    assert verdicts(run_check(HTTPS, missing)) == {"EX": "ERROR"}


# -- demo ------------------------------------------------------------------------------------------
# -- S3 origin recognition -------------------------------------------------------------------------
@pytest.mark.parametrize(("domain", "path", "expected"), [
    ("shop.s3.amazonaws.com", "", ("rest", "shop")),
    ("assets.shop.example.s3.us-east-1.amazonaws.com", "", ("rest", "assets.shop.example")),  # dotted bucket
    ("shop.s3-us-west-2.amazonaws.com", "", ("rest", "shop")),  # legacy dash-region
    ("shop.s3-external-1.amazonaws.com", "", ("rest", "shop")),
    ("shop.s3.dualstack.eu-west-1.amazonaws.com", "", ("rest", "shop")),
    ("shop.s3-fips.us-gov-west-1.amazonaws.com", "", ("rest", "shop")),
    ("shop.s3.cn-north-1.amazonaws.com.cn", "", ("rest", "shop")),
    ("shop.s3-accelerate.amazonaws.com", "", ("rest", "shop")),
    ("media-123456789012.s3-accesspoint.us-east-1.amazonaws.com", "", ("rest", "media-123456789012")),
    ("s3.eu-west-1.amazonaws.com", "/shop/static", ("rest", "shop")),  # path-style: bucket in the origin path
    ("SHOP.S3.AMAZONAWS.COM.", "", ("rest", "shop")),
    ("shop.s3-website-us-east-1.amazonaws.com", "", ("website", "shop")),
    ("shop.s3-website.eu-central-1.amazonaws.com", "", ("website", "shop")),
    ("shop-web-1.us-east-1.elb.amazonaws.com", "", None),
    ("abc123.execute-api.us-east-1.amazonaws.com", "", None),
    ("shop.s3.amazonaws.com.attacker.example", "", None),
    ("assets.shop.example", "", None),  # a CNAME to S3 cannot be recognised
])
def test_s3_origin_host_forms(domain, path, expected):
    assert s3_origin_kind({"DomainName": domain, "OriginPath": path}) == expected


def test_oac_check_needs_no_oac_list_when_no_distribution_has_an_s3_origin():
    inv = inventory_from({"cloudfront:distributions": []},
                         errors={"cloudfront:origin_access_controls": "AccessDenied on ListOriginAccessControls"})
    assert verdicts(run_check(OAC, inv)) == {}
