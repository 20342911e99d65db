"""The plugin's own tests, with awslint's testing kit and moto."""

from acme_awslint_checks.checks import acme_ebs_customer_managed_key

from awslint.testing import verdicts


def test_unencrypted_volume_fails_encrypted_passes(moto_account):
    ec2 = moto_account.client("ec2")
    plain = ec2.create_volume(AvailabilityZone="us-east-1a", Size=10)["VolumeId"]
    sealed = ec2.create_volume(AvailabilityZone="us-east-1a", Size=10, Encrypted=True)["VolumeId"]
    results = moto_account.scan(acme_ebs_customer_managed_key, regions=["us-east-1"])
    assert verdicts(results) == {plain: "FAIL", sealed: "PASS"}
