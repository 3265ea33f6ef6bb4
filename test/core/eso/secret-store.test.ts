import { clusterSecretStoreManifest, secretStoreManifest } from '../../../src/core';
import { SecretStoreProvider } from '../../../src/core/eso/provider';
import { expectValidManifests } from '../../helpers/schema';

const esoSa = { serviceAccountName: 'eso-sa', serviceAccountNamespace: 'payments' };
const PEM = '-----BEGIN CERTIFICATE-----\nMIIBfakeFAKEfakeFAKE\n-----END CERTIFICATE-----\n';

describe('SecretStoreProvider and store builders', () => {
  test('AWS Secrets Manager with a ServiceAccount: auth.jwt.serviceAccountRef, no namespace in a SecretStore', () => {
    const store = secretStoreManifest({
      name: 'aws-secrets-manager',
      namespace: 'payments',
      provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', serviceAccount: esoSa }),
    });
    expect(store).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'SecretStore',
      metadata: { name: 'aws-secrets-manager', namespace: 'payments' },
      spec: { provider: { aws: { service: 'SecretsManager', region: 'us-east-1', auth: { jwt: { serviceAccountRef: { name: 'eso-sa' } } } } } },
    });
    expectValidManifests([store]);
  });

  test('AWS without a ServiceAccount uses the controller identity (no auth); Parameter Store; role to assume', () => {
    const provider = SecretStoreProvider.awsParameterStore({ region: 'eu-central-1', role: 'arn:aws:iam::111122223333:role/cross-account-reader' });
    const store = secretStoreManifest({ name: 'ssm', namespace: 'payments', provider });
    expect((store.spec as any).provider).toEqual({ aws: { service: 'ParameterStore', region: 'eu-central-1', role: 'arn:aws:iam::111122223333:role/cross-account-reader' } });
    expect(provider.endpoint).toEqual({ type: 'https-any', port: 443 });
    expectValidManifests([store]);
  });

  test('a ServiceAccount name is accepted for a SecretStore; a ClusterSecretStore needs its namespace', () => {
    const byName = SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', serviceAccount: 'eso-sa' });
    expect((secretStoreManifest({ name: 's', namespace: 'payments', provider: byName }).spec as any).provider.aws.auth)
      .toEqual({ jwt: { serviceAccountRef: { name: 'eso-sa' } } });
    expect(() => clusterSecretStoreManifest({ name: 'c', provider: byName, conditions: [{ namespaces: ['payments'] }] }))
      .toThrow('ClusterSecretStore: provider.serviceAccount "eso-sa" has no namespace; a ClusterSecretStore must say which namespace its ServiceAccount is in: pass a SecureServiceAccount or set serviceAccountNamespace.');
    const withNs = SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', serviceAccount: 'eso-sa', serviceAccountNamespace: 'external-secrets' });
    const css = clusterSecretStoreManifest({ name: 'c', provider: withNs, conditions: [{ namespaces: ['payments'] }] });
    expect((css.spec as any).provider.aws.auth).toEqual({ jwt: { serviceAccountRef: { name: 'eso-sa', namespace: 'external-secrets' } } });
    expectValidManifests([css]);
  });

  test('a cdk8s-plus-like subject is accepted as ServiceAccount', () => {
    const subject = { toSubjectConfiguration: () => ({ kind: 'ServiceAccount', name: 'eso-sa', namespace: 'payments' }) };
    const store = secretStoreManifest({ name: 's', namespace: 'payments', provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', serviceAccount: subject }) });
    expect((store.spec as any).provider.aws.auth.jwt.serviceAccountRef).toEqual({ name: 'eso-sa' });
  });

  test('Vault: KV v2 by default, kubernetes auth with mountPath default, caBundle base64-encoded from PEM', () => {
    const provider = SecretStoreProvider.vault({ server: 'https://vault.vault.svc:8200', path: 'secret', role: 'eso', serviceAccount: esoSa, caBundle: PEM });
    const store = secretStoreManifest({ name: 'vault', namespace: 'payments', provider });
    expect((store.spec as any).provider).toEqual({
      vault: {
        server: 'https://vault.vault.svc:8200',
        path: 'secret',
        version: 'v2',
        caBundle: Buffer.from(PEM).toString('base64'),
        auth: { kubernetes: { mountPath: 'kubernetes', role: 'eso', serviceAccountRef: { name: 'eso-sa' } } },
      },
    });
    expect(provider.endpoint).toEqual({ type: 'url', host: 'vault.vault.svc', port: 8200 });
    expectValidManifests([store]);
    // Already base64: passed through.
    const b64 = Buffer.from(PEM).toString('base64');
    expect((secretStoreManifest({ name: 'v', namespace: 'payments', provider: SecretStoreProvider.vault({ server: 'https://v.example.com', path: 'kv', role: 'r', caBundle: b64, version: 'v1', mountPath: 'k8s-prod', vaultNamespace: 'team-a' }) }).spec as any).provider.vault)
      .toEqual({ server: 'https://v.example.com', path: 'kv', version: 'v1', namespace: 'team-a', caBundle: b64, auth: { kubernetes: { mountPath: 'k8s-prod', role: 'r' } } });
  });

  test('Vault over http only with the explicit opt-in; caProvider', () => {
    const provider = SecretStoreProvider.vault({ server: 'http://vault.dev.svc:8200', path: 'secret', role: 'eso', allowInsecureHttp: true });
    expect(provider.endpoint).toEqual({ type: 'url', host: 'vault.dev.svc', port: 8200 });
    const css = clusterSecretStoreManifest({
      name: 'v',
      allowAllNamespaces: true,
      provider: SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', role: 'eso', caProvider: { type: 'Secret', name: 'vault-ca', key: 'ca.crt', namespace: 'vault' } }),
    });
    expect((css.spec as any).provider.vault.caProvider).toEqual({ type: 'Secret', name: 'vault-ca', key: 'ca.crt', namespace: 'vault' });
    expect((css.spec as any).conditions).toBeUndefined();
    expectValidManifests([css]);
  });

  test('GCP and Azure with workload identity', () => {
    const gcp = secretStoreManifest({
      name: 'gcp',
      namespace: 'payments',
      provider: SecretStoreProvider.gcpSecretManager({ projectId: 'payments-prod', serviceAccount: esoSa, clusterLocation: 'europe-west1', clusterName: 'prod' }),
    });
    expect((gcp.spec as any).provider).toEqual({
      gcpsm: {
        projectID: 'payments-prod',
        auth: { workloadIdentity: { serviceAccountRef: { name: 'eso-sa' }, clusterLocation: 'europe-west1', clusterName: 'prod', clusterProjectID: 'payments-prod' } },
      },
    });
    const azure = secretStoreManifest({
      name: 'azure',
      namespace: 'payments',
      provider: SecretStoreProvider.azureKeyVault({ vaultUrl: 'https://payments-kv.vault.azure.net', serviceAccount: esoSa, tenantId: '00000000-1111-2222-3333-444444444444' }),
    });
    expect((azure.spec as any).provider).toEqual({
      azurekv: { vaultUrl: 'https://payments-kv.vault.azure.net', authType: 'WorkloadIdentity', serviceAccountRef: { name: 'eso-sa' }, tenantId: '00000000-1111-2222-3333-444444444444' },
    });
    expectValidManifests([gcp, azure]);
  });

  test('ClusterSecretStore conditions by names, selectors and regexes', () => {
    const css = clusterSecretStoreManifest({
      name: 'shared',
      provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' }),
      conditions: [
        { namespaces: ['payments', 'orders'] },
        { namespaceSelector: { matchLabels: { team: 'payments' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] } },
        { namespaceRegexes: ['^payments-.*$'] },
      ],
      controller: 'prod',
      labels: { 'app.kubernetes.io/part-of': 'payments' },
    });
    expect(css.metadata).toEqual({ name: 'shared', labels: { 'app.kubernetes.io/part-of': 'payments' } });
    expect((css.spec as any).conditions).toEqual([
      { namespaces: ['payments', 'orders'] },
      { namespaceSelector: { matchLabels: { team: 'payments' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] } },
      { namespaceRegexes: ['^payments-.*$'] },
    ]);
    expect((css.spec as any).controller).toBe('prod');
    expectValidManifests([css]);
  });

  const aws = () => SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' });
  test.each<[string, () => unknown, string]>([
    ['an unrestricted ClusterSecretStore', () => clusterSecretStoreManifest({ name: 'c', provider: aws() }),
      'ClusterSecretStore: conditions is missing; an unrestricted ClusterSecretStore lets an ExternalSecret in any namespace read every secret its identity can read. List the namespaces that may use it (conditions: [{ namespaces: [...] }]) or opt in with allowAllNamespaces: true.'],
    ['empty conditions', () => clusterSecretStoreManifest({ name: 'c', provider: aws(), conditions: [] }),
      'ClusterSecretStore: conditions is empty; list the namespaces that may use this store, or set allowAllNamespaces: true.'],
    // ESO v2.9 admits no namespace through an empty condition (pkg/controllers/secretstore/client_manager.go,
    // shouldProcessSecret): the old message said it matched every namespace, which was wrong.
    ['a condition that restricts nothing', () => clusterSecretStoreManifest({ name: 'c', provider: aws(), conditions: [{ namespaces: [] }] }),
      'ClusterSecretStore: conditions[0] restricts nothing: it has no namespaces, namespaceSelector or namespaceRegexes (ESO would admit no namespace through it); name the namespaces, or set allowAllNamespaces: true instead of conditions.'],
    ['a match-all regex', () => clusterSecretStoreManifest({ name: 'c', provider: aws(), conditions: [{ namespaceRegexes: ['.*'] }] }),
      'ClusterSecretStore: conditions[0].namespaceRegexes[0] ".*" matches every namespace; use allowAllNamespaces: true if that is intended, or a narrower expression.'],
    ['both conditions and allowAllNamespaces', () => clusterSecretStoreManifest({ name: 'c', provider: aws(), allowAllNamespaces: true, conditions: [{ namespaces: ['a'] }] }),
      'ClusterSecretStore: allowAllNamespaces and conditions are both set; choose one.'],
    ['a namespace on a ClusterSecretStore', () => clusterSecretStoreManifest({ name: 'c', namespace: 'payments', provider: aws(), allowAllNamespaces: true }),
      'ClusterSecretStore: namespace "payments" is set, but a ClusterSecretStore is cluster-scoped; restrict the namespaces that may use it with conditions instead.'],
    ['conditions on a SecretStore', () => secretStoreManifest({ name: 's', namespace: 'payments', provider: aws(), conditions: [{ namespaces: ['a'] }] }),
      'SecretStore: conditions applies to ClusterSecretStore only; a SecretStore already serves only its own namespace.'],
    ['a SecretStore without namespace', () => secretStoreManifest({ name: 's', provider: aws() }),
      'SecretStore: namespace is missing; a SecretStore is namespaced and serves only ExternalSecrets of its namespace: set namespace (in cdk8s, or the chart namespace).'],
    ['a SecretStore using a ServiceAccount of another namespace', () => secretStoreManifest({
      name: 's', namespace: 'orders', provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', serviceAccount: esoSa }),
    }), 'SecretStore: provider.serviceAccount "eso-sa" is in namespace "payments" but the SecretStore is in "orders"; a SecretStore can only use a ServiceAccount of its own namespace (use a ClusterSecretStore, or a ServiceAccount in "orders").'],
    ['no provider', () => secretStoreManifest({ name: 's', namespace: 'payments', provider: { aws: {} } as any }),
      'SecretStore: provider must be built with SecretStoreProvider (awsSecretsManager, awsParameterStore, vault, gcpSecretManager or azureKeyVault).'],
    ['a bad region', () => SecretStoreProvider.awsSecretsManager({ region: 'US East' }),
      'SecretStoreProvider.awsSecretsManager: region "US East" is not an AWS region; expected e.g. "us-east-1".'],
    ['a bad role', () => SecretStoreProvider.awsParameterStore({ region: 'us-east-1', role: 'admin' }),
      'SecretStoreProvider.awsParameterStore: role "admin" is not an IAM role ARN; expected arn:<partition>:iam::<12-digit account>:role/<name>.'],
    ['a user instead of a ServiceAccount', () => secretStoreManifest({
      name: 's', namespace: 'payments', provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', serviceAccount: { toSubjectConfiguration: () => ({ kind: 'User', name: 'alice' }) } }),
    }), 'SecretStore: provider.serviceAccount is a User; a ServiceAccount is required.'],
    ['Vault over http', () => SecretStoreProvider.vault({ server: 'http://vault:8200', path: 'secret', role: 'eso' }),
      'SecretStoreProvider.vault: server "http://vault:8200" uses http; Vault tokens and secret values would cross the network in clear text. Use https (with caBundle or caProvider for a private CA), or set allowInsecureHttp: true for a local test setup.'],
    ['Vault with a non-URL', () => SecretStoreProvider.vault({ server: 'vault:8200', path: 'secret', role: 'eso' }),
      'SecretStoreProvider.vault: server "vault:8200" must be an https:// URL.'],
    ['Vault without a role', () => SecretStoreProvider.vault({ server: 'https://vault', path: 'secret', role: '' }),
      'SecretStoreProvider.vault: role "" is not valid; give the Vault Kubernetes-auth role bound to the ServiceAccount.'],
    ['Vault path with slashes', () => SecretStoreProvider.vault({ server: 'https://vault', path: '/secret/', role: 'eso' }),
      'SecretStoreProvider.vault: path "/secret/" must be the mount path without leading or trailing "/", e.g. "secret".'],
    ['Vault with both CA inputs', () => SecretStoreProvider.vault({ server: 'https://vault', path: 'secret', role: 'eso', caBundle: PEM, caProvider: { type: 'Secret', name: 'ca', key: 'ca.crt' } }),
      'SecretStoreProvider.vault: caBundle and caProvider are both set; give the CA either inline (caBundle) or by reference (caProvider).'],
    ['Vault caBundle that is not PEM', () => SecretStoreProvider.vault({ server: 'https://vault', path: 'secret', role: 'eso', caBundle: 'not a certificate' }),
      'SecretStoreProvider.vault: caBundle is neither a PEM certificate bundle nor its base64; pass the PEM text ("-----BEGIN CERTIFICATE-----...").'],
    ['Vault caProvider namespace on a SecretStore', () => secretStoreManifest({
      name: 's', namespace: 'payments', provider: SecretStoreProvider.vault({ server: 'https://vault', path: 'secret', role: 'eso', caProvider: { type: 'Secret', name: 'ca', key: 'ca.crt', namespace: 'vault' } }),
    }), 'SecretStore: provider.caProvider.namespace is only allowed on a ClusterSecretStore; a SecretStore reads the CA from its own namespace.'],
    ['a GCP project id', () => SecretStoreProvider.gcpSecretManager({ projectId: 'My Project', serviceAccount: esoSa, clusterLocation: 'l', clusterName: 'c' }),
      'SecretStoreProvider.gcpSecretManager: projectId "My Project" is not a Google Cloud project id (6-30 lower-case letters, digits and \'-\', starting with a letter).'],
    ['an Azure vault URL over http', () => SecretStoreProvider.azureKeyVault({ vaultUrl: 'http://kv.vault.azure.net', serviceAccount: esoSa }),
      'SecretStoreProvider.azureKeyVault: vaultUrl "http://kv.vault.azure.net" is not a Key Vault URL; expected https://<vault-name>.vault.azure.net.'],
    ['Azure without ServiceAccount', () => SecretStoreProvider.azureKeyVault({ vaultUrl: 'https://kv.vault.azure.net', serviceAccount: undefined as any }),
      'SecretStoreProvider.azureKeyVault: serviceAccount is missing; Workload Identity needs the ServiceAccount annotated with WorkloadIdentity.azure(clientId).'],
  ])('refuses %s', (_, build, message) => {
    expect(build).toThrow(message);
  });
});
