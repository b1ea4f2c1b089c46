#!/usr/bin/env bash
# tests/suites/html.sh: the HTML reader on hostile and broken pages (deep
# nesting, a 100 MB page, a gzip bomb, entity expansion, invalid bytes,
# unclosed tags) gives warnings, never a crash, a hang or unbounded
# memory; script, style, iframes, forms, objects, event attributes and
# javascript:/data: links reach neither the tree nor the EPUB; HTML pages
# and .txt files make one dossier, EPUB and PDF. Big inputs are generated
# into $TEST_WORK, never committed.
set -u
{

DOSSIER=${DOSSIER:-bin/dossier}
SCALE=${TIMEOUT_SCALE:-1}
DEEP=${DEEP_CHAIN:-100000}
BIG_MB=${BIG_HTML_MB:-100}
W=${TEST_WORK:-build/test-work}/html
rm -rf "$W"
mkdir -p "$W"
OUT=$W/stdout ERR=$W/stderr
export SOURCE_DATE_EPOCH=1424433600
export DOSSIER_CACHE_DIR=off

. "$(dirname "$0")/../report.sh"

status=0
# run SECONDS CMD...: with a time limit, and the peak memory in $W/rss (KB)
run() {
	local secs=$(($1 * SCALE)); shift
	if [ -x /usr/bin/time ]; then
		timeout -k 5 "$secs" /usr/bin/time -o "$W/rss" -f %M "$@" \
		    > "$OUT" 2> "$ERR"
	else
		echo 0 > "$W/rss"
		timeout -k 5 "$secs" "$@" > "$OUT" 2> "$ERR"
	fi
	status=$?
}

# expect NAME STATUS [PATTERN]: exit status, no crash, stderr pattern
expect() {
	local name=$1 want=$2 pattern=${3:-}
	if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
		not_ok "$name" "timed out"
	elif [ "$status" -ge 98 ] && [ "$status" -ne "$want" ]; then
		not_ok "$name" "crashed or a sanitizer report (status $status)" \
		    "$(head -c 600 "$ERR")"
	elif grep -qE 'Sanitizer|runtime error:' "$ERR"; then
		not_ok "$name" "sanitizer report" "$(head -c 600 "$ERR")"
	elif [ "$status" -ne "$want" ]; then
		not_ok "$name" "exit status $status, want $want" \
		    "$(head -c 600 "$ERR")"
	elif [ -n "$pattern" ] && ! grep -qE -- "$pattern" "$ERR"; then
		not_ok "$name" "no message matching /$pattern/ on stderr" \
		    "$(head -c 600 "$ERR")"
	else
		ok "$name"
		return 0
	fi
	return 1
}

# mem_below NAME MB: the last run's peak memory
mem_below() {
	local kb
	# A sanitizer's shadow memory or valgrind is not the program's.
	if [ -n "${VALGRIND:-}" ] || [ "${DOSSIER##*/}" != dossier ]; then
		skip "$1" "memory is measured on the plain build"
		return
	fi
	kb=$(tail -n 1 "$W/rss" 2>/dev/null)
	case $kb in ''|*[!0-9]*) skip "$1" "no /usr/bin/time"; return ;; esac
	if [ "$kb" -eq 0 ]; then
		skip "$1" "no /usr/bin/time"
	elif [ "$kb" -lt $(($2 * 1024)) ]; then
		ok "$1 ($((kb / 1024)) MB)"
	else
		not_ok "$1" "peak memory $((kb / 1024)) MB"
	fi
}

ARTICLE='<p>The harbour council voted on Thursday to build a flood wall along the quay, after three winters of storm surges.</p><p>Work starts in May and should be finished before the autumn storms, the council said in a statement.</p>'

# ---- deep nesting -------------------------------------------------------

python3 -c "
import sys
n = $DEEP
sys.stdout.write('<html><body><h1>Deep</h1>' + '$ARTICLE'
  + '<div>' * n + '<p>The innermost text of a very deep page.</p>' + '</div>' * n
  + '</body></html>')" > "$W/deep.html"
run 60 "$DOSSIER" tree --json "$W/deep.html"
expect "deep nesting ($DEEP divs): read, with a warning" 0 \
    "deep\.html.*warning: .*deeper"
grep -q "harbour council" "$OUT" && ok "deep nesting: the text before it is kept" ||
    not_ok "deep nesting: the text before it is kept"
mem_below "deep nesting: memory stays small" 200

# ---- a huge page -------------------------------------------------------

python3 -c "
import sys
sys.stdout.write('<html><head><title>Huge</title></head><body><article>')
p = '<p>A paragraph of an enormous page, with words &amp; an entity, repeated until the page is very large.</p>\n'
n = $BIG_MB * 1024 * 1024 // len(p)
for i in range(n // 1000):
    sys.stdout.write(p * 1000)
sys.stdout.write('</article></body></html>')" > "$W/huge.html"
run 120 "$DOSSIER" tree --json "$W/huge.html"
expect "huge page (${BIG_MB} MB): read in part, with a warning" 0 \
    "huge\.html.*warning: page of [0-9]+ MB"
mem_below "huge page: memory is bounded" 1200

# ---- a gzip bomb ---------------------------------------------------------

{ printf '<html><body><p>'; head -c 300000000 /dev/zero | tr '\0' 'a'; } |
    gzip -1 > "$W/bomb.html.gz"
run 60 "$DOSSIER" tree --json "$W/bomb.html.gz"
expect "gzip bomb (300 MB unpacked): read in part, with a warning" 0 \
    "bomb\.html\.gz.*warning: page of"
mem_below "gzip bomb: memory is bounded" 1200

# ---- entity expansion -------------------------------------------------

{
	echo '<!DOCTYPE html [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
	prev=a
	for e in b c d e f g h i j; do
		printf '<!ENTITY %s "' "$e"
		for _ in 1 2 3 4 5 6 7 8 9 10; do printf '&%s;' "$prev"; done
		echo '">'
		prev=$e
	done
	echo ']><html><body>'"$ARTICLE"'<p>&j;&j;&j;</p></body></html>'
} > "$W/laughs.html"
run 20 "$DOSSIER" tree --json "$W/laughs.html"
expect "entity expansion: no blow-up" 0
mem_below "entity expansion: memory stays small" 200
if [ "$(wc -c < "$OUT")" -lt 100000 ]; then
	ok "entity expansion: entities are not expanded"
else
	not_ok "entity expansion: entities are not expanded" \
	    "$(wc -c < "$OUT") bytes of JSON"
fi

# ---- invalid bytes, unclosed tags, binary ------------------------------

printf '<html><body><h1>Caf\xc3\xa9 \xff\xfe news</h1><p>The first paragraph has broken bytes \xc3( in it, and goes on to make a sentence.</p><p>The second one is plain and long enough to be a paragraph of the article.</p></body></html>' \
    > "$W/bytes.html"
run 10 "$DOSSIER" tree --json "$W/bytes.html"
if expect "invalid UTF-8: read, with a warning" 0 "bytes\.html:1: warning: .*U\+FFFD"; then
	grep -q $'\xef\xbf\xbd' "$OUT" && ok "invalid UTF-8: U+FFFD in the tree" ||
	    not_ok "invalid UTF-8: U+FFFD in the tree"
fi

printf '<div><p>Unclosed <b>bold <i>both<p>The next paragraph of an unclosed page, long enough to be read as article text. <table><td>cell<li>item</div></span></p><p>And a last sentence of the article, after the mess.' \
    > "$W/unclosed.html"
run 10 "$DOSSIER" tree --json "$W/unclosed.html"
expect "unclosed tags: read" 0
grep -q "last sentence of the article" "$OUT" &&
    ok "unclosed tags: text after the mess is kept" ||
    not_ok "unclosed tags: text after the mess is kept"

head -c 100000 /bin/ls > "$W/binary.html"
run 20 "$DOSSIER" tree --json "$W/binary.html"
expect "binary data named .html: exit 1 naming the file" 1 "binary\.html"
: > "$W/empty.html"
run 10 "$DOSSIER" tree --json "$W/empty.html"
expect "empty .html: exit 1 naming the file" 1 "empty\.html"
printf 'not gzip' > "$W/fake.html.gz"
run 10 "$DOSSIER" tree --json "$W/fake.html.gz"
expect "a .html.gz that is not gzip: read as it is" 0

# ---- what never passes into the tree ------------------------------------

cat > "$W/hostile.html" <<'EOF'
<html><head><title>Hostile page | Site</title>
<script>var SCRIPTTEXT = 1;</script><style>.STYLETEXT { color: red }</style></head>
<body onload="ONLOADTEXT()">
<article>
<h1>Hostile page</h1>
<p onclick="ONCLICKTEXT()">A first paragraph of the article, with a <a href="javascript:JSLINK()">script link</a>, a <a href="data:text/html,DATALINK">data link</a>, a <a href="vbscript:VBLINK">vbscript link</a> and a <a href="https://example.org/fine">fine link</a>.</p>
<iframe src="https://evil.example/IFRAMESRC"><p>IFRAMETEXT</p></iframe>
<form action="https://evil.example/FORMACTION"><p>FORMTEXT</p><input value="INPUTTEXT"><textarea>TEXTAREATEXT</textarea></form>
<object data="OBJECTDATA"><p>OBJECTTEXT</p></object><embed src="EMBEDSRC">
<svg><text>SVGTEXT</text><script>SVGSCRIPT</script></svg>
<noscript><p>NOSCRIPTTEXT</p></noscript><template><p>TEMPLATETEXT</p></template>
<p>A second paragraph of the article, long enough to be kept as the article's own text.<script>INLINESCRIPT()</script></p>
<p style="display:none">HIDDENTEXT</p><p hidden>HIDDENATTR</p>
</article></body></html>
EOF
BAD='SCRIPTTEXT|STYLETEXT|ONLOADTEXT|ONCLICKTEXT|JSLINK|DATALINK|VBLINK|IFRAME|FORMACTION|FORMTEXT|INPUTTEXT|TEXTAREATEXT|OBJECT|EMBEDSRC|SVGTEXT|SVGSCRIPT|NOSCRIPTTEXT|TEMPLATETEXT|INLINESCRIPT|HIDDENTEXT|HIDDENATTR|javascript:|data:|vbscript:'
run 10 "$DOSSIER" tree --json "$W/hostile.html"
if expect "hostile page: read" 0; then
	if grep -qE "$BAD" "$OUT"; then
		not_ok "hostile page: no script, style, iframe, form, object, handler or bad link in the tree" \
		    "$(grep -oE "$BAD" "$OUT" | sort -u | tr '\n' ' ')"
	else
		ok "hostile page: no script, style, iframe, form, object, handler or bad link in the tree"
	fi
	grep -q 'https://example.org/fine' "$OUT" &&
	    grep -q 'second paragraph of the article' "$OUT" &&
	    ok "hostile page: the article and its http link are kept" ||
	    not_ok "hostile page: the article and its http link are kept"
fi

# ---- HTML and text in one dossier: EPUB and PDF -------------------------

mkdir -p "$W/mixed"
cp corpus/000_*.txt "$W/mixed/a.txt"
cp "$W/hostile.html" "$W/mixed/b.html"
cp tests/parse/html/news.html "$W/mixed/c.htm"
gzip -c tests/parse/html/comments.html > "$W/mixed/d.html.gz"
run 10 "$DOSSIER" tree --json "$W/mixed"
if expect "mixed folder: .txt, .html, .htm and .html.gz read" 0; then
	got=$(python3 -c 'import json,sys; print(" ".join(a["source"].rsplit("/",1)[1] for a in json.load(open(sys.argv[1]))["articles"]))' "$OUT" 2>&1)
	[ "$got" = "a.txt b.html c.htm d.html.gz" ] &&
	    ok "mixed folder: all four, in name order" ||
	    not_ok "mixed folder: all four, in name order" "got: $got"
fi
run 300 "$DOSSIER" build -o "$W/mixed.epub" -o "$W/mixed.pdf" "$W/mixed"
if expect "mixed folder: EPUB and PDF build" 0; then
	unzip -p "$W/mixed.epub" '*.xhtml' > "$W/mixed.xhtml" 2>/dev/null
	if grep -qE "$BAD|<script|<iframe|<form|<object| on[a-z]+=" "$W/mixed.xhtml"; then
		not_ok "mixed EPUB: nothing hostile in its XHTML" \
		    "$(grep -oE "$BAD|<script|<iframe|<form|<object| on[a-z]+=" "$W/mixed.xhtml" | sort -u | tr '\n' ' ')"
	else
		ok "mixed EPUB: nothing hostile in its XHTML"
	fi
	grep -q "Harbour council approves flood wall" "$W/mixed.xhtml" &&
	    grep -q "Warum wir Brot selbst backen" "$W/mixed.xhtml" &&
	    ok "mixed EPUB: the HTML articles are in it" ||
	    not_ok "mixed EPUB: the HTML articles are in it"
	if command -v pdftotext >/dev/null; then
		pdftotext "$W/mixed.pdf" "$W/mixed.pdf.txt" 2>/dev/null
		grep -q "flood wall" "$W/mixed.pdf.txt" &&
		    grep -q "Sauerteig" "$W/mixed.pdf.txt" &&
		    ok "mixed PDF: the HTML articles and their comments are in it" ||
		    not_ok "mixed PDF: the HTML articles and their comments are in it"
	else
		skip "mixed PDF: the HTML articles are in it" "no pdftotext"
	fi
	JAR=${EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}
	if command -v java >/dev/null && [ -f "$JAR" ]; then
		timeout -k 5 $((600 * SCALE)) java -jar "$JAR" "$W/mixed.epub" \
		    > "$W/epubcheck.out" 2>&1
		grep -q 'Messages: 0 fatals / 0 errors / 0 warnings' \
		    "$W/epubcheck.out" &&
		    ok "mixed EPUB: epubcheck finds nothing" ||
		    not_ok "mixed EPUB: epubcheck finds nothing" \
		    "$(grep -E '^(FATAL|ERROR|WARNING)' "$W/epubcheck.out" | head -n 5)"
	else
		skip "mixed EPUB: epubcheck finds nothing" "no java or epubcheck"
	fi
fi

rm -f "$W/huge.html" "$W/bomb.html.gz" "$W/deep.html"
exit 0
}
