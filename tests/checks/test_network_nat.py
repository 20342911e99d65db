"""nat-gateway-per-az on moto: explicit and main-table routes, several VPCs, dead NATs, regions."""

from awslint.testing import inventory_from, run_check, verdicts
from tests.checks.vpc_builders import main_route_table, make_nat, make_route_table, make_subnet, make_vpc

CHECK = "nat-gateway-per-az"

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

    results = moto_account.scan(CHECK)

    assert verdicts(results, by_region=True) == {
        f"us-east-1/{s1}": "FAIL", f"us-east-1/{s2}": "PASS", f"eu-west-1/{s3}": "FAIL"}

def test_deleted_nat_gateway_is_a_blackhole_failure(moto_account):
    ec2 = moto_account.client("ec2")
    vpc = make_vpc(ec2)
    nat = make_nat(ec2, make_subnet(ec2, vpc, "10.0.0.0/24", "us-east-1a"))
    private = make_subnet(ec2, vpc, "10.0.1.0/24", "us-east-1a")
    make_route_table(ec2, vpc, private, nat=nat)
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


def test_nat_gateways_are_not_needed_when_there_is_no_subnet():
    inv = inventory_from({"ec2:subnets": []},
                         errors={"ec2:nat_gateways": "UnauthorizedOperation on DescribeNatGateways"})
    assert verdicts(run_check(CHECK, inv)) == {}
