"""A small, dated price table for the cost context in cost checks' messages.

Prices are AWS on-demand list prices in us-east-1, in USD, as published on PRICES_AS_OF.
They are estimates for orientation only ("about $X/month"), never billing data: regions,
discounts, Savings Plans and free tiers change the real figure. Update the table and the
date together.
"""

from __future__ import annotations

PRICES_AS_OF = "2026-11-01"
REGION = "us-east-1"

#: EBS storage, USD per GB-month.
EBS_GB_MONTH = {"gp2": 0.10, "gp3": 0.08, "io1": 0.125, "io2": 0.125, "st1": 0.045, "sc1": 0.015,
                "standard": 0.05}
#: EBS provisioned IOPS, USD per IOPS-month (io2 first tier).
EBS_IOPS_MONTH = {"io1": 0.065, "io2": 0.065, "gp3_above_3000": 0.005}
#: EBS snapshots (standard tier), USD per GB-month.
EBS_SNAPSHOT_GB_MONTH = 0.05

HOURS_PER_MONTH = 730


def monthly(amount: float) -> str:
    """Format a monthly estimate, always labelled as such."""
    return f"about ${amount:,.2f}/month (estimate, {REGION} list prices as of {PRICES_AS_OF})"


def ebs_gp2_to_gp3_saving(size_gib: int) -> float:
    """gp3 includes 3,000 IOPS and 125 MiB/s at a lower GB price, so moving gp2 to gp3 at
    baseline saves the GB price difference (volumes above 1,000 GiB had >3,000 gp2 IOPS and
    may need provisioned gp3 IOPS; the estimate ignores that)."""
    return size_gib * (EBS_GB_MONTH["gp2"] - EBS_GB_MONTH["gp3"])
