/**
 * `node -r ./test/helpers/ts-register.cjs`: what `-r ts-node/register/transpile-only` does for the tests
 * that run TypeScript in a fresh Node.js process (the policy pack's analyzer, the root entry's imports,
 * the deferred-values Pulumi program, the cdk8s validation plugin), with the output kept on disk.
 *
 * Each `.ts` file is transpiled as ts-node's transpile-only mode does (./transpile.cjs: `ts.transpileModule`
 * with the compiler options of the project's tsconfig.json, syntax errors fatal, no type-check),
 * and the JavaScript is written to `.tmp/ts-register/<hash>.js`. The hash covers this file, the
 * TypeScript version, tsconfig.json, the file's path and its text, so an edit recompiles exactly that file.
 * Under ts-node every such process loaded the compiler (~0.7 s) and transpiled every module again
 * (~0.1 s each: ~10 s for `require('./src/policy')` on a loaded 2-core machine); from the cache it loads
 * no compiler at all, so it adds nothing to what the process loads (which the root-import test inspects).
 */
'use strict';
const fs = require('fs');
const Module = require('module');
const path = require('path');
const { contentKey, packageVersion, prune, writeAtomically } = require('./tmp-cache.cjs');
const { transpile } = require('./transpile.cjs');

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, '.tmp', 'ts-register');
const PROJECT = process.env.TS_NODE_PROJECT ? path.resolve(process.env.TS_NODE_PROJECT) : path.join(ROOT, 'tsconfig.json');

let salt;
/** What every cache key starts with: this hook and its transpiler, the compiler version, the project's tsconfig. */
function keySalt() {
  if (salt === undefined) {
    salt = contentKey([
      fs.readFileSync(__filename),
      fs.readFileSync(path.join(__dirname, 'transpile.cjs')),
      packageVersion('typescript', ROOT),
      PROJECT,
      fs.readFileSync(PROJECT),
    ], 64);
  }
  return salt;
}

/**
 * Entries of older sources: removed when a process first writes one, once they are a week old (reading an
 * entry does not touch it, so one still in use is compiled again then).
 */
const PRUNE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;
let pruned = false;

function compiled(file) {
  const text = fs.readFileSync(file, 'utf8');
  const cached = path.join(CACHE, `${contentKey([keySalt(), file, text], 32)}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // not compiled yet
  }
  const js = transpile(text, file, PROJECT);
  if (!pruned) {
    pruned = true;
    prune(CACHE, { olderThanMs: PRUNE_AFTER_MS });
  }
  // Written aside and renamed, so a concurrent process never reads half a file.
  writeAtomically(cached, tmp => fs.writeFileSync(tmp, js));
  return js;
}

// ts-node's transpiled output carries an inline source map; with this, stack traces name the .ts lines.
process.setSourceMapsEnabled(true);

Module._extensions['.ts'] = function loadTs(module, filename) {
  module._compile(compiled(filename), filename);
};
