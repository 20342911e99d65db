"""Demo load balancers: the storefront done right, and the usual leftovers and shortcuts.

us-east-1 (VPC "shop-prod" from the network area):
- "shop-web-alb": internet-facing ALB in two AZs; HTTP:80 redirects to HTTPS:443; target group
  "shop-web-tg" checks /healthz every 15s, 3 strikes, codes 200-399 -> PASSES elbv2-multi-az,
  alb-http-to-https-redirect, elbv2-target-group-health-check.
- "shop-admin-alb": internal ALB whose HTTP:80 listener forwards (no redirect) to "shop-admin-tg",
  whose health check runs every 60s with 5 strikes (5 minutes on a dead target), 10 checks to
  recover and codes 200-499 -> FAILS alb-http-to-https-redirect and elbv2-target-group-health-check.
- "shop-payments-nlb": NLB in us-east-1a only -> FAILS elbv2-multi-az.
- "shop-ledger-nlb": NLB in two AZs with cross-zone off (the default) -> FAILS nlb-cross-zone (info).
- "shop-legacy-clb": Classic Load Balancer in one subnet, cross-zone off -> FAILS elb-classic-in-use,
  clb-multi-az and clb-cross-zone.
- "shop-legacy-api-clb": Classic Load Balancer in two AZs with cross-zone on -> FAILS
  elb-classic-in-use, PASSES clb-multi-az and clb-cross-zone.

eu-west-1 (VPC "shop-dr"):
- "shop-api-dr-nlb": NLB in two AZs with cross-zone on -> PASSES nlb-cross-zone; the region has
  no Classic Load Balancer -> PASSES elb-classic-in-use (one result for the region).
"""

from __future__ import annotations


def _tags(name: str) -> list[dict]:
    return [{"Key": "Name", "Value": name}]


def _lb(v2, name: str, subnets: list[str], lb_type: str = "application", scheme: str = "internet-facing") -> str:
    return v2.create_load_balancer(Name=name, Subnets=subnets, Type=lb_type, Scheme=scheme,
                                   Tags=_tags(name))["LoadBalancers"][0]["LoadBalancerArn"]


def _target_group(v2, name: str, vpc: str, protocol: str = "HTTP", **health) -> str:
    return v2.create_target_group(Name=name, Protocol=protocol, Port=80 if protocol == "HTTP" else 443, VpcId=vpc,
                                  Tags=_tags(name), **health)["TargetGroups"][0]["TargetGroupArn"]


def _forward(v2, lb: str, protocol: str, port: int, target_group: str, **extra) -> None:
    v2.create_listener(LoadBalancerArn=lb, Protocol=protocol, Port=port,
                       DefaultActions=[{"Type": "forward", "TargetGroupArn": target_group}], **extra)


def _cross_zone(v2, lb: str) -> None:
    v2.modify_load_balancer_attributes(LoadBalancerArn=lb, Attributes=[
        {"Key": "load_balancing.cross_zone.enabled", "Value": "true"}])


def build_primary(ctx) -> None:
    vpc = ctx.shared["vpc_prod"]
    public = [vpc["public"][az] for az in sorted(vpc["public"])]
    private = [vpc["private"][az] for az in sorted(vpc["private"])]
    v2 = ctx.client("elbv2", ctx.primary)
    cert = ctx.client("acm", ctx.primary).request_certificate(
        DomainName="www.shop.example", SubjectAlternativeNames=["shop.example"])["CertificateArn"]

    web = _lb(v2, "shop-web-alb", public)
    web_tg = _target_group(v2, "shop-web-tg", vpc["vpc"], HealthCheckPath="/healthz", HealthCheckIntervalSeconds=15,
                           HealthyThresholdCount=3, UnhealthyThresholdCount=3, Matcher={"HttpCode": "200-399"})
    v2.create_listener(LoadBalancerArn=web, Protocol="HTTP", Port=80, DefaultActions=[
        {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}])
    _forward(v2, web, "HTTPS", 443, web_tg, Certificates=[{"CertificateArn": cert}],
             SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06")
    ctx.shared["alb_web"] = {"arn": web, "target_group": web_tg}

    admin = _lb(v2, "shop-admin-alb", private, scheme="internal")
    admin_tg = _target_group(v2, "shop-admin-tg", vpc["vpc"], HealthCheckPath="/", HealthCheckIntervalSeconds=60,
                             HealthyThresholdCount=10, UnhealthyThresholdCount=5, Matcher={"HttpCode": "200-499"})
    _forward(v2, admin, "HTTP", 80, admin_tg)

    payments = _lb(v2, "shop-payments-nlb", private[:1], "network", "internal")
    _forward(v2, payments, "TCP", 443, _target_group(v2, "shop-payments-tg", vpc["vpc"], "TCP"))
    ledger = _lb(v2, "shop-ledger-nlb", private, "network", "internal")
    _forward(v2, ledger, "TCP", 443, _target_group(v2, "shop-ledger-tg", vpc["vpc"], "TCP"))

    elb = ctx.client("elb", ctx.primary)
    listeners = [{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstanceProtocol": "HTTP", "InstancePort": 8080}]
    elb.create_load_balancer(LoadBalancerName="shop-legacy-clb", Listeners=listeners, Subnets=public[:1],
                             Tags=_tags("shop-legacy-clb"))
    elb.create_load_balancer(LoadBalancerName="shop-legacy-api-clb", Listeners=listeners, Subnets=public,
                             Tags=_tags("shop-legacy-api-clb"))
    elb.modify_load_balancer_attributes(LoadBalancerName="shop-legacy-api-clb",
                                        LoadBalancerAttributes={"CrossZoneLoadBalancing": {"Enabled": True}})


def build_secondary(ctx) -> None:
    vpc = ctx.shared["vpc_dr"]
    private = [vpc["private"][az] for az in sorted(vpc["private"])]
    v2 = ctx.client("elbv2", ctx.secondary)
    api = _lb(v2, "shop-api-dr-nlb", private, "network", "internal")
    _cross_zone(v2, api)
    _forward(v2, api, "TCP", 443, _target_group(v2, "shop-api-dr-tg", vpc["vpc"], "TCP"))


def build(ctx) -> None:
    build_primary(ctx)
    build_secondary(ctx)
