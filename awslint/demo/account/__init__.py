"""The demo account: a small, realistic company account built in moto, one module per area.

Read these modules as examples: each builds, with plain boto3 calls, the resources that make
its checks pass and fail (the names say which). ``build(ctx)`` builds the whole account.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

import boto3

#: One module per check area; each exposes ``build(ctx)``.
AREAS = ("network", "compute", "autoscaling", "load_balancing", "storage", "databases", "resilience",
         "caching", "cdn", "serverless")

PRIMARY = "us-east-1"
SECONDARY = "eu-west-1"


@dataclass
class DemoContext:
    """What an area builder gets: clients per region and a place to share ids between areas."""

    session: boto3.Session
    account: str = "123456789012"
    primary: str = PRIMARY
    secondary: str = SECONDARY
    shared: dict = field(default_factory=dict)
    _clients: dict = field(default_factory=dict)

    @property
    def regions(self) -> tuple[str, str]:
        return (self.primary, self.secondary)

    def client(self, service: str, region: str | None = None):
        key = (service, region or self.primary)
        if key not in self._clients:
            self._clients[key] = self.session.client(service, region_name=key[1])
        return self._clients[key]


def build(ctx: DemoContext, areas: tuple[str, ...] = AREAS) -> None:
    for area in areas:
        module = importlib.import_module(f"{__name__}.{area}")
        module.build(ctx)
