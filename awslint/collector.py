"""Collection: fetch each needed source once per account and region, in parallel.

Only the sources that the selected checks declare are fetched. Each (source, region) pair is
one task on a thread pool; global sources (IAM, CloudFront, Route 53, S3's bucket list) are
one task per account. A failure (AccessDenied, throttling beyond the retries, a region that
is not enabled, an API the endpoint does not implement) is recorded against that source and
scope and never stops the scan: checks that need the source report ERROR there.
"""

from __future__ import annotations

import copy
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any

import botocore.exceptions
import jmespath

from awslint.inventory import GLOBAL, Inventory
from awslint.session import ClientProvider, global_region_for
from awslint.sources.base import FollowUp, Source

Progress = Callable[[int, int, str], None]
#: Pages one hand-paged list call may take: far above any real account, low enough to end a runaway API.
MAX_PAGES = 10_000


class PaginationError(RuntimeError):
    """An API paged in a circle or without end: the source is recorded as failed for that scope."""
log = logging.getLogger(__name__)
#: How many of the slowest list calls ``-v`` names at the end of a collection.
SLOWEST_SHOWN = 5

ACCESS_DENIED = {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError",
                 "AuthorizationErrorException"}
REGION_DISABLED = {"OptInRequired", "AuthFailure", "UnrecognizedClientException", "InvalidClientTokenId"}


def _clean(text: str, limit: int = 300) -> str:
    """Endpoints that do not implement an API (moto, LocalStack) answer with HTML pages: keep one readable line."""
    if "<html" in text.lower() or "<!doctype" in text.lower():
        title = re.search(r"<title>(.*?)</title>", text, flags=re.I | re.S)
        text = f"the endpoint answered with an HTML page ({title.group(1).strip() if title else 'no title'}); " \
               "the API is probably not implemented there"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_error(exc: BaseException) -> str:
    """One line that tells a user what went wrong and what to do about it."""
    if isinstance(exc, botocore.exceptions.ClientError):
        err = exc.response.get("Error", {})
        code = str(err.get("Code", "?"))
        message = _clean(err.get("Message", "") or str(exc))
        op = exc.operation_name
        if code in ACCESS_DENIED:
            return f"{code} on {op}: grant read access (e.g. the ReadOnlyAccess or SecurityAudit policy)"
        if code in REGION_DISABLED:
            return f"{code} on {op}: the region may not be enabled for this account ({message})"
        return f"{code} on {op}: {message}"
    if isinstance(exc, NotImplementedError):
        return f"not implemented by this endpoint: {_clean(str(exc))}"
    return f"{type(exc).__name__}: {_clean(str(exc))}"


def _redact(item: dict, paths: Iterable[str]) -> None:
    """Remove secret-bearing fields before anything is stored. ``a.b`` walks dicts; ``a[].b``
    walks every element of the list ``a`` (e.g. ``Stages[].variables``)."""
    for path in paths:
        if _remove(item, path.split(".")):
            item.setdefault("_redacted", []).append(path)


def _remove(node: Any, parts: list[str]) -> bool:
    head, rest = parts[0], parts[1:]
    if head.endswith("[]"):
        children = node.get(head[:-2]) if isinstance(node, dict) else None
        return any([_remove(child, rest) for child in children or [] if rest]) if isinstance(children, list) else False
    if not isinstance(node, dict) or head not in node:
        return False
    if not rest:
        del node[head]
        return True
    return _remove(node[head], rest)


def _list_signature(source: Source) -> tuple:
    """What makes two sources the same list call (their follow-ups, wrap and redaction may differ)."""
    return (source.service, source.operation, source.result_key, source.scope, source.paginate,
            json.dumps(dict(source.params), sort_keys=True, default=str), source.missing)


def _takes_next_token(client, operation: str) -> bool:
    model = client.meta.service_model.operation_model(client.meta.method_to_api_mapping[operation])
    return bool(model.input_shape and "NextToken" in model.input_shape.members)


class Collector:
    def __init__(self, aws: ClientProvider, *, max_workers: int = 16, progress: Progress | None = None) -> None:
        self.aws = aws
        self.max_workers = max_workers
        self.progress = progress
        self._item_pool: ThreadPoolExecutor | None = None
        #: (seconds, source keys, region) of every list task, for the slow-source summary
        self.timings: list[tuple[float, str, str]] = []
        self._timings_lock = threading.Lock()

    # -- one call ---------------------------------------------------------------------------------
    def _list(self, client, operation: str, params: dict, result_key: str | None, paginate: bool) -> Any:
        if paginate and client.can_paginate(operation):
            pages = client.get_paginator(operation).paginate(**params)
            if result_key is None:
                return pages.build_full_result()
            return [x for x in pages.search(result_key) if x is not None]
        response = getattr(client, operation)(**params)
        response.pop("ResponseMetadata", None)
        if result_key is None:
            return response
        found = jmespath.search(result_key, response)
        if paginate and isinstance(found, list) and response.get("NextToken") and _takes_next_token(client, operation):
            # Some list APIs page with NextToken but botocore ships no paginator for them
            # (events.ListEventBuses): follow the token by hand rather than read page one only.
            # A token seen before would page in a circle (and repeat its items); an API that hands out fresh
            # tokens forever would never end: both fail the source, so its checks say ERROR instead of guessing.
            seen: set[str] = set()
            while response.get("NextToken"):
                token = response["NextToken"]
                if token in seen:
                    raise PaginationError(f"{operation} returned the NextToken {token[:40]!r} twice; its list cannot "
                                          "be trusted")
                if len(seen) >= MAX_PAGES:
                    raise PaginationError(f"{operation} was still paging after {MAX_PAGES} pages; stopped")
                seen.add(token)
                response = getattr(client, operation)(**params, NextToken=token)
                found.extend(jmespath.search(result_key, response) or [])
        return found

    def fetch(self, source: Source, region: str, call_region: str) -> list[dict]:
        """One source in one region: its list, then its per-item follow-ups."""
        return self.finish(source, self.fetch_list(source, call_region), call_region)

    def fetch_list(self, source: Source, call_region: str) -> list:
        """The list call alone (shared by every source that lists the same thing)."""
        client = self.aws.client(source.service, call_region)
        try:
            items = self._list(client, source.operation, dict(source.params), source.result_key, source.paginate)
        except botocore.exceptions.ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in source.missing:
                return []
            raise
        return list(items or [])

    def finish(self, source: Source, items: list, call_region: str) -> list[dict]:
        """Wrap, redact and enrich the listed items for one source."""
        if source.wrap:
            items = [{source.wrap: x} if not isinstance(x, dict) else x for x in items]
        elif any(not isinstance(x, dict) for x in items):
            raise TypeError(f"source {source.key}: {source.operation} returns bare values, not objects; declare "
                            f"wrap='SomeName' on the Source to turn each into {{'SomeName': value}}")
        for item in items:
            _redact(item, source.redact)
        if source.follow_ups and items:
            # Per-item reads (one call per table, bucket, function...) dominate big accounts: run them
            # on their own pool so they overlap, without competing with the source tasks for workers.
            def enrich(item: dict) -> None:
                for follow in source.follow_ups:
                    item[follow.store_as] = self._follow(source, follow, item, call_region)
                _redact(item, source.redact)

            pool = self._item_pool
            if pool is None or len(items) == 1:
                for item in items:
                    enrich(item)
            else:
                for future in [pool.submit(enrich, item) for item in items]:
                    future.result()
        return items

    def fetch_group(self, group: list[Source], call_region: str) -> dict[str, list[dict] | BaseException]:
        """Sources that list the same thing (same call, same arguments) share one list call per region:
        each gets its own copy of the items for its redaction and follow-ups. A failed list fails them all;
        a failed follow-up fails only its source."""
        started = time.monotonic()
        try:
            outcome = self._fetch_group(group, call_region)
        finally:
            seconds = time.monotonic() - started
            with self._timings_lock:
                self.timings.append((seconds, ", ".join(s.key for s in group), call_region))
        log.debug("%s in %s: %s in %.2fs", ", ".join(s.key for s in group), call_region,
                  "; ".join(f"{k}: {len(v)} items" if isinstance(v, list) else f"{k}: {describe_error(v)}"
                            for k, v in outcome.items()), seconds)
        return outcome

    def _fetch_group(self, group: list[Source], call_region: str) -> dict[str, list[dict] | BaseException]:
        try:
            listed = self.fetch_list(group[0], call_region)
        except Exception as exc:
            return {source.key: exc for source in group}
        out: dict[str, list[dict] | BaseException] = {}
        for index, source in enumerate(group):
            items = listed if index == len(group) - 1 else copy.deepcopy(listed)
            try:
                out[source.key] = self.finish(source, items, call_region)
            except Exception as exc:
                out[source.key] = exc
        return out

    def _follow(self, source: Source, follow: FollowUp, item: dict, call_region: str) -> Any:
        params = follow.params(item)
        if params is None:  # nothing to ask (e.g. an earlier follow-up found the resource already gone)
            return None
        region = (follow.region_from(item) if follow.region_from else None) or call_region
        client = self.aws.client(follow.service or source.service, region)
        try:
            result = self._list(client, follow.operation, params, follow.result_key, follow.paginate)
        except botocore.exceptions.ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in follow.missing:
                return None
            raise
        for child in result if follow.follow_ups and isinstance(result, list) else ():
            for nested in follow.follow_ups if isinstance(child, dict) else ():
                child[nested.store_as] = self._follow(source, nested, child, region)
        return result

    # -- a whole scan -----------------------------------------------------------------------------
    def collect(self, sources: Iterable[Source], account: str, regions: list[str],
                inventory: Inventory | None = None) -> Inventory:
        inv = inventory or Inventory()
        if account not in inv.accounts:
            inv.accounts.append(account)
        inv.regions = list(dict.fromkeys([*inv.regions, *regions]))
        global_region = global_region_for(regions)
        groups: dict[tuple, list[Source]] = {}
        for source in sorted({s.key: s for s in sources}.values(), key=lambda s: s.key):
            groups.setdefault(_list_signature(source), []).append(source)
            if source.is_global:
                inv.global_sources.add(source.key)
        tasks: list[tuple[list[Source], str, str]] = []
        for group in groups.values():
            if group[0].is_global:
                tasks.append((group, GLOBAL, global_region))
            else:
                tasks.extend((group, region, region) for region in regions)
        started = time.monotonic()
        done = 0
        with ThreadPoolExecutor(max_workers=self.max_workers, thread_name_prefix="awslint-collect") as pool, \
                ThreadPoolExecutor(max_workers=self.max_workers, thread_name_prefix="awslint-items") as items_pool:
            self._item_pool = items_pool
            futures = {pool.submit(self.fetch_group, group, call_region): (group, label)
                       for group, label, call_region in tasks}
            for future in as_completed(futures):
                group, label = futures[future]
                for key, outcome in future.result().items():
                    if isinstance(outcome, BaseException):  # recorded, never raised: errors are results
                        inv.fail(key, account, label, describe_error(outcome))
                    else:
                        inv.put(key, account, label, outcome)
                done += 1
                if self.progress:
                    self.progress(done, len(tasks), f"{', '.join(s.key for s in group)} {label}")
            self._item_pool = None
        inv.api_calls = self.aws.counter.total
        inv.api_calls_by_operation = dict(sorted(self.aws.counter.calls.items()))
        inv.collect_seconds = round(time.monotonic() - started, 3)
        slowest = sorted(self.timings, reverse=True)[:SLOWEST_SHOWN]
        if slowest:
            log.info("slowest sources: %s", "; ".join(f"{keys} in {region} {sec:.1f}s" for sec, keys, region in slowest))
        retried = self.aws.counter.retries
        if retried:
            log.info("%d API call(s) were retried (throttling or transient errors): %s", sum(retried.values()),
                     ", ".join(f"{op} x{n}" for op, n in retried.most_common(5)))
        return inv
