"""Tests for the example custom checks, on moto, with awslint's pytest plugin (``moto_account``)."""

from cost_tags import required_cost_tags
from default_vpc import no_default_vpc_in_use

from awslint.testing import verdicts


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
