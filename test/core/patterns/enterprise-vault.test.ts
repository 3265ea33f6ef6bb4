import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { enterpriseVaultPlan } from '../../../src/core/patterns/enterprise-vault';
import { kubernetesRoleProblems, readOnlyPolicyProblems, runSetupScript, scriptParts } from '../../helpers/vault-patterns';

const vault = { address: 'https://vault.internal.example:8200', namespace: 'vault' };
const apps = [
  { name: 'payment-api', secrets: [{ name: 'postgres', path: 'secret/data/payments/postgres' }, { name: 'gateway', path: 'secret/data/payments/gateway' }] },
  { name: 'reports', secrets: [{ name: 'warehouse', path: 'secret/data/payments/warehouse' }] },
  { name: 'ledger', namespace: 'ledger', serviceAccountName: 'ledger-sa', secrets: [{ name: 'db', path: 'secret/data/ledger/db' }] },
];

describe('enterpriseVaultPlan', () => {
  const plan = enterpriseVaultPlan({ name: 'vault', namespace: 'payments', vault }, apps);

  test('one role and one read-only policy per app, named from namespace and app', async () => {
    expect(plan.roles.map(r => r.path)).toEqual([
      'auth/kubernetes/role/payments-payment-api', 'auth/kubernetes/role/payments-reports', 'auth/kubernetes/role/ledger-ledger',
    ]);
    expect(Object.keys(plan.policies).sort()).toEqual(['ledger-ledger-read', 'payments-payment-api-read', 'payments-reports-read']);
    expect(plan.roles[0].parameters).toEqual({
      bound_service_account_names: ['payment-api'],
      bound_service_account_namespaces: ['payments'],
      token_policies: ['payments-payment-api-read'],
      token_ttl: '1h',
      audience: 'vault',
    });
    expect(plan.roles[2].parameters.bound_service_account_names).toEqual(['ledger-sa']);
    for (const role of plan.roles) {
      expect(kubernetesRoleProblems(role)).toEqual([]);
    }
    for (const [i, app] of apps.entries()) {
      const name = plan.apps[i].spec.policyName;
      expect(await readOnlyPolicyProblems(name, plan.policies[name], app.secrets.map(s => s.path))).toEqual([]);
    }
  });

  test('the ServiceAccount is created unless given', () => {
    expect(plan.apps.map(a => [a.name, a.serviceAccountName, a.createServiceAccount])).toEqual([
      ['payment-api', 'payment-api', true], ['reports', 'reports', true], ['ledger', 'ledger-sa', false],
    ]);
  });

  test('per namespace: isolation, egress from the injected pods, Vault ingress from exactly them', () => {
    expect(plan.namespaces.map(n => n.namespace)).toEqual(['payments', 'ledger']);
    const payments = plan.namespaces[0];
    expect(payments.vaultEgress.spec).toEqual({
      podSelector: { matchLabels: { 'kube-secure-secrets.io/vault-client': 'true' } },
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'vault' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'vault' } } }],
        ports: [{ protocol: 'TCP', port: 8200 }],
      }],
    });
    // The client selector is the one the injection itself sets on the pods.
    expect(payments.vaultAccess.clients).toEqual([plan.apps[0].spec.vaultClient]);
    expect(plan.apps[0].spec.podLabels).toEqual(plan.apps[0].spec.vaultClient.podLabels);
  });

  test('the setup script: idempotent guards, audit device, the same policies, the roles, no secret', async () => {
    const { policies, commands } = scriptParts(plan.setupScript);
    expect(policies).toEqual(plan.policies);
    expect(plan.setupScript.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(commands).toEqual([
      'set -euo pipefail',
      'export VAULT_ADDR="${VAULT_ADDR:-https://vault.internal.example:8200}"',
      'if ! vault audit list -format=json | grep -q \'"file/"\'; then',
      '  vault audit enable -path=file file file_path=/vault/audit/audit.log',
      'fi',
      'if ! vault auth list -format=json | grep -q \'"kubernetes/"\'; then',
      '  vault auth enable -path=kubernetes kubernetes',
      'fi',
      'vault write auth/kubernetes/config kubernetes_host=https://kubernetes.default.svc',
      ...plan.roles.map(r => `vault write ${r.path} ${Object.entries(r.parameters).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : v}`).join(' ')}`),
    ]);
    expect(plan.setupScript).not.toMatch(/token=|secret_id|password/i);
  });

  test('the setup script runs twice against a stub vault CLI: the second run enables nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-setup-'));
    const first = runSetupScript(plan.setupScript, dir);
    const second = runSetupScript(plan.setupScript, dir);
    expect([first.status, second.status]).toEqual([0, 0]);
    expect(first.calls.filter(c => / enable /.test(c))).toEqual(['audit enable -path=file file file_path=/vault/audit/audit.log', 'auth enable -path=kubernetes kubernetes']);
    expect(second.calls.filter(c => / enable /.test(c))).toEqual([]);
    const writes = (run: typeof first) => run.calls.filter(c => !/^(audit|auth) (list|enable)/.test(c));
    expect(writes(second)).toEqual(writes(first));
    expect(writes(first)).toHaveLength(1 + 3 + 3);
  });

  test('the audit policy records Secrets at Metadata first', () => {
    expect(plan.auditPolicy.rules[0]).toEqual({
      level: 'Metadata',
      resources: [
        { group: '', resources: ['secrets', 'configmaps', 'serviceaccounts/token'] }, { group: 'authentication.k8s.io', resources: ['tokenreviews'] },
      ],
    });
  });

  test('Enterprise namespace and a custom auth mount reach the annotations and the script', () => {
    const p = enterpriseVaultPlan({ name: 'v', namespace: 'payments', vault: { ...vault, vaultNamespace: 'team-a', authMount: 'k8s-prod' } }, [apps[0]]);
    expect(p.apps[0].spec.annotations['vault.hashicorp.com/namespace']).toBe('team-a');
    expect(p.apps[0].spec.annotations['vault.hashicorp.com/auth-path']).toBe('auth/k8s-prod');
    expect(p.setupScript).toContain('export VAULT_NAMESPACE=team-a\n');
    expect(p.roles[0].path).toBe('auth/k8s-prod/role/payments-payment-api');
  });

  test.each([
    [{ vault: { address: 'http://vault:8200' } }, [], 'EnterpriseVaultSecrets: vault.address "http://vault:8200" must be an https:// URL (Vault tokens and secrets would otherwise cross the network in clear text); set vault.allowPlaintextVaultAddress: true only for a local test setup.'],
    [{ vault: { address: 'https://user:pw@vault:8200' } }, [], 'EnterpriseVaultSecrets: vault.address "https://<redacted>@vault:8200" must be scheme, host and port only (no credentials, path or query).'],
    [{ vault }, [{ name: 'Bad_Name', secrets: apps[0].secrets }], 'EnterpriseVaultSecrets: addApp name "Bad_Name" is not an app name: use a DNS-1123 label (lower-case letters, digits and \'-\', at most 63 characters); it names the app\'s ServiceAccount and Vault role.'],
    [{ vault }, [{ name: 'a', secrets: [] }], 'EnterpriseVaultSecrets: apps["a"].secrets is empty; list the Vault secrets the app reads ({ name, path }).'],
    [{ vault }, [{ name: 'a', secrets: apps[0].secrets }, { name: 'a', secrets: apps[0].secrets }], 'EnterpriseVaultSecrets: apps["a"] is added twice in namespace "payments"; each app gets one ServiceAccount and one Vault role.'],
    [{ vault }, [{ name: 'a', namespace: 'vault', secrets: apps[0].secrets }], 'EnterpriseVaultSecrets: apps["a"].namespace "vault" is Vault\'s own namespace; run the app in its own namespace (the pattern isolates app namespaces and limits Vault\'s ingress to them).'],
    [{ vault }, [{ name: 'a', secrets: [{ name: 'x', path: 'secret/data/*' }] }], 'EnterpriseVaultSecrets apps["a"]: secrets[0].path "secret/data/*" contains a wildcard; name each secret path exactly (a glob would let the role read every secret under it).'],
    [{ vault }, [{ name: 'a', serviceAccountName: 'x', workloadServiceAccountName: 'y', secrets: apps[0].secrets }], 'EnterpriseVaultSecrets: apps["a"].serviceAccountName "x" differs from the workload\'s ServiceAccount "y"; the Vault role must be bound to the account the pods run as.'],
    [{ vault: { ...vault, audit: { filePath: 'relative.log' } } }, [], 'EnterpriseVaultSecrets: vault.audit.filePath "relative.log" must be an absolute path without spaces or quotes.'],
    [{ vault: { ...vault, authMount: 'auth/kubernetes' } }, [], 'EnterpriseVaultSecrets: vault.authMount "auth/kubernetes" is not a Vault mount path: use letters, digits, \'_\', \'-\' and \'.\', without "/" (e.g. "kubernetes").'],
    [{ vault: { ...vault, allowPlaintextVaultAddress: 'true' } }, [], 'EnterpriseVaultSecrets: vault.allowPlaintextVaultAddress must be the boolean true to opt in, or false or unset; received a string "true".'],
  ] as Array<[any, any[], string]>)('refuses %#', (options, appList, message) => {
    expect(() => enterpriseVaultPlan({ name: 'v', namespace: 'payments', ...options }, appList)).toThrow(message);
  });

  test('http is accepted only with the opt-in', () => {
    const p = enterpriseVaultPlan({ name: 'v', namespace: 'payments', vault: { address: 'http://vault.vault.svc:8200', allowPlaintextVaultAddress: true } }, [apps[0]]);
    expect(p.apps[0].spec.annotations['vault.hashicorp.com/service']).toBe('http://vault.vault.svc:8200');
  });
});
