#!/usr/bin/env bash
# tests/suites/pdf-hostile.sh: what an article's text can make of the PDF's
# syntax (issue 12, class 1). Cairo 1.16 copies a link's URI into the PDF
# unescaped, so a ')' in an address used to end the string and turn the
# rest into JavaScript or Launch actions. Hostile addresses (in the body, in
# front matter's url, as url-notes, with and without --bleed) must come out
# as /Link annotations whose one action is /URI with the address
# percent-encoded, and nothing active anywhere; hostile titles, headings
# and site names must reach the metadata and the outline as text.
#
# Run from the repository root: DOSSIER=bin/dossier tests/suites/pdf-hostile.sh
set -u

. "$(dirname "$0")/../report.sh"
suite_dir pdf-hostile
mkdir -p "$W/in"
export SOURCE_DATE_EPOCH=1700000000

for t in qpdf pdfinfo python3; do
	command -v "$t" > /dev/null || {
		skip "pdf-hostile: all checks" "$t not installed (make deps)"
		exit 0
	}
done

# The addresses, one a line, as the reader will see them: the body's
# bare URLs (balanced brackets stay in a URL; spaces, < > and quotes end
# it), then front matter's.
cat > "$W/body-urls" <<'EOF'
https://a.example/x)/S/JavaScript/JS(app.alert(1))/end
https://b.example/p(q)r\)/Type/Action/S/Launch/F(calc.exe)/end
https://c.example/caf%C3%A9/×/日本語?q=ü&r=1#frag
http://d.example/%zz%/100%/ok%20fine/'quote'/{}|^`\\
mailto:x)y(z@e.example
HTTPS://F.EXAMPLE/A)B
EOF
cat > "$W/in/a.txt" <<'EOF'
---
title: "Title ) /JS (app.alert(3)) >> \\ ( \u00e9 \t tab"
site: "Site ) /Launch (x) \\"
url: "https://g.example/fm)>>/S/JavaScript/JS(app.alert(2))/A<</S/Launch/F(calc.exe)>>"
---
Heading ) /JS (app.alert(4)) >> and more

A first paragraph with https://a.example/x)/S/JavaScript/JS(app.alert(1))/end in it, and also https://b.example/p(q)r\)/Type/Action/S/Launch/F(calc.exe)/end here.

Non-ASCII: https://c.example/caf%C3%A9/×/日本語?q=ü&r=1#frag and escapes http://d.example/%zz%/100%/ok%20fine/'quote'/{}|^`\\ as well.

Mail to mailto:x)y(z@e.example or HTTPS://F.EXAMPLE/A)B please. Not a link: javascript:app.alert(5) nor javascript:void(0)/JS(x).
EOF
printf '%s\n' 'https://g.example/fm)>>/S/JavaScript/JS(app.alert(2))/A<</S/Launch/F(calc.exe)>>' \
    >> "$W/body-urls"
# A line feed and a tab in front matter's url (YAML escapes): the reader
# may refuse the address; if it ever links it, the PDF must carry it
# percent-encoded (the checker allows that form, and only that).
cat > "$W/in/b.txt" <<'EOF'
---
title: Second
url: "https://h.example/nl)\n/AA<</JS(app.alert(6))>>\t/x"
---
Second

Text.
EOF
printf 'https://h.example/nl)\n/AA<</JS(app.alert(6))>>\t/x' > "$W/optional-url"

# The book's own strings, from the command line (a tab in the title).
TITLE=$(printf 'Book ) /JS (app.alert(7)) >> \\ ( \303\251 \t tab <FEFF>')
EDITOR='Ed ) /Launch (x) >> \'
SUBTITLE='Sub (/S /JavaScript) \) end'

build() {	# build NAME ARGS...: a quiet build with a time limit
	local name=$1
	shift
	timeout -k 5 $((60 * SCALE)) "$DOSSIER" build -q -o "$W/$name.pdf" \
	    --title "$TITLE" --editor "$EDITOR" --subtitle "$SUBTITLE" \
	    "$@" "$W/in" > "$W/$name.log" 2>&1
}

# The checker: every annotation, every action, every key in the file.
cat > "$W/check.py" <<'EOF'
import json, subprocess, sys

pdf, given_urls, optional_url = sys.argv[1], sys.argv[2], sys.argv[3]
SAFE = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
           b"-._~:/?#[]@!$&*+,;=")
HEX = b"0123456789abcdefABCDEF"

def encode(u):
    """The address as the PDF must carry it: URL-safe bytes kept, a '%'
    that starts an escape kept, everything else percent-encoded."""
    b, out = u.encode(), []
    for i, c in enumerate(b):
        if c in SAFE or (c == 0x25 and len(b) > i + 2 and b[i + 1] in HEX
                         and b[i + 2] in HEX):
            out.append(chr(c))
        else:
            out.append('%%%02X' % c)
    return ''.join(out)

given = [l for l in open(given_urls, encoding='utf-8').read().split('\n') if l]
expected = {encode(u) for u in given}
allowed = expected | {encode(open(optional_url, encoding='utf-8').read())}

# qpdf exits 3 on warnings, with the JSON all the same
j = json.loads(subprocess.run(['qpdf', '--json', '--json-key=qpdf', pdf],
                              capture_output=True, text=True).stdout)
objs = j['qpdf'][1]
BAD = {'/AA', '/JS', '/JavaScript', '/Launch', '/SubmitForm', '/GoToR',
       '/GoToE', '/ImportData', '/ResetForm', '/Rendition', '/RichMedia',
       '/OpenAction', '/Movie', '/Sound', '/Hide', '/Named', '/SetOCGState',
       '/Trans', '/EmbeddedFiles', '/XFA', '/AcroForm'}
errs, seen, links = [], set(), 0

def walk(v, where):
    if isinstance(v, dict):
        for k, x in v.items():
            if k in BAD:
                errs.append('%s: key %s' % (where, k))
            walk(x, where)
    elif isinstance(v, list):
        for x in v:
            walk(x, where)
    elif isinstance(v, str) and v in BAD:
        errs.append('%s: name %s' % (where, v))

def text(s):	# qpdf's JSON: u:TEXT, or b:HEX for bytes
    if isinstance(s, str) and s[:2] == 'b:':
        return bytes.fromhex(s[2:]).decode('latin-1')
    return s[2:] if isinstance(s, str) and s[:2] == 'u:' else s

for ref, o in objs.items():
    if ref == 'trailer' or not isinstance(o, dict):
        continue
    v = o.get('value', o.get('stream', {}).get('dict'))
    walk(v, ref)
    if not isinstance(v, dict):
        continue
    if v.get('/Type') == '/Annot' or '/Subtype' in v and v.get('/Subtype') in (
            '/Link', '/Widget', '/Screen', '/FileAttachment', '/Movie',
            '/Sound', '/RichMedia', '/3D'):
        if v.get('/Subtype') != '/Link':
            errs.append('%s: annotation %s' % (ref, v.get('/Subtype')))
            continue
        links += 1
        a = v.get('/A')
        if a is None:
            if '/Dest' not in v:
                errs.append('%s: a link with no target' % ref)
            continue
        if set(a) - {'/S', '/URI', '/Type'} or a.get('/S') != '/URI':
            errs.append('%s: action %s' % (ref, json.dumps(a)[:200]))
            continue
        u = text(a.get('/URI'))
        seen.add(u)
        if u not in allowed:
            errs.append('%s: URI %r is none of the addresses given' % (ref, u))
missing = expected - seen
for u in sorted(missing):
    errs.append('no link to %r' % u)
if any('javascript' in u.lower()[:11] for u in seen):
    errs.append('a javascript: link')
print('\n'.join(errs) or '%d links, %d addresses' % (links, len(seen)))
sys.exit(1 if errs else 0)
EOF

for v in plain bleed notes; do
	case $v in
	plain) args=() ;;
	bleed) args=(--bleed 3mm --crop-marks) ;;
	notes) args=(--url-notes --bleed 3mm) ;;
	esac
	if ! build "$v" "${args[@]}" || [ ! -s "$W/$v.pdf" ]; then
		not_ok "pdf-hostile ($v): builds" "$(head -5 "$W/$v.log")"
		continue
	fi
	ok "pdf-hostile ($v): builds"
	check "pdf-hostile ($v): only /Link annotations, each a /URI of an address given, percent-encoded; nothing active" \
	    python3 "$W/check.py" "$W/$v.pdf" "$W/body-urls" "$W/optional-url"
	# -js prints the document's scripts and nothing else
	check "pdf-hostile ($v): pdfinfo -js finds no script and no syntax error" sh -c \
	    "out=\$(pdfinfo -js '$W/$v.pdf' 2>&1); [ -z \"\$out\" ] || { echo \"\$out\"; false; }"
	check "pdf-hostile ($v): qpdf --check is clean" sh -c \
	    "qpdf --check '$W/$v.pdf' > '$W/$v.qpdf' 2>&1 && ! grep -qi warning '$W/$v.qpdf' || { cat '$W/$v.qpdf'; false; }"
done

# The strings Cairo writes as text: whole, as given, in the metadata and
# the outline.
check "pdf-hostile: hostile title, editor and subtitle are the metadata, as text" \
    python3 - "$W/plain.pdf" "$TITLE" "$EDITOR" "$SUBTITLE" <<'EOF'
import subprocess, sys
info = subprocess.run(['pdfinfo', sys.argv[1]], capture_output=True,
                      text=True).stdout
field = {l.split(':', 1)[0]: l.split(':', 1)[1].strip()
         for l in info.splitlines() if ':' in l}
norm = lambda s: ' '.join((s or '').split())	# controls become spaces
errs = ['%s: %r, want %r' % (k, field.get(k), v)
        for k, v in zip(('Title', 'Author', 'Subject'), sys.argv[2:])
        if norm(field.get(k)) != norm(v)]
print('\n'.join(errs) or info); sys.exit(1 if errs else 0)
EOF
check "pdf-hostile: hostile outline entries are text (title and heading)" python3 - "$W/plain.pdf" <<'EOF'
import json, subprocess, sys
j = json.loads(subprocess.run(['qpdf', '--json', '--json-key=outlines', sys.argv[1]],
                              capture_output=True, text=True, check=True).stdout)
titles = []
def walk(items):
    for it in items:
        titles.append(it.get('title'))
        walk(it.get('kids', []))
walk(j['outlines'])
want = ['Title ) /JS (app.alert(3)) >> \\ ( \u00e9   tab',
        'Heading ) /JS (app.alert(4)) >> and more', 'Second']
norm = lambda s: ' '.join((s or '').split())
miss = [w for w in want if norm(w) not in map(norm, titles)]
print('outline:', titles, 'missing:', miss); sys.exit(1 if miss else 0)
EOF
