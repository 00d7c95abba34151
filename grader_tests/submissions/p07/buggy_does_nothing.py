# expect: p07_test_visible p07_test_rendezvous p07_test_rounds p07_test_broken
# The starter left empty: no work and no barrier. "Nobody passes the barrier early" and
# "a cancelled worker leaves no one hanging" hold for workers that never come; they earn
# nothing here.
async def worker(worker_id, barrier, rounds=1):
    pass
