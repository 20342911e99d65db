"""Tests for the example custom checks, on moto, with awslint's pytest plugin (``moto_account``)."""

from cost_tags import required_cost_tags
from default_vpc import no_default_vpc_in_use

from awslint.testing import inventory_from, run_check, verdicts


def test_required_cost_tags(moto_account):
    ec2 = moto_account.client("ec2")
    tagged = ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1, TagSpecifications=[
        {"ResourceType": "instance", "Tags": [{"Key": "cost-center", "Value": "cc-42"}, {"Key": "owner", "Value": "web"}]}
    ])["Instances"][0]["InstanceId"]
    bare = ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    gone = ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    ec2.terminate_instances(InstanceIds=[gone])
    moto_account.client("rds").create_db_instance(
        DBInstanceIdentifier="billing-db", Engine="postgres", DBInstanceClass="db.t3.micro", AllocatedStorage=20,
        MasterUsername="admin", MasterUserPassword="not-a-secret-1", Tags=[{"Key": "owner", "Value": "billing"}])

    results = moto_account.scan(required_cost_tags, regions=["us-east-1"])

    assert verdicts(results) == {tagged: "PASS", bare: "FAIL", "billing-db": "FAIL"}


def test_no_default_vpc_in_use(moto_account):
    east = moto_account.client("ec2", "us-east-1")
    default_vpc = east.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    east.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1)  # lands in the default VPC
    west = moto_account.client("ec2", "eu-west-1")
    west_default = west.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]

    results = moto_account.scan(no_default_vpc_in_use)

    assert verdicts(results, by_region=True) == {f"us-east-1/{default_vpc}": "FAIL", f"eu-west-1/{west_default}": "PASS"}


def test_required_cost_tags_from_plain_dicts():
    """The fast path: AWS API shapes as dicts, no moto. Also shows the tag list is a parameter."""
    inv = inventory_from({
        "ec2:instances": [
            {"InstanceId": "i-tagged", "State": {"Name": "running"},
             "Tags": [{"Key": "cost-center", "Value": "cc-42"}, {"Key": "owner", "Value": "web"}]},
            {"InstanceId": "i-empty-value", "State": {"Name": "stopped"},
             "Tags": [{"Key": "cost-center", "Value": ""}, {"Key": "owner", "Value": "web"}]},
            {"InstanceId": "i-leaving", "State": {"Name": "shutting-down"}},
        ],
        "rds:db_instances": [{"DBInstanceIdentifier": "billing-db", "TagList": [{"Key": "owner", "Value": "billing"}]}],
    })
    assert verdicts(run_check(required_cost_tags, inv)) == {
        "i-tagged": "PASS", "i-empty-value": "FAIL", "billing-db": "FAIL"}
    only_owner = run_check("required-cost-tags", inv, params={"tags": ["owner"]})
    assert verdicts(only_owner) == {"i-tagged": "PASS", "i-empty-value": "PASS", "billing-db": "PASS"}


def test_no_default_vpc_from_plain_dicts_including_the_custom_source():
    inv = inventory_from({
        "ec2:vpcs": [{"VpcId": "vpc-default", "IsDefault": True}, {"VpcId": "vpc-prod", "IsDefault": False}],
        "ec2:network_interfaces": [{"NetworkInterfaceId": "eni-1", "VpcId": "vpc-prod"}],
    })
    assert verdicts(run_check(no_default_vpc_in_use, inv)) == {"vpc-default": "PASS"}
    denied = inventory_from({"ec2:vpcs": [{"VpcId": "vpc-default", "IsDefault": True}]},
                            errors={"ec2:network_interfaces": "AccessDenied on DescribeNetworkInterfaces"})
    assert verdicts(run_check(no_default_vpc_in_use, denied)) == {"ERROR:us-east-1": "ERROR"}
