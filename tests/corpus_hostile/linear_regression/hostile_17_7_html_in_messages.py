# %% mse_loss
def mse_loss(predictions, targets):
    # class 17.7: exception text becomes our comment, which nbgrader renders as Markdown/HTML
    raise ValueError("<img src=x onerror=alert(document.domain)> \\`<b>bold</b>` [link](javascript:alert(1))")

# %% train_linear_regression
def train_linear_regression(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    raise RuntimeError("``<script>alert(2)</script>`` <javascript:alert(3)> <iframe srcdoc='x'>")
