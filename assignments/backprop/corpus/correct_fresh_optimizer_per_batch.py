# %% train_classifier
def train_classifier(model, x, labels, learning_rate=0.1, num_epochs=10, batch_size=16, seed=0):
    losses = []
    n = len(x)
    for epoch in range(num_epochs):
        perm = torch.randperm(n, generator=torch.Generator().manual_seed(seed + epoch))
        total, count = 0.0, 0
        for start in range(0, n, batch_size):
            idx = perm[start:start + batch_size].to(x.device)
            # plain SGD has no state, so a new optimizer per batch takes the same steps
            opt = torch.optim.SGD(model.parameters(), lr=learning_rate)
            opt.zero_grad()
            loss = torch.nn.CrossEntropyLoss()(model(x[idx]), labels[idx])
            loss.backward()
            opt.step()
            total += loss.item()
            count += 1
        losses.append(total / count)
    return losses

# %% accuracy
def accuracy(model, x, labels):
    mode = model.training
    model.eval()
    with torch.no_grad():
        correct = (model(x).argmax(1) == labels).sum().item()
    model.train(mode)
    return correct / len(labels)
