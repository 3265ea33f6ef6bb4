/**
 * The Vault Secrets Operator for the payment API (cdk8s): a VaultConnection over https with the Vault
 * CA, a VaultAuth (Kubernetes auth) with its own ServiceAccount and audience, the KV v2 Postgres
 * password as a VaultStaticSecret and leased database credentials as a VaultDynamicSecret, both
 * restarting the Deployment that consumes them (no Reloader needed). The Vault side (a policy with
 * exactly the two paths and a role bound to exactly the VaultAuth's ServiceAccount) is the chart's
 * `access`: `policyHcl`, `authRole` and the `vaultCommands` to apply them with a Vault admin token.
 *
 * Run: `npm run examples` (writes dist/examples/cdk8s/vault-secrets-operator/).
 */
import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  SecureServiceAccount, VaultAuth, VaultConnection, VaultDynamicSecret, VaultOperatorAccess, VaultStaticSecret, mountSecret, vaultOperatorAccess,
} from 'kube-secure-secrets';

export class VaultOperatorChart extends Chart {
  public readonly access: VaultOperatorAccess;

  constructor(scope: Construct, id: string, props: ChartProps = { namespace: 'payments' }) {
    super(scope, id, props);
    const api = new kplus.Deployment(this, 'api', {
      metadata: { name: 'payment-api' },
      securityContext: { fsGroup: 10001 },
      containers: [{ image: 'registry.example.com/payment-api:3.0.0', portNumber: 8080, securityContext: { user: 10001, group: 10001 } }],
    });
    const connection = new VaultConnection(this, 'vault', { name: 'vault', address: 'https://vault.vault.svc:8200', caCertSecret: 'vault-ca' });
    const vsoSa = new SecureServiceAccount(this, 'vso-sa', { name: 'payments-vso' });
    const auth = new VaultAuth(this, 'auth', { name: 'payments', connection, kubernetes: { role: 'payments-api', serviceAccount: vsoSa } });
    const postgres = new VaultStaticSecret(this, 'postgres', {
      name: 'postgres-password',
      auth,
      mount: 'secret',
      path: 'payments/postgres',
      destination: { name: 'postgres-password' },
      consumers: [api],
    });
    const dbCreds = new VaultDynamicSecret(this, 'db-creds', {
      name: 'payments-db-creds',
      auth,
      mount: 'database',
      path: 'creds/payments-api',
      destination: { name: 'payments-db-creds' },
      consumers: [api],
    });
    // VSO restarts the Deployment itself (rolloutRestartTargets): no Reloader annotation as well.
    mountSecret(api, postgres, { path: '/var/run/secrets/postgres', reload: false });
    mountSecret(api, dbCreds, { path: '/var/run/secrets/db', reload: false });
    this.access = vaultOperatorAccess({ auth, secrets: [postgres, dbCreds] });
  }
}

if (require.main === module) {
  const app = new App();
  new VaultOperatorChart(app, 'payments');
  app.synth();
}
