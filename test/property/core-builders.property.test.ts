/**
 * Property-based tests (issue 11): for random VALID inputs without any opt-in, the core builders never emit
 * a ClusterRole, a verb other than `get` on Secrets, an empty `resourceNames`, a wildcard IAM resource or
 * action, an IRSA trust without both `:aud` and `:sub`, an automounted token, or a plaintext value.
 */
import * as fc from 'fast-check';
import {
  SecretStoreProvider, externalSecretManifest, irsaTrustPolicy, podIdentityTrustPolicy, secretReadPolicy, secretReaderManifests,
  secureServiceAccountManifest, vaultAgentInjection, WorkloadIdentity, namespaceIsolationManifests, secretStoreManifest,
} from '../../src/core';
import { vaultAgentPodPlan } from '../../src/core/vault/agent';
import { WorkloadKind } from '../../src/core/workload/kind';

const RUNS = { numRuns: 150 };

// DNS-1123 labels and subdomains; `default` and `kube-system` are opt-in targets, so they are left out.
const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/).filter(s => !s.includes('--') && s !== 'default' && s !== 'kube-system');
const secretName = fc.oneof(label, fc.tuple(label, label).map(([a, b]) => `${a}.${b}`));
const account = fc.stringMatching(/^[0-9]{12}$/);
const region = fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2', 'eu-central-1');
const secretPath = fc.array(label, { minLength: 1, maxLength: 3 }).map(p => p.join('/'));
const suffix = fc.stringMatching(/^[A-Za-z0-9]{6}$/);
const ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

function walk(value: unknown, visit: (node: unknown, path: string[]) => void, path: string[] = []): void {
  visit(value, path);
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, visit, [...path, String(i)]));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      walk(v, visit, [...path, k]);
    }
  }
}

describe('property: RBAC and ServiceAccounts', () => {
  test('a SecretReader is a namespaced Role with get on exactly the named Secrets, bound to one ServiceAccount', () => {
    fc.assert(fc.property(label, label, fc.array(secretName, { minLength: 1, maxLength: 8 }), (namespace, sa, secrets) => {
      const m = secretReaderManifests({ namespace, serviceAccount: sa, secrets });
      expect(m.role.kind).toBe('Role');
      expect(m.roleBinding.kind).toBe('RoleBinding');
      expect(m.role.metadata.namespace).toBe(namespace);
      const rules = m.role.rules as Array<{ resources: string[]; resourceNames: string[]; verbs: string[]; apiGroups: string[] }>;
      expect(rules).toHaveLength(1);
      expect(rules[0].verbs).toEqual(['get']);
      expect(rules[0].resources).toEqual(['secrets']);
      expect(rules[0].apiGroups).toEqual(['']);
      expect(rules[0].resourceNames).toEqual([...new Set(secrets)].sort());
      expect(rules[0].resourceNames.length).toBeGreaterThan(0);
      expect(rules[0].resourceNames.some(n => /[*?]/.test(n))).toBe(false);
      expect(m.roleBinding.subjects).toEqual([{ kind: 'ServiceAccount', name: sa, namespace }]);
    }), RUNS);
  });

  test('a secure ServiceAccount never automounts its token unless asked', () => {
    fc.assert(fc.property(label, label, account, label, (name, namespace, acct, role) => {
      const m = secureServiceAccountManifest({ name, namespace, identity: WorkloadIdentity.awsIrsa(`arn:aws:iam::${acct}:role/${role}`) });
      expect(m.automountServiceAccountToken).toBe(false);
      expect(m.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': `arn:aws:iam::${acct}:role/${role}` });
    }), RUNS);
  });
});

describe('property: IAM', () => {
  test('an IRSA trust always pins both :sub and :aud with StringEquals, never a wildcard', () => {
    fc.assert(fc.property(account, fc.array(fc.tuple(label, label), { minLength: 1, maxLength: 4 }), (acct, sas) => {
      const doc = irsaTrustPolicy({
        oidcProviderArn: `arn:aws:iam::${acct}:oidc-provider/${ISSUER}`,
        oidcIssuer: ISSUER,
        serviceAccounts: sas.map(([namespace, name]) => ({ namespace, name })),
      });
      for (const st of doc.Statement) {
        expect(st.Action).toBe('sts:AssumeRoleWithWebIdentity');
        const eq = st.Condition?.StringEquals ?? {};
        expect(eq[`${ISSUER}:aud`]).toBe('sts.amazonaws.com');
        expect(eq[`${ISSUER}:sub`]).toBeDefined();
        expect(Object.keys(st.Condition ?? {})).toEqual(['StringEquals']);
        expect(JSON.stringify(eq)).not.toMatch(/[*?]/);
      }
    }), RUNS);
  });

  test('a Pod Identity trust always pins the cluster, namespace, ServiceAccount and account', () => {
    fc.assert(fc.property(account, label, fc.array(fc.tuple(label, label), { minLength: 1, maxLength: 4 }), (acct, cluster, sas) => {
      const doc = podIdentityTrustPolicy({
        accountId: acct,
        clusterArn: `arn:aws:eks:us-east-1:${acct}:cluster/${cluster}`,
        serviceAccounts: sas.map(([namespace, name]) => ({ namespace, name })),
      });
      for (const st of doc.Statement) {
        const text = JSON.stringify(st.Condition);
        for (const key of ['aws:RequestTag/eks-cluster-arn', 'aws:RequestTag/kubernetes-namespace', 'aws:RequestTag/kubernetes-service-account', 'aws:SourceAccount']) {
          expect(text).toContain(key);
        }
        expect(text).not.toMatch(/[*?]/);
      }
    }), RUNS);
  });

  test('a secret-read policy never grants a wildcard resource or action, and decrypts only through the secret services', () => {
    fc.assert(fc.property(account, region, fc.array(fc.tuple(secretPath, fc.option(suffix)), { minLength: 1, maxLength: 5 }), (acct, r, secrets) => {
      const arns = secrets.map(([p, sfx]) => `arn:aws:secretsmanager:${r}:${acct}:secret:${p}${sfx ? `-${sfx}` : ''}`);
      const doc = secretReadPolicy({
        secretsManagerArns: arns,
        kmsKeyArns: [`arn:aws:kms:${r}:${acct}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
      })!;
      for (const st of doc.Statement) {
        const actions = ([] as string[]).concat(st.Action);
        const resources = ([] as string[]).concat(st.Resource ?? []);
        expect(actions.some(a => a.includes('*'))).toBe(false);
        expect(resources).not.toContain('*');
        // The only `?` allowed is the AWS-documented six-character suffix pattern of a partial ARN.
        expect(resources.every(res => !res.includes('*') && (!res.includes('?') || /-\?{6}$/.test(res)))).toBe(true);
        if (actions.includes('kms:Decrypt')) {
          expect(st.Condition?.StringEquals?.['kms:ViaService']).toBe(`secretsmanager.${r}.amazonaws.com`);
        }
      }
    }), RUNS);
  });
});

describe('property: ESO, Vault and NetworkPolicies', () => {
  test('an ExternalSecret holds references only: no fetched value, creationPolicy Owner, a refresh interval', () => {
    fc.assert(fc.property(label, label, fc.array(fc.tuple(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,10}$/), secretPath), { minLength: 1, maxLength: 5 }), (namespace, name, data) => {
      const unique = [...new Map(data.map(([k, p]) => [k, p])).entries()];
      const es = externalSecretManifest({
        name,
        namespace,
        store: { name: 'store', kind: 'SecretStore' },
        data: unique.map(([secretKey, remoteKey]) => ({ secretKey, remoteKey, property: 'password' })),
      });
      expect(es.spec.target.creationPolicy).toBe('Owner');
      expect(es.spec.refreshInterval).toBe('1h');
      walk(es, (node, path) => {
        if (path.at(-1) === 'data' && path.length > 2) {
          throw new Error(`a template data map appeared at ${path.join('.')}`);
        }
        return node;
      });
    }), RUNS);
  });

  test('a SecretStore authenticates with workload identity, never static keys', () => {
    fc.assert(fc.property(label, label, region, (namespace, sa, r) => {
      const store = secretStoreManifest({ name: 'store', namespace, provider: SecretStoreProvider.awsSecretsManager({ region: r, serviceAccount: sa }) });
      expect(JSON.stringify(store)).not.toMatch(/secretRef|accessKeyID|secretAccessKey/);
      expect(store.spec.provider).toEqual({ aws: { service: 'SecretsManager', region: r, auth: { jwt: { serviceAccountRef: { name: sa } } } } });
    }), RUNS);
  });

  test('a Vault agent injection reads exactly its paths, never lists, never skips TLS, files readable by the app only', () => {
    const kind = fc.constantFrom<WorkloadKind>('Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob');
    const user = fc.integer({ min: 1000, max: 65000 });
    const vaultSecrets = fc.array(fc.tuple(label, secretPath), { minLength: 1, maxLength: 4 });
    fc.assert(fc.property(label, label, label, kind, user, vaultSecrets, (role, sa, namespace, k, uid, secrets) => {
      const unique = [...new Map(secrets.map(([n, p]) => [n, `secret/data/${p}`])).entries()];
      const options = { role, serviceAccountName: sa, namespace, secrets: unique.map(([name, path]) => ({ name, path })) };
      const spec = vaultAgentInjection(options);
      const plan = vaultAgentPodPlan(options, spec, { kind: k, users: { containers: [{ name: 'app', runAsUser: uid }] }, volumeNames: [] });
      expect(plan.annotations['vault.hashicorp.com/tls-skip-verify']).toBeUndefined();
      expect(plan.prePopulateOnly).toBe(k === 'Job' || k === 'CronJob');
      expect(spec.authRole.parameters.bound_service_account_names).toEqual([sa]);
      expect(spec.authRole.parameters.bound_service_account_namespaces).toEqual([namespace]);
      expect(spec.policyHcl).not.toMatch(/"list"|"create"|"update"|"delete"|"sudo"|\*/);
      const paths = [...spec.policyHcl.matchAll(/path "([^"]+)"/g)].map(m => m[1]).sort();
      expect(paths).toEqual([...new Set(unique.map(([, p]) => p))].sort());
      for (const [name] of unique) {
        expect(plan.annotations[`vault.hashicorp.com/agent-inject-perms-${name}`]).toBe('0400');
      }
      expect(plan.annotations['vault.hashicorp.com/agent-run-as-user']).toBe(String(uid));
    }), RUNS);
  });

  test('namespace isolation always denies both directions for every pod and allows DNS only', () => {
    fc.assert(fc.property(label, ns => {
      const [deny, dns] = namespaceIsolationManifests({ namespace: ns });
      expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      expect((dns.spec.egress ?? []).flatMap(e => e.ports ?? []).map(p => p.port)).toEqual([53, 53]);
    }), RUNS);
  });
});
