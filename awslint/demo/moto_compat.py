"""Compatibility shims for moto gaps, used only by the demo and the tests.

Each shim makes moto return a field that real AWS returns, so the checks can stay written
for real AWS. Each has a probe, run by ``tests/test_moto_compat.py``, which fails as soon as
moto fixes the gap, telling us to delete the shim.

- CloudFront (moto 5.2.x): ``Origin`` keeps ``S3OriginConfig`` only as the OAI string and
  drops ``OriginAccessControlId``, so ``list_distributions`` returns neither, while real
  CloudFront always returns both for S3 origins. The shim keeps the two fields on moto's
  model object, which moto's serialiser then emits.
"""

from __future__ import annotations

from collections.abc import Callable

_UNDO: dict[str, Callable[[], None]] = {}


def _patch_cloudfront_origin() -> Callable[[], None]:
    from moto.cloudfront import models

    original = models.Origin.__init__

    def __init__(self, origin):
        original(self, origin)
        if "S3OriginConfig" in origin:
            self.s3_origin_config = dict(origin["S3OriginConfig"])
        self.origin_access_control_id = origin.get("OriginAccessControlId", "")

    # monkeypatching moto's model class is the point of a shim; mypy forbids assigning to a method
    models.Origin.__init__ = __init__  # type: ignore[method-assign]

    def undo() -> None:
        models.Origin.__init__ = original  # type: ignore[method-assign]
    return undo


SHIMS: dict[str, Callable[[], Callable[[], None]]] = {
    "cloudfront-origin-access-fields": _patch_cloudfront_origin,
}


#: Client-side shims for APIs moto does not implement at all: functions registered on a boto3
#: Session's event system (e.g. a ``before-call.<service>.<Operation>`` handler that answers
#: from data the demo defined). Each entry documents the gap it covers.
SESSION_SHIMS: list[Callable] = []


def session_shims(session) -> None:
    """Register every client-side shim on a boto3 Session (clients created later inherit them)."""
    for shim in SESSION_SHIMS:
        shim(session)


def apply() -> None:
    """Apply every shim once per process (idempotent)."""
    for name, patch in SHIMS.items():
        if name not in _UNDO:
            _UNDO[name] = patch()


def remove() -> None:
    """Undo every shim (used by the probes that tell us whether moto still needs them)."""
    for name in list(_UNDO):
        _UNDO.pop(name)()


# -- Storage (Day 9): DLM and AWS Backup answered client-side --------------------------------------
# moto 5.2.5 has no DLM backend (GetLifecyclePolicies -> ClientError 404 "Not yet implemented") and its
# AWS Backup backend lacks ListProtectedResources (same 404). These shims answer the three reads the
# storage checks make, from data the demo (or a test) stored on the boto3 Session with
# define_dlm_policies() / define_protected_resources(). A Session with no data gets empty answers, as
# an account with no policies and no backups would. Probes: tests/checks/test_ebs.py.

_SHIM_DATA = "_awslint_shim_data"


def shim_data(session) -> dict:
    """The per-Session data the client-side shims answer from (created on first use)."""
    data = getattr(session, _SHIM_DATA, None)
    if data is None:
        data = {"dlm": {}, "backup_protected": {}}
        setattr(session, _SHIM_DATA, data)
    return data


def define_dlm_policies(session, region: str, policies: list[dict], *, replace: bool = False) -> None:
    """Add DLM policies to one region, in GetLifecyclePolicy's ``LifecyclePolicy`` shape (PolicyId, State,
    PolicyDetails, DefaultPolicy, ...); summaries for GetLifecyclePolicies are derived from them. Several
    demo areas may add to the same region; ``replace=True`` (tests) drops what was there."""
    known = shim_data(session)["dlm"]
    known[region] = [*([] if replace else known.get(region, [])), *(dict(p) for p in policies)]


def define_protected_resources(session, region: str, resources: list[dict], *, replace: bool = False) -> None:
    """Add AWS Backup ``ProtectedResource`` items (ResourceArn, ResourceType, LastBackupTime, ...) to one
    region; ``replace=True`` drops what was there."""
    known = shim_data(session)["backup_protected"]
    known[region] = [*([] if replace else known.get(region, [])), *(dict(r) for r in resources)]


def _answer(parsed: dict, status: int = 200):
    from botocore.awsrequest import AWSResponse
    return AWSResponse("https://awslint-moto-shim.invalid/", status, {}, None), parsed


def _capture_params(params, context, **_):
    """before-parameter-build: keep the caller's parameters for the before-call answer."""
    context["awslint_params"] = dict(params)


def _dlm_summary(policy: dict) -> dict:
    keys = ("PolicyId", "Description", "State", "Tags", "DefaultPolicy")
    summary = {k: policy[k] for k in keys if k in policy}
    if (policy.get("PolicyDetails") or {}).get("PolicyType"):
        summary["PolicyType"] = policy["PolicyDetails"]["PolicyType"]
    return summary


def _dlm_shim(session) -> None:
    import copy

    def policies(region: str) -> list[dict]:
        return shim_data(session)["dlm"].get(region, [])

    def get_lifecycle_policies(request_signer, context, **_):
        params = context.get("awslint_params", {})
        found = policies(request_signer.region_name)
        wanted = params.get("DefaultPolicyType")
        if wanted:
            found = [p for p in found if p.get("DefaultPolicy")
                     and wanted in ("ALL", (p.get("PolicyDetails") or {}).get("ResourceType"))]
        if params.get("State"):
            found = [p for p in found if p.get("State") == params["State"]]
        if params.get("PolicyIds"):
            found = [p for p in found if p.get("PolicyId") in params["PolicyIds"]]
        return _answer({"Policies": [copy.deepcopy(_dlm_summary(p)) for p in found]})

    def get_lifecycle_policy(request_signer, context, **_):
        policy_id = context.get("awslint_params", {}).get("PolicyId")
        for policy in policies(request_signer.region_name):
            if policy.get("PolicyId") == policy_id:
                return _answer({"Policy": copy.deepcopy(policy)})
        return _answer({"Error": {"Code": "ResourceNotFoundException", "Message": f"Policy {policy_id} not found"}},
                       status=404)

    for operation in ("GetLifecyclePolicies", "GetLifecyclePolicy"):
        session.events.register(f"before-parameter-build.dlm.{operation}", _capture_params)
    session.events.register("before-call.dlm.GetLifecyclePolicies", get_lifecycle_policies)
    session.events.register("before-call.dlm.GetLifecyclePolicy", get_lifecycle_policy)


def _backup_protected_resources_shim(session) -> None:
    import copy

    def list_protected_resources(request_signer, **_):
        found = shim_data(session)["backup_protected"].get(request_signer.region_name, [])
        return _answer({"Results": copy.deepcopy(found)})

    session.events.register("before-call.backup.ListProtectedResources", list_protected_resources)


SESSION_SHIMS.extend([_dlm_shim, _backup_protected_resources_shim])


# -- Databases (Day 11): DynamoDB global-table replicas ------------------------------------------------
# moto 5.2.5 accepts update_table(ReplicaUpdates=[{"Create": {"RegionName": ...}}]) but silently ignores
# it: describe_table never lists Replicas (nor GlobalTableVersion), and create_global_table is not
# implemented. This shim remembers the replica updates moto accepted, per Session, and adds them to
# describe_table's answer as AWS does (version 2019.11.21 global tables). It does not create the replica
# table in the other region. It never overrides a Replicas list moto itself returns.
# Probe: tests/checks/test_ddb.py::test_probe_moto_still_ignores_dynamodb_replica_updates.


def _dynamodb_replicas_shim(session) -> None:
    def replicas() -> dict:
        return shim_data(session).setdefault("dynamodb_replicas", {})

    def update_table_done(parsed, context, **_):
        params = context.get("awslint_params") or {}
        if "Error" in parsed or not params.get("ReplicaUpdates"):
            return
        regions = replicas().setdefault((context.get("client_region"), params.get("TableName")), [])
        for update in params["ReplicaUpdates"]:
            if "Create" in update and update["Create"].get("RegionName") not in regions:
                regions.append(update["Create"]["RegionName"])
            if "Delete" in update and update["Delete"].get("RegionName") in regions:
                regions.remove(update["Delete"]["RegionName"])

    def describe_table_done(parsed, context, **_):
        table = parsed.get("Table") if isinstance(parsed, dict) else None
        if not table or "Replicas" in table:
            return
        regions = replicas().get((context.get("client_region"), table.get("TableName")))
        if regions:
            table["Replicas"] = [{"RegionName": r, "ReplicaStatus": "ACTIVE"} for r in regions]
            table["GlobalTableVersion"] = "2019.11.21"

    session.events.register("before-parameter-build.dynamodb.UpdateTable", _capture_params)
    session.events.register("after-call.dynamodb.UpdateTable", update_table_done)
    session.events.register("after-call.dynamodb.DescribeTable", describe_table_done)


SESSION_SHIMS.append(_dynamodb_replicas_shim)


# -- Serverless (Day 13): Lambda DeadLetterConfig ------------------------------------------------------
# moto 5.2.5 accepts DeadLetterConfig in create_function/update_function_configuration but never stores
# it, so list_functions/get_function never return it (AWS returns DeadLetterConfig.TargetArn whenever a
# DLQ is set). This model shim keeps the field on moto's LambdaFunction and adds it to the configuration
# moto serialises, exactly as AWS shapes it.
# Probe: tests/checks/test_lmb.py::test_probe_moto_still_drops_lambda_dead_letter_config.


def _patch_lambda_dead_letter_config() -> Callable[[], None]:
    from moto.awslambda import models

    cls = models.LambdaFunction
    original_init, original_get, original_update = cls.__init__, cls.get_configuration, cls.update_configuration

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        spec = kwargs.get("spec", args[1] if len(args) > 1 else {})
        self.awslint_dead_letter_config = dict(spec.get("DeadLetterConfig") or {})

    def get_configuration(self, *args, **kwargs):
        config = original_get(self, *args, **kwargs)
        target = (getattr(self, "awslint_dead_letter_config", None) or {}).get("TargetArn")
        if target:
            config["DeadLetterConfig"] = {"TargetArn": target}
        return config

    def update_configuration(self, config_updates):
        if "DeadLetterConfig" in config_updates:
            self.awslint_dead_letter_config = dict(config_updates["DeadLetterConfig"] or {})
        return original_update(self, config_updates)

    # monkeypatching moto's model class is the point of a shim; mypy forbids assigning to a method
    cls.__init__, cls.get_configuration, cls.update_configuration = (  # type: ignore[method-assign]
        __init__, get_configuration, update_configuration)

    def undo() -> None:
        cls.__init__, cls.get_configuration, cls.update_configuration = (  # type: ignore[method-assign]
            original_init, original_get, original_update)
    return undo


SHIMS["lambda-dead-letter-config"] = _patch_lambda_dead_letter_config


# -- Compute (Day 6): AMI snapshot encryption ---------------------------------------------------------
# moto 5.2.5 hard-codes an AMI's BlockDeviceMappings (no ``Encrypted`` key, VolumeType 'standard') and
# always creates the AMI's snapshot unencrypted, even from an instance whose volumes are encrypted or by
# copying an encrypted AMI. AWS reports ``Ebs.Encrypted`` on every EBS mapping and an image created from
# encrypted volumes has encrypted snapshots. This model shim (1) marks the AMI's snapshot encrypted (with
# the volume's KMS key) when every EBS volume of the source instance is encrypted, or when the source AMI
# of a copy is encrypted, and (2) adds ``Encrypted`` (and ``KmsKeyId``) to the mapping moto serialises.
# copy_image(Encrypted=True) stays unsupported (moto's handler drops the argument).
# Probe: tests/checks/test_ec2.py::test_probe_moto_still_hard_codes_ami_block_device_mappings.


def _patch_ami_encryption() -> Callable[[], None]:
    from moto.ec2.models import amis

    cls = amis.Ami
    original_init, original_mappings = cls.__init__, cls.block_device_mappings

    def __init__(self, ec2_backend, ami_id, *args, **kwargs):
        original_init(self, ec2_backend, ami_id, *args, **kwargs)
        instance, source = kwargs.get("instance"), kwargs.get("source_ami")
        encrypted, key = False, None
        if instance is not None:
            volumes = [ec2_backend.get_volume(d.volume_id) for d in instance.block_device_mapping.values()
                       if getattr(d, "volume_id", None)]
            encrypted = bool(volumes) and all(v.encrypted for v in volumes)
            key = next((v.kms_key_id for v in volumes if v.kms_key_id), None)
        elif source is not None:
            encrypted = bool(source.ebs_snapshot.encrypted)
            key = source.ebs_snapshot.kms_key_id
        if encrypted:
            self.ebs_snapshot.encrypted = True
            self.ebs_snapshot.kms_key_id = key

    def block_device_mappings(self):
        # Ami.block_device_mappings is a property: read off the class it is the property object, which mypy
        # types as its getter function
        mappings = original_mappings.fget(self)  # type: ignore[attr-defined]
        for mapping in mappings:
            ebs = mapping.get("Ebs")
            if ebs is not None and ebs.get("SnapshotId") == self.ebs_snapshot.id:
                ebs["Encrypted"] = bool(self.ebs_snapshot.encrypted)
                if self.ebs_snapshot.encrypted and self.ebs_snapshot.kms_key_id:
                    ebs["KmsKeyId"] = self.ebs_snapshot.kms_key_id
        return mappings

    # monkeypatching moto's model class is the point of a shim; mypy forbids assigning to a method, and types
    # the block_device_mappings property as its getter function
    cls.__init__, cls.block_device_mappings = __init__, property(block_device_mappings)  # type: ignore[method-assign, assignment]

    def undo() -> None:
        cls.__init__, cls.block_device_mappings = original_init, original_mappings  # type: ignore[method-assign]
    return undo


SHIMS["ec2-ami-encryption"] = _patch_ami_encryption


# -- Compute (Day 6): EC2 placement groups ---------------------------------------------------------------
# moto 5.2.5 has no placement groups: CreatePlacementGroup and DescribePlacementGroups raise
# NotImplementedError, and RunInstances drops Placement.GroupName (DescribeInstances returns ''). This
# client-side shim keeps placement groups per Session and region (created through the normal
# create_placement_group call, answered in AWS's shape: GroupId, GroupArn, State 'available', SpreadLevel
# 'rack' for spread groups), answers DescribePlacementGroups (GroupNames/GroupIds honoured, Filters
# ignored), and puts Placement.GroupName/GroupId back on the instances launched into a group, in the
# RunInstances and DescribeInstances answers. DeletePlacementGroup is not shimmed.
# Probe: tests/checks/test_ec2.py::test_probe_moto_still_lacks_placement_groups.


def _placement_groups_shim(session) -> None:
    import hashlib
    import os

    def store() -> dict:
        return shim_data(session).setdefault("placement_groups", {"groups": {}, "members": {}})

    def create(request_signer, context, **_):
        params = context.get("awslint_params") or {}
        region, name = request_signer.region_name, params.get("GroupName", "")
        groups = store()["groups"].setdefault(region, {})
        if name in groups:
            return _answer({"Error": {"Code": "InvalidPlacementGroup.Duplicate",
                                      "Message": f"The placement group '{name}' already exists."}}, status=400)
        account = os.environ.get("MOTO_ACCOUNT_ID", "123456789012")
        strategy = params.get("Strategy", "cluster")
        group = {"GroupName": name, "State": "available", "Strategy": strategy,
                 "GroupId": "pg-" + hashlib.sha1(f"{region}/{name}".encode()).hexdigest()[:17],
                 "GroupArn": f"arn:aws:ec2:{region}:{account}:placement-group/{name}"}
        if strategy == "spread":
            group["SpreadLevel"] = params.get("SpreadLevel", "rack")
        if strategy == "partition":
            group["PartitionCount"] = params.get("PartitionCount", 2)
        tags = [t for spec in params.get("TagSpecifications") or [] for t in spec.get("Tags") or []]
        if tags:
            group["Tags"] = tags
        groups[name] = group
        return _answer({"PlacementGroup": dict(group)})

    def describe(request_signer, context, **_):
        params = context.get("awslint_params") or {}
        names, ids = set(params.get("GroupNames") or []), set(params.get("GroupIds") or [])
        found = [dict(g) for g in store()["groups"].get(request_signer.region_name, {}).values()
                 if (not names or g["GroupName"] in names) and (not ids or g["GroupId"] in ids)]
        return _answer({"PlacementGroups": found})

    def run_instances_check(request_signer, context, **_):
        name = ((context.get("awslint_params") or {}).get("Placement") or {}).get("GroupName")
        if name and name not in store()["groups"].get(request_signer.region_name, {}):
            return _answer({"Error": {"Code": "InvalidPlacementGroup.Unknown",
                                      "Message": f"The Placement Group '{name}' is unknown."}}, status=400)
        return None

    def run_instances_done(parsed, context, **_):
        name = ((context.get("awslint_params") or {}).get("Placement") or {}).get("GroupName")
        group = store()["groups"].get(context.get("client_region"), {}).get(name or "")
        if not group or "Error" in parsed:
            return
        for instance in parsed.get("Instances") or []:
            link = {"GroupName": group["GroupName"], "GroupId": group["GroupId"]}
            store()["members"][instance.get("InstanceId")] = link
            instance.setdefault("Placement", {}).update(link)

    def describe_instances_done(parsed, **_):
        members = store()["members"]
        for reservation in parsed.get("Reservations") or []:
            for instance in reservation.get("Instances") or []:
                if instance.get("InstanceId") in members:
                    instance.setdefault("Placement", {}).update(members[instance["InstanceId"]])

    for operation in ("CreatePlacementGroup", "DescribePlacementGroups", "RunInstances"):
        session.events.register(f"before-parameter-build.ec2.{operation}", _capture_params)
    session.events.register("before-call.ec2.CreatePlacementGroup", create)
    session.events.register("before-call.ec2.DescribePlacementGroups", describe)
    session.events.register("before-call.ec2.RunInstances", run_instances_check)
    session.events.register("after-call.ec2.RunInstances", run_instances_done)
    session.events.register("after-call.ec2.DescribeInstances", describe_instances_done)


SESSION_SHIMS.append(_placement_groups_shim)


# -- Resilience (Day 4): AWS Backup copy jobs answered client-side ---------------------------------
# moto 5.2.5's AWS Backup backend has no ListCopyJobs (ClientError 404 "Not yet implemented"). This
# shim answers it, per region, from CopyJob items the demo (or a test) stored on the boto3 Session
# with define_copy_jobs(). A Session with no data gets an empty list, as an account that never copied
# a backup would. Probe: tests/checks/test_bak.py::test_moto_still_lacks_list_copy_jobs.

def define_copy_jobs(session, region: str, jobs: list[dict], *, replace: bool = False) -> None:
    """Add AWS Backup ``CopyJob`` items started in one region (ResourceArn, State, CompletionDate,
    DestinationBackupVaultArn, ...), in ListCopyJobs' shape; ``replace=True`` drops what was there."""
    known = shim_data(session).setdefault("backup_copy_jobs", {})
    known[region] = [*([] if replace else known.get(region, [])), *(dict(j) for j in jobs)]


def _backup_copy_jobs_shim(session) -> None:
    import copy

    def list_copy_jobs(request_signer, **_):
        found = shim_data(session).get("backup_copy_jobs", {}).get(request_signer.region_name, [])
        return _answer({"CopyJobs": copy.deepcopy(found)})

    session.events.register("before-call.backup.ListCopyJobs", list_copy_jobs)


SESSION_SHIMS.append(_backup_copy_jobs_shim)
