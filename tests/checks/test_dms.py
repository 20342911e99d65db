"""DMS checks on moto (plus plain dicts for instance states moto cannot produce, such as deleting)."""

from __future__ import annotations

from awslint.testing import ACCOUNT, inventory_from, messages, run_check, verdicts


# -- DMS -------------------------------------------------------------------------------------------------------
def test_dms_multi_az_and_public_with_omitted_fields(moto_account):
    dms = moto_account.client("dms")
    dms.create_replication_instance(ReplicationInstanceIdentifier="legacy-crm-migration",
                                    ReplicationInstanceClass="dms.t3.medium", MultiAZ=False, PubliclyAccessible=True)
    dms.create_replication_instance(ReplicationInstanceIdentifier="orders-cdc", ReplicationInstanceClass="dms.r5.large",
                                    MultiAZ=True, PubliclyAccessible=False)
    # moto omits both fields when they were not given; AWS always returns them (public by default)
    dms.create_replication_instance(ReplicationInstanceIdentifier="bare", ReplicationInstanceClass="dms.t3.micro")

    multi_az = moto_account.scan("dms-multi-az", regions=["us-east-1"])
    public = moto_account.scan("dms-publicly-accessible", regions=["us-east-1"])

    assert verdicts(multi_az) == {"legacy-crm-migration": "FAIL", "orders-cdc": "PASS", "bare": "ERROR"}
    assert verdicts(public) == {"legacy-crm-migration": "FAIL", "orders-cdc": "PASS", "bare": "ERROR"}
    assert messages(multi_az)["orders-cdc"] == "DMS replication instance orders-cdc is Multi-AZ."  # moto's junk AZ dropped
    assert "cannot be changed" in messages(public)["legacy-crm-migration"]
    assert {r.resource_arn for r in public} == {f"arn:aws:dms:us-east-1:{ACCOUNT}:rep:{n}"
                                                for n in ("legacy-crm-migration", "orders-cdc", "bare")}


def test_dms_skips_deleting_instances():
    inv = inventory_from({"dms:replication_instances": [
        {"ReplicationInstanceIdentifier": "old", "ReplicationInstanceStatus": "deleting", "MultiAZ": False,
         "PubliclyAccessible": True},
        {"ReplicationInstanceIdentifier": "new", "ReplicationInstanceStatus": "creating", "MultiAZ": False,
         "PubliclyAccessible": False}]})
    assert verdicts(run_check("dms-multi-az", inv)) == {"new": "FAIL"}
    assert verdicts(run_check("dms-publicly-accessible", inv)) == {"new": "PASS"}
