"""Disaster-recovery checks (Day 4: Disaster recovery (RTO/RPO)).

The DR strategy follows business criticality, so the checks that need a second region judge only
resources tagged as critical (``criticality`` = ``critical`` or ``mission-critical`` by default;
both are parameters a profile sets). Route 53 failover is judged everywhere: a failover record
without a health check never fails over, whatever the tier.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta

from awslint.checks._tiers import critical_tag, tier_params

from awslint import Param, check, failed, name_tag, passed, region_of_arn
from awslint.checkapi import errored

LESSON_DR = "Day 4: Disaster recovery (RTO/RPO)"
# -- S3001: critical buckets without cross-region replication -------------------------------------
def _bucket_name(destination_arn: str) -> str:
    """``arn:aws:s3:::bucket`` -> ``bucket`` (a bare name is accepted too)."""
    return str(destination_arn or "").split(":::", 1)[-1]


def _rule_scope(rule: Mapping) -> str:
    """'' for a whole-bucket rule, else a short description of the filter (prefix or tags)."""
    legacy = rule.get("Prefix")
    flt = rule.get("Filter") or {}
    both = flt.get("And") or {}
    prefix = flt.get("Prefix") or both.get("Prefix") or legacy or ""
    tags = ([flt["Tag"]] if flt.get("Tag") else []) + list(both.get("Tags") or [])
    parts = ([f"prefix '{prefix}'"] if prefix else []) + [f"tag {t.get('Key')}={t.get('Value')}" for t in tags]
    return " and ".join(parts)


@check(
    id="S3001", name="s3-critical-cross-region-replication", severity="high",
    title="Critical versioned S3 bucket has no cross-region replication",
    needs=("s3:buckets",),
    lesson=LESSON_DR, pillars=("reliability",),
    resource_type="AWS::S3::Bucket",
    config_rule="s3-bucket-cross-region-replication-enabled", security_hub="S3.7",
    params={
        **tier_params("a bucket"),
        "include_unversioned": Param(False, "Also judge critical buckets that were never versioned (they cannot "
                                            "replicate at all, so they fail)"),
        "destination_regions": Param({}, "Regions of replication destination buckets owned by other accounts, "
                                         "as {bucket-name: region} (buckets of the scanned account are looked up)",
                                     schema={"type": "object", "additionalProperties": {"type": "string"},
                                             "description": "Destination bucket regions"}),
    },
    rationale="S3 is regional: a bucket's objects survive the loss of an Availability Zone but not of its "
              "region or of the bucket itself. Cross-Region Replication keeps a continuously updated copy in "
              "a second region, which is what the backup-and-restore and pilot-light strategies restore from.",
    evaluates="Every bucket of the account (S3 is global; each result carries the bucket's own region; a bucket "
              "deleted while the scan ran is skipped) that is "
              "tagged critical (`tag_key` with one of `tag_values`, value case-insensitive) and versioned "
              "(versioning Enabled or Suspended; never-versioned buckets are skipped unless "
              "`include_unversioned`, as replication requires versioning). PASS when an Enabled replication "
              "rule targets a bucket in another region (the message notes rules limited by a prefix or tag "
              "filter). The destination's region is read from the account's own bucket list, else from "
              "`destination_regions`; when neither knows it the result is ERROR, never a guess. FAIL when there "
              "is no replication configuration, every rule is disabled, or every destination is in the same "
              "region (same-region replication is no regional DR copy).",
    remediation="Create a versioned bucket in another region and add a replication rule (console: S3 > <bucket> > "
                "Management > Replication rules > Create replication rule, destination in another region, scope "
                "all objects; CLI: aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration "
                "Status=Enabled; aws s3api put-bucket-replication --bucket <bucket> --replication-configuration "
                "file://crr.json with a rule {\"Status\": \"Enabled\", \"Priority\": 1, \"Filter\": {}, "
                "\"DeleteMarkerReplication\": {\"Status\": \"Disabled\"}, \"Destination\": {\"Bucket\": "
                "\"arn:aws:s3:::<bucket-in-other-region>\"}}). Replicate existing objects with S3 Batch Replication.",
    references=(
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-walkthrough1.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-cross-region-replication-enabled.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-7",
        "https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html",
    ),
)
def s3_critical_cross_region_replication(inv, params):
    """Critical data needs a copy that survives the loss of its region."""
    buckets = inv["s3:buckets"]
    known = {b["Name"]: b.get("_region") for b in buckets}
    known_elsewhere = dict(params.get("destination_regions") or {})
    for bucket in sorted(buckets, key=lambda b: b["Name"]):
        tag = critical_tag(bucket, params)
        if not tag:
            continue
        name, region = bucket["Name"], bucket.get("_region")
        status = (bucket.get("Versioning") or {}).get("Status")
        if status not in ("Enabled", "Suspended") and not params["include_unversioned"]:
            continue
        arn = f"arn:{inv.partition}:s3:::{name}"
        where = {"arn": arn, "name": name, "region": region if region and region != "global" else None}
        if not where["region"]:
            yield errored(name, f"Bucket {name} ({tag}): its region could not be determined.", **where)
            continue
        rules = [r for r in ((bucket.get("Replication") or {}).get("Rules") or []) if r.get("Status") == "Enabled"]
        cross, same, unknown = [], [], []
        for rule in rules:
            dest = _bucket_name((rule.get("Destination") or {}).get("Bucket"))
            dest_region = known.get(dest) or known_elsewhere.get(dest)
            if not dest_region or dest_region == "global":
                unknown.append(dest)
            elif dest_region != region:
                cross.append((dest, dest_region, _rule_scope(rule)))
            else:
                same.append(dest)
        if cross:
            copies = ", ".join(f"{d} ({r}{', ' + s + ' only' if s else ''})" for d, r, s in cross)
            yield passed(name, f"Bucket {name} ({tag}, {region}) replicates to {copies}.", **where)
        elif unknown:
            yield errored(name, f"Bucket {name} ({tag}, {region}) replicates to {', '.join(sorted(set(unknown)))}, "
                          "which is not in this account, so its region is unknown. Add it to the parameter "
                          "destination_regions ({bucket: region}) to judge this bucket.", **where)
        else:
            yield failed(name, _no_crr_message(name, tag, region, status, bucket, same), **where)


def _no_crr_message(name: str, tag: str, region: str, status: str | None, bucket: Mapping, same: list[str]) -> str:
    fix = ("add an Enabled replication rule to a versioned bucket in another region "
           f"(aws s3api put-bucket-replication --bucket {name} --replication-configuration file://crr.json)")
    if status is None:
        return f"Bucket {name} ({tag}, {region}) is not versioned, so it cannot replicate: enable versioning, then {fix}."
    suspended = " Its versioning is Suspended: re-enable it first." if status == "Suspended" else ""
    if same:
        why = f"replicates only within {region} (to {', '.join(sorted(set(same)))}), which does not survive a regional outage"
    elif (bucket.get("Replication") or {}).get("Rules"):
        why = "has replication rules, but none is Enabled"
    else:
        why = "has no replication configuration"
    return f"Bucket {name} ({tag}, {region}) {why}.{suspended} To keep a copy outside {region}, {fix}."


# -- R53001: failover records without a health check ----------------------------------------------
def _zone_id(zone: Mapping) -> str:
    return str(zone.get("Id", "")).rsplit("/", 1)[-1]


@check(
    id="R53001", name="route53-failover-health-check", severity="high",
    title="Route 53 failover record has no health check",
    needs=("route53:hosted_zones", "route53:health_checks"),
    lesson=LESSON_DR, pillars=("reliability",),
    resource_type="AWS::Route53::RecordSet",
    params={"require_secondary": Param(True, "Also require a health check (or evaluated alias target) on SECONDARY "
                                             "records; AWS recommends one on both")},
    rationale="Route 53 treats a failover record without a health check as always healthy: a PRIMARY without one "
              "never fails over, and a SECONDARY without one receives traffic even when it is down. Health checks "
              "are what turn a DR site into an automatic failover.",
    evaluates="Every record set with a Failover value (PRIMARY or SECONDARY) in every public and private hosted "
              "zone of the account. A record is health-checked when it has a HealthCheckId that exists in the "
              "account's health checks and is not disabled, or when it is an alias with EvaluateTargetHealth true "
              "(the alias inherits the health of its target, e.g. a load balancer or another record set; AWS "
              "documents this as the alternative to a health check for failover alias records). PASS when "
              "health-checked. FAIL when not, when the HealthCheckId refers to a deleted health check (Route 53 "
              "then cannot predict the record's status), or when the health check is disabled (Route 53 considers "
              "a disabled health check always healthy, so the record never fails over). "
              "SECONDARY records are evaluated only when `require_secondary` is true (default). "
              "Records with other routing policies are not evaluated. Route 53 records have no ARN: results "
              "carry the hosted zone's ARN and a resource id zone/name/type/set-identifier.",
    remediation="Create a health check for the endpoint and associate it with the failover record, or, for an alias "
                "record, set Evaluate target health to Yes (console: Route 53 > Health checks > Create health check; "
                "then Hosted zones > <zone> > <record> > Edit > Health check ID; CLI: aws route53 "
                "create-health-check --caller-reference <unique> --health-check-config "
                "Type=HTTPS,FullyQualifiedDomainName=<host>,ResourcePath=/health; aws route53 "
                "change-resource-record-sets --hosted-zone-id <zone> --change-batch file://upsert-with-healthcheckid.json).",
    references=(
        "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-configuring.html",
        "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-types.html",
        "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-failover-alias.html",
        "https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html",
    ),
)
def route53_failover_health_check(inv, params):
    """A failover record without a health check is always 'healthy', so failover never happens."""
    existing: dict | None = None  # health checks are read only once a failover record needs judging
    for zone in sorted(inv["route53:hosted_zones"], key=lambda z: z.get("Name", "")):
        zone_id = _zone_id(zone)
        zone_arn = f"arn:{inv.partition}:route53:::hostedzone/{zone_id}"
        private = " (private zone)" if (zone.get("Config") or {}).get("PrivateZone") else ""
        for record in zone.get("ResourceRecordSets") or []:
            role = record.get("Failover")
            if role not in ("PRIMARY", "SECONDARY") or (role == "SECONDARY" and not params["require_secondary"]):
                continue
            if existing is None:
                existing = {h.get("Id"): h for h in inv["route53:health_checks"]}
            name, rtype = record.get("Name", "?"), record.get("Type", "?")
            ident = record.get("SetIdentifier", role.lower())
            rid = f"{zone_id}/{name}/{rtype}/{ident}"
            what = f"{role} failover record {name} {rtype} (set {ident}) in zone {zone.get('Name', zone_id)}{private}"
            where = {"arn": zone_arn, "name": name, "region": "global"}
            check_id = record.get("HealthCheckId")
            alias = record.get("AliasTarget") or {}
            disabled = check_id in existing and (existing[check_id].get("HealthCheckConfig") or {}).get("Disabled")
            if check_id and check_id in existing and not disabled:
                yield passed(rid, f"{what} is health-checked by {check_id}.", **where)
            elif alias.get("EvaluateTargetHealth"):
                yield passed(rid, f"{what} is an alias to {alias.get('DNSName')} with Evaluate target health on, so "
                             "it follows its target's health.", **where)
            elif disabled:
                yield failed(rid, f"{what} uses health check {check_id}, which is disabled: Route 53 considers a "
                             "disabled health check always healthy, so this record never fails over. Enable it "
                             f"(aws route53 update-health-check --health-check-id {check_id} --no-disabled).", **where)
            elif check_id:
                yield failed(rid, f"{what} refers to health check {check_id}, which no longer exists: Route 53 cannot "
                             "predict this record's status. Create a health check and update the record.", **where)
            else:
                effect = ("Route 53 treats it as always healthy, so traffic never fails over to the secondary"
                          if role == "PRIMARY" else
                          "Route 53 treats it as always healthy and sends traffic to it when the primary fails, "
                          "even if it is down too")
                alias_note = " and is an alias without Evaluate target health" if alias else ""
                alias_fix = " or set EvaluateTargetHealth" if alias else ""
                yield failed(rid, f"{what} has no health check{alias_note}: {effect}. Associate a health check "
                             f"(aws route53 create-health-check, then change-resource-record-sets with HealthCheckId)"
                             f"{alias_fix}.", **where)


# -- BAK001: critical EC2/EBS/EFS resources without a recent cross-region backup copy --------------
SKIPPED_STATES = {"instance": ("shutting-down", "terminated"), "volume": ("deleting", "deleted"),
                  "file-system": ("deleting", "deleted")}
RESOURCE_TYPES = {"instance": "AWS::EC2::Instance", "volume": "AWS::EC2::Volume", "file-system": "AWS::EFS::FileSystem"}


def _critical_resources(inv, params) -> Iterable[tuple[str, str, str, str | None, str, list[str]]]:
    """(kind, id, arn, name, tag, arns whose copies count) for each live, critical-tagged resource."""
    for instance in inv["ec2:instances"]:
        tag = critical_tag(instance, params)
        if tag and (instance.get("State") or {}).get("Name") not in SKIPPED_STATES["instance"]:
            arn = inv.arn("ec2", f"instance/{instance['InstanceId']}")
            yield "instance", instance["InstanceId"], arn, name_tag(instance), tag, [arn]
    for volume in inv["ec2:volumes"]:
        tag = critical_tag(volume, params)
        if tag and volume.get("State") not in SKIPPED_STATES["volume"]:
            arn = inv.arn("ec2", f"volume/{volume['VolumeId']}")
            # An EC2 instance backup (an AMI) includes its attached volumes, so the instance's copies count.
            hosts = [inv.arn("ec2", f"instance/{a['InstanceId']}") for a in volume.get("Attachments") or []
                     if a.get("InstanceId") and a.get("State", "attached") in ("attached", "attaching")]
            yield "volume", volume["VolumeId"], arn, name_tag(volume), tag, [arn, *hosts]
    for fs in inv["efs:file_systems"]:
        tag = critical_tag(fs, params)
        if tag and fs.get("LifeCycleState") not in SKIPPED_STATES["file-system"]:
            arn = fs.get("FileSystemArn") or inv.arn("elasticfilesystem", f"file-system/{fs['FileSystemId']}")
            yield "file-system", fs["FileSystemId"], arn, fs.get("Name") or name_tag(fs), tag, [arn]


def _copy_time(job: Mapping) -> datetime | None:
    return job.get("CompletionDate") or job.get("CreationDate")


def _utc(moment: datetime, fmt: str = "%Y-%m-%d %H:%M UTC") -> str:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).strftime(fmt)


@check(
    id="BAK001", name="critical-resource-cross-region-backup", severity="medium",
    title="Critical EC2 instance, EBS volume or EFS file system has no recent AWS Backup copy in another region",
    needs=("ec2:instances", "ec2:volumes", "efs:file_systems", "backup:copy_jobs"),
    lesson=LESSON_DR, pillars=("reliability",),
    resource_type="AWS::EC2::Volume",
    params={
        **tier_params("a resource"),
        "max_age_days": Param(7, "Newest cross-region copy must be at most this many days old (your RPO for a "
                                 "regional disaster; AWS Backup keeps a limited copy-job history, so keep it short)",
                              schema={"type": "integer", "minimum": 1, "description": "Maximum copy age in days"}),
    },
    rationale="Backups in the same region are lost with the region. For critical workloads the backup-and-restore "
              "and pilot-light strategies depend on a recent copy in a second region; AWS Backup copy rules make "
              "that copy automatically, and a completed copy job is the evidence it happened.",
    evaluates="EC2 instances (not shutting-down or terminated), EBS volumes (not deleting or deleted) and EFS file "
              "systems (not deleting or deleted) of the region that are tagged critical (`tag_key` with one of "
              "`tag_values`, value case-insensitive). Databases are judged by the Day 11 replica checks. Evidence "
              "is AWS Backup copy jobs listed in the resource's region: PASS when a COMPLETED copy job of the "
              "resource (for a volume, also of an instance it is attached to, whose backup includes its volumes) "
              "went to a backup vault in another region within `max_age_days`. FAIL when there is none: no copy "
              "job, only same-region (e.g. cross-account) copies, only failed ones, or the newest is older. "
              "Copies made outside AWS Backup (Data Lifecycle Manager cross-region snapshot copies, EFS "
              "replication) are not recognised; suppress the finding with a reason if you rely on them.",
    remediation="Add a copy action to another region's backup vault in the backup plan that protects the resource "
                "and make sure the plan's resource assignment selects it, e.g. by the same criticality tag "
                "(console: AWS Backup > Backup plans > <plan> > <rule> > Edit > Copy to destination: another "
                "Region; CLI: aws backup update-backup-plan --backup-plan-id <id> --backup-plan file://plan.json "
                "with \"CopyActions\": [{\"DestinationBackupVaultArn\": \"arn:aws:backup:<dr-region>:<account>:"
                "backup-vault:<vault>\"}] in the rule; one-off: aws backup start-copy-job --recovery-point-arn "
                "<rp> --source-backup-vault-name <vault> --destination-backup-vault-arn <dr-vault-arn> "
                "--iam-role-arn <role>).",
    references=(
        "https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html",
        "https://docs.aws.amazon.com/aws-backup/latest/devguide/recov-point-create-a-copy.html",
        "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListCopyJobs.html",
        "https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/backup-and-restore.html",
    ),
)
def critical_resource_cross_region_backup(inv, params):
    """A backup that lives only in the resource's region does not survive that region."""
    cutoff = inv.now - timedelta(days=params["max_age_days"])
    critical = sorted(_critical_resources(inv, params), key=lambda r: (r[0], r[1]))
    if not critical:
        return  # nothing critical here: the copy jobs need not be read (or be readable)
    jobs = inv["backup:copy_jobs"]
    for kind, rid, arn, label, tag, accepted in critical:
        mine = [j for j in jobs if j.get("ResourceArn") in accepted]
        completed = [j for j in mine if j.get("State") == "COMPLETED" and _copy_time(j)]
        remote = sorted((j for j in completed if region_of_arn(j.get("DestinationBackupVaultArn")) not in (None, inv.region)),
                        key=_copy_time)
        what = f"{kind.replace('-', ' ').capitalize()} {rid} ({label + ', ' if label else ''}{tag})"
        where = {"arn": arn, "name": label, "resource_type": RESOURCE_TYPES[kind]}
        if remote and _copy_time(remote[-1]) >= cutoff:
            newest = remote[-1]
            via = "" if newest.get("ResourceArn") == arn else f" as part of {newest['ResourceArn'].rsplit('/', 1)[-1]}"
            yield passed(rid, f"{what} was copied{via} to backup vault {newest.get('DestinationBackupVaultArn')} in "
                         f"{region_of_arn(newest.get('DestinationBackupVaultArn'))} on "
                         f"{_utc(_copy_time(newest))} (within {params['max_age_days']} days).", **where)
            continue
        if remote:
            why = (f"its newest copy to another region finished on {_utc(_copy_time(remote[-1]), '%Y-%m-%d')}, more than "
                   f"{params['max_age_days']} days ago")
        elif completed:
            why = f"its copy jobs all stay in {inv.region} (same-region or cross-account copies do not survive a regional outage)"
        elif mine:
            last = max(mine, key=lambda j: j.get("CreationDate") or inv.now)
            why = (f"its copy jobs did not complete (latest {last.get('State', '?')}"
                   f"{': ' + last['StatusMessage'] if last.get('StatusMessage') else ''})")
        else:
            why = "AWS Backup has no copy job for it"
        yield failed(rid, f"{what} has no AWS Backup copy in another region within {params['max_age_days']} days: {why}. "
                     "Add a copy action to a vault in another region to the backup plan that selects it "
                     "(aws backup update-backup-plan ... CopyActions).", **where)
