"""``awslint scan --demo``: build the example account in moto, in-process, and scan it.

No credentials and no network: moto intercepts every boto3 call. The account definition is
in :mod:`awslint.demo.account`, one readable module per area.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from awslint.errors import UsageError
from awslint.session import AwsSession, RegionError

DEMO_ENV = {
    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1", "MOTO_EC2_LOAD_DEFAULT_AMIS": "false",
    "AWS_EC2_METADATA_DISABLED": "true",
}


#: Seed of moto's id generator for the demo account (any fixed value; changing it changes every demo id).
DEMO_SEED = 7


class DemoUnavailable(UsageError, RuntimeError):
    """moto is not installed: the demo needs the ``demo`` extra."""


def demo_regions(requested: Sequence[str] = ()) -> tuple[str, ...]:
    """The regions a demo scan covers: the demo's two (where it has resources) unless others are asked for.

    An unknown region is refused before spending seconds building the account.
    """
    import difflib

    import boto3

    from awslint.demo.account import PRIMARY, SECONDARY

    regions = tuple(requested) or (PRIMARY, SECONDARY)
    known = set(boto3.Session().get_available_regions("ec2"))
    unknown = [r for r in regions if r not in known]
    if unknown:
        hint = difflib.get_close_matches(unknown[0], sorted(known), n=1)
        raise RegionError(f"unknown region {unknown[0]!r}" + (f"; did you mean {hint[0]!r}?" if hint else ""))
    return regions


def seed_ids(session: Any) -> None:
    """Make moto draw the same resource ids in every run, so the demo's SARIF fingerprints and baselines are
    stable (a baseline of the demo can be tried, and tests can pin every demo verdict).

    moto draws ids from one generator, which is seeded here. Each region's EC2 backend also draws ids for
    its defaults (default VPC, subnets, security groups, prefix lists) when it is created or reset, and
    whether it already exists depends on what ran before in the process: so the demo's regions are created
    first, then the generator is seeded, then they are reset to fresh defaults drawn from the seed.
    """
    from moto.ec2.models import ec2_backends
    from moto.moto_api._internal import mock_random

    from awslint.demo.account import PRIMARY, SECONDARY

    account = session.client("sts").get_caller_identity()["Account"]
    backends = [ec2_backends[account][region] for region in (PRIMARY, SECONDARY)]
    mock_random.seed(DEMO_SEED)
    for backend in backends:
        backend.reset()


@contextmanager
def demo_account() -> Iterator[tuple[AwsSession, float]]:
    """Yield an AwsSession on a freshly built moto account, and the seconds it took to build."""
    saved = {k: os.environ.get(k) for k in DEMO_ENV}
    os.environ.update(DEMO_ENV)
    try:
        try:
            from moto import mock_aws
        except ImportError:
            raise DemoUnavailable("the demo needs moto: pip install 'awslint[demo]'") from None
        import boto3

        from awslint.demo import moto_compat
        from awslint.demo.account import DemoContext, build

        moto_compat.apply()
        with mock_aws():
            started = time.monotonic()
            session = boto3.Session(region_name="us-east-1")
            seed_ids(session)
            moto_compat.session_shims(session)
            build(DemoContext(session=session))
            yield AwsSession(session), time.monotonic() - started
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
