"""Demo EC2 compute (Day 6): instance families, Graviton, golden AMIs and spread placement groups.

us-east-1 (shop-prod VPC):
- shop-legacy-reporting (m4.large, stopped) FAILS ec2-previous-generation (a stopped instance restarts
  on the same old type) and is a Graviton candidate; shop-api-1 (m5.large) PASSES previous-generation
  but FAILS ec2-graviton-candidate (info: m7g.large, with the estimated saving); shop-search-1
  (c7g.large) PASSES both. shop-old-bastion (t1.micro, terminated) is skipped: it no longer exists.
- AMIs: shop-web-golden-2026-11 is baked from an instance with an encrypted root volume -> PASSES
  ec2-ami-encrypted and ec2-ami-public; shop-support-tools-public is shared with everyone -> FAILS
  ec2-ami-public, and like every AMI made from an unencrypted volume FAILS ec2-ami-encrypted
  (AWS cannot share encrypted AMIs publicly, which is one more reason to keep them private).
- Spread placement groups: shop-kafka-spread holds 6 brokers in us-east-1a (limit 7 per AZ) -> FAILS
  ec2-spread-placement-group-capacity; shop-zookeeper-spread holds one node per AZ -> PASSES.
  (moto has no placement groups: the demo runs with awslint.demo.moto_compat's placement-group shim.)
eu-west-1 (shop-dr VPC): shop-dr-api-1 (t3.small, stopped standby) FAILS ec2-graviton-candidate (t4g.small).
"""

from __future__ import annotations

AMI = "ami-0c55b159cbfafe1f0"  # any id launches in moto; the demo runs without moto's default AMIs


def _tags(name: str, **extra: str) -> list[dict]:
    tags = [{"Key": "Name", "Value": name}, {"Key": "app", "Value": "shop"}]
    tags += [{"Key": k, "Value": v} for k, v in extra.items()]
    return [{"ResourceType": "instance", "Tags": tags}]


def _root(encrypted: bool = True, size: int = 8) -> list[dict]:
    """A gp3 root volume deleted with the instance (moto would default to an unencrypted gp2 one)."""
    return [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": size, "VolumeType": "gp3", "Encrypted": encrypted,
                                               "DeleteOnTermination": True}}]


def _launch(ec2, name: str, instance_type: str, subnet: str | None, count: int = 1, **kwargs) -> list[str]:
    args = {"ImageId": AMI, "InstanceType": instance_type, "MinCount": count, "MaxCount": count,
            "TagSpecifications": _tags(name), "BlockDeviceMappings": _root(), **kwargs}
    if subnet:
        args["SubnetId"] = subnet
    return [i["InstanceId"] for i in ec2.run_instances(**args)["Instances"]]


def build_instances(ctx, ec2, private: dict) -> None:
    az_a, az_b = sorted(private)[:2]
    legacy = _launch(ec2, "shop-legacy-reporting", "m4.large", private[az_a])
    ec2.stop_instances(InstanceIds=legacy)
    _launch(ec2, "shop-api-1", "m5.large", private[az_a])
    _launch(ec2, "shop-search-1", "c7g.large", private[az_b])
    bastion = _launch(ec2, "shop-old-bastion", "t1.micro", private[az_b])
    ec2.terminate_instances(InstanceIds=bastion)


def build_amis(ctx, ec2, private: dict) -> None:
    """A golden image baked from an encrypted builder, and a support image someone made public."""
    subnet = private[sorted(private)[0]]
    builder = _launch(ec2, "shop-ami-builder", "c7g.large", subnet, BlockDeviceMappings=_root(size=20))
    golden = ec2.create_image(InstanceId=builder[0], Name="shop-web-golden-2026-11",
                              Description="Hardened Amazon Linux 2023 + shop web stack, encrypted")["ImageId"]
    ec2.create_tags(Resources=[golden], Tags=[{"Key": "Name", "Value": "shop-web-golden-2026-11"}])
    ec2.terminate_instances(InstanceIds=builder)
    tools = _launch(ec2, "shop-support-tools-builder", "t3.micro", subnet, BlockDeviceMappings=_root(encrypted=False))
    public = ec2.create_image(InstanceId=tools[0], Name="shop-support-tools-public",
                              Description="Support tooling image, shared publicly by mistake")["ImageId"]
    ec2.modify_image_attribute(ImageId=public, LaunchPermission={"Add": [{"Group": "all"}]})
    ec2.terminate_instances(InstanceIds=tools)


def build_placement_groups(ctx, ec2, private: dict) -> None:
    """Kafka brokers crammed into one AZ of a spread group; ZooKeeper spread one per AZ."""
    az_a = sorted(private)[0]
    ec2.create_placement_group(GroupName="shop-kafka-spread", Strategy="spread")
    _launch(ec2, "shop-kafka-broker", "r7g.large", private[az_a], count=6,
            Placement={"GroupName": "shop-kafka-spread", "AvailabilityZone": az_a})
    ec2.create_placement_group(GroupName="shop-zookeeper-spread", Strategy="spread")
    for az in sorted(private):
        _launch(ec2, f"shop-zookeeper-{az[-1]}", "m7g.medium", private[az],
                Placement={"GroupName": "shop-zookeeper-spread", "AvailabilityZone": az})


def build(ctx) -> None:
    east = ctx.client("ec2", ctx.primary)
    private = ctx.shared["vpc_prod"]["private"]
    build_instances(ctx, east, private)
    build_amis(ctx, east, private)
    build_placement_groups(ctx, east, private)
    west = ctx.client("ec2", ctx.secondary)
    standby = _launch(west, "shop-dr-api-1", "t3.small", ctx.shared["vpc_dr"]["private"][f"{ctx.secondary}a"])
    west.stop_instances(InstanceIds=standby)
