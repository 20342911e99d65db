"""Custom check: workloads do not run in the default VPC.

The default VPC has public subnets in every AZ and a permissive default route, which is
convenient for a first instance and wrong for production. This example also shows a custom
data source: awslint's built-ins do not collect network interfaces, so the module declares one
(read-only operations only; anything else is refused when the module loads).
"""

from awslint import Source, check, failed, passed

network_interfaces = Source(
    "ec2:network_interfaces", "ec2", "describe_network_interfaces", "NetworkInterfaces",
    description="Every ENI: anything running in a VPC (instances, Lambda in VPC, RDS, load balancers) has one.",
)


@check(
    id="X-NET001",
    name="no-default-vpc-in-use",
    title="Workloads run in the default VPC",
    severity="medium",
    needs=("ec2:vpcs", "ec2:network_interfaces"),
    lesson="Team policy: network design",
    pillars=("security", "reliability"),
    resource_type="AWS::EC2::VPC",
    rationale="The default VPC's subnets are all public, so anything placed there is one security group "
              "rule away from the internet; production belongs in a VPC designed with private subnets.",
    evaluates="Each default VPC (IsDefault true) in each scanned region: FAIL when any network interface is "
              "attached in it, PASS when it is empty. Non-default VPCs are not evaluated.",
    remediation="Move the workloads to a purpose-built VPC, then delete the default VPC "
                "(aws ec2 delete-vpc --vpc-id <id> after removing its subnets and internet gateway).",
    references=("https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html",),
)
def no_default_vpc_in_use(inv, params):
    """Count the network interfaces in each default VPC: any at all means something runs there."""
    enis_by_vpc: dict[str, int] = {}
    for eni in inv["ec2:network_interfaces"]:
        enis_by_vpc[eni.get("VpcId")] = enis_by_vpc.get(eni.get("VpcId"), 0) + 1
    for vpc in inv["ec2:vpcs"]:
        if not vpc.get("IsDefault"):
            continue
        vpc_id = vpc["VpcId"]
        arn = inv.arn("ec2", f"vpc/{vpc_id}")
        count = enis_by_vpc.get(vpc_id, 0)
        if count:
            yield failed(vpc_id, f"Default VPC {vpc_id} has {count} network interface(s) in use; move them to a "
                         "purpose-built VPC with private subnets.", arn=arn)
        else:
            yield passed(vpc_id, f"Default VPC {vpc_id} is empty.", arn=arn)
