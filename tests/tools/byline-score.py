#!/usr/bin/python3
"""Scores the bylines the text reader finds on ../shared/realworld/txt.

For every page with an annotated author whose name the saved text holds
(normalised: case, accents, punctuation and spacing ignored), counts the
page right when the author appears in the byline `dossier tree --json`
gives (the same normalisation; of a list of authors, all those the text
holds). Prints the share on all pages and on
each half of the split train-reader.py uses (half_of()), so a change can
be judged on the half it was not tuned on.

  tests/tools/byline-score.py [--dossier bin/dossier] [--realworld DIR]
                              [-v] [--misses]
"""
import argparse, hashlib, json, os, re, subprocess, sys, unicodedata
from concurrent.futures import ThreadPoolExecutor


def half_of(name):	# train-reader.py's split of the text pages
    return 'A' if hashlib.sha1(name.encode()).digest()[0] % 2 == 0 else 'B'


def norm(s):
    s = unicodedata.normalize('NFKD', s or '').casefold()
    s = ''.join(c for c in s if not unicodedata.combining(c))
    return ' '.join(re.sub(r'[^\w]+', ' ', s).split())


def run(dossier, path):
    out = subprocess.run([dossier, 'tree', '--json', path],
                         capture_output=True, text=True)
    try:
        return json.loads(out.stdout)
    except ValueError:
        return {}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--dossier', default='bin/dossier')
    ap.add_argument('--realworld', default='../shared/realworld')
    ap.add_argument('-v', action='store_true', help='print every page')
    ap.add_argument('--misses', action='store_true', help='print misses')
    o = ap.parse_args()
    ann = json.load(open(os.path.join(o.realworld, 'annotations.json')))
    txt = os.path.join(o.realworld, 'txt')
    pages = []
    for name, a in sorted(ann.items()):
        path = os.path.join(txt, name + '.txt')
        names = a.get('author') or []
        if isinstance(names, str):
            names = [names]
        if not names or not os.path.exists(path):
            continue
        with open(path, encoding='utf-8', errors='replace') as f:
            text = norm(f.read())
        # a list of authors: the ones the saved text holds
        au = [n for n in map(norm, names) if n and n in text]
        if au:
            pages.append((name, path, a['author'], au))
    with ThreadPoolExecutor(2) as ex:
        trees = list(ex.map(lambda p: run(o.dossier, p[1]), pages))
    tot = {'all': [0, 0], 'A': [0, 0], 'B': [0, 0]}
    for (name, path, author, au), t in zip(pages, trees):
        got = t.get('byline') or ''
        ok = all(n in norm(got) for n in au)
        for k in ('all', half_of(name)):
            tot[k][0] += ok
            tot[k][1] += 1
        if o.v or (o.misses and not ok):
            print('%s %s  want %r  got %r' % ('ok  ' if ok else 'MISS',
                  name, author, got))
    for k in ('all', 'A', 'B'):
        r, n = tot[k]
        print('bylines %-3s %.3f (%d of %d pages whose text holds the author)'
              % (k, r / n if n else 0, r, n))


if __name__ == '__main__':
    sys.exit(main())
