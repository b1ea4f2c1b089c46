#!/usr/bin/env python3
"""Learn the text reader's weights (src/read/data/model.txt).

Usage: tests/tools/train-reader.py [--html] [--half A|B] [--out FILE]
           [--report] [--title-only] [--param NAME=VALUE] [--realworld DIR]
           [--seeds GOLD CORPUS] [--without NAME,...] [--two-passes]

The features are the reader's own: bin/dossier tree --explain prints each
block's features (blocks.h), so nothing is computed twice. Labels come
from the annotated real pages (../shared/realworld: a block holding a
'with' segment is article text, one holding a 'without' segment is not,
its title is the headline) and from the seeds' gold files. Four logistic
regressions are fitted in turn, each on the scores the previous ones give
(the second pass reads the first pass's scores around each block, the
third the second's the same way, the headline the verdict), by Newton's
method with an L2 penalty; each context pass's threshold is set for the
best F1 over blocks (the second's is the zero of the third's runs). The
HTML reader has two body passes, not three.

--half A tunes on the pages whose name hashes to half A and, with
--report, scores the reader on the other half (held out); without --half
it tunes on all pages, which is what ships. --title-only keeps the first
two passes of the shipped model and refits the headline's weights alone;
--param sets one of the model's params (window, after...) to try it;
--without NAME,... leaves features out and --two-passes fits no third
pass, to measure what each brings on the held-out half. Pure Python 3, no
packages.

--html learns the HTML reader's weights instead (src/read/data/
htmlmodel.txt, section "html"): the same two passes on the blocks of the
saved HTML pages (realworld/html), with the DOM's features (BF_H_* in
blocks.h) beside the text's, and no lexicon; labels come from each
block's full text (the "htext" lines of --explain). Its halves are
tests/realworld-halves.py's (SHA-256 of the name: half A is its tune
half, B its held-out half), on which the HTML reader's figures are
reported; its headline is ranked with the DOM's heading features too.
"""
import gzip, hashlib, json, math, os, re, subprocess, sys, tempfile, unicodedata
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, 'bin', 'dossier')
MODEL = os.path.join(ROOT, 'src', 'read', 'data', 'model.txt')
HTML_MODEL = os.path.join(ROOT, 'src', 'read', 'data', 'htmlmodel.txt')
SECTION = 'text'
# The seeds are clean article files, few beside the real pages: their blocks
# count this many times, so that a page without chrome keeps its text.
SEED_WEIGHT = 1
L2 = 1.0

def norm(s):
    s = unicodedata.normalize('NFC', s or '').replace('\u00ad', '')
    return re.sub(r'\s+', ' ', s).strip()

def half_of(name):
    if SECTION == 'html':	# tests/realworld-halves.py's split
        return 'A' if hashlib.sha256(name.encode()).digest()[0] % 2 == 0 else 'B'
    return 'A' if hashlib.sha1(name.encode()).digest()[0] % 2 == 0 else 'B'

def parse_feats(part):
    out = {}
    for kv in part.split():
        k, _, v = kv.partition('=')
        if _:
            out[k] = float(v)
    return out

def explain(path, model):
    env = dict(os.environ, DOSSIER_READER_MODEL=model)
    p = subprocess.run([BIN, 'tree', '--explain', '-q', path], env=env,
                       capture_output=True, text=True, errors='replace', timeout=60)
    blocks, titles, texts = [], [], {}
    for line in p.stdout.split('\n'):
        head, sep, _ = line.partition(' | ')
        if line.startswith('htext '):
            texts[int(head.split(' ')[1])] = norm(_)
        elif line.startswith('block '):
            w = head.split(' ', 6)
            if len(w) < 7:	# a clean article file: kept whole, no features
                continue
            f, _, c = w[6].partition(' c:')
            c, _, d = c.partition(' d:')
            no, _, more = w[1].partition('+')
            blocks.append({'no': int(no), 'more': int(more or 0), 'kind': w[2], 's1': float(w[3]),
                           'rule': w[5].startswith('rule'),
                           'f': parse_feats(f.partition('f:')[2]),
                           'c': parse_feats(c), 'd': parse_feats(d)})
        elif line.startswith('title '):
            w = head.split(' ', 3)
            titles.append({'no': int(w[1]), 'score': float(w[2]),
                           't': parse_feats(w[3].partition('t:')[2])})
    return blocks, titles, texts

# Windows-1252's 0x80-0x9F, as src/read/decode.c has them
CP1252 = {c: 0x80 + i for i, c in enumerate(
    '\u20ac\0\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\0\u017d\0'
    '\0\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\0\u017e\u0178') if c != '\0'}

def cp1252_byte(c):
    o = ord(c)
    return o if 0x80 <= o <= 0xFF else CP1252.get(c, -1)

def twice_encoded(s, i):
    """As decode.c: (character, length) of UTF-8 written as its bytes'
    Windows-1252 characters at s[i], or (-1 not one, -2 opens like one)."""
    lead = cp1252_byte(s[i])
    need = 1 if 0xC2 <= lead <= 0xDF else 2 if 0xE0 <= lead <= 0xEF else 3 if 0xF0 <= lead <= 0xF4 else 0
    if not need:
        return -1, 0
    b = bytearray([lead])
    for k in range(1, need + 1):
        c = cp1252_byte(s[i + k]) if i + k < len(s) else -1
        if not 0x80 <= c <= 0xBF:
            return (-1 if k == 1 else -2), 0
        b.append(c)
    try:
        return b.decode('utf-8'), need + 1
    except UnicodeDecodeError:
        return -2, 0

def repair(s):
    """The reader's repair of mojibake (decode.c), so that labels and
    words are read from the text the reader sees."""
    good = bad = 0
    i = 0
    while i < len(s):
        r, n = twice_encoded(s, i) if ord(s[i]) >= 0x80 else (-1, 0)
        if n:
            good += 1; i += n
        else:
            bad += r == -2; i += 1
    if good < 3 or bad * 10 >= good:
        return s
    out, i = [], 0
    while i < len(s):
        r, n = twice_encoded(s, i) if ord(s[i]) >= 0x80 else (-1, 0)
        if n:
            out.append(r); i += n
        else:
            out.append(s[i]); i += 1
    return ''.join(out)

def file_lines(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        return [norm(l) for l in repair(f.read().lstrip('\ufeff')).split('\n')]

# ---- the lexicon: words of boilerplate and of article text ----

LEX_WORDS, LEX_MIN_PAGES, LEX_MIN_WEIGHT, LEX_FOLDS = 40, 6, 0.7, 5

def words_of(t):
    """As blocks_lexicon() cuts them: runs of ASCII letters and of what
    is beyond ASCII, lower case, the first LEX_WORDS."""
    return [w.lower() for w in re.findall('[A-Za-z\u0080-\U0010ffff]+', t)[:LEX_WORDS]]

def lexicon(data):
    """Each word's log-odds of article text over boilerplate, by the
    number of pages it is in text (or boilerplate) on: a site's own words
    count once, so what is learned is what many sites share."""
    pos, neg = {}, {}
    npos = nneg = 0
    for blocks, lab, titles, tl, item, wt, lines in data:
        wp, wn = set(), set()
        for b, l in zip(blocks, lab):
            if l is None or b['rule']:
                continue
            ws = words_of(' '.join(lines[b['no'] - 1:b['no'] + b['more']]))
            (wp if l else wn).update(w for w in ws if len(w) >= 2 and len(w.encode()) <= 39)
        npos += bool(wp); nneg += bool(wn)
        for w in wp: pos[w] = pos.get(w, 0) + 1
        for w in wn: neg[w] = neg.get(w, 0) + 1
    out = {}
    for w in set(pos) | set(neg):
        p, n = pos.get(w, 0), neg.get(w, 0)
        if p + n < LEX_MIN_PAGES:
            continue
        lo = math.log((p + 1) / (npos + 2)) - math.log((n + 1) / (nneg + 2))
        if abs(lo) >= LEX_MIN_WEIGHT:
            out[w] = max(-3.0, min(3.0, lo))
    return dict(sorted(out.items()))

def lex_features(blocks, lines, words):
    """Set each block's lexicon features as blocks_lexicon() and
    blocks_context() compute them, from the lexicon words."""
    vals = []
    for b in blocks:
        ws = words_of(' '.join(lines[b['no'] - 1:b['no'] + b['more']]))
        vs = [round(words.get(w, 0) * 1000) if len(w.encode()) <= 39 else 0 for w in ws]
        vals.append((sum(vs) / 1000 / len(ws) if ws else 0, min([0] + vs) / 1000,
                     math.log(1 + sum(1 for v in vs if v <= -1000))))
    for i, b in enumerate(blocks):
        nb = [vals[i + d][0] for d in (-2, -1, 1, 2) if 0 <= i + d < len(blocks)]
        b['f']['lex'], b['f']['lex_low'], b['f']['lex_neg'] = vals[i]
        b['f']['ctx_lex'] = sum(nb) / len(nb) if nb else 0

def cross_fitted(pages, data, words):
    """The first pass learns from the lexicon features of pages whose
    words the lexicon was not made from (LEX_FOLDS folds of the pages,
    by a hash of the name), as on pages it has never seen; otherwise a
    page's own words would vouch for its labels."""
    fold = [hashlib.sha1(('lexicon:' + n).encode()).digest()[0] % LEX_FOLDS for n, _, _ in pages]
    for k in range(LEX_FOLDS):
        lex = lexicon([d for d, f in zip(data, fold) if f != k])
        for d, f in zip(data, fold):
            if f == k:
                lex_features(d[0], d[6], lex)

def label_page(item, lines, blocks, titles, texts=None):
    """Labels of blocks (1 text, 0 boilerplate, None unknown) and of
    headline candidates. texts: the blocks' full text by number (HTML),
    else the lines of the file."""
    with_, without = [norm(s) for s in item['with']], [norm(s) for s in item['without']]
    lab = []
    for b in blocks:
        if texts:
            t = texts.get(b['no'], '')
        else:
            t = ' '.join(lines[b['no'] - 1:b['no'] + b['more']])
        pos = any(s and s in t for s in with_) or any(t and len(t) > 20 and t in s for s in with_)
        neg = any(s and s in t for s in without)
        lab.append(1 if pos and not neg else 0 if neg and not pos else None)
    tl = []
    gold = norm(item.get('title') or '').lower()
    for c in titles:
        if texts:
            t = texts.get(c['no'], '').lower()
        else:
            t = lines[c['no'] - 1].lower() if c['no'] - 1 < len(lines) else ''
        tl.append(1 if gold and (t == gold or ratio(t, gold) >= 0.9) else 0)
    return lab, tl

def ratio(a, b):
    from difflib import SequenceMatcher
    return SequenceMatcher(None, a, b).ratio()

# ---- logistic regression by Newton's method ----

def solve(A, b):
    n = len(b)
    M = [row[:] + [b[i]] for i, row in enumerate(A)]
    for i in range(n):
        p = max(range(i, n), key=lambda r: abs(M[r][i]))
        M[i], M[p] = M[p], M[i]
        if abs(M[i][i]) < 1e-12:
            continue
        for r in range(n):
            if r != i and M[r][i]:
                k = M[r][i] / M[i][i]
                Mr, Mi = M[r], M[i]
                for c in range(i, n + 1):
                    Mr[c] -= k * Mi[c]
    return [M[i][n] / M[i][i] if abs(M[i][i]) > 1e-12 else 0 for i in range(n)]

def newton_step(w, g, H, names):
    """One Newton step with the L2 penalty (not on the bias): the new
    weights, and whether the step was small enough to stop."""
    d = len(names)
    for i in range(d):
        if names[i] != 'bias':
            g[i] += L2 * w[i]
            H[i][i] += L2
        H[i][i] += 1e-6
    step = solve(H, g)
    return [w[i] - step[i] for i in range(d)], max(abs(s) for s in step) < 1e-5

def fit(X, y, names, iters=12, weights=None):
    d = len(names)
    w = [0.0] * d
    wt = weights or [1.0] * len(y)
    for _ in range(iters):
        g = [0.0] * d
        H = [[0.0] * d for _ in range(d)]
        for x, t, q in zip(X, y, wt):
            z = sum(w[i] * x[i] for i in range(d))
            p = 1 / (1 + math.exp(-max(-30, min(30, z))))
            e = (p - t) * q
            s = p * (1 - p) * q
            nz = [i for i in range(d) if x[i]]
            for i in nz:
                g[i] += e * x[i]
                Hi, xi = H[i], x[i] * s
                for j in nz:
                    Hi[j] += xi * x[j]
        w, done = newton_step(w, g, H, names)
        if done:
            break
    return dict(zip(names, w))

def ranked_loss(groups, X, y, w, nzs, names):
    """The conditional logit's negative log likelihood, with the penalty."""
    loss = sum(0.5 * L2 * v * v for v, k in zip(w, names) if k != 'bias')
    for grp in groups:
        zs = [sum(w[i] * X[c][i] for i in nzs[c]) for c in grp]
        m = max(zs)
        lse = m + math.log(sum(math.exp(z - m) for z in zs))
        right = [z for z, c in zip(zs, grp) if y[c]]
        loss += lse - sum(right) / len(right)
    return loss

def fit_ranked(groups, X, y, names, iters=25):
    """A conditional logit: in each group of candidates exactly one (the
    right headline) is chosen; the weights maximise its probability. The
    Hessian of a group is sum p x x' - mean mean' (its probabilities sum
    to one), so each candidate costs its nonzero features only; a step
    that does not lower the loss is halved (candidates a feature all but
    separates make full Newton steps overshoot)."""
    d = len(names)
    w = [0.0] * d
    nzs = [[i for i in range(d) if x[i]] for x in X]
    loss = ranked_loss(groups, X, y, w, nzs, names)
    for _ in range(iters):
        g = [0.0] * d
        H = [[0.0] * d for _ in range(d)]
        for grp in groups:
            zs = [sum(w[i] * X[c][i] for i in nzs[c]) for c in grp]
            m = max(zs)
            es = [math.exp(z - m) for z in zs]
            tot = sum(es)
            mean = [0.0] * d
            for e, c in zip(es, grp):
                p, x = e / tot, X[c]
                for i in nzs[c]:
                    px = p * x[i]
                    mean[i] += px
                    Hi = H[i]
                    for j in nzs[c]:
                        Hi[j] += px * x[j]
            right = [c for c in grp if y[c]]
            for i in range(d):
                g[i] += mean[i] - sum(X[c][i] for c in right) / len(right)
            mz = [i for i in range(d) if mean[i]]
            for i in mz:
                Hi, mi = H[i], mean[i]
                for j in mz:
                    Hi[j] -= mi * mean[j]
        new, done = newton_step(w, g, H, names)
        for _ in range(20):
            nl = ranked_loss(groups, X, y, new, nzs, names)
            if nl <= loss:
                break
            new = [(a + b) / 2 for a, b in zip(w, new)]
        w, loss = new, min(loss, nl)
        if done:
            break
    return dict(zip(names, w))

def vec(feats, names):
    return [feats.get(n, 0.0) for n in names]

# ---- the model file ----

def write_model(path, body, ctx, title, params, note, words=None, ctx2=None):
    with open(path, 'w') as f:
        f.write('# The %s reader\'s weights: made by tests/tools/train-reader.py%s\n'
                '# (%s); do not edit by hand. "SECTION.PART NAME VALUE":\n'
                % ('HTML' if SECTION == 'html' else 'text', ' --html' if SECTION == 'html' else '', note))
        f.write(
                '# body = first pass (a block\'s own features), context = second\n'
                '# pass (the first pass\'s scores around), context2 = third pass\n'
                '# (the second\'s scores around), title = headline\n'
                '# candidates, param = thresholds. Names as in src/read/blocks.c.\n')
        for part, ws in (('body', body), ('context', ctx), ('context2', ctx2 or {}), ('title', title)):
            for k, v in ws.items():
                f.write('%s.%s %s %.5g\n' % (SECTION, part, k, v))
        for k, v in params.items():
            f.write('%s.param %s %.5g\n' % (SECTION, k, v))
        for k, v in (words or {}).items():
            f.write('%s.words %s %.3g\n' % (SECTION, k, v))

def read_model(path):
    """The parts of a model file, as write_model writes them."""
    parts = {'body': {}, 'context': {}, 'context2': {}, 'title': {}, 'param': {}, 'words': {}}
    for line in open(path):
        w = line.split()
        if len(w) == 3 and not line.startswith('#'):
            sec, _, part = w[0].partition('.')
            if sec == SECTION and part in parts:
                parts[part][w[1]] = float(w[2])
    return parts

# ---- pages ----

def load_pages(rw, seeds, names_filter):
    ann = json.load(open(os.path.join(rw, 'annotations.json')))
    pages = []
    for n in sorted(ann):
        if names_filter(n):
            p = os.path.join(rw, 'txt', n + '.txt')
            if SECTION == 'html':
                p = os.path.join(rw, 'html', n + '.html.gz')
            if os.path.exists(p):
                pages.append((n, p, ann[n]))
    if seeds:
        gold, corpus = seeds
        for g in sorted(os.listdir(gold)):
            if not g.endswith('.json'):
                continue
            j = json.load(open(os.path.join(gold, g)))
            body = [b.get('text') or ' '.join(b.get('items') or []) for b in j.get('body') or []]
            item = {'with': [s for s in body if s], 'without': j.get('not_body') or [],
                    'title': j.get('title')}
            pages.append(('seed:' + g, os.path.join(corpus, j.get('file') or g[:-5] + '.txt'), item))
    return pages

def dump(pages, model):
    def one(pg):
        n, p, item = pg
        if p.endswith('.gz'):	# the saved HTML, unpacked once
            q = os.path.join(UNPACKED, n + '.html')
            if not os.path.exists(q):
                with gzip.open(p) as f, open(q, 'wb') as g:
                    g.write(f.read())
            p = q
        blocks, titles, texts = explain(p, model)
        lines = [] if texts else file_lines(p)
        lab, tl = label_page(item, lines, blocks, titles, texts)
        return (blocks, lab, titles, tl, item, SEED_WEIGHT if n.startswith('seed:') else 1, lines)
    with ThreadPoolExecutor(2) as ex:
        return list(ex.map(one, pages))

UNPACKED = None	# where --html unpacks the saved pages

HTML_FEATURES = ['bias', 'logwords', 'w1', 'w2_3', 'w4_6', 'w7_12', 'w13_25', 'w26up',
                 'end_period', 'pos', 'pos_first', 'pos_last', 'ctx_words', 'ctx_short',
                 'ctx_end', 'h_links', 'h_heading', 'h_item', 'h_quote', 'h_caption',
                 'h_row', 'h_boiler', 'h_meta', 'h_comments', 'h_content', 'h_article',
                 'h_main', 'h_inside', 'h_dist', 'h_lead', 'h_rules', 'h_depth',
                 'h_content_any', 'h_body_any', 'h_before', 'h_cpos', 'h_h1', 'h_h2',
                 'h_agree', 'h_all_link', 'h_csize']

HTML_TITLE_FEATURES = ['h_h1', 'h_h2', 'h_agree', 'h_inside', 'h_links', 'h_boiler']

def best_threshold(X, y, w, names):
    """The score above which blocks are kept for the best F1 over the
    labelled blocks, and that F1."""
    zs = sorted((sum(w[k] * x[i] for i, k in enumerate(names)), t) for x, t in zip(X, y))
    pos_all = sum(y)
    best, th = -1, 0.0
    tp, fp = pos_all, len(y) - pos_all
    for z, t in zs:
        p = tp / (tp + fp) if tp + fp else 0
        r = tp / pos_all if pos_all else 0
        f1 = 2 * p * r / (p + r) if p + r else 0
        if f1 > best:
            best, th = f1, z - 1e-4
        if t: tp -= 1
        else: fp -= 1
    return th, best

def fit_title(pages, mpath, body, ctx, params, tnames, words, ctx2=None):
    """The headline's weights, among the candidates the reader offers
    with the body passes' weights given."""
    write_model(mpath, body, ctx, {'bias': 0}, params, 'stage 3', words, ctx2)
    data = dump(pages, mpath)
    X, y, groups = [], [], []
    for blocks, lab, titles, tl, item, wt, lines in data:
        if not any(tl):
            continue
        g = []
        for c, l in zip(titles, tl):
            g.append(len(y)); X.append(vec(c['t'], tnames)); y.append(l)
        groups.append(g)
    title = fit_ranked(groups, X, y, tnames)
    score = lambda i: sum(title[k] * X[i][j] for j, k in enumerate(tnames))
    picks = [max(g, key=score) for g in groups]
    right = [score(i) for i in picks if y[i]]
    print(f'headline: {len(right)}/{len(groups)} right on the tuning pages', file=sys.stderr)
    # a ranking has no absolute scale: whether there is a headline at all
    # is the reader's rule (not a sentence), not a threshold
    params['title_min'] = -1e9
    return title

def main(argv):
    global SECTION, UNPACKED
    half, out, report, title_only, setp = None, None, False, False, {}
    drop, two = set(), False
    rw = os.path.join(ROOT, '..', 'shared', 'realworld')
    seeds = (os.path.join(ROOT, '..', 'shared', 'gold'), os.path.join(ROOT, '..', 'shared', 'corpus'))
    it = iter(argv)
    for a in it:
        if a == '--half': half = next(it)
        elif a == '--out': out = next(it)
        elif a == '--report': report = True
        elif a == '--title-only': title_only = True
        elif a == '--param':
            k, _, v = next(it).partition('='); setp[k] = float(v)
        elif a == '--realworld': rw = next(it)
        elif a == '--seeds': seeds = (next(it), next(it))
        elif a == '--html': SECTION = 'html'
        elif a == '--without': drop = set(next(it).split(','))
        elif a == '--two-passes': two = True
        else:
            print(__doc__); return 2
    html = SECTION == 'html'
    out = out or (HTML_MODEL if html else MODEL)
    if html:	# the seeds are text files: not the HTML reader's
        seeds = ('', '')
    tune = (lambda n: half_of(n) == half) if half else (lambda n: True)
    pages = load_pages(rw, seeds if os.path.isdir(seeds[0]) else None, tune)
    print(f'{len(pages)} pages to tune on', file=sys.stderr)
    tmp = tempfile.mkdtemp(prefix='train-reader.')
    UNPACKED = os.path.join(tmp, 'rw', 'html')
    os.makedirs(UNPACKED)
    mpath = os.path.join(tmp, 'model.txt')
    bnames = ['bias', 'logwords', 'w1', 'w2_3', 'w4_6', 'w7_12', 'w13_25', 'w26up',
              'stop', 'nostop', 'end_period', 'end_colon', 'end_ellipsis', 'start_lower',
              'caps_share', 'allcaps', 'digits', 'date', 'repeated', 'linkish',
              'separators', 'commas', 'wordlen', 'pos', 'pos_first', 'pos_last',
              'ctx_words', 'ctx_short', 'ctx_stop', 'ctx_end', 'label_open', 'lex', 'lex_low', 'lex_neg', 'ctx_lex',
              'credit', 'run_short', 'sentences', 'teasers', 'stop_mid', 'stop_long']
    cnames = ['bias', 'self', 'prev', 'next', 'win', 'in_stretch', 'dist', 'self_long', 'page', 'stretch_share', 'page_short',
              'near_prev', 'near_next', 'between', 'stretch_short', 'seg', 'seg_mass', 'seg_dist', 'after',
              'self_neg', 'self_in']
    tnames = ['bias', 'before', 'is_first', 'inside', 'words_ok', 'logwords', 'end_period',
              'caps_share', 'digits', 'date', 'repeated', 'suffixed', 'score', 'pattern',
              'page_first', 'next_body', 'rank', 'date_near', 'prev_boiler', 's2', 'w1_2', 'contained', 'has_sep',
              'stop', 'commas', 'caption', 'byline', 'byline_next', 'end_paren', 'teaser',
              'ellipsis', 'near', 'separators', 'start_lower', 'body_share', 'body_hits',
              'alt_text', 'alt_caption', 'credit', 'holds_near', 'after_head', 'dash_start',
              'end_sep', 'date_before', 'to_long', 'echo_near', 'echo_many', 'crumb_tail', 'w4_8', 'w9_14',
              'copies', 'copy_far', 'copy_long', 'held', 'held_long', 'stem',
              'byline_after', 'byline_before', 'credit_next', 'hits_best', 'dek_next',
              'next_shares'] + [side + k for side in ('p_', 'n_') for k in
              ('logwords', 'body_hits', 'end_period', 'date', 'words_ok', 'w1_2',
               'credit', 'score', 'gap')]
    bnames = [n for n in bnames if n not in drop]
    cnames = [n for n in cnames if n not in drop]
    params = {'threshold': 0, 'title_min': -100, 'gain_clamp': 3, 'switch_cost': 6, 'window': 40, 'after': 3, 'clean_lead': 2}
    if html:	# a page of HTML is never an article file without a site
        bnames = HTML_FEATURES
        tnames = tnames + HTML_TITLE_FEATURES
        params['clean_lead'] = -1
    if title_only:	# the first two passes as the shipped model has them
        m = read_model(HTML_MODEL if html else MODEL)
        body, ctx, params, words = m['body'], m['context'], m['param'], m['words']
        ctx2 = m['context2'] or None
        params.setdefault('after', 3)
        params.update(setp)
        title = fit_title(pages, mpath, body, ctx, params, tnames, words, ctx2)
        return finish(out, half, report, rw, body, ctx, title, params, words, ctx2)
    params.update(setp)
    # 1. the first pass, on each block's own features
    write_model(mpath, {'bias': 0}, {'self': 1}, {'bias': 0}, params, 'bootstrap')
    data = dump(pages, mpath)
    words = {}
    if not html:	# the HTML reader has the DOM's words instead
        words = lexicon(data)
        print(f'lexicon: {len(words)} words', file=sys.stderr)
        cross_fitted(pages, data, words)
    X, y, W = [], [], []
    for blocks, lab, titles, tl, item, wt, lines in data:
        for b, l in zip(blocks, lab):
            if l is not None and not b['rule']:
                X.append(vec(b['f'], bnames)); y.append(l); W.append(wt)
    print(f'first pass: {len(y)} labelled blocks ({sum(y)} text)', file=sys.stderr)
    body = fit(X, y, bnames, weights=W)
    # 2. the second pass, on the first pass's scores around each block
    write_model(mpath, body, {'self': 1}, {'bias': 0}, params, 'stage 1', words)
    data = dump(pages, mpath)
    X, y, W = [], [], []
    for blocks, lab, titles, tl, item, wt, lines in data:
        for b, l in zip(blocks, lab):
            if l is not None and not b['rule']:
                X.append(vec(b['c'], cnames)); y.append(l); W.append(wt)
    ctx = fit(X, y, cnames, weights=W)
    th2, best = best_threshold(X, y, ctx, cnames)
    print(f'second pass: threshold {th2:.3f}, block F1 {best:.3f}', file=sys.stderr)
    ctx2 = None
    if not html and not two:	# 3. the third pass, on the second's scores around
        params['center2'] = th2
        write_model(mpath, body, ctx, {'bias': 0}, params, 'stage 2', words, {'bias': 0})
        data = dump(pages, mpath)
        X, y, W = [], [], []
        for blocks, lab, titles, tl, item, wt, lines in data:
            for b, l in zip(blocks, lab):
                if l is not None and not b['rule']:
                    X.append(vec(b['d'], cnames)); y.append(l); W.append(wt)
        ctx2 = fit(X, y, cnames, weights=W)
        th2, best = best_threshold(X, y, ctx2, cnames)
        print(f'third pass: threshold {th2:.3f}, block F1 {best:.3f}', file=sys.stderr)
    params['threshold'] = th2
    # 4. the headline, among the candidates the reader offers
    title = fit_title(pages, mpath, body, ctx, params, tnames, words, ctx2)
    return finish(out, half, report, rw, body, ctx, title, params, words, ctx2)

def finish(out, half, report, rw, body, ctx, title, params, words, ctx2=None):
    note = f'tuned on half {half} of the real pages' if half else 'tuned on all the real pages'
    if SECTION != 'html':
        note += ' and the seeds'
    write_model(out, body, ctx, title, params, note, words, ctx2)
    print(f'wrote {out}', file=sys.stderr)
    if report and half:
        other = 'B' if half == 'A' else 'A'
        ann = json.load(open(os.path.join(rw, 'annotations.json')))
        sub = {n: v for n, v in ann.items() if half_of(n) == other}
        os.makedirs(os.path.join(ROOT, 'build'), exist_ok=True)
        ap = os.path.join(ROOT, 'build', f'realworld-half{other}.json')
        json.dump(sub, open(ap, 'w'))
        env = dict(os.environ, DOSSIER_READER_MODEL=os.path.abspath(out))
        tool = os.path.join(os.path.dirname(os.path.abspath(rw)), 'tools', 'realworld-score')
        kind = 'html' if SECTION == 'html' else 'txt'
        r = subprocess.run([tool, ap, os.path.join(rw, kind)], env=env, cwd=ROOT,
                           capture_output=True, text=True)
        print(f'held out (half {other}, {len(sub)} pages):\n' + r.stdout.strip())
    return 0

if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
