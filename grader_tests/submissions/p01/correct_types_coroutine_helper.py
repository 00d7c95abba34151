# expect: full marks
# correct_async_with with a generator-based "give the loop a turn" helper, made with @types.coroutine inside
# increment (at check time). types.coroutine gives the generator function its own code with one more flag,
# which the guard took for a solution's function given other code once the tests had begun: every later check
# failed (0/10, red-team pass 113).
import types
async def increment(counter, lock, n):
    @types.coroutine
    def pass_turn():
        yield
    for _ in range(n):
        async with lock:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        await pass_turn()
