import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { cli } from '../helpers/cli';
import { reEncrypt } from '../helpers/independent-rotate';
import { unseal } from '../helpers/independent-unseal';
import { expectValidManifests } from '../helpers/schema';

const FIX = path.join(__dirname, '..', 'fixtures', 'sealed-secrets');
const files = { 'pub-cert.pem': fs.readFileSync(path.join(FIX, 'test-cert.pem'), 'utf8'), 'old.pem': fs.readFileSync(path.join(FIX, 'expired-cert.pem'), 'utf8') };
const KEY = fs.readFileSync(path.join(FIX, 'test-key.pem'), 'utf8');
const FAKE = 'fake-cli-password-31337';

const secretYaml = `apiVersion: v1
kind: Secret
metadata:
  name: database-credentials
  namespace: payments
  labels: { app: payments }
type: Opaque
data:
  username: ${Buffer.from('admin').toString('base64')}
stringData:
  password: ${FAKE}
`;

describe('kube-secure-secrets seal', () => {
  test('seals a Secret from standard input (strict), kubeseal-compatible, without printing the plaintext', () => {
    const r = cli(['seal', '--cert', 'pub-cert.pem'], { stdin: secretYaml, files });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain(FAKE);
    const sealed = parse(r.stdout);
    expectValidManifests([sealed]);
    // The labels are on the SealedSecret too (issue 10): kubeseal --re-encrypt (v0.36) keeps only what matches.
    expect(sealed.metadata).toEqual({ name: 'database-credentials', namespace: 'payments', labels: { app: 'payments' } });
    expect(sealed.spec.template.metadata).toEqual(sealed.metadata);
    expect(reEncrypt(sealed, KEY).metadataMatched).toBe(true);
    expect(unseal(sealed.spec.encryptedData.password, KEY, 'payments/database-credentials')).toBe(FAKE);
    expect(unseal(sealed.spec.encryptedData.username, KEY, 'payments/database-credentials')).toBe('admin');
  });

  test('--from-literal, --scope, --output json', () => {
    const r = cli(['seal', '--cert', 'pub-cert.pem', '--name', 'api', '--namespace', 'payments', '--scope', 'namespace-wide', '--from-literal', `token=${FAKE}`, '-o', 'json'], { files });
    expect(r.code).toBe(0);
    const sealed = JSON.parse(r.stdout);
    expect(sealed.metadata.annotations).toEqual({ 'sealedsecrets.bitnami.com/namespace-wide': 'true' });
    expect(unseal(sealed.spec.encryptedData.token, KEY, 'payments')).toBe(FAKE);
  });

  test('the scope comes from the input annotations when --scope is not given', () => {
    const input = secretYaml.replace('  labels: { app: payments }', '  annotations: { sealedsecrets.bitnami.com/cluster-wide: "true" }');
    const sealed = parse(cli(['seal', '--cert', 'pub-cert.pem'], { stdin: input, files }).stdout);
    expect(sealed.metadata.annotations).toEqual({ 'sealedsecrets.bitnami.com/cluster-wide': 'true' });
    expect(unseal(sealed.spec.encryptedData.password, KEY, '')).toBe(FAKE);
  });

  test.each<[string, string[], string | undefined, number, string]>([
    ['no certificate', ['seal'], secretYaml, 2, '--cert is required'],
    ['an expired certificate', ['seal', '--cert', 'old.pem'], secretYaml, 1, 'seal: certificate expired on 2020-01-31T00:00:00.000Z'],
    ['a missing certificate file', ['seal', '--cert', 'nope.pem'], secretYaml, 1, 'cannot read nope.pem: ENOENT'],
    ['an unknown flag', ['seal', '--cert', 'pub-cert.pem', '--sope', 'x'], secretYaml, 2, "Unknown option '--sope'"],
    ['a bad scope', ['seal', '--cert', 'pub-cert.pem', '--scope', 'global'], secretYaml, 2, '--scope "global" is not a scope; use strict, namespace-wide or cluster-wide.'],
    ['no input', ['seal', '--cert', 'pub-cert.pem'], undefined, 2, 'no Secret on standard input and no --from-literal'],
    ['not a Secret', ['seal', '--cert', 'pub-cert.pem'], 'kind: ConfigMap\n', 2, 'standard input is not a v1 Secret (kind: "ConfigMap").'],
    ['strict without namespace', ['seal', '--cert', 'pub-cert.pem', '--name', 'x', '--from-literal', 'a=b'], undefined, 1, 'seal: namespace is missing; a strict SealedSecret is bound to its name and namespace'],
    ['an empty value', ['seal', '--cert', 'pub-cert.pem', '--name', 'x', '--namespace', 'n', '--from-literal', 'a='], undefined, 1, 'seal: key "a" has an empty value; a sealed value must not be empty.'],
  ])('refuses %s with a clear message and exit code', (_, argv, stdin, code, message) => {
    const r = cli(argv, { stdin, files });
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toContain(FAKE);
  });

  test('help', () => {
    expect(cli(['seal', '--help']).stdout).toContain('Usage: kube-secure-secrets seal --cert CERT');
    expect(cli(['--help']).stdout).toContain('seal');
    const unknown = cli(['unseal']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "unseal"');
  });
});
