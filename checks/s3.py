"""S3: cross-region copies of critical buckets (Day 4: Disaster recovery (RTO/RPO)).

S3 keeps a bucket's objects across Availability Zones but not across regions, so the disaster-recovery
lesson is that data whose tier says it must survive a regional outage needs Cross-Region Replication to a
bucket in another region: that copy is what backup-and-restore and pilot-light strategies restore from.
The DR strategy follows business criticality, so only buckets tagged critical are judged (``criticality``
= ``critical`` or ``mission-critical`` by default, compared case-insensitively; both are parameters a
profile sets, defined once in checks/_tiers.py). S3 is global: each result carries the bucket's own region.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from awslint.checks._tiers import critical_tag, tier_params

from awslint import Param, check, errored, failed, passed
from awslint.lessons import Lesson


# -- S3001: critical buckets without cross-region replication -------------------------------------
def _bucket_name(destination_arn: str | None) -> str:
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
    lesson=Lesson.DISASTER_RECOVERY, pillars=("reliability",),
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
def s3_critical_cross_region_replication(inv, params) -> Iterator:
    """Critical data needs a copy that survives the loss of its region."""
    # Each bucket's result is placed in the bucket's own region (_region), or in "global" when it is unknown.
    buckets = inv.live("s3:buckets")
    known = {b["Name"]: b.get("_region") for b in buckets}
    known_elsewhere = dict(params.get("destination_regions") or {})
    for bucket in buckets:
        tag = critical_tag(bucket, params)
        if not tag:
            continue
        name, region = bucket["Name"], bucket.get("_region")
        status = (bucket.get("Versioning") or {}).get("Status")
        if status not in ("Enabled", "Suspended") and not params["include_unversioned"]:
            continue
        if not region or region == "global":
            yield errored(bucket, f"Bucket {name} ({tag}): its region could not be determined.")
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
            yield passed(bucket, f"Bucket {name} ({tag}, {region}) replicates to {copies}.")
        elif unknown:
            yield errored(bucket, f"Bucket {name} ({tag}, {region}) replicates to {', '.join(sorted(set(unknown)))}, "
                          "which is not in this account, so its region is unknown. Add it to the parameter "
                          "destination_regions ({bucket: region}) to judge this bucket.")
        else:
            yield failed(bucket, _no_crr_message(name, tag, region, status, bucket, same))


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
