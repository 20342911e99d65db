"""Networking checks (Day 5: Advanced VPC networking)."""

from __future__ import annotations

from awslint import check, failed, name_tag, passed

LESSON_VPC = "Day 5: Advanced VPC networking"
DEFAULT_ROUTES = ("0.0.0.0/0",)
DEAD_NAT_STATES = ("failed", "deleting", "deleted")


def route_table_for_subnet(subnet_id: str, vpc_id: str, route_tables: list[dict]) -> dict | None:
    """The route table that governs a subnet: its explicit association, else the VPC's main table.

    A subnet with no explicit association silently uses the main route table; forgetting that is
    the classic way a "private" subnet ends up routed somewhere unexpected.
    """
    main = None
    for table in route_tables:
        if table.get("VpcId") != vpc_id:
            continue
        for assoc in table.get("Associations") or []:
            if assoc.get("AssociationState", {}).get("State", "associated") not in ("associated", "associating"):
                continue
            if assoc.get("SubnetId") == subnet_id:
                return table
            if assoc.get("Main"):
                main = table
    return main


def default_route(table: dict) -> dict | None:
    for route in table.get("Routes") or []:
        if route.get("DestinationCidrBlock") in DEFAULT_ROUTES:
            return route
    return None


@check(
    id="NET001", name="nat-gateway-per-az", severity="high",
    title="Private subnet reaches the internet through a NAT gateway in another AZ",
    needs=("ec2:subnets", "ec2:route_tables", "ec2:nat_gateways"),
    lesson=LESSON_VPC, pillars=("reliability", "cost"),
    resource_type="AWS::EC2::Subnet",
    rationale="A NAT gateway lives in one Availability Zone. A private subnet that egresses through a NAT "
              "gateway in another AZ loses internet access when that AZ fails, and pays cross-AZ data "
              "transfer on every byte.",
    evaluates="Every subnet whose IPv4 default route (0.0.0.0/0), from its explicitly associated route table "
              "or else the VPC's main route table, targets a NAT gateway. PASS when the NAT gateway is in the "
              "subnet's AZ or is a regional NAT gateway (AvailabilityMode=regional, which spans AZs). FAIL "
              "when it is in another AZ, or when the route points to a NAT gateway that is failed, deleting, "
              "deleted or unknown (a blackhole route: the subnet has no egress at all). Subnets whose default "
              "route goes elsewhere (internet gateway, transit gateway, none) are not evaluated.",
    remediation="Create a NAT gateway in every AZ that has private subnets and give each AZ's private subnets "
                "a route table whose 0.0.0.0/0 route targets the NAT gateway in the same AZ "
                "(console: VPC > NAT gateways > Create; CLI: aws ec2 create-nat-gateway --subnet-id "
                "<public-subnet-in-az> --allocation-id <eip>; aws ec2 replace-route --route-table-id <rtb> "
                "--destination-cidr-block 0.0.0.0/0 --nat-gateway-id <nat-in-same-az>). Alternatively use a "
                "regional NAT gateway.",
    references=(
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html",
        "https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_planning_network_topology_ha_conn_users.html",
        "Trusted Advisor: NAT Gateway AZ Independence",
        "Well-Architected REL10-BP01",
    ),
)
def nat_gateway_per_az(inv, params):
    """A NAT gateway in another AZ turns one AZ's outage into an outage of every AZ routed through it."""
    subnets = {s["SubnetId"]: s for s in inv["ec2:subnets"]}
    nats = {n["NatGatewayId"]: n for n in inv["ec2:nat_gateways"]}
    tables = inv["ec2:route_tables"]
    for subnet_id, subnet in sorted(subnets.items()):
        table = route_table_for_subnet(subnet_id, subnet.get("VpcId"), tables)
        route = default_route(table) if table else None
        nat_id = route.get("NatGatewayId") if route else None
        if not nat_id:
            continue
        arn = subnet.get("SubnetArn") or inv.arn("ec2", f"subnet/{subnet_id}")
        label = name_tag(subnet)
        az = subnet.get("AvailabilityZone", "?")
        how = "its route table" if any(a.get("SubnetId") == subnet_id for a in table.get("Associations") or []) \
            else "the VPC's main route table"
        nat = nats.get(nat_id)
        if nat is None or nat.get("State") in DEAD_NAT_STATES:
            state = nat.get("State") if nat else "not found"
            yield failed(subnet_id, f"Subnet {subnet_id} ({az}) routes 0.0.0.0/0 via {how} to NAT gateway {nat_id}, "
                         f"which is {state}: the route is a blackhole. Point it at an available NAT gateway in {az}.",
                         arn=arn, name=label)
            continue
        if nat.get("AvailabilityMode") == "regional":
            yield passed(subnet_id, f"Subnet {subnet_id} ({az}) egresses through regional NAT gateway {nat_id}, "
                         "which spans AZs.", arn=arn, name=label)
            continue
        nat_subnet = subnets.get(nat.get("SubnetId"))
        nat_az = nat_subnet.get("AvailabilityZone") if nat_subnet else None
        if nat_az is None:
            yield failed(subnet_id, f"Subnet {subnet_id} ({az}) routes to NAT gateway {nat_id} whose subnet "
                         f"{nat.get('SubnetId')} was not found, so its AZ is unknown; verify it is in {az}.", arn=arn, name=label)
        elif nat_az == az:
            yield passed(subnet_id, f"Subnet {subnet_id} ({az}) egresses through NAT gateway {nat_id} in the same AZ.",
                         arn=arn, name=label)
        else:
            yield failed(subnet_id, f"Subnet {subnet_id} ({az}) egresses via {how} through NAT gateway {nat_id} in "
                         f"{nat_az}: an outage of {nat_az} cuts its internet access and every byte pays cross-AZ "
                         f"transfer. Create a NAT gateway in {az} and route this subnet to it.", arn=arn, name=label)
