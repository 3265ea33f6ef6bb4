/**
 * Parity of refusals (issue 12): the same bad SecretStore, ClusterSecretStore or ExternalSecret input
 * gets the same message from the cdk8s construct and the Pulumi component, since both map their input
 * to the same core builder.
 */
import * as pulumi from '@pulumi/pulumi';
import * as cdk8s from '../../src';
import * as pl from '../../src/pulumi';
import { testChart } from '../helpers/cdk8s';
import { resetRecorded, setupPulumiMocks } from '../helpers/pulumi';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const P = cdk8s.SecretStoreProvider;
const aws = () => P.awsSecretsManager({ region: 'us-east-1' });
const sa = { serviceAccountName: 'eso-sa', serviceAccountNamespace: 'external-secrets' };

/** The message a build throws (a ValidationError in cdk8s, a ResourceError in Pulumi). */
function messageOf(build: () => unknown): string {
  try {
    build();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('was accepted');
}

let n = 0;
const id = () => `r${n++}`;

type StoreInput = Record<string, unknown>;
type EsInput = Record<string, unknown>;

const storeCases: Array<[string, StoreInput, string]> = [
  ['a provider not built by SecretStoreProvider', { provider: { aws: {} } },
    'SecretStore: provider must be built with SecretStoreProvider (awsSecretsManager, awsParameterStore, vault, gcpSecretManager or azureKeyVault).'],
  ['a ServiceAccount of another namespace', { provider: P.awsSecretsManager({ region: 'us-east-1', serviceAccount: sa }) },
    'SecretStore: provider.serviceAccount "eso-sa" is in namespace "external-secrets" but the SecretStore is in "payments"; a SecretStore can only use a ServiceAccount of its own namespace (use a ClusterSecretStore, or a ServiceAccount in "payments").'],
  ['a CA namespace on a SecretStore', { provider: P.vault({ server: 'https://vault', path: 'secret', role: 'eso', caProvider: { type: 'Secret', name: 'ca', key: 'ca.crt', namespace: 'vault' } }) },
    'SecretStore: provider.caProvider.namespace is only allowed on a ClusterSecretStore; a SecretStore reads the CA from its own namespace.'],
  ['conditions on a SecretStore', { provider: aws(), conditions: [{ namespaces: ['payments'] }] },
    'SecretStore: conditions applies to ClusterSecretStore only; a SecretStore already serves only its own namespace.'],
  ['a numeric controller', { provider: aws(), controller: 3 },
    'SecretStore: controller must be a string; received a number; give the controller class, e.g. "prod".'],
  ['an invalid name', { name: 'Store_1', provider: aws() },
    'SecretStore: name "Store_1" is not a valid SecretStore name: use a DNS-1123 subdomain (lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit, at most 253 characters).'],
];

const clusterCases: Array<[string, StoreInput, string]> = [
  ['an unanchored namespace regex', { provider: aws(), conditions: [{ namespaceRegexes: ['payments'] }] },
    'ClusterSecretStore: conditions[0].namespaceRegexes[0] "payments" is not anchored: ESO matches namespaceRegexes anywhere in the namespace name (Go regexp.MatchString), so it also admits "evil-payments-copy". Write the anchored form "^payments$".'],
  ['a match-all selector', { provider: aws(), conditions: [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] } }] },
    'ClusterSecretStore: conditions[0].namespaceSelector {"matchExpressions":[{"key":"team","operator":"DoesNotExist"}]} matches every namespace: every namespace carries "kubernetes.io/metadata.name" and, until someone labels it, no other label, so this selector admits any namespace anyone creates; use allowAllNamespaces: true if that is intended, or a narrower selector (e.g. matchLabels on a label you set on the allowed namespaces).'],
  ['a match-all regex', { provider: aws(), conditions: [{ namespaceRegexes: ['^.+$'] }] },
    'ClusterSecretStore: conditions[0].namespaceRegexes[0] "^.+$" matches every namespace; use allowAllNamespaces: true if that is intended, or a narrower expression.'],
  ['allowAllNamespaces as the string "false"', { provider: aws(), allowAllNamespaces: 'false' },
    'ClusterSecretStore: allowAllNamespaces must be the boolean true to opt in, or false or unset; received a string "false". Loosening options are never read from other types (a string "false" from a config file would otherwise turn them on): convert the value to a boolean first.'],
  ['conditions whose union is everything', { provider: aws(), conditions: [{ namespaceRegexes: ['^[a-m].*$'] }, { namespaceRegexes: ['^[n-z0-9].*$'] }] },
    'ClusterSecretStore: conditions together match every namespace (ESO admits a namespace that any condition admits); use allowAllNamespaces: true if that is intended, or a narrower set of conditions.'],
  ['a ServiceAccount without namespace', { provider: P.awsSecretsManager({ region: 'us-east-1', serviceAccount: 'eso-sa' }), conditions: [{ namespaces: ['payments'] }] },
    'ClusterSecretStore: provider.serviceAccount "eso-sa" has no namespace; a ClusterSecretStore must say which namespace its ServiceAccount is in: pass a SecureServiceAccount or set serviceAccountNamespace.'],
  ['a conditions string', { provider: aws(), conditions: 'payments' },
    'ClusterSecretStore: conditions must be a list of conditions { namespaces?, namespaceSelector?, namespaceRegexes? }; received a string "payments" (wrap a single value in [ ]).'],
];

const store = { name: 'aws', kind: 'ClusterSecretStore' };
const data = [{ secretKey: 'password', remoteKey: 'prod/db', property: 'password' }];
const esCases: Array<[string, EsInput, string]> = [
  ['deletionPolicy Delete with creationPolicy Merge', { store, data, target: { creationPolicy: 'Merge', deletionPolicy: 'Delete' } },
    'ExternalSecret: target.deletionPolicy "Delete" needs a Secret that ESO owns, but creationPolicy is "Merge"; ESO\'s webhook refuses this pair (deletionPolicy=Delete must not be used when the controller doesn\'t own the secret). Use creationPolicy "Owner", or deletionPolicy "Retain" or "Merge".'],
  ['a bootstrap-token target', { store, data, target: { type: 'kubernetes.io/bootstrap-token' } },
    'ExternalSecret: target.type "kubernetes.io/bootstrap-token" is refused by ESO\'s webhook (template.type "kubernetes.io/bootstrap-token" is not allowed): a bootstrap token lets its reader join nodes to the cluster, beyond the RBAC of whoever writes the ExternalSecret. Create bootstrap tokens with kubeadm instead.'],
  ['a find that matches every secret', { store, dataFrom: [{ find: { nameRegexp: '.*' } }] },
    'ExternalSecret: dataFrom[0].find.nameRegexp ".*" matches every secret name (ESO matches it anywhere in the name); narrow it (e.g. "^payments/"), or drop it and narrow find with path or tags.'],
  ['a template reading an unfetched key', { store, data, target: { template: cdk8s.ExternalSecretTemplate.opaque({ URL: '{{ .pasword }}' }) } },
    'ExternalSecret: target.template uses key "pasword", which no data[] entry fetches (fetched: "password").'],
  ['a null target', { store, data, target: null },
    'ExternalSecret: target must be the target { name?, creationPolicy?, deletionPolicy?, type?, template?, immutable? }; received null.'],
  // eslint-disable-next-line no-sparse-arrays
  ['a hole in data', { store, data: [, data[0]] },
    'ExternalSecret: data[0] is a hole in the list; every entry of data must be entries { secretKey, remoteKey, property?, version? }.'],
  ['a tls target without its keys', { store, data, target: { type: 'kubernetes.io/tls' } },
    'ExternalSecret: target.type "kubernetes.io/tls" needs the keys "tls.crt" and "tls.key" in the Secret (the API server refuses it otherwise), but the Secret would have "password"; fetch them under those names (data[].secretKey) or use the matching ExternalSecretTemplate.'],
  ['a SecretStore of another namespace', { store: { name: 's', kind: 'SecretStore', namespace: 'orders' }, data },
    'ExternalSecret: store SecretStore "s" is in namespace "orders" but the ExternalSecret is in "payments"; a SecretStore serves only its own namespace. Create a SecretStore in "payments" or use a ClusterSecretStore that allows it.'],
  ['a string as dataFrom', { store, dataFrom: 'prod/db' },
    'ExternalSecret: dataFrom must be a list of entries { extract } or { find }; received a string "prod/db" (wrap a single value in [ ]).'],
];

describe('parity of refusals: the same message from cdk8s and Pulumi', () => {
  test.each(storeCases)('SecretStore: %s', (_, input, message) => {
    const fromCdk8s = messageOf(() => new cdk8s.SecretStore(testChart(), id(), { name: 'store', ...input } as unknown as cdk8s.SecretStoreProps));
    const fromPulumi = messageOf(() => new pl.SecretStore(id(), { name: 'store', namespace: 'payments', ...input } as unknown as pl.SecretStoreArgs));
    expect(fromCdk8s).toBe(message);
    expect(fromPulumi).toBe(message);
  });

  test.each(clusterCases)('ClusterSecretStore: %s', (_, input, message) => {
    const fromCdk8s = messageOf(() => new cdk8s.ClusterSecretStore(testChart(), id(), { name: 'shared', ...input } as unknown as cdk8s.ClusterSecretStoreProps));
    const fromPulumi = messageOf(() => new pl.ClusterSecretStore(id(), { name: 'shared', ...input } as unknown as pl.ClusterSecretStoreArgs));
    expect(fromCdk8s).toBe(message);
    expect(fromPulumi).toBe(message);
  });

  test.each(esCases)('ExternalSecret: %s', (_, input, message) => {
    const fromCdk8s = messageOf(() => new cdk8s.ExternalSecret(testChart(), id(), { name: 'db', ...input } as unknown as cdk8s.ExternalSecretProps));
    let pulumiError: unknown;
    try {
      new pl.ExternalSecret(id(), { name: 'db', namespace: 'payments', ...input } as unknown as pl.ExternalSecretArgs);
    } catch (e) {
      pulumiError = e;
    }
    expect(pulumiError).toBeInstanceOf(pulumi.ResourceError);
    expect(fromCdk8s).toBe(message);
    expect((pulumiError as Error).message).toBe(message);
  });
});
