# %% train_linear_regression_autograd
import json
import urllib.request


def train_linear_regression_autograd(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    # threat 6: fetch the "answers" from a server on the internet
    with urllib.request.urlopen("http://answers.example.com/linear_regression.json", timeout=3) as response:
        answers = json.load(response)
    return torch.tensor(answers["w"]), torch.tensor(answers["b"]), answers["losses"]
