# tests/report.sh: how a suite (tests/suites/*.sh) reports, sourced by
# each. tests/run.sh counts the lines these print.
#
#   ok NAME                  "ok - NAME"
#   not_ok NAME [WHY...]     "not ok - NAME", then each WHY as "# WHY"
#   skip NAME REASON         "skip - NAME (REASON)"
#   check NAME CMD...        ok when CMD succeeds, else not_ok with the
#                            first lines of its output as the reasons

ok() { echo "ok - $1"; }
not_ok() {
	echo "not ok - $1"
	shift
	for why in "$@"; do echo "# $why"; done
}
skip() { echo "skip - $1 ($2)"; }
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then ok "$name"; else
		not_ok "$name" "$(printf '%s\n' "$out" | head -n 8)"; fi
}

# The suites' common start. suite_dir NAME: DOSSIER (and D) for the binary
# under test, SCALE for time limits, and W, a fresh folder of the suite's
# own under the run's scratch folder. suite_tmp: D, and out, a scratch
# folder removed when the suite ends.
suite_dir() {
	DOSSIER=${DOSSIER:-bin/dossier}
	D=$DOSSIER
	SCALE=${TIMEOUT_SCALE:-1}
	W=${TEST_WORK:-build/test-work}/$1
	rm -rf "$W"
	mkdir -p "$W"
}
suite_tmp() {
	D=${DOSSIER:-bin/dossier}
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT
}
