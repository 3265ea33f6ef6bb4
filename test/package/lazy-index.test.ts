/**
 * The compiled entry indexes load their modules on first use (scripts/lazy-index.cjs, issue 18). Each
 * real index (src/core, src/constructs, src/pulumi) is compiled here with the package's own compiler
 * options, exactly as `tsc` writes lib/, then rewritten and evaluated with a recording `require`:
 * - nothing is required when the index is loaded;
 * - the export names are tsc's own, in tsc's order, and each resolves to its module's value;
 * - reading a name requires its module once, and only that module;
 * - anything in an index that is not a re-export binding is refused, not guessed at.
 * The packed tarball is checked the same way in a real install by scripts/pack-smoke.sh.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { toLazyIndex, INDEXES } = require('../../scripts/lazy-index.cjs') as {
  toLazyIndex: (source: string, file: string) => string;
  INDEXES: string[];
};

const root = path.join(__dirname, '..', '..');

/** The index compiled with the options of the package's tsconfig.json (what `tsc --build` emits into lib/). */
function compiled(rel: string): string {
  const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const file = path.join(root, 'src', rel.replace(/\.js$/, '.ts'));
  return ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions: { ...options, sourceMap: false, inlineSourceMap: false }, fileName: file }).outputText;
}

interface Evaluated {
  readonly exports: Record<string, unknown>;
  readonly required: string[];
}

/** Evaluate a CommonJS module with a `require` that records each call and returns a module of markers. */
function evaluate(source: string): Evaluated {
  const required: string[] = [];
  const exports: Record<string, unknown> = {};
  const fakeRequire = (id: string) => {
    required.push(id);
    return new Proxy({}, {
      get: (_t, k) => (typeof k === 'string' ? `${id}#${k}` : undefined),
      ownKeys: () => [],
    });
  };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('exports', 'require', 'module', source)(exports, fakeRequire, { exports });
  return { exports, required };
}

/** The `require("./x")` bindings of tsc's output and the names each one re-exports. */
function bindingsOf(source: string): Map<string, string[]> {
  const vars = new Map<string, string>();
  for (const m of source.matchAll(/^var (\w+) = require\("([^"]+)"\);$/gm)) {
    vars.set(m[1], m[2]);
  }
  const out = new Map<string, string[]>();
  for (const m of source.matchAll(/Object\.defineProperty\(exports, "(\w+)", \{ enumerable: true, get: function \(\) \{ return (\w+)\.(\w+); \} \}\);/g)) {
    const id = vars.get(m[2])!;
    out.set(id, [...(out.get(id) ?? []), m[1]]);
  }
  return out;
}

describe.each(INDEXES)('lib/%s', (rel) => {
  const eager = compiled(rel);
  const lazy = toLazyIndex(eager, rel);
  const bindings = bindingsOf(eager);

  test('tsc emits the shape the rewrite relies on: one binding per module, every export a getter of one', () => {
    expect(bindings.size).toBeGreaterThan(5);
    const relativeRequires = [...eager.matchAll(/require\("(\.[^"]+)"\)/g)].map(m => m[1]).filter(id => id !== '../core');
    expect(new Set(relativeRequires)).toEqual(new Set(bindings.keys()));
  });

  test('loading the index requires nothing (but the lazy core index of an `export *`)', () => {
    const { required } = evaluate(lazy);
    expect(required.filter(id => id !== '../core')).toEqual([]);
  });

  test('the export names are the eager ones, in the same order', () => {
    expect(Object.keys(evaluate(lazy).exports)).toEqual(Object.keys(evaluate(eager).exports));
  });

  test('reading a name requires its own module once, and resolves to that module\'s value', () => {
    for (const [id, names] of bindings) {
      const { exports, required } = evaluate(lazy);
      for (const name of names) {
        expect(exports[name]).toBe(`${id}#${name}`);
      }
      expect(required.filter(r => r !== '../core')).toEqual([id]);
    }
  });

  test('every line keeps its number, so the inline source map still fits', () => {
    const eagerLines = eager.split('\n');
    const lazyLines = lazy.split('\n');
    expect(lazyLines).toHaveLength(eagerLines.length);
    lazyLines.forEach((line, i) => {
      if (line !== eagerLines[i]) {
        expect({ i, line }).toEqual({ i, line: expect.stringMatching(/^("use strict"; \/\* kube-secure-secrets: lazy index|var \w+ = __kssLazy\(function \(\) \{ return require\()/) });
      }
    });
  });

  test('rewriting twice changes nothing', () => {
    expect(toLazyIndex(lazy, rel)).toBe(lazy);
  });
});

describe('refusals', () => {
  const head = '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\n';

  test('a side-effect or package import in an index is refused with the line', () => {
    expect(() => toLazyIndex(`${head}var a_1 = require("./a");\nrequire("./polyfill");\n`, 'lib/core/index.js'))
      .toThrow('lazy-index: lib/core/index.js:4 is not a re-export binding tsc emits for `export { ... } from \'./x\'`: require("./polyfill");');
    expect(() => toLazyIndex(`${head}var a_1 = require("./a");\nvar cdk8s_1 = require("cdk8s");\n`, 'lib/core/index.js'))
      .toThrow('lazy-index: lib/core/index.js:4 is not a re-export binding');
  });

  test('an index without bindings, or not compiled to CommonJS, is refused', () => {
    expect(() => toLazyIndex(head, 'lib/x.js')).toThrow('lazy-index: lib/x.js has no re-export bindings; is it an index compiled by tsc to CommonJS?');
    expect(() => toLazyIndex('var a_1 = require("./a");\n', 'lib/x.js')).toThrow('lazy-index: lib/x.js does not start with "use strict"; is it compiled by tsc to CommonJS?');
  });
});

describe('under jest (test/helpers/jest-transform.cjs)', () => {
  test('the tests load src/core through the same lazy index: a module loads when one of its names is read', () => {
    jest.isolateModules(() => {
      let loads = 0;
      jest.doMock('../../src/core/gitops/sealing', () => {
        loads++;
        return jest.requireActual('../../src/core/gitops/sealing');
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const core = require('../../src/core') as typeof import('../../src/core');
      expect(loads).toBe(0);
      expect(typeof core.sealValue).toBe('function');
      expect(loads).toBe(1);
    });
  });
});
