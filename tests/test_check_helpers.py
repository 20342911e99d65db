"""Helpers every check shares: tags in all their API shapes, ARN regions, criticality tiers."""

from awslint.checks._tiers import critical_tag, tier_params

from awslint import name_tag, region_of_arn, tags_of


def test_tags_of_reads_every_shape_aws_uses():
    assert tags_of({"Tags": [{"Key": "Name", "Value": "web"}]}) == {"Name": "web"}  # EC2, DynamoDB, EFS
    assert tags_of({"TagList": [{"Key": "team", "Value": "db"}]}) == {"team": "db"}  # RDS
    assert tags_of({"TagSet": [{"Key": "tier", "Value": "gold"}]}) == {"tier": "gold"}  # S3 GetBucketTagging
    assert tags_of({"Tags": {"env": "prod"}}) == {"env": "prod"}  # Lambda, API Gateway
    assert tags_of({"TagSet": None}) == {} and tags_of({}) == {}
    assert name_tag({"TagList": [{"Key": "Name", "Value": "orders"}]}) == "orders"


def test_region_of_arn():
    assert region_of_arn("arn:aws:rds:eu-west-1:123456789012:db:orders") == "eu-west-1"
    assert region_of_arn("arn:aws:s3:::bucket") is None  # global
    assert region_of_arn("orders") is None and region_of_arn(None) is None


def test_critical_tier_is_the_same_everywhere_and_case_insensitive():
    params = {k: p.default for k, p in tier_params("a thing").items()}
    assert critical_tag({"Tags": [{"Key": "Criticality", "Value": "Mission-Critical"}]}, params) == \
        "Criticality=Mission-Critical"
    assert critical_tag({"TagList": [{"Key": "criticality", "Value": "critical"}]}, params) == "criticality=critical"
    assert critical_tag({"Tags": [{"Key": "criticality", "Value": "low"}]}, params) is None
    assert critical_tag({}, params) is None
