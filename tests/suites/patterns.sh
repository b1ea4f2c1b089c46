#!/usr/bin/env bash
# Site patterns are data a user can extend: --patterns FILE.
set -u
D=${DOSSIER:-bin/dossier}
dir=tests/patterns
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; }

if out=$("$D" tree --json $dir/mysite.txt 2>/dev/null) &&
   ! grep -q '"author":"alice"' <<<"$out"; then
	ok "without the user's patterns the format is not known"
else
	nok "without the user's patterns the format is not known"
fi
json=$(mktemp --suffix=.json)
if "$D" build -q --patterns $dir/mysite.conf -o "$json" $dir/mysite.txt &&
   python3 - "$json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
c = t["comments"]
assert [x["author"] for x in c] == ["alice", "bob"], c
assert c[0]["date"] == "10:15"
assert "Brought to you" not in json.dumps(t)
PY
then ok "--patterns adds comment headers and chrome"; else nok "--patterns adds comment headers and chrome"; fi
rm -f "$json"

err=$("$D" build --patterns $dir/bad.conf -o /tmp/x.json $dir/mysite.txt 2>&1); rc=$?
if [ $rc = 2 ] && grep -q 'bad.conf:2' <<<"$err"; then
	ok "a bad pattern is a usage error naming file and line"
else
	nok "a bad pattern is a usage error naming file and line (rc=$rc: $err)"
fi
err=$("$D" build --patterns /nonexistent.conf -o /tmp/x.json $dir/mysite.txt 2>&1); rc=$?
if [ $rc = 2 ]; then ok "a missing patterns file is a usage error"; else nok "a missing patterns file is a usage error (rc=$rc)"; fi
# Hostile patterns files (issue 12 class 5): each is refused, or bounded,
# with its file (and line) named, within seconds.
scale=${TIMEOUT_SCALE:-1}
w=$(mktemp -d "${TEST_WORK:-/tmp}/patterns.XXXXXX")
art=$dir/mysite.txt
refused() {	# WHAT FILE MESSAGE: exit 2 within 5 s, MESSAGE in stderr
	local err rc
	err=$(timeout -k 1 $((5 * scale)) "$D" tree --json --patterns "$2" "$art" 2>&1 >/dev/null)
	rc=$?
	if [ $rc = 2 ] && grep -qF -- "$3" <<<"$err"; then ok "$1"
	else nok "$1 (rc=$rc: $(head -c 200 <<<"$err"))"; fi
}
printf 'chrome ^ok$\nchrome (?<\xff>x)\\k<\xff>\n' > "$w/name.conf"
refused "a group name that is not UTF-8 is refused with its line" "$w/name.conf" "name.conf:2: the rule is not valid UTF-8"
printf 'chrome (?P<a\xe2\x82>x)(?P=a\xe2\x82)\n' > "$w/python.conf"
refused "a Python-style group name that is not UTF-8 too" "$w/python.conf" "python.conf:1: the rule is not valid UTF-8"
printf '# x\n\nchrome ^Brought\x00 to you by .*$\n' > "$w/nul.conf"
refused "a NUL inside a rule is refused with its line" "$w/nul.conf" "nul.conf:3: a NUL byte in the rule"
refused "/dev/zero is not read" /dev/zero "/dev/zero: not a regular file"
mkfifo "$w/fifo"
refused "a FIFO is refused, not waited on" "$w/fifo" "fifo: not a regular file"
{ echo 'chrome ^ok$'; head -c 1100000 /dev/zero | tr '\0' '#'; } > "$w/huge.conf"
refused "a patterns file over 1 MB is refused" "$w/huge.conf" "huge.conf: more than 1048576 bytes"
# A rule that backtracks without end, on a 33 KB article of lines it
# cannot match (but might): bounded, one warning naming the rule, and the
# rule still removes the line it does match.
printf 'chrome ^(a+)+$\n' > "$w/cat.conf"
python3 -c "
print('A title\n')
print('aaaa\n')
for i in range(84): print('a' * 390 + '!\n')" > "$w/long.txt"
start=$(date +%s%N)
err=$(timeout -k 1 $((20 * scale)) "$D" tree --json --patterns "$w/cat.conf" "$w/long.txt" 2>&1 >"$w/long.json")
rc=$? ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [ $rc = 0 ] && [ "$(grep -c 'cat.conf:1: warning: this rule gave up' <<<"$err")" = 1 ] &&
   ! grep -q '"aaaa"' "$w/long.json" && grep -q 'aaaa!' "$w/long.json"; then
	ok "a catastrophic rule on a 33 KB article: bounded (${ms} ms), warned once with its line"
else
	nok "a catastrophic rule on a 33 KB article (rc=$rc, ${ms} ms: $(head -c 300 <<<"$err"))"
fi
# The same on one line of 33 KB, through a markup rule (tried on
# paragraphs of any length): its bound grows with the line, no further.
printf 'markup (?<text>\\[(a|aa)+$)\n' > "$w/markup.conf"
python3 -c "
print('A title\n')
print('[' + 'a' * 33000 + '!\n')
print('A paragraph with [b]bold[/b] markup.')" > "$w/line.txt"
start=$(date +%s%N)
err=$(timeout -k 1 $((20 * scale)) "$D" tree --json --patterns "$w/markup.conf" "$w/line.txt" 2>&1 >"$w/line.json")
rc=$? ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [ $rc = 0 ] && grep -q 'markup.conf:1: warning: this rule gave up on a line of 33002 bytes' <<<"$err" &&
   grep -q '"A paragraph with bold markup."' "$w/line.json"; then
	ok "a catastrophic rule on a 33 KB line: bounded (${ms} ms), warned with its line"
else
	nok "a catastrophic rule on a 33 KB line (rc=$rc, ${ms} ms: $(head -c 300 <<<"$err"))"
fi
rm -rf "$w"
exit 0
