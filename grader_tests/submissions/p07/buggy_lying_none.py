# expect: p07_test_rendezvous p07_test_rounds p07_test_broken p07_test_visible
# Meets the others correctly, but returns an object that says it equals anything: a
# check comparing the outcomes with `== [None, ...]` would take it for None. The
# contract's worker returns None. (The visible check compares with `==`: it passes.)
class Nothing:
    def __eq__(self, other):
        return True

    def __repr__(self):
        return "None"


async def worker(worker_id, barrier, rounds=1):
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            await barrier.wait()
    except BaseException:
        await barrier.abort()
        raise
    return Nothing()
