"""Amazon S3 sources. The bucket list is global (one call per account); each bucket's details are
read in the bucket's own region, which is where S3 answers without a redirect.

The bucket list is read in pages of ``MaxBuckets`` = 10,000 (the API's maximum) following
``ContinuationToken``: AWS rejects unpaginated ListBuckets for accounts whose bucket quota was
raised above 10,000, so an unpaged call would make every S3 check ERROR there. moto 5.2.5 truncates
at ``MaxBuckets`` without a token; at 10,000 per page that never matters in tests or the demo.
"""

from awslint.sources.base import FollowUp, Identity, Source

#: GetBucketLocation answers ``null`` for us-east-1 and the legacy ``EU`` for eu-west-1 buckets
#: created long ago; anything else is the region name. The expression maps both to a region.
LOCATION_TO_REGION = "(LocationConstraint == 'EU' && 'eu-west-1') || LocationConstraint || 'us-east-1'"


def _bucket(item: dict) -> dict:
    return {"Bucket": item["Name"]}


def _existing_bucket(item: dict) -> dict | None:
    """Skip the detail reads (store None) when GetBucketLocation found the bucket already deleted."""
    return None if "_region" in item and item["_region"] is None else _bucket(item)


def _bucket_region(item: dict) -> str | None:
    region = item.get("_region")
    return region if region and region != "global" else None


buckets = Source(
    "s3:buckets", "s3", "list_buckets", "Buckets", scope="global",
    params={"PaginationConfig": {"PageSize": 10000}},
    follow_ups=(
        # First: the bucket's region, stored as the item's ``_region`` so that results carry it
        # and the follow-ups below are sent to the bucket's own region.
        # A bucket deleted between ListBuckets and this call (CI buckets come and go) answers
        # NoSuchBucket: its _region is None and its details are skipped, instead of failing every bucket.
        FollowUp("get_bucket_location", _bucket, "_region", result_key=LOCATION_TO_REGION, missing=("NoSuchBucket",)),
        FollowUp("get_bucket_versioning", _existing_bucket, "Versioning", region_from=_bucket_region),
        FollowUp("get_bucket_replication", _existing_bucket, "Replication", result_key="ReplicationConfiguration",
                 missing=("ReplicationConfigurationNotFoundError",), region_from=_bucket_region),
        FollowUp("get_bucket_tagging", _existing_bucket, "TagSet", result_key="TagSet", missing=("NoSuchTagSet",),
                 region_from=_bucket_region),
    ),
    description="Every bucket of the account with its region (_region), Versioning (Status absent when never "
                "enabled), Replication (ReplicationConfiguration, None when not configured) and TagSet (None when "
                "the bucket has no tags). A bucket deleted during the scan has _region None and no details.",
    identity=Identity(id="Name", arn="arn:{partition}:s3:::{Name}", name="Name", type="AWS::S3::Bucket"))
