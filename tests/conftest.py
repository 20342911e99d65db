"""Shared test setup: no real AWS, no network but loopback, fast moto.

The ``moto_account`` and ``awslint_registry`` fixtures come from awslint's own pytest plugin
(:mod:`awslint.testing`), the same kit custom-check authors use.
"""

import dataclasses
import os
from pathlib import Path

import pytest

# Set before moto or boto3 read them: no credentials leak in, no instance-metadata lookups
# (which would leave loopback), no thousand default AMIs.
os.environ.update({
    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1", "MOTO_EC2_LOAD_DEFAULT_AMIS": "false",
    "AWS_EC2_METADATA_DISABLED": "true",
})
for var in ("AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
    os.environ.pop(var, None)


def _share_botocore_data_loader() -> None:
    """Every test builds fresh boto3 sessions (moto resets boto3's default session at each mock start), and each
    new botocore session parses the service models (EC2's is megabytes of JSON) again: about a third of a second
    per test. The models are read-only data, so the suite shares one loader across sessions; nothing under test
    changes (the loader is botocore's own, with the same search path)."""
    import functools

    import botocore.loaders
    import botocore.session

    botocore.session.create_loader = functools.cache(botocore.loaders.create_loader)  # type: ignore[attr-defined]


_share_botocore_data_loader()


@dataclasses.dataclass
class DemoScan:
    """The demo account, built in moto once per test session and collected with every built-in check."""

    inventory_path: Path  # the saved inventory: `awslint scan --from` it instead of building the demo again
    report: object  # the Report of every check over it
    calls: list[str]  # every API operation the collection made, in order (service.Operation)
    api_calls_by_operation: dict[str, int]


@pytest.fixture(scope="session")
def demo_scan(tmp_path_factory) -> DemoScan:
    """Building the demo costs seconds; every test that needs "the demo" shares this one build (one per
    pytest-xdist worker). Its ids are seeded, so every build gives the same resources."""
    from awslint.demo import demo_account
    from awslint.scan import collect, plan, run_scan
    from awslint.settings import Flags, resolve
    from awslint.testing import default_registry

    registry = default_registry()
    settings = resolve(Flags(demo=True), registry)
    calls: list[str] = []
    with demo_account() as (aws, _):
        aws.session.events.register("before-call",  # inherited by every client created after this
                                    lambda model, **_: calls.append(f"{model.service_model.service_name}.{model.name}"))
        inv, _ = collect(aws, plan(settings.checks, registry.sources), settings.regions)
    path = tmp_path_factory.mktemp("demo") / "demo-inventory.json"
    path.write_text(inv.dumps(), encoding="utf-8")
    report = run_scan(resolve(Flags(from_inventory=path), registry), registry)
    return DemoScan(path, report, calls, dict(inv.api_calls_by_operation))

