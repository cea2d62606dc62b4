#!/usr/bin/python3
"""Reproducer: one HTML tag with many attributes, written to standard output.

usage: tests/robust/html-many-attributes.py [N] | mandatectl extract -

libxml2's HTML parser (2.9.14, Debian 12) checks each new attribute against
all earlier ones and appends it at the end of a list, so a tag with N
attributes costs O(N^2): 10 000 take 0.4 s, 20 000 3.5 s, 200 000 (2 MB,
well under the 8 MiB document limit) more than 5 minutes of CPU in the
converter.  A watched URL or a file dropped in the spool can hold mandated's
conversion that long.  N defaults to 200000.
"""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
sys.stdout.write("<html><body><p " + " ".join('a%d="x"' % i for i in range(n)) +
                 ">1. <i>Requests</i> the Secretary-General to report to the General"
                 " Assembly at its eighty-first session;</p></body></html>\n")
