"""awslint: lint a live AWS account against Solutions-Architect best practice.

The public API for check authors is re-exported here so that a custom check needs a
single import: ``from awslint import check, Param, passed, failed, Source``.
"""

__version__ = "0.1.0"

from awslint.checkapi import Check, Param, check, errored, failed, name_tag, passed, region_of_arn, tags_of
from awslint.sources.base import FollowUp, Identity, Source

__all__ = ["Check", "FollowUp", "Identity", "Param", "Source", "__version__", "check", "errored", "failed", "name_tag", "passed",
           "region_of_arn", "tags_of"]
