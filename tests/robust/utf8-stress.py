#!/usr/bin/python3
"""UTF-8 edge cases and malformations, each inside a short resolution.

usage: tests/robust/utf8-stress.py OUTDIR

Writes OUTDIR/NNN-valid-NAME.txt and OUTDIR/NNN-invalid-NAME.txt: a small
resolution with an operative paragraph that holds the case's bytes.  The
cases follow the categories of the classic UTF-8 decoder stress tests,
generated here rather than copied:
  1. text in many scripts and planes;
  2. boundaries: the first and last code point of each sequence length,
     the edges of the surrogate range, U+FFFD, U+10FFFF;
  3. malformed: lone continuation bytes (each of 0x80..0xBF), runs of
     them, lone start bytes followed by a space, sequences missing their
     last byte, concatenations of those, bytes that never occur (FE, FF,
     C0, C1, F5..F7);
  4. overlong forms of '/' and NUL and the largest overlongs of each length;
  5. UTF-16 surrogates, single and paired, encoded as UTF-8 (CESU-8);
  6. noncharacters (U+FFFE, U+FFFF, U+nFFFE, U+FDD0..U+FDEF), valid UTF-8.
A case is "valid" exactly when Python's strict decoder accepts it, which
is what the reader must agree with.  Also writes OUTDIR/cases.tsv: file,
expected (valid|invalid).
"""
import os
import sys

TEMPLATE = (b"Human Rights Council\n\nResolution adopted by the Human Rights Council"
            b" on 7 October 2022\n\n51/34. Stress text %d\n\nThe Human Rights Council,\n\n"
            b"1. *Requests* the High Commissioner to present a report on [%s] to the Human"
            b" Rights Council at its fifty-third session;\n\n"
            b"2. *Decides* to remain seized of the matter.\n")


def cases():
    # 1. text in many scripts and planes
    for name, s in (("greek", "κόσμε"), ("cyrillic", "Совет по правам человека"),
                    ("arabic", "مجلس حقوق الإنسان"), ("chinese", "人权理事会"),
                    ("devanagari", "मानवाधिकार परिषद"), ("emoji", "📅✅🇺🇳"),
                    ("combining", "e\u0301\u0308\u20dd"), ("rtl-marks", "\u202eabc\u202c\u200f"),
                    ("zero-width", "a\u200b\u200c\u200d\ufeffb"), ("math", "𝔐𝔞𝔫𝔡𝔞𝔱𝔢"),
                    ("c1-controls", "\u0085\u009b"), ("line-separators", "a\u2028b\u2029c")):
        yield "text-" + name, s.encode()
    # 2. boundaries
    for cp in (0x80, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x10FFFF, 0xD7FF, 0xE000, 0xFFFD):
        yield "boundary-U+%04X" % cp, chr(cp).encode()
    # 3. malformed
    for b in range(0x80, 0xC0):
        yield "lone-continuation-%02X" % b, bytes([b])
    yield "continuations-all", bytes(range(0x80, 0xC0))
    for lo, hi, n in ((0xC2, 0xDF, 2), (0xE0, 0xEF, 3), (0xF0, 0xF4, 4)):
        for b in range(lo, hi + 1, 3):
            yield "lone-start-%02X-space" % b, bytes([b, 0x20])
            yield "missing-last-%02X" % b, bytes([b]) + b"\x80" * (n - 2) + (b" " if n > 1 else b"")
    yield "missing-last-concatenated", b"\xc2\xe0\x80\xf0\x80\x80\xdf\xef\xbf\xf4\x8f\xbf"
    for b in (0xFE, 0xFF, 0xC0, 0xC1, 0xF5, 0xF6, 0xF7, 0xF8, 0xFC):
        yield "impossible-%02X" % b, bytes([b])
    yield "impossible-fefeffff", b"\xfe\xfe\xff\xff"
    yield "truncated-at-end", b"\xe2\x82"
    # 4. overlong
    for name, b in (("slash-2", b"\xc0\xaf"), ("slash-3", b"\xe0\x80\xaf"),
                    ("slash-4", b"\xf0\x80\x80\xaf"), ("nul-2", b"\xc0\x80"),
                    ("nul-3", b"\xe0\x80\x80"), ("max-2", b"\xc1\xbf"), ("max-3", b"\xe0\x9f\xbf"),
                    ("max-4", b"\xf0\x8f\xbf\xbf"), ("5-byte", b"\xf8\x88\x80\x80\x80"),
                    ("6-byte", b"\xfc\x84\x80\x80\x80\x80"), ("above-10ffff", b"\xf4\x90\x80\x80")):
        yield "overlong-" + name, b
    # 5. surrogates
    for cp in (0xD800, 0xDB7F, 0xDB80, 0xDBFF, 0xDC00, 0xDF80, 0xDFFF):
        yield "surrogate-U+%04X" % cp, bytes([0xED, 0x80 | ((cp >> 6) & 0x3F), 0x80 | (cp & 0x3F)])
    yield "surrogate-pair", b"\xed\xa0\x80\xed\xb0\x80"
    yield "surrogate-pair-max", b"\xed\xaf\xbf\xed\xbf\xbf"
    # 6. noncharacters
    for cp in (0xFFFE, 0xFFFF, 0x1FFFE, 0x10FFFF, 0xFDD0, 0xFDEF):
        yield "nonchar-U+%04X" % cp, chr(cp).encode()


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: utf8-stress.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "cases.tsv"), "w") as tsv:
        for i, (name, b) in enumerate(cases()):
            try:
                b.decode("utf-8")
                valid = "valid"
            except UnicodeDecodeError:
                valid = "invalid"
            fname = "%03d-%s-%s.txt" % (i, valid, name)
            with open(os.path.join(out, fname), "wb") as f:
                f.write(TEMPLATE % (i, b))
            tsv.write("%s\t%s\n" % (fname, valid))


if __name__ == "__main__":
    main()
