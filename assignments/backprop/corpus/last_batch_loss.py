# %% train_classifier
def train_classifier(model, x, labels, learning_rate=0.1, num_epochs=10, batch_size=16, seed=0):
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
    epoch_losses = []
    for epoch in range(num_epochs):
        order = torch.randperm(x.shape[0], generator=torch.Generator().manual_seed(seed + epoch))
        for rows in torch.split(order.to(x.device), batch_size):
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x[rows]), labels[rows])
            loss.backward()
            optimizer.step()
        epoch_losses.append(loss.item())     # the last batch's loss only
    return epoch_losses
