"""What every booking rush shares: fire all attempts at once, then summarise status codes and latencies."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable, Iterable


def fire(post: Callable[[object], int], items: Iterable[object]) -> list[tuple[int, float]]:
    """Run `post(item)` for every item in its own thread, all released together; (status, milliseconds) each."""
    items = list(items)
    barrier = threading.Barrier(len(items))
    outcomes: list[tuple[int, float]] = []
    lock = threading.Lock()

    def attempt(item: object) -> None:
        barrier.wait()
        began = time.perf_counter()
        status = post(item)
        with lock:
            outcomes.append((status, (time.perf_counter() - began) * 1000))

    threads = [threading.Thread(target=attempt, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def summary(outcomes: list[tuple[int, float]]) -> dict:
    """Booked (303), refused (422), anything else, and the latency percentiles of a rush."""
    latencies = sorted(ms for _, ms in outcomes)
    return {
        "attempts": len(outcomes),
        "booked_303": sum(1 for status, _ in outcomes if status == 303),
        "refused_422": sum(1 for status, _ in outcomes if status == 422),
        "other_status": sorted({status for status, _ in outcomes} - {303, 422}),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1),
        "max_ms": round(latencies[-1], 1),
    }
