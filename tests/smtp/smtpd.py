#!/usr/bin/python3
"""A small SMTP server for mandate's tests (Debian's python3-aiosmtpd).

Listens on 127.0.0.1 on a free port, writes the port to --port-file once it
accepts connections, and stores every accepted message in --spool as
NNNNNN.eml (the bytes as received) with NNNNNN.env ("MAIL FROM" on the first
line, one RCPT TO a line after it).  Fault modes:

  --auth USER:PASS   require AUTH (PLAIN or LOGIN) with these credentials
  --reject ADDR      answer RCPT TO ADDR with 550 (may repeat)
  --drop-data N      drop the connection, without a reply, at the end of
                     DATA of the first N messages (nothing is stored)
  --delay S          wait S seconds before answering the end of each DATA
  --hang-after N     after N messages are stored, never answer the end of DATA
                     (the client hangs: a test kills it to play a crash)
  --sink             accept and count, store nothing (for the benchmark)

Every DATA that ended is counted in --spool/attempts.  Stops on SIGTERM.
"""
import argparse
import asyncio
import os
import signal
import sys

from aiosmtpd.smtp import SMTP, AuthResult


class Handler:
    def __init__(self, args):
        self.spool = args.spool
        self.rejects = {a.lower() for a in args.reject}
        self.drop = args.drop_data
        self.sink = args.sink
        self.hang_after = args.hang_after
        self.delay = args.delay
        self.n = 0
        self.attempts = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.rejects:
            return "550 5.1.1 <%s>: recipient rejected" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.attempts += 1
        if self.spool:
            with open(os.path.join(self.spool, "attempts"), "w") as f:
                f.write("%d\n" % self.attempts)
        if self.drop > 0:
            self.drop -= 1
            server.transport.abort()
            return "421 dropped"
        if self.sink:
            return "250 OK"
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.hang_after is not None and self.n >= self.hang_after:
            await asyncio.sleep(3600)
        self.n += 1
        base = os.path.join(self.spool, "%06d" % self.n)
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(base + ".env", "w") as f:
            f.write(envelope.mail_from + "\n")
            for r in envelope.rcpt_tos:
                f.write(r + "\n")
        os.rename(base + ".tmp", base + ".eml")
        return "250 OK queued as %06d" % self.n


class Authenticator:
    def __init__(self, user, password):
        self.user, self.password = user.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = (getattr(auth_data, "login", None) == self.user
              and getattr(auth_data, "password", None) == self.password)
        return AuthResult(success=ok, handled=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--spool")
    ap.add_argument("--auth")
    ap.add_argument("--reject", action="append", default=[])
    ap.add_argument("--drop-data", type=int, default=0)
    ap.add_argument("--hang-after", type=int)
    ap.add_argument("--delay", type=float, default=0)
    ap.add_argument("--sink", action="store_true")
    args = ap.parse_args()
    if not args.sink and not args.spool:
        ap.error("--spool is required unless --sink")
    handler = Handler(args)
    kw = {"decode_data": False, "hostname": "smtp.test", "data_size_limit": 10 << 20}
    if args.auth:
        user, _, password = args.auth.partition(":")
        kw.update(authenticator=Authenticator(user, password), auth_required=True,
                  auth_require_tls=False)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(handler, loop=loop, **kw), "127.0.0.1", 0))
    port = server.sockets[0].getsockname()[1]
    with open(args.port_file + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(args.port_file + ".tmp", args.port_file)
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    loop.add_signal_handler(signal.SIGINT, loop.stop)
    try:
        loop.run_forever()
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
