# expect: p01_test_visible p01_test_total p01_test_exclusive p01_test_given_lock p01_test_release_on_error p01_test_awaits_io
# Raises as soon as it is called, before any update: no check about updates may pass.
async def increment(counter, lock, n):
    raise NotImplementedError("increment is not written yet")
