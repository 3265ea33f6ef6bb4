/**
 * Hostile and careless input for the External Secrets Operator pieces: core builders, cdk8s constructs
 * and Pulumi components. Each row runs one entry point with one bad input.
 */
import * as cdk8s from '../../../src';
import {
  ExternalSecretOptions, ExternalSecretTemplate, SecretStoreOptions, SecretStoreProvider,
  clusterSecretStoreManifest, externalSecretManifest, secretStoreManifest,
} from '../../../src/core';
import * as pl from '../../../src/pulumi';
import { testChart } from '../../helpers/cdk8s';
import { setupPulumiMocks } from '../../helpers/pulumi';
import { CANARIES, HostileRow } from '../harness';

// Pulumi components need the mock engine before any of them is built.
setupPulumiMocks();

const aws = () => SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' });
const store = { name: 'aws', kind: 'ClusterSecretStore' as const };
const data = [{ secretKey: 'password', remoteKey: 'prod/db', property: 'password' }];
const es = (o: Record<string, unknown>) => () => externalSecretManifest({ name: 'db', namespace: 'payments', store, data, ...o } as unknown as ExternalSecretOptions);
const css = (o: Record<string, unknown>) => () => clusterSecretStoreManifest({ name: 'shared', provider: aws(), ...o } as unknown as SecretStoreOptions);
let n = 0;
const id = () => `hostile-eso-${n++}`;

export const rows: HostileRow[] = [
  // Opt-ins: only the boolean true loosens.
  { name: 'core: allowAllNamespaces "false"', run: css({ allowAllNamespaces: 'false' }), component: 'ClusterSecretStore', prop: 'allowAllNamespaces', shows: '"false"' },
  { name: 'core: allowAllNamespaces 1', run: css({ allowAllNamespaces: 1 }), component: 'ClusterSecretStore', prop: 'allowAllNamespaces', shows: 'a number 1' },
  { name: 'core: allowInsecureHttp "true"', run: () => SecretStoreProvider.vault({ server: 'http://vault:8200', path: 'secret', role: 'eso', allowInsecureHttp: 'true' as never }), component: 'SecretStoreProvider.vault', prop: 'allowInsecureHttp', shows: '"true"' },
  { name: 'core: allowLiteralValues {}', run: () => ExternalSecretTemplate.opaque({ a: 'x' }, { allowLiteralValues: {} as never }), component: 'ExternalSecretTemplate.opaque', prop: 'allowLiteralValues', shows: 'an object {}' },

  // Regular expressions: Go RE2, anchored, not matching everything.
  { name: 'core: unanchored namespace regex', run: css({ conditions: [{ namespaceRegexes: ['payments'] }] }), component: 'ClusterSecretStore', prop: 'conditions[0].namespaceRegexes[0]', shows: '"^payments$"' },
  { name: 'core: lookahead namespace regex', run: css({ conditions: [{ namespaceRegexes: ['^(?!kube-).*$'] }] }), component: 'ClusterSecretStore', prop: 'conditions[0].namespaceRegexes[0]', shows: '"^(?!kube-).*$"' },
  { name: 'core: back-reference namespace regex', run: css({ conditions: [{ namespaceRegexes: ['^(a)\\1$'] }] }), component: 'ClusterSecretStore', prop: 'conditions[0].namespaceRegexes[0]', shows: /invalid escape sequence/ },
  { name: 'core: namespace regex .*?', run: css({ conditions: [{ namespaceRegexes: ['.*?'] }] }), component: 'ClusterSecretStore', prop: 'conditions[0].namespaceRegexes[0]', shows: /matches every namespace/ },
  { name: 'core: namespace regex [a-z0-9]', run: css({ conditions: [{ namespaceRegexes: ['[a-z0-9]'] }] }), component: 'ClusterSecretStore', prop: 'conditions[0].namespaceRegexes[0]', shows: '"[a-z0-9]"' },
  { name: 'core: namespace regex a|.*', run: css({ conditions: [{ namespaceRegexes: ['a|.*'] }] }), component: 'ClusterSecretStore', prop: 'conditions[0].namespaceRegexes[0]', shows: '"a|.*"' },
  { name: 'core: Exists on the namespace name label', run: css({ conditions: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'Exists' }] } }] }), component: 'ClusterSecretStore', prop: 'conditions[0].namespaceSelector', shows: /matches every namespace/ },
  { name: 'core: DoesNotExist on a label', run: css({ conditions: [{ namespaceSelector: { matchExpressions: [{ key: 'restricted', operator: 'DoesNotExist' }] } }] }), component: 'ClusterSecretStore', prop: 'conditions[0].namespaceSelector', shows: /"restricted"/ },
  { name: 'core: empty namespaceSelector', run: css({ conditions: [{ namespaceSelector: {} }] }), component: 'ClusterSecretStore', prop: 'conditions[0].namespaceSelector', shows: '{}' },
  { name: 'core: selector operator Equals', run: css({ conditions: [{ namespaceSelector: { matchExpressions: [{ key: 'a', operator: 'Equals' }] } }] }), component: 'ClusterSecretStore', prop: 'conditions[0].namespaceSelector.matchExpressions[0].operator', shows: '"Equals"' },
  { name: 'core: find name .*', run: es({ data: undefined, dataFrom: [{ find: { nameRegexp: '.*' } }] }), component: 'ExternalSecret', prop: 'dataFrom[0].find.nameRegexp', shows: '".*"' },
  { name: 'core: find path /', run: es({ data: undefined, dataFrom: [{ find: { path: '/' } }] }), component: 'ExternalSecret', prop: 'dataFrom[0].find.path', shows: '"/"' },

  // Shapes: lists, holes, null objects.
  { name: 'core: conditions as a string', run: css({ conditions: 'payments' }), component: 'ClusterSecretStore', prop: 'conditions', shows: '"payments"' },
  // eslint-disable-next-line no-sparse-arrays
  { name: 'core: a hole in conditions', run: css({ conditions: [, { namespaces: ['a'] }] }), component: 'ClusterSecretStore', prop: 'conditions[0]', shows: 'a hole in the list' },
  { name: 'core: null condition', run: css({ conditions: [null] }), component: 'ClusterSecretStore', prop: 'conditions[0]', shows: 'is null' },
  { name: 'core: namespaces as a string', run: css({ conditions: [{ namespaces: 'payments' }] }), component: 'ClusterSecretStore', prop: 'conditions[0].namespaces', shows: '"payments"' },
  { name: 'core: numeric namespace', run: css({ conditions: [{ namespaces: [7] }] }), component: 'ClusterSecretStore', prop: 'conditions[0].namespaces[0]', shows: 'received number' },
  // eslint-disable-next-line no-sparse-arrays
  { name: 'core: a hole in data', run: es({ data: [, data[0]] }), component: 'ExternalSecret', prop: 'data[0]', shows: 'a hole in the list' },
  { name: 'core: data as an object', run: es({ data: data[0] }), component: 'ExternalSecret', prop: 'data', shows: 'an object' },
  { name: 'core: null target', run: es({ target: null }), component: 'ExternalSecret', prop: 'target', shows: 'received null' },
  { name: 'core: null extract', run: es({ data: undefined, dataFrom: [{ extract: null }] }), component: 'ExternalSecret', prop: 'dataFrom[0].extract', shows: 'received null' },
  { name: 'core: immutable "yes"', run: es({ target: { immutable: 'yes' } }), component: 'ExternalSecret', prop: 'target.immutable', shows: '"yes"' },
  { name: 'core: null store options', run: () => secretStoreManifest(null as never), component: 'SecretStore', prop: 'options', shows: 'received null' },
  { name: 'core: null Vault caProvider', run: () => SecretStoreProvider.vault({ server: 'https://vault', path: 'secret', role: 'eso', caProvider: null as never }), component: 'SecretStoreProvider.vault', prop: 'caProvider', shows: 'received null' },
  { name: 'core: null provider options', run: () => SecretStoreProvider.awsParameterStore(null as never), component: 'SecretStoreProvider.awsParameterStore', prop: 'options', shows: 'received null' },

  // ESO webhook rules.
  { name: 'core: Delete with Merge', run: es({ target: { creationPolicy: 'Merge', deletionPolicy: 'Delete' } }), component: 'ExternalSecret', prop: 'target.deletionPolicy', shows: '"Merge"' },
  { name: 'core: Delete with CreateOrMerge', run: es({ target: { creationPolicy: 'CreateOrMerge', deletionPolicy: 'Delete' } }), component: 'ExternalSecret', prop: 'target.deletionPolicy', shows: '"CreateOrMerge"' },
  { name: 'core: Merge with None', run: es({ target: { creationPolicy: 'None', deletionPolicy: 'Merge' } }), component: 'ExternalSecret', prop: 'target.deletionPolicy', shows: '"None"' },
  { name: 'core: bootstrap-token', run: es({ target: { type: 'kubernetes.io/bootstrap-token' } }), component: 'ExternalSecret', prop: 'target.type', shows: '"kubernetes.io/bootstrap-token"' },
  { name: 'core: service-account-token', run: es({ target: { type: 'kubernetes.io/service-account-token' } }), component: 'ExternalSecret', prop: 'target.type', shows: '"kubernetes.io/service-account-token"' },

  // No secret value in messages.
  { name: 'core: a literal password in a template', run: () => ExternalSecretTemplate.opaque({ password: CANARIES.value }), component: 'ExternalSecretTemplate.opaque', prop: 'data["password"]', shows: 'the value is not echoed' },
  { name: 'core: a literal password in an action', run: () => ExternalSecretTemplate.opaque({ password: `{{ "${CANARIES.value}" }}` }), component: 'ExternalSecretTemplate.opaque', prop: 'data["password"]', shows: 'reads no fetched key' },
  { name: 'core: Vault URL with a password', run: () => SecretStoreProvider.vault({ server: `https://admin:${CANARIES.urlPassword}@vault:8200`, path: 'secret', role: 'eso' }), component: 'SecretStoreProvider.vault', prop: 'server', shows: '<redacted>' },
  { name: 'core: Key Vault URL with a password', run: () => SecretStoreProvider.azureKeyVault({ vaultUrl: `https://u:${CANARIES.urlPassword}@kv.vault.azure.net`, serviceAccount: 'sa' }), component: 'SecretStoreProvider.azureKeyVault', prop: 'vaultUrl', shows: '<redacted>' },
  { name: 'core: a PEM private key as caBundle', run: () => SecretStoreProvider.vault({ server: 'https://vault', path: 'secret', role: 'eso', caBundle: `-----BEGIN PRIVATE KEY-----\n${CANARIES.pemBody}\n-----END PRIVATE KEY-----` }), component: 'SecretStoreProvider.vault', prop: 'caBundle', shows: 'neither a PEM certificate bundle' },

  // cdk8s constructs.
  { name: 'cdk8s: unanchored namespace regex', run: () => new cdk8s.ClusterSecretStore(testChart(), id(), { provider: aws(), conditions: [{ namespaceRegexes: ['^payments'] }] }), component: 'ClusterSecretStore', prop: 'conditions[0].namespaceRegexes[0]', shows: '"^payments"' },
  { name: 'cdk8s: deferred role', run: () => new cdk8s.SecretStore(testChart(), id(), { provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', role: { apply: () => undefined } as never }) }), component: 'SecretStore', prop: 'provider.role', shows: 'deferred value' },
  { name: 'cdk8s: null store name', run: () => new cdk8s.SecretStore(testChart(), id(), { name: null as never, provider: aws() }), component: 'SecretStore', prop: 'name', shows: 'received null' },
  { name: 'cdk8s: undefined ExternalSecret props', run: () => new cdk8s.ExternalSecret(testChart(), id(), undefined as never), component: 'ExternalSecret', prop: 'props', shows: 'received undefined' },
  { name: 'cdk8s: find tags as a list', run: () => new cdk8s.ExternalSecret(testChart(), id(), { store, dataFrom: [{ find: { tags: ['team'] as never } }] }), component: 'ExternalSecret', prop: 'dataFrom[0].find.tags', shows: 'an array' },
  { name: 'cdk8s: numeric namespace', run: () => new cdk8s.ExternalSecret(testChart(), id(), { namespace: 5 as never, store, data }), component: 'ExternalSecret', prop: 'namespace', shows: 'received number' },

  // Pulumi components.
  { name: 'pulumi: allowAllNamespaces "true"', run: () => new pl.ClusterSecretStore(id(), { name: 'c', provider: aws(), allowAllNamespaces: 'true' as never }), component: 'ClusterSecretStore', prop: 'allowAllNamespaces', shows: '"true"' },
  { name: 'pulumi: match-all selector', run: () => new pl.ClusterSecretStore(id(), { name: 'c', provider: aws(), conditions: [{ namespaceSelector: { matchExpressions: [{ key: 'x', operator: 'NotIn', values: ['y'] }] } }] }), component: 'ClusterSecretStore', prop: 'conditions[0].namespaceSelector', shows: /matches every namespace/ },
  { name: 'pulumi: None with Delete', run: () => new pl.ExternalSecret(id(), { name: 'db', namespace: 'payments', store, data, target: { creationPolicy: 'None', deletionPolicy: 'Delete' } }), component: 'ExternalSecret', prop: 'target.deletionPolicy', shows: '"None"' },
  { name: 'pulumi: null args', run: () => new pl.SecretStore(id(), null as never), component: 'SecretStore', prop: 'args', shows: 'received null' },
  { name: 'pulumi: find name ^', run: () => new pl.ExternalSecret(id(), { name: 'db', namespace: 'payments', store, dataFrom: [{ find: { nameRegexp: '^' } }] }), component: 'ExternalSecret', prop: 'dataFrom[0].find.nameRegexp', shows: '"^"' },
  { name: 'pulumi: tls target without keys', run: () => new pl.ExternalSecret(id(), { name: 'db', namespace: 'payments', store, data, target: { type: 'kubernetes.io/tls' } }), component: 'ExternalSecret', prop: 'target.type', shows: '"tls.crt"' },
];
