"""Route 53 disaster-recovery check (Day 4): failover records without a health check, on moto."""

from awslint.testing import inventory_from, messages, run_check, verdicts

FAILOVER = "route53-failover-health-check"


# -- R53001 route53-failover-health-check ---------------------------------------------------------
def _change(name, role=None, rtype="A", **fields):
    record = {"Name": name, "Type": rtype, **fields}
    if role:
        record.update(Failover=role, SetIdentifier=role.lower())
    if "AliasTarget" not in record:
        record.setdefault("TTL", 60)
        record.setdefault("ResourceRecords", [{"Value": "192.0.2.10"}])
    return {"Action": "CREATE", "ResourceRecordSet": record}


def _health_check(r53, ref):
    return r53.create_health_check(CallerReference=ref, HealthCheckConfig={
        "Type": "HTTPS", "FullyQualifiedDomainName": f"{ref}.example.net", "Port": 443,
        "ResourcePath": "/health"})["HealthCheck"]["Id"]


def test_failover_records_with_and_without_health_checks(moto_account):
    r53 = moto_account.client("route53")
    zone = r53.create_hosted_zone(Name="example.com", CallerReference="z1")["HostedZone"]["Id"].split("/")[-1]
    private = r53.create_hosted_zone(Name="internal.example", CallerReference="z2", HostedZoneConfig={
        "PrivateZone": True}, VPC={"VPCRegion": "us-east-1", "VPCId": moto_account.client("ec2").create_vpc(
            CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]})["HostedZone"]["Id"].split("/")[-1]
    live, doomed = _health_check(r53, "live"), _health_check(r53, "doomed")
    alias = {"HostedZoneId": "Z32O12XQLNTSW2", "DNSName": "dr-alb.eu-west-1.elb.amazonaws.com"}
    r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
        _change("www.example.com", "PRIMARY", HealthCheckId=live),
        _change("www.example.com", "SECONDARY", AliasTarget={**alias, "EvaluateTargetHealth": True}),
        _change("api.example.com", "PRIMARY"),
        _change("api.example.com", "SECONDARY", AliasTarget={**alias, "EvaluateTargetHealth": False}),
        _change("old.example.com", "PRIMARY", HealthCheckId=doomed),
        _change("old.example.com", "SECONDARY", HealthCheckId=live),
        _change("blog.example.com"),  # simple routing: not evaluated
        _change("w.example.com", rtype="A", SetIdentifier="blue", Weight=10),  # weighted: not evaluated
    ]})
    r53.change_resource_record_sets(HostedZoneId=private, ChangeBatch={"Changes": [
        _change("db.internal.example", "PRIMARY", rtype="CNAME", ResourceRecords=[{"Value": "db-a.internal"}])]})
    r53.delete_health_check(HealthCheckId=doomed)  # Route 53 allows it even while a record refers to it

    results = moto_account.scan(FAILOVER)

    assert verdicts(results, by_region=True) == {
        f"global/{zone}/www.example.com./A/primary": "PASS",
        f"global/{zone}/www.example.com./A/secondary": "PASS",
        f"global/{zone}/api.example.com./A/primary": "FAIL",
        f"global/{zone}/api.example.com./A/secondary": "FAIL",
        f"global/{zone}/old.example.com./A/primary": "FAIL",
        f"global/{zone}/old.example.com./A/secondary": "PASS",
        f"global/{private}/db.internal.example./CNAME/primary": "FAIL",
    }
    msg = messages(results)
    assert "never fails over" in msg[f"{zone}/api.example.com./A/primary"]
    assert "alias without Evaluate target health" in msg[f"{zone}/api.example.com./A/secondary"]
    assert f"{doomed}, which no longer exists" in msg[f"{zone}/old.example.com./A/primary"]
    assert "(private zone)" in msg[f"{private}/db.internal.example./CNAME/primary"]
    assert {r.resource_arn for r in results} == {f"arn:aws:route53:::hostedzone/{z}" for z in (zone, private)}

    relaxed = moto_account.scan(FAILOVER, params={"require_secondary": False})
    assert sorted(k.split("/", 1)[-1] for k in verdicts(relaxed)) == [
        "api.example.com./A/primary", "db.internal.example./CNAME/primary", "old.example.com./A/primary",
        "www.example.com./A/primary"]


def test_failover_record_with_a_disabled_health_check_fails(moto_account):
    """Route 53 considers a disabled health check always healthy: the PRIMARY never fails over."""
    r53 = moto_account.client("route53")
    zone = r53.create_hosted_zone(Name="shop.example", CallerReference="z")["HostedZone"]["Id"].split("/")[-1]
    paused = r53.create_health_check(CallerReference="paused", HealthCheckConfig={
        "Type": "HTTPS", "FullyQualifiedDomainName": "primary.shop.example", "Port": 443, "Disabled": True,
    })["HealthCheck"]["Id"]
    live = _health_check(r53, "live")
    r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
        _change("www.shop.example", "PRIMARY", HealthCheckId=paused),
        _change("www.shop.example", "SECONDARY", HealthCheckId=live)]})

    results = moto_account.scan(FAILOVER)

    assert verdicts(results) == {f"{zone}/www.shop.example./A/primary": "FAIL",
                                 f"{zone}/www.shop.example./A/secondary": "PASS"}
    assert "disabled" in messages(results)[f"{zone}/www.shop.example./A/primary"]


def test_failover_records_on_a_later_page_are_judged(moto_account):
    """list_resource_record_sets pages at 300 records; the failover pair sorts after 320 other records."""
    r53 = moto_account.client("route53")
    zone = r53.create_hosted_zone(Name="big.example", CallerReference="big")["HostedZone"]["Id"].split("/")[-1]
    r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
        _change(f"host{i:03d}.big.example") for i in range(320)]})
    r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
        _change("zz.big.example", "PRIMARY"), _change("zz.big.example", "SECONDARY")]})
    assert r53.list_resource_record_sets(HostedZoneId=zone)["IsTruncated"] is True

    results = moto_account.scan(FAILOVER)

    assert verdicts(results) == {f"{zone}/zz.big.example./A/primary": "FAIL",
                                 f"{zone}/zz.big.example./A/secondary": "FAIL"}


def test_failover_check_needs_no_health_checks_when_there_is_no_failover_record():
    inv = inventory_from({"route53:hosted_zones": []},
                         errors={"route53:health_checks": "AccessDenied on ListHealthChecks"})
    assert verdicts(run_check(FAILOVER, inv)) == {}
