# expect: p07_test_broken p07_test_rendezvous p07_test_rounds p07_test_visible
# Breaks the barrier in a `finally`, also after a successful last round: workers
# still draining out of that round get BrokenBarrierError although everyone arrived.
async def worker(worker_id, barrier, rounds=1):
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            await barrier.wait()
    finally:
        await barrier.abort()
