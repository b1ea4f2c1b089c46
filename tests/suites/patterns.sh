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
exit 0
