#!/usr/bin/env node
// Offline syntax check for Bicep: parses every .bicep/.bicepparam file with the tree-sitter-bicep grammar
// (its .wasm build, run by web-tree-sitter) and reports ERROR and MISSING nodes as file:line:column.
//
//   node check-bicep.mjs [file-or-folder ...]     (default: the infra/ folder this script lives in)
//
// The grammar knows .bicep only. In a .bicepparam file `param NAME = value` has the shape of `var NAME = value`,
// so those lines are parsed as `var  NAME = value` (same length, so line and column numbers stay right).
//
// Exit codes: 0 = no syntax errors, 1 = syntax errors found, 2 = usage problem (no files, unreadable path).
// Syntax only: no types, no resource schemas, no symbol resolution. `az bicep build` does those (needs internet).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Language, Parser } from 'web-tree-sitter';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const extensions = new Set(['.bicep', '.bicepparam']);

function collect(path, found) {
  const stat = statSync(path);
  if (stat.isFile()) {
    found.push(path);
    return;
  }
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) collect(child, found);
    else if (extensions.has(extname(entry.name))) found.push(child);
  }
}

function source(file) {
  const text = readFileSync(file, 'utf8');
  if (extname(file) !== '.bicepparam') return text;
  return text.replace(/^([ \t]*)param(?=[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]*=)/gm, '$1var  ');
}

function* problems(node) {
  if (node.isMissing) {
    yield { node, message: `MISSING ${JSON.stringify(node.type)}` };
    return;
  }
  if (node.isError) {
    const text = node.text.split('\n')[0].slice(0, 60);
    yield { node, message: `ERROR near ${JSON.stringify(text)}` };
    return; // an ERROR node's children only repeat the same problem
  }
  if (!node.hasError) return;
  for (const child of node.children) yield* problems(child);
}

const args = process.argv.slice(2);
const roots = args.length > 0 ? args.map((a) => resolve(a)) : [resolve(here, '..')];
const files = [];
try {
  for (const root of roots) collect(root, files);
} catch (error) {
  console.error(`check-bicep: ${error.message}`);
  process.exit(2);
}
if (files.length === 0) {
  console.error(`check-bicep: no .bicep or .bicepparam files under ${roots.join(', ')}`);
  process.exit(2);
}

await Parser.init();
const bicep = await Language.load(require.resolve('tree-sitter-bicep/tree-sitter-bicep.wasm'));
const parser = new Parser();
parser.setLanguage(bicep);

let errors = 0;
for (const file of files.sort()) {
  const tree = parser.parse(source(file));
  const rel = relative(process.cwd(), file);
  const shown = rel === '' || rel.startsWith('..') ? file : rel;
  for (const { node, message } of problems(tree.rootNode)) {
    const { row, column } = node.startPosition;
    console.log(`${shown}:${row + 1}:${column + 1}: ${message}`);
    errors++;
  }
  tree.delete();
}

console.log(`check-bicep: ${files.length} file(s), ${errors} syntax error(s)`);
process.exit(errors === 0 ? 0 : 1);
