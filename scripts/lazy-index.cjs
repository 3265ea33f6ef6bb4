#!/usr/bin/env node
// Makes the compiled entry indexes load their modules on first use (issue 18, root import cost).
//
// tsc compiles each `export { A } from './a'` of an index into
//   var a_1 = require("./a");
//   Object.defineProperty(exports, "A", { enumerable: true, get: function () { return a_1.A; } });
// This script rewrites only the first line of each pair, so that `a_1` is an object whose properties
// require './a' when first read:
//   var a_1 = __kssLazy(function () { return require("./a"); });
// The getters, the export names and their order are tsc's own, untouched: `require('kube-secure-secrets')`
// lists the same names, Node's ESM loader still finds them (cjs-module-lexer reads exactly this getter
// form: nodejs/cjs-module-lexer README, "Object.defineProperty ... get: function () { return q.p; }"),
// and the typings (.d.ts) are unchanged. A program pays for the constructs it uses, not for the
// auditor, the patterns and every provider; a module that fails to load (no cdk8s-plus installed) fails
// where it is used, with its own message.
//
// Run by the compile task after tsc (see .projenrc.ts): node scripts/lazy-index.cjs lib
// It refuses an index whose shape it does not recognise, rather than leave part of it eager.
'use strict';
const fs = require('fs');
const path = require('path');

/** The compiled indexes made lazy, relative to the output directory. */
const INDEXES = ['core/index.js', 'constructs/index.js', 'pulumi/index.js'];

const MARKER = '/* kube-secure-secrets: lazy index (scripts/lazy-index.cjs) */';
// One line, appended to the "use strict" line: every other line keeps its number, so tsc's inline source
// map still points each getter at its line of src/**/index.ts.
const HELPER = `${MARKER} function __kssLazy(load) { var m; return new Proxy({}, { get: function (_t, k) { return (m || (m = load()))[k]; } }); }`;

/** A relative re-export binding, exactly as tsc emits it for `export { ... } from './x'`. */
const BINDING = /^var (\w+) = require\(("\.\.?\/[^"]+")\);$/;
/** `export * from '../core'` (the Pulumi entry): kept, since the core index it reads is lazy itself. */
const STAR_OF_INDEX = /^__exportStar\(require\("\.\.\/core"\), exports\);$/;

/**
 * The lazy form of one compiled index. Throws when a `require(` line is not a re-export binding
 * (a side-effect import, `export *`, a package import): those must stay visible, not be guessed at.
 * @param {string} source the compiled index.js
 * @param {string} file its name, for messages
 * @returns {string}
 */
function toLazyIndex(source, file) {
  if (source.includes(MARKER)) {
    return source;
  }
  const lines = source.split('\n');
  let bindings = 0;
  const out = lines.map((line, i) => {
    const m = BINDING.exec(line);
    if (m) {
      bindings++;
      return `var ${m[1]} = __kssLazy(function () { return require(${m[2]}); });`;
    }
    if (/\brequire\(/.test(line) && !STAR_OF_INDEX.test(line)) {
      throw new Error(`lazy-index: ${file}:${i + 1} is not a re-export binding tsc emits for \`export { ... } from './x'\`: ${line.trim()}`);
    }
    return line;
  });
  if (bindings === 0) {
    throw new Error(`lazy-index: ${file} has no re-export bindings; is it an index compiled by tsc to CommonJS?`);
  }
  const strict = out.indexOf('"use strict";');
  if (strict !== 0) {
    throw new Error(`lazy-index: ${file} does not start with "use strict"; is it compiled by tsc to CommonJS?`);
  }
  out[0] = `${out[0]} ${HELPER}`;
  return out.join('\n');
}

module.exports = { toLazyIndex, INDEXES };

if (require.main === module) {
  const outDir = path.resolve(process.argv[2] || 'lib');
  for (const rel of INDEXES) {
    const file = path.join(outDir, rel);
    const source = fs.readFileSync(file, 'utf8');
    const lazy = toLazyIndex(source, path.relative(process.cwd(), file));
    if (lazy !== source) {
      fs.writeFileSync(file, lazy);
    }
  }
}
