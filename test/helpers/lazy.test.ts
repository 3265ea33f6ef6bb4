/**
 * The jest-only lazy modules (test/helpers/lazy/lazy.cjs, mapped in .projenrc.ts): a package behind the
 * proxy is not evaluated until it is used, and then behaves as the package does, through the shapes
 * TypeScript's CommonJS output uses (`import * as`, default import, `in`, `Object.keys`).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import * as ts from 'typescript';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lazy } = require('./lazy/lazy.cjs') as { lazy: (name: string) => any };

describe('lazy', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-lazy-'));
  const file = path.join(dir, 'probe.js');
  fs.writeFileSync(file, 'globalThis.kssLazyLoads = (globalThis.kssLazyLoads || 0) + 1; exports.answer = 42; exports.fn = () => "called";');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the package is evaluated on first use, once, and then forwarded', () => {
    const g = globalThis as { kssLazyLoads?: number };
    const mod = lazy(file);
    expect(g.kssLazyLoads).toBeUndefined();
    expect(mod.__esModule).toBe(true);
    expect(g.kssLazyLoads).toBeUndefined();
    expect(mod.answer).toBe(42);
    expect(mod.fn()).toBe('called');
    expect('answer' in mod).toBe(true);
    expect(Object.keys(mod).sort()).toEqual(['answer', 'fn']);
    expect(mod.default.answer).toBe(42);
    expect(g.kssLazyLoads).toBe(1);
  });

  test('typescript and @npmcli/arborist resolve to the proxies, which work as the packages', async () => {
    expect(require.resolve('typescript')).toBe(path.join(__dirname, 'lazy', 'typescript.cjs'));
    expect(require.resolve('@npmcli/arborist')).toBe(path.join(__dirname, 'lazy', 'npmcli-arborist.cjs'));
    expect(ts.version).toMatch(/^5\./);
    expect(ts.transpileModule('const a: number = 1;', {}).outputText).toContain('var a = 1;');
    // @pulumi/pulumi's function serialization parses with `typescript` through its typescript-shim.js.
    const serialized = await pulumi.runtime.serializeFunction(() => 6 * 7);
    expect(serialized.text).toContain('6 * 7');
    // A dependency of @pulumi/pulumi, not of the project: required by name only to reach the mapping.
    // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
    const arborist = require('@npmcli/arborist');
    expect(typeof arborist.Arborist).toBe('function');
  });
});
