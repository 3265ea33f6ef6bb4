/**
 * No secret in any message (issue 11), for the GitOps and cluster domains: canary secret values, age
 * identities, PEM private keys and URL passwords are fed through every error path of the public entry
 * points (core builders, cdk8s constructs, Pulumi components, the CLI run in-process), including the
 * parser errors that quote their source; no message, no CLI output may contain a canary.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, JsonPatch } from 'cdk8s';
import { stringify } from 'yaml';
import { ALL_CANARIES, CANARIES } from './harness';
import * as cdk8s from '../../src';
import {
  ageDecrypt, ageEncrypt, ageKeygen, ageRecipientOf, auditPolicy, encryptionConfiguration, fluxKustomizationManifest, fromSopsTree,
  loadSealingCertificate, parseAgeIdentities, secretAccessAlertsManifest, sealedSecretManifest, sopsConfigYaml, sopsDecrypt, sopsEncrypt,
  sopsSecretManifest,
} from '../../src/core';
import * as pl from '../../src/pulumi';
import { testChart } from '../helpers/cdk8s';
import { cli } from '../helpers/cli';
import { setupPulumiMocks } from '../helpers/pulumi';

beforeAll(setupPulumiMocks);

const FIX = path.join(__dirname, '..', 'fixtures', 'sealed-secrets');
const CERT = fs.readFileSync(path.join(FIX, 'test-cert.pem'), 'utf8');
const PEM_KEY = `-----BEGIN RSA PRIVATE KEY-----\n${CANARIES.pemBody}\n-----END RSA PRIVATE KEY-----\n`;
const TRUNCATED_PEM_KEY = `-----BEGIN PRIVATE KEY-----\n${CANARIES.pemBody}`;
const URL = `https://admin:${CANARIES.urlPassword}@example.com/x`;
const BAD_CHECKSUM = `${CANARIES.ageIdentity.slice(0, -1)}Y`;
const { recipient } = ageKeygen();
const other = ageKeygen();
const secretDoc = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: CANARIES.value } };
const encrypted = fromSopsTree(sopsEncrypt(secretDoc, { ageRecipients: [recipient] })) as Record<string, unknown>;
const encryptedYaml = stringify(encrypted);
const as = <T>(value: unknown): T => value as T;

/** Every canary a value slot can carry. */
const VALUES = ALL_CANARIES;

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return String((e as Error)?.message ?? e);
  }
  throw new Error('accepted: an error path was expected');
}

const short = (v: string) => v.slice(0, 14);
/** Canaries that are refused in a slot that takes an age identity (the identity canary itself is a valid key). */
const NOT_IDENTITIES = VALUES.filter(v => v !== CANARIES.ageIdentity);
/** What may be pasted where a public key or a setting belongs: a private key, an identity, a URL with a password. */
const PASTED = [CANARIES.ageIdentity, PEM_KEY, TRUNCATED_PEM_KEY, URL];

const paths: Array<[string, () => unknown]> = [
  // Every canary in every slot where a secret value goes.
  ...VALUES.flatMap((v): Array<[string, () => unknown]> => [
    [`sealedSecretManifest encryptedData ${short(v)}`, () => sealedSecretManifest({ name: 'db', namespace: 'p', encryptedData: { a: v } })],
    [`sealedSecretManifest stringData without certificate ${short(v)}`, () => sealedSecretManifest({ name: 'db', namespace: 'p', stringData: { a: v } })],
    [`sealedSecretManifest certificate ${short(v)}`, () => sealedSecretManifest({ name: 'db', namespace: 'p', certificate: v, stringData: { a: v } })],
    [`sealedSecretManifest duplicate key ${short(v)}`, () => sealedSecretManifest({ name: 'db', namespace: 'p', certificate: CERT, encryptedData: { a: v }, stringData: { a: v } })],
    [`sopsSecretManifest bad rule ${short(v)}`, () => sopsSecretManifest({ name: 'db', ageRecipients: [recipient], stringData: { a: v }, encryptedRegex: '^nothing$' })],
    [`encryptionConfiguration key secret ${short(v)}`, () => encryptionConfiguration({ providers: [{ secretbox: { keys: [{ name: 'k', secret: v }] } }], onWarning: () => undefined })],
    [`cdk8s SopsFile content ${short(v)}`, () => new cdk8s.SopsFile(testChart(), 'f', { content: `a: ${v}\nb: [${v}\n` })],
    [`cdk8s SopsSecret bad rule ${short(v)}`, () => new cdk8s.SopsSecret(testChart(), 's', { ageRecipients: [recipient], stringData: { a: v }, unencryptedSuffix: 'Data' })],
    [`Pulumi SealedSecret certificate ${short(v)}`, () => new pl.SealedSecret(`c-${v.length}-${v.slice(0, 4)}`, { name: 'db', namespace: 'p', certificate: v, stringData: { a: v } })],
  ]),
  // Every canary but the (valid) identity where an identity goes.
  ...NOT_IDENTITIES.flatMap((v): Array<[string, () => unknown]> => [
    [`sopsDecrypt identity ${short(v)}`, () => sopsDecrypt(encrypted, { ageIdentities: [v] })],
    [`ageRecipientOf ${short(v)}`, () => ageRecipientOf(v)],
    [`ageDecrypt identity ${short(v)}`, () => ageDecrypt('x', [v])],
    [`parseAgeIdentities ${short(v)}`, () => parseAgeIdentities(`# key\n${v}\n`)],
  ]),
  // Keys and passwords pasted where a public key or a setting belongs come out redacted.
  ...PASTED.flatMap((v): Array<[string, () => unknown]> => [
    [`sopsEncrypt recipient ${short(v)}`, () => sopsEncrypt(secretDoc, { ageRecipients: [v] })],
    [`sopsSecretManifest recipient ${short(v)}`, () => sopsSecretManifest({ name: 'db', ageRecipients: [v], stringData: { a: CANARIES.value } })],
    [`ageEncrypt recipient ${short(v)}`, () => ageEncrypt(v, Buffer.from(CANARIES.value))],
    [`cdk8s SopsSecret recipient ${short(v)}`, () => new cdk8s.SopsSecret(testChart(), 's', { ageRecipients: [v], stringData: { a: CANARIES.value } })],
    [`sealedSecretManifest name ${short(v)}`, () => sealedSecretManifest({ name: v, namespace: 'p', encryptedData: { a: CANARIES.value } })],
    [`sealedSecretManifest label ${short(v)}`, () => sealedSecretManifest({ name: 'db', namespace: 'p', certificate: CERT, stringData: { a: 'b' }, labels: { x: v } })],
    [`encryptionConfiguration kms endpoint ${short(v)}`, () => encryptionConfiguration({ kms: { name: 'k', endpoint: v } })],
    [`encryptionConfiguration kms name ${short(v)}`, () => encryptionConfiguration({ kms: { name: `${v}:`, endpoint: 'unix:///s.sock' } })],
    [`fluxKustomizationManifest source name ${short(v)}`, () => fluxKustomizationManifest({ name: 'a', sourceRef: { kind: 'GitRepository', name: v } })],
    [`sopsConfigYaml recipient ${short(v)}`, () => sopsConfigYaml([{ ageRecipients: [v] }])],
    [`secretAccessAlertsManifest namespace ${short(v)}`, () => secretAccessAlertsManifest({ namespace: v })],
  ]),
  // Keys in full and in parts, URLs with passwords, parser errors next to a value.
  ['loadSealingCertificate: a PEM private key', () => loadSealingCertificate(PEM_KEY)],
  ['loadSealingCertificate: a truncated PEM private key', () => loadSealingCertificate(TRUNCATED_PEM_KEY)],
  ['parseAgeIdentities: a bad checksum (the bech32 decoder quotes its input)', () => parseAgeIdentities(BAD_CHECKSUM)],
  ['ageRecipientOf: a bad checksum', () => ageRecipientOf(BAD_CHECKSUM)],
  ['ageDecrypt: a bad checksum', () => ageDecrypt(String((encrypted.sops as { age: Array<{ enc: string }> }).age[0].enc), [BAD_CHECKSUM])],
  ['sopsDecrypt: a bad checksum', () => sopsDecrypt(encrypted, { ageIdentities: [BAD_CHECKSUM] })],
  ['sopsDecrypt: the wrong identity', () => sopsDecrypt(encrypted, { ageIdentities: [other.identity] })],
  ['sopsDecrypt: an identity where the recipient belongs', () => sopsDecrypt({ ...encrypted, sops: { ...(encrypted.sops as object), age: [{ recipient: CANARIES.ageIdentity, enc: 'x' }] } }, { ageIdentities: [other.identity] })],
  ['sopsDecrypt: a tampered value', () => sopsDecrypt({ ...encrypted, stringData: { password: String((encrypted.stringData as { password: string }).password).replace('data:', 'data:AA') } }, { ageIdentities: [other.identity, ageKeygen().identity] })],
  ['sopsEncrypt: a rule leaving a value in plaintext', () => sopsEncrypt(secretDoc, { ageRecipients: [recipient], encryptedRegex: '^nothing$' })],
  ['sopsEncrypt: a number with an exponent', () => sopsEncrypt({ data: { pin: 1.5e-12 } }, { ageRecipients: [recipient] })],
  ['sopsConfigYaml: an identity as a recipient', () => sopsConfigYaml([{ ageRecipients: [CANARIES.ageIdentity] }])],
  ['encryptionConfiguration: a URL with a password as endpoint', () => encryptionConfiguration({ kms: { name: 'k', endpoint: URL } })],
  ['fluxKustomizationManifest: a URL with a password as path', () => fluxKustomizationManifest({ name: 'a', path: `/${URL}`, sourceRef: { kind: 'GitRepository', name: 'g' } })],
  ['fluxKustomizationManifest: an identity as decryption Secret name', () => fluxKustomizationManifest({ name: 'a', decryptionSecretName: CANARIES.ageIdentity, sourceRef: { kind: 'GitRepository', name: 'g' } })],
  ['auditPolicy: a URL with a password as a user', () => auditPolicy({ extraRules: [{ level: as<'None'>(URL), users: [URL] }] })],
  ['secretAccessAlertsManifest: a URL as the user pattern', () => secretAccessAlertsManifest({ systemUserPattern: `${URL}(` })],
  ['secretAccessAlertsManifest: a key as a label', () => secretAccessAlertsManifest({ alertLabels: { team: PEM_KEY } })],
  ['cdk8s SopsFile: a YAML error right after a value', () => new cdk8s.SopsFile(testChart(), 'f', { content: `stringData:\n  password: ${CANARIES.value}: oops\n` })],
  ['cdk8s SopsFile: a duplicate key after a value', () => new cdk8s.SopsFile(testChart(), 'f', { content: `password: ${CANARIES.value}\npassword: ${CANARIES.ageIdentity}\n` })],
  ['cdk8s SopsFile: an unresolved alias named like a value', () => new cdk8s.SopsFile(testChart(), 'f', { content: `a: *${CANARIES.value}\n` })],
  ['cdk8s SopsFile: a tampered file is included, the guard is not the place', () => new cdk8s.SopsFile(testChart(), 'f', { content: encryptedYaml.replace('sops:', 'sopz:') })],
  ['cdk8s SealedSecret: a PEM key as certificate', () => new cdk8s.SealedSecret(testChart(), 's', { certificate: PEM_KEY, stringData: { a: CANARIES.value } })],
  ['cdk8s PlaintextSecretGuard.allow: a key as the reason', () => cdk8s.PlaintextSecretGuard.allow(testChart(), CANARIES.ageIdentity.slice(0, 9))],
  ['Pulumi SealedSecret: a PEM key as certificate', () => new pl.SealedSecret('pem', { name: 'db', namespace: 'p', certificate: PEM_KEY, stringData: { a: CANARIES.value } })],
  ['Pulumi SecretAccessAlerts: a URL as the user pattern', () => new pl.SecretAccessAlerts('alerts', { systemUserPattern: `.*${URL}|.*` })],
];

describe('no canary in any GitOps or cluster error message', () => {
  test.each(paths)('%s', (_, run) => {
    const message = messageOf(run);
    for (const canary of ALL_CANARIES) {
      expect(message).not.toContain(canary);
    }
  });

  test('the plaintext guard names keys, never values', () => {
    const chart = testChart();
    cdk8s.PlaintextSecretGuard.of(chart);
    new cdk8s.SealedSecret(chart, 's', { name: 'db', certificate: CERT, stringData: { password: CANARIES.value } })
      .apiObject.addJsonPatch(JsonPatch.add('/spec/template/data', { dsn: `postgres://u:${CANARIES.urlPassword}@db`, key: PEM_KEY }));
    const message = messageOf(() => (chart.node.root as App).synthYaml());
    expect(message).toContain('spec.template.data.dsn, spec.template.data.key');
    for (const canary of ALL_CANARIES) {
      expect(message).not.toContain(canary);
    }
  });
});

describe('no canary in the CLI output', () => {
  const files = { 'pub-cert.pem': CERT, 'key.pem': PEM_KEY };
  const secretYaml = (body: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: p\n${body}`;
  const runs: Array<[string, string[], string | undefined]> = [
    ['a private key as --cert', ['seal', '--cert', 'key.pem', '--name', 'db', '--namespace', 'p', '--from-literal', `a=${CANARIES.value}`], undefined],
    ['--from-literal without "="', ['seal', '--cert', 'pub-cert.pem', '--name', 'db', '--namespace', 'p', '--from-literal', CANARIES.value], undefined],
    ['a bad key with a canary value', ['seal', '--cert', 'pub-cert.pem', '--name', 'db', '--namespace', 'p', '--from-literal', `bad key=${CANARIES.value}`], undefined],
    ['a YAML error after a value', ['seal', '--cert', 'pub-cert.pem'], secretYaml(`stringData:\n  password: ${CANARIES.value}: x\n`)],
    ['an unterminated quote holding a value', ['seal', '--cert', 'pub-cert.pem'], secretYaml(`stringData:\n  password: "${CANARIES.ageIdentity}\n`)],
    ['a duplicate key', ['seal', '--cert', 'pub-cert.pem'], secretYaml(`stringData:\n  password: ${CANARIES.value}\n  password: ${CANARIES.urlPassword}\n`)],
    ['a value that is not base64', ['seal', '--cert', 'pub-cert.pem'], secretYaml(`data:\n  password: ${CANARIES.value}!\n`)],
    ['an unquoted number next to canaries', ['seal', '--cert', 'pub-cert.pem'], secretYaml(`stringData:\n  a: ${CANARIES.value}\n  pin: 0123\n`)],
    ['SOPS input', ['seal', '--cert', 'pub-cert.pem'], encryptedYaml.replace('name: db', 'name: db\n  namespace: p')],
    ['a kind holding a key', ['seal', '--cert', 'pub-cert.pem'], `kind: "${CANARIES.ageIdentity}"\n`],
    ['a name holding a URL', ['seal', '--cert', 'pub-cert.pem', '--name', URL, '--namespace', 'p', '--from-literal', `a=${CANARIES.value}`], undefined],
    ['a literal without "=" next to canaries', ['seal', '--cert', 'pub-cert.pem', '--name', 'db', '--namespace', 'p', '--from-literal', `a=${CANARIES.value}`, '--from-literal', 'b'], undefined],
    // Issue 17: an empty value is sealed now (as kubeseal); a key given twice is still refused.
    ['a key given twice next to canaries', ['seal', '--cert', 'pub-cert.pem', '--name', 'db', '--namespace', 'p', '--from-literal', `a=${CANARIES.value}`, '--from-literal', `a=${CANARIES.value}`], undefined],
    ['a contradicting namespace next to canaries', ['seal', '--cert', 'pub-cert.pem', '--namespace', 'other'], `apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: p}\nstringData: {a: ${CANARIES.value}}\n`],
    ['a value typed as a positional argument', ['seal', '--cert', 'pub-cert.pem', `password=${CANARIES.value}`], undefined],
    ['an identity typed as a positional argument', ['seal', CANARIES.ageIdentity], undefined],
    ['encryption-config: a URL endpoint', ['encryption-config', '--kms-name', 'k', '--kms-endpoint', URL], undefined],
  ];
  test.each(runs)('%s', (_, argv, stdin) => {
    const r = cli(argv, { stdin, files });
    expect(r.code).not.toBe(0);
    for (const canary of ALL_CANARIES) {
      expect(r.stdout).not.toContain(canary);
      expect(r.stderr).not.toContain(canary);
    }
  });
});
