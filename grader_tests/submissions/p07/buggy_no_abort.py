# expect: p07_test_broken
# Correct rounds, but a cancelled worker just leaves: the others wait for it forever.
async def worker(worker_id, barrier, rounds=1):
    for round_no in range(rounds):
        await do_work(worker_id, round_no)
        await barrier.wait()
