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


# -- storage (Day 9: Storage) -----------------------------------------------------------------
#: gp3 throughput above the 125 MiB/s included in the GB price, USD per MiB/s-month.
EBS_GP3_THROUGHPUT_MIBPS_MONTH = 0.04
#: io2 provisioned IOPS are tiered (io1 is flat at EBS_IOPS_MONTH["io1"]): (up to this many IOPS, USD per IOPS-month).
EBS_IO2_IOPS_TIERS = ((32_000, 0.065), (64_000, 0.0455), (None, 0.032))
#: EFS storage (regional file systems), USD per GB-month: Standard, Infrequent Access, Archive.
EFS_GB_MONTH = {"standard": 0.30, "ia": 0.016, "archive": 0.008}
#: What gp3 includes in its GB price.
GP3_BASELINE_IOPS = 3000
GP3_BASELINE_THROUGHPUT = 125


def gp2_baseline(size_gib: int) -> tuple[int, int]:
    """(IOPS, MiB/s) a gp2 volume delivers: 3 IOPS/GiB between 100 and 16,000; 128 MiB/s up to
    170 GiB, 250 MiB/s above (volumes of 170-334 GiB reach 250 only with burst credits)."""
    iops = max(100, min(16_000, 3 * size_gib))
    return iops, (128 if size_gib <= 170 else 250)


def ebs_gp2_to_gp3_matched_saving(size_gib: int) -> float:
    """Saving when the gp3 volume is provisioned to match the gp2 volume's baseline IOPS and
    throughput (only volumes above 1,000 GiB, or above 170 GiB for throughput, need extras).
    Always positive: gp2's performance is priced into its higher GB rate."""
    iops, throughput = gp2_baseline(size_gib)
    extra_iops = max(0, iops - GP3_BASELINE_IOPS) * EBS_IOPS_MONTH["gp3_above_3000"]
    extra_throughput = (max(0, throughput - GP3_BASELINE_THROUGHPUT) * EBS_GP3_THROUGHPUT_MIBPS_MONTH
                        if size_gib > 170 else 0.0)
    return ebs_gp2_to_gp3_saving(size_gib) - extra_iops - extra_throughput


def io2_iops_monthly(iops: int) -> float:
    """Monthly price of io2 provisioned IOPS across its tiers (cheaper than io1 above 32,000 IOPS)."""
    total, floor = 0.0, 0
    for ceiling, price in EBS_IO2_IOPS_TIERS:
        top = iops if ceiling is None else min(iops, ceiling)
        if top > floor:
            total += (top - floor) * price
        if ceiling is None or iops <= ceiling:
            break
        floor = ceiling
    return total


def ebs_volume_monthly(volume_type: str | None, size_gib: int | None, iops: int | None = None,
                       throughput: int | None = None) -> float | None:
    """Estimated monthly price of one EBS volume (storage plus provisioned IOPS/throughput);
    None when the type or size is unknown. Magnetic ``standard`` per-I/O charges are ignored."""
    if volume_type not in EBS_GB_MONTH or size_gib is None:
        return None
    cost = size_gib * EBS_GB_MONTH[volume_type]
    if volume_type == "gp3":
        cost += max(0, (iops or GP3_BASELINE_IOPS) - GP3_BASELINE_IOPS) * EBS_IOPS_MONTH["gp3_above_3000"]
        cost += max(0, (throughput or GP3_BASELINE_THROUGHPUT) - GP3_BASELINE_THROUGHPUT) * EBS_GP3_THROUGHPUT_MIBPS_MONTH
    elif volume_type == "io1":
        cost += (iops or 0) * EBS_IOPS_MONTH["io1"]
    elif volume_type == "io2":
        cost += io2_iops_monthly(iops or 0)
    return cost


def io1_to_gp3_saving(size_gib: int, iops: int) -> float:
    """Monthly saving of moving an io1 volume to gp3 with the same IOPS (throughput left at gp3's baseline)."""
    io1 = ebs_volume_monthly("io1", size_gib, iops) or 0.0
    gp3 = ebs_volume_monthly("gp3", size_gib, max(iops, GP3_BASELINE_IOPS)) or 0.0
    return io1 - gp3


#: RDS DB instance storage (Single-AZ), USD per GB-month. A Multi-AZ instance also pays for its
#: standby's volume (twice the figure). Unlike EBS, RDS charges the same per GB for gp2 and gp3: on
#: RDS, gp3's gain is baseline performance that does not depend on size (see rds_gp3_baseline_iops).
RDS_GB_MONTH = {"gp2": 0.115, "gp3": 0.115, "io1": 0.125, "io2": 0.125, "standard": 0.10}


def rds_storage_monthly(size_gib: int, storage_type: str, multi_az: bool = False) -> float:
    """Monthly storage cost of one RDS DB instance (primary plus standby when Multi-AZ)."""
    return size_gib * RDS_GB_MONTH.get(storage_type, RDS_GB_MONTH["gp2"]) * (2 if multi_az else 1)


def rds_gp2_baseline_iops(size_gib: int) -> int:
    """gp2 earns 3 IOPS per GiB (at least 100); smaller volumes burst above it on credits."""
    return max(100, 3 * size_gib)


def rds_gp3_baseline_iops(size_gib: int, engine: str = "") -> int:
    """gp3 on RDS includes 3,000 IOPS, or 12,000 from 400 GiB on MySQL, MariaDB and PostgreSQL
    (striped volumes); other engines keep 3,000 unless more is provisioned."""
    striped = engine.startswith(("mysql", "mariadb", "postgres"))
    return 12_000 if striped and size_gib >= 400 else 3_000


# -- EC2 on-demand (compute checks) -----------------------------------------------------------------
#: EC2 on-demand Linux/UNIX price of the ``large`` size, USD per hour, us-east-1. Other sizes scale
#: with ``awslint.data.instance_types.SIZE_FACTOR`` (nano 1/16 ... 16xlarge 32x), which holds for
#: these families. These list prices have not changed since the families launched; the t-family
#: figures are the baseline price (CPU-credit surcharges for unlimited mode are not included).
EC2_LARGE_HOURLY = {
    "t2": 0.0928, "t3": 0.0832, "t3a": 0.0752, "t4g": 0.0672,
    "m4": 0.10, "m5": 0.096, "m5a": 0.086, "m6i": 0.096, "m6a": 0.0864, "m7i": 0.1008, "m7a": 0.11592,
    "m7g": 0.0816,
    "c4": 0.10, "c5": 0.085, "c5a": 0.077, "c6i": 0.085, "c6a": 0.0765, "c7i": 0.08925, "c7a": 0.10264,
    "c7g": 0.0725,
    "r4": 0.133, "r5": 0.126, "r5a": 0.113, "r6i": 0.126, "r6a": 0.1134, "r7i": 0.1323, "r7a": 0.15216,
    "r7g": 0.1071,
}


def ec2_monthly_price(instance_type: str) -> float | None:
    """On-demand Linux monthly price of one instance running all month, or None when not in the table."""
    from awslint.data.instance_types import SIZE_FACTOR, family, size

    hourly = EC2_LARGE_HOURLY.get(family(instance_type))
    factor = SIZE_FACTOR.get(size(instance_type))
    if hourly is None or factor is None:
        return None
    return hourly * factor * HOURS_PER_MONTH


def ec2_switch_saving(current_type: str, new_type: str) -> float | None:
    """Monthly saving of running ``new_type`` instead of ``current_type`` (None when a price is unknown)."""
    current, new = ec2_monthly_price(current_type), ec2_monthly_price(new_type)
    if current is None or new is None:
        return None
    return current - new

#: NAT gateway (us-east-1): USD per hour per gateway, and USD per GB processed (any direction, any
#: destination, including S3 and DynamoDB in the same region, which a free gateway endpoint avoids).
NAT_GATEWAY_HOUR = 0.045
NAT_GATEWAY_DATA_GB = 0.045


def nat_processing_monthly(gb_per_month: float) -> float:
    """NAT gateway data-processing charge for a monthly traffic volume (what a gateway endpoint saves)."""
    return gb_per_month * NAT_GATEWAY_DATA_GB


#: Elastic Load Balancing, USD per load-balancer hour (capacity units / data processed not included).
ELB_HOUR = {"classic": 0.025, "application": 0.0225, "network": 0.0225, "gateway": 0.0125}


def clb_monthly_hours_cost() -> float:
    """A Classic Load Balancer's hourly charge over a month; its per-GB processing comes on top."""
    return ELB_HOUR["classic"] * HOURS_PER_MONTH
