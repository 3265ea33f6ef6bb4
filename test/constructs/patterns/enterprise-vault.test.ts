import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Cron, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { parse as parseYaml } from 'yaml';
import { EnterpriseVaultSecrets, externalSecretsVaultClient } from '../../../src';
import { ofKind, only, synthValid, testChart } from '../../helpers/cdk8s';
import { PodRef, connectionAllowed } from '../../helpers/netpol';
import { expectPatternInvariants } from '../../helpers/pattern-invariants';
import { kubernetesRoleProblems, readOnlyPolicyProblems } from '../../helpers/vault-patterns';

const image = 'registry.example.com/app:1.0.0';
const VAULT_POD: PodRef = { namespace: 'vault', labels: { 'app.kubernetes.io/name': 'vault' } };

function build(chart: Chart) {
  const api = new kplus.Deployment(chart, 'api', { metadata: { name: 'payment-api' }, securityContext: { user: 1000 }, containers: [{ image }] });
  const reportsCronJob = new kplus.CronJob(chart, 'reports', { metadata: { name: 'reports' }, schedule: Cron.daily(), securityContext: { user: 1000 }, containers: [{ image }] });
  const other = new kplus.Deployment(chart, 'other', { metadata: { name: 'other' }, securityContext: { user: 1000 }, containers: [{ image }] });
  // The snippet, as written.
  const vault = new EnterpriseVaultSecrets(chart, 'vault', {
    vault: { address: 'https://vault.internal.example:8200', namespace: 'vault' },
  });
  vault.addApp('payment-api', {
    workload: api,
    secrets: [{ name: 'postgres', path: 'secret/data/payments/postgres' }],
  });
  vault.addApp('reports', {
    workload: reportsCronJob,
    secrets: [{ name: 'warehouse', path: 'secret/data/payments/warehouse' }],
  });
  return { vault, api, reportsCronJob, other };
}

function podLabelsOf(workload: any): Record<string, string> {
  const t = workload.kind === 'CronJob' ? workload.spec.jobTemplate.spec.template : workload.spec.template;
  return t.metadata.labels;
}

function annotationsOf(workload: any): Record<string, string> {
  const t = workload.kind === 'CronJob' ? workload.spec.jobTemplate.spec.template : workload.spec.template;
  return t.metadata.annotations;
}

describe('EnterpriseVaultSecrets (cdk8s)', () => {
  test('the snippet synthesizes valid manifests that keep every pattern invariant', () => {
    const chart = testChart();
    build(chart);
    const manifests = synthValid(chart);
    // Vault's and the monitoring namespace are the operator's: the pattern only adds Vault's ingress policy there.
    expectPatternInvariants(manifests, { exemptNamespaces: ['vault', 'monitoring'] });
    expect(manifests.map(m => `${m.kind} ${m.metadata.namespace}/${m.metadata.name}`).sort()).toEqual([
      'CronJob payments/reports', 'Deployment payments/other', 'Deployment payments/payment-api',
      'NetworkPolicy payments/allow-dns-egress', 'NetworkPolicy payments/default-deny-all', 'NetworkPolicy payments/vault-agent-egress',
      'NetworkPolicy vault/vault-clients-payments', 'PrometheusRule monitoring/secret-access-alerts',
      'ServiceAccount payments/payment-api', 'ServiceAccount payments/reports',
    ]);
  });

  test('each app: its own ServiceAccount, a role bound to it, the agent init-only for the CronJob', () => {
    const chart = testChart();
    const { vault } = build(chart);
    const manifests = synthValid(chart);
    const api = only(manifests, 'Deployment', 'payment-api');
    const cron = only(manifests, 'CronJob', 'reports');
    expect(api.spec.template.spec.serviceAccountName).toBe('payment-api');
    expect(cron.spec.jobTemplate.spec.template.spec.serviceAccountName).toBe('reports');
    expect(annotationsOf(api)['vault.hashicorp.com/agent-pre-populate-only']).toBeUndefined();
    expect(annotationsOf(cron)['vault.hashicorp.com/agent-pre-populate-only']).toBe('true');
    expect(annotationsOf(api)['vault.hashicorp.com/agent-inject-perms-postgres']).toBe('0400');
    expect(annotationsOf(api)['vault.hashicorp.com/agent-inject-secret-postgres']).toBe('secret/data/payments/postgres');
    expect(vault.apps['payment-api'].injection.fileAccess).toEqual({ readBy: 'owner', agentUser: 1000, perms: { postgres: '0400' } });
    for (const sa of ofKind(manifests, 'ServiceAccount')) {
      expect(sa.automountServiceAccountToken).toBe(false);
    }
    expect(vault.roles.map(r => [r.path, r.parameters.bound_service_account_names, r.parameters.bound_service_account_namespaces])).toEqual([
      ['auth/kubernetes/role/payments-payment-api', ['payment-api'], ['payments']],
      ['auth/kubernetes/role/payments-reports', ['reports'], ['payments']],
    ]);
    for (const role of vault.roles) {
      expect(kubernetesRoleProblems(role)).toEqual([]);
    }
    expect(annotationsOf(api)['vault.hashicorp.com/role']).toBe('payments-payment-api');
  });

  test('every policy parses as HCL and grants read on exactly the app\'s paths', async () => {
    const chart = testChart();
    const { vault } = build(chart);
    const declared: Record<string, string[]> = {
      'payments-payment-api-read': ['secret/data/payments/postgres'], 'payments-reports-read': ['secret/data/payments/warehouse'],
    };
    expect(Object.keys(vault.policies).sort()).toEqual(Object.keys(declared));
    for (const [name, hcl] of Object.entries(vault.policies)) {
      expect(await readOnlyPolicyProblems(name, hcl, declared[name])).toEqual([]);
    }
  });

  test('injected pods, and only they, reach Vault (the synthesized policies evaluated)', () => {
    const chart = testChart();
    build(chart);
    const manifests = synthValid(chart);
    const policies = ofKind(manifests, 'NetworkPolicy');
    const reach = (from: PodRef, port = 8200) => connectionAllowed(policies, { from, to: { pod: VAULT_POD }, port });
    for (const w of [only(manifests, 'Deployment', 'payment-api'), only(manifests, 'CronJob', 'reports')]) {
      const pod: PodRef = { namespace: 'payments', labels: podLabelsOf(w) };
      expect(reach(pod)).toBe(true);
      expect(reach(pod, 8201)).toBe(false);
      // ... and nothing else: not the internet, not another namespace's pods.
      expect(connectionAllowed(policies, { from: pod, to: { ip: '203.0.113.10' }, port: 443 })).toBe(false);
      expect(connectionAllowed(policies, { from: pod, to: { pod: { namespace: 'other', labels: {} } }, port: 8200 })).toBe(false);
    }
    // The uninjected Deployment of the same namespace, and pods elsewhere, do not reach Vault.
    expect(reach({ namespace: 'payments', labels: podLabelsOf(only(manifests, 'Deployment', 'other')) })).toBe(false);
    expect(reach({ namespace: 'other', labels: { 'kube-secure-secrets.io/vault-client': 'true' } })).toBe(false);
    expect(reach({ namespace: 'external-secrets', labels: { 'app.kubernetes.io/name': 'external-secrets' } })).toBe(false);
    // Vault's own peers keep the cluster port.
    expect(connectionAllowed(policies, { from: VAULT_POD, to: { pod: VAULT_POD }, port: 8201 })).toBe(true);
  });

  test('additional clients (ESO) are admitted by their own policy, only them', () => {
    const chart = testChart();
    new EnterpriseVaultSecrets(chart, 'vault', { vault: { address: 'https://vault.vault.svc:8200', additionalClients: [externalSecretsVaultClient()] } });
    const policies = ofKind(synthValid(chart), 'NetworkPolicy');
    expect(policies.map(p => p.metadata.name)).toEqual(['vault-clients-additional']);
    const eso: PodRef = { namespace: 'external-secrets', labels: { 'app.kubernetes.io/name': 'external-secrets' } };
    expect(connectionAllowed(policies, { from: eso, to: { pod: VAULT_POD }, port: 8200 })).toBe(true);
    expect(connectionAllowed(policies, { from: { namespace: 'payments', labels: {} }, to: { pod: VAULT_POD }, port: 8200 })).toBe(false);
  });

  test('apps in props, a given ServiceAccount, another namespace', () => {
    const chart = testChart();
    const sa = kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'ledger-sa');
    const ledger = new kplus.Deployment(chart, 'ledger', { metadata: { name: 'ledger', namespace: 'ledger' }, serviceAccount: sa, securityContext: { user: 1000 }, containers: [{ image }] });
    const vault = new EnterpriseVaultSecrets(chart, 'vault', {
      vault: { address: 'https://vault.vault.svc:8200' },
      apps: { ledger: { workload: ledger, secrets: [{ name: 'db', path: 'secret/data/ledger/db' }] } },
    });
    const manifests = synthValid(chart);
    expect(ofKind(manifests, 'ServiceAccount')).toEqual([]);
    expect(vault.roles[0].parameters.bound_service_account_names).toEqual(['ledger-sa']);
    expect(vault.roles[0].parameters.bound_service_account_namespaces).toEqual(['ledger']);
    expect(ofKind(manifests, 'NetworkPolicy').map(p => `${p.metadata.namespace}/${p.metadata.name}`).sort()).toEqual([
      'ledger/allow-dns-egress', 'ledger/default-deny-all', 'ledger/vault-agent-egress', 'vault/vault-clients-ledger',
    ]);
    const report = vault.report;
    expect(report.controls.find(c => c.id === 'least-privilege-rbac')).toMatchObject({ status: 'partial', userJob: expect.stringContaining('ledger/ledger-sa') });
  });

  test('a CronJob cannot be given a sidecar', () => {
    const chart = testChart();
    const job = new kplus.Job(chart, 'job', { securityContext: { user: 1000 }, containers: [{ image }] });
    const vault = new EnterpriseVaultSecrets(chart, 'vault', { vault: { address: 'https://vault.vault.svc:8200' } });
    expect(() => vault.addApp('job', { workload: job, prePopulateOnly: false, secrets: [{ name: 'x', path: 'secret/data/x' }] }))
      .toThrow('VaultAgentInjection: prePopulateOnly is false, but the pods of a Job run to completion');
  });

  test('synth writes the compliance report and the audit policy beside the YAML', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-vault-'));
    const app = new App({ outdir });
    const chart = new Chart(app, 'prod', { namespace: 'payments' });
    const { vault } = build(chart);
    app.synth();
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'prod-vault.compliance.json'), 'utf8'));
    expect(report).toEqual(JSON.parse(JSON.stringify(vault.report)));
    expect(report.pattern).toBe('EnterpriseVaultSecrets');
    expect(report.controls.map((c: any) => [c.id, c.status])).toEqual([
      ['no-plaintext-in-git', 'enforced'], ['no-static-cloud-keys', 'enforced'], ['least-privilege-rbac', 'enforced'],
      ['rotation-reaches-pods', 'partial'], ['network-isolation', 'partial'], ['audit-and-alerting', 'partial'],
    ]);
    expect(report.controls[4].enforcedBy).toEqual([
      'NetworkPolicy payments/allow-dns-egress', 'NetworkPolicy payments/default-deny-all', 'NetworkPolicy payments/vault-agent-egress',
      'NetworkPolicy vault/vault-clients-payments',
    ]);
    const audit = parseYaml(fs.readFileSync(path.join(outdir, 'prod-vault.audit-policy.yaml'), 'utf8'));
    expect(audit).toEqual(JSON.parse(JSON.stringify(vault.auditPolicy)));
    expect(audit.kind).toBe('Policy');
  });

  test('alerts can be turned off; the parts are reachable', () => {
    const chart = testChart();
    const vault = new EnterpriseVaultSecrets(chart, 'vault', { vault: { address: 'https://vault.vault.svc:8200' }, alerts: false });
    expect(vault.alerts).toBeUndefined();
    expect(Testing.synth(chart)).toEqual([]);
  });
});
