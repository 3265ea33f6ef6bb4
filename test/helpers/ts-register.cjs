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
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');
const { transpile } = require('./transpile.cjs');

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, '.tmp', 'ts-register');
const PROJECT = process.env.TS_NODE_PROJECT ? path.resolve(process.env.TS_NODE_PROJECT) : path.join(ROOT, 'tsconfig.json');

let salt;
/** What every cache key starts with: this hook and its transpiler, the compiler version, the project's tsconfig. */
function keySalt() {
  if (salt === undefined) {
    const tsVersion = JSON.parse(fs.readFileSync(require.resolve('typescript/package.json', { paths: [ROOT] }), 'utf8')).version;
    salt = crypto.createHash('sha256')
      .update(fs.readFileSync(__filename)).update('\0')
      .update(fs.readFileSync(path.join(__dirname, 'transpile.cjs'))).update('\0')
      .update(tsVersion).update('\0')
      .update(PROJECT).update('\0')
      .update(fs.readFileSync(PROJECT)).update('\0')
      .digest('hex');
  }
  return salt;
}

/** Entries of older sources: removed when a process first writes one, once they are a week old. */
const PRUNE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;
let pruned = false;
function pruneOnce() {
  if (pruned) {
    return;
  }
  pruned = true;
  for (const name of fs.readdirSync(CACHE)) {
    try {
      const entry = path.join(CACHE, name);
      if (Date.now() - fs.statSync(entry).mtimeMs > PRUNE_AFTER_MS) {
        fs.rmSync(entry, { force: true });
      }
    } catch {
      // removed by a concurrent process
    }
  }
}

function compiled(file) {
  const text = fs.readFileSync(file, 'utf8');
  const key = crypto.createHash('sha256').update(keySalt()).update(file).update('\0').update(text).digest('hex').slice(0, 32);
  const cached = path.join(CACHE, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // not compiled yet
  }
  const js = transpile(text, file, PROJECT);
  // Written aside and renamed, so a concurrent process never reads half a file.
  fs.mkdirSync(CACHE, { recursive: true });
  pruneOnce();
  const tmp = `${cached}.${process.pid}.${Date.now()}`;
  fs.writeFileSync(tmp, js);
  fs.renameSync(tmp, cached);
  return js;
}

// ts-node's transpiled output carries an inline source map; with this, stack traces name the .ts lines.
process.setSourceMapsEnabled(true);

Module._extensions['.ts'] = function loadTs(module, filename) {
  module._compile(compiled(filename), filename);
};
