# %% train_classifier
def train_classifier(model, x, labels, learning_rate=0.1, num_epochs=10, batch_size=16, seed=0):
    params = list(model.parameters())
    history = []
    for k in range(num_epochs):
        g = torch.Generator().manual_seed(seed + k)
        batches = torch.randperm(x.shape[0], generator=g).split(batch_size)
        batch_losses = []
        for rows in batches:
            rows = rows.to(x.device)
            for p in params:
                p.grad = None
            loss = F.cross_entropy(model(x[rows]), labels[rows])
            loss.backward()
            with torch.no_grad():
                for p in params:
                    p -= learning_rate * p.grad
            batch_losses.append(loss.item())
        history.append(float(torch.tensor(batch_losses, dtype=torch.float64).mean()))
    return history

# %% accuracy
@torch.no_grad()
def accuracy(model, x, labels):
    # no layer of the models here depends on the mode, and the mode is never changed
    return torch.eq(torch.max(model(x), dim=1).indices, labels).double().mean().item()
