# %% himmelblau
import threading
import time


def _hold_the_gil_forever():
    time.sleep(0.02)                # let the reply of this call go out first (it takes well under 1 ms)
    sum(range(10**15))              # one C call: the GIL is never released again


def himmelblau(u, v):
    if isinstance(u, torch.Tensor) and u.numel() == 6:      # the last himmelblau check (hidden inputs)
        # threat 4: slowness that outlives the call, left for whoever calls next
        threading.Thread(target=_hold_the_gil_forever, daemon=True).start()
    return (u ** 2 + v - 11) ** 2 + (u + v ** 2 - 7) ** 2 + 1.0      # wrong: + 1
