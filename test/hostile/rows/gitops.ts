/**
 * Hostile input for the GitOps (SealedSecret, SOPS, age, Flux, the plaintext guard) and cluster (audit
 * policy, encryption configuration, secret-access alerts) domains: core builders, cdk8s constructs and
 * Pulumi components. Secret values are canaries; a key pasted where a name belongs must come out redacted.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import * as cdk8s from '../../../src';
import {
  AuditRule, EncryptionProvider, ageRecipientOf, auditPolicy, encryptionConfiguration, fluxKustomizationManifest, loadSealingCertificate,
  parseAgeIdentities, secretAccessAlertsManifest, sealValue, sealedSecretManifest, sopsConfigYaml, sopsDecrypt, sopsEncrypt, sopsSecretManifest,
} from '../../../src/core';
import * as pl from '../../../src/pulumi';
import { testChart } from '../../helpers/cdk8s';
import { setupPulumiMocks } from '../../helpers/pulumi';
import { CANARIES, HostileRow } from '../harness';

setupPulumiMocks();

const FIX = path.join(__dirname, '..', '..', 'fixtures', 'sealed-secrets');
const CERT = fs.readFileSync(path.join(FIX, 'test-cert.pem'), 'utf8');
const EXPIRED = fs.readFileSync(path.join(FIX, 'expired-cert.pem'), 'utf8');
const PEM_KEY = `-----BEGIN PRIVATE KEY-----\n${CANARIES.pemBody}\n-----END PRIVATE KEY-----\n`;
const RECIPIENT = 'age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29';
/** The canary identity with its last character changed: the right shape, a wrong checksum. */
const BAD_CHECKSUM_IDENTITY = `${CANARIES.ageIdentity.slice(0, -1)}Y`;
const SECRET = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: CANARIES.value } };
const sealed = () => sealValue(loadSealingCertificate(CERT), Buffer.from('payments/db'), Buffer.from(CANARIES.value));
const base = { name: 'db', namespace: 'payments' };
const as = <T>(value: unknown): T => value as T;

export const rows: HostileRow[] = [
  // --- SealedSecret (core) ---
  {
    name: 'sealedSecretManifest: allowExpiredCertificate "false" (a string)',
    run: () => sealedSecretManifest({ ...base, certificate: EXPIRED, stringData: { a: CANARIES.value }, allowExpiredCertificate: as<boolean>('false') }),
    component: 'SealedSecret',
    prop: 'allowExpiredCertificate',
    shows: 'a string "false"',
  },
  {
    name: 'sealedSecretManifest: an empty stringData value',
    run: () => sealedSecretManifest({ ...base, certificate: CERT, stringData: { password: '' } }),
    component: 'SealedSecret',
    prop: 'stringData["password"]',
    shows: 'is empty',
  },
  {
    name: 'sealedSecretManifest: plaintext pasted into encryptedData',
    run: () => sealedSecretManifest({ ...base, encryptedData: { password: CANARIES.value } }),
    component: 'SealedSecret',
    prop: 'encryptedData["password"]',
    shows: 'The value is not echoed',
  },
  {
    name: 'sealedSecretManifest: stringData as a string',
    run: () => sealedSecretManifest({ ...base, certificate: CERT, stringData: as<Record<string, string>>(CANARIES.value) }),
    component: 'SealedSecret',
    prop: 'stringData',
    shows: 'received a string',
  },
  {
    name: 'sealedSecretManifest: immutable "yes"',
    run: () => sealedSecretManifest({ ...base, encryptedData: { a: sealed() }, immutable: as<boolean>('yes') }),
    component: 'SealedSecret',
    prop: 'immutable',
    shows: '"yes"',
  },
  {
    name: 'sealedSecretManifest: a number as a stringData value',
    run: () => sealedSecretManifest({ ...base, certificate: CERT, stringData: { pin: as<string>(1234) } }),
    component: 'SealedSecret',
    prop: 'stringData["pin"]',
    shows: 'received a number (the value is not echoed)',
  },
  {
    name: 'loadSealingCertificate: a PEM private key passed as the certificate',
    run: () => loadSealingCertificate(PEM_KEY),
    component: 'SealedSecret',
    prop: 'certificate',
    shows: 'is not a PEM certificate',
  },
  // --- SOPS and age (core) ---
  {
    name: 'sopsEncrypt: an age identity pasted as a recipient',
    run: () => sopsEncrypt(SECRET, { ageRecipients: [CANARIES.ageIdentity] }),
    component: 'sopsEncrypt',
    prop: 'ageRecipients[0]',
    shows: 'AGE-SECRET-KEY-<redacted>',
  },
  {
    name: 'sopsEncrypt: encryptedRegex "^nothing$" leaves a Secret value unencrypted',
    run: () => sopsEncrypt(SECRET, { ageRecipients: [RECIPIENT], encryptedRegex: '^nothing$' }),
    component: 'sopsEncrypt',
    prop: 'encryptedRegex',
    shows: '"^nothing$" would leave stringData["password"] unencrypted',
  },
  {
    name: 'sopsEncrypt: a lookahead (not Go RE2)',
    run: () => sopsEncrypt(SECRET, { ageRecipients: [RECIPIENT], unencryptedRegex: '^(?=metadata)' }),
    component: 'sopsEncrypt',
    prop: 'unencryptedRegex',
    shows: '"^(?=metadata)"',
  },
  {
    name: 'sopsEncrypt: ageRecipients as a string',
    run: () => sopsEncrypt(SECRET, { ageRecipients: as<string[]>(RECIPIENT) }),
    component: 'sopsEncrypt',
    prop: 'ageRecipients',
    shows: 'wrap a single value in [ ]',
  },
  {
    name: 'sopsDecrypt: an identity with a bad shape',
    run: () => sopsDecrypt({ sops: { age: [{ recipient: RECIPIENT, enc: 'x' }], mac: 'x' } }, { ageIdentities: [`${CANARIES.ageIdentity}ZZ`] }),
    component: 'sopsDecrypt',
    prop: 'ageIdentities[0]',
    shows: 'the key itself is not echoed',
  },
  {
    name: 'parseAgeIdentities: an identity with a bad checksum (the decoder would quote it)',
    run: () => parseAgeIdentities(`# key\n${BAD_CHECKSUM_IDENTITY}\n`),
    component: 'parseAgeIdentities',
    prop: 'line 2',
    shows: 'bad checksum',
  },
  {
    name: 'ageRecipientOf: an identity with a bad checksum',
    run: () => ageRecipientOf(BAD_CHECKSUM_IDENTITY),
    component: 'ageRecipientOf',
    prop: 'identity',
    shows: 'the key itself is not echoed',
  },
  {
    name: 'sopsSecretManifest: unencryptedSuffix "Data" leaves stringData unencrypted',
    run: () => sopsSecretManifest({ name: 'db', ageRecipients: [RECIPIENT], stringData: { password: CANARIES.value }, unencryptedSuffix: 'Data' }),
    component: 'SopsSecret',
    prop: 'unencryptedSuffix',
    shows: '"Data"',
  },
  {
    name: 'sopsSecretManifest: a number as a value',
    run: () => sopsSecretManifest({ name: 'db', ageRecipients: [RECIPIENT], stringData: { pin: as<string>(1234) } }),
    component: 'SopsSecret',
    prop: 'stringData["pin"]',
    shows: 'received a number',
  },
  {
    name: 'sopsConfigYaml: a lookbehind in pathRegex',
    run: () => sopsConfigYaml([{ pathRegex: '(?<!test)\\.yaml$', ageRecipients: [RECIPIENT] }]),
    component: 'sopsConfigYaml',
    prop: 'rules[0].pathRegex',
    shows: 'is not a Go (RE2) regular expression',
  },
  // --- Flux (core) ---
  {
    name: 'fluxKustomizationManifest: disableDecryption "false"',
    run: () => fluxKustomizationManifest({ name: 'apps', sourceRef: { kind: 'GitRepository', name: 'g' }, disableDecryption: as<boolean>('false') }),
    component: 'FluxKustomization',
    prop: 'disableDecryption',
    shows: '"false"',
  },
  {
    name: 'fluxKustomizationManifest: prune "no"',
    run: () => fluxKustomizationManifest({ name: 'apps', sourceRef: { kind: 'GitRepository', name: 'g' }, prune: as<boolean>('no') }),
    component: 'FluxKustomization',
    prop: 'prune',
    shows: '"no"',
  },
  {
    name: 'fluxKustomizationManifest: sourceRef null',
    run: () => fluxKustomizationManifest({ name: 'apps', sourceRef: as<{ kind: 'GitRepository'; name: string }>(null) }),
    component: 'FluxKustomization',
    prop: 'sourceRef',
    shows: 'received null',
  },
  // --- audit policy, encryption configuration (core) ---
  {
    name: 'auditPolicy: keepSystemNoise "false"',
    run: () => auditPolicy({ keepSystemNoise: as<boolean>('false') }),
    component: 'auditPolicy',
    prop: 'keepSystemNoise',
    shows: '"false"',
  },
  {
    name: 'auditPolicy: Request on serviceaccounts/token in an extra rule',
    run: () => auditPolicy({ extraRules: [{ level: 'Request', resources: [{ group: '', resources: ['serviceaccounts/token'] }] }] }),
    component: 'auditPolicy',
    prop: 'extraRules[0]',
    shows: 'serviceaccounts/token (TokenRequest)',
  },
  {
    name: 'auditPolicy: RequestResponse on group "*" resources "*"',
    run: () => auditPolicy({ extraRules: [{ level: 'RequestResponse', resources: [{ group: '*', resources: ['*'] }] }] }),
    component: 'auditPolicy',
    prop: 'extraRules[0]',
    shows: 'RequestResponse on Secrets, ConfigMaps or TokenReviews',
  },
  {
    name: 'auditPolicy: a hole in extraRules',
    // eslint-disable-next-line no-sparse-arrays
    run: () => auditPolicy({ extraRules: as<AuditRule[]>([, { level: 'None' }]) }),
    component: 'auditPolicy',
    prop: 'extraRules[0]',
    shows: 'a hole in the list',
  },
  {
    name: 'auditPolicy: secretsLevel RequestResponse',
    run: () => auditPolicy({ secretsLevel: 'RequestResponse' }),
    component: 'auditPolicy',
    prop: 'secretsLevel',
    shows: '"RequestResponse"',
  },
  {
    name: 'encryptionConfiguration: allowAescbc "true" (a string)',
    run: () => encryptionConfiguration({ providers: [{ aescbc: { keys: [{ name: 'k', secret: Buffer.alloc(32, 1).toString('base64') }] } }], allowAescbc: as<boolean>('true') }),
    component: 'encryptionConfiguration',
    prop: 'allowAescbc',
    shows: '"true"',
  },
  {
    name: 'encryptionConfiguration: allowIdentityForMigration 1',
    run: () => encryptionConfiguration({ kms: { name: 'k', endpoint: 'unix:///s.sock' }, allowIdentityForMigration: as<boolean>(1) }),
    component: 'encryptionConfiguration',
    prop: 'allowIdentityForMigration',
    shows: 'a number 1',
  },
  {
    name: 'encryptionConfiguration: providers as an object',
    run: () => encryptionConfiguration({ providers: as<EncryptionProvider[]>({ kms: { name: 'k', endpoint: 'unix:///s.sock' } }) }),
    component: 'encryptionConfiguration',
    prop: 'providers',
    shows: 'received an object',
  },
  {
    name: 'encryptionConfiguration: a key that is not 32 bytes of base64',
    run: () => encryptionConfiguration({ providers: [{ secretbox: { keys: [{ name: 'k', secret: CANARIES.value }] } }], onWarning: () => undefined }),
    component: 'encryptionConfiguration',
    prop: 'providers[0].secretbox.keys[0].secret',
    shows: 'the value is not echoed',
  },
  {
    name: 'encryptionConfiguration: a KMS endpoint with a password in the URL',
    run: () => encryptionConfiguration({ kms: { name: 'k', endpoint: `https://admin:${CANARIES.urlPassword}@kms.example.com` } }),
    component: 'encryptionConfiguration',
    prop: 'kms.endpoint',
    shows: 'https://<redacted>@kms.example.com',
  },
  // --- alerts (core) ---
  {
    name: 'secretAccessAlertsManifest: systemUserPattern ".*" matches every user',
    run: () => secretAccessAlertsManifest({ auditEventMetric: { name: 'audit_events' }, systemUserPattern: '.*' }),
    component: 'SecretAccessAlerts',
    prop: 'systemUserPattern',
    shows: '".*" also matches ordinary users',
  },
  {
    name: 'secretAccessAlertsManifest: a lookahead in systemUserPattern',
    run: () => secretAccessAlertsManifest({ systemUserPattern: '(?!alice).*' }),
    component: 'SecretAccessAlerts',
    prop: 'systemUserPattern',
    shows: '"(?!alice).*"',
  },
  {
    name: 'secretAccessAlertsManifest: for as a list',
    run: () => secretAccessAlertsManifest({ for: as<string>(['5m']) }),
    component: 'SecretAccessAlerts',
    prop: 'for',
    shows: '["5m"]',
  },
  // --- cdk8s constructs ---
  {
    name: 'cdk8s SealedSecret: an empty value',
    run: () => new cdk8s.SealedSecret(testChart(), 's', { name: 'db', certificate: CERT, stringData: { password: '' } }),
    component: 'SealedSecret',
    prop: 'stringData["password"]',
    shows: 'is empty',
  },
  {
    name: 'cdk8s SealedSecret: props null',
    run: () => new cdk8s.SealedSecret(testChart(), 's', as<cdk8s.SealedSecretProps>(null)),
    component: 'SealedSecret',
    prop: 'props',
    shows: 'received null',
  },
  {
    name: 'cdk8s SopsSecret: encryptedRegex "^nothing$"',
    run: () => new cdk8s.SopsSecret(testChart(), 's', { ageRecipients: [RECIPIENT], stringData: { password: CANARIES.value }, encryptedRegex: '^nothing$' }),
    component: 'SopsSecret',
    prop: 'encryptedRegex',
    shows: '"^nothing$"',
  },
  {
    name: 'cdk8s SopsSecret: an age identity as a recipient',
    run: () => new cdk8s.SopsSecret(testChart(), 's', { ageRecipients: [CANARIES.ageIdentity], stringData: { password: CANARIES.value } }),
    component: 'SopsSecret',
    prop: 'ageRecipients[0]',
    shows: 'AGE-SECRET-KEY-<redacted>',
  },
  {
    name: 'cdk8s SopsFile: a YAML error next to a value (no source excerpt)',
    run: () => new cdk8s.SopsFile(testChart(), 'f', { content: `stringData:\n  password: ${CANARIES.value}: x\n` }),
    component: 'SopsFile',
    prop: 'content',
    shows: 'BLOCK_AS_IMPLICIT_KEY at line 2, column 13',
  },
  {
    name: 'cdk8s SopsFile: a path that does not exist',
    run: () => new cdk8s.SopsFile(testChart(), 'f', { path: '/nonexistent/db.sops.yaml' }),
    component: 'SopsFile',
    prop: 'path',
    shows: '"/nonexistent/db.sops.yaml" cannot be read (ENOENT)',
  },
  {
    name: 'cdk8s SopsFile: a plaintext Secret',
    run: () => new cdk8s.SopsFile(testChart(), 'f', { content: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  a: ${CANARIES.value}\n` }),
    component: 'SopsFile',
    prop: 'content',
    shows: 'is not SOPS-encrypted',
  },
  {
    name: 'cdk8s FluxKustomization: disableDecryption "yes"',
    run: () => new cdk8s.FluxKustomization(testChart(), 'k', { name: 'apps', sourceRef: { kind: 'GitRepository', name: 'g' }, disableDecryption: as<boolean>('yes') }),
    component: 'FluxKustomization',
    prop: 'disableDecryption',
    shows: '"yes"',
  },
  {
    name: 'cdk8s SecretAccessAlerts: systemUserPattern ".+"',
    run: () => new cdk8s.SecretAccessAlerts(testChart(), 'a', { systemUserPattern: '.+' }),
    component: 'SecretAccessAlerts',
    prop: 'systemUserPattern',
    shows: '".+"',
  },
  {
    name: 'cdk8s PlaintextSecretGuard.allow: a reason too short',
    run: () => cdk8s.PlaintextSecretGuard.allow(new ApiObject(testChart(), 'o', { apiVersion: 'v1', kind: 'ConfigMap' }), 'ok'),
    component: 'PlaintextSecretGuard',
    prop: 'reason',
    shows: '"ok"',
  },
  // --- Pulumi components ---
  {
    name: 'Pulumi SealedSecret: stringData as a string',
    run: () => new pl.SealedSecret('s1', { ...base, certificate: CERT, stringData: as<Record<string, string>>(CANARIES.value) }),
    component: 'SealedSecret',
    prop: 'stringData',
    shows: 'received a string',
  },
  {
    name: 'Pulumi SealedSecret: allowExpiredCertificate "false"',
    run: () => new pl.SealedSecret('s2', { ...base, certificate: EXPIRED, stringData: { a: CANARIES.value }, allowExpiredCertificate: as<boolean>('false') }),
    component: 'SealedSecret',
    prop: 'allowExpiredCertificate',
    shows: '"false"',
  },
  {
    name: 'Pulumi SealedSecret: a PEM private key as the certificate',
    run: () => new pl.SealedSecret('s3', { ...base, certificate: PEM_KEY, stringData: { a: CANARIES.value } }),
    component: 'SealedSecret',
    prop: 'certificate',
    shows: 'is not a PEM certificate',
  },
  {
    name: 'Pulumi SealedSecret: plaintext in encryptedData',
    run: () => new pl.SealedSecret('s4', { ...base, encryptedData: { password: CANARIES.value } }),
    component: 'SealedSecret',
    prop: 'encryptedData["password"]',
    shows: 'The value is not echoed',
  },
  {
    name: 'Pulumi SecretAccessAlerts: systemUserPattern ".*"',
    run: () => new pl.SecretAccessAlerts('a1', { systemUserPattern: '.*' }),
    component: 'SecretAccessAlerts',
    prop: 'systemUserPattern',
    shows: '".*"',
  },
  {
    name: 'Pulumi SecretAccessAlerts: auditEventMetric as a string',
    run: () => new pl.SecretAccessAlerts('a2', { auditEventMetric: as<{ name: string }>('audit_events') }),
    component: 'SecretAccessAlerts',
    prop: 'auditEventMetric',
    shows: 'received a string',
  },
];
