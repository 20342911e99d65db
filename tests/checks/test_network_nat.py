"""nat-gateway-per-az on moto: explicit and main-table routes, several VPCs, dead NATs, regions."""

from awslint.testing import inventory_from, run_check, verdicts

CHECK = "nat-gateway-per-az"


def _vpc(ec2, cidr="10.0.0.0/16"):
    return ec2.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]


def _subnet(ec2, vpc, cidr, az):
    return ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=az)["Subnet"]["SubnetId"]


def _nat(ec2, subnet):
    eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
    return ec2.create_nat_gateway(SubnetId=subnet, AllocationId=eip)["NatGateway"]["NatGatewayId"]


def _table(ec2, vpc, subnet=None, nat=None, igw=None):
    rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    if nat:
        ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
    if igw:
        ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    if subnet:
        ec2.associate_route_table(RouteTableId=rtb, SubnetId=subnet)
    return rtb


def _main_table(ec2, vpc):
    tables = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["RouteTables"]
    return next(t["RouteTableId"] for t in tables if any(a.get("Main") for a in t.get("Associations", [])))


def test_same_az_passes_other_az_and_main_table_fail(moto_account):
    ec2 = moto_account.client("ec2")
    vpc = _vpc(ec2)
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    public_a = _subnet(ec2, vpc, "10.0.0.0/24", "us-east-1a")
    _table(ec2, vpc, public_a, igw=igw)
    nat_a = _nat(ec2, public_a)
    private_a = _subnet(ec2, vpc, "10.0.10.0/24", "us-east-1a")
    private_b = _subnet(ec2, vpc, "10.0.11.0/24", "us-east-1b")
    private_c = _subnet(ec2, vpc, "10.0.12.0/24", "us-east-1c")  # no association: uses the main table
    _table(ec2, vpc, private_a, nat=nat_a)
    _table(ec2, vpc, private_b, nat=nat_a)
    ec2.create_route(RouteTableId=_main_table(ec2, vpc), DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat_a)

    results = moto_account.scan(CHECK, regions=["us-east-1"])

    # public_a has an explicit IGW route: not evaluated. Default-VPC subnets use a main table without NAT.
    assert verdicts(results) == {private_a: "PASS", private_b: "FAIL", private_c: "FAIL"}
    by_id = {r.resource_id: r for r in results}
    assert "main route table" in by_id[private_c].message
    assert "us-east-1a" in by_id[private_b].message and "Create a NAT gateway in us-east-1b" in by_id[private_b].message
    assert by_id[private_b].resource_arn == f"arn:aws:ec2:us-east-1:123456789012:subnet/{private_b}"


def test_several_vpcs_and_regions_are_judged_independently(moto_account):
    east = moto_account.client("ec2", "us-east-1")
    west = moto_account.client("ec2", "eu-west-1")
    vpc1, vpc2 = _vpc(east, "10.1.0.0/16"), _vpc(east, "10.2.0.0/16")
    nat1 = _nat(east, _subnet(east, vpc1, "10.1.0.0/24", "us-east-1a"))
    s1 = _subnet(east, vpc1, "10.1.1.0/24", "us-east-1b")
    _table(east, vpc1, s1, nat=nat1)
    nat2 = _nat(east, _subnet(east, vpc2, "10.2.0.0/24", "us-east-1b"))
    s2 = _subnet(east, vpc2, "10.2.1.0/24", "us-east-1b")
    _table(east, vpc2, s2, nat=nat2)
    vpc3 = _vpc(west, "10.3.0.0/16")
    nat3 = _nat(west, _subnet(west, vpc3, "10.3.0.0/24", "eu-west-1a"))
    s3 = _subnet(west, vpc3, "10.3.1.0/24", "eu-west-1c")
    _table(west, vpc3, s3, nat=nat3)

    results = moto_account.scan(CHECK)

    assert verdicts(results, by_region=True) == {
        f"us-east-1/{s1}": "FAIL", f"us-east-1/{s2}": "PASS", f"eu-west-1/{s3}": "FAIL"}


def test_deleted_nat_gateway_is_a_blackhole_failure(moto_account):
    ec2 = moto_account.client("ec2")
    vpc = _vpc(ec2)
    nat = _nat(ec2, _subnet(ec2, vpc, "10.0.0.0/24", "us-east-1a"))
    private = _subnet(ec2, vpc, "10.0.1.0/24", "us-east-1a")
    _table(ec2, vpc, private, nat=nat)
    ec2.delete_nat_gateway(NatGatewayId=nat)

    results = moto_account.scan(CHECK, regions=["us-east-1"])

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
    assert verdicts(run_check(CHECK, inv)) == {"subnet-a": "PASS"}


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
    results = run_check(CHECK, inv)
    assert verdicts(results) == {"subnet-gone": "FAIL", "subnet-foreign": "ERROR", "subnet-hidden": "ERROR"}


def test_access_denied_on_a_source_is_error_not_pass():
    inv = inventory_from({"ec2:subnets": [{"SubnetId": "subnet-a", "VpcId": "vpc-1"}]},
                         errors={"ec2:route_tables": "AccessDenied on DescribeRouteTables"})
    results = run_check(CHECK, inv)
    assert verdicts(results) == {"ERROR:us-east-1": "ERROR"}
    assert "AccessDenied" in results[0].message
