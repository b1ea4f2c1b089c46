#!/usr/bin/env bash
# Writers are plugins behind one interface: a plugin built against the
# public header alone adds a format to the host.
set -u
D=${DOSSIER:-bin/dossier}
so=${PLUGIN_DIR:-build/plugins}/plaintext.so
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if [ ! -f "$so" ]; then echo "skip - writer plugin (not built: $so)"; exit 0; fi
if "$D" build -q --plugin "$so" -o "$out/x.text" corpus &&
   grep -q '^# Proposed Chinese security law' "$out/x.text" &&
   grep -q '^  \[Anonymous Coward\]' "$out/x.text"; then
	echo "ok - a writer plugin adds a format (.text) to the host"
else
	echo "not ok - a writer plugin adds a format (.text) to the host"
fi
if "$D" build -q --plugin "$so" -o "$out/x.text" -o "$out/x.json" corpus &&
   [ -s "$out/x.json" ] && [ -s "$out/x.text" ]; then
	echo "ok - plugin and built-in writers share one parse"
else
	echo "not ok - plugin and built-in writers share one parse"
fi
err=$("$D" build --plugin /nonexistent.so -o "$out/x.json" corpus 2>&1); rc=$?
if [ $rc = 2 ] && grep -q nonexistent <<<"$err"; then
	echo "ok - a missing plugin is a usage error"
else
	echo "not ok - a missing plugin is a usage error (rc=$rc)"
fi
err=$("$D" build --plugin /usr/lib/x86_64-linux-gnu/libz.so.1 -o "$out/x.json" corpus 2>&1); rc=$?
if [ $rc = 2 ] && grep -q 'not a dossier plugin' <<<"$err"; then
	echo "ok - a library that is no plugin is refused"
else
	echo "not ok - a library that is no plugin is refused (rc=$rc: $err)"
fi
# A library with a constructor, no plugin: refused without running it.
cat > "$out/ctor.c" <<C
#include <stdio.h>
__attribute__((constructor)) static void run(void)
{
	FILE *f = fopen("$out/ran", "w");
	if (f)
		fclose(f);
}
int not_a_plugin;
C
if cc -shared -fPIC -o "$out/ctor.so" "$out/ctor.c" 2> /dev/null; then
	err=$("$D" build --plugin "$out/ctor.so" -o "$out/y.json" corpus 2>&1); rc=$?
	if [ $rc = 2 ] && grep -q 'not a dossier plugin' <<<"$err" && [ ! -e "$out/ran" ]; then
		echo "ok - a library that is no plugin is refused before any of its code runs"
	else
		echo "not ok - a library that is no plugin is refused before any of its code runs (rc=$rc, ran: $(ls "$out" | grep -c '^ran$'))"
	fi
else
	echo "skip - a library that is no plugin is refused before any of its code runs (no cc)"
fi
exit 0
