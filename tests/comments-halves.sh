#!/bin/sh
# Held-out figures for the comment finder: the realworld pages with
# comments, split in two halves by a hash of their name (sha1, first byte
# even: the tuning half; odd: the held-out half). Writes
# build/comments-tune.json and build/comments-held.json and scores each.
#   tests/comments-halves.sh [../shared/realworld]
set -eu
rw=${1:-../shared/realworld}
mkdir -p build
python3 - "$rw/annotations.json" <<'PY'
import hashlib, json, sys
ann = json.load(open(sys.argv[1]))
halves = {'tune': {}, 'held': {}}
for n, a in ann.items():
    if not a.get('comments'):
        continue
    h = hashlib.sha1(n.encode()).digest()[0] % 2
    halves['held' if h else 'tune'][n] = a
for k, v in halves.items():
    json.dump(v, open('build/comments-%s.json' % k, 'w'), indent=0, sort_keys=True)
    print(k, len(v), 'pages')
PY
for half in tune held; do
	echo "# $half"
	"$rw/../tools/realworld-score" "build/comments-$half.json" "$rw/txt" | grep -E '^(comments|body):'
done
