"""ELB checks (Elastic Load Balancing, Day 8) on moto and on plain API-shaped data.

moto quirks (MOTO-NOTES.md #15): a one-subnet ALB is accepted (AWS rejects it; NLBs are used for
single-AZ fixtures); a subnet-based Classic Load Balancer comes back with AvailabilityZones []
(the check derives AZs from its subnets); NLB/GWLB ARNs use 'app/' (harmless).
"""

import pytest

from awslint.testing import collect_stubbed, inventory_from, messages, run_check, verdicts

CLASSIC = "elb-classic-in-use"
V2_MULTI_AZ = "elbv2-multi-az"
CLB_MULTI_AZ = "clb-multi-az"
NLB_CROSS = "nlb-cross-zone"
REDIRECT = "alb-http-to-https-redirect"
HEALTH = "elbv2-target-group-health-check"
CLB_CROSS = "clb-cross-zone"
LB_CHECKS = (CLASSIC, V2_MULTI_AZ, CLB_MULTI_AZ, NLB_CROSS, REDIRECT, HEALTH, CLB_CROSS)
LISTENERS = [{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstanceProtocol": "HTTP", "InstancePort": 80}]


@pytest.fixture
def vpc(moto_account):
    """A VPC with subnets in three AZs of us-east-1: {"vpc": id, "a": subnet, "b": subnet, "c": subnet}."""
    ec2 = moto_account.client("ec2")
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    out = {"vpc": vpc_id}
    for index, az in enumerate("abc"):
        out[az] = ec2.create_subnet(VpcId=vpc_id, CidrBlock=f"10.0.{index}.0/24",
                                    AvailabilityZone=f"us-east-1{az}")["Subnet"]["SubnetId"]
    return out


def _lb(v2, name, subnets, lb_type="application", scheme="internet-facing"):
    return v2.create_load_balancer(Name=name, Subnets=subnets, Type=lb_type,
                                   Scheme=scheme)["LoadBalancers"][0]["LoadBalancerArn"]


def _tg(v2, name, vpc_id, protocol="HTTP", **health):
    return v2.create_target_group(Name=name, Protocol=protocol, Port=80, VpcId=vpc_id,
                                  **health)["TargetGroups"][0]["TargetGroupArn"]


def _forward(v2, lb, tg, protocol="HTTP", port=80):
    v2.create_listener(LoadBalancerArn=lb, Protocol=protocol, Port=port,
                       DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])


# -- elb-classic-in-use ----------------------------------------------------------------------------
def test_every_classic_lb_fails_and_a_migrated_region_passes(moto_account, vpc):
    east_elb = moto_account.client("elb", "us-east-1")
    east_elb.create_load_balancer(LoadBalancerName="shop-legacy-clb", Listeners=LISTENERS, Subnets=[vpc["a"]])
    ec2 = moto_account.client("ec2", "eu-west-1")
    west_vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    west_subnets = [ec2.create_subnet(VpcId=west_vpc, CidrBlock=f"10.9.{i}.0/24",
                                      AvailabilityZone=f"eu-west-1{az}")["Subnet"]["SubnetId"]
                    for i, az in enumerate("ab")]
    _lb(moto_account.client("elbv2", "eu-west-1"), "shop-web-dr-alb", west_subnets)

    results = moto_account.scan(CLASSIC)

    assert verdicts(results, by_region=True) == {"us-east-1/shop-legacy-clb": "FAIL", "eu-west-1/eu-west-1": "PASS"}
    by_id = {r.resource_id: r for r in results}
    assert "no registered instances: delete it" in by_id["shop-legacy-clb"].message
    assert "/month" in by_id["shop-legacy-clb"].message
    assert by_id["shop-legacy-clb"].resource_arn == \
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/shop-legacy-clb"


def test_a_region_without_any_load_balancer_is_not_evaluated():
    inv = inventory_from({"elb:load_balancers": [], "elbv2:load_balancers": []})
    assert verdicts(run_check(CLASSIC, inv)) == {}


# -- clb-multi-az and clb-cross-zone -----------------------------------------------------------------
def test_classic_lb_azs_come_from_subnets_and_cross_zone_attribute(moto_account, vpc):
    elb = moto_account.client("elb")
    elb.create_load_balancer(LoadBalancerName="one-az", Listeners=LISTENERS, Subnets=[vpc["a"]])
    elb.create_load_balancer(LoadBalancerName="two-az", Listeners=LISTENERS, Subnets=[vpc["a"], vpc["b"]])
    elb.modify_load_balancer_attributes(LoadBalancerName="two-az",
                                        LoadBalancerAttributes={"CrossZoneLoadBalancing": {"Enabled": True}})

    multi = moto_account.scan(CLB_MULTI_AZ, regions=["us-east-1"])
    assert verdicts(multi) == {"one-az": "FAIL", "two-az": "PASS"}
    assert "us-east-1a, us-east-1b" in messages(multi)["two-az"]
    assert verdicts(moto_account.scan(CLB_MULTI_AZ, regions=["us-east-1"], params={"min_azs": 3})) == {
        "one-az": "FAIL", "two-az": "FAIL"}
    assert verdicts(moto_account.scan(CLB_CROSS, regions=["us-east-1"])) == {"one-az": "FAIL", "two-az": "PASS"}


def test_classic_lb_with_unknown_subnets_is_an_error_and_zone_list_is_used():
    inv = inventory_from({"elb:load_balancers": [
        {"LoadBalancerName": "ghost", "AvailabilityZones": [], "Subnets": ["subnet-gone"]},
        {"LoadBalancerName": "classic-ec2", "AvailabilityZones": ["us-east-1a", "us-east-1c"], "Subnets": []}]})
    assert verdicts(run_check(CLB_MULTI_AZ, inv)) == {"ghost": "ERROR", "classic-ec2": "PASS"}
    attrs = inventory_from({"elb:load_balancer_attributes": [
        {"LoadBalancerName": "deleted-mid-scan", "_attributes": None},
        {"LoadBalancerName": "no-field", "_attributes": {"AccessLog": {"Enabled": False}}}]})
    assert verdicts(run_check(CLB_CROSS, attrs)) == {"no-field": "ERROR"}


# -- elbv2-multi-az ------------------------------------------------------------------------------
def test_single_az_nlb_and_gwlb_fail_multi_az_alb_passes(moto_account, vpc):
    v2 = moto_account.client("elbv2")
    _lb(v2, "shop-web-alb", [vpc["a"], vpc["b"]])
    _lb(v2, "shop-payments-nlb", [vpc["a"]], "network", "internal")
    _lb(v2, "shop-inspection-gwlb", [vpc["c"]], "gateway")

    results = moto_account.scan(V2_MULTI_AZ, regions=["us-east-1"])

    assert verdicts(results) == {"shop-web-alb": "PASS", "shop-payments-nlb": "FAIL", "shop-inspection-gwlb": "FAIL"}
    assert "one static IP per AZ" in messages(results)["shop-payments-nlb"]
    assert "GWLB shop-inspection-gwlb" in messages(results)["shop-inspection-gwlb"]


def test_failed_and_outpost_load_balancers_are_skipped():
    inv = inventory_from({"elbv2:load_balancers": [
        {"LoadBalancerName": "broken", "Type": "application", "State": {"Code": "failed"},
         "AvailabilityZones": [{"ZoneName": "us-east-1a"}]},
        {"LoadBalancerName": "on-prem", "Type": "application", "State": {"Code": "active"},
         "AvailabilityZones": [{"ZoneName": "us-east-1a", "OutpostId": "op-0123456789abcdef0"}]},
        {"LoadBalancerName": "nozones", "Type": "network", "State": {"Code": "active"}}]})
    assert verdicts(run_check(V2_MULTI_AZ, inv)) == {"nozones": "ERROR"}


# -- nlb-cross-zone ------------------------------------------------------------------------------
def test_nlb_cross_zone_from_lb_or_every_target_group(moto_account, vpc):
    v2 = moto_account.client("elbv2")
    two_az = [vpc["a"], vpc["b"]]
    on = _lb(v2, "nlb-on", two_az, "network")
    v2.modify_load_balancer_attributes(LoadBalancerArn=on, Attributes=[
        {"Key": "load_balancing.cross_zone.enabled", "Value": "true"}])
    off = _lb(v2, "nlb-off", two_az, "network")
    _forward(v2, off, _tg(v2, "off-tg", vpc["vpc"], "TCP"), "TCP")
    by_tg = _lb(v2, "nlb-tg-override", two_az, "network")
    override = _tg(v2, "override-tg", vpc["vpc"], "TCP")
    v2.modify_target_group_attributes(TargetGroupArn=override, Attributes=[
        {"Key": "load_balancing.cross_zone.enabled", "Value": "true"}])
    _forward(v2, by_tg, override, "TCP")
    partly = _lb(v2, "nlb-partly", two_az, "network")
    _forward(v2, partly, override, "TCP", 443)
    _forward(v2, partly, _tg(v2, "zonal-tg", vpc["vpc"], "TCP"), "TCP", 8443)
    _lb(v2, "nlb-one-az", [vpc["a"]], "network")  # cross-zone has no effect in one AZ: skipped
    _lb(v2, "shop-web-alb", two_az)  # ALBs are always cross-zone: skipped

    results = moto_account.scan(NLB_CROSS, regions=["us-east-1"])

    assert verdicts(results) == {"nlb-on": "PASS", "nlb-off": "FAIL", "nlb-tg-override": "PASS", "nlb-partly": "FAIL"}
    assert "zonal-tg" in messages(results)["nlb-partly"] and "override-tg" not in messages(results)["nlb-partly"]
    assert results[0].severity.value == "info"


def test_nlb_cross_zone_on_but_a_target_group_turns_it_off_fails():
    """Target-group attribute 'false' overrides the load balancer's 'true' for that group (AWS NLB docs)."""
    def nlb(name, value):
        return {"LoadBalancerName": name, "LoadBalancerArn": f"arn:nlb/{name}", "Type": "network",
                "State": {"Code": "active"}, "AvailabilityZones": [{"ZoneName": "us-east-1a"}, {"ZoneName": "us-east-1b"}],
                "_attributes": [{"Key": "load_balancing.cross_zone.enabled", "Value": value}]}

    def tg(name, lb, value):
        return {"TargetGroupName": name, "LoadBalancerArns": [f"arn:nlb/{lb}"],
                "_attributes": [{"Key": "load_balancing.cross_zone.enabled", "Value": value}]}

    inv = inventory_from({
        "elbv2:load_balancer_attributes": [nlb("nlb-mixed", "true"), nlb("nlb-inherit", "true")],
        "elbv2:target_group_attributes": [tg("zonal-tg", "nlb-mixed", "false"), tg("ok-tg", "nlb-mixed", "true"),
                                          tg("inherit-tg", "nlb-inherit", "use_load_balancer_configuration")]})
    results = run_check(NLB_CROSS, inv)
    assert verdicts(results) == {"nlb-mixed": "FAIL", "nlb-inherit": "PASS"}
    assert "zonal-tg" in messages(results)["nlb-mixed"] and "ok-tg" not in messages(results)["nlb-mixed"]


# -- alb-http-to-https-redirect ------------------------------------------------------------------
def test_http_listeners_must_redirect_to_https(moto_account, vpc):
    v2 = moto_account.client("elbv2")
    subnets = [vpc["a"], vpc["b"]]
    tg = _tg(v2, "web-tg", vpc["vpc"])
    redirecting = _lb(v2, "shop-web-alb", subnets)
    v2.create_listener(LoadBalancerArn=redirecting, Protocol="HTTP", Port=80, DefaultActions=[
        {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}])
    forwarding = _lb(v2, "shop-admin-alb", subnets, scheme="internal")
    _forward(v2, forwarding, tg)
    same_protocol = _lb(v2, "shop-moved-alb", subnets)
    v2.create_listener(LoadBalancerArn=same_protocol, Protocol="HTTP", Port=80, DefaultActions=[
        {"Type": "redirect", "RedirectConfig": {"Host": "new.shop.example", "StatusCode": "HTTP_302"}}])
    _lb(v2, "shop-empty-alb", subnets)
    nlb = _lb(v2, "shop-nlb", subnets, "network")
    _forward(v2, nlb, _tg(v2, "tcp-tg", vpc["vpc"], "TCP"), "TCP")  # not an ALB: skipped

    results = moto_account.scan(REDIRECT, regions=["us-east-1"])

    assert verdicts(results) == {"shop-web-alb": "PASS", "shop-admin-alb": "FAIL", "shop-moved-alb": "FAIL",
                                 "shop-empty-alb": "PASS"}
    assert "HTTP:80 (forward)" in messages(results)["shop-admin-alb"]
    internal_skipped = moto_account.scan(REDIRECT, regions=["us-east-1"], params={"include_internal": False})
    assert "shop-admin-alb" not in verdicts(internal_skipped)


def test_http_listener_on_a_second_describe_listeners_page_is_judged():
    """describe_listeners pages (NextMarker) per load balancer; the real collector follows it (Stubber)."""
    arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop-web-alb/50dc6c495c0c9188"

    def listener(port, protocol, action):
        return {"ListenerArn": f"{arn.replace(':loadbalancer/', ':listener/')}/{port}", "LoadBalancerArn": arn,
                "Port": port, "Protocol": protocol, "DefaultActions": [action]}

    forward = {"Type": "forward", "TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1"}
    lb = {"LoadBalancerArn": arn, "LoadBalancerName": "shop-web-alb", "Type": "application", "Scheme": "internet-facing",
          "State": {"Code": "active"}, "AvailabilityZones": [{"ZoneName": "us-east-1a"}, {"ZoneName": "us-east-1b"}]}
    inv = collect_stubbed(["elbv2:load_balancer_listeners"], {("elbv2", "us-east-1"): [
        ("describe_load_balancers", {"LoadBalancers": [lb]}),
        ("describe_listeners", {"Listeners": [listener(443, "HTTPS", forward)], "NextMarker": "m2"}),
        ("describe_listeners", {"Listeners": [listener(8080, "HTTP", forward)]}),
    ]})
    results = run_check(REDIRECT, inv)
    assert verdicts(results) == {"shop-web-alb": "FAIL"}
    assert "HTTP:8080 (forward)" in messages(results)["shop-web-alb"]


# -- elbv2-target-group-health-check -------------------------------------------------------------
def test_weak_health_checks_fail_with_every_reason(moto_account, vpc):
    v2 = moto_account.client("elbv2")
    alb = _lb(v2, "shop-web-alb", [vpc["a"], vpc["b"]])
    good = _tg(v2, "good-tg", vpc["vpc"], HealthCheckPath="/healthz", HealthCheckIntervalSeconds=15,
               UnhealthyThresholdCount=3, HealthyThresholdCount=3, Matcher={"HttpCode": "200-399"})
    slow = _tg(v2, "slow-tg", vpc["vpc"], HealthCheckIntervalSeconds=60, UnhealthyThresholdCount=5,
               HealthyThresholdCount=10)
    lenient = _tg(v2, "lenient-tg", vpc["vpc"], Matcher={"HttpCode": "200,502"})
    defaults = _tg(v2, "default-tg", vpc["vpc"])  # AWS defaults: 30s x 2 to detect, 30s x 5 to recover
    _tg(v2, "unattached-tg", vpc["vpc"], HealthCheckIntervalSeconds=300, UnhealthyThresholdCount=10)
    v2.create_target_group(Name="lambda-tg", TargetType="lambda")
    for port, tg in enumerate((good, slow, lenient, defaults), start=8080):
        _forward(v2, alb, tg, port=port)

    results = moto_account.scan(HEALTH, regions=["us-east-1"])

    # Unattached and Lambda target groups are not evaluated.
    assert verdicts(results) == {"good-tg": "PASS", "slow-tg": "FAIL", "lenient-tg": "FAIL", "default-tg": "PASS"}
    text = messages(results)
    assert "up to 300s" in text["slow-tg"] and "waits 600s" in text["slow-tg"]
    assert "'200,502' count 5xx" in text["lenient-tg"]
    relaxed = moto_account.scan(HEALTH, regions=["us-east-1"],
                                params={"max_detection_seconds": 300, "max_recovery_seconds": 600})
    assert verdicts(relaxed)["slow-tg"] == "PASS"


def test_health_check_missing_settings_is_an_error():
    inv = inventory_from({"elbv2:target_groups": [
        {"TargetGroupName": "partial", "LoadBalancerArns": ["arn:lb"], "TargetType": "instance",
         "HealthCheckIntervalSeconds": 30}]})
    assert verdicts(run_check(HEALTH, inv)) == {"partial": "ERROR"}


# -- demo ----------------------------------------------------------------------------------------
# -- auxiliary sources are read only when a resource needs them ---------------------------------------------------
def test_clb_multi_az_needs_no_subnets_when_there_is_no_classic_load_balancer():
    inv = inventory_from({"elb:load_balancers": []}, errors={"ec2:subnets": "UnauthorizedOperation on DescribeSubnets"})
    assert verdicts(run_check(CLB_MULTI_AZ, inv)) == {}


def test_classic_in_use_fails_classic_load_balancers_without_reading_the_v2_list():
    """The ALB/NLB list only backs the region-level PASS: a Classic LB fails without it."""
    inv = inventory_from({"elb:load_balancers": [{"LoadBalancerName": "legacy"}]},
                         errors={"elbv2:load_balancers": "AccessDenied on DescribeLoadBalancers"})
    assert verdicts(run_check(CLASSIC, inv)) == {"legacy": "FAIL"}
