# %% accuracy
def accuracy(model, x, labels):
    model.eval()                             # never switched back
    with torch.no_grad():
        predicted = model(x).argmax(dim=1)
    return (predicted == labels).float().mean().item()
