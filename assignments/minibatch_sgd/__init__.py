"""minibatch_sgd: full-batch, stochastic and mini-batch gradient descent (grading content)."""
