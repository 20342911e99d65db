"""The plugin's own tests, with awslint's testing kit and moto."""

from acme_awslint_checks.checks import acme_ebs_customer_managed_key

from awslint.testing import inventory_from, run_check, verdicts


def test_unencrypted_volume_fails_encrypted_passes(moto_account):
    ec2 = moto_account.client("ec2")
    plain = ec2.create_volume(AvailabilityZone="us-east-1a", Size=10)["VolumeId"]
    sealed = ec2.create_volume(AvailabilityZone="us-east-1a", Size=10, Encrypted=True)["VolumeId"]
    results = moto_account.scan(acme_ebs_customer_managed_key, regions=["us-east-1"])
    assert verdicts(results) == {plain: "FAIL", sealed: "PASS"}


def test_allowed_keys_parameter_from_plain_dicts():
    """No moto needed to test the logic: the inventory is plain dicts in the describe_volumes shape."""
    acme_key = "arn:aws:kms:us-east-1:123456789012:key/acme"
    inv = inventory_from({"ec2:volumes": [
        {"VolumeId": "vol-acme", "State": "in-use", "Encrypted": True, "KmsKeyId": acme_key},
        {"VolumeId": "vol-aws-managed", "State": "in-use", "Encrypted": True, "KmsKeyId": "alias/aws/ebs"},
        {"VolumeId": "vol-plain", "State": "available", "Encrypted": False},
        {"VolumeId": "vol-going", "State": "deleting", "Encrypted": False},
    ]})
    results = run_check(acme_ebs_customer_managed_key, inv, params={"allowed_key_arns": [acme_key]})
    assert verdicts(results) == {"vol-acme": "PASS", "vol-aws-managed": "FAIL", "vol-plain": "FAIL"}
