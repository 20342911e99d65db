"""``awslint new-check NAME``: write a ready-to-edit check module and its passing test."""

from __future__ import annotations

import re
from pathlib import Path

from awslint.checkapi import CUSTOM_ID, NAME, custom_id_hint
from awslint.errors import UsageError


class ScaffoldError(UsageError, ValueError):
    """Bad name/id or a file that already exists (usage error, exit 2)."""


CHECK_TEMPLATE = '''"""{title}

A custom awslint check. Load it with ``awslint scan --checks-dir {directory}``.
Edit the metadata and the function body; keep the function pure (no AWS calls).
"""

from awslint import Param, check, failed, name_tag, passed


@check(
    id="{check_id}",
    name="{name}",
    title="{title}",
    severity="medium",
    needs=("ec2:volumes",),  # sources to read: see `awslint checks show` / docs/writing-checks.md
    lesson="Team policy",
    pillars=("operational",),
    resource_type="AWS::EC2::Volume",
    rationale="Untagged volumes have no owner to ask before deleting them, and their cost cannot be allocated.",
    evaluates="Every EBS volume in each scanned region except volumes being deleted.",
    remediation="Tag the volume: aws ec2 create-tags --resources <volume-id> --tags Key=owner,Value=<team>",
    references=("https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html",),
    params={{"tag": Param("owner", "Tag key every volume must carry")}},
)
def {function}(inv, params):
    """Every volume names its owner, so someone can be asked before it is deleted."""
    for volume in inv["ec2:volumes"]:
        if volume.get("State") in ("deleting", "deleted"):
            continue
        volume_id = volume["VolumeId"]
        arn = inv.arn("ec2", f"volume/{{volume_id}}")
        tags = {{t["Key"]: t.get("Value", "") for t in volume.get("Tags") or []}}
        if tags.get(params["tag"]):
            yield passed(volume_id, f"Volume {{volume_id}} has tag {{params['tag']}}.", arn=arn, name=name_tag(volume))
        else:
            yield failed(volume_id, f"Volume {{volume_id}} has no {{params['tag']!r}} tag; tag it with its owning team.",
                         arn=arn, name=name_tag(volume))
'''

TEST_TEMPLATE = '''"""Tests for the {name} check: run with `pytest {directory}`."""

from awslint.testing import inventory_from, run_check, verdicts

from {module} import {function}


def test_{function}_fails_untagged_and_passes_tagged_volumes():
    inv = inventory_from({{"ec2:volumes": [
        {{"VolumeId": "vol-tagged", "State": "in-use", "Tags": [{{"Key": "owner", "Value": "payments"}}]}},
        {{"VolumeId": "vol-untagged", "State": "available"}},
        {{"VolumeId": "vol-going", "State": "deleting"}},
    ]}})
    assert verdicts(run_check({function}, inv)) == {{"vol-tagged": "PASS", "vol-untagged": "FAIL"}}


def test_{function}_tag_key_is_a_parameter():
    inv = inventory_from({{"ec2:volumes": [{{"VolumeId": "vol-1", "Tags": [{{"Key": "team", "Value": "web"}}]}}]}})
    assert verdicts(run_check({function}, inv, params={{"tag": "team"}})) == {{"vol-1": "PASS"}}


def test_{function}_on_moto(moto_account):
    """The real collector path: a fresh moto account (fixture from awslint's pytest plugin)."""
    ec2 = moto_account.client("ec2")
    owned = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, TagSpecifications=[
        {{"ResourceType": "volume", "Tags": [{{"Key": "owner", "Value": "payments"}}]}}])["VolumeId"]
    orphan = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
    results = moto_account.scan({function}, regions=["us-east-1"])
    assert verdicts(results) == {{owned: "PASS", orphan: "FAIL"}}
'''


def _taken(directory: Path) -> tuple[set[str], set[str]]:
    """Ids and names already used by built-ins, installed plugins and the files in ``directory``.

    Without this, a second ``new-check`` in the same directory wrote a second X-CUS001 and the
    loader then refused one of the two.
    """
    from awslint.registry import build_registry
    registry = build_registry([directory] if directory.is_dir() else [])
    ids, names = set(registry.checks), set(registry.by_name)
    for path in directory.glob("*.py") if directory.is_dir() else ():
        text = path.read_text(encoding="utf-8", errors="replace")  # also files the loader refused
        ids.update(re.findall(r'\bid="([^"]+)"', text))
        names.update(re.findall(r'\bname="([^"]+)"', text))
    return ids, names


def new_check(name: str, directory: Path, check_id: str | None = None) -> list[Path]:
    if not NAME.match(name):
        raise ScaffoldError(f"check name {name!r} must be kebab-case, e.g. require-owner-tag")
    if check_id is not None and not CUSTOM_ID.match(check_id):
        raise ScaffoldError(f"custom check id {check_id!r} is not valid: {custom_id_hint(check_id)}")
    directory = Path(directory)
    ids, names = _taken(directory)
    if name in names:
        raise ScaffoldError(f"a check named {name!r} already exists (built-in, installed plugin or {directory}); "
                            "pick another name")
    if check_id in ids:
        raise ScaffoldError(f"check id {check_id} is already used (built-in, installed plugin or {directory}); "
                            "pick another number")
    check_id = check_id or next(f"X-CUS{n:03d}" for n in range(1, 1000) if f"X-CUS{n:03d}" not in ids)
    module = name.replace("-", "_")
    directory.mkdir(parents=True, exist_ok=True)
    check_path, test_path = directory / f"{module}.py", directory / f"test_{module}.py"
    for path in (check_path, test_path):
        if path.exists():
            raise ScaffoldError(f"{path} already exists; pick another name or delete it")
    fields = {"name": name, "check_id": check_id, "function": module, "module": module,
              "title": f"{name.replace('-', ' ').capitalize()} (custom check)", "directory": directory}
    check_path.write_text(CHECK_TEMPLATE.format(**fields), encoding="utf-8")
    test_path.write_text(TEST_TEMPLATE.format(**fields), encoding="utf-8")
    return [check_path, test_path]
