/**
 * jest's TypeScript transform: ts-jest (transpile-only, see isolatedModules in test/tsconfig.json), then
 * the entry indexes made lazy exactly as the compile task makes lib/ lazy (scripts/lazy-index.cjs).
 *
 * Tests then load what the package loads: a test file pays for the modules it uses, not for every module
 * re-exported by src/core/index.ts (about 110 of them, 2.5 MB of transformed code, in each of 120 test
 * files), and the lazy indexes the package ships are the ones every test goes through.
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { TsJestTransformer } = require('ts-jest');
const LAZY = require('../../scripts/lazy-index.cjs');

const SRC = path.resolve(__dirname, '..', '..', 'src');
const LAZY_DIGEST = crypto.createHash('sha256').update(fs.readFileSync(require.resolve('../../scripts/lazy-index.cjs'))).update(fs.readFileSync(__filename)).digest('hex');

/** The index's name as scripts/lazy-index.cjs lists it (`core/index.js`), or undefined for any other file. */
function lazyIndexOf(file) {
  const rel = path.relative(SRC, file).split(path.sep).join('/').replace(/\.ts$/, '.js');
  return LAZY.INDEXES.includes(rel) ? rel : undefined;
}

class LazyIndexTransformer extends TsJestTransformer {
  process(sourceText, sourcePath, options) {
    return this.lazy(super.process(sourceText, sourcePath, options), sourcePath);
  }

  async processAsync(sourceText, sourcePath, options) {
    return this.lazy(await super.processAsync(sourceText, sourcePath, options), sourcePath);
  }

  getCacheKey(sourceText, sourcePath, options) {
    return `${super.getCacheKey(sourceText, sourcePath, options)}:${LAZY_DIGEST}`;
  }

  async getCacheKeyAsync(sourceText, sourcePath, options) {
    return `${await super.getCacheKeyAsync(sourceText, sourcePath, options)}:${LAZY_DIGEST}`;
  }

  lazy(result, sourcePath) {
    const rel = lazyIndexOf(sourcePath);
    return rel ? { ...result, code: LAZY.toLazyIndex(result.code, rel) } : result;
  }
}

module.exports = { createTransformer: options => new LazyIndexTransformer(options) };
