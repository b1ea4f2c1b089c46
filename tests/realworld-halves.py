#!/usr/bin/env python3
"""Split ../shared/realworld/annotations.json into the two halves the HTML
reader is tuned and reported on: by the first byte of SHA-256(NAME), even
to build/realworld-tune.json, odd to build/realworld-heldout.json. Then
  ../shared/tools/realworld-score build/realworld-heldout.json ../shared/realworld/html

Usage: tests/realworld-halves.py [ANNOTATIONS.json [OUT_DIR]]"""
import hashlib, json, os, sys

src = sys.argv[1] if len(sys.argv) > 1 else '../shared/realworld/annotations.json'
out = sys.argv[2] if len(sys.argv) > 2 else 'build'
ann = json.load(open(src, encoding='utf-8'))
halves = {'tune': {}, 'heldout': {}}
for name, a in ann.items():
    even = hashlib.sha256(name.encode()).digest()[0] % 2 == 0
    halves['tune' if even else 'heldout'][name] = a
os.makedirs(out, exist_ok=True)
for half, a in halves.items():
    path = os.path.join(out, 'realworld-%s.json' % half)
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(a, f, ensure_ascii=False, sort_keys=True)
    print('%s: %d pages' % (path, len(a)))
