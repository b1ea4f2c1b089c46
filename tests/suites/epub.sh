#!/usr/bin/env bash
# tests/suites/epub.sh: the EPUB as its consumers see it (issue 3):
#   - epubcheck (Debian's jar) finds 0 errors and 0 warnings in the corpus
#     EPUB, in one built with the PDF (page list), and in hostile ones;
#   - a hostile text file (<script>, "]]>", javascript: links, U+0001-U+001F,
#     10,000-deep replies) gives a valid EPUB that carries none of it;
#   - the same input gives the same bytes;
#   - calibre's ebook-convert reads every article title and comment author;
#   - Ace by DAISY finds 0 accessibility violations.
# Checks whose tool is missing print "skip". Ace is installed from npm into
# build/ace (not tracked) on first use; ACE=path/to/ace.js uses another.
#
# Run from the repository root: DOSSIER=bin/dossier tests/suites/epub.sh
set -u

DOSSIER=${DOSSIER:-bin/dossier}
UNIT_DIR=${UNIT_DIR:-build/tests}
SCALE=${TIMEOUT_SCALE:-1}
W=${TEST_WORK:-build/test-work}/epub
JAR=${EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}
rm -rf "$W"
mkdir -p "$W"
export SOURCE_DATE_EPOCH=1424433600	# 2015-02-20T12:00:00Z

. "$(dirname "$0")/../report.sh"

# build NAME OUT... -- INPUT...: run dossier build; 0 if it worked.
build() {
	local name=$1 log=$W/$1.log
	shift
	local args=()
	while [ "$1" != "--" ]; do args+=(-o "$1"); shift; done
	shift
	if timeout -k 5 $((120 * SCALE)) "$DOSSIER" build -q "${args[@]}" "$@" \
	    > "$log" 2>&1; then
		return 0
	fi
	not_ok "epub: $name builds" "exit status $?" \
	    "$(head -c 600 "$log" | tr '\n' ' ')"
	return 1
}

have_epubcheck() { command -v java > /dev/null && [ -f "$JAR" ]; }

# epubcheck NAME FILE: 0 fatals, 0 errors, 0 warnings.
epubcheck() {
	local name="epub: epubcheck $1: 0 errors, 0 warnings" out=$W/epubcheck.out
	if ! have_epubcheck; then
		skip "$name" "java or $JAR missing (make deps)"
		return
	fi
	timeout -k 5 $((600 * SCALE)) java -jar "$JAR" "$2" > "$out" 2>&1
	if grep -q 'Messages: 0 fatals / 0 errors / 0 warnings' "$out"; then
		ok "$name"
	else
		not_ok "$name" "$(grep -E '^(FATAL|ERROR|WARNING)|Messages' "$out" |
		    head -n 8)"
	fi
}

# ---- the corpus -------------------------------------------------------

corpus=$W/corpus.epub
if build corpus "$corpus" -- corpus; then
	ok "epub: corpus builds"
	epubcheck corpus "$corpus"
	first=$(unzip -Z1 "$corpus" 2>/dev/null | head -n 1)
	method=$(unzip -Zv "$corpus" mimetype 2>/dev/null |
	    awk -F': *' '/compression method/ { print $2; exit }')
	if [ "$first" = mimetype ] && [ "$method" = none\ \(stored\) ] &&
	    [ "$(unzip -p "$corpus" mimetype)" = application/epub+zip ]; then
		ok "epub: mimetype first and stored"
	else
		not_ok "epub: mimetype first and stored" \
		    "first entry '$first', method '$method'"
	fi
	# The cover: a 3:4 PNG under 3 MB, marked both ways, on its own page.
	if ! command -v python3 > /dev/null; then
		skip "epub: cover PNG 3:4 under 3 MB, its pixels whole, marked both ways" \
		    "python3 missing"
	elif cover=$(python3 - "$corpus" <<'EOF'
import struct, sys, zipfile, zlib
z = zipfile.ZipFile(sys.argv[1])
png = z.read("OEBPS/cover.png")
opf = z.read("OEBPS/content.opf").decode()
page = z.read("OEBPS/cover.xhtml").decode()
w, h = struct.unpack(">II", png[16:24])
bad = []
if png[:8] != b"\x89PNG\r\n\x1a\n":
    bad.append("not a PNG")
pos, chunks, idat = 8, [], b""
while pos + 12 <= len(png):
    n, kind = struct.unpack(">I4s", png[pos:pos + 8])
    body = png[pos + 8:pos + 8 + n]
    crc, = struct.unpack(">I", png[pos + 8 + n:pos + 12 + n])
    if crc != zlib.crc32(kind + body) & 0xFFFFFFFF:
        bad.append("bad CRC in " + kind.decode("latin-1"))
    chunks.append(kind)
    if kind == b"IDAT":
        idat += body
    pos += 12 + n
if chunks[:1] != [b"IHDR"] or chunks[-1:] != [b"IEND"]:
    bad.append("chunks %s" % chunks)
# The pixels: the zlib stream (made in bands, joined) inflates, with its
# checksum, to one filtered row per line of the image.
depth, ctype = png[24], png[25]
try:
    rows = zlib.decompress(idat)
    row = 1 + (w * depth + 7) // 8
    if ctype != 0 or len(rows) != h * row:
        bad.append("%d bytes of grey rows, not %d" % (len(rows), h * row))
    elif any(rows[y * row] > 4 for y in range(h)):
        bad.append("a row with no PNG filter")
except zlib.error as e:
    bad.append("pixels do not inflate: %s" % e)
if w * 4 != h * 3:
    bad.append("%dx%d is not 3:4" % (w, h))
if len(png) >= 3 << 20:
    bad.append("%d bytes" % len(png))
if 'properties="cover-image"' not in opf:
    bad.append("no cover-image property")
if '<meta name="cover" content="cover-image"/>' not in opf:
    bad.append("no meta cover")
if "<img" not in page or 'alt="' not in page:
    bad.append("no img with alt on the cover page")
print("; ".join(bad) if bad else "%dx%d, %d KB" % (w, h, len(png) >> 10))
sys.exit(1 if bad else 0)
EOF
	); then
		ok "epub: cover PNG 3:4 under 3 MB, its pixels whole, marked both ways ($cover)"
	else
		not_ok "epub: cover PNG 3:4 under 3 MB, its pixels whole, marked both ways" "$cover"
	fi
fi

# With the PDF of the same run: a page list from its pages.
paged=$W/paged.epub
if build paged "$paged" "$W/paged.pdf" -- corpus; then
	if unzip -p "$paged" OEBPS/nav.xhtml | grep -q 'epub:type="page-list"'
	then
		ok "epub: built with the PDF, it has a page list"
		epubcheck "with a page list" "$paged"
	elif [ ! -s "$W/paged.pdf" ]; then
		skip "epub: built with the PDF, it has a page list" \
		    "no PDF written"
	else
		not_ok "epub: built with the PDF, it has a page list"
	fi
fi

# ---- hostile input ----------------------------------------------------

# Made by hand (tests/unit/epub.c): what no reader of ours would make.
if [ -x "$UNIT_DIR/epub" ]; then
	mkdir -p "$W/unit"
	if "$UNIT_DIR/epub" --write "$W/unit" > "$W/unit.log" 2>&1; then
		epubcheck "hand-built hostile tree" "$W/unit/hostile.epub"
		epubcheck "hand-built page list" "$W/unit/pages.epub"
		epubcheck "discussion split in files" "$W/unit/split.epub"
		epubcheck "random trees of any shape" "$W/unit/fuzz.epub"
	else
		not_ok "epub: unit EPUBs written" "$(tail -n 5 "$W/unit.log")"
	fi
else
	skip "epub: epubcheck hand-built hostile tree" \
	    "$UNIT_DIR/epub not built (make build/tests/epub)"
fi

# Through the text reader: markup, CDATA ends, javascript: in every form,
# all C0 controls, and a reply chain 10,000 deep in the forum format.
hostile=$W/hostile.txt
{
	printf '<script>alert(1)</script> ]]> A hostile & "tricky" title\n\n'
	printf 'Click <a href="javascript:alert(1)">here</a> or '
	printf 'javascript:alert(2) or JaVaScRiPt:alert(3) or [x](javascript:alert(4)).\n\n'
	printf 'A CDATA end ]]> and <![CDATA[ x ]]> and <!-- comment --> and &amp; &#0; &#x1;.\n\n'
	printf 'Controls:'
	for i in $(seq 1 31); do printf "\\x$(printf %02x "$i") "; done
	printf 'end.\n\n'
	printf 'A link http://example.com/"><script>alert(5)</script> and '
	printf 'data:text/html;base64,PHNjcmlwdD4= and mailto:a@example.com?x=<b>.\n\n'
	printf 'Comments\n\n'
	awk 'BEGIN {
		for (i = 1; i <= 10000; i++) {
			if (i == 1)
				print "#1 <b>Mallory</b> wrote:"
			else
				printf "#%d user_%d wrote in reply to #%d:\n", i, i, i - 1
			printf "<script>alert(%d)</script> ]]> javascript:void(%d)\n\n", i, i
		}
	}'
} > "$hostile"
hepub=$W/hostile.epub
if build "hostile text" "$hepub" -- "$hostile"; then
	ok "epub: hostile text builds"
	epubcheck "hostile text" "$hepub"
	mkdir -p "$W/h"
	(cd "$W/h" && unzip -q -o "$hepub")
	bad=$(grep -rliE '<script|<iframe|<object|<embed|\bon[a-z]+="' "$W/h" |
	    head -n 3)
	# Links are read from the parsed XML: the text may well say
	# 'href="javascript:' (escaped), an attribute may not.
	if command -v python3 > /dev/null; then
		js=$(python3 - "$W/h" <<'EOF'
import os, sys, xml.etree.ElementTree as ET
bad = []
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        if not f.endswith((".xhtml", ".opf", ".ncx", ".xml")):
            continue
        path = os.path.join(root, f)
        for el in ET.parse(path).iter():
            for k, v in el.attrib.items():
                if k.split("}")[-1] in ("href", "src") and v.strip().lower(
                        ).startswith(("javascript:", "data:", "vbscript:")):
                    bad.append(f)
print(" ".join(sorted(set(bad))[:3]))
EOF
		)
	else
		js=$(grep -rliE '(href|src)="[[:space:]]*(javascript|data|vbscript):' \
		    "$W/h" | head -n 3)
	fi
	# markup files only: compressed images may hold any bytes
	cdata=$(grep -rlF ']]>' --include='*.xhtml' --include='*.opf' \
	    --include='*.ncx' --include='*.css' --include='*.xml' "$W/h" |
	    head -n 3)
	ctl=$(LC_ALL=C grep -rlP '[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]' \
	    --include='*.xhtml' --include='*.opf' --include='*.ncx' \
	    --include='*.css' --include='*.xml' "$W/h" | head -n 3)
	if [ -z "$bad$js$cdata$ctl" ]; then
		ok "epub: hostile text: no script, no javascript:/data: link, no ]]>, no control character"
	else
		not_ok "epub: hostile text: no script, no javascript:/data: link, no ]]>, no control character" \
		    "script or handler in: ${bad:-none}" \
		    "javascript:/data: link in: ${js:-none}" \
		    "raw ]]> in: ${cdata:-none}" "control characters in: ${ctl:-none}"
	fi
	names=$(unzip -Z1 "$hepub" | grep -vE \
	    '^(mimetype|META-INF/container\.xml|OEBPS/[A-Za-z0-9][A-Za-z0-9./-]*)$' |
	    head -n 3)
	big=$(find "$W/h" -name '*.xhtml' -size +250k | head -n 3)
	if [ -z "$names$big" ] && ! unzip -Z1 "$hepub" | grep -q '\.\.'; then
		ok "epub: hostile text: generated file names, none over 250 KB"
	else
		not_ok "epub: hostile text: generated file names, none over 250 KB" \
		    "odd names: ${names:-none}" "over 250 KB: ${big:-none}"
	fi
	n=$(cat "$W"/h/OEBPS/a0001*.xhtml | grep -o 'class="author"' | wc -l)
	if [ "$n" -eq 10000 ]; then
		ok "epub: hostile text: all 10000 comments"
	else
		not_ok "epub: hostile text: all 10000 comments" "$n found"
	fi
fi

# ---- the source line ----------------------------------------------------

# The publication and its address from front matter make the source line,
# a live link in the EPUB and in the PDF; an address that is not http(s)
# is dropped with a warning naming the file and line.
src=$W/source
mkdir -p "$src"
printf -- '---\ntitle: One\nsite: Ars Technica\nurl: https://arstechnica.com/a?x=1&y=2\n---\nText one.\n' > "$src/a.txt"
printf -- '---\ntitle: Two\nsource: https://www.techdirt.com/b/\n---\nText two.\n' > "$src/b.txt"
printf -- '---\ntitle: Three\nsite: Gigaom\nlink: javascript:alert(1)\n---\nText three.\n' > "$src/c.txt"
if timeout -k 5 $((60 * SCALE)) "$DOSSIER" build -o "$W/source.epub" \
    -o "$W/source.pdf" "$src" > "$W/source.log" 2>&1; then
	rm -rf "$W/s" && mkdir -p "$W/s" && unzip -q -o "$W/source.epub" -d "$W/s"
	lines=$(grep -h 'class="source"' "$W"/s/OEBPS/a000[123].xhtml)
	want='<p class="source">Source: <a href="https://arstechnica.com/a?x=1&amp;y=2">Ars Technica</a></p>
<p class="source">Source: <a href="https://www.techdirt.com/b/">https://www.techdirt.com/b/</a></p>
<p class="source">Source: Gigaom</p>'
	if [ "$lines" = "$want" ]; then
		ok "epub: front matter's site and url make the source line, linked"
	else
		not_ok "epub: front matter's site and url make the source line, linked" \
		    "got: $lines"
	fi
	if grep -q "c.txt:4: warning: .*javascript:alert(1).* not an http(s) address" \
	    "$W/source.log" && ! grep -rqi javascript "$W/s"; then
		ok "epub: a javascript: url in front matter is dropped with file:line"
	else
		not_ok "epub: a javascript: url in front matter is dropped with file:line" \
		    "$(head -c 300 "$W/source.log")"
	fi
	if grep -aq '/URI (https://arstechnica.com/a?x=1&y=2)' "$W/source.pdf" &&
	    grep -aq '/URI (https://www.techdirt.com/b/)' "$W/source.pdf" &&
	    ! grep -aqi javascript "$W/source.pdf"; then
		ok "pdf: the source line links to the front matter's url"
	else
		not_ok "pdf: the source line links to the front matter's url" \
		    "$(grep -ao '/URI ([^)]*)' "$W/source.pdf" | head -n 3)"
	fi
else
	not_ok "epub: front matter's site and url make the source line, linked" \
	    "$(head -c 300 "$W/source.log")"
fi

# ---- deterministic ----------------------------------------------------

if build again "$W/again.epub" -- corpus && [ -f "$corpus" ]; then
	if cmp -s "$corpus" "$W/again.epub"; then
		ok "epub: two builds with SOURCE_DATE_EPOCH are byte-identical"
	else
		not_ok "epub: two builds with SOURCE_DATE_EPOCH are byte-identical" \
		    "$(cmp "$corpus" "$W/again.epub")"
	fi
fi
# Without it, the date comes from the inputs: still the same bytes.
if (unset SOURCE_DATE_EPOCH; build nodate1 "$W/nodate1.epub" -- corpus &&
    build nodate2 "$W/nodate2.epub" -- corpus); then
	if cmp -s "$W/nodate1.epub" "$W/nodate2.epub"; then
		ok "epub: two builds without SOURCE_DATE_EPOCH are byte-identical"
	else
		not_ok "epub: two builds without SOURCE_DATE_EPOCH are byte-identical"
	fi
fi

# Threads share the work, never change the bytes: a new cover (its rows
# compressed in bands) and the files on one thread as on all cores.
if build threads1 "$W/threads1.epub" -- --no-cache --threads 1 corpus &&
    build threadsn "$W/threadsn.epub" -- --no-cache corpus; then
	if cmp -s "$W/threads1.epub" "$W/threadsn.epub"; then
		ok "epub: one thread or all cores, the same bytes"
	else
		not_ok "epub: one thread or all cores, the same bytes" \
		    "$(cmp "$W/threads1.epub" "$W/threadsn.epub")"
	fi
fi

# ---- calibre reads it ---------------------------------------------------

name="epub: calibre's ebook-convert reads every article title and comment author"
if ! command -v ebook-convert > /dev/null; then
	skip "$name" "calibre missing (make test-deps)"
elif ! command -v python3 > /dev/null; then
	skip "$name" "python3 missing"
elif [ -f "$corpus" ]; then
	"$DOSSIER" tree --json -q corpus > "$W/tree.json"
	if ! timeout -k 5 $((300 * SCALE)) ebook-convert "$corpus" "$W/corpus.txt" \
	    > "$W/calibre.log" 2>&1; then
		not_ok "$name" "ebook-convert failed: $(tail -n 3 "$W/calibre.log")"
	elif missing=$(tests/tools/holds-names "$W/tree.json" "$W/corpus.txt"); then
		ok "$name"
	else
		not_ok "$name" "missing: $missing"
	fi
fi

# ---- Ace by DAISY -----------------------------------------------------

name="epub: Ace by DAISY: 0 accessibility violations"
ACE=${ACE:-build/ace/node_modules/@daisy/ace-cli/bin/ace.js}
CHROMIUM=${PUPPETEER_EXECUTABLE_PATH:-/usr/bin/chromium}
if ! command -v node > /dev/null || [ ! -x "$CHROMIUM" ]; then
	skip "$name" "node or chromium missing (make test-deps)"
elif [ ! -f "$corpus" ]; then
	skip "$name" "no corpus EPUB"
else
	if [ ! -f "$ACE" ] && command -v npm > /dev/null; then
		mkdir -p build/ace
		PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 \
		    timeout -k 5 600 npm install --prefix build/ace --no-audit \
		    --no-fund @daisy/ace-cli > "$W/npm.log" 2>&1
	fi
	if [ ! -f "$ACE" ]; then
		skip "$name" "cannot install @daisy/ace-cli from npm"
	else
		PUPPETEER_EXECUTABLE_PATH=$CHROMIUM timeout -k 5 $((600 * SCALE)) \
		    node "$ACE" -f -o "$W/ace" "$corpus" > "$W/ace.log" 2>&1
		if [ ! -f "$W/ace/report.json" ]; then
			not_ok "$name" "Ace wrote no report: $(tail -n 3 "$W/ace.log")"
		elif v=$(python3 - "$W/ace/report.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
bad = []
for a in r.get("assertions", []):
    for t in a.get("assertions", []):
        if t["earl:result"]["earl:outcome"] != "pass":
            bad.append("%s: %s (%s)" % (a["earl:testSubject"]["url"],
                t["earl:test"]["dct:title"], t["earl:test"]["earl:impact"]))
print("; ".join(bad[:5]) if bad else "0")
sys.exit(1 if bad else 0)
EOF
		); then
			ok "$name"
		else
			not_ok "$name" "$v"
		fi
	fi
fi

# ---- preformatted text and line breaks (tests/parse/html/preformatted.html) ----
if build pre "$W/pre.epub" -- tests/parse/html/preformatted.html &&
    build plain "$W/plain.epub" -- tests/parse/html/dek-echo.html; then
	check "epub: a <pre> keeps its lines, escaped, and wraps; a <br> is <br/>" \
	    python3 - "$W/pre.epub" <<'EOF'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
x = z.read('OEBPS/a0001.xhtml').decode('utf-8')
css = z.read('OEBPS/style.css').decode('utf-8')
code = '<pre>import requests\nfrom bs4 import BeautifulSoup\n\ndef titles(url):\n        headers = {'
assert code in x, 'no <pre> with the lines'
assert 'a.text.strip())   # <em>not</em> bold</pre>' in x, 'markup in the <pre>'
assert '<pre>  +-------+------+\n  | Month | Runs |' in x, 'the table lost its indent'
assert 'I think I know.<br/>His house' in x, '<br> is not <br/>'
assert 'white-space: pre-wrap' in css and 'monospace' in css, 'no <pre> style'
EOF
	check "epub: a <pre>'s face is embedded, cut to its characters; a book without one carries none" \
	    python3 - "$W/pre.epub" "$W/plain.epub" <<'EOF'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
css = z.read('OEBPS/style.css').decode('utf-8')
assert 'OEBPS/fonts/DejaVuSansMono.ttf' in z.namelist(), 'no monospace face'
assert 'src: url(fonts/DejaVuSansMono.ttf)' in css, 'no @font-face for it'
assert z.getinfo('OEBPS/fonts/DejaVuSansMono.ttf').file_size < 60000, 'not a subset'
opf = [n for n in z.namelist() if n.endswith('.opf')][0]
assert 'fonts/DejaVuSansMono.ttf' in z.read(opf).decode('utf-8'), 'not in the manifest'
plain = zipfile.ZipFile(sys.argv[2]).namelist()
assert not any('DejaVu' in n for n in plain), 'a book without <pre> has it'
EOF
	epubcheck "preformatted text" "$W/pre.epub"
fi

# ---- the world's scripts: each in an embedded font that has it ----
cp tests/scripts/world.txt "$W/world.txt"
if build world "$W/world.epub" -- "$W/world.txt"; then
	check "epub: the world's scripts each embedded in a font that has them" sh -c \
	    "l=\$(unzip -l '$W/world.epub'); for s in Hebrew Devanagari Thai Georgian Armenian Ethiopic; do echo \"\$l\" | grep -q NotoSerif\$s || { echo no \$s; exit 1; }; done;
	     unzip -p '$W/world.epub' '*.css' | grep -q 'fb-hebrew'"
	epubcheck "the world's scripts" "$W/world.epub"
fi

# ---- emoji: each an image of the emoji font's colour bitmap, its text as alt ----
printf 'Emoji in a sentence 🏆\n\nThe team won the final 🏆 and the fans 👍🏽 sang, as the 👨‍👩‍👧 family at the gate waved its flags 🇩🇪, number 1️⃣ first.\n' > "$W/emoji.txt"
if build emoji "$W/emoji.epub" -- "$W/emoji.txt"; then
	check "epub: an emoji sequence (modifier, ZWJ family, flag, keycap) is one image with its text as alt, drawn once; no colour font embedded" \
	    python3 - "$W/emoji.epub" <<'EOF'
import re, struct, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
x = z.read('OEBPS/a0001.xhtml').decode('utf-8')
imgs = re.findall(r'<img class="emoji" src="([^"]+)" alt="([^"]*)"/>', x)
alts = [a for _, a in imgs]
want = ['🏆', '🏆', '👍🏽', '👨\u200d👩\u200d👧', '🇩🇪', '1\ufe0f\u20e3']
assert alts == want, alts
src = dict((a, s) for s, a in imgs)
assert len(set(src.values())) == 5, 'the same emoji is not the same image'
assert ' <img' in x and '/> and' in x, 'the spaces around the image'
opf = z.read('OEBPS/content.opf').decode('utf-8')
for s in src.values():
    png = z.read('OEBPS/' + s)
    assert png[:8] == b'\x89PNG\r\n\x1a\n', s
    w, h = struct.unpack('>II', png[16:24])
    assert h == 64 and 32 <= w <= 160, (s, w, h)
    assert 'href="%s" media-type="image/png"' % s in opf, s
assert not [n for n in z.namelist() if 'Emoji' in n], 'colour font embedded'
assert 'fb-emoji' not in x
css = z.read('OEBPS/style.css').decode('utf-8')
assert re.search(r'img\.emoji \{ height: 1\.\d+em;', css), 'no rule for the images'
nav = z.read('OEBPS/nav.xhtml').decode('utf-8')
assert 'Emoji in a sentence 🏆' in nav and '<img' not in nav, 'the menu keeps text'
EOF
	if command -v mutool > /dev/null; then
		check "epub: MuPDF opens and draws a book with emoji" sh -c \
		    "mutool draw -o '$W/emoji-%d.png' -r 30 '$W/emoji.epub' 2>&1 | grep -i 'error' && exit 1; test -s '$W/emoji-3.png'"
	fi
	epubcheck "emoji" "$W/emoji.epub"
fi
exit 0
