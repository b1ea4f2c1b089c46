#!/usr/bin/python3
"""tests/bench/others/readability_lxml.py: readability-lxml (Debian's
python3-readability) over saved HTML pages, for `make bench` to set beside
dossier's HTML reader.
  readability_lxml.py FILE       one page's article as the tree JSON the scorer
                            reads (title, body blocks)
  readability_lxml.py --all DIR [OUT]  every page of DIR, in one process
                            (timed), each tree written to OUT/NAME.json
Pages may be gzipped (NAME.html.gz)."""
import gzip, json, os, re, sys

import lxml.html
from readability import Document

BLOCKS = ('p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'pre',
          'td', 'figcaption')


def load(path):
    with open(path, 'rb') as f:
        data = f.read()
    return gzip.decompress(data) if path.endswith('.gz') else data


def extract(path):
    doc = Document(load(path))
    html = doc.summary(html_partial=True)
    body = []
    if html.strip():
        root = lxml.html.fromstring(html)
        for el in root.iter(*BLOCKS):
            if any(True for _ in el.iter('p', 'li', 'blockquote', 'td')
                   if _ is not el):
                continue
            text = re.sub(r'\s+', ' ', el.text_content()).strip()
            if text:
                body.append({'type': 'paragraph', 'text': text})
    return {'title': doc.short_title() or None, 'body': body, 'comments': []}


def main(argv):
    if argv[:1] == ['--all']:
        n = 0
        out = argv[2] if len(argv) > 2 else None
        for name in sorted(os.listdir(argv[1])):
            if re.search(r'\.html?(\.gz)?$', name):
                tree = {'title': None, 'body': [], 'comments': []}
                try:
                    tree = extract(os.path.join(argv[1], name))
                except Exception:
                    pass    # a page it cannot read counts as read, empty
                if out:
                    with open(os.path.join(out, name.split('.')[0] + '.json'),
                              'w') as f:
                        json.dump(tree, f)
                n += 1
        print(f'readability.py: {n} pages', file=sys.stderr)
    else:
        print(json.dumps(extract(argv[0])))


if __name__ == '__main__':
    main(sys.argv[1:])
