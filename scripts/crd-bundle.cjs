#!/usr/bin/env node
// Writes the CRDs shipped in assets/schemas as JSON, for `kube-secure-secrets/testing` (src/testing/schema.ts).
//
// The first validation of a process parses the shipped CRD YAML (1.6 MB in 9 documents): about 1 s with
// the `yaml` package on the 2-core bench machine, against about 11 ms for JSON.parse of the same
// documents. A snapshot test suite pays that once per test file (jest gives every file its own module
// registry), so the compile task writes the parsed documents next to the compiled testing entry:
//   node scripts/crd-bundle.cjs assets/schemas lib/testing/crd-bundle.json
// Each YAML file's documents are stored under the SHA-256 of its text; the entry uses them only for a
// file whose text has that hash, and parses the YAML itself otherwise (no bundle, a stale one, or a bad
// one), so the bundle can make validation faster but never different.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { isDeepStrictEqual } = require('util');
const { parseAllDocuments } = require('yaml');

/** The bundle format; src/testing/schema-rules.ts (`bundledYamlParser`) reads this version only. */
const FORMAT = 'kube-secure-secrets/crd-bundle/v1';

/**
 * The bundle of every `<root>/<dir>/*.yaml` but `kubernetes/`: `{ format, documents: { <sha256>: [...] } }`.
 * A file the YAML parser reports an error for stops the build, as the entry's `addCrds` refuses it when it
 * parses the YAML itself; so does a document JSON cannot carry unchanged (NaN, Infinity, -0, undefined).
 */
function bundle(root) {
  const documents = {};
  for (const dir of fs.readdirSync(root).filter(d => d !== 'kubernetes' && fs.statSync(path.join(root, d)).isDirectory()).sort()) {
    for (const file of fs.readdirSync(path.join(root, dir)).filter(f => f.endsWith('.yaml')).sort()) {
      const text = fs.readFileSync(path.join(root, dir, file), 'utf8');
      const docs = parseAllDocuments(text);
      const bad = docs.find(d => d.errors.length > 0);
      if (bad) {
        throw new Error(`crd-bundle: ${dir}/${file} is not valid YAML: ${bad.errors[0].message}`);
      }
      const parsed = docs.map(d => d.toJS());
      if (!isDeepStrictEqual(JSON.parse(JSON.stringify(parsed)), parsed)) {
        throw new Error(`crd-bundle: ${dir}/${file} holds a value JSON does not carry unchanged (NaN, Infinity, -0 or undefined)`);
      }
      documents[crypto.createHash('sha256').update(text).digest('hex')] = parsed;
    }
  }
  return { format: FORMAT, documents };
}

if (require.main === module) {
  const [root, out] = process.argv.slice(2);
  if (!root || !out) {
    process.stderr.write('usage: node scripts/crd-bundle.cjs <assets/schemas> <out.json>\n');
    process.exit(2);
  }
  const result = bundle(root);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result));
  process.stdout.write(`crd-bundle: ${Object.keys(result.documents).length} CRD files of ${root} -> ${out}\n`);
}

module.exports = { bundle, FORMAT };
