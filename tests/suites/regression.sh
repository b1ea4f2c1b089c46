#!/usr/bin/env bash
# tests/regression/: one small input per past bug; the format is in
# tests/regression/README. One "ok"/"not ok" line per case.
set -u
D=${DOSSIER:-bin/dossier}
R=tests/regression
scale=${TIMEOUT_SCALE:-1}
work=$(mktemp -d "${TEST_WORK:-/tmp}/regression.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT

for exp in "$R"/*.expect; do
	[ -f "$exp" ] || continue
	name=${exp##*/}
	name=${name%.expect}
	if [ -f "$R/$name.txt" ]; then
		in=$R/$name.txt
	else
		ins=()
		for f in "$R/$name".*; do
			[ "$f" != "$exp" ] && ins+=("$f")
		done
		if [ ${#ins[@]} != 1 ]; then
			echo "not ok - regression $name: ${#ins[@]} input files beside $name.expect (one, or $name.txt)"
			continue
		fi
		in=${ins[0]}
	fi
	run="tree --json {}" rc=0 secs=10 bad=
	need_err=() need_out=() deny_err=()
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in
		'' | '#'*) ;;
		run:*) run=${line#run:} ;;
		exit:*) rc=${line#exit:} rc=${rc// /} ;;
		seconds:*) secs=${line#seconds:} secs=${secs// /} ;;
		stderr:*) t=${line#stderr:}; need_err+=("${t# }") ;;
		stdout:*) t=${line#stdout:}; need_out+=("${t# }") ;;
		not-stderr:*) t=${line#not-stderr:}; deny_err+=("${t# }") ;;
		*) bad="unknown directive: $line" ;;
		esac
	done < "$exp"
	if [ -n "$bad" ]; then
		echo "not ok - regression $name: $bad"
		continue
	fi
	out=$work/$name
	mkdir -p "$out"
	args=()
	read -ra words <<< "$run"
	for w in "${words[@]}"; do
		w=${w//\{\}/$in}
		w=${w//\{dir\}/$R}
		w=${w//\{out\}/$out}
		args+=("$w")
	done
	timeout -k 2 "$((secs * scale))" "$D" "${args[@]}" \
	    > "$out/stdout" 2> "$out/stderr"
	got=$?
	why=
	if [ $got = 124 ] || [ $got = 137 ]; then
		why="did not end within $((secs * scale)) s"
	elif [ $got -ge 128 ] || [ $got = 98 ] || [ $got = 99 ]; then
		why="crashed (exit $got): $(tail -n 3 "$out/stderr" | tr '\n' ' ')"
	elif [ "$got" != "$rc" ]; then
		why="exit $got, not $rc: $(head -c 300 "$out/stderr" | tr '\n' ' ')"
	fi
	for t in "${need_err[@]}"; do
		[ -n "$why" ] || grep -qF -- "$t" "$out/stderr" ||
		    why="no '$t' in stderr: $(head -c 300 "$out/stderr" | tr '\n' ' ')"
	done
	for t in "${need_out[@]}"; do
		[ -n "$why" ] || grep -qF -- "$t" "$out/stdout" ||
		    why="no '$t' in stdout"
	done
	for t in "${deny_err[@]}"; do
		[ -n "$why" ] || ! grep -qF -- "$t" "$out/stderr" ||
		    why="'$t' in stderr"
	done
	if [ -z "$why" ]; then
		echo "ok - regression $name"
	else
		echo "not ok - regression $name: $why"
	fi
done
exit 0
