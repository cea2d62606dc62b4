#!/usr/bin/python3
"""Hostile HTTP clients for tests/robust/http-abuse.sh, on loopback only.

usage: http-clients.py PORT CHECK [ARGS...]

  trickle-idle N TIMEOUT   N connections from 127.0.0.2 send a byte of their
                           request, then nothing for 3 x TIMEOUT seconds: each
                           must be closed by the server
  trickle-steady N SECS    N connections from 127.0.0.2 send their headers a
                           byte a second for SECS seconds; prints how many the
                           server cut off (none is a finding, not a crash)
  bystander N              N ordinary requests from 127.0.0.1 (run while the
                           tricklers hold their connections): each gets 200
  oversized                request targets over max_url get 414, header blocks
                           over max_headers 431, both far over the memory limit
                           get an answer or a close, never a hang or a 200
  traversal                dot segments, percent-encoded and overlong-UTF-8
                           dots, backslashes, NUL, double encoding, in feed,
                           API and static paths: no answer serves a file from
                           outside (no "root:x:0:0" in a 200)
  tokens TOKEN N           N guessed tokens (random, and near misses of TOKEN)
                           all get the same 404, byte for byte apart from the
                           Date header; TOKEN itself gets 200

Each check prints "CHECK runs failures" and one line per failure.
"""
import random
import re
import socket
import sys
import threading
import time

HOST = "127.0.0.1"


def request(port, raw, src=None, timeout=30):
    """Sends raw bytes, returns (status or None, whole answer)."""
    s = socket.socket()
    if src:
        s.bind((src, 0))
    s.settimeout(timeout)
    s.connect((HOST, port))
    try:
        s.sendall(raw)
        s.shutdown(socket.SHUT_WR)
    except OSError:
        pass
    data = b""
    try:
        while True:
            d = s.recv(65536)
            if not d:
                break
            data += d
    except (socket.timeout, ConnectionResetError):
        pass
    s.close()
    m = re.match(rb"HTTP/1\.[01] (\d{3})", data)
    return (int(m.group(1)) if m else None), data


def get(port, target, headers=b""):
    return request(port, b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + b"\r\n")


class Tally:
    def __init__(self, name):
        self.name, self.runs, self.failures = name, 0, 0

    def check(self, ok, what):
        self.runs += 1
        if not ok:
            self.failures += 1
            print("%s: %s" % (self.name, what))

    def done(self):
        print("%s %d %d" % (self.name, self.runs, self.failures))
        return 1 if self.failures else 0


def trickle(port, n, first_gap, gap, secs):
    """n connections; returns how many the server closed within secs."""
    req = b"GET /feeds/all.ics HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 400 + b"\r\n\r\n"
    closed = []

    def one():
        s = socket.socket()
        s.bind(("127.0.0.2", 0))
        s.connect((HOST, port))
        t0, sent = time.time(), 0
        try:
            s.send(req[:1])
            sent = 1
            time.sleep(first_gap)
            while time.time() - t0 < secs and sent < len(req) - 1:
                s.send(req[sent:sent + 1])
                sent += 1
                time.sleep(gap)
            s.settimeout(0.5)
            closed.append(s.recv(100) == b"")
        except (BrokenPipeError, ConnectionResetError):
            closed.append(True)
        except socket.timeout:
            closed.append(False)
        s.close()

    ts = [threading.Thread(target=one) for _ in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return sum(closed)


def check_trickle_idle(port, n, timeout):
    t = Tally("trickle-idle")
    cut = trickle(port, int(n), 3 * float(timeout), 1.0, 3 * float(timeout) + 1)
    for i in range(int(n)):
        t.check(i < cut, "connection %d idle past the timeout was not closed" % i)
    return t.done()


def check_trickle_steady(port, n, secs):
    cut = trickle(port, int(n), 1.0, 1.0, float(secs))
    print("trickle-steady: %d of %s connections sending a byte a second were cut off within %s s"
          % (cut, n, secs))
    print("trickle-steady %s %d" % (n, int(n) - cut))
    return 0 if cut == int(n) else 1  # mandated's header deadline cuts them all


def check_bystander(port, n):
    t = Tally("bystander")
    for i in range(int(n)):
        st, _ = get(port, b"/healthz")
        t.check(st == 200, "request %d while others trickle: status %s" % (i, st))
        time.sleep(0.2)
    return t.done()


def check_oversized(port):
    t = Tally("oversized")
    for n in (2100, 4000, 16000, 60000):
        st, _ = get(port, b"/feeds/all.ics?x=" + b"a" * n)
        t.check(st == 414, "a %d-byte request target: %s, not 414" % (n, st))
    for n in (9000, 20000, 60000):
        st, _ = get(port, b"/healthz", b"X-Big: " + b"b" * n + b"\r\n")
        t.check(st == 431, "a %d-byte header: %s, not 431" % (n, st))
        st, _ = get(port, b"/healthz", b"".join(b"X-H%d: v\r\n" % i for i in range(n // 10)))
        t.check(st == 431, "%d headers: %s, not 431" % (n // 10, st))
    for n in (200000, 2000000):  # beyond the connection's memory: a refusal or a close
        st, data = get(port, b"/" + b"a" * n)
        t.check(st != 200 and (st is None or st >= 400), "a %d-byte target: %s" % (n, st))
    return t.done()


TRAVERSAL = [
    b"/../../../../etc/passwd", b"/feeds/../../etc/passwd", b"/feeds/..%2f..%2f..%2fetc%2fpasswd.ics",
    b"/feeds/%2e%2e/%2e%2e/etc/passwd.ics", b"/feeds/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    b"/feeds/%252e%252e%252fetc%252fpasswd.ics", b"/feeds/..%5c..%5cetc%5cpasswd.ics",
    b"/feeds/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd.ics", b"/feeds/t/..%2f..%2fall.ics",
    b"/feeds/t/../../etc/passwd.ics", b"//etc/passwd", b"/static/../../../../etc/passwd",
    b"/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", b"/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
    b"/static/....//....//....//etc/passwd", b"/static/%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%afetc/passwd",
    b"/static/web.css/../../../../etc/passwd", b"/static/..\\..\\..\\..\\etc\\passwd",
    b"/static/%00../../../../etc/passwd", b"/api/v1/documents/..%2f..%2f..%2fetc%2fpasswd",
    b"/api/v1/documents/../../../etc/passwd", b"/feeds/all.ics%00/../../../etc/passwd",
    b"/%2e%2e/%2e%2e/%2e%2e/etc/passwd", b"/feeds/%00", b"/feeds/.ics", b"/feeds/t/.ics",
    b"/static/", b"/static/.", b"/static/..", b"/static/%2e", b"/static/web.css%00.txt",
    b"/static/" + b"../" * 300 + b"etc/passwd",
]


def check_traversal(port):
    t = Tally("traversal")
    for target in TRAVERSAL:
        st, data = get(port, target)
        t.check(st is not None, "%r: no answer" % target)
        t.check(not (st == 200 and b"root:x:0:0" in data), "%r served a file from outside" % target)
    st, data = get(port, b"/static/web.css")
    t.check(st == 200, "the control, /static/web.css: %s" % st)
    # a %00 must not cut the path short: "/feeds/all.ics%00.txt" is not the feed
    for target in (b"/feeds/all.ics%00.txt", b"/static/web.css%00.txt", b"/feeds/all.ics%0a"):
        st, data = get(port, target)
        t.check(st == 404, "%r: %s, not 404" % (target, st))
    return t.done()


def without_date(data):
    return re.sub(rb"\r\nDate: [^\r]*", b"", data)


def check_tokens(port, token, n):
    t = Tally("tokens")
    rnd = random.Random(9)
    guesses = ["%048x" % rnd.getrandbits(192) for _ in range(int(n))]
    flip = lambda s, i: s[:i] + ("0" if s[i] != "0" else "1") + s[i + 1:]
    guesses += [flip(token, 0), flip(token, 47), flip(token, 24), token.upper(), token[:47],
                token + "0", token[:-1] + "g", token[:47] + "%00", token[:40] + "../../..",
                "", "0" * 48, "f" * 48]
    st, data = get(port, b"/feeds/t/" + token.encode() + b".ics")
    t.check(st == 200 and b"BEGIN:VCALENDAR" in data, "the real token: %s" % st)
    first = None
    for g in guesses:
        st, data = get(port, b"/feeds/t/" + g.encode() + b".ics")
        body = without_date(data)
        if first is None:
            first = body
        t.check(st == 404 and body == first,
                "guess %r: %s, %s" % (g, st, "same 404" if body == first else "a different answer"))
    return t.done()


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip().splitlines()[2])
    port, check, args = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    fn = {"trickle-idle": check_trickle_idle, "trickle-steady": check_trickle_steady,
          "bystander": check_bystander, "oversized": check_oversized,
          "traversal": check_traversal, "tokens": check_tokens}[check]
    sys.exit(fn(port, *args))


if __name__ == "__main__":
    main()
