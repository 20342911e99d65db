"""Demo Auto Scaling (Day 7, plus Day 6's Spot lesson): a modern web tier and the legacy groups around it.

us-east-1 (shop-prod private subnets):
- shop-web-asg: launch template shop-web-lt, two AZs, attached to target group shop-web-asg-tg with ELB
  health checks, CPU target tracking -> PASSES asg-launch-template, asg-multi-az, asg-elb-health-check and
  asg-scaling-policy.
- shop-api-asg: the same template through a mixed instances policy with an On-Demand base of 1 -> PASSES
  asg-launch-template (mixed policy) and asg-spot-only; a nightly scheduled scale-in counts as scaling.
- shop-legacy-batch-asg: Launch Configuration shop-legacy-batch-lc, one AZ -> FAILS asg-launch-template
  (headline) and asg-multi-az; PASSES asg-spot-only (the LC requests On-Demand); fixed size (1..1), so
  asg-scaling-policy does not evaluate it.
- shop-admin-asg: attached to target group shop-admin-asg-tg but with EC2 health checks, MinSize 1 <
  MaxSize 4 and no scaling policy -> FAILS asg-elb-health-check and asg-scaling-policy.
- shop-image-resize-asg: 100% Spot (On-Demand base 0, 0% above base) -> FAILS asg-spot-only.
- Launch configuration shop-web-lc-2019 is left over from before the move to templates -> FAILS
  asg-unused-launch-configuration (shop-legacy-batch-lc, still in use, PASSES).
eu-west-1 (shop-dr): shop-dr-web-asg, a pilot-light copy of the web tier (0 instances, two AZs, target
tracking) -> PASSES.

The two target groups (not attached to any load balancer here) are shared as
ctx.shared["autoscaling_target_groups"] so the load-balancing area can put them behind a load balancer.
"""

from __future__ import annotations

AMI = "ami-0c55b159cbfafe1f0"
CPU_TARGET = {"PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"}, "TargetValue": 50.0}


def _tags(name: str) -> list[dict]:
    return [{"Key": "Name", "Value": name, "PropagateAtLaunch": True},
            {"Key": "app", "Value": "shop", "PropagateAtLaunch": True}]


def _target_group(ctx, region: str, name: str, vpc: str) -> str:
    elbv2 = ctx.client("elbv2", region)
    return elbv2.create_target_group(Name=name, Protocol="HTTP", Port=8080, VpcId=vpc, TargetType="instance",
                                     HealthCheckPath="/healthz")["TargetGroups"][0]["TargetGroupArn"]


def _template(ctx, region: str, name: str, instance_type: str) -> str:
    ec2 = ctx.client("ec2", region)
    data = {"ImageId": AMI, "InstanceType": instance_type,
            "MetadataOptions": {"HttpTokens": "required"},
            "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 20, "VolumeType": "gp3",
                                                                        "Encrypted": True}}]}
    return ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData=data)["LaunchTemplate"]["LaunchTemplateId"]


def build_primary(ctx) -> None:
    region, prod = ctx.primary, ctx.shared["vpc_prod"]
    subnets = [prod["private"][az] for az in sorted(prod["private"])]
    asg = ctx.client("autoscaling", region)
    web_tg = _target_group(ctx, region, "shop-web-asg-tg", prod["vpc"])
    admin_tg = _target_group(ctx, region, "shop-admin-asg-tg", prod["vpc"])
    ctx.shared["autoscaling_target_groups"] = {"web": web_tg, "admin": admin_tg}
    _template(ctx, region, "shop-web-lt", "m7g.large")

    asg.create_auto_scaling_group(
        AutoScalingGroupName="shop-web-asg", MinSize=2, MaxSize=6, DesiredCapacity=2,
        LaunchTemplate={"LaunchTemplateName": "shop-web-lt", "Version": "$Default"},
        VPCZoneIdentifier=",".join(subnets), TargetGroupARNs=[web_tg], HealthCheckType="ELB",
        HealthCheckGracePeriod=300, Tags=_tags("shop-web"))
    asg.put_scaling_policy(AutoScalingGroupName="shop-web-asg", PolicyName="shop-web-cpu50",
                           PolicyType="TargetTrackingScaling", TargetTrackingConfiguration=CPU_TARGET)

    asg.create_auto_scaling_group(
        AutoScalingGroupName="shop-api-asg", MinSize=1, MaxSize=4, DesiredCapacity=1,
        MixedInstancesPolicy={
            "LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateName": "shop-web-lt", "Version": "$Latest"},
                               "Overrides": [{"InstanceType": "m7g.large"}, {"InstanceType": "m6g.large"}]},
            "InstancesDistribution": {"OnDemandBaseCapacity": 1, "OnDemandPercentageAboveBaseCapacity": 25,
                                      "SpotAllocationStrategy": "price-capacity-optimized"}},
        VPCZoneIdentifier=",".join(subnets), Tags=_tags("shop-api"))
    asg.put_scheduled_update_group_action(AutoScalingGroupName="shop-api-asg", ScheduledActionName="shop-api-night",
                                          Recurrence="0 22 * * *", MinSize=1, MaxSize=2, DesiredCapacity=1)

    asg.create_launch_configuration(LaunchConfigurationName="shop-legacy-batch-lc", ImageId=AMI,
                                    InstanceType="t3.small")
    asg.create_auto_scaling_group(
        AutoScalingGroupName="shop-legacy-batch-asg", LaunchConfigurationName="shop-legacy-batch-lc",
        MinSize=1, MaxSize=1, DesiredCapacity=1, VPCZoneIdentifier=subnets[0], Tags=_tags("shop-legacy-batch"))

    asg.create_auto_scaling_group(
        AutoScalingGroupName="shop-admin-asg", MinSize=1, MaxSize=4, DesiredCapacity=1,
        LaunchTemplate={"LaunchTemplateName": "shop-web-lt", "Version": "$Default"},
        VPCZoneIdentifier=",".join(subnets), TargetGroupARNs=[admin_tg], HealthCheckType="EC2",
        Tags=_tags("shop-admin"))

    asg.create_auto_scaling_group(
        AutoScalingGroupName="shop-image-resize-asg", MinSize=0, MaxSize=10, DesiredCapacity=0,
        MixedInstancesPolicy={
            "LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateName": "shop-web-lt", "Version": "$Latest"},
                               "Overrides": [{"InstanceType": "c7g.large"}, {"InstanceType": "c6g.large"}]},
            "InstancesDistribution": {"OnDemandBaseCapacity": 0, "OnDemandPercentageAboveBaseCapacity": 0,
                                      "SpotAllocationStrategy": "price-capacity-optimized"}},
        VPCZoneIdentifier=",".join(subnets), Tags=_tags("shop-image-resize"))
    asg.put_scaling_policy(AutoScalingGroupName="shop-image-resize-asg", PolicyName="shop-image-resize-cpu60",
                           PolicyType="TargetTrackingScaling",
                           TargetTrackingConfiguration={**CPU_TARGET, "TargetValue": 60.0})

    asg.create_launch_configuration(LaunchConfigurationName="shop-web-lc-2019", ImageId=AMI, InstanceType="m4.large")


def build_secondary(ctx) -> None:
    region, dr = ctx.secondary, ctx.shared["vpc_dr"]
    subnets = [dr["private"][az] for az in sorted(dr["private"])]
    _template(ctx, region, "shop-dr-web-lt", "m7g.large")
    asg = ctx.client("autoscaling", region)
    asg.create_auto_scaling_group(
        AutoScalingGroupName="shop-dr-web-asg", MinSize=0, MaxSize=6, DesiredCapacity=0,
        LaunchTemplate={"LaunchTemplateName": "shop-dr-web-lt", "Version": "$Default"},
        VPCZoneIdentifier=",".join(subnets), Tags=_tags("shop-dr-web"))
    asg.put_scaling_policy(AutoScalingGroupName="shop-dr-web-asg", PolicyName="shop-dr-web-cpu50",
                           PolicyType="TargetTrackingScaling", TargetTrackingConfiguration=CPU_TARGET)


def build(ctx) -> None:
    build_primary(ctx)
    build_secondary(ctx)
