#!/usr/bin/env bash
# tests/suites/toolchains.sh: dossier inside the toolchains people use
# (issue 16), tested against the real programs:
#   - `--to pandoc` is pandoc's JSON AST: `pandoc -f json -t native` reads
#     it, and pandoc's own JSON writer gives it back unchanged;
#   - the custom reader share/dossier/pandoc/dossier.lua, installed by
#     `make install`, turns the corpus into DOCX and ODT whose text holds
#     every article title and comment author, with the book's metadata;
#   - comments are nested Divs (replies inside their parents), and the
#     example filter src/pandoc/comments.lua trims them;
#   - the calibre input plugin, installed into a scratch configuration,
#     makes `ebook-convert corpus.zip x.azw3` hold every title and author;
#   - `pandoc -f epub -t plain` of our EPUB keeps replies indented under
#     their parents, and the landmarks and page list out of the text;
#   - MuPDF lays the EPUB out with a page margin, and calibre takes the
#     body's size (not the comments') for its base font size;
#   - the PDF, which pdfinfo calls tagged, has a structure tree (P, H1-H3,
#     Link) and word spaces that are characters.
# Checks whose tool is missing print "skip".
#
# Run from the repository root: DOSSIER=bin/dossier tests/suites/toolchains.sh
set -u

. "$(dirname "$0")/../report.sh"
suite_dir toolchains
W=$(cd "$W" && pwd)
root=$PWD
export SOURCE_DATE_EPOCH=1424433600	# 2015-02-20T12:00:00Z
export DOSSIER_CACHE_DIR=$W/cache

case $DOSSIER in /*) ;; *) DOSSIER=$root/$DOSSIER ;; esac

have() { command -v "$1" > /dev/null; }

# What every rendering must hold: the article titles and comment authors
# of the corpus (from the tree, the parser's contract), white space
# normalised; holds_all TEXTFILE prints what is missing.
"$DOSSIER" tree --json -q corpus > "$W/tree.json"
holds_all() { "$root/tests/tools/holds-names" "$W/tree.json" "$1"; }

if ! have python3; then
	skip "toolchains: all" "python3 missing"
	exit 0
fi

# The reader and the plugin as `make install` puts them.
prefix=$W/prefix
if make --no-print-directory -s install PREFIX="$prefix" > "$W/install.log" 2>&1 &&
    [ -f "$prefix/share/dossier/pandoc/dossier.lua" ] &&
    [ -f "$prefix/share/dossier/calibre/dossier-input.zip" ]; then
	ok "toolchains: make install puts the pandoc reader and the calibre plugin in share/dossier"
else
	not_ok "toolchains: make install puts the pandoc reader and the calibre plugin in share/dossier" \
	    "$(tail -n 3 "$W/install.log")"
fi

# ---- pandoc's JSON AST --------------------------------------------------

if ! have pandoc; then
	for n in "pandoc -f json reads --to pandoc" \
	    "the pandoc reader makes DOCX and ODT" \
	    "comments are nested Divs" "the example filter trims comments" \
	    "pandoc -f epub keeps replies under their parents"; do
		skip "toolchains: $n" "pandoc missing (make test-deps)"
	done
else
	name="toolchains: pandoc -f json -t native reads --to pandoc -o -"
	if ! "$DOSSIER" build -q --to pandoc -o - corpus > "$W/corpus.pandoc" \
	    2> "$W/build.log"; then
		not_ok "$name" "$(head -n 3 "$W/build.log")"
	elif ! timeout -k 5 $((120 * SCALE)) pandoc -f json -t native \
	    "$W/corpus.pandoc" > "$W/corpus.native" 2> "$W/native.log"; then
		not_ok "$name" "$(head -n 3 "$W/native.log")"
	elif ! grep -q 'Header' "$W/corpus.native" ||
	    ! grep -q '"comment"' "$W/corpus.native"; then
		not_ok "$name" "no headers or comments in the native AST"
	else
		ok "$name"
	fi

	# A <pre> is a CodeBlock with its lines, a <br> a LineBreak, in
	# pandoc's own shape (its JSON writer gives them back unchanged).
	check "toolchains: a preformatted paragraph is a CodeBlock, a <br> a LineBreak" \
	    sh -c '"$1" build -q --to pandoc -o "$2.pandoc" "$3" &&
	    pandoc -f json -t native "$2.pandoc" > "$2.native" &&
	    grep -q "^ *\"import requests\\\\nfrom bs4 import BeautifulSoup\\\\n\\\\ndef titles" "$2.native" &&
	    grep -q "CodeBlock" "$2.native" &&
	    [ "$(grep -c LineBreak "$2.native")" -eq 5 ] &&
	    pandoc -f json -t json "$2.pandoc" | python3 -c "
import json, sys
sys.exit(0 if json.load(sys.stdin) == json.load(open(sys.argv[1])) else \"pandoc changed the AST\")" "$2.pandoc"' \
	    _ "$DOSSIER" "$W/pre" tests/parse/html/preformatted.html

	# pandoc's writer is canonical: ours equal to what it writes back
	# means every node has pandoc's own shape and nothing was lost.
	check "toolchains: pandoc writes our AST back unchanged (-f json -t json)" \
	    sh -c 'pandoc -f json -t json "$1" > "$2" && python3 -c "
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
sys.exit(0 if a == b else \"pandoc changed the AST\")" "$1" "$2"' _ \
	    "$W/corpus.pandoc" "$W/roundtrip.json"

	# The metadata, the nesting, the escaping: read the JSON itself.
	check "toolchains: the book's metadata, articles as sections, replies inside their parents" \
	    python3 - "$W/corpus.pandoc" "$W/tree.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
t = json.load(open(sys.argv[2], encoding="utf-8"))
assert d["pandoc-api-version"][:2] == [1, 22], d["pandoc-api-version"]

def text(inl):
    out = []
    for i in inl:
        out.append(i["c"] if i["t"] == "Str" else " " if i["t"] == "Space" else "")
    return "".join(out)

m = d["meta"]
assert text(m["title"]["c"]) == t["title"], "title"
assert text(m["subtitle"]["c"]) == t["subtitle"], "subtitle"
assert text(m["author"]["c"][0]["c"]) == t["editor"], "editor as author"
assert m["lang"]["c"] == t["lang"], "lang"
assert m["date"]["c"][0]["c"] == "2015-02-20", m["date"]

arts = [b for b in d["blocks"] if b["t"] == "Div" and "article" in b["c"][0][1]]
assert len(arts) == len(t["articles"]), "%d articles" % len(arts)

def comments(blocks, depth, parent_author, out):
    for b in blocks:
        if b["t"] == "Div" and "comment" in b["c"][0][1]:
            attrs = dict(b["c"][0][2])
            assert int(attrs["depth"]) == depth, (attrs, depth)
            out.append((attrs.get("author"), parent_author, depth))
            comments(b["c"][1], depth + 1, attrs.get("author"), out)
        elif b["t"] == "Div" and "discussion" in b["c"][0][1]:
            comments(b["c"][1], depth, parent_author, out)

def tree_comments(cs, depth, parent_author, out):
    for c in cs:
        out.append((c["author"], parent_author, depth))
        tree_comments(c["replies"], depth + 1, c["author"], out)

for a, ta in zip(arts, t["articles"]):
    h = [b for b in a["c"][1] if b["t"] == "Header"][0]
    assert h["c"][0] == 1 and text(h["c"][2]) == " ".join(ta["title"].split()), text(h["c"][2])
    got, want = [], []
    comments(a["c"][1], 0, None, got)
    tree_comments(ta["comments"], 0, None, want)
    assert got == want, "threads differ in %s" % ta["source"]
EOF

	# Hostile strings reach JSON syntax escaped: a title with quotes,
	# backslashes and control characters, and a deep reply chain.
	{
		printf -- '---\ntitle: "q\\"uote \\\\ back\\tslash </x> \\u0001"\n---\n'
		printf 'Body text.\n\nComments\n\nAda says:\nFirst.\n'
	} > "$W/hostile.txt"
	check "toolchains: hostile strings are escaped in the AST" sh -c '
	    "$1" build -q --to pandoc -o - "$2" > "$3" &&
	    pandoc -f json -t plain "$3" | grep -qF "q\"uote \\ back"' _ \
	    "$DOSSIER" "$W/hostile.txt" "$W/hostile.pandoc"

	# ---- our EPUB, read by pandoc ----
	# A thread six replies deep beside a short one: in the plain text
	# each reply stands one indent under the comment it answers, three
	# at most, then "reply to NAME".
	{
		printf 'Parks get drones\n\nThe police will fly drones over the parks.\n\nComments\n\n'
		printf '#1 alpha wrote:\nFirst thoughts on this.\n\n'
		for i in 2 3 4 5 6 7; do
			printf '#%d user%d wrote in reply to #%d:\nAnswer number %d here.\n\n' \
			    "$i" "$i" $((i - 1)) "$i"
		done
		printf '#8 omega wrote in reply to #1:\nA second answer to the first.\n\n'
		printf '#9 zulu wrote:\nA comment of its own.\n'
	} > "$W/thread.txt"
	"$DOSSIER" tree --json -q "$W/thread.txt" > "$W/thread.json"
	for input in corpus "$W/thread.txt"; do
		base=$(basename "$input" .txt)
		name="toolchains: pandoc -f epub -t plain keeps replies under their parents ($base)"
		if ! "$DOSSIER" build -q -o "$W/$base.epub" -o "$W/$base.pdf" "$input" \
		    > "$W/$base-epub.log" 2>&1; then
			not_ok "$name" "$(head -n 3 "$W/$base-epub.log")"
			continue
		fi
		if [ "$input" = corpus ]; then tree=$W/tree.json; else tree=$W/thread.json; fi
		pandoc -f epub -t plain "$W/$base.epub" > "$W/$base-epub.txt" 2>&1
		check "$name" python3 - "$tree" "$W/$base-epub.txt" <<'EOF'
import json, re, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
lines = open(sys.argv[2], encoding="utf-8").read().split("\n")
arts = doc.get("articles", [doc])
want = []	# (author, depth) in reading order
def walk(cs, d):
    for c in cs:
        if c.get("author"):	# the unnamed are "Anonymous" in the book's language
            want.append((c["author"], d))
        walk(c["replies"], d + 1)
for a in arts:
    walk(a["comments"], 0)
assert want, "no comments"
# The landmarks and the page list are not text.
for l in lines:
    assert l.strip() not in ("Landmarks", "Pages"), "nav in the text: " + l
pos = 0
for author, d in want:
    for i in range(pos, len(lines)):
        m = re.match(r"^( *)(-   )?(.*)$", lines[i])
        if (i == 0 or not lines[i - 1].strip()) and m.group(3).startswith(author):
            indent = len(m.group(1)) + (4 if m.group(2) else 0)
            assert indent == 4 * min(d, 3), "%s (depth %d) at indent %d: %r" % (
                author, d, indent, lines[i])
            if d > 3:
                assert "reply to" in lines[i], "no reply to: " + lines[i]
            pos = i + 1
            break
    else:
        sys.exit("%s (depth %d) not found after line %d" % (author, d, pos))
EOF
	done

	# ---- the custom reader, installed ----
	# pandoc 2.17 lowercases the path given to -f, and this folder's may
	# have capitals: the reader is named from its own folder.
	luadir=$prefix/share/dossier/pandoc
	lua=./dossier.lua
	# Not on PATH: the reader finds the dossier installed beside it.
	for fmt in docx odt; do
		name="toolchains: pandoc -f dossier.lua corpus/*.txt -o x.$fmt holds every title and author"
		if ! (cd "$luadir" && env -u DOSSIER timeout -k 5 $((180 * SCALE)) \
		    pandoc -f "$lua" "$root"/corpus/*.txt -o "$W/corpus.$fmt") \
		    > "$W/$fmt.log" 2>&1; then
			not_ok "$name" "$(tail -n 3 "$W/$fmt.log")"
		elif ! pandoc -f "$fmt" -t plain "$W/corpus.$fmt" \
		    > "$W/$fmt.txt" 2>> "$W/$fmt.log"; then
			not_ok "$name" "pandoc cannot read it back"
		elif missing=$(holds_all "$W/$fmt.txt"); then
			ok "$name"
		else
			not_ok "$name" "$missing"
		fi
	done
	check "toolchains: the DOCX carries the book's title and editor" sh -c '
	    pandoc -f docx -t json "$1" -s | python3 -c "
import json, sys
m = json.load(sys.stdin)[\"meta\"]
assert \"title\" in m and \"author\" in m, sorted(m)"' _ "$W/corpus.docx"

	name="toolchains: the pandoc reader reads standard input as one article"
	if out=$(cd "$luadir" && DOSSIER=$DOSSIER timeout -k 5 $((60 * SCALE)) \
	    pandoc -f "$lua" -t plain < "$root/corpus/000_b6c8e9e674f7a315.txt" \
	    2>&1) && printf '%s' "$out" | grep -q 'Proposed Chinese security law'; then
		ok "$name"
	else
		not_ok "$name" "$(printf '%s' "$out" | head -n 3)"
	fi

	name="toolchains: the reader names a missing dossier"
	if out=$(cd "$root/src/pandoc" && PATH=/usr/bin:/bin DOSSIER= timeout -k 5 60 \
	    pandoc -f ./dossier.lua -t plain \
	    "$root/corpus/000_b6c8e9e674f7a315.txt" 2>&1); then
		not_ok "$name" "pandoc succeeded without dossier"
	elif printf '%s' "$out" | grep -q 'cannot find the dossier program'; then
		ok "$name"
	else
		not_ok "$name" "$(printf '%s' "$out" | head -n 3)"
	fi

	# ---- the example filter ----
	count_comments() {
		python3 -c '
import json, sys
def n(bs, d):
    k = 0
    for b in bs:
        if b["t"] == "Div":
            c = "comment" in b["c"][0][1]
            if c and d is not None and int(dict(b["c"][0][2])["depth"]) > d:
                return -1000000
            k += c + n(b["c"][1], d)
    return k
print(n(json.load(sys.stdin)["blocks"], int(sys.argv[1]) if len(sys.argv) > 1 else None))' "$@"
	}
	all=$(count_comments < "$W/corpus.pandoc")
	top=$(pandoc -f json -L src/pandoc/comments.lua -M comment-max-depth=0 \
	    -t json "$W/corpus.pandoc" | count_comments 0)
	long=$(pandoc -f json -L src/pandoc/comments.lua -M comment-min-words=40 \
	    -t json "$W/corpus.pandoc" | count_comments)
	want_top=$(python3 -c '
import json, sys
print(sum(len(a["comments"]) for a in json.load(open(sys.argv[1]))["articles"]))' "$W/tree.json")
	if [ "$top" = "$want_top" ] && [ "$long" -gt 0 ] 2>/dev/null &&
	    [ "$long" -lt "$all" ]; then
		ok "toolchains: the example filter keeps top-level comments ($top of $all) or long ones ($long)"
	else
		not_ok "toolchains: the example filter trims comments" \
		    "all $all, top-level $top (want $want_top), long $long"
	fi
fi

# ---- the PDF's tags -----------------------------------------------------

# pdfinfo says "Tagged: yes": the structure tree must be one (README, "The
# PDF"): a P or H1-H3 per block, an H1 per article, links inside; and word
# spaces are characters (a glyph mapped to U+0020), as screen readers read
# the text, not the gaps.
name="toolchains: the PDF is tagged as pdfinfo says: P, H1 per article, links, real spaces"
if ! have qpdf || ! have pdfinfo; then
	skip "$name" "qpdf or pdfinfo missing"
elif ! "$DOSSIER" build -q -o "$W/tags.pdf" corpus > "$W/tags.log" 2>&1; then
	not_ok "$name" "$(head -n 3 "$W/tags.log")"
else
	qpdf --json "$W/tags.pdf" > "$W/tags.json" 2>> "$W/tags.log"
	qpdf --qdf --object-streams=disable "$W/tags.pdf" "$W/tags-qdf.pdf" 2>> "$W/tags.log"
	check "$name" python3 - "$W/tags.json" "$W/tags-qdf.pdf" "$W/tree.json" \
	    "$(pdfinfo "$W/tags.pdf" | sed -n 's/^Tagged: *//p')" <<'EOF'
import collections, json, re, sys
objs = json.load(open(sys.argv[1]))["qpdf"][1]
arts = len(json.load(open(sys.argv[3]))["articles"])
assert sys.argv[4] == "yes", "pdfinfo: Tagged: " + sys.argv[4]
s = collections.Counter()
for v in objs.values():
    v = v.get("value") if isinstance(v, dict) else None
    if isinstance(v, dict) and v.get("/Type") == "/StructElem":
        s[v.get("/S")] += 1
assert s["/Document"] == 1 and s["/P"] > 100 and s["/Link"] > 0, dict(s)
assert s["/H1"] == arts, "%d H1 for %d articles" % (s["/H1"], arts)
assert s["/H2"] + s["/H3"] > 0, dict(s)
pdf = open(sys.argv[2], "rb").read()
assert re.search(rb"<[0-9A-Fa-f]+> *<0020>", pdf), "no glyph maps to U+0020"
EOF
fi

# ---- e-readers ----------------------------------------------------------

# MuPDF's readers add no margin of their own: the text must not touch the
# edges of a phone-sized page.
name="toolchains: MuPDF lays the EPUB out with a margin on every page"
if ! have mutool; then
	skip "$name" "mutool missing (make test-deps)"
elif ! "$DOSSIER" build -q -o "$W/mupdf.epub" corpus > "$W/mupdf.log" 2>&1; then
	not_ok "$name" "$(head -n 3 "$W/mupdf.log")"
else
	mutool draw -q -F stext -o "$W/mupdf.stext" -W 360 -H 640 "$W/mupdf.epub" \
	    2>> "$W/mupdf.log"
	check "$name" python3 - "$W/mupdf.stext" <<'EOF'
import re, sys
boxes = [tuple(map(float, m.groups())) for m in re.finditer(
    r'<line bbox="([-0-9.]+) ([-0-9.]+) ([-0-9.]+) ([-0-9.]+)"', open(sys.argv[1]).read())]
assert len(boxes) > 100, "%d lines" % len(boxes)
x0 = min(b[0] for b in boxes); x1 = max(b[2] for b in boxes)
assert x0 >= 6 and x1 <= 360 - 6, "text from x=%.1f to %.1f of 360" % (x0, x1)
EOF
fi

# ---- calibre ------------------------------------------------------------

plugin=$prefix/share/dossier/calibre/dossier-input.zip
if ! have ebook-convert || ! have calibre-customize; then
	skip "toolchains: calibre reads corpus.zip through dossier" "calibre missing (make test-deps)"
else
	# A scratch configuration: the user's calibre is left alone.
	export CALIBRE_CONFIG_DIRECTORY=$W/calibre-config
	mkdir -p "$CALIBRE_CONFIG_DIRECTORY"
	# The corpus as a user zips it: its article files and dossier.yaml.
	(cd "$root" && "$root/build/mkzip" "$W/corpus.zip" corpus/*.txt corpus/dossier.yaml)
	name="toolchains: calibre-customize -a installs the plugin into a scratch configuration"
	if calibre-customize -a "$plugin" > "$W/customize.log" 2>&1 &&
	    calibre-customize -l 2>/dev/null | grep -q 'Dossier corpus input'; then
		ok "$name"
	else
		not_ok "$name" "$(tail -n 3 "$W/customize.log")"
	fi
	name="toolchains: ebook-convert corpus.zip x.azw3 holds every title and author"
	if ! (cd "$W" && DOSSIER=$DOSSIER timeout -k 5 $((300 * SCALE)) \
	    ebook-convert corpus.zip corpus.azw3) > "$W/azw3.log" 2>&1; then
		not_ok "$name" "$(tail -n 3 "$W/azw3.log")"
	elif ! grep -q 'dossier.epub' "$W/azw3.log"; then
		not_ok "$name" "calibre did not convert dossier's EPUB: $(grep 'Input running' "$W/azw3.log")"
	elif ! (cd "$W" && timeout -k 5 $((300 * SCALE)) ebook-convert \
	    corpus.azw3 azw3.txt) > "$W/azw3-txt.log" 2>&1; then
		not_ok "$name" "ebook-convert x.azw3 x.txt: $(tail -n 3 "$W/azw3-txt.log")"
	elif missing=$(holds_all "$W/azw3.txt"); then
		ok "$name"
	else
		not_ok "$name" "$missing"
	fi
	# calibre sets the size of most of the text as its base size: that
	# must be the body's (styles/default.css), not the comments'.
	name="toolchains: calibre takes the body size for the base font size"
	body=$(sed -n '/^html, body {/,/}/s/.*font-size: *\([0-9.]*\)pt.*/\1/p' styles/default.css)
	base=$(sed -n 's/.*Source base font size is \([0-9.]*\)pt.*/\1/p' "$W/azw3.log" | head -n 1)
	if [ -n "$body" ] && [ -n "$base" ] &&
	    python3 -c 'import sys; sys.exit(abs(float(sys.argv[1]) - float(sys.argv[2])) > 0.01)' "$body" "$base"; then
		ok "$name (${base}pt)"
	else
		not_ok "$name" "body ${body:-?}pt, calibre's base ${base:-?}pt"
	fi
	# One text file of the corpus, not in a zip, is calibre's own TXT.
	name="toolchains: a text file not in a zip is left to calibre's TXT input"
	if (cd "$W" && DOSSIER=$DOSSIER timeout -k 5 $((300 * SCALE)) \
	    ebook-convert "$root/corpus/000_b6c8e9e674f7a315.txt" one.epub) \
	    > "$W/one.log" 2>&1 && grep -q 'TXT Input running' "$W/one.log" &&
	    ! grep -q 'dossier.epub' "$W/one.log"; then
		ok "$name"
	else
		not_ok "$name" "$(grep 'Input running' "$W/one.log")"
	fi
	name="toolchains: calibredb add corpus.zip adds dossier's EPUB, titled from dossier.yaml"
	if (cd "$W" && DOSSIER=$DOSSIER timeout -k 5 $((300 * SCALE)) \
	    calibredb add --with-library "$W/library" corpus.zip) > "$W/add.log" 2>&1 &&
	    calibredb list --with-library "$W/library" -f title,formats \
	    --for-machine > "$W/list.json" 2>> "$W/add.log" &&
	    python3 - "$W/list.json" "$W/tree.json" <<'EOF'
import json, sys
books = json.load(open(sys.argv[1]))
title = json.load(open(sys.argv[2]))["title"]
assert len(books) == 1, books
assert books[0]["title"] == title, books[0]["title"]
assert [f for f in books[0]["formats"] if f.endswith(".epub")], books[0]["formats"]
EOF
	then
		ok "$name"
	else
		not_ok "$name" "$(tail -n 3 "$W/add.log")"
	fi
fi
