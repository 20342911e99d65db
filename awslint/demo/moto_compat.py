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

    models.Origin.__init__ = __init__

    def undo() -> None:
        models.Origin.__init__ = original
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
