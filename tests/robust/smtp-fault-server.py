#!/usr/bin/python3
"""An SMTP server that misbehaves on purpose, on 127.0.0.1 (a free port).

usage: smtp-fault-server.py MODE DIR

Writes its port to DIR/port, every message it accepts to DIR/NNN.eml, and
one line per connection to DIR/log.  MODE:
  stall-greeting   accepts the connection and never says a word
  stall-data       answers until the end of DATA, then never replies
  tempfail-mail    451 to MAIL FROM on the first connection, then accepts
  tempfail-rcpt    451 to RCPT TO on the first connection, then accepts
  tempfail-data    451 at the end of DATA on the first connection, then accepts
  ok               accepts everything
Stops on SIGTERM.
"""
import os
import signal
import socket
import sys
import threading

mode, out = sys.argv[1], sys.argv[2]
lock = threading.Lock()
state = {"conns": 0, "stored": 0}


def log(line):
    with lock, open(os.path.join(out, "log"), "a") as f:
        f.write(line + "\n")


def serve(conn, n):
    f = conn.makefile("rb")
    say = lambda s: conn.sendall(s.encode() + b"\r\n")
    first = n == 1
    if mode == "stall-greeting":
        log("conn %d: stalled before the greeting" % n)
        conn.recv(1)  # until the client gives up
        return
    say("220 fault.test ESMTP")
    while True:
        line = f.readline()
        if not line:
            return
        cmd = line.strip().upper()
        if cmd.startswith(b"EHLO"):
            conn.sendall(b"250-fault.test\r\n250 SIZE 10485760\r\n")
        elif cmd.startswith(b"HELO") or cmd.startswith(b"RSET") or cmd.startswith(b"NOOP"):
            say("250 ok")
        elif cmd.startswith(b"MAIL"):
            say("451 4.3.0 try again later" if mode == "tempfail-mail" and first else "250 ok")
        elif cmd.startswith(b"RCPT"):
            say("451 4.3.0 try again later" if mode == "tempfail-rcpt" and first else "250 ok")
        elif cmd.startswith(b"DATA"):
            say("354 go ahead")
            data = b""
            while not data.endswith(b"\r\n.\r\n"):
                chunk = f.readline()
                if not chunk:
                    return
                data += chunk
            if mode == "stall-data":
                log("conn %d: stalled at the end of DATA" % n)
                conn.recv(1)
                return
            if mode == "tempfail-data" and first:
                log("conn %d: 451 at the end of DATA" % n)
                say("451 4.3.0 try again later")
                continue
            with lock:
                state["stored"] += 1
                k = state["stored"]
            with open(os.path.join(out, "%03d.eml" % k), "wb") as m:
                m.write(data)
            log("conn %d: stored message %d" % (n, k))
            say("250 ok: queued")
        elif cmd.startswith(b"QUIT"):
            say("221 bye")
            return
        else:
            say("502 not implemented")


def main():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    with open(os.path.join(out, "port.tmp"), "w") as f:
        f.write("%d\n" % s.getsockname()[1])
    os.rename(os.path.join(out, "port.tmp"), os.path.join(out, "port"))
    signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
    while True:
        conn, _ = s.accept()
        with lock:
            state["conns"] += 1
            n = state["conns"]
        log("conn %d: open" % n)

        def run(c=conn, k=n):
            try:
                serve(c, k)
            except OSError:
                pass
            finally:
                c.close()

        threading.Thread(target=run, daemon=True).start()


if __name__ == "__main__":
    main()
