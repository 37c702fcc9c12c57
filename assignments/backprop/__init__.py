"""backprop: gradients by hand, a custom autograd.Function, an nn.Module and a training loop (grading content)."""
