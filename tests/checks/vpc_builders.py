"""Small boto3 builders for VPC fixtures, shared by the network check tests."""


def make_vpc(ec2, cidr="10.0.0.0/16"):
    return ec2.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]


def make_subnet(ec2, vpc, cidr, az):
    return ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=az)["Subnet"]["SubnetId"]


def make_nat(ec2, subnet):
    eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
    return ec2.create_nat_gateway(SubnetId=subnet, AllocationId=eip)["NatGateway"]["NatGatewayId"]


def make_route_table(ec2, vpc, subnet=None, nat=None, igw=None):
    """A route table with an optional default route (NAT or internet gateway), associated with ``subnet``."""
    rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    if nat:
        ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
    if igw:
        ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    if subnet:
        ec2.associate_route_table(RouteTableId=rtb, SubnetId=subnet)
    return rtb


def main_route_table(ec2, vpc):
    tables = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["RouteTables"]
    return next(t["RouteTableId"] for t in tables if any(a.get("Main") for a in t.get("Associations", [])))
