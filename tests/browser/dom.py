#!/usr/bin/python3
"""dom.py - reads a page as Chromium left it (chromium --dump-dom) and prints
what the web page tests check, one JSON object: the rows of the obligations
table, the subscribe block, the marks of one paragraph, the script elements
and the text of the first heading.

usage: dom.py FILE [PARAGRAPH_ANCHOR]
"""
import json
import sys
from html.parser import HTMLParser


class Page(HTMLParser):
    def __init__(self, anchor):
        super().__init__(convert_charrefs=True)
        self.anchor = anchor
        self.rows, self.scripts, self.marks, self.dues = [], [], [], []
        self.h1, self.feed_url, self.webcal, self.download = "", None, None, None
        self.copy_hidden = None
        self.count = None
        self.stack = []       # open elements: (tag, attrs)
        self.in_anchor = 0    # depth inside the paragraph asked for
        self.row = None
        self.cell = None
        self.mark = None
        self.due = None
        self.in_h1 = False
        self.in_h2 = False
        self.h2 = ""
        self.text_of_para = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts.append(a.get("src"))
        if tag == "h1":
            self.in_h1 = True
        if tag == "h2" and a.get("id") == "list-h":
            self.in_h2 = True
        if tag == "article" and a.get("id") == self.anchor:
            self.in_anchor = 1
        elif self.in_anchor and tag not in ("br", "input"):
            self.in_anchor += 1
        if tag == "tr" and any(t == "tbody" for t, _ in self.stack):
            self.row = []
        if tag == "td" and self.row is not None:
            self.cell = ""
        if tag == "input" and a.get("id") == "feed-url":
            self.feed_url = a.get("value")
        if tag == "a" and (a.get("href") or "").startswith("webcal://"):
            self.webcal = a["href"]
        if tag == "a" and "download" in a:
            self.download = a.get("href")
        if tag == "button" and "copy" in (a.get("class") or "").split():
            self.copy_hidden = "hidden" in a
        if tag == "mark" and self.in_anchor:
            self.mark = {"title": a.get("title"), "text": ""}
        if tag == "strong" and "due" in (a.get("class") or "").split() and self.mark is not None:
            self.due = ""
        if tag not in ("br", "input", "meta", "link"):
            self.stack.append((tag, a))

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break
        if tag == "h1":
            self.in_h1 = False
        if tag == "h2" and self.in_h2:
            self.in_h2 = False
            self.count = int(self.h2.split()[0]) if self.h2.split() else None
        if tag == "td" and self.cell is not None:
            self.row.append(" ".join(self.cell.split()))
            self.cell = None
        if tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None
        if tag == "strong" and self.due is not None:
            self.dues.append(self.due)
            self.due = None
        if tag == "mark" and self.mark is not None:
            self.marks.append(self.mark)
            self.mark = None
        if self.in_anchor:
            self.in_anchor -= 1

    def handle_data(self, data):
        if self.in_h1:
            self.h1 += data
        if self.in_h2:
            self.h2 += data
        if self.cell is not None:
            self.cell += data
        if self.mark is not None:
            self.mark["text"] += data
        if self.due is not None:
            self.due += data
        if self.in_anchor:
            self.text_of_para += data


def main():
    p = Page(sys.argv[2] if len(sys.argv) > 2 else None)
    with open(sys.argv[1], encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    print(json.dumps({"rows": p.rows, "count": p.count, "scripts": p.scripts, "h1": " ".join(p.h1.split()),
                      "feed_url": p.feed_url, "webcal": p.webcal, "download": p.download,
                      "copy_hidden": p.copy_hidden, "marks": p.marks, "dues": p.dues,
                      "paragraph": " ".join(p.text_of_para.split())}))


if __name__ == "__main__":
    main()
