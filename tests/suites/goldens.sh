#!/usr/bin/env bash
# Golden files for every output: each tests/golden/NAME/ holds `inputs`
# (the files or folders of one `dossier build`, paths from the repository
# root), optionally `options` (its options, one line), and what that build
# must give, byte for byte:
#   NAME.layout            the PDF's layout dump (-o x.layout)
#   content.opf, nav.xhtml, toc.ncx, a0001.xhtml...
#                          files of the EPUB, by their name in OEBPS/
#   tree.json              the inputs' tree they were made from
# A changed tree (a reader moved on; tests/parse/ says whether rightly)
# skips rather than fails. REGEN=1 (make regen) shows each diff and
# rewrites the files; a case with nothing yet gets the default set.
set -u
. "$(dirname "$0")/../report.sh"
suite_tmp
export SOURCE_DATE_EPOCH=1424433600

for dir in tests/golden/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	[ -f "$dir/inputs" ] || continue
	read -r -a inputs < "$dir/inputs"
	opts=()
	[ -f "$dir/options" ] && read -r -a opts < "$dir/options"
	w=$out/$name
	mkdir -p "$w/epub"
	"$D" tree --json "${inputs[@]}" > "$w/tree.json" 2>/dev/null
	if ! "$D" build -q --page-list ${opts[@]+"${opts[@]}"} -o "$w/book.epub" \
	    -o "$w/$name.layout" "${inputs[@]}"; then
		not_ok "golden $name: dossier build failed"
		continue
	fi
	(cd "$w/epub" && unzip -q ../book.epub)
	files=$(cd "$dir" && ls | grep -vx -e inputs -e options -e tree.json)
	[ -n "$files" ] || files="$name.layout content.opf nav.xhtml toc.ncx a0001.xhtml"
	got() { case $1 in *.layout) echo "$w/$1" ;; *) echo "$w/epub/OEBPS/$1" ;; esac; }
	if [ -n "${REGEN:-}" ]; then
		for f in $files; do
			[ -f "$dir/$f" ] && diff -u "$dir/$f" "$(got "$f")" | head -n 40
			cp "$(got "$f")" "$dir/$f"
		done
		cp "$w/tree.json" "$dir/tree.json"
		ok "golden $name (regenerated)"
		continue
	fi
	if [ ! -f "$dir/tree.json" ]; then
		skip "golden $name" "none yet; make regen makes them"
		continue
	fi
	if ! cmp -s "$w/tree.json" "$dir/tree.json"; then
		skip "golden $name" "the tree of its inputs changed; make regen to accept"
		continue
	fi
	for f in $files; do
		if cmp -s "$(got "$f")" "$dir/$f"; then
			ok "golden $name/$f"
		else
			not_ok "golden $name/$f" \
			    "$(diff -u "$dir/$f" "$(got "$f")" 2>&1 | head -n 20)"
		fi
	done
done
exit 0
