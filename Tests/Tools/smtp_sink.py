"""A real SMTP server for the mail tests (aiosmtpd). Each message is written to
DIR/<n>.eml before the server answers 250, so the test can read it at once.
Prints READY <port> when listening; stops when standard input closes."""
import socket, sys, pathlib
from aiosmtpd.controller import Controller

directory = pathlib.Path(sys.argv[1])
directory.mkdir(parents=True, exist_ok=True)

class Sink:
    count = 0
    async def handle_DATA(self, server, session, envelope):
        Sink.count += 1
        (directory / f"{Sink.count}.eml").write_bytes(
            b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n" + envelope.original_content)
        return "250 OK"

# aiosmtpd needs a concrete port: ask the kernel for a free one.
with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
controller = Controller(Sink(), hostname="127.0.0.1", port=port)
controller.start()
print("READY", port, flush=True)
sys.stdin.read()
controller.stop()
