# tests/bench/lib.sh: shared by the tests/bench/[0-9]*.sh scripts (source it).
#
#   measure REPS CMD...   run CMD (stdout to /dev/null) REPS times; sets
#                         BENCH_SECS (best wall time, seconds) and BENCH_KB
#                         (largest peak resident memory, KiB); returns 1 if
#                         a run failed
#   row WHAT LABEL BYTES  print one aligned row: time, peak memory, input
#                         size, and memory as a multiple of the input
#   size_of PATH...       bytes of the files under PATH
#   measure_ms REPS CMD... for runs of a few milliseconds: no time(1) in
#                         between; sets BENCH_MS (best) and BENCH_MED
#                         (median), in milliseconds
#   ms_of US...           the same two from run times in microseconds
#   row_ms WHAT LABEL NOTE  print one row of those
#
# A benchmark times real work and asserts nothing: it only prints.

BENCH_DIR=${BENCH_DIR:-build/bench}
DOSSIER=${DOSSIER:-bin/dossier}

# Peak RSS of one run, in KiB, through /usr/bin/time or else Python.
_peak() {
	local out=$BENCH_DIR/.peak.$$ rc
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%M' -o "$out" "$@" > /dev/null
		rc=$?
		tail -n 1 "$out"
	else
		python3 -c '
import resource, subprocess, sys
rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc)' "$@"
		rc=$?
	fi
	rm -f "$out"
	return $rc
}

measure() {
	local reps=$1 i t0 t1 kb us best=-1 rc=0
	shift
	BENCH_KB=0
	for ((i = 0; i < reps; i++)); do
		t0=${EPOCHREALTIME/[.,]/}
		kb=$(_peak "$@") || rc=1
		t1=${EPOCHREALTIME/[.,]/}
		us=$((t1 - t0))
		if [ "$best" -lt 0 ] || [ "$us" -lt "$best" ]; then best=$us; fi
		if [ "${kb:-0}" -gt "$BENCH_KB" ]; then BENCH_KB=$kb; fi
	done
	BENCH_SECS=$(awk -v us="$best" 'BEGIN { printf "%.3f", us / 1e6 }')
	return $rc
}

size_of() {
	find "$@" -type f -name '*.txt' -printf '%s\n' |
	    awk '{ s += $1 } END { print s + 0 }'
}

row() {
	awk -v what="$1" -v label="$2" -v bytes="$3" -v secs="$BENCH_SECS" \
	    -v kb="$BENCH_KB" 'BEGIN {
		mb = kb / 1024
		inmb = bytes / 1048576
		printf "%-8s %-16s %8.3f s %7.1f MB   input %7.2f MB", what, label, secs, mb, inmb
		if (bytes > 0)
			printf "   memory %5.1fx input", kb * 1024 / bytes
		printf "\n"
	}'
}

measure_ms() {
	local reps=$1 i t0 t1 rc=0
	shift
	local -a t=()
	for ((i = 0; i < reps; i++)); do
		t0=${EPOCHREALTIME/[.,]/}
		"$@" > /dev/null || rc=1
		t1=${EPOCHREALTIME/[.,]/}
		t+=($((t1 - t0)))
	done
	ms_of "${t[@]}"
	return $rc
}

# BENCH_MS (best) and BENCH_MED (median), in milliseconds, of run times
# given in microseconds: for scripts that time runs themselves.
ms_of() {
	read -r BENCH_MS BENCH_MED < <(printf '%s\n' "$@" | sort -n |
	    awk '{ v[NR] = $1 } END {
		printf "%.1f %.1f\n", v[1] / 1e3, v[int((NR + 1) / 2)] / 1e3 }')
}

row_ms() {
	printf '%-8s %-16s %8.1f ms (median %5.1f)   %s\n' "$1" "$2" \
	    "$BENCH_MS" "$BENCH_MED" "$3"
}
