/**
 * `SealedSecret.fromFile` (issue 17) reads what `kube-secure-secrets seal` writes, JSON and YAML, and
 * what kubeseal writes (its JSON carries `creationTimestamp: null`): the synthesized SealedSecret has the
 * file's name, namespace, scope and ciphertext unchanged, and still unseals.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { SealedSecret } from '../../src';
import { testChart, only, synthValid } from '../helpers/cdk8s';
import { cli } from '../helpers/cli';
import { unseal } from '../helpers/independent-unseal';

const FIX = path.join(__dirname, '..', 'fixtures', 'sealed-secrets');
const files = { 'pub-cert.pem': fs.readFileSync(path.join(FIX, 'test-cert.pem'), 'utf8') };
const KEY = fs.readFileSync(path.join(FIX, 'test-key.pem'), 'utf8');
const FAKE = 'fake-from-file-value-1618';
const SECRET = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: payments\n  labels: { app: payments }\ntype: kubernetes.io/basic-auth\nstringData:\n  password: ${FAKE}\n`;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-fromfile-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function sealTo(file: string, argv: string[], stdin = SECRET): string {
  const r = cli(['seal', '--cert', 'pub-cert.pem', ...argv], { stdin, files });
  expect(r.code).toBe(0);
  fs.writeFileSync(path.join(dir, file), r.stdout);
  return path.join(dir, file);
}

describe('SealedSecret.fromFile (cdk8s)', () => {
  test.each([['JSON (the default)', 'db.json', []], ['YAML', 'db.yaml', ['-o', 'yaml']]])('reads the CLI\'s %s output', (_, file, argv) => {
    const written = sealTo(file, argv as string[]);
    const sealed = parse(fs.readFileSync(written, 'utf8'));
    const chart = testChart({ namespace: 'payments' });
    const s = SealedSecret.fromFile(chart, 'db', written);
    const out = only(synthValid(chart), 'SealedSecret');
    expect(out.spec.encryptedData).toEqual(sealed.spec.encryptedData);
    expect(out.metadata).toEqual({ name: 'db', namespace: 'payments', labels: { app: 'payments' } });
    expect(out.spec.template).toEqual({ metadata: out.metadata, type: 'kubernetes.io/basic-auth' });
    expect(unseal(out.spec.encryptedData.password, KEY, 'payments/db')).toBe(FAKE);
    expect([s.secretName, s.secretNamespace, s.scope]).toEqual(['db', 'payments', 'strict']);
  });

  test('keeps the file\'s namespace and scope whatever the chart\'s namespace', () => {
    const written = sealTo('db.json', ['--scope', 'namespace-wide']);
    const chart = testChart({ namespace: 'elsewhere' });
    SealedSecret.fromFile(chart, 'db', written);
    const out = only(synthValid(chart), 'SealedSecret');
    expect(out.metadata.namespace).toBe('payments');
    expect(out.metadata.annotations).toEqual({ 'sealedsecrets.bitnami.com/namespace-wide': 'true' });
    expect(unseal(out.spec.encryptedData.password, KEY, 'payments')).toBe(FAKE);
  });

  test('reads kubeseal\'s own output (creationTimestamp: null, no type)', () => {
    const value = JSON.parse(cli(['seal', '--cert', 'pub-cert.pem'], { stdin: SECRET, files }).stdout).spec.encryptedData.password;
    const kubeseal = {
      kind: 'SealedSecret',
      apiVersion: 'bitnami.com/v1alpha1',
      metadata: { name: 'db', namespace: 'payments', creationTimestamp: null },
      spec: { template: { metadata: { name: 'db', namespace: 'payments', creationTimestamp: null } }, encryptedData: { password: value } },
    };
    fs.writeFileSync(path.join(dir, 'k.json'), `${JSON.stringify(kubeseal, null, 2)}\n`);
    const chart = testChart({ namespace: 'payments' });
    SealedSecret.fromFile(chart, 'db', path.join(dir, 'k.json'));
    const out = only(synthValid(chart), 'SealedSecret');
    expect(out.spec.encryptedData).toEqual({ password: value });
    expect(out.spec.template.type).toBe('Opaque');
  });

  test.each<[string, string, string]>([
    ['a missing file', '', 'SealedSecret: path "MISSING" cannot be read (ENOENT)'],
    ['a plaintext Secret', SECRET, 'is not a SealedSecret (kind: "Secret")'],
    ['two documents', 'kind: SealedSecret\n---\nkind: SealedSecret\n', 'must hold exactly one SealedSecret (2 documents found)'],
    ['plaintext pasted into encryptedData', `apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: db, namespace: payments}\nspec:\n  encryptedData: {password: ${FAKE}}\n`,
      'spec.encryptedData["password"] is not a sealed value'],
  ])('refuses %s', (_, text, message) => {
    const file = path.join(dir, 'f.yaml');
    if (text) {
      fs.writeFileSync(file, text);
    }
    const run = () => SealedSecret.fromFile(testChart(), 'x', text ? file : path.join(dir, 'missing.json'));
    expect(run).toThrow(message.replace('MISSING', path.join(dir, 'missing.json')));
    try {
      run();
    } catch (e) {
      expect(String(e)).not.toContain(FAKE);
    }
  });
});
