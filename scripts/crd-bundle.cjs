#!/usr/bin/env node
// Writes the CRDs shipped in assets/schemas as JSON, for `kube-secure-secrets/testing` (src/testing/schema.ts).
//
// The first validation of a process parses the shipped CRD YAML (1.6 MB in 9 documents): about 1 s with
// the `yaml` package on the 2-core bench machine, against about 11 ms for JSON.parse of the same
// documents. A snapshot test suite pays that once per test file (jest gives every file its own module
// registry), so the compile task writes the parsed documents next to the compiled testing entry:
//   node scripts/crd-bundle.cjs assets/schemas lib/testing/crd-bundle.json
// The bundle is built by the compiled `crdBundle` it ships with (<out dir>/schema-rules.js, from
// src/testing/schema-rules.ts, which also reads it): each YAML file's documents under the SHA-256 of its
// text, used only for a file whose text has that hash, so the bundle can make validation faster but never
// different.
'use strict';
const fs = require('fs');
const path = require('path');
const { parseAllDocuments } = require('yaml');

const [root, out] = process.argv.slice(2);
if (!root || !out) {
  process.stderr.write('usage: node scripts/crd-bundle.cjs <assets/schemas> <lib/testing/crd-bundle.json>\n');
  process.exit(2);
}
const { crdBundle } = require(path.resolve(path.dirname(out), 'schema-rules.js'));
let bundle;
try {
  bundle = crdBundle(root, parseAllDocuments);
} catch (e) {
  process.stderr.write(`crd-bundle: ${e.message}\n`);
  process.exit(1);
}
fs.writeFileSync(out, JSON.stringify(bundle));
process.stdout.write(`crd-bundle: ${Object.keys(bundle.documents).length} CRD files of ${root} -> ${out}\n`);
