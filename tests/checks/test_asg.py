"""Auto Scaling checks (Day 7, and ASG010 from Day 6) on moto and plain API-shaped data.

moto 5.2.5 backs every field these checks read (MOTO-NOTES #13) except a few AWS always returns:
``Status`` (moto deletes groups at once), policy ``Enabled``/``Alarms`` and predictive ``Mode``, and
``TrafficSources``. Those cases use ``inventory_from`` with AWS-shaped items.
"""

from __future__ import annotations

from datetime import UTC, datetime

from awslint.testing import collect_stubbed, inventory_from, messages, run_check, verdicts
from tests.helpers import demo_results

EAST, WEST = "us-east-1", "eu-west-1"
AMI = "ami-12345678"
NOW = datetime(2026, 11, 1, tzinfo=UTC)
CPU50 = {"PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"}, "TargetValue": 50.0}


def _lc(asg, name="web-lc", **kwargs) -> str:
    asg.create_launch_configuration(LaunchConfigurationName=name, ImageId=AMI, InstanceType="t3.micro", **kwargs)
    return name


def _lt(moto_account, region=EAST, name="web-lt") -> str:
    ec2 = moto_account.client("ec2", region)
    ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData={"ImageId": AMI, "InstanceType": "t3.micro"})
    return name


def _group(asg, name, zones=("us-east-1a", "us-east-1b"), size=(0, 2), **kwargs) -> str:
    """A group with no instances by default (MinSize 0, desired 0): fast, and judged all the same."""
    asg.create_auto_scaling_group(AutoScalingGroupName=name, MinSize=size[0], MaxSize=size[1], DesiredCapacity=0,
                                  AvailabilityZones=list(zones), **kwargs)
    return name


def _mixed(template, base=None, above=None, **distribution) -> dict:
    dist = dict(distribution)
    if base is not None:
        dist["OnDemandBaseCapacity"] = base
    if above is not None:
        dist["OnDemandPercentageAboveBaseCapacity"] = above
    policy = {"LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateName": template, "Version": "$Latest"},
                                 "Overrides": [{"InstanceType": "m7g.large"}, {"InstanceType": "m6g.large"}]}}
    if dist:
        policy["InstancesDistribution"] = dist
    return policy


def _asg(name, **fields) -> dict:
    """An AWS-shaped group as describe_auto_scaling_groups returns it."""
    return {"AutoScalingGroupName": name, "AutoScalingGroupARN": f"arn:aws:autoscaling:us-east-1:123456789012:"
            f"autoScalingGroup:uuid:autoScalingGroupName/{name}", "MinSize": 1, "MaxSize": 4, "DesiredCapacity": 1,
            "AvailabilityZones": ["us-east-1a", "us-east-1b"], "HealthCheckType": "EC2",
            "LaunchTemplate": {"LaunchTemplateName": "web-lt", "Version": "$Default"}, **fields}


# -- asg-launch-template (ASG001, headline) ------------------------------------------------------------
def test_launch_configuration_fails_template_direct_and_mixed_pass(moto_account):
    asg = moto_account.client("autoscaling")
    _lc(asg, "legacy-lc")
    _lt(moto_account)
    legacy = _group(asg, "legacy-asg", LaunchConfigurationName="legacy-lc")
    direct = _group(asg, "direct-asg", LaunchTemplate={"LaunchTemplateName": "web-lt", "Version": "$Default"})
    mixed = _group(asg, "mixed-asg", MixedInstancesPolicy=_mixed("web-lt", base=1, above=50))

    results = moto_account.scan("asg-launch-template", regions=[EAST])

    assert verdicts(results) == {legacy: "FAIL", direct: "PASS", mixed: "PASS"}
    text = messages(results)
    assert "Launch Configuration legacy-lc" in text[legacy] and "2022-12-31" in text[legacy]
    assert "Copy to launch template" in text[legacy]
    assert "directly" in text[direct] and "mixed instances policy" in text[mixed]
    by_id = {r.resource_id: r for r in results}
    assert by_id[legacy].resource_arn.startswith("arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:")
    assert by_id[legacy].resource_arn.endswith("autoScalingGroupName/legacy-asg")
    assert by_id[legacy].resource_type == "AWS::AutoScaling::AutoScalingGroup"


def test_more_than_one_page_of_groups_every_group_is_judged(moto_account):
    """describe_auto_scaling_groups pages at 50 (moto too): 58 groups need two pages."""
    asg = moto_account.client("autoscaling")
    _lc(asg, "shared-lc")
    _lt(moto_account)
    expected = {}
    for i in range(58):
        name = f"fleet-{i:02d}"
        if i % 2:
            _group(asg, name, LaunchConfigurationName="shared-lc")
            expected[name] = "FAIL"
        else:
            _group(asg, name, LaunchTemplate={"LaunchTemplateName": "web-lt"})
            expected[name] = "PASS"
    pages = [len(p["AutoScalingGroups"]) for p in asg.get_paginator("describe_auto_scaling_groups").paginate()]
    assert pages == [50, 8]  # the API really paged, so the collector had to follow NextToken

    assert verdicts(moto_account.scan("asg-launch-template", regions=[EAST])) == expected


def test_groups_in_several_regions_are_judged_where_they_live(moto_account):
    east, west = moto_account.client("autoscaling", EAST), moto_account.client("autoscaling", WEST)
    _lc(east, "web-lc")
    _group(east, "web-asg", LaunchConfigurationName="web-lc")
    _lt(moto_account, WEST)
    _group(west, "web-asg", zones=("eu-west-1a", "eu-west-1b"), LaunchTemplate={"LaunchTemplateName": "web-lt"})

    results = moto_account.scan("asg-launch-template")

    assert verdicts(results, by_region=True) == {"us-east-1/web-asg": "FAIL", "eu-west-1/web-asg": "PASS"}


def test_group_being_deleted_is_skipped_and_group_without_launch_source_is_error():
    inv = inventory_from({"autoscaling:groups": [
        _asg("going-away", Status="Delete in progress", LaunchTemplate=None, LaunchConfigurationName="old-lc"),
        _asg("mystery", LaunchTemplate=None),
        _asg("legacy", LaunchTemplate=None, LaunchConfigurationName="old-lc"),
    ]})
    results = run_check("asg-launch-template", inv)
    assert verdicts(results) == {"mystery": "ERROR", "legacy": "FAIL"}
    assert "neither a launch template nor a launch configuration" in messages(results)["mystery"]


def test_access_denied_on_groups_is_an_error_not_a_pass():
    inv = inventory_from({}, errors={"autoscaling:groups": "AccessDenied on DescribeAutoScalingGroups"})
    assert verdicts(run_check("asg-launch-template", inv)) == {"ERROR:us-east-1": "ERROR"}


# -- asg-multi-az (ASG002) ------------------------------------------------------------------------------
def test_single_az_group_fails_multi_az_passes_including_empty_groups(moto_account):
    asg = moto_account.client("autoscaling")
    _lt(moto_account)
    template = {"LaunchTemplate": {"LaunchTemplateName": "web-lt"}}
    single = _group(asg, "batch-asg", zones=("us-east-1a",), **template)
    double = _group(asg, "web-asg", zones=("us-east-1a", "us-east-1b"), **template)
    triple = _group(asg, "api-asg", zones=("us-east-1a", "us-east-1b", "us-east-1c"), **template)

    results = moto_account.scan("asg-multi-az", regions=[EAST])
    assert verdicts(results) == {single: "FAIL", double: "PASS", triple: "PASS"}
    assert "an outage of us-east-1a takes all its capacity" in messages(results)[single]

    stricter = moto_account.scan("asg-multi-az", regions=[EAST], params={"min_azs": 3})
    assert verdicts(stricter) == {single: "FAIL", double: "FAIL", triple: "PASS"}


def test_subnet_based_group_counts_the_subnets_zones(moto_account):
    ec2, asg = moto_account.client("ec2"), moto_account.client("autoscaling")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    a = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    a2 = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.2.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    b = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.3.0/24", AvailabilityZone="us-east-1b")["Subnet"]["SubnetId"]
    _lt(moto_account)
    for name, subnets in (("two-subnets-one-az", f"{a},{a2}"), ("two-azs", f"{a},{b}")):
        asg.create_auto_scaling_group(AutoScalingGroupName=name, MinSize=0, MaxSize=2, VPCZoneIdentifier=subnets,
                                      LaunchTemplate={"LaunchTemplateName": "web-lt"})
    assert verdicts(moto_account.scan("asg-multi-az", regions=[EAST])) == {
        "two-subnets-one-az": "FAIL", "two-azs": "PASS"}


def test_group_reporting_no_zones_is_an_error():
    inv = inventory_from({"autoscaling:groups": [_asg("odd", AvailabilityZones=[]),
                                                 _asg("gone", AvailabilityZones=[], Status="Delete in progress")]})
    assert verdicts(run_check("asg-multi-az", inv)) == {"odd": "ERROR"}


# -- asg-elb-health-check (ASG003) ------------------------------------------------------------------------
def test_target_group_with_ec2_health_check_fails_elb_passes_no_load_balancer_skipped(moto_account):
    ec2, asg, elbv2 = moto_account.client("ec2"), moto_account.client("autoscaling"), moto_account.client("elbv2")
    vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
    tg = elbv2.create_target_group(Name="web-tg", Protocol="HTTP", Port=80, VpcId=vpc)["TargetGroups"][0]["TargetGroupArn"]
    _lt(moto_account)
    template = {"LaunchTemplate": {"LaunchTemplateName": "web-lt"}}
    ec2_only = _group(asg, "admin-asg", TargetGroupARNs=[tg], **template)  # HealthCheckType defaults to EC2
    elb = _group(asg, "web-asg", TargetGroupARNs=[tg], HealthCheckType="ELB", HealthCheckGracePeriod=300, **template)
    _group(asg, "worker-asg", **template)  # no load balancer: not evaluated

    results = moto_account.scan("asg-elb-health-check", regions=[EAST])

    assert verdicts(results) == {ec2_only: "FAIL", elb: "PASS"}
    assert "attached to web-tg but uses only EC2 health checks" in messages(results)[ec2_only]


def test_classic_load_balancers_traffic_sources_and_combined_health_check_types():
    inv = inventory_from({"autoscaling:groups": [
        _asg("classic-ec2", LoadBalancerNames=["legacy-clb"]),
        _asg("classic-elb", LoadBalancerNames=["legacy-clb"], HealthCheckType="ELB"),
        _asg("traffic-source", TrafficSources=[{"Identifier": "arn:aws:elasticloadbalancing:us-east-1:123456789012:"
                                                "targetgroup/api-tg/abc", "Type": "elbv2"}]),
        _asg("combined", TargetGroupARNs=["arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/1"],
             HealthCheckType="EBS,ELB"),
        _asg("lattice-only", TrafficSources=[{"Identifier": "arn:aws:vpc-lattice:us-east-1:123456789012:"
                                              "targetgroup/tg-1", "Type": "vpc-lattice"}]),
        _asg("deleting", LoadBalancerNames=["legacy-clb"], Status="Delete in progress"),
    ]})
    results = run_check("asg-elb-health-check", inv)
    assert verdicts(results) == {"classic-ec2": "FAIL", "classic-elb": "PASS", "traffic-source": "FAIL", "combined": "PASS"}
    assert "api-tg" in messages(results)["traffic-source"]


# -- asg-scaling-policy (ASG004) --------------------------------------------------------------------------
def test_target_tracking_and_scheduled_actions_pass_none_fails_fixed_size_skipped(moto_account):
    asg = moto_account.client("autoscaling")
    _lt(moto_account)
    template = {"LaunchTemplate": {"LaunchTemplateName": "web-lt"}}
    tracked = _group(asg, "web-asg", size=(1, 6), **template)
    asg.put_scaling_policy(AutoScalingGroupName=tracked, PolicyName="cpu50", PolicyType="TargetTrackingScaling",
                           TargetTrackingConfiguration=CPU50)
    scheduled = _group(asg, "reports-asg", size=(0, 4), **template)
    asg.put_scheduled_update_group_action(AutoScalingGroupName=scheduled, ScheduledActionName="business-hours",
                                          Recurrence="0 8 * * 1-5", DesiredCapacity=2)
    static = _group(asg, "admin-asg", size=(1, 4), **template)
    _group(asg, "bastion-asg", size=(1, 1), **template)  # fixed size: self-healing only, not evaluated

    results = moto_account.scan("asg-scaling-policy", regions=[EAST])
    assert verdicts(results) == {tracked: "PASS", scheduled: "PASS", static: "FAIL"}
    assert "MinSize 1, MaxSize 4" in messages(results)[static]
    assert "business-hours" in messages(results)[scheduled]

    strict = moto_account.scan("asg-scaling-policy", regions=[EAST], params={"count_scheduled_actions": False})
    assert verdicts(strict) == {tracked: "PASS", scheduled: "FAIL", static: "FAIL"}


def test_policies_that_cannot_fire_do_not_count():
    def policy(group, name, kind, **fields):
        return {"AutoScalingGroupName": group, "PolicyName": name, "PolicyType": kind, "Enabled": True, **fields}

    inv = inventory_from({
        "autoscaling:groups": [_asg(n) for n in ("disabled", "forecast-only", "predictive", "step-alarm",
                                                 "step-no-alarm", "step-unknown", "simple-alarm")],
        "autoscaling:policies": [
            policy("disabled", "cpu", "TargetTrackingScaling", Enabled=False),
            policy("forecast-only", "pred", "PredictiveScaling", PredictiveScalingConfiguration={"Mode": "ForecastOnly"}),
            policy("predictive", "pred", "PredictiveScaling",
                   PredictiveScalingConfiguration={"Mode": "ForecastAndScale"}),
            policy("step-alarm", "up", "StepScaling", Alarms=[{"AlarmName": "cpu-high", "AlarmARN": "arn:a"}]),
            policy("step-no-alarm", "up", "StepScaling", Alarms=[]),
            policy("step-unknown", "up", "StepScaling"),  # Alarms missing: cannot judge
            policy("simple-alarm", "up", "SimpleScaling", Alarms=[{"AlarmName": "q", "AlarmARN": "arn:b"}]),
        ],
    })
    results = run_check("asg-scaling-policy", inv)
    assert verdicts(results) == {"disabled": "FAIL", "forecast-only": "FAIL", "predictive": "PASS", "step-alarm": "PASS",
                                 "step-no-alarm": "FAIL", "step-unknown": "ERROR", "simple-alarm": "PASS"}
    text = messages(results)
    assert "cpu (disabled)" in text["disabled"]
    assert "ForecastOnly mode" in text["forecast-only"]
    assert "no CloudWatch alarm invokes it" in text["step-no-alarm"]


def test_policies_on_a_second_describe_policies_page_are_read():
    """describe_policies pages at 50; the real collector must follow NextToken (Stubber, AWS-shaped pages)."""
    def policy(name, kind, **fields):
        return {"AutoScalingGroupName": "web-asg", "PolicyName": name, "PolicyType": kind, "Enabled": True,
                "PolicyARN": f"arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:uuid:autoScalingGroupName/"
                f"web-asg:policyName/{name}", **fields}

    group = {**_asg("web-asg"), "CreatedTime": NOW, "DefaultCooldown": 300, "HealthCheckGracePeriod": 300}
    inv = collect_stubbed(["autoscaling:groups", "autoscaling:policies", "autoscaling:scheduled_actions"], {
        ("autoscaling", EAST): [
            ("describe_auto_scaling_groups", {"AutoScalingGroups": [group]}),
            ("describe_policies", {"ScalingPolicies": [policy("old-step", "StepScaling", Alarms=[])], "NextToken": "p2"}),
            ("describe_policies", {"ScalingPolicies": [policy("cpu50", "TargetTrackingScaling", Alarms=[])]}),
            ("describe_scheduled_actions", {"ScheduledUpdateGroupActions": []}),
        ]})
    results = run_check("asg-scaling-policy", inv)
    assert verdicts(results) == {"web-asg": "PASS"}
    assert "cpu50 (target tracking)" in messages(results)["web-asg"]


# -- asg-unused-launch-configuration (ASG005) ------------------------------------------------------------
def test_unused_launch_configuration_fails_used_one_passes_per_region(moto_account):
    east, west = moto_account.client("autoscaling", EAST), moto_account.client("autoscaling", WEST)
    _lc(east, "batch-lc")
    _group(east, "batch-asg", LaunchConfigurationName="batch-lc")
    _lc(east, "web-lc-2019")
    _lc(west, "batch-lc")  # same name, other region: the east group does not use it
    _group(west, "dr-asg", zones=("eu-west-1a", "eu-west-1b"), LaunchTemplate={"LaunchTemplateName": _lt(moto_account, WEST)})

    results = moto_account.scan("asg-unused-launch-configuration", now=NOW)

    assert verdicts(results, by_region=True) == {
        "us-east-1/batch-lc": "PASS", "us-east-1/web-lc-2019": "FAIL", "eu-west-1/batch-lc": "FAIL"}
    failing = next(r for r in results if r.resource_id == "web-lc-2019")
    assert "not used by any Auto Scaling group in us-east-1" in failing.message
    assert failing.resource_arn.startswith("arn:aws:autoscaling:us-east-1:123456789012:launchConfiguration:")
    assert failing.resource_type == "AWS::AutoScaling::LaunchConfiguration"


def test_group_being_deleted_still_counts_as_a_user():
    inv = inventory_from({
        "autoscaling:groups": [_asg("old", LaunchTemplate=None, LaunchConfigurationName="old-lc",
                                    Status="Delete in progress")],
        "autoscaling:launch_configurations": [{"LaunchConfigurationName": "old-lc", "ImageId": AMI,
                                               "InstanceType": "t3.micro"}],
    })
    assert verdicts(run_check("asg-unused-launch-configuration", inv)) == {"old-lc": "PASS"}


# -- asg-spot-only (ASG010) -----------------------------------------------------------------------------
def test_all_spot_fails_on_demand_base_or_defaults_pass_direct_template_skipped(moto_account):
    asg = moto_account.client("autoscaling")
    template = _lt(moto_account)
    spot = _group(asg, "resize-asg", MixedInstancesPolicy=_mixed(template, base=0, above=0,
                                                                 SpotAllocationStrategy="price-capacity-optimized"))
    based = _group(asg, "api-asg", MixedInstancesPolicy=_mixed(template, base=1, above=0))
    defaults = _group(asg, "web-asg", MixedInstancesPolicy=_mixed(template))  # no distribution: 100% On-Demand
    _lc(asg, "spot-lc", SpotPrice="0.02")
    spot_lc = _group(asg, "batch-asg", LaunchConfigurationName="spot-lc")
    _lc(asg, "od-lc")
    od_lc = _group(asg, "legacy-asg", LaunchConfigurationName="od-lc")
    _group(asg, "direct-asg", LaunchTemplate={"LaunchTemplateName": template})  # market type lives in the template

    results = moto_account.scan("asg-spot-only", regions=[EAST])

    assert verdicts(results) == {spot: "FAIL", based: "PASS", defaults: "PASS", spot_lc: "FAIL", od_lc: "PASS"}
    text = messages(results)
    assert "100% Spot" in text[spot]
    assert "SpotPrice 0.02" in text[spot_lc]
    assert "base 1" in text[based]


def test_missing_launch_configuration_is_an_error():
    inv = inventory_from({"autoscaling:groups": [_asg("orphan", LaunchTemplate=None, LaunchConfigurationName="gone-lc")],
                          "autoscaling:launch_configurations": []})
    assert verdicts(run_check("asg-spot-only", inv)) == {"orphan": "ERROR"}


# -- the demo account -------------------------------------------------------------------------------------
def test_demo_account_shows_a_failure_and_a_pass_for_every_autoscaling_check(demo_scan):
    expected = {
        "asg-launch-template": ({"shop-legacy-batch-asg"}, {"shop-web-asg", "shop-api-asg", "shop-dr-web-asg"}),
        "asg-multi-az": ({"shop-legacy-batch-asg"}, {"shop-web-asg"}),
        "asg-elb-health-check": ({"shop-admin-asg"}, {"shop-web-asg"}),
        "asg-scaling-policy": ({"shop-admin-asg"}, {"shop-web-asg", "shop-api-asg"}),
        "asg-unused-launch-configuration": ({"shop-web-lc-2019"}, {"shop-legacy-batch-lc"}),
        "asg-spot-only": ({"shop-image-resize-asg"}, {"shop-api-asg", "shop-legacy-batch-asg"}),
    }
    for check, (failing, passing) in expected.items():
        found = verdicts(demo_results(demo_scan, check))  # demo names are unique across both regions
        assert {k for k, v in found.items() if v == "FAIL"} == failing, check
        assert passing <= {k for k, v in found.items() if v == "PASS"}, check
        assert "ERROR" not in found.values(), check


# -- auxiliary sources are read only when a resource needs them ---------------------------------------------------
def test_scaling_policy_check_needs_no_policies_when_there_is_no_group():
    inv = inventory_from({"autoscaling:groups": []},
                         errors={"autoscaling:policies": "AccessDenied on DescribePolicies"})
    assert verdicts(run_check("asg-scaling-policy", inv)) == {}


def test_unused_launch_configuration_check_needs_no_groups_when_there_is_no_configuration():
    inv = inventory_from({"autoscaling:launch_configurations": []},
                         errors={"autoscaling:groups": "AccessDenied on DescribeAutoScalingGroups"})
    assert verdicts(run_check("asg-unused-launch-configuration", inv)) == {}


def test_spot_only_check_needs_no_launch_configurations_when_there_is_no_group():
    inv = inventory_from({"autoscaling:groups": []},
                         errors={"autoscaling:launch_configurations": "AccessDenied on DescribeLaunchConfigurations"})
    assert verdicts(run_check("asg-spot-only", inv)) == {}
