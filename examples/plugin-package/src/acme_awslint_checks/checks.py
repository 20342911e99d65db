"""ACME policy: EBS volumes are encrypted with ACME's own KMS keys, not the AWS-managed default key."""

from awslint import Param, check, failed, passed


@check(
    id="ACME-EBS001",
    name="acme-ebs-customer-managed-key",
    title="EBS volume not encrypted with a customer-managed KMS key",
    severity="medium",
    needs=("ec2:volumes",),
    lesson="ACME security standard 4.2",
    pillars=("security",),
    resource_type="AWS::EC2::Volume",
    rationale="Customer-managed keys let ACME audit and revoke access to the data; the AWS-managed aws/ebs key "
              "cannot be shared cross-account or disabled.",
    evaluates="Every EBS volume not being deleted. FAIL when unencrypted or encrypted with a key outside "
              "the allowed key ARNs (when the list is empty, any encrypted volume passes).",
    remediation="Snapshot the volume, copy the snapshot with --kms-key-id <acme-key>, and create a new volume "
                "from it (aws ec2 copy-snapshot --encrypted --kms-key-id ...).",
    references=("https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html",),
    params={"allowed_key_arns": Param([], "KMS key ARNs ACME allows; empty means any key")},
)
def acme_ebs_customer_managed_key(inv, params):
    """Encryption at rest with keys ACME controls."""
    allowed = set(params["allowed_key_arns"])
    for volume in inv["ec2:volumes"]:
        if volume.get("State") in ("deleting", "deleted"):
            continue
        vid = volume["VolumeId"]
        arn = inv.arn("ec2", f"volume/{vid}")
        key = volume.get("KmsKeyId")
        if not volume.get("Encrypted"):
            yield failed(vid, f"Volume {vid} is not encrypted; re-create it encrypted with an ACME key.", arn=arn)
        elif allowed and key not in allowed:
            yield failed(vid, f"Volume {vid} is encrypted with {key}, not an ACME key.", arn=arn)
        else:
            yield passed(vid, f"Volume {vid} is encrypted with {key}.", arn=arn)
