"""Evidence of how a result was computed: the source witness, the whole-process record, the verdicts.

Runs in this process (no sandbox): the same ``trace_api`` the student process uses.
"""

import threading

import pytest
import torch

from autograder import computed_how as how
from autograder.misconceptions import catalogue as mc
from autograder.notebook import NotebookCell
from autograder.sandbox import CallResult
from autograder.source_evidence import function_facts
from autograder.worker.codeprint import compile_cell, fingerprint, identify
from assignments import testfuncs
from autograder.worker.tracing import MARKER, trace_api


def cells(*sources):
    return tuple(NotebookCell(i, source, None) for i, source in enumerate(sources, start=1))


# -- the source witness --------------------------------------------------------------------------

def test_the_source_witness_follows_helpers_constants_and_imports():
    notebook = cells("%matplotlib inline\nimport math\nimport torch as T\nSCALE = T.ones(1)",
                     "def helper(v):\n    return SCALE * v\n",
                     "def f(x):\n    return helper(math.sqrt(x))\n",
                     "def unrelated():\n    import subprocess\n")
    facts = function_facts(notebook, "f")
    assert facts.found and {"helper", "sqrt", "ones"} <= facts.called
    assert facts.modules == {"math", "torch"}  # through helper -> SCALE -> ``import torch as T``
    assert facts.escapes == [] and not facts.replaced


def test_the_last_definition_counts_and_other_bindings_are_not_read_as_a_def():
    assert function_facts(cells("def f():\n    import torch\n", "def f():\n    return 1\n"), "f").modules == set()
    assert not function_facts(cells("def f():\n    return 1\n", "f = lambda: 2\n"), "f").found
    assert not function_facts(cells("def g():\n    return 1\n"), "f").found
    assert not function_facts(cells("def f(:\n"), "f").found


def test_the_source_witness_keeps_one_submission_s_parse_and_skips_ipython_s_transformer_for_python():
    """Notebooks of never-called ``def``s once took the grading process to gigabytes (an AST
    cache of 32 submissions) and minutes; one is kept now, and plain Python is parsed as is."""
    from autograder import source_evidence
    from autograder.notebook import MAX_CODE_BYTES

    body = "".join(f"def f{i}(x):\n    return x + {i}\n" for i in range(4_000))   # 140 KB
    for student in ("a", "b", "c"):
        big = cells(body.replace("def f", f"def {student}_"), "import math\ndef f(x):\n    return math.sqrt(x)\n")
        assert len(big[0].source) <= min(MAX_CODE_BYTES, source_evidence.MAX_CELL_CHARS)
        assert function_facts(big, "f").called == {"sqrt"}
    assert source_evidence._parsed.cache_info().currsize == 1
    import IPython.core.inputtransformer2 as transformer

    transformed = []

    original = transformer.TransformerManager.transform_cell
    try:
        transformer.TransformerManager.transform_cell = lambda self, text: transformed.append(text) or original(self, text)
        assert function_facts(cells("import math\ndef g(x):\n    return math.floor(x)\n"), "g").found
        assert transformed == []
        assert function_facts(cells("%matplotlib inline\ndef g(x):\n    return abs(x)\n"), "g").found
        assert len(transformed) == 1
    finally:
        transformer.TransformerManager.transform_cell = original


@pytest.mark.parametrize("source, escape", [
    ("def f(x):\n    return getattr(x, 'backward')()\n", "getattr"),
    ("def f(x):\n    import threading\n    return x\n", "import threading"),
    ("def f(x):\n    return x.__class__\n", "__class__"),
    ("def f(x):\n    with torch._C.DisableTorchFunction():\n        return x\n", "_C"),
    ("def f(x):\n    return open('r').read()\n", "open"),
])
def test_constructs_that_hide_what_runs_are_escapes(source, escape):
    assert escape in function_facts(cells(source), "f").escapes


def test_module_attributes_the_function_uses_and_some_cell_replaces_are_noticed():
    notebook = cells("import math\nimport builtins\n", "def f(x):\n    return abs(math.sqrt(x))\n",
                     "math.sqrt = print\nmath.floor = print\nbuiltins.abs = print\nbuiltins.round = print\n")
    assert function_facts(notebook, "f").replaced == {"math.sqrt", "builtins.abs"}
    # what the function does not use is another function's business
    assert not function_facts(notebook[:2] + cells("math.floor = print\n"), "f").replaced


# -- the whole-process record ---------------------------------------------------------------------

def _in_thread(work):
    worker = threading.Thread(target=work)
    worker.start()
    worker.join()


def test_backward_passes_and_operators_in_other_threads_are_recorded():
    def hidden():
        with torch._C.DisableTorchFunction():
            t = torch.tensor(3.0, requires_grad=True)
            (t * t).backward()

    with trace_api() as trace:
        _in_thread(hidden)
    evidence = trace.evidence()
    assert not any(name.startswith("torch:") for name in trace.counter)  # the thread-local recorder saw nothing
    assert evidence["ops"] > 0 and evidence["backward_ops"] > 0 and evidence["intact"]
    [event] = evidence["autograd"]
    [(leaf, grad)] = event["leaves"]
    assert leaf.tolist() == [3.0] and grad.tolist() == [6.0]


def test_plain_python_records_nothing():
    with trace_api() as trace:
        sum(v * v for v in range(10))
    evidence = trace.evidence()
    assert evidence["ops"] == 0 and not evidence["autograd"] and evidence["intact"] and evidence["children"] == 0


def test_a_call_that_replaces_the_profiler_is_noticed():
    with trace_api() as trace:
        torch.autograd._disable_profiler()
        torch.ones(2).sum()
    assert not trace.evidence()["intact"]


def test_sgd_steps_and_mse_loss_forwards_keep_their_values():
    with trace_api() as trace:
        theta = torch.tensor([1.0], requires_grad=True)
        optimizer = torch.optim.SGD([theta], lr=0.1)
        loss = torch.nn.MSELoss()(theta * 2.0, torch.tensor([3.0]))
        loss.backward()
        optimizer.step()
    evidence = trace.evidence()
    [step] = evidence["sgd"]
    assert step["lr"] == 0.1
    [(before, after)] = step["params"]
    assert before.tolist() == [1.0] and after.tolist() == pytest.approx([1.4])
    assert [out.tolist() for out in evidence["mse"]] == [[1.0]]


# -- the verdicts ------------------------------------------------------------------------------------

def traced(function, *args):
    with trace_api() as trace:
        value = function(*args)
    return CallResult(True, value=value, api=dict(trace.counter), evidence=trace.evidence())


def real_step(theta, x, y, lr):
    t = torch.tensor([theta], requires_grad=True)
    optimizer = torch.optim.SGD([t], lr=lr)
    error = torch.nn.MSELoss()(t * x, torch.tensor([y]))
    error.backward()
    optimizer.step()
    return error.item(), t.grad.item(), t.item()


def forged_step(theta, x, y, lr):
    residual = theta * x - y
    torch.zeros(1, requires_grad=True).sum().backward()
    torch.nn.MSELoss()(torch.zeros(1), torch.ones(1))
    dummy = torch.zeros(1, requires_grad=True)
    dummy.grad = torch.ones(1)
    torch.optim.SGD([dummy], lr=lr).step()
    return residual * residual, 2 * x * residual, theta - lr * 2 * x * residual


@pytest.mark.parametrize("requirement", [how.uses_autograd(gradient=(1,), of_argument=(0, "theta")),
                                         how.uses_sgd(updated=((2,),), rate=(3, "lr")),
                                         how.uses_mse_loss(error=(0,))], ids=["autograd", "sgd", "mse_loss"])
def test_the_facility_must_have_produced_the_returned_values(requirement):
    args = (0.5, 2.0, 3.0, 0.1)  # E = 4: not what the forgery's dummy MSELoss happens to give
    real, forged = traced(real_step, *args), traced(forged_step, *args)
    assert real.value == pytest.approx(forged.value)
    assert requirement.behaviour(real.evidence, real.value, args, {}) is None
    assert requirement.behaviour(forged.evidence, forged.value, args, {})


def test_forbidden_facilities_are_seen_in_every_thread():
    args = (1.0, 2.0, 3.0, 0.1)

    def in_a_thread(theta, x, y, lr):
        out = []
        _in_thread(lambda: out.extend(real_step(theta, x, y, lr)))
        return tuple(out)

    got = traced(in_a_thread, *args)
    assert not any(name.startswith("torch:") for name in got.api)
    assert "torch operations ran" in how.no_torch().behaviour(got.evidence, got.value, args, {})
    assert "backward pass ran" in how.no_autograd().behaviour(got.evidence, got.value, args, {})


class Notebook:
    def __init__(self, *sources):
        self.cells = cells(*sources)

    def evidence(self, function: str = "f") -> dict:
        """What the student process says ran, from running the cells here the way it does."""
        namespace = {}
        for cell in self.cells:
            exec(compile_cell(cell.source, cell.index), namespace)
        return {"identity": identify(function, namespace)}


def reason(requirement, *sources, function="f"):
    notebook = Notebook(*sources)
    return how.source_reason(notebook, function, requirement, notebook.evidence(function))


def test_source_reasons_name_what_the_source_does():
    plain = how.no_torch()
    assert reason(plain, "def f(t):\n    return t * 2\n") is None
    assert reason(plain, "import torch\ndef f(t):\n    return torch.tensor(t)\n") == "its source uses `torch`"
    mymodule = {"identity": {"functions": {"f": {"cell": 1, "line": 2, "name": "f", "print": ""}}}}
    notebook = Notebook("import mymodule\ndef f(t):\n    return mymodule.g(t)\n")
    mymodule["identity"]["functions"]["f"]["print"] = fingerprint(
        next(c for c in compile_cell(notebook.cells[0].source, 1).co_consts if hasattr(c, "co_code")))
    hidden = how.source_reason(notebook, "f", plain, mymodule)
    assert isinstance(hidden, how.Hidden) and "`import mymodule`" in hidden
    assert isinstance(reason(plain, "def g(t):\n    return t\n"), how.Hidden)
    dummy = "import torch\ndef f(t):\n    torch.zeros(1, requires_grad=True).sum().backward()\n    return t\n"
    assert reason(how.uses_autograd(), dummy) is None  # the source alone is fooled ...
    assert reason(how.uses_autograd(), "def f(t):\n    return t\n")
    assert how.source_reason(object(), "f", plain) is None  # ... and nbgrader's in-process checks have no cells
    # a student process that does not say which code ran gives no source to trust
    assert isinstance(how.source_reason(Notebook("def f(t):\n    return t\n"), "f", plain, {}), how.Hidden)


def test_a_hidden_computation_is_reported_as_such():
    failure = how._failure("f", how.no_torch(), how.Hidden("its source uses `import os`"), values_checked=False)
    assert failure.misconception is mc.HIDDEN_COMPUTATION and "import os" in failure.message


def test_the_marked_test_function_has_a_slope_only_autograd_follows():
    x = torch.tensor(0.7, dtype=torch.float64, requires_grad=True)
    testfuncs.marked_wave(x).backward()
    plain = torch.tensor(0.7, dtype=torch.float64, requires_grad=True)
    testfuncs.wave(plain).backward()
    assert testfuncs.marked_wave(x).item() == testfuncs.wave(plain).item()
    assert x.grad.item() == pytest.approx(plain.grad.item() + testfuncs.MARK)
    assert torch.func.grad(testfuncs.marked_wave)(x.detach()).item() == pytest.approx(x.grad.item())


def test_the_marked_test_functions_work_under_torch_func_and_keep_their_evidence():
    """Students' torch.func styles run on the marked functions: vmap over shifted copies sees the values
    (finite differences, no mark), reverse and forward mode both follow the custom derivative (the mark)."""
    t = torch.tensor([[0.3, -0.5, 0.1], [0.8, -0.2, 0.4]], dtype=torch.float64)
    loss, plain, h = testfuncs.marked_sum_exp(0.7), testfuncs.sum_exp(0.7), 1e-5
    steps = h * torch.eye(t.numel(), dtype=t.dtype).reshape(t.numel(), *t.shape)
    by_vmap = ((torch.vmap(loss)(t + steps) - torch.vmap(loss)(t - steps)) / (2 * h)).reshape(t.shape)
    exact = torch.func.grad(plain)(t)
    assert torch.allclose(by_vmap, exact, atol=1e-8)
    assert torch.allclose(torch.func.grad(loss)(t), exact + testfuncs.MARK)
    assert torch.allclose(torch.func.jacrev(loss)(t), exact + testfuncs.MARK)
    assert torch.allclose(torch.func.jacfwd(loss)(t), exact + testfuncs.MARK)
    xs = torch.tensor([0.7, -1.2, 2.0], dtype=torch.float64)
    slopes = torch.vmap(torch.func.grad(testfuncs.marked_wave))(xs)
    assert torch.allclose(slopes, torch.vmap(torch.func.grad(testfuncs.wave))(xs) + testfuncs.MARK)


def test_torch_func_transforms_are_autograd_in_the_source():
    for transform in ("grad", "grad_and_value", "vjp", "jacrev"):
        source = f"import torch\ndef f(t):\n    return torch.func.{transform}(torch.sin)(t)\n"
        assert reason(how.uses_autograd(), source) is None, transform
        assert reason(how.no_autograd(), source), transform


# -- the code the call ran, not the text's last def (issue 17, item 5) -------------------------------

DECOY = ("import torch\n"
         "def real(t):\n    return float(torch.tensor(t) * 2)\n"
         "def f(t):\n    return t * 2\n"
         "globals()['f'] = real\n")


def test_the_source_read_is_the_function_the_call_runs_not_a_decoy_def():
    # the text's last ``def f`` is plain Python, but ``f`` was rebound to ``real`` as the cell ran
    assert reason(how.no_torch(), DECOY) == "its source uses `torch`"
    # the same for a helper the function reaches
    helper = ("import torch\n"
              "def real(t):\n    return float(torch.tensor(t))\n"
              "def helper(t):\n    return t\n"
              "def f(t):\n    return helper(t) * 2\n"
              "globals()['helper'] = real\n")
    assert reason(how.no_torch(), helper) == "its source uses `torch`"
    # and a module name rebound to torch is read as torch
    module = "import math\nimport torch\ndef f(t):\n    return math.sqrt(t)\nglobals()['math'] = torch\n"
    assert reason(how.no_torch(), module) == "its source uses `torch`"


@pytest.mark.parametrize("made", [
    "exec(compile('def f(t):\\n    return abs(t)\\n', '<cell 1>', 'exec'))\n",  # a cell's name, other code
    "f = (lambda g: (lambda t: g(t)))(abs)\n",                                      # a closure
    "import functools\nf = functools.partial(abs)\n",                             # not a function
    "def g(t, k=abs):\n    return k(t)\nf = g\ng.__defaults__ = (print,)\n",       # defaults replaced
])
def test_code_made_outside_a_cells_def_cannot_be_read(made):
    hidden = reason(how.no_torch(), "def f(t):\n    return t * 2\n", made)
    assert isinstance(hidden, how.Hidden), hidden


def test_every_correct_spelling_of_a_def_is_still_read():
    assert reason(how.no_torch(), "def f(t, k=2.0, *, names=('a', 'b')):\n    return {1, 2} and t * k\n") is None
    assert reason(how.no_torch(), "g = 3\n", "def helper(t):\n    return t * g\n",
                  "def f(t):\n    return helper(t)\n") is None
    assert reason(how.no_torch(), "def f(t):\n    return t\n", "h = f\n", function="h") is None
    assert reason(how.no_torch(), "sq = lambda v: v * v\n", "def f(t):\n    return sq(t)\n") is None
    assert reason(how.no_torch(), "import torch\nsq = lambda v: torch.tensor(v)\n",
                  "def f(t):\n    return sq(t)\n") == "its source uses `torch`"
    assert reason(how.no_torch(), "def f(t):\n    return f(t - 1) if t > 0 else t\n") is None  # recursion
    # under torch's grad-mode decorators, the function inside is read
    decorated = "import torch\n@torch.no_grad()\ndef f(x):\n    return x * 2\n"
    assert reason(how.no_autograd(), decorated) is None
    assert reason(how.uses_autograd(), decorated) == "its source never calls `backward()` or `torch.autograd.grad`"


def test_a_profiler_session_the_call_replaces_is_not_the_graders():
    def replaces_the_session():
        torch.autograd._disable_profiler()
        torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]).__enter__()
        with torch.profiler.record_function(MARKER):
            pass
        return 1.0

    assert traced(lambda: 1.0).evidence["intact"]
    forged = traced(replaces_the_session)
    assert not forged.evidence["intact"]
    assert isinstance(how.no_torch().behaviour(forged.evidence, 1.0, (), {}), how.Hidden)


def test_code_that_reaches_the_recorders_cannot_vouch_for_any_facility():
    # the backward recorder is a module attribute: its events could be appended to, not made
    forged = ("import torch\ndef f(t):\n    torch.zeros(1, requires_grad=True).sum().backward()\n"
              "    torch.autograd._engine_run_backward.events.append({'leaves': []})\n    return t\n")
    hidden = reason(how.uses_autograd(), forged)
    assert isinstance(hidden, how.Hidden) and "`_engine_run_backward`" in hidden


def test_a_thread_the_notebook_left_running_hides_what_ran():
    assert isinstance(how.no_autograd().behaviour({"intact": True, "threads": 1}, 1.0, (), {}), how.Hidden)
    assert how.no_autograd().behaviour({"intact": True, "threads": 0}, 1.0, (), {}) is None
