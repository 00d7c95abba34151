# expect: p07_test_broken
# Guards every round but the last ("after the last round nobody needs to hear from me"):
# a worker cancelled during its last round's work never arrives at that round's barrier,
# and the others wait there for good. (It does no round for rounds=0, as it should.)
async def worker(worker_id, barrier, rounds=1):
    if rounds < 1:
        return
    try:
        for round_no in range(rounds - 1):
            await do_work(worker_id, round_no)
            await barrier.wait()
    except BaseException:
        await barrier.abort()
        raise
    await do_work(worker_id, rounds - 1)
    await barrier.wait()
