"""A few requests at once: one per alert at a start, where one after the other took
a round trip each (an agency's 100 alerts: 100 tag lists and up to 500 back-fill pages
before the stream opened).

`in_parallel` runs the works at most `limit` at a time and gives their results in
order; the first failure cancels the others and is raised as it is (not wrapped in an
ExceptionGroup), so callers catch the API's errors as they did one at a time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


async def in_parallel(works: Sequence[Callable[[], Awaitable[T]]], limit: int) -> list[T]:
    gate = asyncio.Semaphore(max(1, limit))

    async def one(work: Callable[[], Awaitable[T]]) -> T:
        async with gate:
            return await work()

    tasks = [asyncio.ensure_future(one(work)) for work in works]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
