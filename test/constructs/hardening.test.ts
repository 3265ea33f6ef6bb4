import * as kplus from 'cdk8s-plus-27';
import {
  InfisicalSecret, SecretAccessAlerts, SecretProviderClass, SecureServiceAccount, VaultAgentInjection, infisicalAutoReload, mountSecret,
  mountSecretProviderClass,
} from '../../src';
import { only, synthValid, testChart } from '../helpers/cdk8s';

const image = 'registry.example.com/payment-api:3.0.0';
const secrets = [{ name: 'postgres', path: 'secret/data/payments/postgres' }];

function deployment(chart: ReturnType<typeof testChart>, sa?: kplus.IServiceAccount) {
  return new kplus.Deployment(chart, 'api', {
    metadata: { name: 'payment-api' },
    serviceAccount: sa,
    securityContext: { user: 10001, group: 10001, fsGroup: 10001 },
    containers: [{ name: 'api', image }],
  });
}

describe('SecretAccessAlerts (cdk8s)', () => {
  test('the issue usage: new SecretAccessAlerts(chart, "alerts", {}) in monitoring whatever the chart namespace', () => {
    const chart = testChart();
    const alerts = new SecretAccessAlerts(chart, 'alerts', {});
    const rule = only(synthValid(chart), 'PrometheusRule');
    expect(rule.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(rule.metadata.namespace).toBe('monitoring');
    expect(alerts.alertNames).toContain('KubernetesSecretGetRateHigh');
    expect(rule.spec.groups[0].rules.map((r: any) => r.alert)).toEqual(alerts.alertNames);
  });
});

describe('VaultAgentInjection (cdk8s)', () => {
  test('sets the ServiceAccount on a workload that has none, and adds annotations and the token volume', () => {
    const chart = testChart();
    const api = deployment(chart);
    const sa = new SecureServiceAccount(chart, 'sa', { name: 'payment-api' });
    const vault = new VaultAgentInjection(chart, 'vault', { workload: api, serviceAccount: sa, role: 'payment-api', secrets });
    const d = only(synthValid(chart), 'Deployment');
    expect(d.spec.template.spec.serviceAccountName).toBe('payment-api');
    // Written with a cdk8s JSON patch (no write to cdk8s-plus' read-only serviceAccount property).
    expect(api.serviceAccount).toBeUndefined();
    expect(vault.serviceAccountName).toBe('payment-api');
    expect(d.spec.template.metadata.annotations['vault.hashicorp.com/agent-inject']).toBe('true');
    expect(d.spec.template.metadata.annotations['vault.hashicorp.com/role']).toBe('payment-api');
    // The pod runs as uid 10001 (pod securityContext): the agent writes as that user, mode 0400.
    expect(d.spec.template.metadata.annotations['vault.hashicorp.com/agent-run-as-user']).toBe('10001');
    expect(d.spec.template.metadata.annotations['vault.hashicorp.com/agent-inject-perms-postgres']).toBe('0400');
    expect(d.spec.template.metadata.annotations['vault.hashicorp.com/agent-pre-populate-only']).toBeUndefined();
    expect(d.spec.template.metadata.labels['kube-secure-secrets.io/vault-client']).toBe('true');
    expect(vault.vaultClient).toEqual({ namespace: 'payments', podLabels: { 'kube-secure-secrets.io/vault-client': 'true' } });
    expect(d.spec.template.spec.volumes.map((v: any) => v.name)).toEqual(['vault-token']);
    expect(vault.authRole.parameters.bound_service_account_names).toEqual(['payment-api']);
    expect(vault.authRole.parameters.bound_service_account_namespaces).toEqual(['payments']);
    expect(vault.policyHcl).toContain('path "secret/data/payments/postgres" {\n  capabilities = ["read"]\n}');
  });

  test('a ServiceAccount given by name; a Job gets pre-populate-only; the token volume can be turned off', () => {
    const chart = testChart();
    const job = new kplus.Job(chart, 'migrate', { securityContext: { user: 10001, group: 10001, fsGroup: 10001 }, containers: [{ name: 'migrate', image }] });
    new VaultAgentInjection(chart, 'vault', { workload: job, serviceAccount: 'payment-migrate', role: 'payment-migrate', secrets, tokenVolume: false });
    const j = only(synthValid(chart), 'Job');
    expect(j.spec.template.spec.serviceAccountName).toBe('payment-migrate');
    expect(j.spec.template.metadata.annotations['vault.hashicorp.com/agent-pre-populate-only']).toBe('true');
    expect(j.spec.template.metadata.annotations['vault.hashicorp.com/agent-service-account-token-volume-name']).toBeUndefined();
    expect(j.spec.template.spec.volumes).toBeUndefined();
  });

  test('errors: no ServiceAccount, a different one, runAsSameUser without a user, a clashing volume', () => {
    const chart = testChart();
    const bare = deployment(chart);
    expect(() => new VaultAgentInjection(chart, 'v1', { workload: bare, role: 'payment-api', secrets }))
      .toThrow('VaultAgentInjection: serviceAccount is not set and the workload has no ServiceAccount; give the workload its own ServiceAccount (SecureServiceAccount) so the Vault role is bound to it alone.');
    const chart2 = testChart();
    const withSa = deployment(chart2, kplus.ServiceAccount.fromServiceAccountName(chart2, 'sa', 'payment-api'));
    expect(() => new VaultAgentInjection(chart2, 'v2', { workload: withSa, serviceAccount: 'other', role: 'payment-api', secrets }))
      .toThrow('VaultAgentInjection: serviceAccount "other" differs from the workload\'s ServiceAccount "payment-api"; the Vault role must be bound to the account the pods run as.');
    expect(() => new VaultAgentInjection(chart2, 'v3', { workload: withSa, role: 'payment-api', secrets, runAsSameUser: true }))
      .toThrow('VaultAgentInjection: runAsSameUser needs the first container to set a non-root securityContext user (the injector copies it to the agent); set it or use runAsUser.');
    expect(() => new VaultAgentInjection(chart2, 'v4', { workload: withSa, role: 'payment-api', secrets: [{ name: 'x', path: 'kv/*' }] }))
      .toThrow('VaultAgentInjection: secrets[0].path "kv/*" contains a wildcard');
    new VaultAgentInjection(chart2, 'v5', { workload: withSa, role: 'payment-api', secrets });
    expect(() => new VaultAgentInjection(chart2, 'v6', { workload: withSa, role: 'payment-api', secrets }))
      .toThrow('VaultAgentInjection: tokenVolume.name "vault-token" is already a volume of the workload; choose another name.');
  });
});

describe('SecretProviderClass and mountSecretProviderClass (cdk8s)', () => {
  const objects = [{ objectName: 'production/payments/gateway', objectType: 'secretsmanager' as const, objectAlias: 'gateway' }];

  test('mounts read-only, merges the Reloader annotation, reload can be turned off', () => {
    const chart = testChart();
    const sa = new SecureServiceAccount(chart, 'sa', { name: 'payment-api' });
    const api = deployment(chart, sa);
    api.metadata.addAnnotation('secretproviderclass.reloader.stakater.com/reload', 'legacy-class');
    const a = new SecretProviderClass(chart, 'a', { name: 'gateway', objects, usePodIdentity: true });
    const b = new SecretProviderClass(chart, 'b', { name: 'flags', objects: [{ objectName: 'flags', objectType: 'ssmparameter' }] });
    mountSecretProviderClass(api, a, { path: '/mnt/gateway' });
    mountSecretProviderClass(api, b, { path: '/mnt/flags', container: 'api', reload: false });
    const all = synthValid(chart);
    const d = only(all, 'Deployment');
    expect(d.metadata.annotations['secretproviderclass.reloader.stakater.com/reload']).toBe('gateway,legacy-class');
    expect(d.spec.template.spec.volumes.map((v: any) => [v.name, v.csi.readOnly, v.csi.volumeAttributes.secretProviderClass])).toEqual([
      ['spc-gateway', true, 'gateway'], ['spc-flags', true, 'flags'],
    ]);
    expect(d.spec.template.spec.containers[0].volumeMounts.every((m: any) => m.readOnly === true)).toBe(true);
    expect(only(all, 'SecretProviderClass', 'gateway').spec.parameters.usePodIdentity).toBe('true');
  });

  test('errors: no ServiceAccount, another namespace, unknown container', () => {
    const chart = testChart();
    const spc = new SecretProviderClass(chart, 'a', { name: 'gateway', objects });
    const bare = deployment(chart);
    expect(() => mountSecretProviderClass(bare, spc, { path: '/mnt/secrets' }))
      .toThrow('mountSecretProviderClass: workload has no ServiceAccount; the AWS provider reads the secrets with the pod\'s ServiceAccount (IRSA or Pod Identity). Give the workload a SecureServiceAccount with the role.');
    const chart2 = testChart();
    const other = new SecretProviderClass(chart2, 'o', { name: 'gateway', namespace: 'billing', objects });
    const api = deployment(chart2, kplus.ServiceAccount.fromServiceAccountName(chart2, 'sa', 'payment-api'));
    expect(() => mountSecretProviderClass(api, other, { path: '/mnt/secrets' }))
      .toThrow('mountSecretProviderClass: spc "gateway" is in namespace "billing" but the workload is in "payments"; a pod can only mount a SecretProviderClass of its own namespace.');
    expect(() => mountSecretProviderClass(api, 'gateway', { path: '/mnt/secrets', container: 'nope' }))
      .toThrow('mountSecretProviderClass: container "nope" is not a container of the workload (containers: "api").');
    expect(() => mountSecretProviderClass(api, 'gateway', { path: 'relative' }))
      .toThrow('mountSecretProviderClass: path "relative" must be an absolute directory other than "/", e.g. "/mnt/secrets".');
  });
});

describe('InfisicalSecret and infisicalAutoReload (cdk8s)', () => {
  test('the managed Secret is consumable like any Secret; auto-reload on Deployments only', () => {
    const chart = testChart();
    const cfg = new InfisicalSecret(chart, 'cfg', {
      universalAuth: { credentialsSecret: 'infisical-universal-auth' },
      scope: { projectSlug: 'payments', envSlug: 'prod' },
      target: { name: 'payment-config' },
    });
    const api = deployment(chart);
    mountSecret(api, cfg, { path: '/etc/config' });
    infisicalAutoReload(api);
    const all = synthValid(chart);
    expect(only(all, 'InfisicalSecret').spec.authentication.universalAuth.credentialsRef).toEqual({ secretName: 'infisical-universal-auth', secretNamespace: 'payments' });
    const d = only(all, 'Deployment');
    expect(d.metadata.annotations['secrets.infisical.com/auto-reload']).toBe('true');
    expect(d.spec.template.spec.volumes[0].secret.secretName).toBe('payment-config');
    const job = new kplus.Job(chart, 'job', { containers: [{ image }] });
    expect(() => infisicalAutoReload(job)).toThrow('infisicalAutoReload: workload is a Job; the Infisical operator reloads Deployments, StatefulSets and DaemonSets only.');
  });
});
