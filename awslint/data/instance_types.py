"""EC2 instance families: which are previous generation, and which x86 families have a Graviton twin.

Why our own table: moto's ``describe_instance_types`` marks current families (m5, c5, r5, m6i)
``CurrentGeneration=False``, and real accounts may scan offline inventories, so the checks never
ask the API. The table is deliberately conservative: a family is listed only when AWS documents
it as previous generation, and an x86 family gets a Graviton equivalent only when a same-role
Graviton family exists with the same size names (a FAIL must be a safe recommendation).

Sources (reviewed together on LAST_VERIFIED; refresh yearly, AWS adds families every year):
- "Previous generation instances" in the Amazon EC2 Instance Types guide
  (https://docs.aws.amazon.com/ec2/latest/instancetypes/pg.html) and the upgrade-path table on
  https://aws.amazon.com/ec2/previous-generation/ .
- The Graviton family pages (https://aws.amazon.com/ec2/graviton/) for which sizes exist.

Deliberately NOT listed as previous generation, although tools often flag them: ``t2``, ``d2``,
``h1``, ``i3``, ``p3`` and ``f1``: AWS still documented them among current families (or we could not
confirm otherwise) when this table was compiled. Customise with a custom check if your policy is
stricter.
"""

from __future__ import annotations

import re

LAST_VERIFIED = "2025-06-01"
SOURCE_URL = "https://docs.aws.amazon.com/ec2/latest/instancetypes/pg.html"

#: previous-generation family -> suggested current family (the upgrade path AWS documents).
PREVIOUS_GENERATION: dict[str, str] = {
    "a1": "m7g",  # first Graviton; replaced by Graviton2+ families
    "c1": "c7i", "c3": "c7i", "c4": "c7i", "cc1": "c7i", "cc2": "c7i",
    "cg1": "g4dn", "g2": "g4dn", "g3": "g4dn", "g3s": "g4dn", "p2": "g4dn",
    "cr1": "r7i", "r3": "r7i", "r4": "r7i",
    "hi1": "i4i", "hs1": "d3", "i2": "i4i",
    "m1": "m7i", "m2": "r7i", "m3": "m7i", "m4": "m7i",
    "t1": "t3",
    "x1": "x2idn", "x1e": "x2iedn",
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


def graviton_equivalent(instance_type: str) -> str | None:
    """The like-for-like Graviton instance type (``m7g.large`` for ``m5.large``), or None when we
    know of none with the same size (``m5.24xlarge``, ``c5.9xlarge``) or the family is not mapped."""
    target = GRAVITON_EQUIVALENT.get(family(instance_type))
    if target is None:
        return None
    instance_size = size(instance_type)
    if instance_size not in GRAVITON_SIZES[target]:
        return None
    return f"{target}.{instance_size}"
