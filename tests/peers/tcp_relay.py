"""A local stand-in for Session Manager's ProxyCommand: stdin/stdout <-> HOST:PORT over TCP.

`python tcp_relay.py HOST PORT`: what `aws ssm start-session ... AWS-StartSSHSession` does
for ssh, minus AWS, so the ProxyCommand path of `pbxctl sync` runs against a local sshd.
"""

from __future__ import annotations

import os
import selectors
import socket
import sys


def main() -> int:
    host, port = sys.argv[1], int(sys.argv[2])
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.settimeout(None)
        selector = selectors.DefaultSelector()
        selector.register(0, selectors.EVENT_READ)
        selector.register(sock, selectors.EVENT_READ)
        while True:
            for key, _ in selector.select(timeout=60):
                if key.fileobj == 0:
                    data = os.read(0, 65536)
                    if not data:
                        sock.shutdown(socket.SHUT_WR)
                        selector.unregister(0)
                        continue
                    sock.sendall(data)
                else:
                    data = sock.recv(65536)
                    if not data:
                        return 0
                    os.write(1, data)


if __name__ == "__main__":
    sys.exit(main())
