#!/usr/bin/env bash
# tests/suites/pdf-big.sh: the PDF's layout grows linearly with its input
# (issue 12, class 6): an unbreakable word, a long URL and a single line
# of a megabyte finish in a generous time, twice the input takes less than
# three times the time (a ratio of CPU times, not a timing), and memory
# stays a small multiple of the input.
#
# Run from the repository root: DOSSIER=bin/dossier tests/suites/pdf-big.sh
set -u

. "$(dirname "$0")/../report.sh"
suite_dir pdf-big
export SOURCE_DATE_EPOCH=1700000000

command -v python3 > /dev/null || {
	skip "pdf-big: all checks" "python3 not installed (make deps)"
	exit 0
}

# The inputs: NAME SIZE writes $W/NAME-SIZE.txt.
cat > "$W/make.py" <<'EOF'
import random, sys
kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
r = random.Random(12)
if kind == 'word':	# letters only: no break point, no hyphenation pattern fits all
    body = ''.join(r.choice('bcdfghjklmnpqrstvwxz') for _ in range(n))
elif kind == 'url':	# breaks after every slash
    parts, size = [], 20
    while size < n:
        p = ''.join(r.choice('abcdefghij') for _ in range(7))
        parts.append(p)
        size += 8
    body = 'https://example.com/' + '/'.join(parts)
else:			# one line of words
    s = 'the quick brown fox jumps over the lazy dog and keeps on running, '
    body = (s * (n // len(s) + 1))[:n]
open(out, 'w').write('A long %s\n\nBefore it %s after it.\n' % (kind, body))
EOF

# The runner: CPU seconds of the build and its peak memory, as "CPU KB".
cat > "$W/run.py" <<'EOF'
import resource, subprocess, sys
limit, cmd = float(sys.argv[1]), sys.argv[2:]
try:
    rc = subprocess.run(cmd, timeout=limit, stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL).returncode
except subprocess.TimeoutExpired:
    print('timeout'); sys.exit(1)
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print('%.3f %d' % (ru.ru_utime + ru.ru_stime, ru.ru_maxrss))
sys.exit(rc)
EOF

# Memory is checked on the plain binary only: sanitizers and valgrind
# multiply it.
plain=
case $(basename "$DOSSIER") in dossier) plain=1 ;; esac

# measure KIND SIZE: "CPU KB" of the PDF of that input, or "fail"
measure() {
	local f=$W/$1-$2.txt
	python3 "$W/make.py" "$1" "$2" "$f"
	python3 "$W/run.py" $((120 * SCALE)) "$DOSSIER" build -q \
	    -o "$W/$1-$2.pdf" "$f" || echo fail
}

# scale NAME KIND SIZE: SIZE and twice SIZE, each within the time limit,
# the second costing less than three times the first.
scale() {
	local name=$1 kind=$2 n=$3 a b
	a=$(measure "$kind" "$n" | tail -1)
	b=$(measure "$kind" $((2 * n)) | tail -1)
	case "$a $b" in
	*fail*|*timeout*)
		not_ok "pdf-big: $name ($n and $((2 * n)) bytes) within $((120 * SCALE)) s" \
		    "$n: $a" "$((2 * n)): $b"
		return ;;
	esac
	ok "pdf-big: $name ($n and $((2 * n)) bytes) within $((120 * SCALE)) s"
	# CPU times under 0.3 s are mostly start-up: the ratio says little
	# there, so they count as 0.3 s
	check "pdf-big: $name: twice the input, less than three times the CPU ($a / $b)" \
	    python3 -c "import sys; a, b = (max(float(x), 0.3) for x in sys.argv[1:]); sys.exit(0 if b < 3 * a else 1)" \
	    "${a% *}" "${b% *}"
	if [ -n "$plain" ]; then
		check "pdf-big: $name: peak memory under 40 MB + 30 x input (${b#* } KB for $((2 * n)) bytes)" \
		    python3 -c "import sys; sys.exit(0 if int(sys.argv[1]) < 40000 + 30 * int(sys.argv[2]) / 1000 else 1)" \
		    "${b#* }" $((2 * n))
	fi
}

# An unbreakable word of 200,000 characters, a long URL, a single line of
# a megabyte.
scale "an unbreakable word" word 100000
scale "a long URL" url 100000
scale "a single line of words" line 500000
exit 0
