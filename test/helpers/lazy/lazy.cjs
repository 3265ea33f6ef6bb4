/**
 * A module that loads on first use (jest only, through `moduleNameMapper` in .projenrc.ts).
 *
 * `@pulumi/pulumi` requires two large packages at import that only its function serialization uses:
 * `typescript` (runtime/closure/parseFunction.js, through typescript-shim.js) and `@npmcli/arborist`
 * (runtime/closure/codePaths.js). The mock engine never serializes a function, yet each Pulumi test file
 * paid about 0.3 s + 0.6 s to evaluate both in its own module registry. Here each name resolves to a proxy
 * that requires the real package (by absolute path, so the mapping does not apply again) the first time a
 * property is read, and then forwards everything to it: code that does use the package sees the package.
 *
 * The proxy says `__esModule: true`, so TypeScript's `__importStar` / `__importDefault` hand it back as is
 * instead of copying every export (which would load the package at import); `default` is the package itself.
 */
'use strict';
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** A proxy for the package `name`, resolved from the project root, loaded when first used. */
function lazy(name) {
  const file = require.resolve(name, { paths: [ROOT] });
  let real;
  const load = () => (real ??= require(file));
  return new Proxy({}, {
    get(_target, key) {
      if (key === '__esModule') {
        return true;
      }
      const mod = load();
      return key === 'default' && !(mod && mod.__esModule) ? mod : mod[key];
    },
    has: (_target, key) => key === '__esModule' || key in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor(_target, key) {
      const found = Reflect.getOwnPropertyDescriptor(load(), key);
      // The target is an empty, extensible object: a proxy may only report configurable properties.
      return found && { ...found, configurable: true };
    },
  });
}

module.exports = { lazy };
