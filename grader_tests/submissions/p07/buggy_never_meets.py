# expect: p07_test_visible p07_test_rendezvous p07_test_rounds p07_test_broken
# Does its work each round but never waits at the barrier: nobody ever meets. When one
# worker is cancelled the others are not left hanging, but only because nobody waits.
async def worker(worker_id, barrier, rounds=1):
    for round_no in range(rounds):
        await do_work(worker_id, round_no)
