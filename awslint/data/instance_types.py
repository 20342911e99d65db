"""EC2 instance families: which are previous generation, and which x86 families have a Graviton twin.

Why our own table: moto's ``describe_instance_types`` marks current families (m5, c5, r5, m6i)
``CurrentGeneration=False``, and real accounts may scan offline inventories, so the checks never
ask the API. The table is deliberately conservative: a family is listed only when AWS documents
it as previous generation, and an x86 family gets a Graviton equivalent only when a same-role
Graviton family exists with the same size names (a FAIL must be a safe recommendation).

Sources (reviewed together on LAST_VERIFIED; refresh yearly, AWS adds families every year):
- "Specifications for Amazon EC2 previous generation instances" in the Amazon EC2 Instance Types
  guide (https://docs.aws.amazon.com/ec2/latest/instancetypes/pg.html; PDF edition (c) 2026, read
  2026-11-28). It lists exactly: A1, C1, C3, C4, G3, I2, M1, M2, M3, M4, P2, P3, P3dn, R3, R4, T1.
- The upgrade-path table on https://aws.amazon.com/ec2/previous-generation/ (T1 -> T3/T4g/T3a,
  M1/M3 -> M7i/M7g/M7a, I2 -> I3, ...).
- The Graviton family pages (https://aws.amazon.com/ec2/graviton/) for which sizes exist.

The same guide lists ``t2``, ``d2``, ``h1``, ``i3``, ``f1``, ``x1`` and ``x1e`` among CURRENT
families, so they are not flagged (many tools flag t2/x1 anyway; customise with a custom check if
your policy is stricter). Families retired altogether (cc1, cc2, cg1, cr1, g2, g3s, hi1, hs1) are
kept below as previous generation: they can no longer be launched, so a hit can only come from an
old offline inventory, and it is then right.
"""

from __future__ import annotations

import re

LAST_VERIFIED = "2026-11-28"
SOURCE_URL = "https://docs.aws.amazon.com/ec2/latest/instancetypes/pg.html"

#: previous-generation family -> suggested current family (the upgrade path AWS documents).
PREVIOUS_GENERATION: dict[str, str] = {
    # Documented previous generation (AWS Instance Types guide, read LAST_VERIFIED).
    "a1": "m7g",  # first Graviton; replaced by Graviton2+ families
    "c1": "c7i", "c3": "c7i", "c4": "c7i",
    "g3": "g4dn", "p2": "g4dn", "p3": "p5", "p3dn": "p5",
    "i2": "i4i",
    "m1": "m7i", "m2": "r7i", "m3": "m7i", "m4": "m7i",
    "r3": "r7i", "r4": "r7i",
    "t1": "t3",
    # Retired families (no longer launchable; previous generation before retirement).
    "cc1": "c7i", "cc2": "c7i", "cg1": "g4dn", "cr1": "r7i", "g2": "g4dn", "g3s": "g4dn",
    "hi1": "i4i", "hs1": "d3",
}

#: x86 family -> Graviton family with the same role (general purpose, compute, memory, burstable).
#: Storage (``d``), network (``n``), high-frequency (``z``) and accelerator variants are left out on
#: purpose: their Graviton twins differ in local disk, network or sizes.
GRAVITON_EQUIVALENT: dict[str, str] = {
    "t2": "t4g", "t3": "t4g", "t3a": "t4g",
    "m4": "m7g", "m5": "m7g", "m5a": "m7g", "m6i": "m7g", "m6a": "m7g", "m7i": "m7g", "m7a": "m7g",
    "c4": "c7g", "c5": "c7g", "c5a": "c7g", "c6i": "c7g", "c6a": "c7g", "c7i": "c7g", "c7a": "c7g",
    "r4": "r7g", "r5": "r7g", "r5a": "r7g", "r6i": "r7g", "r6a": "r7g", "r7i": "r7g", "r7a": "r7g",
}

#: Sizes each Graviton target offers (metal is excluded: a bare-metal move is not a like-for-like swap).
GRAVITON_SIZES: dict[str, frozenset[str]] = {
    "t4g": frozenset({"nano", "micro", "small", "medium", "large", "xlarge", "2xlarge"}),
    "m7g": frozenset({"medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"}),
    "c7g": frozenset({"medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"}),
    "r7g": frozenset({"medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"}),
}

#: Size relative to ``large`` (vCPUs and, within a family, on-demand price scale with it).
SIZE_FACTOR: dict[str, float] = {
    "nano": 1 / 16, "micro": 1 / 8, "small": 1 / 4, "medium": 1 / 2, "large": 1.0, "xlarge": 2.0,
    "2xlarge": 4.0, "4xlarge": 8.0, "8xlarge": 16.0, "12xlarge": 24.0, "16xlarge": 32.0,
}

#: Graviton families: a letter prefix, a generation digit, then ``g`` (m6g, c7gn, t4g, x2gd, im4gn,
#: is4gen, g5g, hpc7g, r8g) plus the first-generation ``a1``. ``g5`` (x86 + NVIDIA) does not match.
_GRAVITON = re.compile(r"^[a-z]+[0-9]+g[a-z]*$")


def family(instance_type: str) -> str:
    """``m5`` for ``m5.large``; ``m7i-flex`` for ``m7i-flex.large``."""
    return instance_type.split(".", 1)[0].lower()


def size(instance_type: str) -> str:
    """``large`` for ``m5.large``; empty when the type has no size part."""
    parts = instance_type.split(".", 1)
    return parts[1].lower() if len(parts) == 2 else ""


def is_graviton(instance_type: str) -> bool:
    fam = family(instance_type)
    return fam == "a1" or bool(_GRAVITON.match(fam))


def previous_generation_upgrade(instance_type: str) -> str | None:
    """The suggested current family when ``instance_type`` is previous generation, else None."""
    return PREVIOUS_GENERATION.get(family(instance_type))


#: Types whose same-named Graviton size is not like-for-like: c4.8xlarge has 36 vCPUs and
#: 60 GiB, c7g.8xlarge 32 vCPUs (a 10% CPU cut is not a safe recommendation).
NOT_LIKE_FOR_LIKE = frozenset({"c4.8xlarge"})


def graviton_equivalent(instance_type: str) -> str | None:
    """The like-for-like Graviton instance type (``m7g.large`` for ``m5.large``), or None when we
    know of none with the same size (``m5.24xlarge``, ``c5.9xlarge``) or the family is not mapped."""
    target = GRAVITON_EQUIVALENT.get(family(instance_type))
    if target is None or instance_type.lower() in NOT_LIKE_FOR_LIKE:
        return None
    instance_size = size(instance_type)
    if instance_size not in GRAVITON_SIZES[target]:
        return None
    return f"{target}.{instance_size}"
