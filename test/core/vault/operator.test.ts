/**
 * Vault Secrets Operator (secrets.hashicorp.com/v1beta1): VaultConnection, VaultAuth, VaultStaticSecret,
 * VaultDynamicSecret and the Vault side. Manifests validate against the vendored VSO v1.4.1 CRDs.
 */
import {
  vaultAuthManifest, vaultConnectionManifest, vaultDynamicSecretManifest, vaultOperatorAccess, vaultStaticSecretManifest,
} from '../../../src/core';
import { expectValidManifests } from '../../helpers/schema';

const ns = 'payments';
const auth = () => vaultAuthManifest({ name: 'payments', namespace: ns, connection: { name: 'vault' }, kubernetes: { role: 'payments-api', serviceAccount: 'payments-vso' } });

describe('VaultConnection', () => {
  test('https with a CA Secret; TLS verification written explicitly', () => {
    const m = vaultConnectionManifest({ name: 'vault', namespace: ns, address: 'https://vault.vault.svc:8200', caCertSecret: 'vault-ca' });
    expectValidManifests([m]);
    expect(m.spec).toEqual({ address: 'https://vault.vault.svc:8200', skipTLSVerify: false, caCertSecretRef: 'vault-ca' });
  });

  test('refusals', () => {
    expect(() => vaultConnectionManifest({ name: 'v', namespace: ns, address: 'http://vault:8200' }))
      .toThrow('VaultConnection: address "http://vault:8200" is plain http: the operator\'s Vault token and every secret would cross the network unencrypted. Use https:// (with caCertSecret for a private CA), or set allowInsecureHttp: true for a dev server.');
    expect(() => vaultConnectionManifest({ name: 'v', namespace: ns, address: 'http://vault:8200', allowInsecureHttp: 'true' as never }))
      .toThrow('VaultConnection: allowInsecureHttp must be the boolean true to opt in');
    expect(vaultConnectionManifest({ name: 'v', namespace: ns, address: 'http://vault:8200', allowInsecureHttp: true }).spec.address).toBe('http://vault:8200');
    expect(() => vaultConnectionManifest({ name: 'v', namespace: ns, address: 'https://vault:8200', skipTlsVerify: true }))
      .toThrow('VaultConnection: skipTlsVerify is true, which lets anyone on the network path impersonate Vault and collect the operator\'s token and secrets. Give the CA instead (caCertSecret), or set allowTlsSkipVerify: true for a throw-away test cluster.');
    expect(() => vaultConnectionManifest({ name: 'v', namespace: ns, address: 'https://vault:8200/v1/secret' }))
      .toThrow('VaultConnection: address "https://vault:8200/v1/secret" is not a Vault address such as "https://vault.vault.svc:8200" (scheme, host and port only).');
  });
});

describe('VaultAuth', () => {
  test('Kubernetes auth with its own ServiceAccount, audience vault, the connection always named', () => {
    const { manifest, binding } = auth();
    expectValidManifests([manifest]);
    expect(manifest.spec).toEqual({
      vaultConnectionRef: 'vault',
      method: 'kubernetes',
      mount: 'kubernetes',
      kubernetes: { role: 'payments-api', serviceAccount: 'payments-vso', audiences: ['vault'], tokenExpirationSeconds: 600 },
    });
    expect(manifest.spec).not.toHaveProperty('allowedNamespaces');
    expect(binding).toEqual({ method: 'kubernetes', mount: 'kubernetes', role: 'payments-api', serviceAccountName: 'payments-vso', namespace: ns, audience: 'vault' });
  });

  test('JWT auth', () => {
    const { manifest } = vaultAuthManifest({ name: 'j', namespace: ns, connection: { name: 'vault' }, jwt: { role: 'payments', serviceAccount: 'payments-vso', audience: 'https://vault.example.com' }, mount: 'jwt-eks' });
    expectValidManifests([manifest]);
    expect(manifest.spec.jwt).toEqual({ role: 'payments', serviceAccount: 'payments-vso', audiences: ['https://vault.example.com'], tokenExpirationSeconds: 600 });
  });

  test('refusals', () => {
    const base = { name: 'a', namespace: ns, connection: { name: 'vault' } };
    expect(() => vaultAuthManifest({ ...base, kubernetes: { role: 'r', serviceAccount: 'default' } }))
      .toThrow('VaultAuth: kubernetes.serviceAccount "default" is the ServiceAccount of every pod in its namespace that names none');
    expect(() => vaultAuthManifest({ ...base, kubernetes: { role: 'r', serviceAccount: { serviceAccountName: 'x', serviceAccountNamespace: 'ops' } } }))
      .toThrow('VaultAuth: kubernetes.serviceAccount "x" is in namespace "ops" but the VaultAuth is in "payments"; VSO requests the token in the consumer\'s namespace, so use a ServiceAccount of "payments".');
    expect(() => vaultAuthManifest({ ...base, connection: { name: 'vault', namespace: 'vault' }, kubernetes: { role: 'r', serviceAccount: 'x' } }))
      .toThrow('VaultAuth: connection VaultConnection "vault" is in namespace "vault" but this object is in "payments"');
    expect(() => vaultAuthManifest({ ...base, kubernetes: { role: 'r', serviceAccount: 'x', tokenExpirationSeconds: 60 } }))
      .toThrow('VaultAuth: kubernetes.tokenExpirationSeconds 60 must be a whole number of seconds from 600 (VSO\'s minimum) to 86400.');
    expect(() => vaultAuthManifest({ ...base }))
      .toThrow('VaultAuth: kubernetes and jwt: set exactly one (kubernetes is recommended).');
  });
});

describe('VaultStaticSecret and VaultDynamicSecret', () => {
  test('KV v2: refresh 1h, HMAC on, destination owned, rollout restarts from consumers', () => {
    const { manifest, policyPaths } = vaultStaticSecretManifest({
      name: 'db',
      namespace: ns,
      auth: { name: 'payments' },
      mount: 'secret',
      path: 'payments/postgres',
      destination: { name: 'postgres-credentials' },
      consumers: [{ kind: 'Deployment', name: 'payment-api' }, { kind: 'Deployment', name: 'payment-api' }, { kind: 'StatefulSet', name: 'worker', namespace: ns }],
    });
    expectValidManifests([manifest]);
    expect(manifest.spec).toEqual({
      vaultAuthRef: 'payments',
      mount: 'secret',
      path: 'payments/postgres',
      type: 'kv-v2',
      refreshAfter: '1h',
      hmacSecretData: true,
      destination: { name: 'postgres-credentials', create: true, overwrite: false, type: 'Opaque' },
      rolloutRestartTargets: [{ kind: 'Deployment', name: 'payment-api' }, { kind: 'StatefulSet', name: 'worker' }],
    });
    expect(policyPaths).toEqual(['secret/data/payments/postgres']);
    expect(vaultStaticSecretManifest({ name: 'v1', namespace: ns, auth: { name: 'payments' }, mount: 'kv', path: 'payments/x', type: 'kv-v1', destination: { name: 'x' } }).policyPaths).toEqual(['kv/payments/x']);
  });

  test('dynamic database credentials: renewal at 67%, revoked on delete', () => {
    const { manifest, policyPaths } = vaultDynamicSecretManifest({ name: 'dbcreds', namespace: ns, auth: { name: 'payments' }, mount: 'database', path: 'creds/payments-api', destination: { name: 'db-creds' }, consumers: [{ kind: 'Deployment', name: 'payment-api' }] });
    expectValidManifests([manifest]);
    expect(manifest.spec).toMatchObject({ renewalPercent: 67, revoke: true, rolloutRestartTargets: [{ kind: 'Deployment', name: 'payment-api' }] });
    expect(policyPaths).toEqual(['database/creds/payments-api']);
  });

  test('refusals', () => {
    const base = { name: 's', namespace: ns, auth: { name: 'payments' }, mount: 'secret', path: 'payments/postgres', destination: { name: 'd' } };
    expect(() => vaultStaticSecretManifest({ ...base, path: 'payments/*' }))
      .toThrow('VaultStaticSecret: path "payments/*" contains a wildcard; name each secret path exactly (a glob would let the role read every secret under it).');
    expect(() => vaultStaticSecretManifest({ ...base, path: 'data/payments/postgres' }))
      .toThrow('VaultStaticSecret: path "data/payments/postgres" starts with "data/": VSO adds it for KV v2');
    expect(() => vaultStaticSecretManifest({ ...base, consumers: [{ kind: 'CronJob', name: 'c' }] }))
      .toThrow('VaultStaticSecret: consumers[0].kind "CronJob" cannot be restarted by VSO; it restarts Deployments, StatefulSets, DaemonSets and Argo Rollouts (kind "argo.Rollout").');
    expect(() => vaultStaticSecretManifest({ ...base, consumers: [{ kind: 'Deployment', name: 'c', namespace: 'ops' }] }))
      .toThrow('VaultStaticSecret: consumers[0] Deployment "c" is in namespace "ops" but the secret is in "payments"');
    expect(() => vaultStaticSecretManifest({ ...base, refreshAfter: '1d' }))
      .toThrow('VaultStaticSecret: refreshAfter "1d" is not a duration VSO accepts: a number and one unit of s, m or h (e.g. "30s", "1h").');
    expect(() => vaultDynamicSecretManifest({ ...base, mount: 'database', path: 'creds/a', renewalPercent: 100 }))
      .toThrow('VaultDynamicSecret: renewalPercent 100 must be a whole percentage from 1 to 90 (renewing later risks using expired credentials).');
    expect(() => vaultDynamicSecretManifest({ ...base, mount: 'database', path: 'static-creds/a' }))
      .toThrow('VaultDynamicSecret: path "static-creds/a" reads static-role credentials, which Vault rotates without a lease; set allowStaticCreds: true so VSO syncs them on rotation.');
  });
});

describe('the Vault side', () => {
  test('Kubernetes auth: a policy with exactly the paths, a role bound to exactly the ServiceAccount', () => {
    const a = auth();
    const s1 = vaultStaticSecretManifest({ name: 'db', namespace: ns, auth: a.manifest.metadata, mount: 'secret', path: 'payments/postgres', destination: { name: 'pg' } });
    const s2 = vaultDynamicSecretManifest({ name: 'dyn', namespace: ns, auth: a.manifest.metadata, mount: 'database', path: 'creds/payments-api', destination: { name: 'dyn' } });
    const access = vaultOperatorAccess({ auth: a, secrets: [s1, s2] });
    expect(access.policyHcl).toBe('# payments-api-read: read-only access for the Vault role "payments-api" (generated by kube-secure-secrets).\n'
      + '# Exactly the paths the workload renders; no list, no wildcards, no write.\n'
      + 'path "database/creds/payments-api" {\n  capabilities = ["read"]\n}\n\npath "secret/data/payments/postgres" {\n  capabilities = ["read"]\n}\n');
    expect(access.authRole).toEqual({
      path: 'auth/kubernetes/role/payments-api',
      parameters: { bound_service_account_names: ['payments-vso'], bound_service_account_namespaces: ['payments'], audience: 'vault', token_policies: ['payments-api-read'], token_ttl: '1h' },
    });
    expect(access.vaultCommands).toEqual([
      'vault policy write payments-api-read payments-api-read.hcl',
      'vault write auth/kubernetes/role/payments-api bound_service_account_names=payments-vso bound_service_account_namespaces=payments audience=vault token_policies=payments-api-read token_ttl=1h',
    ]);
  });

  test('JWT: bound_subject is exactly the ServiceAccount', () => {
    const a = vaultAuthManifest({ name: 'j', namespace: ns, connection: { name: 'vault' }, jwt: { role: 'payments', serviceAccount: 'payments-vso' } });
    const access = vaultOperatorAccess({ auth: a.binding, secrets: [{ policyPaths: ['secret/data/payments/x'] }] });
    expect(access.authRole.parameters).toEqual({ role_type: 'jwt', user_claim: 'sub', bound_subject: 'system:serviceaccount:payments:payments-vso', bound_audiences: ['vault'], token_policies: ['payments-read'], token_ttl: '1h' });
    expect(() => vaultOperatorAccess({ auth: a.binding, secrets: [] })).toThrow('vaultOperatorAccess: secrets is empty');
  });
});
