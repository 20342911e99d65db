"""NET checks (Day 5 VPC networking) on moto and plain API-shaped data: NAT gateway per AZ (explicit and main-table
routes, several VPCs, dead NATs, regions), gateway endpoints, peering mesh, world-open admin ports, databases in
public subnets."""

from awslint.testing import inventory_from, messages, run_check, verdicts
from tests.checks.vpc_builders import main_route_table, make_nat, make_route_table, make_subnet, make_vpc

NAT = "nat-gateway-per-az"
ENDPOINTS = "vpc-gateway-endpoints"
MESH = "vpc-peering-mesh-transit-gateway"
ADMIN = "sg-admin-ports-open-to-world"
PUBLIC_DB = "rds-in-public-subnet"

# -- NET001 nat-gateway-per-az --------------------------------------------------------------------
def test_same_az_passes_other_az_and_main_table_fail(moto_account):
    ec2 = moto_account.client("ec2")
    vpc = make_vpc(ec2)
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    public_a = make_subnet(ec2, vpc, "10.0.0.0/24", "us-east-1a")
    make_route_table(ec2, vpc, public_a, igw=igw)
    nat_a = make_nat(ec2, public_a)
    private_a = make_subnet(ec2, vpc, "10.0.10.0/24", "us-east-1a")
    private_b = make_subnet(ec2, vpc, "10.0.11.0/24", "us-east-1b")
    private_c = make_subnet(ec2, vpc, "10.0.12.0/24", "us-east-1c")  # no association: uses the main table
    make_route_table(ec2, vpc, private_a, nat=nat_a)
    make_route_table(ec2, vpc, private_b, nat=nat_a)
    ec2.create_route(RouteTableId=main_route_table(ec2, vpc), DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat_a)

    results = moto_account.scan(NAT, regions=["us-east-1"])

    # public_a has an explicit IGW route: not evaluated. Default-VPC subnets use a main table without NAT.
    assert verdicts(results) == {private_a: "PASS", private_b: "FAIL", private_c: "FAIL"}
    by_id = {r.resource_id: r for r in results}
    assert "main route table" in by_id[private_c].message
    assert "us-east-1a" in by_id[private_b].message and "Create a NAT gateway in us-east-1b" in by_id[private_b].message
    assert by_id[private_b].resource_arn == f"arn:aws:ec2:us-east-1:123456789012:subnet/{private_b}"

def test_several_vpcs_and_regions_are_judged_independently(moto_account):
    east = moto_account.client("ec2", "us-east-1")
    west = moto_account.client("ec2", "eu-west-1")
    vpc1, vpc2 = make_vpc(east, "10.1.0.0/16"), make_vpc(east, "10.2.0.0/16")
    nat1 = make_nat(east, make_subnet(east, vpc1, "10.1.0.0/24", "us-east-1a"))
    s1 = make_subnet(east, vpc1, "10.1.1.0/24", "us-east-1b")
    make_route_table(east, vpc1, s1, nat=nat1)
    nat2 = make_nat(east, make_subnet(east, vpc2, "10.2.0.0/24", "us-east-1b"))
    s2 = make_subnet(east, vpc2, "10.2.1.0/24", "us-east-1b")
    make_route_table(east, vpc2, s2, nat=nat2)
    vpc3 = make_vpc(west, "10.3.0.0/16")
    nat3 = make_nat(west, make_subnet(west, vpc3, "10.3.0.0/24", "eu-west-1a"))
    s3 = make_subnet(west, vpc3, "10.3.1.0/24", "eu-west-1c")
    make_route_table(west, vpc3, s3, nat=nat3)

    results = moto_account.scan(NAT)

    assert verdicts(results, by_region=True) == {
        f"us-east-1/{s1}": "FAIL", f"us-east-1/{s2}": "PASS", f"eu-west-1/{s3}": "FAIL"}

def test_deleted_nat_gateway_is_a_blackhole_failure(moto_account):
    ec2 = moto_account.client("ec2")
    vpc = make_vpc(ec2)
    nat = make_nat(ec2, make_subnet(ec2, vpc, "10.0.0.0/24", "us-east-1a"))
    private = make_subnet(ec2, vpc, "10.0.1.0/24", "us-east-1a")
    make_route_table(ec2, vpc, private, nat=nat)
    ec2.delete_nat_gateway(NatGatewayId=nat)

    results = moto_account.scan(NAT, regions=["us-east-1"])

    assert verdicts(results) == {private: "FAIL"}
    assert "blackhole" in results[0].message

def test_regional_nat_gateway_passes_and_subnets_without_nat_route_are_skipped():
    # moto cannot create regional NAT gateways (AvailabilityMode, Nov 2025): plain API-shaped data.
    inv = inventory_from({
        "ec2:subnets": [{"SubnetId": "subnet-a", "VpcId": "vpc-1", "AvailabilityZone": "us-east-1a"},
                        {"SubnetId": "subnet-b", "VpcId": "vpc-1", "AvailabilityZone": "us-east-1b"}],
        "ec2:route_tables": [
            {"RouteTableId": "rtb-main", "VpcId": "vpc-1", "Associations": [{"Main": True}],
             "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-r"}]},
            {"RouteTableId": "rtb-b", "VpcId": "vpc-1", "Associations": [{"SubnetId": "subnet-b", "Main": False}],
             "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"}]}],
        "ec2:nat_gateways": [{"NatGatewayId": "nat-r", "VpcId": "vpc-1", "State": "available",
                              "AvailabilityMode": "regional"}],
    })
    assert verdicts(run_check(NAT, inv)) == {"subnet-a": "PASS"}

def test_nat_gateway_that_cannot_be_seen_is_error_unless_the_route_is_a_blackhole():
    """AWS turns the route of a deleted NAT gateway into a blackhole once the NAT leaves the listing; an active
    route to an unlisted NAT gateway (another account's) or a NAT whose subnet is not visible has an unknown AZ."""
    subnet = {"VpcId": "vpc-1", "AvailabilityZone": "us-east-1a"}
    inv = inventory_from({
        "ec2:subnets": [{"SubnetId": f"subnet-{n}", **subnet} for n in ("gone", "foreign", "hidden")],
        "ec2:route_tables": [
            {"RouteTableId": f"rtb-{n}", "VpcId": "vpc-1", "Associations": [{"SubnetId": f"subnet-{n}", "Main": False}],
             "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": nat, "State": state}]}
            for n, nat, state in (("gone", "nat-old", "blackhole"), ("foreign", "nat-shared", "active"),
                                  ("hidden", "nat-h", "active"))],
        "ec2:nat_gateways": [{"NatGatewayId": "nat-h", "VpcId": "vpc-1", "State": "available",
                              "SubnetId": "subnet-elsewhere"}],
    })
    results = run_check(NAT, inv)
    assert verdicts(results) == {"subnet-gone": "FAIL", "subnet-foreign": "ERROR", "subnet-hidden": "ERROR"}

def test_access_denied_on_a_source_is_error_not_pass():
    inv = inventory_from({"ec2:subnets": [{"SubnetId": "subnet-a", "VpcId": "vpc-1"}]},
                         errors={"ec2:route_tables": "AccessDenied on DescribeRouteTables"})
    results = run_check(NAT, inv)
    assert verdicts(results) == {"ERROR:us-east-1": "ERROR"}
    assert "AccessDenied" in results[0].message


def test_nat_gateways_are_not_needed_when_there_is_no_subnet():
    inv = inventory_from({"ec2:subnets": []},
                         errors={"ec2:nat_gateways": "UnauthorizedOperation on DescribeNatGateways"})
    assert verdicts(run_check(NAT, inv)) == {}


# -- builders -------------------------------------------------------------------------------------

def _igw(ec2, vpc):
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    return igw

def _endpoint(ec2, vpc, service, tables, region="us-east-1", typed=True):
    extra = {"VpcEndpointType": "Gateway"} if typed else {}
    return ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=f"com.amazonaws.{region}.{service}",
                                   RouteTableIds=tables, **extra)["VpcEndpoint"]["VpcEndpointId"]

def _nat_vpc(ec2, cidr_prefix, *, main_table=False):
    """A VPC whose private subnet egresses via a NAT gateway (explicit table, or the main table)."""
    vpc = make_vpc(ec2, f"{cidr_prefix}.0.0/16")
    nat = make_nat(ec2, make_subnet(ec2, vpc, f"{cidr_prefix}.0.0/24", "us-east-1a"))
    private = make_subnet(ec2, vpc, f"{cidr_prefix}.1.0/24", "us-east-1a")
    if main_table:
        rtb = main_route_table(ec2, vpc)
        ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
    else:
        rtb = make_route_table(ec2, vpc, private, nat=nat)
    return vpc, rtb

# -- NET002 vpc-gateway-endpoints -----------------------------------------------------------------
def test_gateway_endpoints_pass_fail_and_unassociated_endpoint(moto_account):
    ec2 = moto_account.client("ec2")
    good, good_rtb = _nat_vpc(ec2, "10.1")
    _endpoint(ec2, good, "s3", [good_rtb])
    _endpoint(ec2, good, "dynamodb", [good_rtb], typed=False)  # moto omits the type: attached to tables => gateway
    none, _ = _nat_vpc(ec2, "10.2")
    # Private subnet inherits the main table; the endpoints sit on another table: they do not count.
    elsewhere, main_rtb = _nat_vpc(ec2, "10.3", main_table=True)
    other_rtb = make_route_table(ec2, elsewhere)
    _endpoint(ec2, elsewhere, "s3", [other_rtb])
    _endpoint(ec2, elsewhere, "dynamodb", [other_rtb, main_rtb])
    make_vpc(ec2, "10.4.0.0/16")  # no NAT-routed subnet: not evaluated

    results = moto_account.scan(ENDPOINTS, regions=["us-east-1"])

    assert verdicts(results) == {good: "PASS", none: "FAIL", elsewhere: "FAIL"}
    msg = messages(results)
    assert "no S3 gateway endpoint" in msg[none] and "no DynamoDB gateway endpoint" in msg[none]
    assert f"is not associated with {main_rtb}" in msg[elsewhere] and "DynamoDB" not in msg[elsewhere]
    assert f"--add-route-table-ids {main_rtb}" in msg[elsewhere]
    assert "per TB" in msg[none] and "estimate" in msg[none]

def test_gateway_endpoints_services_param_and_regions(moto_account):
    east, west = moto_account.client("ec2", "us-east-1"), moto_account.client("ec2", "eu-west-1")
    s3_only, rtb = _nat_vpc(east, "10.1")
    _endpoint(east, s3_only, "s3", [rtb])
    vpc_w = make_vpc(west, "10.9.0.0/16")
    nat_w = make_nat(west, make_subnet(west, vpc_w, "10.9.0.0/24", "eu-west-1a"))
    make_route_table(west, vpc_w, make_subnet(west, vpc_w, "10.9.1.0/24", "eu-west-1b"), nat=nat_w)

    default = moto_account.scan(ENDPOINTS)
    s3_param = moto_account.scan(ENDPOINTS, params={"services": ["s3"]})

    assert verdicts(default, by_region=True) == {f"us-east-1/{s3_only}": "FAIL", f"eu-west-1/{vpc_w}": "FAIL"}
    assert verdicts(s3_param, by_region=True) == {f"us-east-1/{s3_only}": "PASS", f"eu-west-1/{vpc_w}": "FAIL"}
    assert "com.amazonaws.eu-west-1.s3" in messages(default)[vpc_w]

def test_gateway_endpoints_ignore_interface_and_dead_endpoints():
    tables = [{"RouteTableId": "rtb-p", "VpcId": "vpc-1", "Associations": [{"SubnetId": "subnet-p"}],
               "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1"}]}]

    def endpoint(service, kind="Gateway", state="available"):
        return {"VpcEndpointId": f"vpce-{service}-{state}", "VpcId": "vpc-1", "VpcEndpointType": kind,
                "ServiceName": f"com.amazonaws.us-east-1.{service}", "State": state, "RouteTableIds": ["rtb-p"]}

    base = {"ec2:subnets": [{"SubnetId": "subnet-p", "VpcId": "vpc-1"}], "ec2:route_tables": tables}
    interface_s3 = dict(endpoint("s3", kind="Interface"), RouteTableIds=[])
    dead = inventory_from({**base, "ec2:vpc_endpoints": [interface_s3, endpoint("dynamodb", state="deleting"),
                                                         endpoint("s3", state="Pending")]})
    # The service model spells states in capitals, AWS and moto answer in lower case: both accepted.
    live = inventory_from({**base, "ec2:vpc_endpoints": [endpoint("s3", state="Available"), endpoint("dynamodb")]})

    assert verdicts(run_check(ENDPOINTS, dead)) == {"vpc-1": "FAIL"}
    assert verdicts(run_check(ENDPOINTS, live)) == {"vpc-1": "PASS"}

# -- NET003 vpc-peering-mesh-transit-gateway ------------------------------------------------------
def _peer(ec2, a, b, accepter=None, region=None):
    extra = {"PeerRegion": region} if region else {}
    pcx = ec2.create_vpc_peering_connection(VpcId=a, PeerVpcId=b, **extra)["VpcPeeringConnection"]
    (accepter or ec2).accept_vpc_peering_connection(VpcPeeringConnectionId=pcx["VpcPeeringConnectionId"])
    return pcx["VpcPeeringConnectionId"]

def test_peering_mesh_fails_without_tgw_and_attached_vpc_passes(moto_account):
    ec2 = moto_account.client("ec2")
    mesh = [make_vpc(ec2, f"10.{i}.0.0/16") for i in range(1, 5)]
    for i, a in enumerate(mesh):
        for b in mesh[i + 1:]:
            _peer(ec2, a, b)
    tgw = ec2.create_transit_gateway(Description="hub")["TransitGateway"]["TransitGatewayId"]
    subnet = make_subnet(ec2, mesh[0], "10.1.0.0/24", "us-east-1a")
    ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=mesh[0], SubnetIds=[subnet])
    pair = [make_vpc(ec2, "10.8.0.0/16"), make_vpc(ec2, "10.9.0.0/16")]
    _peer(ec2, *pair)
    lonely = make_vpc(ec2, "10.7.0.0/16")  # no peering: not evaluated

    results = moto_account.scan(MESH, regions=["us-east-1"])

    assert verdicts(results) == {mesh[0]: "PASS", mesh[1]: "FAIL", mesh[2]: "FAIL", mesh[3]: "FAIL",
                                 pair[0]: "PASS", pair[1]: "PASS"}
    assert lonely not in verdicts(results)
    msg = messages(results)
    assert "4 VPCs linked by 6 active peering" in msg[mesh[1]] and f"Transit Gateway {tgw} already exists" in msg[mesh[1]]
    assert tgw in msg[mesh[0]]

def test_peering_mesh_counts_cross_region_and_ignores_pending(moto_account):
    east, west = moto_account.client("ec2", "us-east-1"), moto_account.client("ec2", "eu-west-1")
    a, b = make_vpc(east, "10.1.0.0/16"), make_vpc(east, "10.2.0.0/16")
    c, d = make_vpc(west, "10.3.0.0/16"), make_vpc(west, "10.4.0.0/16")
    _peer(east, a, b)
    _peer(east, b, c, accepter=west, region="eu-west-1")
    _peer(west, c, d)
    e = make_vpc(west, "10.5.0.0/16")
    east.create_vpc_peering_connection(VpcId=a, PeerVpcId=e, PeerRegion="eu-west-1")  # never accepted

    results = moto_account.scan(MESH)
    relaxed = moto_account.scan(MESH, params={"max_vpcs": 4})

    # A chain a-b-c-d spans both regions: one group of 4 in both regions; e's peering is pending.
    expected = {f"us-east-1/{a}": "FAIL", f"us-east-1/{b}": "FAIL", f"eu-west-1/{c}": "FAIL", f"eu-west-1/{d}": "FAIL"}
    assert verdicts(results, by_region=True) == expected
    assert set(verdicts(relaxed).values()) == {"PASS"}

def test_peering_mesh_ignores_rejected_and_deleted_rows():
    def pcx(n, a, b, code):
        return {"VpcPeeringConnectionId": f"pcx-{n}", "Status": {"Code": code},
                "RequesterVpcInfo": {"VpcId": a}, "AccepterVpcInfo": {"VpcId": b}}

    peerings = [pcx(1, "vpc-a", "vpc-b", "active"), pcx(2, "vpc-b", "vpc-c", "deleted"),
                pcx(3, "vpc-c", "vpc-d", "rejected"), pcx(4, "vpc-a", "vpc-d", "expired"),
                pcx(5, "vpc-a", "vpc-c", "pending-acceptance")]
    inv = inventory_from({"ec2:vpcs": [{"VpcId": v} for v in ("vpc-a", "vpc-b", "vpc-c", "vpc-d")],
                          "ec2:vpc_peering_connections": peerings})
    assert verdicts(run_check(MESH, inv, params={"max_vpcs": 2})) == {"vpc-a": "PASS", "vpc-b": "PASS"}

# -- NET004 sg-admin-ports-open-to-world ----------------------------------------------------------
def _sg(ec2, vpc, name, permissions):
    group = ec2.create_security_group(VpcId=vpc, GroupName=name, Description=name)["GroupId"]
    if permissions:
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=permissions)
    return group

def _rule(protocol, low=None, high=None, v4=None, v6=None):
    rule = {"IpProtocol": protocol}
    if low is not None:
        rule.update(FromPort=low, ToPort=high if high is not None else low)
    if v4:
        rule["IpRanges"] = [{"CidrIp": v4}]
    if v6:
        rule["Ipv6Ranges"] = [{"CidrIpv6": v6}]
    return rule

def test_admin_ports_world_open_rules_fail(moto_account):
    ec2 = moto_account.client("ec2")
    vpc = make_vpc(ec2, "10.1.0.0/16")
    ssh = _sg(ec2, vpc, "ssh-world", [_rule("tcp", 22, v4="0.0.0.0/0")])
    wide = _sg(ec2, vpc, "tcp-range", [_rule("tcp", 0, 65535, v4="0.0.0.0/0")])
    all_v6 = _sg(ec2, vpc, "all-v6", [_rule("-1", v6="::/0")])
    rdp_udp = _sg(ec2, vpc, "rdp-udp", [_rule("udp", 3389, v4="0.0.0.0/0")])
    https = _sg(ec2, vpc, "https-world", [_rule("tcp", 443, v4="0.0.0.0/0", v6="::/0")])
    office = _sg(ec2, vpc, "ssh-office", [_rule("tcp", 22, v4="203.0.113.0/24")])
    icmp = _sg(ec2, vpc, "icmp-world", [_rule("icmp", -1, -1, v4="0.0.0.0/0")])
    empty = _sg(ec2, vpc, "no-rules", [])

    results = moto_account.scan(ADMIN, regions=["us-east-1"])
    ours = {k: v for k, v in verdicts(results).items()
            if k in {ssh, wide, all_v6, rdp_udp, https, office, icmp, empty}}

    assert ours == {ssh: "FAIL", wide: "FAIL", all_v6: "FAIL", rdp_udp: "FAIL",
                    https: "PASS", office: "PASS", icmp: "PASS", empty: "PASS"}
    # The default security groups (default VPC and ours) pass.
    assert {v for k, v in verdicts(results).items() if k not in ours} == {"PASS"}
    msg = messages(results)
    assert "tcp 22 from 0.0.0.0/0" in msg[ssh]
    assert "tcp 0-65535 from 0.0.0.0/0 (opens 22, 3389)" in msg[wide]
    assert "all traffic from ::/0" in msg[all_v6]
    assert "udp 3389" in msg[rdp_udp]
    by_id = {r.resource_id: r for r in results}
    assert by_id[ssh].resource_name == "ssh-world"
    assert by_id[ssh].resource_arn.endswith(f":security-group/{ssh}")

def test_admin_ports_param_and_numeric_protocols():
    groups = [
        {"GroupId": "sg-pg", "GroupName": "pg", "IpPermissions": [
            {"IpProtocol": "6", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]},
        {"GroupId": "sg-ssh", "GroupName": "ssh", "IpPermissions": [
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}]},
        {"GroupId": "sg-prefix", "GroupName": "prefix-list", "IpPermissions": [
            {"IpProtocol": "-1", "PrefixListIds": [{"PrefixListId": "pl-123"}]}]},
    ]
    inv = inventory_from({"ec2:security_groups": groups})
    assert verdicts(run_check(ADMIN, inv)) == {"sg-pg": "PASS", "sg-ssh": "FAIL", "sg-prefix": "PASS"}
    assert verdicts(run_check(ADMIN, inv, params={"ports": [5432]})) == {
        "sg-pg": "FAIL", "sg-ssh": "PASS", "sg-prefix": "PASS"}

# -- NET005 rds-in-public-subnet ------------------------------------------------------------------
def _db(rds, name, group, **extra):
    rds.create_db_instance(DBInstanceIdentifier=name, DBInstanceClass="db.t4g.micro", Engine="postgres",
                           MasterUsername="app", MasterUserPassword="not-a-secret-1", AllocatedStorage=20,
                           DBSubnetGroupName=group, **extra)

def test_databases_in_public_subnets_fail_private_pass(moto_account):
    ec2, rds = moto_account.client("ec2"), moto_account.client("rds")
    vpc = make_vpc(ec2, "10.1.0.0/16")
    igw = _igw(ec2, vpc)
    public = [make_subnet(ec2, vpc, "10.1.0.0/24", "us-east-1a"), make_subnet(ec2, vpc, "10.1.1.0/24", "us-east-1b")]
    public_rtb = make_route_table(ec2, vpc, igw=igw)
    for s in public:
        ec2.associate_route_table(RouteTableId=public_rtb, SubnetId=s)
    nat = make_nat(ec2, public[0])
    private = [make_subnet(ec2, vpc, "10.1.10.0/24", "us-east-1a"), make_subnet(ec2, vpc, "10.1.11.0/24", "us-east-1b")]
    for s in private:
        make_route_table(ec2, vpc, s, nat=nat)
    # A subnet with no association inherits the main table; give the main table an IGW route.
    inherits = make_subnet(ec2, vpc, "10.1.20.0/24", "us-east-1c")
    ec2.create_route(RouteTableId=main_route_table(ec2, vpc), DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    for name, subnets in (("public-group", public), ("private-group", private), ("mixed-group", [private[0], inherits])):
        rds.create_db_subnet_group(DBSubnetGroupName=name, DBSubnetGroupDescription=name, SubnetIds=subnets)
    _db(rds, "reports-db", "public-group", PubliclyAccessible=True)
    _db(rds, "orders-db", "private-group")
    _db(rds, "mixed-db", "mixed-group")

    results = moto_account.scan(PUBLIC_DB, regions=["us-east-1"])

    assert verdicts(results) == {"reports-db": "FAIL", "orders-db": "PASS", "mixed-db": "FAIL"}
    msg = messages(results)
    assert "PubliclyAccessible" in msg["reports-db"] and public_rtb in msg["reports-db"]
    assert inherits in msg["mixed-db"] and private[0] not in msg["mixed-db"] and "PubliclyAccessible" not in msg["mixed-db"]
    assert {r.resource_arn for r in results} == {f"arn:aws:rds:us-east-1:123456789012:db:{n}"
                                                 for n in ("reports-db", "orders-db", "mixed-db")}

def test_databases_blackhole_igw_deleting_and_unknown_tables():
    def db(name, subnets, status="available"):
        return {"DBInstanceIdentifier": name, "DBInstanceStatus": status,
                "DBSubnetGroup": {"DBSubnetGroupName": f"{name}-group", "VpcId": "vpc-1",
                                  "Subnets": [{"SubnetIdentifier": s} for s in subnets]}}

    tables = [{"RouteTableId": "rtb-dead", "VpcId": "vpc-1", "Associations": [{"SubnetId": "subnet-dead"}],
               "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-gone", "State": "blackhole"}]},
              {"RouteTableId": "rtb-pub", "VpcId": "vpc-1", "Associations": [{"SubnetId": "subnet-pub"}],
               "Routes": [{"DestinationIpv6CidrBlock": "::/0", "GatewayId": "igw-1", "State": "active"}]}]
    dbs = [db("blackhole-db", ["subnet-dead"]), db("gone-db", ["subnet-pub"], status="deleting"),
           db("ipv6-db", ["subnet-pub"]), {"DBInstanceIdentifier": "no-group-db", "DBInstanceStatus": "available"},
           {**db("shared-db", ["subnet-x"]), "DBSubnetGroup": {"VpcId": "vpc-shared", "Subnets": [
               {"SubnetIdentifier": "subnet-x"}]}}]
    results = run_check(PUBLIC_DB, inventory_from({"rds:db_instances": dbs, "ec2:route_tables": tables}))

    assert verdicts(results) == {"blackhole-db": "PASS", "ipv6-db": "FAIL", "no-group-db": "ERROR", "shared-db": "ERROR"}
    assert "::/0 -> internet gateway" in messages(results)["ipv6-db"]
    assert "shared VPC" in messages(results)["shared-db"]

# -- the demo account -----------------------------------------------------------------------------
# -- auxiliary sources are read only when a resource needs them ---------------------------------------------------
def test_gateway_endpoints_need_no_endpoints_when_no_subnet_is_nat_routed():
    inv = inventory_from({"ec2:subnets": [], "ec2:route_tables": []},
                         errors={"ec2:vpc_endpoints": "UnauthorizedOperation on DescribeVpcEndpoints"})
    assert verdicts(run_check(ENDPOINTS, inv)) == {}


def test_peering_mesh_needs_no_transit_gateways_when_no_vpc_is_peered():
    inv = inventory_from({"ec2:vpcs": [{"VpcId": "vpc-1"}], "ec2:vpc_peering_connections": []},
                         errors={"ec2:transit_gateways": "UnauthorizedOperation on DescribeTransitGateways"})
    assert verdicts(run_check(MESH, inv)) == {}


def test_databases_in_public_subnets_need_no_route_tables_when_there_is_no_database():
    inv = inventory_from({"rds:db_instances": []},
                         errors={"ec2:route_tables": "UnauthorizedOperation on DescribeRouteTables"})
    assert verdicts(run_check(PUBLIC_DB, inv)) == {}
