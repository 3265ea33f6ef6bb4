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
    ['a value typed without --from-literal (not echoed)', ['seal', '--cert', 'pub-cert.pem', `password=${FAKE}`], secretYaml, 2,
      'kube-secure-secrets seal: unexpected argument 3 (not echoed: it may be a value); this command takes no positional arguments: give each value after its option (--name VALUE or --name=VALUE).'],
    ['a bad scope', ['seal', '--cert', 'pub-cert.pem', '--scope', 'global'], secretYaml, 2, '--scope "global" is not a scope; use strict, namespace-wide or cluster-wide.'],
    ['no input', ['seal', '--cert', 'pub-cert.pem'], undefined, 2, 'no Secret on standard input and no --from-literal'],
    ['not a Secret', ['seal', '--cert', 'pub-cert.pem'], 'kind: ConfigMap\n', 2, 'standard input is not a v1 Secret (kind: "ConfigMap").'],
    ['strict without namespace', ['seal', '--cert', 'pub-cert.pem', '--name', 'x', '--from-literal', 'a=b'], undefined, 1, 'seal: namespace is missing; a strict SealedSecret is bound to its namespace: give --namespace or metadata.namespace'],
    ['wholly empty data (kubeseal.go:234)', ['seal', '--cert', 'pub-cert.pem'], 'apiVersion: v1\nkind: Secret\nmetadata: {name: x, namespace: n}\ndata: {}\n', 1,
      'seal: data is empty in the input Secret (no key in data or stringData); assuming this is an error, as kubeseal does. Give --allow-empty-data to seal a Secret without data.'],
  ])('refuses %s with a clear message and exit code', (_, argv, stdin, code, message) => {
    const r = cli(argv, { stdin, files });
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toContain(FAKE);
  });

  test.each<[string, string[], string | undefined, string]>([
    ['a refusal of the command itself', ['seal', '--cert', 'pub-cert.pem', '--name', 'x', '--from-literal', 'a=b'], undefined,
      'namespace is missing; a strict SealedSecret is bound to its namespace: give --namespace or metadata.namespace (kubeseal would take the kubeconfig\'s namespace; this tool does not read the kubeconfig).'],
    ['a refusal of the name check', ['seal', '--cert', 'pub-cert.pem', '--name', 'Bad_Name', '--namespace', 'n', '--from-literal', 'a=b'], undefined,
      '--name "Bad_Name" is not a valid Secret name: use a DNS-1123 subdomain (lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit, at most 253 characters).'],
    ['a refusal of the certificate loader', ['seal', '--cert', 'old.pem'], secretYaml,
      'certificate expired on 2020-01-31T00:00:00.000Z; fetch the current one with kubeseal --fetch-cert, or pass --allow-expired-cert if you know this key is still active.'],
    ['a refusal of the input reader', ['seal', '--cert', 'pub-cert.pem'], 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: db\n',
      'standard input is already a SealedSecret; seal the original Secret instead, or re-encrypt this one for the current key with kubeseal --re-encrypt.'],
  ])('%s is one line that names the command once ("seal: ", not "seal: seal: ")', (_, argv, stdin, message) => {
    expect(cli(argv, { stdin, files })).toEqual({ code: 1, stdout: '', stderr: `kube-secure-secrets seal: ${message}\n`, written: {} });
  });

  test('help', () => {
    expect(cli(['seal', '--help']).stdout).toContain('Usage: kube-secure-secrets seal --cert CERT');
    expect(cli(['--help']).stdout).toContain('seal');
    const unknown = cli(['unseal']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "unseal"');
  });

  test.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])('%s is an unknown command, not a property of the command table (exit 2, not 70)', (name) => {
    const shown = name === '__proto__' ? '(not echoed: it does not look like a name and may be a value)' : `"${name}"`;
    const tail = '; the commands are seal, sops, encryption-config, audit-policy, audit.\nRun "kube-secure-secrets --help" for usage.\n';
    expect(cli([name])).toMatchObject({ code: 2, stdout: '', stderr: `kube-secure-secrets: unknown command ${shown}${tail}` });
    expect(cli(['help', name])).toMatchObject({ code: 2, stdout: '' });
  });

  describe('standard input is read by its YAML source, not guessed from the parsed value (issue 11)', () => {
    const input = (stringData: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: payments\nstringData:\n${stringData}`;
    const seal = (stdin: string) => cli(['seal', '--cert', 'pub-cert.pem'], { stdin, files });

    test.each<[string, string, string]>([
      ['an unquoted leading-zero PIN (YAML reads the number 123)', '  pin: 0123\n', 'seal: stringData["pin"] is not a string: written unquoted, YAML reads it as a number'],
      ['true', '  flag: true\n', 'seal: stringData["flag"] is not a string: written unquoted, YAML reads it as a boolean'],
      ['1.0', '  ratio: 1.0\n', 'seal: stringData["ratio"] is not a string: written unquoted, YAML reads it as a number'],
      ['null', '  nothing: null\n', 'seal: stringData["nothing"] is not a string: written unquoted, YAML reads it as null'],
      ['an empty value (null)', '  nothing:\n', 'seal: stringData["nothing"] is not a string: written unquoted, YAML reads it as null'],
      ['yes (a boolean to kubectl\'s YAML 1.1)', '  enabled: yes\n', 'seal: stringData["enabled"] is not a string: written unquoted, kubectl\'s YAML 1.1 reader reads it as a boolean'],
      ['a date (a timestamp to YAML 1.1)', '  since: 2001-12-14\n', 'seal: stringData["since"] is not a string: written unquoted, kubectl\'s YAML 1.1 reader reads it as a timestamp'],
      ['an unquoted numeric key', '  0123: secret-fake\n', 'seal: stringData key "0123" is not a string: written unquoted, YAML reads it as a number'],
      ['a nested map', '  nested: { a: b }\n', 'seal: stringData["nested"] is a map; a Secret value is a string. The value is not echoed.'],
      ['SOPS ciphertext', '  password: ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi=,type:str]\n', 'seal: stringData["password"] is SOPS ciphertext (ENC[...]); decrypt the file with sops --decrypt before sealing it.'],
    ])('refuses %s, exit 1', (_, stringData, message) => {
      const r = seal(input(stringData));
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(message);
      if (message.includes('is not a string')) {
        expect(r.stderr).toContain(' ("...") so that it is sealed exactly as written. The value is not echoed.');
      }
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });

    test('quoted, tagged, block and aliased strings are sealed exactly as written', () => {
      const r = seal(input('  pin: "0123"\n  single: \'yes\'\n  tagged: !!str 0123\n  block: |\n    line1\n    line2\n  anchor: &a "x-1"\n  alias: *a\n'));
      expect(r.stderr).toBe('');
      const sealed = parse(r.stdout);
      const open = (k: string) => unseal(sealed.spec.encryptedData[k], KEY, 'payments/db');
      expect(open('pin')).toBe('0123');
      expect(open('single')).toBe('yes');
      expect(open('tagged')).toBe('0123');
      expect(open('block')).toBe('line1\nline2\n');
      expect(open('alias')).toBe('x-1');
    });

    test.each<[string, string, number, string]>([
      ['SOPS-encrypted input', `${input('  password: ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi=,type:str]\n')}sops:\n  mac: x\n`, 1,
        'seal: standard input is SOPS-encrypted (it has a sops block): sealing it would seal the ENC[...] ciphertext, not the values.'],
      ['a SealedSecret', 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: db\nspec:\n  encryptedData: {}\n', 1,
        'seal: standard input is already a SealedSecret; seal the original Secret instead, or re-encrypt this one for the current key with kubeseal --re-encrypt.'],
      ['a bad value in the second document', `${input('  a: "b"\n')}---\n${input('  c: 0123\n')}`, 1,
        'seal: document 2: stringData["c"] is not a string: written unquoted, YAML reads it as a number'],
      ['stringData as a list', input('  - a\n'), 1, 'seal: stringData must be a map (stringData of the input Secret); received an array.'],
      ['labels as a string', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: payments\n  labels: app\nstringData:\n  a: "b"\n', 1,
        'seal: metadata.labels must be a map (metadata.labels of the input Secret); received a string.'],
      ['a name that is not a string', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: 42\n  namespace: payments\nstringData:\n  a: "b"\n', 1,
        'seal: metadata.name must be a string (Secret name); received number.'],
    ])('refuses %s', (_, stdin, code, message) => {
      const r = seal(stdin);
      expect(r.code).toBe(code);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(message);
    });

    test('a YAML error reports code and position, never the source around it', () => {
      const r = seal(input(`  password: ${FAKE}: oops\n`));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('kube-secure-secrets seal: standard input is not YAML or JSON (BLOCK_AS_IMPLICIT_KEY at line 7, column 13).');
      expect(r.stderr).not.toContain(FAKE);
    });
  });
});
