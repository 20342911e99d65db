"""Probe for the CloudFront shim in awslint.demo.moto_compat ("cloudfront-origin-access-fields").

moto 5.2.x drops ``S3OriginConfig`` and ``OriginAccessControlId`` from the origins it returns,
which would turn every OAC-protected S3 origin into ERROR for cloudfront-s3-origin-oac. The
shim keeps them on moto's model. This test removes the shims, asks moto directly, and FAILS the
day moto returns the fields itself: then delete the shim.
"""

import pytest

from awslint.demo import moto_compat
from awslint.demo.account.cdn import CACHING_OPTIMIZED

SHIM = "cloudfront-origin-access-fields"


def _distribution_with_oac_origin(cf) -> dict:
    oac = cf.create_origin_access_control(OriginAccessControlConfig={
        "Name": "probe", "SigningProtocol": "sigv4", "SigningBehavior": "always",
        "OriginAccessControlOriginType": "s3"})["OriginAccessControl"]["Id"]
    cf.create_distribution(DistributionConfig={
        "CallerReference": "probe", "Comment": "probe", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{
            "Id": "bucket", "DomainName": "probe-bucket.s3.us-east-1.amazonaws.com",
            "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": oac}]},
        "DefaultCacheBehavior": {"TargetOriginId": "bucket", "ViewerProtocolPolicy": "https-only",
                                 "CachePolicyId": CACHING_OPTIMIZED},
    })
    return cf.list_distributions()["DistributionList"]["Items"][0]["Origins"]["Items"][0]


def test_moto_still_drops_cloudfront_origin_access_fields(moto_account):
    assert SHIM in moto_compat.SHIMS
    moto_compat.remove()
    try:
        origin = _distribution_with_oac_origin(moto_account.client("cloudfront"))
    finally:
        moto_compat.apply()
    if origin.get("OriginAccessControlId") and "S3OriginConfig" in origin:
        pytest.fail(f"moto now returns S3OriginConfig and OriginAccessControlId on origins: delete the shim "
                    f"{SHIM!r} from awslint/demo/moto_compat.py (and this probe)")
    assert "OriginAccessControlId" not in origin


def test_shim_restores_the_fields(moto_account):
    origin = _distribution_with_oac_origin(moto_account.client("cloudfront"))
    assert origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}
    assert origin["OriginAccessControlId"]
