/**
 * Hostile input for the kubeseal-compatible sealing decisions (issue 17): the core behind
 * `kube-secure-secrets seal` (scope, namespace, empty data, SealedSecret files) and
 * `SealedSecret.fromFile` in both front-ends. Secret values are canaries.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk8s from '../../../src';
import { SealingScope, sealedSecretManifest } from '../../../src/core';
import { ciDeployPolicy, githubActionsTrustPolicy, gitlabCiTrustPolicy } from '../../../src/core/aws/ci-oidc';
import {
  checkSealableData, mergeSealedSecret, parseSealedSecretFile, resolveSealingNamespace, resolveSealingScope, sealedSecretOptionsFromText,
} from '../../../src/core/gitops/kubeseal';
import * as pl from '../../../src/pulumi';
import { testChart } from '../../helpers/cdk8s';
import { setupPulumiMocks } from '../../helpers/pulumi';
import { CANARIES, HostileRow } from '../harness';

setupPulumiMocks();

const CLUSTER_WIDE = { 'sealedsecrets.bitnami.com/cluster-wide': 'true' };
const sealedFile = (spec: string, metadata = '{name: db, namespace: payments}') => `apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: ${metadata}\nspec:\n${spec}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-hostile-cli17-'));
const file = (name: string, text: string) => {
  fs.writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};
const as = <T>(value: unknown): T => value as T;
const GH_PROVIDER = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';

export const rows: HostileRow[] = [
  {
    name: 'resolveSealingScope: --scope strict against a cluster-wide annotation',
    run: () => resolveSealingScope('seal', SealingScope.STRICT, CLUSTER_WIDE),
    component: 'seal',
    prop: '--scope',
    shows: '"strict" contradicts the annotation sealedsecrets.bitnami.com/cluster-wide',
  },
  {
    name: 'resolveSealingNamespace: --namespace against the input\'s namespace',
    run: () => resolveSealingNamespace('seal', 'orders', 'payments'),
    component: 'seal',
    prop: '--namespace',
    shows: '"orders" contradicts metadata.namespace "payments"',
  },
  {
    name: 'checkSealableData: no key at all',
    run: () => checkSealableData('seal', 0, false),
    component: 'seal',
    prop: 'data',
    shows: 'is empty in the input Secret',
  },
  {
    name: 'sealedSecretManifest: allowEmptyData "true" (a string)',
    run: () => sealedSecretManifest({ name: 'db', namespace: 'payments', allowEmptyData: as<boolean>('true') }),
    component: 'SealedSecret',
    prop: 'allowEmptyData',
    shows: 'a string "true"',
  },
  {
    name: 'parseSealedSecretFile: a plaintext Secret',
    run: () => parseSealedSecretFile('seal', 'sealed.json', `apiVersion: v1\nkind: Secret\nstringData: {password: ${CANARIES.value}}\n`),
    component: 'seal',
    prop: 'sealed.json',
    shows: 'is not a SealedSecret (kind: "Secret")',
  },
  {
    name: 'parseSealedSecretFile: a YAML error next to a value',
    run: () => parseSealedSecretFile('seal', 'sealed.yaml', `kind: SealedSecret\nspec: ${CANARIES.value}: x\n`),
    component: 'seal',
    prop: 'sealed.yaml',
    shows: /is not YAML or JSON \([A-Z_]+ at line \d+, column \d+\)/,
  },
  {
    name: 'sealedSecretOptionsFromText: plaintext pasted into encryptedData',
    run: () => sealedSecretOptionsFromText('SealedSecret', 'db.yaml', sealedFile(`  encryptedData: {password: ${CANARIES.value}}\n`)),
    component: 'SealedSecret',
    prop: 'db.yaml: spec.encryptedData["password"]',
    shows: 'The value is not echoed',
  },
  {
    name: 'sealedSecretOptionsFromText: own and template annotations disagree on the scope',
    run: () => sealedSecretOptionsFromText('SealedSecret', 'db.yaml', sealedFile('  encryptedData: {}\n  template:\n    metadata: {annotations: {}}\n',
      '{name: db, namespace: payments, annotations: {sealedsecrets.bitnami.com/cluster-wide: "true"}}')),
    component: 'SealedSecret',
    prop: 'db.yaml: metadata.annotations',
    shows: 'say scope "cluster-wide" but spec.template.metadata.annotations say "strict"',
  },
  {
    name: 'sealedSecretOptionsFromText: no name',
    run: () => sealedSecretOptionsFromText('SealedSecret', 'db.yaml', sealedFile('  encryptedData: {}\n', '{namespace: payments}')),
    component: 'SealedSecret',
    prop: 'db.yaml: metadata.name',
    shows: 'is missing',
  },
  {
    name: 'sealedSecretOptionsFromText: labels as a string',
    run: () => sealedSecretOptionsFromText('SealedSecret', 'db.yaml', sealedFile('  encryptedData: {}\n  template:\n    metadata: {labels: app}\n')),
    component: 'SealedSecret',
    prop: 'db.yaml: spec.template.metadata.labels',
    shows: 'must be a map; received a string',
  },
  {
    name: 'SealedSecret.fromFile (cdk8s): a missing file',
    run: () => cdk8s.SealedSecret.fromFile(testChart(), 'db', path.join(dir, 'missing.json')),
    component: 'SealedSecret',
    prop: 'path',
    shows: 'cannot be read (ENOENT)',
  },
  {
    name: 'SealedSecret.fromFile (cdk8s): a file holding a plaintext Secret',
    run: () => cdk8s.SealedSecret.fromFile(testChart(), 'db', file('plain.yaml', `apiVersion: v1\nkind: Secret\nstringData: {password: ${CANARIES.value}}\n`)),
    component: 'SealedSecret',
    prop: 'plain.yaml',
    shows: 'is not a SealedSecret',
  },
  {
    name: 'SealedSecret.fromFile (cdk8s): a path that is not a string',
    run: () => cdk8s.SealedSecret.fromFile(testChart(), 'db', as<string>(42)),
    component: 'SealedSecret',
    prop: 'path',
    shows: 'number',
  },
  {
    name: 'SealedSecret.fromFile (Pulumi): a directory',
    run: () => pl.SealedSecret.fromFile('db', dir),
    component: 'SealedSecret',
    prop: 'path',
    shows: 'cannot be read (EISDIR)',
  },
  {
    name: 'mergeSealedSecret then fromFile: a merged file keeps refusing plaintext',
    run: () => sealedSecretOptionsFromText('SealedSecret', 'merged.json', JSON.stringify(mergeSealedSecret(
      { apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 'db', namespace: 'payments' }, spec: { encryptedData: { a: CANARIES.value } } },
      { apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 'db' }, spec: { encryptedData: {}, template: { metadata: { name: 'db' }, type: 'Opaque' } } },
    ))),
    component: 'SealedSecret',
    prop: 'merged.json: spec.encryptedData["a"]',
    shows: 'is not a sealed value',
  },
  // --- CI/CD OIDC roles ---
  {
    name: 'githubActionsTrustPolicy: repository "*/*"',
    run: () => githubActionsTrustPolicy({ oidcProviderArn: GH_PROVIDER, repository: '*/*', branch: 'main' }),
    component: 'GitHubActionsOidcRole',
    prop: 'repository',
    shows: '"*/*"',
  },
  {
    name: 'githubActionsTrustPolicy: a branch glob',
    run: () => githubActionsTrustPolicy({ oidcProviderArn: GH_PROVIDER, repository: 'acme/payments', branch: 'feature/*' }),
    component: 'GitHubActionsOidcRole',
    prop: 'branch',
    shows: '"feature/*"',
  },
  {
    name: 'githubActionsTrustPolicy: an age identity pasted as the environment (redacted)',
    run: () => githubActionsTrustPolicy({ oidcProviderArn: GH_PROVIDER, repository: 'acme/payments', environment: `${CANARIES.ageIdentity} x` }),
    component: 'GitHubActionsOidcRole',
    prop: 'environment',
    shows: '<redacted>',
  },
  {
    name: 'githubActionsTrustPolicy: the EKS OIDC provider instead of GitHub\'s',
    run: () => githubActionsTrustPolicy({ oidcProviderArn: 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE', repository: 'acme/payments', branch: 'main' }),
    component: 'GitHubActionsOidcRole',
    prop: 'oidcProviderArn',
    shows: 'is not the IAM OIDC provider of "token.actions.githubusercontent.com"',
  },
  {
    name: 'gitlabCiTrustPolicy: a project wildcard',
    run: () => gitlabCiTrustPolicy({ oidcProviderArn: 'arn:aws:iam::111122223333:oidc-provider/gitlab.com', project: 'acme/*', branch: 'main' }),
    component: 'GitLabCiOidcRole',
    prop: 'project',
    shows: '"acme/*"',
  },
  {
    name: 'ciDeployPolicy: a wildcard cluster ARN',
    run: () => ciDeployPolicy('GitHubActionsOidcRole', 'arn:aws:eks:us-east-1:111122223333:cluster/*'),
    component: 'GitHubActionsOidcRole',
    prop: 'clusterArn',
    shows: 'is not a valid EKS cluster ARN',
  },
];
