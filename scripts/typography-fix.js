#!/usr/bin/env node
/**
 * Applies the French typography of src/lib/domain/french-typography.ts (the one source of the
 * convention: typographic apostrophe, non-breaking space U+00A0 before « ; : ! ? » and inside
 * « ») to every message of the French catalogue, src/lib/i18n/fr/*.ts, in place.
 *
 *   node scripts/typography-fix.js           fix the files, list what changed
 *   node scripts/typography-fix.js --check   change nothing; exit 1 if a message needs fixing
 *
 * Run it again whenever new French messages arrive; tests/unit/french-typography.test.ts fails
 * until it is. In messages written in French and English on purpose, only the French lines are
 * touched (src/lib/i18n/typography-exempt.ts).
 * Only the string values of the catalogue's `'key': 'value'` entries are touched,
 * each rewritten with its own quote (a value whose straight apostrophes all became ’ may then use
 * single quotes, as the rest of the catalogue does); keys, comments and code are left alone.
 */
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const catalogue = join(root, 'src/lib/i18n/fr');
const check = process.argv.includes('--check');

/** A TypeScript module without imports, compiled on the fly: the script never differs from the test. */
async function loadModule(relative) {
	const source = readFileSync(join(root, relative), 'utf8');
	const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
	const dir = mkdtempSync(join(tmpdir(), 'atlas-typography-'));
	const file = join(dir, 'module.mjs');
	writeFileSync(file, outputText);
	try {
		return await import(pathToFileURL(file).href);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** A string literal for `value`, in the quote it had if it still needs it, else in single quotes. */
function literal(value, quote) {
	const q = quote === '"' && value.includes("'") ? '"' : quote === '`' ? '`' : "'";
	let escaped = value.replace(/\\/g, '\\\\').replaceAll(q, `\\${q}`);
	// A template literal keeps its lines as they are written; a quoted string escapes them.
	if (q === '`') escaped = escaped.replace(/\$\{/g, '\\${');
	else escaped = escaped.replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
	return `${q}${escaped}${q}`;
}

const { frenchTypography } = await loadModule('src/lib/domain/french-typography.ts');
const { onFrenchPart } = await loadModule('src/lib/i18n/typography-exempt.ts');
let changed = 0;
for (const name of readdirSync(catalogue)
	.filter((f) => f.endsWith('.ts'))
	.sort()) {
	const path = join(catalogue, name);
	const text = readFileSync(path, 'utf8');
	const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
	/** [start, end, replacement], in file order. */
	const edits = [];
	const visit = (node) => {
		if (ts.isPropertyAssignment(node) && (ts.isStringLiteral(node.initializer) || ts.isNoSubstitutionTemplateLiteral(node.initializer))) {
			const key = ts.isStringLiteral(node.name) ? node.name.text : node.name.getText(file);
			const value = node.initializer.text;
			const fixed = onFrenchPart(key, value, frenchTypography);
			if (fixed !== value) {
				const start = node.initializer.getStart(file);
				edits.push([start, node.initializer.end, literal(fixed, text[start])]);
				console.log(`${name}  ${node.name.getText(file)}\n  - ${value}\n  + ${fixed.replace(/\u00a0/g, '⍽')}`);
			}
		}
		ts.forEachChild(node, visit);
	};
	visit(file);
	if (edits.length === 0) continue;
	changed += edits.length;
	if (check) continue;
	let out = text;
	for (const [start, end, replacement] of edits.reverse()) out = out.slice(0, start) + replacement + out.slice(end);
	writeFileSync(path, out);
}
console.log(`${changed} message(s) ${check ? 'to fix' : 'fixed'} (⍽ marks a non-breaking space).`);
if (check && changed > 0) process.exit(1);
