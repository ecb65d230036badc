"""The phones' side of the cast benchmarks (bench/voting.py, bench/livelihood.py): N casts
`POST /api/voting/polls/{id}/cast`, each on a new connection as a phone would make, retried on refusals,
timeouts and 5xx (casting is idempotent), fired from a pool of client threads. A `Tally` counts what the
server answered (recorded true / false), the retries by cause and the failures."""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

RETRY_STATUSES = {500, 502, 503, 504}


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.retries: dict[str, int] = {}
        self.failures: list[str] = []
        self.recorded = {True: 0, False: 0}

    def retry(self, why: str) -> None:
        with self.lock:
            self.retries[why] = self.retries.get(why, 0) + 1


def cast_one(port: int, poll_id: int, token: str, body: bytes, tally: Tally, max_attempts: int = 20):
    """One phone's cast of `body`: (seconds from first attempt to acceptance, recorded), or None after
    `max_attempts` or on an answer other than 200 and the retried ones."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    start = time.perf_counter()
    for attempt in range(max_attempts):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("POST", f"/api/voting/polls/{poll_id}/cast", body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            conn.close()
        except (TimeoutError, ConnectionError, http.client.HTTPException, OSError) as exc:
            tally.retry(type(exc).__name__)
            time.sleep(0.05 * (attempt + 1))
            continue
        if resp.status == 200:
            recorded = json.loads(data)["recorded"]
            with tally.lock:
                tally.recorded[recorded] += 1
            return time.perf_counter() - start, recorded
        if resp.status in RETRY_STATUSES:
            tally.retry(f"HTTP {resp.status}")
            time.sleep(0.05 * (attempt + 1))
            continue
        with tally.lock:
            tally.failures.append(f"HTTP {resp.status}: {data[:200]!r}")
        return None
    with tally.lock:
        tally.failures.append("gave up after retries")
    return None


def fire(port: int, poll_id: int, tokens: Sequence[str], bodies: Sequence[bytes], concurrency: int):
    """Token i casts bodies[i], `concurrency` at a time: (wall seconds, latencies of the accepted, Tally)."""
    tally = Tally()
    latencies: list[float] = []
    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        futures = [pool.submit(cast_one, port, poll_id, t, bodies[i], tally) for i, t in enumerate(tokens)]
        for f in futures:
            r = f.result()
            if r is not None:
                latencies.append(r[0])
    return time.perf_counter() - start, latencies, tally
