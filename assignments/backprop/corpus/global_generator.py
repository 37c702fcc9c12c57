# %% train_classifier
def train_classifier(model, x, labels, learning_rate=0.1, num_epochs=10, batch_size=16, seed=0):
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
    torch.manual_seed(seed)                  # seeded once; every epoch then draws from the global generator
    epoch_losses = []
    for epoch in range(num_epochs):
        order = torch.randperm(x.shape[0])
        batch_losses = []
        for rows in torch.split(order.to(x.device), batch_size):
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x[rows]), labels[rows])
            batch_losses.append(loss.item())
            loss.backward()
            optimizer.step()
        epoch_losses.append(sum(batch_losses) / len(batch_losses))
    return epoch_losses
