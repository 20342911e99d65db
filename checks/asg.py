"""ASG: EC2 Auto Scaling groups (Day 7: Auto Scaling and high availability; ASG010+ for Day 6's Spot lesson).

These checks judge whether a group can actually keep a service up and sized: it launches from a versioned launch
template rather than a legacy launch configuration, spans several AZs, replaces instances its load balancer finds
unhealthy, has a scaling policy that can fire, keeps an On-Demand base under Spot, and leaves no orphaned launch
configuration behind. The lesson: an Auto Scaling group is only as highly available as its zones, health checks and
policies make it. There is one result per group (or launch configuration) in the scanned region, identified by its
name (unique per account and region); groups whose ``Status`` is ``Delete in progress`` are not judged
(``inv.live``: AWS is already removing them) but still count as users of a launch configuration.
"""

from __future__ import annotations

from collections import defaultdict

from awslint import Param, check, errored, failed, passed
from awslint.lessons import Lesson

GROUP_TYPE = "AWS::AutoScaling::AutoScalingGroup"
LAUNCH_CONFIGURATION_TYPE = "AWS::AutoScaling::LaunchConfiguration"
ASG_DOCS = "https://docs.aws.amazon.com/autoscaling/ec2/userguide"


def template_spec(group: dict) -> dict | None:
    """The launch template a group uses: directly, or inside its mixed instances policy."""
    if group.get("LaunchTemplate"):
        return group["LaunchTemplate"]
    mixed = group.get("MixedInstancesPolicy") or {}
    return (mixed.get("LaunchTemplate") or {}).get("LaunchTemplateSpecification") or None


def template_label(spec: dict) -> str:
    name = spec.get("LaunchTemplateName") or spec.get("LaunchTemplateId") or "?"
    version = spec.get("Version")
    return f"{name} (version {version})" if version else name


# -- ASG001 (headline) ------------------------------------------------------------------------------
@check(
    id="ASG001", name="asg-launch-template", severity="medium",
    title="Auto Scaling group launches instances from a legacy Launch Configuration",
    needs=("autoscaling:groups",),
    lesson=Lesson.AUTO_SCALING, pillars=("operational", "reliability", "performance"),
    resource_type=GROUP_TYPE,
    rationale="Launch Configurations are legacy: they cannot be versioned, cannot mix instance types or "
              "purchase options, and AWS has added no new instance types or EC2 features to them since "
              "2022-12-31 (accounts created from 2024-10-01 cannot create them at all). A group stuck on one "
              "cannot adopt Graviton, current instance families or IMDSv2 defaults through a template.",
    evaluates="Every Auto Scaling group in the region except those with Status 'Delete in progress' (AWS is "
              "already deleting them). FAIL when the group launches from a Launch Configuration "
              "(LaunchConfigurationName). PASS when it uses a launch template directly (LaunchTemplate) or "
              "through a mixed instances policy (MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification). "
              "A group that reports none of the three cannot be judged and is an ERROR.",
    remediation="Copy the launch configuration to a launch template and point the group at it; running "
                "instances are replaced only when you start an instance refresh (console: EC2 > Auto Scaling > "
                "Launch configurations > select > Actions > Copy to launch template, then Auto Scaling groups > "
                "group > Edit > Launch template; CLI: aws ec2 create-launch-template --launch-template-name "
                "<name> --launch-template-data file://data.json; aws autoscaling update-auto-scaling-group "
                "--auto-scaling-group-name <group> --launch-template LaunchTemplateName=<name>,Version='$Default'; "
                "then aws autoscaling start-instance-refresh --auto-scaling-group-name <group>).",
    references=(
        f"{ASG_DOCS}/launch-configurations.html",
        f"{ASG_DOCS}/migrate-to-launch-templates.html",
        f"{ASG_DOCS}/launch-templates.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/autoscaling-controls.html#autoscaling-9",
        "https://docs.aws.amazon.com/config/latest/developerguide/autoscaling-launch-template.html",
    ),
    config_rule="autoscaling-launch-template", security_hub="AutoScaling.9",
)
def asg_launch_template(inv, params):
    """Launch Configurations freeze a group on 2022-era EC2 features; launch templates are versioned and current."""
    for group in inv.live("autoscaling:groups"):
        name = group.get("AutoScalingGroupName", "?")
        spec = template_spec(group)
        config = group.get("LaunchConfigurationName")
        if spec is not None:
            how = "directly" if group.get("LaunchTemplate") else "through its mixed instances policy"
            yield passed(group, f"Auto Scaling group {name} launches from launch template {template_label(spec)} {how}.")
        elif config:
            yield failed(group, f"Auto Scaling group {name} launches from Launch Configuration {config}, a legacy "
                         "mechanism that gets no new instance types or EC2 features since 2022-12-31. Copy it to a "
                         "launch template (EC2 console: Launch configurations > Copy to launch template), point the "
                         "group at the template and start an instance refresh.")
        else:
            yield errored(group, f"Auto Scaling group {name} reports neither a launch template nor a launch "
                          "configuration, so how it launches instances is unknown.")


# -- ASG002 ---------------------------------------------------------------------------------------
@check(
    id="ASG002", name="asg-multi-az", severity="high",
    title="Auto Scaling group runs in a single Availability Zone",
    needs=("autoscaling:groups",),
    lesson=Lesson.AUTO_SCALING, pillars=("reliability",),
    resource_type=GROUP_TYPE,
    rationale="An Auto Scaling group confined to one AZ loses all its capacity when that AZ fails, and "
              "cannot replace the instances anywhere else. Spanning AZs is the minimum for high availability.",
    evaluates="Every Auto Scaling group in the region except those being deleted, including groups with zero "
              "instances (they launch into the same zones when they scale out). The zones are the group's "
              "AvailabilityZones (derived by AWS from its subnets in VPCZoneIdentifier). FAIL when the group "
              "spans fewer than min_azs distinct zones; PASS otherwise. A group that reports no zones is an ERROR.",
    remediation="Add subnets in other Availability Zones to the group (console: EC2 > Auto Scaling groups > group > "
                "Edit > Network > Availability Zones and subnets; CLI: aws autoscaling update-auto-scaling-group "
                "--auto-scaling-group-name <group> --vpc-zone-identifier \"subnet-a,subnet-b,subnet-c\"). Attach the "
                "same AZs to its load balancer.",
    references=(
        f"{ASG_DOCS}/as-add-az-console.html",
        f"{ASG_DOCS}/auto-scaling-benefits.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/autoscaling-controls.html#autoscaling-2",
        "https://docs.aws.amazon.com/config/latest/developerguide/autoscaling-multiple-az.html",
    ),
    config_rule="autoscaling-multiple-az", security_hub="AutoScaling.2",
    params={"min_azs": Param(2, "Minimum number of Availability Zones a group must span (Security Hub default: 2).",
                             {"type": "integer", "minimum": 1, "maximum": 6})},
)
def asg_multi_az(inv, params):
    """A single-AZ group is one zone outage away from zero capacity."""
    minimum = int(params["min_azs"])
    for group in inv.live("autoscaling:groups"):
        name = group.get("AutoScalingGroupName", "?")
        zones = sorted(set(group.get("AvailabilityZones") or []))
        if not zones:
            yield errored(group, f"Auto Scaling group {name} reports no Availability Zones; cannot tell where it "
                          "launches instances.")
        elif len(zones) >= minimum:
            yield passed(group, f"Auto Scaling group {name} spans {len(zones)} Availability Zones "
                         f"({', '.join(zones)}).")
        else:
            yield failed(group, f"Auto Scaling group {name} spans {len(zones)} Availability Zone(s) ({', '.join(zones)}), "
                         f"fewer than {minimum}: an outage of {zones[0]} takes all its capacity. Add subnets in "
                         "other AZs to the group (and to its load balancer).")


# -- ASG003 ---------------------------------------------------------------------------------------
def attached_load_balancers(group: dict) -> list[str]:
    """Classic load balancers, target groups and ELB traffic sources attached to the group."""
    found = list(group.get("LoadBalancerNames") or []) + list(group.get("TargetGroupARNs") or [])
    for source in group.get("TrafficSources") or []:
        if source.get("Type") in ("elb", "elbv2") and source.get("Identifier") not in found:
            found.append(source.get("Identifier"))
    return [x for x in found if x]


def short_lb(identifier: str) -> str:
    """``web-tg`` for a target group ARN; classic load balancer names stay as they are."""
    if identifier.startswith("arn:") and ":targetgroup/" in identifier:
        return identifier.split(":targetgroup/", 1)[1].split("/", 1)[0]
    return identifier


@check(
    id="ASG003", name="asg-elb-health-check", severity="medium",
    title="Auto Scaling group behind a load balancer uses only EC2 health checks",
    needs=("autoscaling:groups",),
    lesson=Lesson.AUTO_SCALING, pillars=("reliability",),
    resource_type=GROUP_TYPE,
    rationale="With EC2 health checks only, the group replaces an instance when its hypervisor checks fail, not "
              "when the application stops answering. The load balancer then routes around a dead instance that "
              "the group keeps forever, silently shrinking capacity.",
    evaluates="Every Auto Scaling group in the region (except those being deleted) attached to a load balancer: "
              "a Classic Load Balancer (LoadBalancerNames), a target group (TargetGroupARNs) or an elb/elbv2 "
              "traffic source. PASS when HealthCheckType includes ELB (it may be a comma-separated list such as "
              "'ELB,EBS'); FAIL when it is EC2 only (the default). Groups with no load balancer, or only a VPC "
              "Lattice traffic source, are not evaluated.",
    remediation="Turn on Elastic Load Balancing health checks and give instances a grace period to boot (console: "
                "EC2 > Auto Scaling groups > group > Edit > Health checks > Turn on Elastic Load Balancing health "
                "checks; CLI: aws autoscaling update-auto-scaling-group --auto-scaling-group-name <group> "
                "--health-check-type ELB --health-check-grace-period 300).",
    references=(
        f"{ASG_DOCS}/as-add-elb-healthcheck.html",
        f"{ASG_DOCS}/ec2-auto-scaling-health-checks.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/autoscaling-controls.html#autoscaling-1",
        "https://docs.aws.amazon.com/config/latest/developerguide/autoscaling-group-elb-healthcheck-required.html",
    ),
    config_rule="autoscaling-group-elb-healthcheck-required", security_hub="AutoScaling.1",
)
def asg_elb_health_check(inv, params):
    """A group behind a load balancer should replace instances the load balancer finds unhealthy."""
    for group in inv.live("autoscaling:groups"):
        balancers = attached_load_balancers(group)
        if not balancers:
            continue
        name = group.get("AutoScalingGroupName", "?")
        label = ", ".join(short_lb(b) for b in balancers)
        kinds = [k.strip().upper() for k in (group.get("HealthCheckType") or "EC2").split(",") if k.strip()]
        if "ELB" in kinds:
            yield passed(group, f"Auto Scaling group {name} behind {label} uses ELB health checks "
                         f"(HealthCheckType {','.join(kinds)}).")
        else:
            yield failed(group, f"Auto Scaling group {name} is attached to {label} but uses only "
                         f"{'/'.join(kinds)} health checks, so it keeps instances the load balancer marks unhealthy. "
                         "Set HealthCheckType to ELB with a grace period long enough for boot.")


# -- ASG004 ---------------------------------------------------------------------------------------
def effective_policies(policies: list[dict]) -> tuple[list[str], list[str], list[str]]:
    """Split a group's policies into (scaling, ineffective-with-reason, unknown).

    A policy scales the group only if it is enabled and can fire: target tracking always can;
    predictive scaling only in ForecastAndScale mode (the default, ForecastOnly, just forecasts);
    step and simple scaling only when a CloudWatch alarm invokes them (``Alarms`` non-empty).
    """
    scaling: list[str] = []
    idle: list[str] = []
    unknown: list[str] = []
    for policy in policies:
        name = policy.get("PolicyName", "?")
        kind = policy.get("PolicyType") or "SimpleScaling"
        if policy.get("Enabled") is False:
            idle.append(f"{name} (disabled)")
        elif kind == "TargetTrackingScaling":
            scaling.append(f"{name} (target tracking)")
        elif kind == "PredictiveScaling":
            mode = (policy.get("PredictiveScalingConfiguration") or {}).get("Mode") or "ForecastOnly"
            if mode == "ForecastAndScale":
                scaling.append(f"{name} (predictive)")
            else:
                idle.append(f"{name} (predictive, {mode} mode)")
        elif "Alarms" not in policy:
            unknown.append(name)
        elif policy.get("Alarms"):
            scaling.append(f"{name} ({'step' if kind == 'StepScaling' else 'simple'} scaling)")
        else:
            idle.append(f"{name} (no CloudWatch alarm invokes it)")
    return scaling, idle, unknown


@check(
    id="ASG004", name="asg-scaling-policy", severity="low",
    title="Auto Scaling group has no scaling policy that can change its capacity",
    needs=("autoscaling:groups", "autoscaling:policies", "autoscaling:scheduled_actions"),
    lesson=Lesson.AUTO_SCALING, pillars=("performance", "cost", "reliability"),
    resource_type=GROUP_TYPE,
    rationale="A group whose size can vary (MinSize < MaxSize) but has nothing to vary it sits at a fixed "
              "desired capacity: it is over-provisioned at night and overwhelmed at peak. Target tracking is the "
              "simplest fix.",
    evaluates="Every Auto Scaling group in the region except those being deleted. PASS when the group has an "
              "enabled target tracking policy, a predictive policy in ForecastAndScale mode, or a step/simple "
              "policy invoked by at least one CloudWatch alarm; scheduled actions also count when "
              "count_scheduled_actions is true (the default: they change capacity on a timetable, a legitimate "
              "strategy for predictable load). Groups with MinSize equal to MaxSize and nothing that changes "
              "them are fixed-size, self-healing fleets by design and are not evaluated. FAIL otherwise, naming "
              "policies that cannot fire (disabled, ForecastOnly, no alarm). A step/simple policy whose alarm "
              "list is missing from the API answer cannot be judged: ERROR, unless another mechanism already passes.",
    remediation="Add a target tracking policy (console: EC2 > Auto Scaling groups > group > Automatic scaling > "
                "Create dynamic scaling policy > Target tracking; CLI: aws autoscaling put-scaling-policy "
                "--auto-scaling-group-name <group> --policy-name cpu50 --policy-type TargetTrackingScaling "
                "--target-tracking-configuration "
                "'{\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":\"ASGAverageCPUUtilization\"},"
                "\"TargetValue\":50}'), or set MinSize equal to MaxSize if the fleet is meant to be fixed.",
    references=(
        f"{ASG_DOCS}/scale-your-group.html",
        f"{ASG_DOCS}/as-scaling-target-tracking.html",
        f"{ASG_DOCS}/ec2-auto-scaling-predictive-scaling.html",
        f"{ASG_DOCS}/ec2-auto-scaling-scheduled-scaling.html",
    ),
    params={"count_scheduled_actions": Param(True, "Whether scheduled actions alone make a group pass.")},
)
def asg_scaling_policy(inv, params):
    """A group that can scale but has no policy never does."""
    groups = inv.live("autoscaling:groups")
    if not groups:
        return  # no group to judge: policies and scheduled actions need not be read
    by_group: dict[str, list[dict]] = defaultdict(list)
    for policy in inv["autoscaling:policies"]:
        by_group[policy.get("AutoScalingGroupName", "")].append(policy)
    scheduled: dict[str, list[str]] = defaultdict(list)
    for action in inv["autoscaling:scheduled_actions"] if params["count_scheduled_actions"] else ():
        scheduled[action.get("AutoScalingGroupName", "")].append(action.get("ScheduledActionName", "?"))
    for group in groups:
        name = group.get("AutoScalingGroupName", "?")
        scaling, idle, unknown = effective_policies(by_group.get(name, []))
        actions = sorted(scheduled.get(name, [])) if params["count_scheduled_actions"] else []
        if scaling or actions:
            parts = ([f"scaling policies {', '.join(scaling)}"] if scaling else []) + (
                [f"scheduled actions {', '.join(actions)}"] if actions else [])
            yield passed(group, f"Auto Scaling group {name} changes capacity through {' and '.join(parts)}.")
            continue
        if unknown:
            yield errored(group, f"Auto Scaling group {name} has step/simple scaling policies "
                          f"({', '.join(sorted(unknown))}) whose CloudWatch alarms were not reported; cannot tell "
                          "whether anything invokes them.")
            continue
        low, high = group.get("MinSize"), group.get("MaxSize")
        if low is not None and low == high:
            continue  # fixed-size fleet: nothing to scale, self-healing only
        limits = f"MinSize {low}, MaxSize {high}, desired {group.get('DesiredCapacity')}"
        why = f"; its policies cannot fire: {', '.join(idle)}" if idle else ""
        yield failed(group, f"Auto Scaling group {name} ({limits}) has no scaling policy that can change its "
                     f"capacity{why}. Add a target tracking policy (e.g. 50% average CPU), or set MinSize = MaxSize "
                     "if the fleet is meant to be fixed.")


# -- ASG005 ---------------------------------------------------------------------------------------
@check(
    id="ASG005", name="asg-unused-launch-configuration", severity="low",
    title="Launch Configuration is not used by any Auto Scaling group",
    needs=("autoscaling:groups", "autoscaling:launch_configurations"),
    lesson=Lesson.AUTO_SCALING, pillars=("operational", "security"),
    resource_type=LAUNCH_CONFIGURATION_TYPE,
    rationale="Leftover launch configurations are legacy blueprints with old AMIs and settings that someone can "
              "still reuse by mistake, and they count against the per-region quota. Launch templates replace "
              "them; unused ones should be deleted.",
    evaluates="Every launch configuration in the region (they are regional, so only groups of the same region "
              "can use one). PASS when at least one Auto Scaling group in the region references it by "
              "LaunchConfigurationName, including a group being deleted (AWS refuses to delete a launch "
              "configuration still attached). FAIL when no group does. Instances launched from it earlier keep "
              "running when it is deleted.",
    remediation="Delete the unused launch configuration (console: EC2 > Auto Scaling > Launch configurations > "
                "select > Actions > Delete; CLI: aws autoscaling delete-launch-configuration "
                "--launch-configuration-name <name>). Use launch templates for new groups.",
    references=(
        f"{ASG_DOCS}/launch-configurations.html",
        f"{ASG_DOCS}/migrate-to-launch-templates.html",
    ),
)
def asg_unused_launch_configuration(inv, params):
    """An orphaned launch configuration is a legacy blueprint waiting to be reused by mistake."""
    configs = inv.live("autoscaling:launch_configurations")
    if not configs:
        return  # no launch configuration to judge: the groups need not be read
    users: dict[str, list[str]] = defaultdict(list)
    for group in inv["autoscaling:groups"]:
        if group.get("LaunchConfigurationName"):
            users[group["LaunchConfigurationName"]].append(group.get("AutoScalingGroupName", "?"))
    for config in configs:
        name = config.get("LaunchConfigurationName", "?")
        groups = sorted(users.get(name, []))
        if groups:
            yield passed(config, f"Launch configuration {name} is used by Auto Scaling group(s) {', '.join(groups)} "
                         "(see asg-launch-template to migrate them).")
        else:
            created = config.get("CreatedTime")
            when = f", created {created:%Y-%m-%d}" if hasattr(created, "strftime") else ""
            yield failed(config, f"Launch configuration {name} ({config.get('InstanceType', '?')}, image "
                         f"{config.get('ImageId', '?')}{when}) is not used by any Auto Scaling group in "
                         f"{inv.region}. Delete it: aws autoscaling delete-launch-configuration "
                         f"--launch-configuration-name {name}.")


# -- ASG010 (Day 6) ---------------------------------------------------------------------------------
@check(
    id="ASG010", name="asg-spot-only", severity="medium",
    title="Auto Scaling group runs 100% Spot with no On-Demand base",
    needs=("autoscaling:groups", "autoscaling:launch_configurations"),
    lesson=Lesson.EC2, pillars=("reliability", "cost"),
    resource_type=GROUP_TYPE,
    rationale="Spot capacity can be reclaimed with two minutes' notice, often across many pools at once. A group "
              "with no On-Demand base can drop to zero instances; Spot suits interruptible work and should be "
              "mixed with On-Demand for anything that must stay up.",
    evaluates="Auto Scaling groups in the region (except those being deleted) whose purchase option is visible "
              "on the group: groups with a mixed instances policy and groups launched from a launch "
              "configuration. FAIL when InstancesDistribution has OnDemandBaseCapacity 0 and "
              "OnDemandPercentageAboveBaseCapacity 0 (AWS defaults when omitted: 0 and 100), or when the launch "
              "configuration sets SpotPrice (every instance is Spot). PASS otherwise. Groups that use a launch "
              "template directly are not evaluated: a Spot request there lives in the template version "
              "(InstanceMarketOptions), which this check does not read. A group whose launch configuration is not "
              "found is an ERROR.",
    remediation="Give the group an On-Demand base for the capacity that must survive Spot interruptions (console: "
                "EC2 > Auto Scaling groups > group > Edit > Instance purchase options > On-Demand base capacity; "
                "CLI: aws autoscaling update-auto-scaling-group --auto-scaling-group-name <group> "
                "--mixed-instances-policy '{\"InstancesDistribution\":{\"OnDemandBaseCapacity\":1,"
                "\"OnDemandPercentageAboveBaseCapacity\":20}}'). Keep Capacity Rebalancing on and diversify "
                "instance types.",
    references=(
        f"{ASG_DOCS}/ec2-auto-scaling-mixed-instances-groups.html",
        f"{ASG_DOCS}/allocation-strategies.html",
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-best-practices.html",
    ),
)
def asg_spot_only(inv, params):
    """Spot alone can take a whole group to zero; an On-Demand base keeps the service up."""
    configs: dict | None = None  # read only for a group launched from a launch configuration
    for group in inv.live("autoscaling:groups"):
        name = group.get("AutoScalingGroupName", "?")
        mixed = group.get("MixedInstancesPolicy")
        if mixed:
            dist = mixed.get("InstancesDistribution") or {}
            base = dist.get("OnDemandBaseCapacity", 0) or 0
            above = dist.get("OnDemandPercentageAboveBaseCapacity", 100)
            above = 100 if above is None else above
            if base == 0 and above == 0:
                yield failed(group, f"Auto Scaling group {name} is 100% Spot (OnDemandBaseCapacity 0, "
                             "OnDemandPercentageAboveBaseCapacity 0): a Spot reclaim can take it to zero instances. "
                             "Set an On-Demand base for the capacity that must stay up.")
            else:
                yield passed(group, f"Auto Scaling group {name} keeps On-Demand capacity (base {base}, {above}% "
                             "above base).")
            continue
        config_name = group.get("LaunchConfigurationName")
        if not config_name or group.get("LaunchTemplate"):
            continue  # direct launch template: the market type is in the template, not read here
        if configs is None:
            configs = {c.get("LaunchConfigurationName"): c for c in inv["autoscaling:launch_configurations"]}
        config = configs.get(config_name)
        if config is None:
            yield errored(group, f"Auto Scaling group {name} uses launch configuration {config_name}, which was not "
                          "found in this region; cannot tell whether it requests Spot.")
        elif config.get("SpotPrice"):
            yield failed(group, f"Auto Scaling group {name} launches only Spot instances: its launch configuration "
                         f"{config_name} sets SpotPrice {config['SpotPrice']}. Move it to a launch template with a "
                         "mixed instances policy and an On-Demand base.")
        else:
            yield passed(group, f"Auto Scaling group {name} launches On-Demand instances (launch configuration "
                         f"{config_name} sets no SpotPrice).")
