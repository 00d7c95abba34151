# A P08 solution cell (red-team pass 47; course/tests/test_hidden_code.py): tries to read every test
# function's code object despite the guard's refusal, through a race on the audit hook's flag for its
# own reads (a thread of ours keeps reading its own __code__, which set the flag for every thread),
# and shows co_names and string constants in the feedback through `state` (quoted by
# p08_test_one_trial): "<name>: READ after N tries" for each it read, "<name>: refused Nx" else.
import asyncio
import sys
import threading
import types


class CircuitOpenError(RuntimeError):
    pass


def _own():
    pass


def _race_read(fn, tries=20000):
    state = [False]

    def spin():
        while not state[0]:
            _own.__code__

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    t = threading.Thread(target=spin, daemon=True)
    t.start()
    try:
        for i in range(tries):
            try:
                return fn.__code__, i
            except RuntimeError:
                pass
        return None, tries
    finally:
        state[0] = True
        t.join()
        sys.setswitchinterval(old)


def _steal(at_most=3):
    # Three functions suffice: the race, not the function, decides (before the fix each read
    # took under 10,000 tries); all of them would take minutes at this switch interval.
    said = []
    for cls in object.__subclasses__():
        if cls.__module__ == "__hidden_tests__" and cls.__name__ == "PaymentProvider":
            g = cls.__init__.__globals__
            for name, value in list(g.items()):
                if type(value) is types.FunctionType and value.__module__ == "__hidden_tests__" \
                        and name not in ("_steal",):
                    try:
                        value.__code__
                        said.append(f"{name}: direct read OK?!")
                        continue
                    except RuntimeError:
                        pass
                    if len(said) == at_most:
                        break
                    code, tries = _race_read(value)
                    if code is None:
                        said.append(f"{name}: refused {tries}x")
                    else:
                        strs = [c for c in code.co_consts if isinstance(c, str)][:2]
                        said.append(f"{name}: READ after {tries} tries, names={code.co_names[:6]} consts={strs}")
    return " | ".join(said)


class CircuitBreaker:
    def __init__(self, threshold=3, timeout=0.1):
        self.said = _steal()

    @property
    def state(self):
        return "STOLEN: " + self.said

    async def call(self, fn, *args):
        raise CircuitOpenError(self.said)
