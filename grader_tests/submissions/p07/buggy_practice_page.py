# expect: p07_test_broken p07_test_rendezvous p07_test_rounds p07_test_visible
# The practice page's worker: one round only (rounds is ignored), and nothing breaks
# the barrier when a worker is cancelled.
import asyncio


async def worker(worker_id, barrier, rounds=1):
    await asyncio.sleep(worker_id * 0.005)
    print(f"Worker {worker_id} reached barrier")
    await barrier.wait()
    print(f"Worker {worker_id} continuing")
