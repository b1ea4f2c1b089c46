#!/usr/bin/env bash
# tests/bench/30-pdf.sh: the PDF of the 1,000-article corpus
# (tests/bench/gen-corpus.sh) by dossier, next to pandoc with xelatex and
# pandoc with weasyprint on the same text, in the same run. Prints time and
# peak memory of each, the page count, the evenness score, and the peak
# memory of dossier on half the corpus (memory must not grow with pages).
#
# BENCH_OTHERS=0 skips pandoc and weasyprint (they take minutes).
set -u
. "$(dirname "$0")/lib.sh"

big=$BENCH_DIR/corpus1000
half=$BENCH_DIR/corpus500
[ -d "$big" ] || "$(dirname "$0")/gen-corpus.sh"
out=$BENCH_DIR/pdf
mkdir -p "$out"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
bytes=$(size_of "$big")

pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }
score() {
	[ -x ../shared/tools/type-score ] || return
	../shared/tools/type-score "$1" 2>/dev/null | tail -n 1
}

# ---- dossier ----
measure 3 "$DOSSIER" build -q -o "$out/dossier.pdf" "$big" ||
    echo "# dossier failed on $big" >&2
row pdf "dossier" "$bytes"
echo "#   $(pages "$out/dossier.pdf") pages; $(score "$out/dossier.pdf")"
# thread scaling: 1 and 2 layout workers, then the ratio and where the
# serial part is (the painter thread, which runs Cairo's PDF writer)
measure 3 "$DOSSIER" build -q --threads 1 -o "$out/dossier1.pdf" "$big"
row pdf "dossier -j1" "$bytes"
t1=$BENCH_SECS
measure 3 "$DOSSIER" build -q --threads 2 -o "$out/dossier2.pdf" "$big"
row pdf "dossier -j2" "$bytes"
t2=$BENCH_SECS
cmp -s "$out/dossier1.pdf" "$out/dossier2.pdf" ||
    echo "# --threads 1 and 2 gave different PDFs" >&2
DOSSIER_PDF_TIMES=1 "$DOSSIER" build -q --threads 2 -o "$out/dossier2.pdf" \
    "$big" 2> "$out/times.txt"
awk -v t1="$t1" -v t2="$t2" '
/^pdf: / { p += $(NF - 5); a += $(NF - 1) }
END {
	printf "#   1 vs 2 workers: %.2fx; the painter thread, Cairo PDF writer, ran %.1f s of %.1f s CPU after the reader (%.0f%%), ceiling %.2fx\n",
	    t1 / t2, p, a, 100 * p / a, a / p
}' "$out/times.txt"

# half the articles: peak memory should stay about the same
if [ ! -d "$half" ]; then
	mkdir -p "$half"
	find "$big" -name '*.txt' | sort | head -n 500 |
	    while read -r f; do cp "$f" "$half/"; done
fi
measure 1 "$DOSSIER" build -q -o "$out/half.pdf" "$half"
row pdf "dossier (500)" "$(size_of "$half")"
echo "#   $(pages "$out/half.pdf") pages"

[ "${BENCH_OTHERS:-1}" = 0 ] && exit 0

# ---- the same text for pandoc: one Markdown file from our tree ----
"$DOSSIER" tree --json -q "$big" > "$out/tree.json"
python3 - "$out/tree.json" "$out/corpus.md" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
esc = lambda s: s.replace('\\', '\\\\').replace('*', '\\*').replace('_', '\\_') \
    .replace('#', '\\#').replace('<', '\\<').replace('[', '\\[').replace('`', '\\`')
with open(sys.argv[2], 'w') as f:
    f.write('---\ntitle: "%s"\n---\n\n' % d['title'].replace('"', "'"))
    def comments(cs, depth):
        for c in cs:
            f.write('%s**%s**\n\n' % ('> ' * min(depth, 3), esc(c.get('author') or 'Anonymous')))
            for p in c['text'].split('\n\n'):
                f.write('%s%s\n\n' % ('> ' * min(depth, 3), esc(p)))
            comments(c['replies'], depth + 1)
    for a in d['articles']:
        f.write('# %s\n\n' % esc(a['title']))
        for b in a['body']:
            t = b.get('text') or ' '.join(b.get('items', []))
            f.write(('## %s\n\n' if b['type'] == 'heading' else '%s\n\n') % esc(t))
        comments(a['comments'], 0)
EOF
md=$out/corpus.md
if command -v pandoc > /dev/null && command -v xelatex > /dev/null; then
	measure 1 pandoc "$md" -o "$out/xelatex.pdf" --pdf-engine=xelatex \
	    -V papersize=a4 -V mainfont="Noto Serif" -V geometry=margin=25mm ||
	    echo "# pandoc --pdf-engine=xelatex failed" >&2
	row pdf "pandoc+xelatex" "$bytes"
	echo "#   $(pages "$out/xelatex.pdf") pages; $(score "$out/xelatex.pdf")"
else
	echo "# skip pandoc+xelatex: not installed (apt-get install pandoc texlive-xetex)"
fi
if command -v pandoc > /dev/null && command -v weasyprint > /dev/null; then
	measure 1 sh -c "pandoc '$md' -s -o '$out/corpus.html' &&
	    weasyprint -s styles/default.css '$out/corpus.html' '$out/weasyprint.pdf'" ||
	    echo "# pandoc + weasyprint failed" >&2
	row pdf "pandoc+weasyprint" "$bytes"
	echo "#   $(pages "$out/weasyprint.pdf") pages; $(score "$out/weasyprint.pdf")"
else
	echo "# skip weasyprint: not installed (apt-get install pandoc weasyprint)"
fi
