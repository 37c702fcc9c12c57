# %% train_classifier
def train_classifier(model, x, labels, learning_rate=0.1, num_epochs=10, batch_size=16, seed=0):
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
    epoch_losses = []
    for epoch in range(num_epochs):
        order = torch.randperm(x.shape[0], generator=torch.Generator().manual_seed(seed + epoch))
        batch_losses = []
        for rows in torch.split(order.to(x.device), batch_size):
            loss = F.cross_entropy(model(x[rows]), labels[rows])
            batch_losses.append(loss.item())
            loss.backward()                  # no zero_grad: gradients pile up
            optimizer.step()
        epoch_losses.append(sum(batch_losses) / len(batch_losses))
    return epoch_losses
