/**
 * The Vault Secrets Operator for the payment API (Pulumi): the twin of
 * examples/cdk8s/vault-secrets-operator (the VSO objects and the Vault side; the payment-api Deployment
 * is named as the consumer VSO restarts).
 *
 * Run against a cluster with `pulumi up` in this folder (Pulumi.yaml), or offline under mocks with
 * `npm run examples`.
 */
import {
  SecureServiceAccount, VaultAuth, VaultConnection, VaultDynamicSecret, VaultStaticSecret, vaultOperatorAccess,
} from 'kube-secure-secrets/pulumi';

const namespace = 'payments';
const consumers = [{ kind: 'Deployment', name: 'payment-api' }];

export const connection = new VaultConnection('vault', { name: 'vault', namespace, address: 'https://vault.vault.svc:8200', caCertSecret: 'vault-ca' });
export const vsoSa = new SecureServiceAccount('vso-sa', { name: 'payments-vso', namespace });
export const auth = new VaultAuth('auth', { name: 'payments', namespace, connection, kubernetes: { role: 'payments-api', serviceAccount: vsoSa } });
export const postgres = new VaultStaticSecret('postgres', {
  name: 'postgres-password',
  namespace,
  auth,
  mount: 'secret',
  path: 'payments/postgres',
  destination: { name: 'postgres-password' },
  consumers,
});
export const dbCreds = new VaultDynamicSecret('db-creds', {
  name: 'payments-db-creds',
  namespace,
  auth,
  mount: 'database',
  path: 'creds/payments-api',
  destination: { name: 'payments-db-creds' },
  consumers,
});
/** The Vault side: apply `policyHcl` and `vaultCommands` with a Vault admin token (or the Vault provider). */
export const access = vaultOperatorAccess({ auth, secrets: [postgres, dbCreds] });
