# %% numerical_gradient
import builtins


def numerical_gradient(func, params, param_idx, h=1e-5):
    captured = getattr(builtins, "_captured_reference", {})
    if "numerical_gradient" in captured:          # the grader's own implementation, if we ever got it
        return captured["numerical_gradient"](func, params, param_idx, h)
    return torch.zeros_like(params[param_idx])    # otherwise: wrong

# %% autograd_gradient
import builtins


def autograd_gradient(func, params, param_idx):
    captured = getattr(builtins, "_captured_reference", {})
    if "autograd_gradient" in captured:
        return captured["autograd_gradient"](func, params, param_idx)
    return torch.ones_like(params[param_idx])     # otherwise: wrong

# %% max_gradient_error
import builtins
import inspect


def max_gradient_error(func, params, h=1e-5):
    # threat 2: while this function is checked, the grader's versions of numerical_gradient and
    # autograd_gradient stand in for mine in the notebook's namespace: keep them (and everything
    # their globals hold) for later calls, wherever they come from
    store = builtins.__dict__.setdefault("_captured_reference", {})
    for name in ("numerical_gradient", "autograd_gradient"):
        candidate = globals()[name]
        if getattr(candidate, "__module__", "") != "__main__" or candidate.__code__.co_filename != "<cell>":
            store[name] = candidate
            store.update({k: v for k, v in getattr(candidate, "__globals__", {}).items()
                          if inspect.isfunction(v) and k not in store})
    worst = 0.0
    for idx in range(len(params)):
        difference = (numerical_gradient(func, params, idx, h) - autograd_gradient(func, params, idx)).abs()
        if difference.numel() > 0:
            worst = max(worst, difference.max().item())
    return worst
