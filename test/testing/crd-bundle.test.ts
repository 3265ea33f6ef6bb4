/**
 * The CRD bundle of `kube-secure-secrets/testing` (src/testing/schema-rules.ts: `crdBundle` makes it, which
 * scripts/crd-bundle.cjs writes at compile, and `bundledYamlParser` reads it): it holds exactly what the YAML parser makes of
 * every shipped CRD file (compared with yaml's own parse), and a file it does not hold, a stale bundle or a
 * bad one goes to the YAML parser (a counting stand-in here), so the bundle changes how fast validation
 * starts, never what it accepts. The tarball's copy is
 * checked by scripts/pack-smoke.sh (present, and the YAML parser not loaded).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type Ajv from 'ajv';
import { parseAllDocuments } from 'yaml';
import { CRD_BUNDLE_FORMAT, YamlDocumentsParser, addCrds, bundledYamlParser, crdBundle, crdFiles } from '../../src/testing/schema-rules';

const SCHEMAS = path.join(__dirname, '..', '..', 'assets', 'schemas');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** Every shipped CRD file, as the entry reads them (every directory but kubernetes/). */
const files = crdFiles(SCHEMAS);
const shipped = crdBundle(SCHEMAS, parseAllDocuments);
const bundle = (root: string) => crdBundle(root, parseAllDocuments);

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-crd-bundle-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A bundle file with these contents (a string is written as is). */
function bundleFile(name: string, contents: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof contents === 'string' ? contents : JSON.stringify(contents));
  return file;
}

/** What the stand-in YAML parser makes of a text: a marker, so a test sees which path read it. */
const fromYaml = (source: string) => [{ parsedBy: 'yaml', sha256: sha256(source) }];

/** A stand-in for the YAML parser that counts its calls and marks what it returns. */
function countingYaml(): { factory: () => YamlDocumentsParser; calls: () => number } {
  let calls = 0;
  return {
    factory: () => source => {
      calls++;
      return fromYaml(source).map(doc => ({ toJS: () => doc }));
    },
    calls: () => calls,
  };
}

const toJS = (docs: Iterable<{ toJS(): unknown }>) => [...docs].map(d => d.toJS());

describe('the CRD bundle', () => {
  test('holds every shipped CRD file, by the SHA-256 of its text, as the YAML parser reads it', () => {
    expect(files.map(f => f.label)).toEqual(expect.arrayContaining(['external-secrets/external-secrets.io_externalsecrets.yaml']));
    expect(files.length).toBeGreaterThanOrEqual(9);
    expect(files.every(f => !f.label.startsWith('kubernetes/'))).toBe(true);
    expect(shipped.format).toBe('kube-secure-secrets/crd-bundle/v1');
    expect(CRD_BUNDLE_FORMAT).toBe(shipped.format);
    expect(Object.keys(shipped.documents).sort()).toEqual(files.map(f => sha256(f.text)).sort());
    for (const { label, text } of files) {
      expect([label, shipped.documents[sha256(text)]]).toEqual([label, toJS(parseAllDocuments(text))]);
    }
    // What JSON carries: the shipped file reads back as the bundle.
    expect(JSON.parse(JSON.stringify(shipped))).toEqual(shipped);
    // The bundle is what the shipped files are about: CRDs with their schemas.
    const kinds = Object.values(shipped.documents).flat().map(d => (d as { kind: string }).kind);
    expect(new Set(kinds)).toEqual(new Set(['CustomResourceDefinition']));
  });

  test('a file the bundle holds is not parsed as YAML; one it does not hold is', () => {
    const yaml = countingYaml();
    const parse = bundledYamlParser(bundleFile('current.json', shipped), yaml.factory);
    for (const { text } of files) {
      expect(toJS(parse(text))).toEqual(shipped.documents[sha256(text)]);
    }
    expect(yaml.calls()).toBe(0);
    const edited = `${files[0].text}\n# edited after the bundle was written\n`;
    expect(toJS(parse(edited))).toEqual(fromYaml(edited));
    expect(yaml.calls()).toBe(1);
  });

  test.each([
    ['no bundle file', undefined, undefined],
    ['a bundle that is not JSON', '{"format": "kube-secure-secrets/crd-bundle/v1", "documents": {', 'could not be read (not JSON)'],
    // The shipped documents, but under another format or in another shape: not used either.
    ['another bundle format', { format: 'kube-secure-secrets/crd-bundle/v2', documents: shipped.documents }, 'is not a kube-secure-secrets/crd-bundle/v1 bundle'],
    ['documents that are not a map', { format: CRD_BUNDLE_FORMAT, documents: Object.values(shipped.documents) }, 'is not a kube-secure-secrets/crd-bundle/v1 bundle'],
  ])('%s: the YAML parser reads every file', (name, contents, why) => {
    const file = contents === undefined ? path.join(dir, 'absent.json') : bundleFile(`${name.replace(/\W+/g, '-')}.json`, contents);
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const yaml = countingYaml();
      const parse = bundledYamlParser(file, yaml.factory);
      for (const { text } of files) {
        expect(toJS(parse(text))).toEqual(fromYaml(text));
      }
      expect(yaml.calls()).toBe(files.length);
      // No bundle is the normal case of the uncompiled sources: silent. A bad one is said, once.
      expect(warn.mock.calls).toEqual(why === undefined ? [] : [[
        `kube-secure-secrets/testing: ${file} ${why}; the shipped CRDs are parsed from their YAML instead (slower, same result). Reinstall or rebuild the package.`,
        { code: 'KSS_CRD_BUNDLE' },
      ]]);
    } finally {
      warn.mockRestore();
    }
  });

  test('an entry that is not a list of documents is not used', () => {
    const { text } = files[0];
    const yaml = countingYaml();
    const parse = bundledYamlParser(bundleFile('bad-entry.json', { format: CRD_BUNDLE_FORMAT, documents: { [sha256(text)]: { kind: 'Nope' } } }), yaml.factory);
    expect(toJS(parse(text))).toEqual(fromYaml(text));
    expect(yaml.calls()).toBe(1);
  });

  test('a CRD file that is not valid YAML is refused by the build and by the entry, naming it', () => {
    // yaml's toJS() would return what it could read of it ({ kind, spec: [] }): neither path uses that.
    const root = path.join(dir, 'broken-yaml');
    fs.mkdirSync(path.join(root, 'broken'), { recursive: true });
    fs.writeFileSync(path.join(root, 'broken', 'crd.yaml'), 'kind: CustomResourceDefinition\nspec: [unclosed\n');
    expect(() => bundle(root)).toThrow(/^broken\/crd\.yaml is not valid YAML: /);
    expect(() => addCrds({} as Ajv, root, 'https://base.invalid', 'https://base.invalid/meta', parseAllDocuments))
      .toThrow(/^broken\/crd\.yaml is not valid YAML: /);
  });

  test('the build refuses a value JSON would not carry unchanged', () => {
    const root = path.join(dir, 'not-json');
    fs.mkdirSync(path.join(root, 'odd'), { recursive: true });
    fs.writeFileSync(path.join(root, 'odd', 'crd.yaml'), 'kind: CustomResourceDefinition\nspec:\n  limit: .nan\n');
    expect(() => bundle(root)).toThrow('odd/crd.yaml holds a value JSON does not carry unchanged (NaN, Infinity, -0 or undefined)');
  });
});
