#!/usr/bin/env python3
"""Where the text reader's headline goes wrong on the annotated real pages.

Usage: tests/tools/title-oracle.py [--half A|B] [--model FILE] [-v]

For each page whose saved text holds its annotated title, the reader's
headline candidates (bin/dossier tree --explain) are ranked by their
scores: right, the gold line among the candidates at rank 2, 3 or lower,
or not among them (before the candidates' window, after it, inside it but
not shaped as a headline), or the title only as a part of a longer line.
The ceiling of a better ranking is the share of pages with the gold line
among the candidates. Where the gold line is a candidate but another
wins, a second count tells what beat it: a block just under it (within
NEAR lines: a dek, a caption, the article's first sentence), just over
it (a kicker, a section's label, an image's alt text), or one farther
away, and whether that block holds a date. -v prints each failure's page
and gold line.
"""
import importlib.util, json, os, sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('tr', os.path.join(HERE, 'train-reader.py'))
tr = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tr)

NEAR = 12	# lines: a head's dek, caption or kicker stands within them

def beaten_by(ours, gold, dated):
    """What kind of block beat the gold line, by where it stands."""
    d = ours - gold
    where = ('under it (dek, caption, first sentence)' if 0 < d <= NEAR else
             'over it (kicker, label, alt text)' if -NEAR <= d < 0 else
             'far after it' if d > 0 else 'far before it')
    return 'beaten by a block ' + where + (', a date' if dated else '')

def one(page, model):
    name, path, item = page
    lines = tr.file_lines(path)
    gold = tr.norm(item.get('title')).lower()
    if not gold or gold not in tr.norm(' '.join(lines)).lower():
        return None
    blocks, titles, _ = tr.explain(path, model)
    match = lambda t: bool(t) and (t == gold or tr.ratio(t, gold) >= 0.9)
    golds = {i + 1 for i, t in enumerate(lines) if match(t.lower())}
    ours = [b['no'] for b in blocks if b['kind'] == 'title']
    if ours and ours[0] in golds:
        return name, 'right', None, None
    if not golds:
        return name, 'part of a longer line', None, None
    ranks = sorted(titles, key=lambda c: -c['score'])
    at = [i for i, c in enumerate(ranks) if c['no'] in golds]
    g = min(golds)
    if at:
        top = ranks[0]
        why = beaten_by(top['no'], ranks[at[0]]['no'], top['t'].get('date', 0) > 0)
        return name, 'candidate, rank %s' % (at[0] + 1 if at[0] < 3 else '4+'), g, why
    nos = [c['no'] for c in titles]
    if not nos or g < min(nos):
        return name, 'not a candidate: before the window', g, None
    if g > max(nos):
        return name, 'not a candidate: after the window', g, None
    return name, 'not a candidate: not headline-shaped', g, None

def main(argv):
    half, model, verbose = None, '', False
    it = iter(argv)
    for a in it:
        if a == '--half': half = next(it)
        elif a == '--model': model = os.path.abspath(next(it))
        elif a == '-v': verbose = True
        else:
            print(__doc__); return 2
    rw = os.path.join(tr.ROOT, '..', 'shared', 'realworld')
    pages = tr.load_pages(rw, None, (lambda n: tr.half_of(n) == half) if half else (lambda n: True))
    with ThreadPoolExecutor(2) as ex:
        res = [r for r in ex.map(lambda p: one(p, model), pages) if r]
    count = Counter(r[1] for r in res)
    for k, v in sorted(count.items()):
        print(f'{v:5d}  {k}')
    cands = sum(v for k, v in count.items() if k == 'right' or k.startswith('candidate'))
    print(f'{len(res)} pages; right by line {count["right"] / len(res):.3f}, '
          f'gold among the candidates (the ceiling) {cands / len(res):.3f}')
    beaten = Counter(r[3] for r in res if r[3])
    if beaten:
        print('the gold line a candidate, another first:')
        for k, v in sorted(beaten.items(), key=lambda kv: -kv[1]):
            print(f'{v:5d}  {k}')
    if verbose:
        for name, kind, g, why in res:
            if kind != 'right':
                print(name, kind, g, why or '')
    return 0

if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
