"""``awslint scan --demo``: build the example account in moto, in-process, and scan it.

No credentials and no network: moto intercepts every boto3 call. The account definition is
in :mod:`awslint.demo.account`, one readable module per area.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from awslint.session import AwsSession

DEMO_ENV = {
    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1", "MOTO_EC2_LOAD_DEFAULT_AMIS": "false",
    "AWS_EC2_METADATA_DISABLED": "true",
}


#: Seed of moto's id generator for the demo account (any fixed value; changing it changes every demo id).
DEMO_SEED = 7


class DemoUnavailable(RuntimeError):
    """moto is not installed: the demo needs the ``demo`` extra."""


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
        from moto.moto_api._internal import mock_random

        from awslint.demo import moto_compat
        from awslint.demo.account import DemoContext, build

        moto_compat.apply()
        with mock_aws():
            started = time.monotonic()
            # moto draws resource ids from this generator: seeded, the demo has the same ids in every run,
            # so its SARIF fingerprints and baselines are stable and a baseline of the demo can be tried.
            mock_random.seed(DEMO_SEED)
            session = boto3.Session(region_name="us-east-1")
            moto_compat.session_shims(session)
            build(DemoContext(session=session))
            yield AwsSession(session), time.monotonic() - started
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
