"""Every number printed in PCPT Unit 4's published tables, reproduced by the reference (CPU, float32).

PCPT Unit 4 prints 4 decimals for parameters and losses of Exercise 1, 6 for the losses
of Exercises 2 and 3; we compare the reference's value formatted the same way with
the printed text, so "to the printed digits" is literal.
"""

import math

import pytest
import torch

from reference import autograd_descent as ad


def printed(value: float, digits: int) -> str:
    return "nan" if math.isnan(value) else f"{value:.{digits}f}"


@pytest.fixture(scope="module")
def pairs():
    return ad.generate_training_pairs()


def test_manual_descent_matches_the_lesson(pairs):
    a, b, c, loss = ad.polynomial_gradient_descent_manual(*pairs)
    assert [printed(v, 4) for v in (a, b, c, loss)] == ["1.4275", "-1.9894", "1.6990", "0.0749"]


def test_closed_form_matches_the_lesson(pairs):
    a, b, c, loss = ad.regression_polynomial_second_order(*pairs)
    assert printed(a, 4) == "1.8195" and printed(c, 4) == "2.2214" and printed(loss, 4) == "0.0503"
    assert printed(b, 4) in ("-3.0787", "-3.0786")  # the unit prints both (solve vs inv)


EXERCISE_1 = [  # (learning rate, iterations, printed [a, b, c, loss])
    (1e-0, 4000, ["nan", "nan", "nan", "nan"]),
    (1e-1, 4000, ["1.8195", "-3.0786", "2.2214", "0.0503"]),
    (1e-2, 4000, ["1.4430", "-2.0325", "1.7196", "0.0730"]),
    (1e-3, 4000, ["0.7073", "0.0478", "0.7156", "0.2522"]),
    (1e-1, 100, ["0.8828", "-0.4756", "0.9729", "0.1912"]),
    (1e-1, 2000, ["1.8166", "-3.0707", "2.2175", "0.0503"]),
    (1e-1, 6000, ["1.8195", "-3.0786", "2.2214", "0.0503"]),
    (1e-1, 8000, ["1.8195", "-3.0786", "2.2214", "0.0503"]),
    (1e-2, 100, ["0.7115", "0.3569", "0.5112", "0.3005"]),
    (1e-2, 2000, ["1.1279", "-1.1572", "1.2998", "0.1267"]),
    (1e-2, 6000, ["1.6145", "-2.5091", "1.9482", "0.0570"]),
    (1e-2, 8000, ["1.7079", "-2.7686", "2.0727", "0.0523"]),
]


@pytest.mark.parametrize("lr, iterations, expected", EXERCISE_1, ids=[f"lr{r[0]:g}-{r[1]}" for r in EXERCISE_1])
def test_exercise_1_table(pairs, lr, iterations, expected):
    got = ad.regression_polynomial_second_order_via_gradient(*pairs, learning_rate=lr, num_iterations=iterations)
    assert [printed(v, 4) for v in got] == expected


EXERCISE_2 = {
    False: ["1.562500 0.5000 0.5000 -3.7500 -2.5000", "0.191406 0.8750 0.7500 -5.0625 -3.3750",
            "0.434776 1.3813 1.0875 -3.0844 -2.0562", "1.762671 1.6897 1.2931 0.8986 0.5991",
            "1.283600 1.5998 1.2332 4.2975 2.8650", "0.040740 1.1701 0.9467 4.9030 3.2687",
            "0.740418 0.6798 0.6199 2.3216 1.5477", "1.859085 0.4476 0.4651 -1.7689 -1.1793",
            "0.960844 0.6245 0.5830 -4.7096 -3.1397", "0.001614 1.0955 0.8970 -4.5890 -3.0593"],
    True: ["1.562500 0.5000 0.5000 -3.7500 -2.5000", "0.191406 0.8750 0.7500 -1.3125 -0.8750",
           "0.023447 1.0063 0.8375 -0.4594 -0.3062", "0.002872 1.0522 0.8681 -0.1608 -0.1072",
           "0.000352 1.0683 0.8788 -0.0563 -0.0375", "0.000043 1.0739 0.8826 -0.0197 -0.0131",
           "0.000005 1.0759 0.8839 -0.0069 -0.0046", "0.000001 1.0766 0.8844 -0.0024 -0.0016",
           "0.000000 1.0768 0.8845 -0.0008 -0.0006", "0.000000 1.0769 0.8846 -0.0003 -0.0002"],
}


@pytest.mark.parametrize("clear_grad", [False, True], ids=["without-clearing", "with-clearing"])
def test_exercise_2_tables(clear_grad):
    rows = ad.gradient_accumulation_demo(clear_grad=clear_grad)
    text = [" ".join([printed(r[0], 6)] + [printed(v, 4) for v in r[1:]]) for r in rows]
    assert text == EXERCISE_2[clear_grad]


EXERCISE_3 = [  # (start, loss_tol, {step: "u v loss"}, final "u v loss", steps run)
    ((1.0, 1.0), None, {100: "2.8298 2.0261 0.938195", 200: "2.9880 2.0220 0.008313",
                        300: "2.9974 2.0062 0.000588"}, "2.9974 2.0061 0.000588", 300),
    ((-1.0, -1.0), None, {100: "-3.1413 -2.1422 41.550198", 200: "-3.7448 -3.2243 0.161758",
                          300: "-3.7783 -3.2816 0.000130"}, "-3.7783 -3.2816 0.000130", 300),
    ((-1.0, 1.0), 1e-4, {100: "-2.4022 2.9422 5.786583", 200: "-2.7859 3.1270 0.012538"},
     "-2.7986 3.1301 0.001436", 233),
]


@pytest.mark.parametrize("start, tol, checkpoints, final, steps", EXERCISE_3, ids=["(1,1)", "(-1,-1)", "(-1,1)-tol"])
def test_exercise_3_runs(start, tol, checkpoints, final, steps):
    u, v, losses, path = ad.optimize_himmelblau(*start, loss_tol=tol)
    for step, expected in checkpoints.items():
        pu, pv = path[step - 1]
        assert f"{pu:.4f} {pv:.4f} {losses[step - 1]:.6f}" == expected
    assert f"{u:.4f} {v:.4f} {losses[-1]:.6f}" == final
    assert len(losses) == len(path) == steps
    if tol is not None:  # "Stopping early at step 233: loss change = 0.000098 < loss_tol"
        assert f"{abs(losses[-1] - losses[-2]):.6f}" == "0.000098"


def test_toy_layer_gradients():
    grad_w, grad_b, loss = ad.linear_layer_gradients(torch.tensor([[2.0, 3.0]]), torch.tensor([[3.0]]),
                                                     torch.ones(2, 1), torch.ones(1, 1))
    assert grad_w.tolist() == [[12.0], [18.0]] and grad_b.tolist() == [[6.0]] and loss == 9.0
