/**
 * Hostile input for the GitOpsSecrets pattern (core plan, cdk8s construct, Pulumi component) and the
 * Pulumi GitOps blocks (SopsSecret, FluxKustomization, PlaintextSecretGuard). Secret values are canaries.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as kplus from 'cdk8s-plus-27';
import * as cdk8s from '../../../src';
import { GitOpsEncryption, gitOpsPlan } from '../../../src/core';
import * as pl from '../../../src/pulumi';
import { testChart } from '../../helpers/cdk8s';
import { setupPulumiMocks } from '../../helpers/pulumi';
import { CANARIES, HostileRow } from '../harness';

setupPulumiMocks();

const CERT = fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'sealed-secrets', 'test-cert.pem'), 'utf8');
const RECIPIENT = 'age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29';
const as = <T>(value: unknown): T => value as T;
const sealed = () => GitOpsEncryption.sealedSecrets({ certificate: CERT });
const sops = () => GitOpsEncryption.sops({ ageRecipients: [RECIPIENT] });
const base = { name: 'gitops', namespace: 'payments' };
const chartPattern = (props: Partial<cdk8s.GitOpsSecretsProps>) => new cdk8s.GitOpsSecrets(testChart(), 'g', { encryption: sealed(), ...props });
const pulumiPattern = (args: Partial<pl.GitOpsSecretsArgs>) => new pl.GitOpsSecrets('g', { namespace: 'payments', encryption: sealed(), ...args });

export const rows: HostileRow[] = [
  // --- GitOpsSecrets plan (core) ---
  {
    name: 'gitOpsPlan: encryption given as a plain object',
    run: () => gitOpsPlan({ ...base, encryption: as<GitOpsEncryption>({ kind: 'sops', ageRecipients: [RECIPIENT] }) }),
    component: 'GitOpsSecrets',
    prop: 'encryption',
    shows: 'GitOpsEncryption.sops',
  },
  {
    name: 'GitOpsEncryption.sops: the age identity pasted as a recipient',
    run: () => GitOpsEncryption.sops({ ageRecipients: [CANARIES.ageIdentity] }),
    component: 'GitOpsSecrets',
    prop: 'encryption.ageRecipients[0]',
  },
  {
    name: 'GitOpsEncryption.sops: recipients as a string',
    run: () => GitOpsEncryption.sops({ ageRecipients: as<string[]>(RECIPIENT) }),
    component: 'GitOpsSecrets',
    prop: 'encryption.ageRecipients',
    shows: 'wrap a single value in [ ]',
  },
  {
    name: 'gitOpsPlan: pre-sealed values with SOPS',
    run: () => gitOpsPlan({ ...base, encryption: sops(), secrets: { db: { encryptedData: { password: CANARIES.value } } } }),
    component: 'GitOpsSecrets',
    prop: 'secrets["db"].encryptedData',
    shows: 'SOPS cannot use',
  },
  {
    name: 'gitOpsPlan: both encryptedData and stringData',
    run: () => gitOpsPlan({ ...base, encryption: sealed(), secrets: { db: { encryptedData: { a: 'AgB' }, stringData: { a: CANARIES.value } } } }),
    component: 'GitOpsSecrets',
    prop: 'secrets["db"]',
    shows: 'exactly one of',
  },
  {
    name: 'gitOpsPlan: a secret given as a string',
    run: () => gitOpsPlan({ ...base, encryption: sealed(), secrets: { db: as<cdk8s.GitOpsSecretInput>(CANARIES.value) } }),
    component: 'GitOpsSecrets',
    prop: 'secrets["db"]',
  },
  {
    name: 'gitOpsPlan: Flux with SOPS and disableDecryption',
    run: () => gitOpsPlan({ ...base, encryption: sops(), flux: { sourceRef: { kind: 'GitRepository', name: 'p' }, disableDecryption: as<boolean>('true') } }),
    component: 'GitOpsSecrets',
    prop: 'flux.disableDecryption',
  },
  {
    name: 'gitOpsPlan: an app naming an undeclared secret',
    run: () => gitOpsPlan({ ...base, encryption: sealed(), apps: { api: { files: ['database-credentials'] } } }),
    component: 'GitOpsSecrets',
    prop: 'apps["api"].files[0]',
    shows: '"database-credentials"',
  },
  {
    name: 'gitOpsPlan: an app with files as a string',
    run: () => gitOpsPlan({ ...base, encryption: sealed(), secrets: { db: { encryptedData: { a: 'AgB' } } }, apps: { api: { files: as<string[]>('db') } } }),
    component: 'GitOpsSecrets',
    prop: 'apps["api"].files',
  },
  {
    name: 'gitOpsPlan: a Flux name that is not an object name',
    run: () => gitOpsPlan({ ...base, encryption: sealed(), flux: { name: 'Payments Prod', sourceRef: { kind: 'GitRepository', name: 'p' } } }),
    component: 'GitOpsSecrets',
    prop: 'flux.name',
    shows: '"Payments Prod"',
  },
  {
    name: 'gitOpsPlan: envKeys naming a key the secret does not have',
    run: () => gitOpsPlan({ ...base, encryption: sops(), secrets: { db: { stringData: { password: CANARIES.value } } }, apps: { api: { env: ['db'], envKeys: { db: { DB_PASSWORD: 'pasword' } } } } }),
    component: 'GitOpsSecrets',
    prop: 'apps["api"].envKeys["db"]["DB_PASSWORD"]',
    shows: /"pasword" is not a key of secret "db" \(its keys: "password"\)/,
  },
  // --- GitOpsSecrets (cdk8s) ---
  {
    name: 'GitOpsSecrets (cdk8s): a sealing scope with SOPS',
    run: () => chartPattern({ encryption: sops(), secrets: { db: { stringData: { a: CANARIES.value }, scope: cdk8s.SealingScope.CLUSTER_WIDE } } }),
    component: 'GitOpsSecrets',
    prop: 'secrets["db"].scope',
  },
  {
    name: 'GitOpsSecrets (cdk8s): an app without secrets',
    run: () => {
      const chart = testChart();
      const g = new cdk8s.GitOpsSecrets(chart, 'g', { encryption: sealed() });
      g.addApp('api', { workload: new kplus.Deployment(chart, 'd', { containers: [{ image: 'x:1' }] }) });
    },
    component: 'GitOpsSecrets',
    prop: 'apps["api"]',
    shows: 'consumes no secret',
  },
  {
    name: 'GitOpsSecrets (cdk8s): a plaintext value pasted into encryptedData',
    run: () => chartPattern({}).addSecret('db', { encryptedData: { a: CANARIES.value } }),
    component: 'SealedSecret',
    prop: 'encryptedData["a"]',
    shows: 'The value is not echoed',
  },
  {
    name: 'GitOpsSecrets (cdk8s): the same secret added twice',
    run: () => {
      const g = chartPattern({ secrets: { db: { stringData: { a: CANARIES.value } } } });
      g.addSecret('db', { stringData: { a: CANARIES.value } });
    },
    component: 'GitOpsSecrets',
    prop: 'secrets["db"]',
    shows: 'added twice',
  },
  // --- GitOpsSecrets (Pulumi) ---
  {
    name: 'GitOpsSecrets (Pulumi): a short plaintext exception reason',
    run: () => pulumiPattern({ plaintextAllow: { greeting: 'ok' } }),
    component: 'PlaintextSecretGuard',
    prop: 'reason',
    shows: '"ok"',
  },
  {
    name: 'GitOpsSecrets (Pulumi): no namespace',
    run: () => pulumiPattern({ namespace: as<string>(undefined) }),
    component: 'GitOpsSecrets',
    prop: 'namespace',
  },
  {
    name: 'GitOpsSecrets (Pulumi): an unknown secret in env',
    run: () => pulumiPattern({ apps: { api: { workload: { metadata: { name: 'api' }, spec: {} }, env: ['nope'] } } }),
    component: 'GitOpsSecrets',
    prop: 'apps["api"].env[0]',
    shows: '"nope"',
  },
  {
    name: 'GitOpsSecrets (Pulumi): an app in another namespace',
    run: () => pulumiPattern({ secrets: { db: { stringData: { a: CANARIES.value } } }, apps: { api: { workload: { metadata: { name: 'api', namespace: 'ledger' }, spec: {} }, files: ['db'] } } }),
    component: 'GitOpsSecrets',
    prop: 'apps["api"].workload',
    shows: '"ledger"',
  },
  {
    name: 'GitOpsSecrets (Pulumi): envKeys naming a key the secret does not have',
    run: () => pulumiPattern({
      secrets: { db: { stringData: { password: CANARIES.value } } },
      apps: { api: { workload: { metadata: { name: 'api' }, spec: {} }, env: ['db'], envKeys: { db: { DB_PASSWORD: 'db-password' } } } },
    }),
    component: 'GitOpsSecrets',
    prop: 'apps["api"].envKeys["db"]["DB_PASSWORD"]',
    shows: '"db-password"',
  },
  // --- Pulumi GitOps blocks ---
  {
    name: 'SopsSecret (Pulumi): a canary pasted as a recipient',
    run: () => new pl.SopsSecret('s', { name: 's', ageRecipients: [CANARIES.ageIdentity], stringData: { a: CANARIES.value } }),
    component: 'SopsSecret',
    prop: 'ageRecipients[0]',
  },
  {
    name: 'SopsSecret (Pulumi): an empty value',
    run: () => new pl.SopsSecret('s', { name: 's', ageRecipients: [RECIPIENT], stringData: { password: '' } }),
    component: 'SopsSecret',
    prop: 'stringData["password"]',
    shows: 'is empty',
  },
  {
    name: 'FluxKustomization (Pulumi): a path leaving the source',
    run: () => new pl.FluxKustomization('k', { name: 'k', path: '../../etc', sourceRef: { kind: 'GitRepository', name: 'p' } }),
    component: 'FluxKustomization',
    prop: 'path',
    shows: '"../../etc"',
  },
  {
    name: 'PlaintextSecretGuard.transform (Pulumi): allow as a list',
    run: () => pl.PlaintextSecretGuard.transform({ allow: as<Record<string, string>>(['db']) }),
    component: 'PlaintextSecretGuard',
    prop: 'allow',
  },
];
