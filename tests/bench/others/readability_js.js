// tests/bench/others/readability_js.js: Mozilla's readability.js (with jsdom),
// the extractor behind Firefox's Reader View, over saved HTML pages, for
// `make bench` to set beside dossier's HTML reader.
//   node readability_js.js FILE       one page's article as the tree JSON the
//                                  scorer reads (title, body blocks)
//   node readability_js.js --all DIR [OUT]  every page of DIR, in one process
//                                  (timed), each tree written to OUT/NAME.json
// Pages may be gzipped (NAME.html.gz).
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { JSDOM, VirtualConsole } = require('jsdom');
const { Readability } = require('@mozilla/readability');

const quiet = new VirtualConsole();	// pages' CSS and script errors

// Bytes that are valid UTF-8 are given as text (the saved pages lost the
// HTTP header that named it); others are left to jsdom's sniffing of the
// BOM and <meta charset>, as a browser would.
function load(file) {
	let data = fs.readFileSync(file);
	if (file.endsWith('.gz'))
		data = zlib.gunzipSync(data);
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(data);
	} catch (e) {
		return data;
	}
}

// The article as the scorer's tree: its title and one block per paragraph,
// heading, list item, quote or cell of readability's cleaned-up HTML.
function extract(file) {
	const dom = new JSDOM(load(file), { virtualConsole: quiet });
	const art = new Readability(dom.window.document).parse();
	dom.window.close();	// else every page's window stays in memory
	if (!art)
		return { title: null, body: [], comments: [] };
	const view = new JSDOM(art.content || '', { virtualConsole: quiet });
	const doc = view.window.document;
	const body = [];
	for (const el of doc.querySelectorAll('p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, td, figcaption')) {
		if (el.querySelector('p, li, blockquote, td'))
			continue;	// its own blocks are listed
		const text = el.textContent.replace(/\s+/g, ' ').trim();
		if (text)
			body.push({ type: 'paragraph', text });
	}
	view.window.close();
	return { title: art.title || null, body, comments: [] };
}

const args = process.argv.slice(2);
if (args[0] === '--all') {
	const dir = args[1], out = args[2];
	let n = 0;
	for (const f of fs.readdirSync(dir).sort()) {
		if (!/\.html?(\.gz)?$/.test(f))
			continue;
		let tree = { title: null, body: [], comments: [] };
		try {
			tree = extract(path.join(dir, f));
		} catch (e) {
			/* a page it cannot read counts as read, empty */
		}
		if (out)
			fs.writeFileSync(path.join(out, f.replace(/\..*$/, '') + '.json'),
			    JSON.stringify(tree));
		n++;
	}
	process.stderr.write(`readability.js: ${n} pages\n`);
} else {
	process.stdout.write(JSON.stringify(extract(args[0])) + '\n');
}
