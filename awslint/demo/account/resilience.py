"""Demo resources for the disaster-recovery checks (Day 4): each check gets a failing and a passing resource.

s3-critical-cross-region-replication (buckets tagged criticality=critical, versioned):
  shop-prod-order-documents replicates to shop-dr-order-documents in eu-west-1 -> PASS;
  shop-prod-invoices has no replication -> FAIL; shop-prod-customer-exports replicates only inside
  us-east-1 -> FAIL. shop-dev-scratch is not critical and is not judged.

route53-failover-health-check (zone shop.example.com):
  www: PRIMARY with a health check, SECONDARY an alias to the DR load balancer with Evaluate target
  health on -> both PASS. api: PRIMARY and SECONDARY plain A records without health checks -> both
  FAIL (Route 53 would never fail over).

critical-resource-cross-region-backup (AWS Backup plan shop-critical-daily copies to eu-west-1):
  EBS volume shop-prod-orders-data was copied to the DR vault yesterday -> PASS; EBS volume
  shop-prod-ledger-data was only copied to another vault in us-east-1 -> FAIL; EFS file system
  shop-prod-media has never been copied -> FAIL. moto has no ListCopyJobs, so the copy jobs are
  answered by a documented client-side shim (awslint.demo.moto_compat.define_copy_jobs).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

CRITICAL = [{"Key": "criticality", "Value": "critical"}]


def build(ctx) -> None:
    build_buckets(ctx)
    build_dns_failover(ctx)
    build_backups(ctx)


# -- S3 --------------------------------------------------------------------------------------------
def _bucket(ctx, name: str, region: str, *, versioned: bool = True, tags: list[dict] | None = None) -> None:
    s3 = ctx.client("s3", region)
    config = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    s3.create_bucket(Bucket=name, **config)
    if versioned:
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    if tags:
        s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": tags})


def _replicate(ctx, source: str, destination: str, role: str) -> None:
    ctx.client("s3", ctx.primary).put_bucket_replication(Bucket=source, ReplicationConfiguration={
        "Role": role,
        "Rules": [{"ID": f"{source}-to-{destination}", "Priority": 1, "Status": "Enabled", "Filter": {},
                   "DeleteMarkerReplication": {"Status": "Disabled"},
                   "Destination": {"Bucket": f"arn:aws:s3:::{destination}", "StorageClass": "STANDARD_IA"}}]})


def build_buckets(ctx) -> None:
    iam = ctx.client("iam", ctx.primary)
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
                                                      "Action": "sts:AssumeRole"}]}
    role = iam.create_role(RoleName="shop-s3-replication", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    _bucket(ctx, "shop-prod-order-documents", ctx.primary, tags=CRITICAL)
    _bucket(ctx, "shop-dr-order-documents", ctx.secondary, tags=[{"Key": "criticality", "Value": "replica"}])
    _replicate(ctx, "shop-prod-order-documents", "shop-dr-order-documents", role)
    _bucket(ctx, "shop-prod-invoices", ctx.primary, tags=CRITICAL)
    _bucket(ctx, "shop-prod-customer-exports", ctx.primary, tags=CRITICAL)
    _bucket(ctx, "shop-prod-customer-exports-copy", ctx.primary)
    _replicate(ctx, "shop-prod-customer-exports", "shop-prod-customer-exports-copy", role)
    _bucket(ctx, "shop-dev-scratch", ctx.primary, versioned=False, tags=[{"Key": "criticality", "Value": "low"}])


# -- Route 53 --------------------------------------------------------------------------------------
def _record(name: str, role: str, **fields) -> dict:
    record = {"Name": name, "Type": "A", "SetIdentifier": f"{name.split('.')[0]}-{role.lower()}", "Failover": role}
    record.update(fields)
    return {"Action": "CREATE", "ResourceRecordSet": record}


def build_dns_failover(ctx) -> None:
    r53 = ctx.client("route53", ctx.primary)
    zone = r53.create_hosted_zone(Name="shop.example.com", CallerReference="shop-demo-zone")["HostedZone"]["Id"]
    health = r53.create_health_check(CallerReference="shop-prod-web-health", HealthCheckConfig={
        "Type": "HTTPS", "FullyQualifiedDomainName": "shop-prod-web.us-east-1.elb.amazonaws.com", "Port": 443,
        "ResourcePath": "/health", "RequestInterval": 30, "FailureThreshold": 3})["HealthCheck"]["Id"]
    r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Comment": "www: failover done right", "Changes": [
        _record("www.shop.example.com", "PRIMARY", TTL=60, ResourceRecords=[{"Value": "198.51.100.10"}],
                HealthCheckId=health),
        _record("www.shop.example.com", "SECONDARY", AliasTarget={
            "HostedZoneId": "Z32O12XQLNTSW2", "EvaluateTargetHealth": True,
            "DNSName": "dualstack.shop-dr-web-1234567890.eu-west-1.elb.amazonaws.com"}),
    ]})
    r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Comment": "api: no health checks", "Changes": [
        _record("api.shop.example.com", "PRIMARY", TTL=60, ResourceRecords=[{"Value": "198.51.100.20"}]),
        _record("api.shop.example.com", "SECONDARY", TTL=60, ResourceRecords=[{"Value": "203.0.113.20"}]),
    ]})


# -- AWS Backup ------------------------------------------------------------------------------------
def _vault(ctx, region: str, name: str) -> str:
    return ctx.client("backup", region).create_backup_vault(BackupVaultName=name)["BackupVaultArn"]


def _volume(ctx, name: str) -> str:
    ec2 = ctx.client("ec2", ctx.primary)
    return ec2.create_volume(AvailabilityZone=f"{ctx.primary}a", Size=200, VolumeType="gp3", Encrypted=True,
                             TagSpecifications=[{"ResourceType": "volume",
                                                 "Tags": [{"Key": "Name", "Value": name}, *CRITICAL]}])["VolumeId"]


def _copy_job(ctx, number: int, resource_arn: str, resource_type: str, source: str, destination: str,
              finished: datetime) -> dict:
    return {"AccountId": ctx.account, "CopyJobId": f"shop-demo-copy-{number:04d}", "ResourceArn": resource_arn,
            "ResourceType": resource_type, "SourceBackupVaultArn": source, "DestinationBackupVaultArn": destination,
            "State": "COMPLETED", "CreationDate": finished - timedelta(minutes=40), "CompletionDate": finished,
            "BackupSizeInBytes": 200 * 1024 ** 3}


def build_backups(ctx) -> None:
    from awslint.demo.moto_compat import define_copy_jobs

    prod_vault = _vault(ctx, ctx.primary, "shop-prod-vault")
    audit_vault = _vault(ctx, ctx.primary, "shop-prod-audit-vault")
    dr_vault = _vault(ctx, ctx.secondary, "shop-dr-vault")
    ctx.client("backup", ctx.primary).create_backup_plan(BackupPlan={
        "BackupPlanName": "shop-critical-daily",
        "Rules": [{"RuleName": "daily-with-dr-copy", "TargetBackupVaultName": "shop-prod-vault",
                   "ScheduleExpression": "cron(0 3 * * ? *)", "Lifecycle": {"DeleteAfterDays": 35},
                   "CopyActions": [{"DestinationBackupVaultArn": dr_vault, "Lifecycle": {"DeleteAfterDays": 35}}]}]})
    orders = _volume(ctx, "shop-prod-orders-data")
    ledger = _volume(ctx, "shop-prod-ledger-data")
    ctx.client("efs", ctx.primary).create_file_system(
        CreationToken="shop-prod-media", PerformanceMode="generalPurpose", Encrypted=True,
        Tags=[{"Key": "Name", "Value": "shop-prod-media"}, *CRITICAL])
    yesterday = datetime.now(UTC) - timedelta(days=1)
    arn = f"arn:aws:ec2:{ctx.primary}:{ctx.account}:volume/"
    define_copy_jobs(ctx.session, ctx.primary, [
        _copy_job(ctx, 1, arn + orders, "EBS", prod_vault, dr_vault, yesterday),
        _copy_job(ctx, 2, arn + ledger, "EBS", prod_vault, audit_vault, yesterday),
    ])
