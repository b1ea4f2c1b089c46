#!/usr/bin/env bash
# tests/suites/reader.sh: the block classifier on a page with its site
# around it (tests/reader/page.txt, written for this test): the headline
# where the article starts, menus, cookie notice, share bar, teasers and
# footer dropped, the article's paragraphs kept, its language by its
# stopwords; `tree --explain` names each block's kind and what decided
# it; a user's --patterns rule wins over the classifier.
set -u
D=${DOSSIER:-bin/dossier}
dir=tests/reader
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; }

json=$("$D" tree --json -q $dir/page.txt)
if python3 - "$json" <<'PY'
import json, sys
t = json.loads(sys.argv[1])
body = " ".join(b.get("text") or "" for b in t["body"])
assert t["title"] == "Neues Stadttheater öffnet nach drei Jahren Umbau", t["title"]
assert t["lang"] == "de", t["lang"]
assert t["byline"] == "Anna Berger", t["byline"]
for keep in ("Nach drei Jahren Bauzeit", "Der Umbau hatte", "Die Intendantin sagte",
             "Für den Herbst"):
    assert keep in body, keep
for drop in ("Startseite", "Politik", "Cookies", "Anmelden", "Teilen", "Mehr zum Thema",
             "Museum plant", "Impressum", "Datenschutz", "Zum Inhalt springen"):
    assert drop not in body, drop
PY
then ok "a page's headline, byline, language and article text"; else nok "a page's headline, byline, language and article text"; fi

ex=$("$D" tree --explain -q $dir/page.txt)
if grep -q '^page .* lang de ' <<<"$ex" &&
   grep -q '^stretch ' <<<"$ex" &&
   grep -Eq '^block [0-9]+\+0 boiler [-+0-9.]+ [-+0-9.]+ score f: .* \| Politik$' <<<"$ex" &&
   grep -Eq '^block [0-9]+\+0 body [-+0-9.]+ [-+0-9.]+ score f: .*stop=.* \| Nach drei Jahren' <<<"$ex" &&
   grep -Eq '^block [0-9]+\+0 title .* headline .* \| Neues Stadttheater' <<<"$ex" &&
   ! grep -q '"body"' <<<"$ex"; then
	ok "--explain gives each block its kind, scores, reason and features"
else
	nok "--explain gives each block its kind, scores, reason and features"
fi

json=$("$D" tree --json -q --patterns $dir/nochrome.conf $dir/page.txt)
ex=$("$D" tree --explain -q --patterns $dir/nochrome.conf $dir/page.txt)
if ! grep -q 'Für den Herbst' <<<"$json" && grep -q 'Nach drei Jahren Bauzeit' <<<"$json" &&
   grep -Eq '^block .* boiler .* rule:chrome .*\| Für den Herbst' <<<"$ex"; then
	ok "a user's chrome rule wins over the classifier, and --explain says so"
else
	nok "a user's chrome rule wins over the classifier, and --explain says so"
fi

# The trainer's model file is read when the variable names one: a model
# whose threshold keeps nothing leaves the page its best stretch, never an
# empty article.
m=$(mktemp)
grep -v 'text.param threshold' src/read/data/model.txt > "$m"
echo 'text.param threshold 1000' >> "$m"
if DOSSIER_READER_MODEL=$m "$D" tree --json -q $dir/page.txt | grep -q 'Nach drei Jahren Bauzeit'; then
	ok "DOSSIER_READER_MODEL is read; nothing kept means the best stretch"
else
	nok "DOSSIER_READER_MODEL is read; nothing kept means the best stretch"
fi
rm -f "$m"

# A clean article file (a kicker, its headline, a dek, paragraphs and a
# one-word subheading) is kept whole without the classifier's features;
# the same file under a menu run is classified.
f=$(mktemp)
{
	printf 'World |\n\nHarbour reopens after the storm\n\nShips return to the old port\n\n'
	printf 'The harbour of the town reopened on Monday, two weeks after the storm had closed it to all ships and most of the boats.\n\n'
	printf 'Background\n\n'
	printf 'Engineers worked day and night to clear the channel, the harbour master said, and the first ferry came in at noon.\n\n'
	printf 'Fishermen, who had lost a fortnight of work, were the first to sail out again before dawn on Tuesday.\n'
} > "$f"
json=$("$D" tree --json -q "$f")
ex=$("$D" tree --explain -q "$f")
{ printf 'Home\n\nNews\n\nSport\n\nWeather\n\n'; cat "$f"; } > "$f.menu"
ex2=$("$D" tree --explain -q "$f.menu")
python3 - "$json" <<'PY'
import json, sys
t = json.loads(sys.argv[1])
body = " ".join(b.get("text") or "" for b in t["body"])
assert t["title"] == "Harbour reopens after the storm", t["title"]
assert t["lang"] == "en", t["lang"]
for keep in ("Ships return", "The harbour of the town", "Background", "Engineers worked", "Fishermen"):
    assert keep in body or keep in (t.get("subtitle") or ""), keep
assert "World |" not in body
PY
r=$?
if [ $r = 0 ] && grep -q '^page .* clean-file$' <<<"$ex" &&
   grep -Eq '^block [0-9]+\+0 body 0 0 clean-file \| Background$' <<<"$ex" &&
   ! grep -q 'clean-file' <<<"$ex2" && grep -q '^stretch ' <<<"$ex2"
then ok "a clean article file is kept whole, a page with a menu run is classified"
else nok "a clean article file is kept whole, a page with a menu run is classified"; fi
rm -f "$f" "$f.menu"
exit 0
