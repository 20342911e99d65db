"""Day 4 disaster-recovery checks: S3 cross-region replication, Route 53 failover health checks,
cross-region AWS Backup copies of critical resources (moto, plus Stubber where moto lacks the API)."""

from datetime import UTC, datetime, timedelta

import boto3
import botocore.exceptions
import pytest

from awslint.demo import moto_compat
from awslint.model import Status
from awslint.testing import collect_stubbed, inventory_from, messages, run_check, verdicts

CRR = "s3-critical-cross-region-replication"
FAILOVER = "route53-failover-health-check"
BACKUP = "critical-resource-cross-region-backup"
CRITICAL = [{"Key": "criticality", "Value": "critical"}]
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


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


# -- R53001 route53-failover-health-check ---------------------------------------------------------
def _change(name, role=None, rtype="A", **fields):
    record = {"Name": name, "Type": rtype, **fields}
    if role:
        record.update(Failover=role, SetIdentifier=role.lower())
    if "AliasTarget" not in record:
        record.setdefault("TTL", 60)
        record.setdefault("ResourceRecords", [{"Value": "192.0.2.10"}])
    return {"Action": "CREATE", "ResourceRecordSet": record}


def _health_check(r53, ref):
    return r53.create_health_check(CallerReference=ref, HealthCheckConfig={
        "Type": "HTTPS", "FullyQualifiedDomainName": f"{ref}.example.net", "Port": 443,
        "ResourcePath": "/health"})["HealthCheck"]["Id"]


def test_failover_records_with_and_without_health_checks(moto_account):
    r53 = moto_account.client("route53")
    zone = r53.create_hosted_zone(Name="example.com", CallerReference="z1")["HostedZone"]["Id"].split("/")[-1]
    private = r53.create_hosted_zone(Name="internal.example", CallerReference="z2", HostedZoneConfig={
        "PrivateZone": True}, VPC={"VPCRegion": "us-east-1", "VPCId": moto_account.client("ec2").create_vpc(
            CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]})["HostedZone"]["Id"].split("/")[-1]
    live, doomed = _health_check(r53, "live"), _health_check(r53, "doomed")
    alias = {"HostedZoneId": "Z32O12XQLNTSW2", "DNSName": "dr-alb.eu-west-1.elb.amazonaws.com"}
    r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
        _change("www.example.com", "PRIMARY", HealthCheckId=live),
        _change("www.example.com", "SECONDARY", AliasTarget={**alias, "EvaluateTargetHealth": True}),
        _change("api.example.com", "PRIMARY"),
        _change("api.example.com", "SECONDARY", AliasTarget={**alias, "EvaluateTargetHealth": False}),
        _change("old.example.com", "PRIMARY", HealthCheckId=doomed),
        _change("old.example.com", "SECONDARY", HealthCheckId=live),
        _change("blog.example.com"),  # simple routing: not evaluated
        _change("w.example.com", rtype="A", SetIdentifier="blue", Weight=10),  # weighted: not evaluated
    ]})
    r53.change_resource_record_sets(HostedZoneId=private, ChangeBatch={"Changes": [
        _change("db.internal.example", "PRIMARY", rtype="CNAME", ResourceRecords=[{"Value": "db-a.internal"}])]})
    r53.delete_health_check(HealthCheckId=doomed)  # Route 53 allows it even while a record refers to it

    results = moto_account.scan(FAILOVER)

    assert verdicts(results, by_region=True) == {
        f"global/{zone}/www.example.com./A/primary": "PASS",
        f"global/{zone}/www.example.com./A/secondary": "PASS",
        f"global/{zone}/api.example.com./A/primary": "FAIL",
        f"global/{zone}/api.example.com./A/secondary": "FAIL",
        f"global/{zone}/old.example.com./A/primary": "FAIL",
        f"global/{zone}/old.example.com./A/secondary": "PASS",
        f"global/{private}/db.internal.example./CNAME/primary": "FAIL",
    }
    msg = messages(results)
    assert "never fails over" in msg[f"{zone}/api.example.com./A/primary"]
    assert "alias without Evaluate target health" in msg[f"{zone}/api.example.com./A/secondary"]
    assert f"{doomed}, which no longer exists" in msg[f"{zone}/old.example.com./A/primary"]
    assert "(private zone)" in msg[f"{private}/db.internal.example./CNAME/primary"]
    assert {r.resource_arn for r in results} == {f"arn:aws:route53:::hostedzone/{z}" for z in (zone, private)}

    relaxed = moto_account.scan(FAILOVER, params={"require_secondary": False})
    assert sorted(k.split("/", 1)[-1] for k in verdicts(relaxed)) == [
        "api.example.com./A/primary", "db.internal.example./CNAME/primary", "old.example.com./A/primary",
        "www.example.com./A/primary"]


def test_failover_record_with_a_disabled_health_check_fails(moto_account):
    """Route 53 considers a disabled health check always healthy: the PRIMARY never fails over."""
    r53 = moto_account.client("route53")
    zone = r53.create_hosted_zone(Name="shop.example", CallerReference="z")["HostedZone"]["Id"].split("/")[-1]
    paused = r53.create_health_check(CallerReference="paused", HealthCheckConfig={
        "Type": "HTTPS", "FullyQualifiedDomainName": "primary.shop.example", "Port": 443, "Disabled": True,
    })["HealthCheck"]["Id"]
    live = _health_check(r53, "live")
    r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
        _change("www.shop.example", "PRIMARY", HealthCheckId=paused),
        _change("www.shop.example", "SECONDARY", HealthCheckId=live)]})

    results = moto_account.scan(FAILOVER)

    assert verdicts(results) == {f"{zone}/www.shop.example./A/primary": "FAIL",
                                 f"{zone}/www.shop.example./A/secondary": "PASS"}
    assert "disabled" in messages(results)[f"{zone}/www.shop.example./A/primary"]


def test_failover_records_on_a_later_page_are_judged(moto_account):
    """list_resource_record_sets pages at 300 records; the failover pair sorts after 320 other records."""
    r53 = moto_account.client("route53")
    zone = r53.create_hosted_zone(Name="big.example", CallerReference="big")["HostedZone"]["Id"].split("/")[-1]
    r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
        _change(f"host{i:03d}.big.example") for i in range(320)]})
    r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
        _change("zz.big.example", "PRIMARY"), _change("zz.big.example", "SECONDARY")]})
    assert r53.list_resource_record_sets(HostedZoneId=zone)["IsTruncated"] is True

    results = moto_account.scan(FAILOVER)

    assert verdicts(results) == {f"{zone}/zz.big.example./A/primary": "FAIL",
                                 f"{zone}/zz.big.example./A/secondary": "FAIL"}


# -- BAK001 critical-resource-cross-region-backup -------------------------------------------------
def _job(resource_arn, destination_region, finished, state="COMPLETED", number=1, **extra):
    job = {"CopyJobId": f"copy-{number}", "ResourceArn": resource_arn, "State": state, "ResourceType": "EBS",
           "SourceBackupVaultArn": "arn:aws:backup:us-east-1:123456789012:backup-vault:prod",
           "DestinationBackupVaultArn": f"arn:aws:backup:{destination_region}:123456789012:backup-vault:dr",
           "CreationDate": finished - timedelta(hours=1), **extra}
    if state == "COMPLETED":
        job["CompletionDate"] = finished
    return job


def _volume(ec2, name, tags=CRITICAL):
    return ec2.create_volume(AvailabilityZone="us-east-1a", Size=50, VolumeType="gp3", TagSpecifications=[
        {"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": name}, *tags]}])["VolumeId"]


def test_cross_region_copies_of_critical_volumes_instances_and_file_systems(moto_account):
    ec2, efs = moto_account.client("ec2"), moto_account.client("efs")
    arn = "arn:aws:ec2:us-east-1:123456789012:"
    fresh, stale, failing = _volume(ec2, "fresh"), _volume(ec2, "stale"), _volume(ec2, "failing")
    local, nothing = _volume(ec2, "local-only"), _volume(ec2, "nothing")
    plain = _volume(ec2, "not-critical", tags=[{"Key": "criticality", "Value": "low"}])
    instance = ec2.run_instances(ImageId="ami-12345678", InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                 TagSpecifications=[{"ResourceType": "instance", "Tags": CRITICAL}])["Instances"][0]
    iid = instance["InstanceId"]
    attached = _volume(ec2, "attached")
    ec2.attach_volume(VolumeId=attached, InstanceId=iid, Device="/dev/sdf")
    gone = ec2.run_instances(ImageId="ami-12345678", InstanceType="t3.micro", MinCount=1, MaxCount=1,
                             TagSpecifications=[{"ResourceType": "instance", "Tags": CRITICAL}])["Instances"][0]
    ec2.terminate_instances(InstanceIds=[gone["InstanceId"]])
    fs = efs.create_file_system(CreationToken="media", Tags=[{"Key": "Name", "Value": "media"}, *CRITICAL])
    moto_compat.define_copy_jobs(moto_account.session, "us-east-1", [
        _job(arn + f"volume/{fresh}", "eu-west-1", NOW - timedelta(days=1), number=1),
        _job(arn + f"volume/{stale}", "eu-west-1", NOW - timedelta(days=10), number=2),
        _job(arn + f"volume/{failing}", "eu-west-1", NOW - timedelta(hours=5), state="FAILED", number=3,
             StatusMessage="Access denied to destination vault key"),
        _job(arn + f"volume/{local}", "us-east-1", NOW - timedelta(hours=5), number=4),
        _job(arn + f"instance/{iid}", "eu-west-1", NOW - timedelta(days=2), number=5),
        _job(fs["FileSystemArn"], "eu-west-1", NOW - timedelta(days=30), number=6),
    ])

    results = moto_account.scan(BACKUP, regions=["us-east-1"], now=NOW)

    assert verdicts(results) == {fresh: "PASS", stale: "FAIL", failing: "FAIL", local: "FAIL", nothing: "FAIL",
                                 iid: "PASS", attached: "PASS", fs["FileSystemId"]: "FAIL"}
    assert plain not in verdicts(results) and gone["InstanceId"] not in verdicts(results)
    msg = messages(results)
    assert "eu-west-1 on 2026-11-19 12:00 UTC" in msg[fresh]
    assert "finished on 2026-11-10, more than 7 days ago" in msg[stale]
    assert "latest FAILED: Access denied" in msg[failing]
    assert "stay in us-east-1" in msg[local]
    assert "no copy job" in msg[nothing] and "(nothing, criticality=critical)" in msg[nothing]
    assert f"as part of {iid}" in msg[attached]
    types = {r.resource_id: r.resource_type for r in results}
    assert (types[fresh], types[iid], types[fs["FileSystemId"]]) == (
        "AWS::EC2::Volume", "AWS::EC2::Instance", "AWS::EFS::FileSystem")

    tuned = moto_account.scan(BACKUP, regions=["us-east-1"], now=NOW, params={
        "max_age_days": 31, "tag_key": "criticality", "tag_values": ["critical", "low"]})
    assert {k: v for k, v in verdicts(tuned).items() if v == "PASS"} == {
        fresh: "PASS", stale: "PASS", iid: "PASS", attached: "PASS", fs["FileSystemId"]: "PASS"}
    assert verdicts(tuned)[plain] == "FAIL"


def test_copy_jobs_are_read_across_pages():
    """moto has no ListCopyJobs: the paginated collection is tested on Stubber responses (model-validated)."""
    vol_arn = "arn:aws:ec2:us-east-1:123456789012:volume/vol-0abc"
    inv = collect_stubbed(["backup:copy_jobs"], {("backup", "us-east-1"): [
        ("list_copy_jobs", {"CopyJobs": [_job("arn:aws:ec2:us-east-1:123456789012:volume/vol-other", "eu-west-1",
                                              NOW - timedelta(days=1))], "NextToken": "page-2"}),
        ("list_copy_jobs", {"CopyJobs": [_job(vol_arn, "us-west-2", NOW - timedelta(days=1), number=2)]}),
    ]})
    inv.put("ec2:volumes", "123456789012", "us-east-1", [{"VolumeId": "vol-0abc", "State": "in-use", "Tags": CRITICAL}])
    results = run_check(BACKUP, inv, now=NOW)
    assert verdicts(results) == {"vol-0abc": "PASS"}
    assert "us-west-2" in messages(results)["vol-0abc"]


def test_moto_still_lacks_list_copy_jobs(moto_account):
    """Probe: when this fails, moto implements ListCopyJobs and the define_copy_jobs shim can go."""
    plain = boto3.Session(region_name="us-east-1").client("backup")
    with pytest.raises((botocore.exceptions.ClientError, NotImplementedError)):
        plain.list_copy_jobs()


def test_copy_jobs_shim_answers_per_region(moto_account):
    moto_compat.define_copy_jobs(moto_account.session, "eu-west-1", [_job("arn:x", "us-east-1", NOW)])
    assert moto_account.client("backup", "us-east-1").list_copy_jobs()["CopyJobs"] == []
    assert [j["ResourceArn"] for j in moto_account.client("backup", "eu-west-1").list_copy_jobs()["CopyJobs"]] == ["arn:x"]


# -- the demo account -----------------------------------------------------------------------------
def test_demo_resilience_shows_both_outcomes_for_every_dr_check(moto_account):
    from awslint.demo.account import DemoContext, build

    build(DemoContext(session=moto_account.session), areas=("network", "resilience"))
    for name in (CRR, FAILOVER, BACKUP):
        statuses = {r.status for r in moto_account.scan(name)}
        assert statuses == {Status.PASS, Status.FAIL}, name


def test_failover_check_needs_no_health_checks_when_there_is_no_failover_record():
    inv = inventory_from({"route53:hosted_zones": []},
                         errors={"route53:health_checks": "AccessDenied on ListHealthChecks"})
    assert verdicts(run_check(FAILOVER, inv)) == {}
