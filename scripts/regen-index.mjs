#!/usr/bin/env node
// Regenerates the named-export index files of each entry (src/core, src/constructs, src/pulumi) from the
// modules beside them: every exported declaration without an `@internal` TSDoc tag, values and types in
// separate lists, files and names in a stable order. The header comment and any `export * from` line
// above the first generated export are kept. Run it after adding or removing an export:
//   node scripts/regen-index.mjs          (rewrite)
//   node scripts/regen-index.mjs --check  (exit 1 when an index is stale)
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

const ROOT = new URL('..', import.meta.url).pathname;
const ENTRIES = ['src/core', 'src/constructs', 'src/pulumi'];
const check = process.argv.includes('--check');

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function isInternal(node) {
  return ts.getJSDocTags(node).some((t) => t.tagName.text === 'internal');
}

function hasExport(node) {
  return (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export) !== 0;
}

function exportsOf(file) {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const values = new Set();
  const types = new Set();
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) {
      if (!hasExport(st.declarationList.declarations[0]) && !hasExport(st)) continue;
      if (isInternal(st)) continue;
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) values.add(d.name.text);
      continue;
    }
    const named = ts.isClassDeclaration(st) || ts.isFunctionDeclaration(st) || ts.isEnumDeclaration(st)
      || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st);
    if (!named || !st.name || !hasExport(st) || isInternal(st)) continue;
    if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) types.add(st.name.text);
    else values.add(st.name.text);
  }
  const sort = (s) => [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { values: sort(values), types: sort(types) };
}

let stale = false;
for (const entry of ENTRIES) {
  const dir = join(ROOT, entry);
  const indexPath = join(dir, 'index.ts');
  const current = readFileSync(indexPath, 'utf8');
  const firstNamed = current.search(/^export (type )?\{/m);
  const header = firstNamed >= 0 ? current.slice(0, firstNamed) : current.trimEnd() + '\n';
  const blocks = [];
  for (const file of walk(dir)) {
    if (file === indexPath) continue;
    const spec = './' + relative(dir, file).split(sep).join('/').replace(/\.ts$/, '');
    const { values, types } = exportsOf(file);
    if (values.length) blocks.push(`export {\n${values.map((v) => `  ${v},\n`).join('')}} from '${spec}';\n`);
    if (types.length) blocks.push(`export type {\n${types.map((v) => `  ${v},\n`).join('')}} from '${spec}';\n`);
  }
  const next = header + blocks.join('');
  if (next !== current) {
    stale = true;
    if (check) console.error(`${entry}/index.ts is stale: run node scripts/regen-index.mjs`);
    else writeFileSync(indexPath, next);
  }
}
if (check && stale) process.exit(1);
