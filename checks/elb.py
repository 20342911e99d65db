"""ELB: Elastic Load Balancing (Day 8: Load balancing), Classic and current-generation load balancers.

ALB (layer 7), NLB (layer 4) and GWLB (layer 3 appliances) are the current generation; the Classic
Load Balancer is the previous one, and the lesson is that a load balancer only removes a single point of
failure when it spans several Availability Zones, balances across them, sends users only to healthy
targets and never serves plain HTTP. Load balancers in the ``failed`` state are not evaluated (they serve
nothing; the source's identity leaves them out of ``inv.live``); ``provisioning``, ``active`` and
``active_impaired`` are. A load balancer or target group deleted between the list call and its follow-up
read (attributes, listeners) has no data and is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from awslint import Param, check, errored, failed, passed, pricing
from awslint.lessons import Lesson

V2_TYPE = "AWS::ElasticLoadBalancingV2::LoadBalancer"
CLB_TYPE = "AWS::ElasticLoadBalancing::LoadBalancer"
TG_TYPE = "AWS::ElasticLoadBalancingV2::TargetGroup"
KIND = {"application": "ALB", "network": "NLB", "gateway": "GWLB"}


def attribute(attributes: list[dict] | None, key: str) -> str | None:
    for item in attributes or []:
        if item.get("Key") == key:
            return item.get("Value")
    return None


def describe_v2(lb: dict) -> str:
    return f"{KIND.get(lb.get('Type', ''), lb.get('Type', 'load balancer'))} {lb.get('LoadBalancerName', '?')}"


# -- Classic Load Balancers -----------------------------------------------------------------------
@check(
    id="ELB001", name="elb-classic-in-use", severity="medium",
    title="Classic Load Balancer still in use",
    needs=("elb:load_balancers", "elbv2:load_balancers"),
    lesson=Lesson.LOAD_BALANCING, pillars=("operational", "performance", "security"), resource_type=CLB_TYPE,
    rationale="The Classic Load Balancer is the previous generation: no path or host routing, no HTTP/2 or gRPC, no "
              "WAF, no IP or Lambda targets, no TLS policies newer than 2016-era defaults, and every new feature "
              "lands only on ALB and NLB. AWS provides a migration wizard.",
    evaluates="Every Classic Load Balancer in the region FAILS, with its registered instance count (a CLB with no "
              "instances is a cost with no purpose: delete it). A region that has ALB/NLB/GWLB load balancers and "
              "no Classic Load Balancer gets one PASS (resource id = the region); regions with no load balancer at "
              "all are not evaluated.",
    remediation="Migrate to an Application Load Balancer (HTTP/HTTPS listeners) or a Network Load Balancer (TCP/SSL "
                "listeners), move DNS to it, then delete the CLB. Console: EC2 > Load balancers > select the "
                "Classic Load Balancer > Migrate > Launch ALB (or NLB) migration wizard. CLI: aws elbv2 "
                "create-load-balancer --name <name> --subnets <subnet-a> <subnet-b> --security-groups <sg>; aws "
                "elbv2 create-target-group ...; aws elbv2 register-targets ...; aws elbv2 create-listener ...; "
                "then aws elb delete-load-balancer --load-balancer-name <clb>.",
    references=(
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/migrate-classic-load-balancer.html",
        "https://aws.amazon.com/elasticloadbalancing/features/#Product_comparisons",
    ),
)
def elb_classic_in_use(inv, params) -> Iterator:
    """Classic Load Balancers miss every feature added since 2016; migrate them to ALB or NLB."""
    classic = inv.live("elb:load_balancers")
    for lb in classic:
        name = lb.get("LoadBalancerName", "?")
        count = len(lb.get("Instances") or [])
        if count:
            advice = (f"it serves {count} registered instance(s). Migrate it to an "
                      f"{'ALB' if _http_listeners(lb) else 'NLB'} with the ELB migration wizard, move DNS, then "
                      "delete it.")
        else:
            advice = (f"it has no registered instances: delete it (it still costs "
                      f"{pricing.monthly(pricing.clb_monthly_hours_cost())} in hourly charges alone).")
        yield failed(lb, f"Classic Load Balancer {name} is still in use; {advice}")
    if classic:
        return  # judged above: the ALB/NLB list only backs the region-level PASS
    current = inv["elbv2:load_balancers"]
    if current:
        yield passed(inv.region, f"{inv.region} runs {len(current)} ALB/NLB/GWLB load balancer(s) and no Classic "
                     "Load Balancer.", resource_type=CLB_TYPE)


def _http_listeners(lb: dict) -> bool:
    return any((d.get("Listener") or {}).get("Protocol", "").upper() in ("HTTP", "HTTPS")
               for d in lb.get("ListenerDescriptions") or [])


@check(
    id="ELB003", name="clb-multi-az", severity="high",
    title="Classic Load Balancer is in a single Availability Zone",
    needs=("elb:load_balancers", "ec2:subnets"),
    lesson=Lesson.LOAD_BALANCING, pillars=("reliability",), resource_type=CLB_TYPE,
    rationale="A load balancer enabled in one AZ cannot route around that AZ's failure: the whole application "
              "behind it goes down with the zone.",
    evaluates="Every Classic Load Balancer. Its AZs are the union of AvailabilityZones and the AZs of its Subnets "
              "(looked up in describe_subnets; moto leaves AvailabilityZones empty for subnet-based CLBs). PASS "
              "when it spans at least min_azs AZs; FAIL otherwise. ERROR when its AZs cannot be determined.",
    remediation="Enable the load balancer in another AZ (a subnet in another AZ for VPC CLBs) and register "
                "instances there. Console: EC2 > Load balancers > <clb> > Network mapping > Edit subnets. CLI: aws "
                "elb attach-load-balancer-to-subnets --load-balancer-name <clb> --subnets <subnet-in-other-az> "
                "(or enable-availability-zones-for-load-balancer for non-VPC). Better: migrate to an ALB/NLB.",
    references=(
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/enable-disable-az.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/clb-multiple-az.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html",
    ),
    config_rule="clb-multiple-az", security_hub="ELB.10",
    params={"min_azs": Param(2, "Minimum number of Availability Zones a load balancer must span")},
)
def clb_multi_az(inv, params) -> Iterator:
    """One AZ behind the load balancer means one AZ failure takes the application down."""
    lbs = inv.live("elb:load_balancers")
    if not lbs:
        return  # no Classic Load Balancer: the subnets need not be read
    subnet_az = {s.get("SubnetId"): s.get("AvailabilityZone") for s in inv["ec2:subnets"]}
    for lb in lbs:
        name = lb.get("LoadBalancerName", "?")
        azs = set(lb.get("AvailabilityZones") or [])
        unknown = [s for s in lb.get("Subnets") or [] if not subnet_az.get(s)]
        azs |= {subnet_az[s] for s in lb.get("Subnets") or [] if subnet_az.get(s)}
        if not azs:
            yield errored(lb, f"Classic Load Balancer {name}: no AvailabilityZones and subnets "
                          f"{', '.join(unknown) or 'none'} not found, so its AZs are unknown.")
        elif len(azs) >= params["min_azs"]:
            yield passed(lb, f"Classic Load Balancer {name} spans {len(azs)} AZs ({', '.join(sorted(azs))}).")
        else:
            yield failed(lb, f"Classic Load Balancer {name} spans only {', '.join(sorted(azs))} "
                         f"(minimum {params['min_azs']} AZs): an outage there takes down everything behind it. Attach "
                         "a subnet in another AZ with registered instances, or migrate to a multi-AZ ALB/NLB.")


@check(
    id="ELB007", name="clb-cross-zone", severity="low",
    title="Classic Load Balancer without cross-zone load balancing",
    needs=("elb:load_balancer_attributes",),
    lesson=Lesson.LOAD_BALANCING, pillars=("reliability", "performance"), resource_type=CLB_TYPE,
    rationale="Without cross-zone load balancing each AZ's load balancer node splits traffic only among its own "
              "AZ's instances, so uneven instance counts per AZ overload the smaller side.",
    evaluates="Every Classic Load Balancer, from DescribeLoadBalancerAttributes. PASS when "
              "CrossZoneLoadBalancing.Enabled is true; FAIL when false. ERROR when the attribute is missing. "
              "Load balancers deleted during the scan are skipped.",
    remediation="Enable cross-zone load balancing (no extra charge on a CLB). Console: EC2 > Load balancers > <clb> "
                "> Attributes > Edit > Cross-zone load balancing. CLI: aws elb modify-load-balancer-attributes "
                "--load-balancer-name <clb> --load-balancer-attributes "
                "'{\"CrossZoneLoadBalancing\":{\"Enabled\":true}}'.",
    references=(
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/enable-disable-crosszone-lb.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/elb-cross-zone-load-balancing-enabled.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html",
    ),
    config_rule="elb-cross-zone-load-balancing-enabled", security_hub="ELB.9",
)
def clb_cross_zone(inv, params) -> Iterator:
    """Zonal-only balancing overloads the AZ with fewer instances."""
    for lb in inv.live("elb:load_balancer_attributes"):
        attrs = lb.get("_attributes")
        if attrs is None:
            continue
        name = lb.get("LoadBalancerName", "?")
        enabled = (attrs.get("CrossZoneLoadBalancing") or {}).get("Enabled")
        if enabled is None:
            yield errored(lb, f"Classic Load Balancer {name}: CrossZoneLoadBalancing is missing from its "
                          "attributes.")
        elif enabled:
            yield passed(lb, f"Classic Load Balancer {name} has cross-zone load balancing enabled.")
        else:
            yield failed(lb, f"Classic Load Balancer {name} has cross-zone load balancing disabled: each AZ's "
                         "traffic share goes only to that AZ's instances. Enable it (free on a CLB) with "
                         "modify-load-balancer-attributes.")


# -- ALB / NLB / GWLB ------------------------------------------------------------------------------
@check(
    id="ELB002", name="elbv2-multi-az", severity="high",
    title="Application, Network or Gateway Load Balancer is in a single Availability Zone",
    needs=("elbv2:load_balancers",),
    lesson=Lesson.LOAD_BALANCING, pillars=("reliability",), resource_type=V2_TYPE,
    rationale="A load balancer mapped to one AZ has no node elsewhere: when that AZ fails, the endpoint stops "
              "answering even if targets survive in other AZs.",
    evaluates="Every ALB, NLB and GWLB not in the failed state, by the distinct ZoneName values of its "
              "AvailabilityZones. PASS when it spans at least min_azs AZs; FAIL otherwise. NLBs are judged like the "
              "others: a static-IP design does not need one AZ (an NLB takes one static or Elastic IP per AZ, so "
              "clients allow-list them all). Load balancers on AWS Outposts (subnets with an OutpostId) are skipped: "
              "an Outpost is one site by design.",
    remediation="Add a subnet in another AZ (with targets there). Console: EC2 > Load balancers > <lb> > Network "
                "mapping > Edit subnets. CLI: aws elbv2 set-subnets --load-balancer-arn <arn> --subnets "
                "<subnet-a> <subnet-b> (NLB with Elastic IPs: --subnet-mappings SubnetId=<id>,AllocationId=<eip>).",
    references=(
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-subnets.html",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/availability-zones.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/elbv2-multiple-az.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html",
    ),
    config_rule="elbv2-multiple-az", security_hub="ELB.13",
    params={"min_azs": Param(2, "Minimum number of Availability Zones a load balancer must span")},
)
def elbv2_multi_az(inv, params) -> Iterator:
    """A single-AZ load balancer is a single point of failure in front of a multi-AZ fleet."""
    current = [lb for lb in inv.live("elbv2:load_balancers") if lb.get("Type") in KIND]
    for lb in current:
        zones = lb.get("AvailabilityZones") or []
        if any(z.get("OutpostId") for z in zones):
            continue
        azs = sorted({z.get("ZoneName") for z in zones if z.get("ZoneName")})
        if not azs:
            yield errored(lb, f"{describe_v2(lb)} reports no Availability Zones.")
        elif len(azs) >= params["min_azs"]:
            yield passed(lb, f"{describe_v2(lb)} spans {len(azs)} AZs ({', '.join(azs)}).")
        else:
            extra = (" An NLB keeps one static IP per AZ, so adding AZs does not break static-IP allow-lists: add the "
                     "new IPs." if lb.get("Type") == "network" else "")
            yield failed(lb, f"{describe_v2(lb)} is mapped only to {', '.join(azs)} (minimum {params['min_azs']} "
                         "AZs): if that AZ fails, the endpoint stops answering. Add a subnet in another AZ with "
                         f"elbv2 set-subnets.{extra}")


def _targets_of(inv, lb_arn: str) -> list[dict]:
    return [tg for tg in inv["elbv2:target_group_attributes"] if lb_arn in (tg.get("LoadBalancerArns") or [])]


@check(
    id="ELB004", name="nlb-cross-zone", severity="info",
    title="Network Load Balancer without cross-zone load balancing",
    needs=("elbv2:load_balancer_attributes", "elbv2:target_group_attributes"),
    lesson=Lesson.LOAD_BALANCING, pillars=("reliability", "performance"), resource_type=V2_TYPE,
    rationale="NLBs balance within each AZ by default: each AZ's share of traffic goes only to that AZ's healthy "
              "targets, so an AZ with fewer (or no) healthy targets is overloaded (or black-holed for clients "
              "pinned to its IP). Cross-zone spreads traffic over all targets, at the price of inter-AZ data "
              "transfer charges, hence informational.",
    evaluates="Every NLB not in the failed state that spans at least two AZs (with one AZ the setting has no "
              "effect). Cross-zone is effective when the load balancer attribute load_balancing.cross_zone.enabled "
              "is true, or when every target group attached to it overrides it to true (target-group attribute). "
              "A target group's own value 'false' turns it off for that group even when the load balancer has it on "
              "('use_load_balancer_configuration', the default, inherits). PASS when effective for all its target "
              "groups; FAIL when off for the load balancer and not overridden by every target group, or when on "
              "for the load balancer but a target group turns it off (the message names the zonal target groups). "
              "ALBs are always cross-zone and GWLBs are not evaluated.",
    remediation="Enable cross-zone on the NLB, or on specific target groups. Console: EC2 > Load balancers > <nlb> > "
                "Attributes > Edit > Cross-zone load balancing (or Target groups > <tg> > Attributes). CLI: aws "
                "elbv2 modify-load-balancer-attributes --load-balancer-arn <arn> --attributes "
                "Key=load_balancing.cross_zone.enabled,Value=true; or aws elbv2 modify-target-group-attributes "
                "--target-group-arn <tg-arn> --attributes Key=load_balancing.cross_zone.enabled,Value=true. Keep "
                "target counts balanced per AZ if you leave it off to avoid inter-AZ charges.",
    references=(
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html#cross-zone-load-balancing",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html#cross-zone-load-balancing",
    ),
)
def nlb_cross_zone(inv, params) -> Iterator:
    """A zonal NLB overloads the AZ with the fewest healthy targets."""
    nlbs = [lb for lb in inv.live("elbv2:load_balancer_attributes") if lb.get("Type") == "network"]
    for lb in nlbs:
        attrs = lb.get("_attributes")
        zones = {z.get("ZoneName") for z in lb.get("AvailabilityZones") or [] if z.get("ZoneName")}
        if attrs is None or len(zones) < 2:
            continue
        name = lb.get("LoadBalancerName", "?")
        value = attribute(attrs, "load_balancing.cross_zone.enabled")
        if value is None:
            yield errored(lb, f"NLB {name}: load_balancing.cross_zone.enabled is missing from its attributes.")
            continue
        groups = [tg for tg in _targets_of(inv, lb.get("LoadBalancerArn")) if tg.get("_attributes") is not None]
        if value == "true":
            # A target group can turn it off for itself ("false"); "use_load_balancer_configuration" inherits.
            off = sorted(tg.get("TargetGroupName", "?") for tg in groups
                         if attribute(tg["_attributes"], "load_balancing.cross_zone.enabled") == "false")
            if off:
                yield failed(lb, f"NLB {name} has cross-zone load balancing on, but target group(s) "
                             f"{', '.join(off)} turn it off for themselves: each AZ's share of their traffic goes "
                             "only to that AZ's targets. Set their load_balancing.cross_zone.enabled to "
                             "use_load_balancer_configuration or true.")
            else:
                yield passed(lb, f"NLB {name} has cross-zone load balancing enabled.")
            continue
        zonal = sorted(tg.get("TargetGroupName", "?") for tg in groups
                       if attribute(tg["_attributes"], "load_balancing.cross_zone.enabled") != "true")
        if groups and not zonal:
            yield passed(lb, f"NLB {name}: cross-zone is off on the load balancer but every target group "
                         f"({', '.join(sorted(tg.get('TargetGroupName', '?') for tg in groups))}) turns it on.")
        else:
            which = f" for target group(s) {', '.join(zonal)}" if zonal else ""
            yield failed(lb, f"NLB {name} balances only within each AZ{which} (cross-zone off): an AZ with fewer "
                         "healthy targets gets the same share of traffic. Enable load_balancing.cross_zone.enabled "
                         "(inter-AZ data charges apply) or keep target counts equal per AZ.")


def _redirects_to_https(listener: dict) -> bool:
    return any(a.get("Type") == "redirect" and (a.get("RedirectConfig") or {}).get("Protocol") == "HTTPS"
               for a in listener.get("DefaultActions") or [])


@check(
    id="ELB005", name="alb-http-to-https-redirect", severity="medium",
    title="Application Load Balancer HTTP listener does not redirect to HTTPS",
    needs=("elbv2:load_balancer_listeners",),
    lesson=Lesson.LOAD_BALANCING, pillars=("security",), resource_type=V2_TYPE,
    rationale="An HTTP listener that forwards (instead of redirecting) serves pages, cookies and credentials in "
              "clear text; a redirect to HTTPS keeps old links working while every session is encrypted.",
    evaluates="Every ALB not in the failed state (internal ones too, unless include_internal is false), with its "
              "listeners. PASS when it has no HTTP listener, or every HTTP listener's default action redirects with "
              "Protocol HTTPS. FAIL when any HTTP listener's default action forwards, returns a fixed response or "
              "redirects to HTTP ('#{protocol}' keeps HTTP), naming the ports. Non-default listener rules are not "
              "inspected (a rule can still forward a path over HTTP). ALBs deleted during the scan are skipped.",
    remediation="Make each HTTP listener redirect to HTTPS (add an HTTPS:443 listener with an ACM certificate "
                "first). Console: EC2 > Load balancers > <alb> > Listeners > HTTP:80 > Edit > Default action: "
                "Redirect to URL, HTTPS, port 443, 301. CLI: aws elbv2 modify-listener --listener-arn <arn> "
                "--default-actions 'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}'.",
    references=(
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions",
        "https://docs.aws.amazon.com/config/latest/developerguide/alb-http-to-https-redirection-check.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html",
    ),
    config_rule="alb-http-to-https-redirection-check", security_hub="ELB.1",
    params={"include_internal": Param(True, "Also evaluate internal (VPC-only) ALBs")},
)
def alb_http_to_https_redirect(inv, params) -> Iterator:
    """Plain-HTTP listeners that serve content expose sessions; they should only redirect."""
    albs = [lb for lb in inv.live("elbv2:load_balancer_listeners") if lb.get("Type") == "application"]
    for lb in albs:
        listeners = lb.get("_listeners")
        if listeners is None or (lb.get("Scheme") == "internal" and not params["include_internal"]):
            continue
        name = lb.get("LoadBalancerName", "?")
        http = sorted((ls for ls in listeners if (ls.get("Protocol") or "").upper() == "HTTP"),
                      key=lambda ls: ls.get("Port") or 0)
        plain = [ls for ls in http if not _redirects_to_https(ls)]
        if plain:
            ports = ", ".join(f"HTTP:{ls.get('Port')} ({_action_summary(ls)})" for ls in plain)
            yield failed(lb, f"ALB {name} ({lb.get('Scheme', '?')}) serves plain HTTP on {ports}. Make the default "
                         "action a redirect to HTTPS:443 (HTTP_301) after adding an HTTPS listener.")
        elif http:
            yield passed(lb, f"ALB {name}: its HTTP listener(s) on port(s) {', '.join(str(ls.get('Port')) for ls in http)} "
                         "redirect to HTTPS.")
        else:
            yield passed(lb, f"ALB {name} has no plain-HTTP listener.")


def _action_summary(listener: dict) -> str:
    actions = listener.get("DefaultActions") or []
    return "+".join(a.get("Type", "?") for a in actions) or "no default action"


_CODE_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+))?\s*$")


def accepts_server_errors(http_code: str | None) -> bool:
    """True when a matcher such as '200-599' or '200,503' treats a 5xx response as healthy."""
    for part in (http_code or "").split(","):
        match = _CODE_RANGE.match(part)
        if match:
            high = int(match.group(2) or match.group(1))
            if high >= 500:
                return True
    return False


def health_check_weaknesses(tg: dict, params: dict) -> list[str] | None:
    """The reasons a target group's health check is weak, or None when its settings are missing."""
    interval = tg.get("HealthCheckIntervalSeconds")
    unhealthy = tg.get("UnhealthyThresholdCount")
    healthy = tg.get("HealthyThresholdCount")
    if tg.get("HealthCheckEnabled") is False:
        return ["health checks are disabled, so failed targets keep receiving traffic"]
    if not (isinstance(interval, int) and isinstance(unhealthy, int) and isinstance(healthy, int)):
        return None
    reasons = []
    if interval * unhealthy > params["max_detection_seconds"]:
        reasons.append(f"a failed target keeps traffic for up to {interval * unhealthy}s ({interval}s interval x "
                       f"{unhealthy} unhealthy checks; maximum {params['max_detection_seconds']}s)")
    if interval * healthy > params["max_recovery_seconds"]:
        reasons.append(f"a new or recovered target waits {interval * healthy}s before receiving traffic ({interval}s x "
                       f"{healthy} healthy checks; maximum {params['max_recovery_seconds']}s)")
    matcher = (tg.get("Matcher") or {}).get("HttpCode")
    if accepts_server_errors(matcher):
        reasons.append(f"the success codes '{matcher}' count 5xx server errors as healthy")
    return reasons


@check(
    id="ELB006", name="elbv2-target-group-health-check", severity="medium",
    title="Target group health check is too slow or too lenient to catch failed targets",
    needs=("elbv2:target_groups",),
    lesson=Lesson.LOAD_BALANCING, pillars=("reliability",), resource_type=TG_TYPE,
    rationale="The health check decides how fast a broken target stops receiving traffic. Long intervals times "
              "high thresholds leave users hitting a dead target for minutes, and a matcher that accepts 5xx "
              "responses never marks a failing application unhealthy.",
    evaluates="Every target group attached to at least one load balancer, except Lambda target groups (their "
              "health checks are optional and off by default). FAIL when health checks are disabled; when "
              "interval x unhealthy threshold exceeds max_detection_seconds (AWS defaults give 60s for ALB and NLB "
              "target groups); when interval x healthy threshold exceeds max_recovery_seconds; or when the HTTP "
              "success-code matcher accepts any 5xx code. PASS otherwise. The path is not judged ('/' may or may "
              "not be lightweight: use a dedicated endpoint that checks dependencies cheaply), nor are TCP "
              "health checks on NLB target groups (the default). ERROR when the interval or thresholds are missing.",
    remediation="Tighten the health check: interval 10-30s, unhealthy threshold 2-3, healthy threshold 2-5, success "
                "codes 200-399 at most, on a lightweight path such as /healthz. Console: EC2 > Target groups > <tg> "
                "> Health checks > Edit. CLI: aws elbv2 modify-target-group --target-group-arn <arn> "
                "--health-check-interval-seconds 15 --unhealthy-threshold-count 3 --healthy-threshold-count 3 "
                "--health-check-path /healthz --matcher HttpCode=200-399.",
    references=(
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health-checks.html",
        "https://aws.amazon.com/builders-library/implementing-health-checks/",
    ),
    params={
        "max_detection_seconds": Param(90, "Longest acceptable time (interval x unhealthy threshold) before a failed "
                                           "target is taken out of service"),
        "max_recovery_seconds": Param(300, "Longest acceptable time (interval x healthy threshold) before a new or "
                                           "recovered target receives traffic"),
    },
)
def elbv2_target_group_health_check(inv, params) -> Iterator:
    """Slow or lenient health checks keep sending users to broken targets."""
    for tg in inv.live("elbv2:target_groups"):
        if not tg.get("LoadBalancerArns") or tg.get("TargetType") == "lambda":
            continue
        name = tg.get("TargetGroupName", "?")
        reasons = health_check_weaknesses(tg, params)
        if reasons is None:
            yield errored(tg, f"Target group {name}: health check interval or thresholds are missing from the API "
                          "data.")
        elif reasons:
            yield failed(tg, f"Target group {name} has a weak health check: {'; '.join(reasons)}. Use an interval of "
                         "10-30s, 2-3 unhealthy checks, success codes 200-399 and a lightweight path.")
        else:
            hc = f"{tg.get('HealthCheckProtocol', '?')} {tg.get('HealthCheckPath') or ''}".strip()
            yield passed(tg, f"Target group {name} health check ({hc}, every {tg.get('HealthCheckIntervalSeconds')}s, "
                         f"unhealthy after {tg.get('UnhealthyThresholdCount')}) detects failed targets within "
                         f"{tg['HealthCheckIntervalSeconds'] * tg['UnhealthyThresholdCount']}s.")
