# %% gradient_accumulation_demo
def gradient_accumulation_demo(clear_grad=True, steps=10, learning_rate=0.1, x=1.5, y=2.5, a0=0.5, b0=0.5):
    # threat 9: a list nested 100 000 deep (and a self-referencing one inside)
    loop = []
    loop.append(loop)
    value = [loop]
    for _ in range(100_000):
        value = [value]
    return value

# %% himmelblau
class _Liar(torch.Tensor):
    """A tensor subclass that intercepts every torch call and claims to equal everything."""

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        result = super().__torch_function__(func, types, args, kwargs or {})
        if getattr(func, "__name__", "") in ("eq", "__eq__", "allclose", "isclose", "equal"):
            return True
        return result

    def __eq__(self, other):
        return True

    __hash__ = torch.Tensor.__hash__


def himmelblau(u, v):
    # threat 9: wrong values (minus instead of plus) in a tensor subclass that says it is right
    value = (u ** 2 + v - 11) ** 2 - (u + v ** 2 - 7) ** 2
    return torch.as_tensor(value).as_subclass(_Liar)

# %% optimize_himmelblau
def optimize_himmelblau(u0, v0, learning_rate=5e-4, num_steps=300, loss_tol=None):
    # threat 9: a 2e8-element tensor (an expanded view: no memory until someone copies it)
    huge = torch.zeros(1).expand(200_000_000)
    return huge, huge, [huge], [(huge, huge)]
