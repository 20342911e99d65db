"""Custom check: every EC2 instance and RDS DB instance carries the cost-allocation tags.

A platform team's typical rule: without ``cost-center`` and ``owner`` tags, Cost Explorer cannot
allocate spend and nobody can be asked before a resource is stopped. Load with
``awslint scan --checks-dir examples/custom_checks``; set the tag list per profile with
``params: {required-cost-tags: {tags: [cost-center, owner, environment]}}``.
"""

from awslint import Param, check, failed, name_tag, passed

SKIPPED_INSTANCE_STATES = ("terminated", "shutting-down")


def _missing(tags: list[dict] | None, required: list[str]) -> list[str]:
    present = {t.get("Key"): t.get("Value") for t in tags or []}
    return [key for key in required if not present.get(key)]


@check(
    id="X-TAG001",
    name="required-cost-tags",
    title="EC2 or RDS instance lacks the required cost-allocation tags",
    severity="low",
    needs=("ec2:instances", "rds:db_instances"),
    lesson="Team policy: cost allocation",
    pillars=("cost", "operational"),
    resource_type="AWS::EC2::Instance",
    rationale="Cost-allocation tags let Cost Explorer and budgets attribute spend to a team; untagged "
              "compute is spend nobody owns.",
    evaluates="EC2 instances in every state except terminated and shutting-down, and every RDS DB instance. "
              "A tag with an empty value counts as missing.",
    remediation="Add the tags (console: Tag Editor; CLI: aws ec2 create-tags --resources <id> --tags "
                "Key=cost-center,Value=<cc> / aws rds add-tags-to-resource --resource-name <arn> --tags ...) and "
                "activate them as cost-allocation tags in the Billing console.",
    references=("https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/cost-alloc-tags.html",),
    params={"tags": Param(["cost-center", "owner"], "Tag keys every instance must carry")},
)
def required_cost_tags(inv, params):
    """Spend that no tag attributes is spend that no team owns."""
    required = list(params["tags"])
    for instance in inv["ec2:instances"]:
        if instance.get("State", {}).get("Name") in SKIPPED_INSTANCE_STATES:
            continue
        iid = instance["InstanceId"]
        missing = _missing(instance.get("Tags"), required)
        arn = inv.arn("ec2", f"instance/{iid}")
        if missing:
            yield failed(iid, f"EC2 instance {iid} lacks cost tags {', '.join(missing)}; add them with "
                         "aws ec2 create-tags.", arn=arn, name=name_tag(instance))
        else:
            yield passed(iid, f"EC2 instance {iid} carries {', '.join(required)}.", arn=arn, name=name_tag(instance))
    for db in inv["rds:db_instances"]:
        dbid = db["DBInstanceIdentifier"]
        missing = _missing(db.get("TagList"), required)
        arn = db.get("DBInstanceArn") or inv.arn("rds", f"db:{dbid}")
        if missing:
            yield failed(dbid, f"RDS instance {dbid} lacks cost tags {', '.join(missing)}; add them with "
                         "aws rds add-tags-to-resource.", arn=arn, resource_type="AWS::RDS::DBInstance")
        else:
            yield passed(dbid, f"RDS instance {dbid} carries {', '.join(required)}.", arn=arn,
                         resource_type="AWS::RDS::DBInstance")
