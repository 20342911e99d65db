"""S3 disaster-recovery check (Day 4): cross-region replication of critical buckets, on moto and Stubber
responses. The demo test covers the Route 53 (R53) and AWS Backup (BAK) DR checks too."""

from awslint.testing import collect_stubbed, inventory_from, messages, run_check, verdicts

CRR = "s3-critical-cross-region-replication"
FAILOVER = "route53-failover-health-check"
BACKUP = "critical-resource-cross-region-backup"
CRITICAL = [{"Key": "criticality", "Value": "critical"}]


# -- S3001 s3-critical-cross-region-replication ---------------------------------------------------
def _bucket(moto_account, name, region="us-east-1", versioning="Enabled", tags=CRITICAL):
    s3 = moto_account.client("s3", region)
    config = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    s3.create_bucket(Bucket=name, **config)
    if versioning:
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": versioning})
    if tags:
        s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": tags})


def _replicate(moto_account, source, destination, region="us-east-1", status="Enabled", flt=None):
    moto_account.client("s3", region).put_bucket_replication(Bucket=source, ReplicationConfiguration={
        "Role": "arn:aws:iam::123456789012:role/replication",
        "Rules": [{"ID": "r1", "Priority": 1, "Status": status, "Filter": flt or {},
                   "DeleteMarkerReplication": {"Status": "Disabled"},
                   "Destination": {"Bucket": f"arn:aws:s3:::{destination}"}}]})


def test_crr_pass_fail_and_same_region(moto_account):
    _bucket(moto_account, "orders-archive")
    _bucket(moto_account, "orders-archive-dr", "eu-west-1", tags=None)
    _replicate(moto_account, "orders-archive", "orders-archive-dr")
    _bucket(moto_account, "invoices")  # critical, versioned, no replication
    _bucket(moto_account, "exports")
    _bucket(moto_account, "exports-copy", tags=None)
    _replicate(moto_account, "exports", "exports-copy")  # same-region replication only
    _bucket(moto_account, "paused")
    _bucket(moto_account, "paused-dr", "eu-west-1", tags=None)
    _replicate(moto_account, "paused", "paused-dr", status="Disabled")
    _bucket(moto_account, "eu-ledger", "eu-west-1", tags=[{"Key": "criticality", "Value": "Mission-Critical"}])
    _replicate(moto_account, "eu-ledger", "orders-archive-dr", region="eu-west-1", flt={"Prefix": "ledger/"})
    _bucket(moto_account, "eu-ledger-back", "eu-west-1", tags=None)
    _bucket(moto_account, "scratch", tags=[{"Key": "criticality", "Value": "low"}])  # not critical: skipped

    results = moto_account.scan(CRR)

    assert verdicts(results, by_region=True) == {
        "us-east-1/orders-archive": "PASS", "us-east-1/invoices": "FAIL", "us-east-1/exports": "FAIL",
        "us-east-1/paused": "FAIL", "eu-west-1/eu-ledger": "FAIL"}
    msg = messages(results)
    assert "replicates to orders-archive-dr (eu-west-1)" in msg["orders-archive"]
    assert "has no replication configuration" in msg["invoices"]
    assert "replicates only within us-east-1 (to exports-copy)" in msg["exports"]
    assert "none is Enabled" in msg["paused"]
    # eu-ledger (eu-west-1) replicates to a bucket in eu-west-1: same region.
    assert "replicates only within eu-west-1" in msg["eu-ledger"]
    assert {r.resource_arn for r in results if r.resource_id == "invoices"} == {"arn:aws:s3:::invoices"}


def test_crr_unversioned_suspended_filters_and_foreign_destinations(moto_account):
    _bucket(moto_account, "legacy-critical", versioning=None)
    _bucket(moto_account, "suspended", versioning="Suspended")
    _bucket(moto_account, "media", "eu-west-1")
    _replicate(moto_account, "media", "media-us", region="eu-west-1", flt={"Prefix": "originals/"})
    _bucket(moto_account, "media-us", tags=None)
    _bucket(moto_account, "shared")
    _replicate(moto_account, "shared", "partner-dr-bucket")  # destination in another account

    default = moto_account.scan(CRR)
    tuned = moto_account.scan(CRR, params={"include_unversioned": True,
                                           "destination_regions": {"partner-dr-bucket": "us-west-2"}})

    assert verdicts(default, by_region=True) == {
        "us-east-1/suspended": "FAIL", "eu-west-1/media": "PASS", "us-east-1/shared": "ERROR"}
    assert verdicts(tuned) == {"legacy-critical": "FAIL", "suspended": "FAIL", "media": "PASS", "shared": "PASS"}
    assert "Suspended" in messages(default)["suspended"]
    assert "media-us (us-east-1)" in messages(default)["media"]  # moto drops the rule's Filter (see below)
    assert "destination_regions" in messages(default)["shared"]
    assert "is not versioned" in messages(tuned)["legacy-critical"]
    assert "partner-dr-bucket (us-west-2)" in messages(tuned)["shared"]


def test_crr_notes_rules_limited_by_a_filter():
    """moto 5.2.5 returns every replication Filter as {'Prefix': ''}, so filters are tested on API-shaped data."""
    def bucket(name, region, rules=None, tags=CRITICAL):
        return {"Name": name, "_region": region, "Versioning": {"Status": "Enabled"}, "TagSet": tags,
                "Replication": {"Rules": rules} if rules else None}

    def rule(dest, **scope):
        return {"Status": "Enabled", "Destination": {"Bucket": f"arn:aws:s3:::{dest}"}, **scope}

    inv = inventory_from({"s3:buckets": [
        bucket("a", "us-east-1", [rule("dr", Filter={"And": {"Prefix": "orders/", "Tags": [{"Key": "k", "Value": "v"}]}})]),
        bucket("b", "us-east-1", [rule("dr", Prefix="legacy/")]),
        bucket("c", "us-east-1", [rule("dr", Filter={"Tag": {"Key": "tier", "Value": "gold"}}),
                                  rule("dr", Filter={"Prefix": ""})]),
        bucket("dr", "eu-west-1", tags=None)]})
    msg = messages(run_check(CRR, inv))
    assert "dr (eu-west-1, prefix 'orders/' and tag k=v only)" in msg["a"]
    assert "dr (eu-west-1, prefix 'legacy/' only)" in msg["b"]
    assert "dr (eu-west-1, tag tier=gold only), dr (eu-west-1)" in msg["c"]


def test_s3_source_reads_details_in_each_bucket_region_and_maps_legacy_eu():
    """The follow-ups after GetBucketLocation go to the bucket's own region ('EU' = eu-west-1, null = us-east-1);
    each Stubber client answers only for its region, so a misrouted call fails the test."""
    versioned = {"Status": "Enabled"}
    replication = {"ReplicationConfiguration": {"Role": "arn:aws:iam::123456789012:role/r", "Rules": [
        {"Status": "Enabled", "Priority": 1, "Filter": {}, "DeleteMarkerReplication": {"Status": "Disabled"},
         "Destination": {"Bucket": "arn:aws:s3:::old-eu"}}]}}
    tags = {"TagSet": CRITICAL}
    inv = collect_stubbed(["s3:buckets"], {
        ("s3", "us-east-1"): [
            ("list_buckets", {"Buckets": [{"Name": "new-us"}, {"Name": "old-eu"}]}),
            ("get_bucket_location", {}),
            ("get_bucket_versioning", versioned), ("get_bucket_replication", replication),
            ("get_bucket_tagging", tags),
            ("get_bucket_location", {"LocationConstraint": "EU"})],
        ("s3", "eu-west-1"): [
            ("get_bucket_versioning", versioned), ("get_bucket_replication", replication),
            ("get_bucket_tagging", {"TagSet": []})],
    })
    buckets = {b["Name"]: b for b in inv.data["s3:buckets"][("123456789012", "global")]}
    assert {n: b["_region"] for n, b in buckets.items()} == {"new-us": "us-east-1", "old-eu": "eu-west-1"}
    results = run_check(CRR, inv)
    assert verdicts(results, by_region=True) == {"us-east-1/new-us": "PASS"}


def test_s3_bucket_list_is_paginated_with_max_buckets():
    """AWS rejects unpaginated ListBuckets for accounts with a bucket quota above 10,000: the source must page
    (MaxBuckets) and follow ContinuationToken, or the buckets of later pages are never judged."""
    tags = {"TagSet": CRITICAL}
    inv = collect_stubbed(["s3:buckets"], {("s3", "us-east-1"): [
        ("list_buckets", {"Buckets": [{"Name": "page-one"}], "ContinuationToken": "next"}),
        ("list_buckets", {"Buckets": [{"Name": "page-two"}]}),
        *[call for _ in range(2) for call in (
            ("get_bucket_location", {}), ("get_bucket_versioning", {"Status": "Enabled"}),
            ("get_bucket_replication", {"ReplicationConfiguration": {"Role": "arn:aws:iam::123456789012:role/r",
                                                                     "Rules": []}}),
            ("get_bucket_tagging", tags))],
    ]})
    assert sorted(b["Name"] for b in inv.data["s3:buckets"][("123456789012", "global")]) == ["page-one", "page-two"]
    assert verdicts(run_check(CRR, inv)) == {"page-one": "FAIL", "page-two": "FAIL"}


def test_bucket_deleted_during_the_scan_is_skipped_not_an_error_for_every_bucket(moto_account):
    """GetBucketLocation answers NoSuchBucket for a bucket deleted after ListBuckets (CI buckets come and go):
    that bucket is skipped and the others are still judged."""
    _bucket(moto_account, "orders-archive")
    _bucket(moto_account, "ci-tmp-4711")
    setup = moto_account.client("s3")

    def delete_first(params, **_):
        if params.get("Bucket") == "ci-tmp-4711":
            setup.delete_bucket(Bucket="ci-tmp-4711")

    moto_account.session.events.register("provide-client-params.s3.GetBucketLocation", delete_first)

    results = moto_account.scan(CRR)

    assert verdicts(results) == {"orders-archive": "FAIL"}


def test_crr_source_error_is_error_not_pass():
    results = run_check(CRR, inventory_from({}, errors={"s3:buckets": "AccessDenied on ListBuckets: grant read"}))
    assert verdicts(results) == {"ERROR:global": "ERROR"}


# -- the demo account -----------------------------------------------------------------------------
