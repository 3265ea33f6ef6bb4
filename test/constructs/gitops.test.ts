import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, ApiObjectProps, App, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  FluxKustomization, PlaintextSecretGuard, SealedSecret, SealingScope, SecretReader, SopsFile, SopsSecret, ageKeygen, mountSecret,
} from '../../src';
import { only, synthValid, testChart } from '../helpers/cdk8s';
import { reEncrypt } from '../helpers/independent-rotate';
import { independentSopsDecrypt } from '../helpers/independent-sops';
import { unseal } from '../helpers/independent-unseal';
import { expectValidManifests } from '../helpers/schema';

const FIX = path.join(__dirname, '..', 'fixtures');
const CERT = fs.readFileSync(path.join(FIX, 'sealed-secrets', 'test-cert.pem'), 'utf8');
const KEY = fs.readFileSync(path.join(FIX, 'sealed-secrets', 'test-key.pem'), 'utf8');
const FAKE_PASSWORD = 'fake-db-password-4711';
const FAKE_TOKEN = 'fake-api-token-0815';
const { identity, recipient } = ageKeygen();

function synthToDir(app: App): string {
  app.synth();
  return fs.readdirSync(app.outdir).filter(f => f.endsWith('.yaml')).map(f => fs.readFileSync(path.join(app.outdir, f), 'utf8')).join('\n---\n');
}

describe('SealedSecret (cdk8s)', () => {
  test('the issue usage: strict scope, sealed at synth, decryptable only as payments/database-credentials', () => {
    const chart = testChart();
    const db = new SealedSecret(chart, 'db', {
      name: 'database-credentials', certificate: CERT, stringData: { username: 'admin', password: FAKE_PASSWORD }, scope: SealingScope.STRICT,
    });
    const sealed = only(synthValid(chart), 'SealedSecret');
    expect(sealed.apiVersion).toBe('bitnami.com/v1alpha1');
    expect(sealed.metadata).toEqual({ name: 'database-credentials', namespace: 'payments' });
    expect(unseal(sealed.spec.encryptedData.password, KEY, 'payments/database-credentials')).toBe(FAKE_PASSWORD);
    expect(() => unseal(sealed.spec.encryptedData.password, KEY, 'payments/other')).toThrow();
    expect(db.secretName).toBe('database-credentials');
    expect(db.keys).toEqual(['password', 'username']);
    expect(JSON.stringify(sealed)).not.toContain(FAKE_PASSWORD);
  });

  test('labelled and annotated (chart labels too): metadata equals the template, so kubeseal --re-encrypt (v0.36) keeps them', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'payments', { namespace: 'payments', labels: { team: 'payments' } });
    new SealedSecret(chart, 'db', {
      name: 'database-credentials',
      certificate: CERT,
      stringData: { password: FAKE_PASSWORD },
      labels: { app: 'api' },
      annotations: { 'reloader.stakater.com/match': 'true' },
      scope: SealingScope.NAMESPACE_WIDE,
    });
    const sealed = only(synthValid(chart), 'SealedSecret');
    const meta = {
      name: 'database-credentials',
      namespace: 'payments',
      labels: { app: 'api', team: 'payments' },
      annotations: { 'reloader.stakater.com/match': 'true', 'sealedsecrets.bitnami.com/namespace-wide': 'true' },
    };
    expect(sealed.metadata).toEqual(meta);
    expect(sealed.spec.template.metadata).toEqual(meta);
    const outcome = reEncrypt(sealed, KEY);
    expect(outcome.metadataMatched).toBe(true);
    expect(outcome.secretMetadata).toEqual(meta);
    expect(outcome.data).toEqual({ password: FAKE_PASSWORD });
  });

  test('its Secret plugs into SecretReader and mountSecret', () => {
    const chart = testChart();
    const db = new SealedSecret(chart, 'db', { name: 'database-credentials', certificate: CERT, stringData: { password: FAKE_PASSWORD } });
    new SecretReader(chart, 'r', { serviceAccount: 'api', secrets: [db] });
    const d = new kplus.Deployment(chart, 'd', { securityContext: { fsGroup: 2000 }, containers: [{ image: 'x:1' }] });
    mountSecret(d, db, { path: '/db' });
    const all = synthValid(chart);
    expect(only(all, 'Role').rules[0].resourceNames).toEqual(['database-credentials']);
    expect(only(all, 'Deployment').metadata.annotations['secret.reloader.stakater.com/reload']).toBe('database-credentials');
  });
});

describe('SopsSecret (cdk8s)', () => {
  test('the synthesized file decrypts with the age identity and its MAC verifies (independent decryptor)', () => {
    const app = Testing.app({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'sops-')) });
    const chart = new Chart(app, 'payments', { namespace: 'payments', labels: { team: 'payments' } });
    new SopsSecret(chart, 'api', { name: 'api-keys', ageRecipients: [recipient], stringData: { token: FAKE_TOKEN, zeta: 'z-fake', alpha: 'a-fake' } });
    const yaml = synthToDir(app);
    expect(yaml).not.toContain(FAKE_TOKEN);
    const result = independentSopsDecrypt(yaml, identity);
    expect(result.macVerified).toBe(true);
    expect(result.document).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { labels: { team: 'payments' }, name: 'api-keys', namespace: 'payments' },
      stringData: { alpha: 'a-fake', token: FAKE_TOKEN, zeta: 'z-fake' },
      type: 'Opaque',
    });
    // Only the values under stringData are ciphertext; the rest stays readable.
    expect(result.encryptedPaths).toEqual(['stringData.alpha', 'stringData.token', 'stringData.zeta']);
    expect(yaml).toContain('name: api-keys');
    expect(yaml).toContain('type: Opaque');
  });

  test('the synthesized object validates as a Secret (minus sops) and encrypts once per synth', () => {
    const chart = testChart();
    const s = new SopsSecret(chart, 'api', { name: 'api-keys', ageRecipients: [recipient], stringData: { token: FAKE_TOKEN }, type: 'Opaque', immutable: true });
    const [first] = synthValid(chart);
    expect(first.sops.encrypted_regex).toBe('^(data|stringData)$');
    expect(first.immutable).toBe(true);
    expect(s.apiObject.toJson()).toEqual(s.apiObject.toJson());
  });

  test('an already SOPS-encrypted file is included unchanged and still verifies', () => {
    const app = Testing.app({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'sops-')) });
    const chart = new Chart(app, 'flux', { namespace: 'payments' });
    const file = path.join(FIX, 'sops', 'encrypted', 'k8s-secret-v3.10.2.sops.yaml');
    const included = new SopsFile(chart, 'global', { path: file });
    expect(included.secretName).toBe('global-age-secret');
    const yaml = synthToDir(app);
    const fluxKey = fs.readFileSync(path.join(FIX, 'sops', 'keys', 'flux-kustomize-controller-age-global.txt'), 'utf8').split('\n').find(l => l.startsWith('AGE-'))!;
    const result = independentSopsDecrypt(yaml, fluxKey);
    expect(result.macVerified).toBe(true);
    expect(result.document.stringData).toEqual({ key: 'global-value' });
    expect(yaml.indexOf('apiVersion')).toBeLessThan(yaml.indexOf('kind'));
  });

  test.each<[string, (chart: Chart) => unknown, string]>([
    ['no recipients', c => new SopsSecret(c, 's', { ageRecipients: [], stringData: { a: 'b' } }),
      'SopsSecret: ageRecipients is empty; give at least one age recipient (age1...): the cluster\'s Flux key, and a break-glass key kept offline.'],
    ['an empty value', c => new SopsSecret(c, 's', { ageRecipients: [recipient], stringData: { a: '' } }),
      'SopsSecret: stringData["a"] is empty; a secret value must not be empty: check that the environment variable or file it comes from is set.'],
    ['a bad rule', c => new SopsSecret(c, 's', { ageRecipients: [recipient], stringData: { a: 'b' }, encryptedRegex: '(' }),
      'SopsSecret: encryptedRegex "(" is not a Go (RE2) regular expression, as sops compiles it (missing closing ): `(`); Go\'s regexp (RE2) has no lookahead, lookbehind or back-references.'],
    ['a lookahead (JavaScript has it, Go does not)', c => new SopsSecret(c, 's', { ageRecipients: [recipient], stringData: { a: 'b' }, encryptedRegex: '^(?!metadata)' }),
      'SopsSecret: encryptedRegex "^(?!metadata)" is not a Go (RE2) regular expression, as sops compiles it (invalid or unsupported Perl syntax: `(?!`); Go\'s regexp (RE2) has no lookahead, lookbehind or back-references.'],
    ['a rule that leaves stringData unencrypted (unencryptedSuffix "Data")', c => new SopsSecret(c, 's', { ageRecipients: [recipient], stringData: { password: 'x' }, unencryptedSuffix: 'Data' }),
      'SopsSecret: unencryptedSuffix "Data" would leave stringData["password"] unencrypted: sops applies the rule to each key of the path ("stringData", "password") and would write this value in plaintext. Keep the default (encryptedRegex "^(data|stringData)$") or give a rule that encrypts every value under data and stringData.'],
    ['a rule that matches no key (encryptedRegex "^nothing$")', c => new SopsSecret(c, 's', { ageRecipients: [recipient], stringData: { password: 'x' }, encryptedRegex: '^nothing$' }),
      'SopsSecret: encryptedRegex "^nothing$" would leave stringData["password"] unencrypted: sops applies the rule to each key of the path ("stringData", "password") and would write this value in plaintext.'],
    ['a rule that misses one key only', c => new SopsSecret(c, 's', { ageRecipients: [recipient], stringData: { password: 'x', token: 'y' }, encryptedRegex: '^password$' }),
      'SopsSecret: encryptedRegex "^password$" would leave stringData["token"] unencrypted'],
    ['a number as a value', c => new SopsSecret(c, 's', { ageRecipients: [recipient], stringData: { pin: 1234 as unknown as string } }),
      'SopsSecret: stringData["pin"] must be a string; received a number (the value is not echoed). Quote numbers and booleans, or convert them to strings.'],
    ['recipients as a string', c => new SopsSecret(c, 's', { ageRecipients: recipient as unknown as string[], stringData: { a: 'b' } }),
      `SopsSecret: ageRecipients must be a list of an age recipient (age1...); received a string "${recipient}" (wrap a single value in [ ]).`],
    ['a missing file', c => new SopsFile(c, 'f', { path: '/nonexistent/secret.sops.yaml' }),
      'SopsFile: path "/nonexistent/secret.sops.yaml" cannot be read (ENOENT); give the path of a SOPS-encrypted file.'],
    ['a YAML error, without the parser\'s source excerpt', c => new SopsFile(c, 'f', { content: 'stringData:\n  password: hunter2-fake: oops\n' }),
      'SopsFile: content must hold exactly one YAML document (1 found, BLOCK_AS_IMPLICIT_KEY at line 2, column 13).'],
    ['a plaintext file', c => new SopsFile(c, 'f', { content: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  a: b\n' }),
      'SopsFile: content is not SOPS-encrypted (no sops metadata with a MAC); encrypt it with sops --encrypt, or use SopsSecret.'],
  ])('refuses %s', (_, build, message) => {
    expect(() => build(testChart())).toThrow(message);
    try {
      build(testChart());
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
  });

  test('the rule is evaluated with Go (RE2) semantics, as sops does: a POSIX class JavaScript misreads encrypts stringData', () => {
    const app = Testing.app({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'sops-')) });
    const chart = new Chart(app, 'payments', { namespace: 'payments' });
    // In Go, [[:alpha:]] is the class of letters; in a JavaScript RegExp it is "[:alph" then "]".
    new SopsSecret(chart, 'api', { name: 'api-keys', ageRecipients: [recipient], stringData: { token: FAKE_TOKEN }, encryptedRegex: '^[[:alpha:]]+Data$' });
    const yaml = synthToDir(app);
    expect(yaml).not.toContain(FAKE_TOKEN);
    const result = independentSopsDecrypt(yaml, identity);
    expect(result.macVerified).toBe(true);
    expect(result.encryptedPaths).toEqual(['stringData.token']);
  });
});

describe('PlaintextSecretGuard', () => {
  test('synth fails naming each plaintext Secret, with the fix', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'payments', { namespace: 'payments' });
    PlaintextSecretGuard.of(app);
    new kplus.Secret(chart, 'db', { metadata: { name: 'db-password' }, stringData: { password: FAKE_PASSWORD } });
    new kplus.Secret(chart, 'empty', { metadata: { name: 'filled-later' } });
    expect(() => app.synthYaml()).toThrow('Validation failed with the following errors:\n  [] PlaintextSecretGuard: Secret "payments/db-password" (payments/db/Resource) would be written with plaintext values (stringData.password); commit only encrypted secrets: use SealedSecret, SopsSecret or ExternalSecret, or mark a deliberate exception with PlaintextSecretGuard.allow(construct, reason).');
    try {
      app.synthYaml();
    } catch (e) {
      expect((e as Error).message).not.toContain(FAKE_PASSWORD);
    }
  });

  test('also a Secret inside a List item, a misspelt Secret, and a SealedSecret whose template holds a literal', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'payments', { namespace: 'payments' });
    PlaintextSecretGuard.of(app);
    new ApiObject(chart, 'list', {
      apiVersion: 'v1',
      kind: 'List',
      metadata: { name: 'bundle' },
      items: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'in-list', namespace: 'payments' }, stringData: { password: FAKE_PASSWORD } }],
    } as ApiObjectProps);
    new ApiObject(chart, 'typo', { apiVersion: 'v1', kind: 'secret', metadata: { name: 'typo' }, stringData: { password: FAKE_PASSWORD } } as ApiObjectProps);
    const sealed = new SealedSecret(chart, 'db', { name: 'db', certificate: CERT, stringData: { password: FAKE_PASSWORD } });
    sealed.apiObject.addJsonPatch(JsonPatch.add('/spec/template/data', { dsn: `postgres://admin:${FAKE_PASSWORD}@db`, url: 'postgres://admin:{{ .password }}@db' }));
    let message = '';
    try {
      app.synthYaml();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('PlaintextSecretGuard: Secret "payments/in-list" (payments/list items[0]) would be written with plaintext values (stringData.password); commit only encrypted secrets');
    expect(message).toContain('PlaintextSecretGuard: Secret "payments/typo" (payments/typo) would be written with plaintext values (stringData.password)');
    expect(message).toContain('PlaintextSecretGuard: SealedSecret "payments/db" (payments/db/Resource) would be written with plaintext values (spec.template.data.dsn); the controller writes spec.template.data into the Secret as it is');
    expect(message).not.toContain('spec.template.data.url');
    expect(message).not.toContain(FAKE_PASSWORD);
  });

  test('a documented allowance lets one object through', () => {
    const chart = testChart();
    PlaintextSecretGuard.of(chart);
    const s = new kplus.Secret(chart, 'fixture', { metadata: { name: 'not-secret' }, stringData: { greeting: 'hello' } });
    PlaintextSecretGuard.allow(s, 'a public greeting used by the smoke test, not a secret');
    expect(only(synthValid(chart), 'Secret').stringData).toEqual({ greeting: 'hello' });
    expect(PlaintextSecretGuard.allowance(s.node.defaultChild!)).toBe('a public greeting used by the smoke test, not a secret');
    expect(() => PlaintextSecretGuard.allow(s, 'ok')).toThrow('PlaintextSecretGuard: reason "ok" is too short; say why a plaintext Secret is acceptable here (it is kept with the construct for review).');
  });

  test('with the guard, no plaintext value given to any construct appears anywhere in the output', () => {
    const app = Testing.app({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'guard-')) });
    const chart = new Chart(app, 'payments', { namespace: 'payments' });
    PlaintextSecretGuard.of(app);
    new SealedSecret(chart, 'db', { name: 'db', certificate: CERT, stringData: { password: FAKE_PASSWORD } });
    new SopsSecret(chart, 'api', { name: 'api', ageRecipients: [recipient], stringData: { token: FAKE_TOKEN } });
    new FluxKustomization(chart, 'flux', { name: 'payments', sourceRef: { kind: 'GitRepository', name: 'platform' }, path: './clusters/prod/payments' });
    const yaml = synthToDir(app);
    expect(yaml).not.toContain(FAKE_PASSWORD);
    expect(yaml).not.toContain(FAKE_TOKEN);
    expect(yaml).not.toContain(Buffer.from(FAKE_PASSWORD).toString('base64'));
  });
});

describe('FluxKustomization', () => {
  test('SOPS decryption, path, interval, prune, sourceRef; in flux-system', () => {
    const chart = testChart();
    new FluxKustomization(chart, 'apps', {
      name: 'payments', path: './clusters/prod/payments', sourceRef: { kind: 'GitRepository', name: 'platform' }, serviceAccountName: 'payments-deployer',
    });
    const k = only(synthValid(chart), 'Kustomization');
    expect(k.apiVersion).toBe('kustomize.toolkit.fluxcd.io/v1');
    expect(k.metadata).toEqual({ name: 'payments', namespace: 'flux-system' });
    expect(k.spec).toEqual({
      interval: '10m',
      path: './clusters/prod/payments',
      prune: true,
      sourceRef: { kind: 'GitRepository', name: 'platform' },
      decryption: { provider: 'sops', secretRef: { name: 'sops-age' } },
      serviceAccountName: 'payments-deployer',
    });
  });

  test('refuses a path outside the source and a bad interval', () => {
    expect(() => new FluxKustomization(testChart(), 'k', { name: 'k', path: '../other', sourceRef: { kind: 'GitRepository', name: 'g' } }))
      .toThrow('FluxKustomization: path "../other" must be a path inside the source, e.g. "./clusters/prod".');
    expect(() => new FluxKustomization(testChart(), 'k', { name: 'k', interval: '10 minutes', sourceRef: { kind: 'GitRepository', name: 'g' } }))
      .toThrow('FluxKustomization: interval "10 minutes" is not a Go duration; use e.g. "1h", "15m", "1h30m" or "0s" (read once).');
    expectValidManifests([{ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'x' }, spec: { interval: '1m', prune: true, sourceRef: { kind: 'GitRepository', name: 'g' } } }]);
  });
});
