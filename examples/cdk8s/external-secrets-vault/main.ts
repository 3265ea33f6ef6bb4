/**
 * Hybrid / enterprise Vault pattern (cdk8s): one ClusterSecretStore backed by HashiCorp Vault (KV v2,
 * Kubernetes auth) that only the `payments` and `orders` namespaces may use, an ExternalSecret that
 * renders a connection string and an image pull Secret from Vault, and NetworkPolicies that let only the
 * ESO controller and labelled clients reach Vault.
 *
 * Vault side (operator): a Kubernetes auth role `eso` bound to ServiceAccount `eso-vault` in
 * `external-secrets`, with a read-only policy on the paths below; Vault's TLS CA in ConfigMap
 * `vault/vault-ca`. Label the ESO controller pods `kube-secure-secrets.io/vault-client: "true"` (Helm
 * value `podLabels`).
 */
import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  ClusterSecretStore, ExternalSecret, ExternalSecretTemplate, ExternalSecretsEgressPolicy, NamespaceIsolation, SecretStoreProvider,
  SecureServiceAccount, VAULT_CLIENT_LABEL, VaultAccessPolicy, externalSecretsVaultClient, mountSecret,
} from 'kube-secure-secrets';

/** Cluster-wide pieces: the ESO identity for Vault, the store, ESO egress and Vault ingress policies. */
export class VaultPlatformChart extends Chart {
  public readonly store: ClusterSecretStore;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    const esoVault = new SecureServiceAccount(this, 'eso-vault', { name: 'eso-vault', namespace: 'external-secrets' });
    const provider = SecretStoreProvider.vault({
      server: 'https://vault.vault.svc:8200',
      path: 'secret',
      version: 'v2',
      role: 'eso',
      serviceAccount: esoVault,
      caProvider: { type: 'ConfigMap', name: 'vault-ca', key: 'ca.crt', namespace: 'vault' },
    });
    this.store = new ClusterSecretStore(this, 'vault', {
      name: 'vault',
      provider,
      conditions: [{ namespaces: ['payments', 'orders'] }],
    });
    new ExternalSecretsEgressPolicy(this, 'eso-egress', {
      providers: [provider],
      apiServer: { cidrs: ['10.0.0.0/16'], port: 443 },
      inClusterVault: { namespace: 'vault' },
    });
    // The clients exactly: the ESO controller (its Helm chart's pods carry no client label) and the
    // labelled pods of payments.
    new VaultAccessPolicy(this, 'vault-ingress', {
      namespace: 'vault',
      clients: [externalSecretsVaultClient(), { namespace: 'payments', podLabels: { [VAULT_CLIENT_LABEL]: 'true' } }],
    });
  }
}

/** The payments namespace: ExternalSecrets from Vault and the workload consuming them. */
export class PaymentsVaultChart extends Chart {
  constructor(scope: Construct, id: string, store: ClusterSecretStore, props: ChartProps = { namespace: 'payments' }) {
    super(scope, id, props);
    const db = new ExternalSecret(this, 'db', {
      name: 'ledger-db',
      store,
      refreshInterval: '15m',
      target: {
        name: 'ledger-db',
        template: ExternalSecretTemplate.opaque({ DATABASE_URL: 'postgres://{{ .username }}:{{ .password }}@ledger-db.payments.svc:5432/ledger?sslmode=verify-full' }),
      },
      data: [
        { secretKey: 'username', remoteKey: 'payments/ledger-db', property: 'username' },
        { secretKey: 'password', remoteKey: 'payments/ledger-db', property: 'password' },
      ],
    });
    new ExternalSecret(this, 'pull', {
      name: 'registry-pull',
      store,
      target: {
        name: 'registry-pull',
        template: ExternalSecretTemplate.dockerConfigJson({ registry: 'registry.example.com', usernameKey: 'user', passwordKey: 'token' }),
      },
      data: [
        { secretKey: 'user', remoteKey: 'payments/registry', property: 'user' },
        { secretKey: 'token', remoteKey: 'payments/registry', property: 'token' },
      ],
    });

    const ledger = new kplus.Deployment(this, 'ledger', {
      metadata: { name: 'ledger' },
      replicas: 2,
      securityContext: { user: 10001, group: 10001, fsGroup: 10001 },
      podMetadata: { labels: { [VAULT_CLIENT_LABEL]: 'true' } },
      containers: [{ name: 'ledger', image: 'registry.example.com/ledger:1.4.2', portNumber: 8080 }],
    });
    mountSecret(ledger, db, { path: '/etc/secrets/db', items: { DATABASE_URL: 'database-url' } });
    new NamespaceIsolation(this, 'isolation');
  }
}

if (require.main === module) {
  const app = new App();
  const platform = new VaultPlatformChart(app, 'vault-platform');
  new PaymentsVaultChart(app, 'payments', platform.store);
  app.synth();
}
