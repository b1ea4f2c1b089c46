#!/usr/bin/env bash
# tests/suites/pdf.sh: the PDF writer (issue 4), checked from the outside
# with poppler-utils, qpdf and the layout dump (`-o x.layout`): contents
# page numbers, paper sizes, fonts, structure, outline, page labels, text
# inside the text block, evenness of spacing, determinism, bleed and crop
# boxes, url-notes, scripts, widows/orphans and kept headings.
#
# Run from the repository root: DOSSIER=bin/dossier tests/suites/pdf.sh
set -u

. "$(dirname "$0")/../report.sh"
suite_dir pdf
export SOURCE_DATE_EPOCH=1700000000
TYPE_SCORE=${TYPE_SCORE:-../shared/tools/type-score}

need() {
	for t in "$@"; do
		command -v "$t" > /dev/null || { echo "$t"; return 1; }
	done
}
if missing=$(need pdfinfo pdftotext pdffonts qpdf python3); then :; else
	skip "pdf: all checks" "$missing not installed (make deps)"
	exit 0
fi

build() {	# build OUT ARGS...: a quiet build with a time limit
	local out=$1
	shift
	timeout -k 5 $((120 * SCALE)) "$DOSSIER" build -q -o "$out" "$@" \
	    > "$W/build.log" 2>&1
}

PDF=$W/a4.pdf
if build "$PDF" corpus && [ -s "$PDF" ]; then ok "pdf: corpus builds"; else
	not_ok "pdf: corpus builds" "$(head -5 "$W/build.log")"
	exit 0
fi
build "$W/a4.layout" corpus

# ---- structure ----
check "pdf: qpdf --check is clean" sh -c \
    "qpdf --check '$PDF' > '$W/qpdf.txt' 2>&1 && ! grep -qi warning '$W/qpdf.txt' || { cat '$W/qpdf.txt'; false; }"

check "pdf: every font embedded and subset" python3 - "$PDF" <<'EOF'
import subprocess, sys
rows = subprocess.run(['pdffonts', sys.argv[1]], capture_output=True,
                      text=True).stdout.splitlines()[2:]
bad = []
for r in rows:
    f = r.split()
    # name type... emb sub uni id gen: the last five columns
    emb, sub = f[-5], f[-4]
    if emb != 'yes' or (sub != 'yes' and 'Type 3' not in r):
        bad.append(r)
if not rows: bad.append('no fonts at all')
print('\n'.join(bad)); sys.exit(1 if bad else 0)
EOF

for paper in a4:595x842 letter:612x792 a5:420x595; do
	name=${paper%%:*} size=${paper#*:}
	if [ "$name" = a4 ]; then f=$PDF; else
		f=$W/$name.pdf
		build "$f" --paper "$name" corpus
	fi
	check "pdf: --paper $name is ${size/x/ x } pt" python3 - "$f" "$size" <<'EOF'
import re, subprocess, sys
info = subprocess.run(['pdfinfo', sys.argv[1]], capture_output=True, text=True).stdout
m = re.search(r'Page size:\s+([\d.]+) x ([\d.]+)', info)
w, h = map(float, sys.argv[2].split('x'))
ok = m and abs(float(m.group(1)) - w) < 1 and abs(float(m.group(2)) - h) < 1
print(m.group(0) if m else info[:200]); sys.exit(0 if ok else 1)
EOF
done

# The contents page, the outline and the page labels, read with qpdf's
# JSON and pdftotext: each entry's page starts that article.
"$DOSSIER" tree --json -q corpus > "$W/tree.json" 2>/dev/null
qpdf --json "$PDF" > "$W/qpdf.json" 2>/dev/null
cat > "$W/book.py" <<'EOF'
import json, re, subprocess, sys
pdf, tree, qj, what = sys.argv[1:5]
arts = json.load(open(tree))['articles']
q = json.load(open(qj))
labels = {}
pl = q.get('pagelabels', [])
npages = len(q['pages'])
def roman(n):
    out = ''
    for v, s in ((1000,'m'),(900,'cm'),(500,'d'),(400,'cd'),(100,'c'),(90,'xc'),
                 (50,'l'),(40,'xl'),(10,'x'),(9,'ix'),(5,'v'),(4,'iv'),(1,'i')):
        while n >= v: out += s; n -= v
    return out
# page labels: ranges from qpdf's JSON (index, /S style, /St start)
starts = sorted((e['index'], e['label']) for e in pl)
page_label = []
for i in range(npages):
    r = [x for x in starts if x[0] <= i]
    if not r: page_label.append(str(i + 1)); continue
    idx, lab = r[-1]
    st = lab.get('/St', 1); style = lab.get('/S'); pre = lab.get('/P', '')
    n = st + i - idx
    if pre.startswith('u:'): pre = pre[2:]
    page_label.append(pre + (roman(n) if style == '/r' else str(n) if style == '/D' else ''))
def text(p, layout=False):
    return subprocess.run(['pdftotext', '-f', str(p), '-l', str(p)] +
                          (['-layout'] if layout else []) + [pdf, '-'],
                          capture_output=True, text=True).stdout
norm = lambda s: re.sub(r'\s+', ' ', s).strip()
# pdftotext drops a hyphen at a line end: compare without hyphens
flat = lambda s: re.sub(r'[\s\-\u2010]+', '', s)
errs = []
if what == 'labels':
    first_arabic = next((i for i, l in enumerate(page_label) if l.isdigit()), None)
    if first_arabic is None: errs.append('no arabic page labels: %s' % page_label[:8])
    else:
        front = page_label[:first_arabic]
        if not front or any(not re.fullmatch('[ivxlc]+', l) for l in front):
            errs.append('front matter labels not roman: %s' % front)
        if page_label[first_arabic] != '1': errs.append('body starts at %s' % page_label[first_arabic])
elif what == 'outline':
    top = q.get('outlines', [])
    if len(top) != len(arts):
        errs.append('%d outline entries for %d articles' % (len(top), len(arts)))
    for o, a in zip(top, arts):
        if norm(o['title']) != norm(a['title']): errs.append('outline %r != %r' % (o['title'], a['title']))
elif what == 'toc':
    # contents: front pages after the title page
    first_arabic = next(i for i, l in enumerate(page_label) if l.isdigit())
    toc = ''
    for p in range(2, first_arabic + 1):
        t = text(p, True).rstrip()
        t = re.sub(r'\n\s*%s\s*$' % re.escape(page_label[p - 1]), '', t)  # the folio
        toc += t + '\n'
    toc = toc.replace('Contents', '', 1)
    entries = re.findall(r'(.+?)\s*(?:\.\s*){3,}\s*(\d+)\s*(?:\n|$)', toc, re.S)
    if len(entries) != len(arts):
        errs.append('%d contents entries for %d articles' % (len(entries), len(arts)))
    for (title, num), a in zip(entries, arts):
        if flat(title) != flat(a['title']):
            errs.append('entry %r is not %r' % (norm(title), a['title'])); continue
        try: phys = page_label.index(num) + 1
        except ValueError: errs.append('no page labelled %s' % num); continue
        body = flat(text(phys))
        head = flat(((a.get('kicker') or '') + a['title']))
        if not (body.startswith(flat(a['title'])) or body.upper().startswith(head.upper())):
            errs.append('page %s (%d) starts %r, not %r' % (num, phys, body[:60], a['title'][:60]))
print('\n'.join(errs)); sys.exit(1 if errs else 0)
EOF
check "pdf: each contents entry's page starts that article" \
    python3 "$W/book.py" "$PDF" "$W/tree.json" "$W/qpdf.json" toc
check "pdf: outline has one entry per article" \
    python3 "$W/book.py" "$PDF" "$W/tree.json" "$W/qpdf.json" outline
check "pdf: page labels roman, then arabic from 1" \
    python3 "$W/book.py" "$PDF" "$W/tree.json" "$W/qpdf.json" labels

check "pdf: contents entries link to their pages" python3 - "$W/qpdf.json" <<'EOF'
import json, sys
q = json.load(open(sys.argv[1]))
objs = q.get('objects') or q.get('qpdf', [{}, {}])[1]
vals = [v.get('value', v) if isinstance(v, dict) else v for v in objs.values()]
n = sum(1 for v in vals if isinstance(v, dict) and
        v.get('/Subtype') == '/Link' and '/Dest' in v)
print('%d internal links' % n); sys.exit(0 if n >= 5 else 1)
EOF

# ---- text ----
cat > "$W/block.py" <<'EOF'
import re, subprocess, sys
pdf, lay = sys.argv[1:3]
hdr = open(lay).readline()
m = dict(re.findall(r'(\w+)=([\d.]+)', hdr))
pw, ph = map(float, re.search(r'layout ([\d.]+)x([\d.]+)', hdr).groups())
inner, outer = float(m['inner']), float(m['outer'])
top, bottom = float(m['top']) - 30, ph - float(m['bottom']) + 40
xml = subprocess.run(['pdftotext', '-bbox', pdf, '-'], capture_output=True, text=True).stdout
bad = []
for pg, body in enumerate(re.findall(r'<page [^>]*>(.*?)</page>', xml, re.S), 1):
    # rectos (odd pages) have the inner margin on the left
    left = inner if pg % 2 else outer
    right = pw - (outer if pg % 2 else inner)
    for x0, y0, x1, y1, w in re.findall(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)', body):
        x0, y0, x1, y1 = map(float, (x0, y0, x1, y1))
        if x0 < left - 0.5 or x1 > right + 0.5 or y0 < top or y1 > bottom:
            bad.append('page %d: %r at %.1f-%.1f, %.1f-%.1f' % (pg, w, x0, x1, y0, y1))
print('\n'.join(bad[:10])); sys.exit(1 if bad else 0)
EOF
check "pdf: no text outside the text block" python3 "$W/block.py" "$PDF" "$W/a4.layout"
build "$W/a5.pdf" --paper a5 corpus
build "$W/a5.layout" --paper a5 corpus
check "pdf: no text outside the text block on A5" python3 "$W/block.py" "$W/a5.pdf" "$W/a5.layout"

if [ -x "$TYPE_SCORE" ]; then
	score=$("$TYPE_SCORE" "$PDF" | tail -1)
	check "pdf: even spacing ($score)" python3 - "$score" <<'EOF'
import re, sys
d = dict(re.findall(r'(\w+)=([\d.]+)', sys.argv[1]))
ok = float(d['loose']) <= 0.005 and float(d['justified']) >= 0.98
print('want loose <= 0.005 and justified >= 0.98'); sys.exit(0 if ok else 1)
EOF
else
	skip "pdf: even spacing" "no $TYPE_SCORE"
fi

check "pdf: ligatures extract as letters" sh -c \
    "! pdftotext '$PDF' - | grep -q \$(printf '[\\357\\254\\200-\\357\\254\\206]')"

check "pdf: metadata and creation date from SOURCE_DATE_EPOCH" sh -c \
    "pdfinfo -isodates '$PDF' | grep -q '^CreationDate: *2023-11-14T22:13:20' &&
     pdfinfo '$PDF' | grep -q '^Creator: *dossier' &&
     pdfinfo '$PDF' | grep -q '^Title: *[^ ]'"

# ---- pagination rules, from the layout dump ----
check "pdf: layout dump has as many pages as the PDF" sh -c \
    "[ \"\$(grep -c '^page ' '$W/a4.layout')\" = \"\$(pdfinfo '$PDF' | awk '/^Pages:/ {print \$2}')\" ]"

cat > "$W/rules.py" <<'EOF'
import re, sys
pages, cur = [], None
for line in open(sys.argv[1]):
    if line.startswith('page '): cur = []; pages.append(cur); continue
    m = re.match(r'  ([LHCTNF]) [-\d.]+ [-\d.]+ [-\d.]+ #(\d+) \|', line)
    if m and cur is not None and m.group(1) not in 'FN':
        cur.append((m.group(1), int(m.group(2))))
errs = []
for i in range(len(pages) - 1):
    a, b = pages[i], pages[i + 1]
    if not a or not b: continue
    kind, blk = a[-1]
    if kind in 'HC' and blk:
        errs.append('page %d ends with a %s line' % (i + 1, 'heading' if kind == 'H' else 'comment header'))
    if blk and b[0][1] == blk:
        before = sum(1 for k, x in a if x == blk)
        after = sum(1 for k, x in b if x == blk)
        if before < 2 or after < 2:
            errs.append('block %d split %d/%d over pages %d-%d' % (blk, before, after, i + 1, i + 2))
print('\n'.join(errs[:10])); sys.exit(1 if errs else 0)
EOF
check "pdf: no widows or orphans, headings and comment headers kept with text" \
    python3 "$W/rules.py" "$W/a4.layout"
check "pdf: the same on A5 (more page breaks)" python3 "$W/rules.py" "$W/a5.layout"

# ---- the book's language ----
# The words the writer sets itself are the EPUB's: the book's (contents,
# counts, the title page's date) in the book's language, those inside an
# article (source, discussion) in the article's, here English.
build "$W/de.pdf" --lang de corpus
check "pdf: its own words in the book's language, the articles' in theirs (--lang de)" \
    python3 - "$W/de.pdf" <<'EOF'
import re, subprocess, sys
text = subprocess.run(['pdftotext', sys.argv[1], '-'], capture_output=True,
                      text=True).stdout
lines = [l.strip('\f') for l in text.split('\n')]
missing = [w for w in ('Inhalt', 'Discussion') if w not in lines]
if not any(l.startswith('Source: ') for l in lines): missing.append('Source:')
if '5 Artikel \u00b7 86 Kommentare' not in lines: missing.append('counts')
months = ('Januar Februar M\u00e4rz April Mai Juni Juli August September '
          'Oktober November Dezember').split()
if not any(re.fullmatch(r'\d+\. (%s) \d{4}' % '|'.join(months), l)
           for l in lines[:12]): missing.append('German date')
wrong = [l for l in lines if l in ('Contents', 'Diskussion') or
         l.startswith('Quelle: ')]
print('missing:', missing, 'wrong language:', wrong[:3])
sys.exit(1 if missing or wrong else 0)
EOF

# ---- determinism ----
build "$W/again.pdf" corpus
check "pdf: same input, same bytes (SOURCE_DATE_EPOCH)" cmp "$PDF" "$W/again.pdf"
# Without it the dates are the newest input's, not the clock's.
(unset SOURCE_DATE_EPOCH; build "$W/nosde1.pdf" corpus; sleep 1.1
 build "$W/nosde2.pdf" corpus)
check "pdf: same input, same bytes without SOURCE_DATE_EPOCH, a second apart" \
    cmp "$W/nosde1.pdf" "$W/nosde2.pdf"
# 20 articles: enough to start the layout workers (8 or more), so that
# every run of this suite, and `make tsan`, has them at work side by side;
# url-notes take the layout through every path that reads the tree.
mkdir -p "$W/many"
for i in 1 2 3 4; do for f in corpus/*.txt; do
	cp "$f" "$W/many/$i-$(basename "$f")"; done; done
build "$W/t1.pdf" --threads 1 --url-notes "$W/many"
build "$W/t4.pdf" --threads 4 --url-notes "$W/many"
check "pdf: one layout worker or four (20 articles), same bytes" \
    cmp "$W/t1.pdf" "$W/t4.pdf"

# ---- print options ----
build "$W/bleed.pdf" --bleed 3mm --crop-marks corpus
check "pdf: --bleed 3mm --crop-marks writes TrimBox and BleedBox" python3 - "$W/bleed.pdf" <<'EOF'
import re, subprocess, sys
info = subprocess.run(['pdfinfo', '-box', sys.argv[1]], capture_output=True, text=True).stdout
box = {k: list(map(float, v.split())) for k, v in re.findall(r'^(\w+Box):\s+(.*)$', info, re.M)}
errs = []
for k in ('MediaBox', 'TrimBox', 'BleedBox'):
    if k not in box: errs.append('no ' + k)
if not errs:
    t, b, m = box['TrimBox'], box['BleedBox'], box['MediaBox']
    mm3 = 3 * 72 / 25.4
    if abs((t[2] - t[0]) - 595.28) > 1 or abs((t[3] - t[1]) - 841.89) > 1: errs.append('TrimBox not A4: %s' % t)
    if abs((t[0] - b[0]) - mm3) > 0.2 or abs((b[2] - t[2]) - mm3) > 0.2: errs.append('BleedBox not 3 mm out: %s' % b)
    if not (m[0] <= b[0] and m[2] >= b[2] and m[3] >= b[3]): errs.append('MediaBox smaller than BleedBox: %s' % m)
print('\n'.join(errs) or info); sys.exit(1 if errs else 0)
EOF
check "pdf: bleed output passes qpdf --check" sh -c \
    "qpdf --check '$W/bleed.pdf' > '$W/q2.txt' 2>&1 && ! grep -qi warning '$W/q2.txt'"

build "$W/duplex.pdf" --duplex corpus
build "$W/duplex.layout" --duplex corpus
check "pdf: --duplex opens every article on a right-hand (odd) page" python3 - "$W/duplex.layout" <<'EOF'
import re, sys
bad = []
page = 0
for line in open(sys.argv[1]):
    m = re.match(r'page (\d+)', line)
    if m: page = int(m.group(1)); continue
    m = re.match(r'  M (a\d+) ', line)
    if m and page % 2 == 0: bad.append('%s on page %d' % (m.group(1), page))
print('\n'.join(bad)); sys.exit(1 if bad else 0)
EOF
check "pdf: no text outside the mirrored text blocks" python3 "$W/block.py" "$W/duplex.pdf" "$W/duplex.layout"
check "pdf: --duplex mirrors the margins" python3 - "$W/duplex.layout" <<'EOF'
import re, sys
hdr = open(sys.argv[1]).readline()
m = dict(re.findall(r'(\w+)=([\d.]+)', hdr))
inner, outer = float(m['inner']), float(m['outer'])
xs = {0: set(), 1: set()}
page = 0
for line in open(sys.argv[1]):
    mm = re.match(r'page (\d+)', line)
    if mm: page = int(mm.group(1)); continue
    mm = re.match(r'  L ([\d.]+) ', line)
    if mm: xs[page % 2].add(round(float(mm.group(1)), 1))
ok = inner != outer and round(inner, 1) in xs[1] and round(outer, 1) in xs[0]
print('recto x %s, verso x %s, inner %.1f outer %.1f' % (sorted(xs[1])[:3], sorted(xs[0])[:3], inner, outer))
sys.exit(0 if ok else 1)
EOF

build "$W/notes.pdf" --url-notes corpus
build "$W/notes.layout" --url-notes corpus
check "pdf: --url-notes prints numbered URLs at the page foot" python3 - "$W/notes.layout" <<'EOF'
import re, sys
pages, cur = [], None
for line in open(sys.argv[1]):
    if line.startswith('page '): cur = []; pages.append(cur); continue
    if cur is not None: cur.append(line)
notes = 0; errs = []
for i, p in enumerate(pages, 1):
    body_y = [float(l.split()[2]) for l in p if l.startswith('  L ')]
    for l in p:
        if l.startswith('  N '):
            m = re.search(r'\| (\d+)\s+(https?://\S+)', l)
            if not m: continue
            notes += 1
            if body_y and float(l.split()[2]) < max(body_y): errs.append('page %d: note above text' % i)
            if not any(re.search(r'[ ,]%s([ ,]|$)' % m.group(1), x.split('|', 1)[1]) for x in p if x.startswith(('  L ', '  C '))):
                errs.append('page %d: no marker %s in the text' % (i, m.group(1)))
if not notes: errs.append('no notes')
print('%d notes\n' % notes + '\n'.join(errs[:5])); sys.exit(1 if errs else 0)
EOF

# ---- scripts: CJK, Arabic and emoji in comments ----
build "$W/scripts.pdf" tests/pdf/scripts.txt
check "pdf: CJK and Arabic text set in the fallback fonts" sh -c \
    "pdffonts '$W/scripts.pdf' | grep -q NotoSansCJK && pdffonts '$W/scripts.pdf' | grep -q NotoNaskhArabic &&
     pdftotext '$W/scripts.pdf' - | grep -q '我们需要更强的加密'"
if command -v pdfimages > /dev/null; then
	check "pdf: colour emoji drawn (as images)" sh -c \
	    "[ \$(pdfimages -list '$W/scripts.pdf' | tail -n +3 | wc -l) -ge 3 ]"
fi
# A line that opens with an emoji (a title "✈ ..."): Cairo 1.16 refused
# its page, and so the run, when the image was painted inside a save.
printf '\xe2\x9c\x88\xef\xb8\x8f Carrier seen from a drone\n\nThe drone flew close to the ship.\n' \
    > "$W/emoji-title.txt"
emoji_book=$(printf '\xf0\x9f\x98\x80 Book')
check "pdf: a book and an article title that open with an emoji" sh -c \
    "timeout -k 5 $((120 * SCALE)) '$DOSSIER' build -q --title '$emoji_book' -o '$W/emoji-title.pdf' '$W/emoji-title.txt' &&
     pdftotext '$W/emoji-title.pdf' - | grep -c 'Carrier seen from a drone' | grep -qx '[2-9]'"
check "pdf: deep replies say whom they answer" sh -c \
    "pdftotext '$W/scripts.pdf' - | grep -q 'reply to deepthinker'"

# ---- preformatted text and line breaks (tests/parse/html/preformatted.html) ----
# A <pre> is set in the monospace face, a line of its source a line of the
# page, its indents kept, a long line wrapped inside the text block; a <br>
# in a paragraph ends a line.
build "$W/pre.pdf" tests/parse/html/preformatted.html
check "pdf: a <pre> keeps its lines and indents in DejaVu Sans Mono, a <br> ends a line" \
    python3 - "$W/pre.pdf" <<'EOF'
import re, subprocess, sys
pdf = sys.argv[1]
fonts = subprocess.run(['pdffonts', pdf], capture_output=True, text=True).stdout
assert 'DejaVuSansMono' in fonts, 'no monospace face'
text = subprocess.run(['pdftotext', '-layout', pdf, '-'], capture_output=True,
                      text=True).stdout
lines = [l.rstrip() for l in text.split('\n')]
def line(s):
    for i, l in enumerate(lines):
        if l.strip() == s:
            return i, len(l) - len(l.lstrip())
    sys.exit('no line %r' % s)
imp, i0 = line('import requests')
frm, _ = line('from bs4 import BeautifulSoup')
assert frm == imp + 1, 'import lines joined'
d, di = line('def titles(url):')
assert lines[d - 1].strip() == '', 'the blank line of the code is gone'
p, pi = line('page = requests.get(url, headers=headers, timeout=10)')
f, fi = line('for a in soup.find_all("a"):')
q, qi = line('print(a.get("title") or a.text.strip())   # not bold')
assert pi > di and fi == pi and qi - fi == 4, (di, pi, fi, qi)
for s in ['Whose woods these are I think I know.',
          'His house is in the village though;',
          'He will not see me stopping here',
          'To watch his woods fill up with snow.',
          '| Month | Runs |', '| May   |   14 |']:
    line(s)
# the long line wraps: its start and its end on two lines
h = [i for i, l in enumerate(lines) if 'headers = {' in l]
e = [i for i, l in enumerate(lines) if '"accept-language": "en-GB"}' in l]
assert h and e and e[0] == h[0] + 1, 'the long line did not wrap once'
bbox = subprocess.run(['pdftotext', '-bbox', pdf, '-'], capture_output=True,
                      text=True).stdout
wide = max(float(x) for x in re.findall(r'xMax="([0-9.]+)"', bbox))
assert wide < 560, 'a word runs past the text block: %.0f' % wide
EOF

# Right-to-left text whose characters differ in length (2-byte Arabic
# letters, a lam-alef ligature, 1-byte punctuation and digits): Cairo
# refuses clusters that do not follow the text, and a refused call used
# to end the PDF silently after the page it was on.
cat > "$W/rtl.txt" <<'RTL'
ماسا لـ«الصباح»: كل الشروط متوفرة لثورة سودانية و لا حاجة لنستورد شيئا

By Staff Writer
2 March 2024

قال الناشط الحقوقي السوداني خالد عبد الكريم ماسا لـ«الصباح»: إن كل الشروط متوفرة، ولا حاجة لنستورد شيئا من الخارج (2024). هذه فقرة طويلة بما يكفي لتمتد على عدة أسطر في الصفحة، حتى ينكسر السطر وسط النص العربي المختلط بعلامات الترقيم.

שלום עולם: זו פסקה בעברית עם סימני פיסוק, מספרים 123 ומילים באנגלית like this, כדי שהשורה תישבר.

The last paragraph is in English, after the right-to-left ones: rtl-end-marker.
RTL
for i in 1 2 3 4 5 6; do sed -n '5,7p' "$W/rtl.txt"; done > "$W/rtl-more.txt"
cat "$W/rtl.txt" "$W/rtl-more.txt" > "$W/rtl-long.txt"
build "$W/rtl.pdf" "$W/rtl-long.txt"
build "$W/rtl.layout" "$W/rtl-long.txt"
check "pdf: right-to-left text with mixed-length characters: every page, all the text" sh -c \
    "[ \"\$(pdfinfo '$W/rtl.pdf' | awk '/^Pages:/{print \$2}')\" = \"\$(grep -c '^page ' '$W/rtl.layout')\" ] &&
     pdftotext '$W/rtl.pdf' - | grep -q 'rtl-end-marker' && pdftotext '$W/rtl.pdf' - | grep -q 'الناشط'"

# Every script in a font that has it: Hebrew, the Indic and South-East
# Asian scripts, Georgian, Armenian, Ethiopic (no empty boxes), and every
# glyph drawable (Cairo 1.16 broke some glyphs of the whole CJK font when
# it subset it: 如 came out blank).
cp tests/scripts/world.txt "$W/world.txt"
build "$W/world.pdf" "$W/world.txt"
check "pdf: the world's scripts each set in a font that has them" sh -c \
    "f=\$(pdffonts '$W/world.pdf'); for s in Hebrew Devanagari Thai Georgian Armenian Bengali Tamil Kannada Malayalam Telugu Gujarati Gurmukhi Sinhala Lao Khmer Myanmar Ethiopic; do echo \"\$f\" | grep -q NotoSerif\$s || { echo no \$s; exit 1; }; done"
if command -v mutool > /dev/null; then
	check "pdf: every glyph of every script draws (mutool)" sh -c \
	    "mutool draw -o /dev/null -F png '$W/world.pdf' 2>&1 | grep -i 'cannot render glyph' && exit 1; pdftotext '$W/world.pdf' - | grep -q scripts-end-marker"
fi

# ---- hyphenation dictionaries: one read per file ----
# Fifteen spellings of a language tag (real pages write "de", "de-DE",
# "de_de", "de-CH"...): each dictionary file is read once. A table of
# eight tags once read the German dictionary (0.4 s) again for every word
# of a ninth, and a book of real pages took minutes. (LeakSanitizer
# cannot run under ptrace: off for this run of make asan.)
if command -v strace > /dev/null && strace -o /dev/null true 2> /dev/null; then
	mkdir -p "$W/langs"
	i=0
	for l in en en-US en-gb de de-DE de-de de_AT de-CH fr fr-FR fr-ca pl-PL es it-IT nl; do
		i=$((i + 1))
		printf -- '---\ntitle: Artikel %s\nlang: %s\n---\n\nDie Bundesregierung ver\xc3\xb6ffentlichte gestern umfangreiche Verwaltungsvorschriften zur Energieversorgungssicherheit.\n' \
		    "$l" "$l" > "$W/langs/$(printf %02d $i).txt"
	done
	check "pdf: fifteen spellings of four languages read each dictionary once" sh -c \
	    "ASAN_OPTIONS=\${ASAN_OPTIONS:-}:detect_leaks=0 strace -f -qq -e trace=open,openat -o '$W/langs.trace' '$DOSSIER' build -q -o '$W/langs.pdf' '$W/langs' &&
	     test \$(grep hyph_ '$W/langs.trace' | grep -vc ENOENT) -eq 3 &&
	     test \$(grep -c hyph_de_DE.dic '$W/langs.trace') -eq 1"
fi

# ---- a title of 600 words ----
# The title page and the contents set it in the lines they have room
# for, cut at a word with an ellipsis; the article's heading keeps it all.
{ printf -- '---\ntitle:'; for _ in $(seq 600); do printf ' Extraordinarily'; done
  printf '\nauthor: A. Writer\n---\n\n'; for _ in $(seq 40); do printf 'Body text here. '; done
  echo; } > "$W/long.txt"
build "$W/long.pdf" "$W/long.txt"
build "$W/long.layout" "$W/long.txt"
check "pdf: a 600-word title stays within the title page's text block" \
    python3 "$W/block.py" "$W/long.pdf" "$W/long.layout"
check "pdf: ... which is cut with an ellipsis, its contents entry in 3 lines" sh -c \
    "pdftotext -f 1 -l 1 '$W/long.pdf' - | grep -q 'Extraordinarily…' &&
     pdftotext -f 1 -l 1 '$W/long.pdf' - | grep -q '1 article' &&
     test \$(pdftotext -f 2 -l 2 '$W/long.pdf' - | grep -c Extraordinarily) -le 3"
check "pdf: ... and the article's heading holds all 600 words" sh -c \
    "test \$(pdftotext '$W/long.pdf' - | grep -o Extraordinarily | wc -l) -ge 600"

# ---- golden layout dumps: tests/pdf/NAME.txt beside NAME.layout ----
# The dump depends on the tree too: NAME.tree.json holds the tree it was
# made from, and a changed tree (the reader moved on) skips rather than
# fails. REGEN=1 shows the diff and accepts the new dump.
for txt in tests/pdf/*.txt; do
	name=$(basename "$txt" .txt)
	want=tests/pdf/$name.layout
	"$DOSSIER" tree --json -q "$txt" > "$W/$name.tree.json" 2>/dev/null
	build "$W/$name.layout" "$txt"
	if [ -n "${REGEN:-}" ]; then
		diff -u "$want" "$W/$name.layout" | head -n 40
		cp "$W/$name.tree.json" "tests/pdf/$name.tree.json"
		cp "$W/$name.layout" "$want"
		ok "pdf: golden $name.layout (regenerated)"
	elif [ ! -f "$want" ] || [ ! -f "tests/pdf/$name.tree.json" ]; then
		skip "pdf: golden $name.layout" "none yet; REGEN=1 makes it"
	elif ! cmp -s "$W/$name.tree.json" "tests/pdf/$name.tree.json"; then
		skip "pdf: golden $name.layout" "the tree of $name.txt changed; REGEN=1 to accept"
	elif cmp -s "$W/$name.layout" "$want"; then
		ok "pdf: golden $name.layout"
	else
		not_ok "pdf: golden $name.layout" \
		    "$(diff -u "$want" "$W/$name.layout" | head -n 20)"
	fi
done
exit 0
