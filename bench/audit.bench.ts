/**
 * Benchmark of the secrets auditor: 10,000 objects (a realistic mix: Deployments with env and volumes,
 * Secrets, ConfigMaps, Roles and bindings, ServiceAccounts, ExternalSecrets, SealedSecrets, NetworkPolicies)
 * audited as YAML text, as the CLI reads it. Prints objects per second.
 *
 *   npx ts-node --transpile-only bench/audit.bench.ts [objects] [--quick]
 * (`--quick`, as `npm run bench -- --quick` passes it: 1,000 objects unless a number is given.)
 */
import { stringify } from 'yaml';
import { auditManifests, auditText } from '../src/core/audit/audit';

function objects(n: number): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; out.length < n; i++) {
    const ns = `team-${i % 50}`;
    out.push(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: `app-${i}`, namespace: ns }, automountServiceAccountToken: false },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `app-${i}`, namespace: ns, annotations: { 'secret.reloader.stakater.com/reload': `db-${i}` } },
        spec: {
          selector: { matchLabels: { app: `app-${i}` } },
          template: {
            metadata: { labels: { app: `app-${i}` }, annotations: { 'vault.hashicorp.com/agent-inject': i % 7 === 0 ? 'true' : 'false' } },
            spec: {
              serviceAccountName: `app-${i}`,
              containers: [{
                name: 'app',
                image: 'nginx',
                args: ['--port=8080', `--name=app-${i}`],
                env: [{ name: 'MODE', value: 'production' }, { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: `db-${i}`, key: 'password' } } }],
              }],
              volumes: [{ name: 'db', secret: { secretName: `db-${i}`, defaultMode: 0o400 } }],
            },
          },
        },
      },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cfg-${i}`, namespace: ns }, data: { 'app.properties': `name=app-${i}\nlevel=info\nendpoint=https://api.example.com/v1` } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: `db-${i}`, namespace: ns }, stringData: { password: `fake-${i}` } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: `read-${i}`, namespace: ns }, rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: [`db-${i}`], verbs: ['get'] }] },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: `read-${i}`, namespace: ns },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `read-${i}` },
        subjects: [{ kind: 'ServiceAccount', name: `app-${i}`, namespace: ns }],
      },
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: `ext-${i}`, namespace: ns },
        spec: { refreshInterval: '1h', secretStoreRef: { name: 'store', kind: 'SecretStore' }, target: { name: `ext-${i}` }, data: [{ secretKey: 'k', remoteRef: { key: `prod/${i}` } }] },
      },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `deny-${i}`, namespace: ns }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
      { apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: `sealed-${i}`, namespace: ns }, spec: { encryptedData: { k: Buffer.concat([Buffer.from([1, 0]), Buffer.alloc(300, i % 256)]).toString('base64') } } },
    );
  }
  return out.slice(0, n);
}

function main(): void {
  const args = process.argv.slice(2);
  const count = args.find(a => !a.startsWith('--'));
  const n = count !== undefined ? Number(count) : args.includes('--quick') ? 1000 : 10000;
  if (!Number.isInteger(n) || n <= 0) {
    throw new Error(`audit.bench: the object count must be a positive integer; received ${JSON.stringify(count)}.`);
  }
  const manifests = objects(n);
  const text = manifests.map(m => stringify(m)).join('---\n');
  auditManifests(manifests.slice(0, 50)); // start the secretlint worker once, outside the timing
  for (const [label, run] of [
    ['parsed objects (auditManifests)', () => auditManifests(manifests)],
    ['YAML text, as the CLI reads it (auditText)', () => auditText(text, 'bench.yaml')],
  ] as const) {
    const start = process.hrtime.bigint();
    const report = run();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(`${label}: ${report.objectCount} objects, ${report.findings.length} findings in ${seconds.toFixed(2)} s = ${Math.round(report.objectCount / seconds)} objects/s`);
  }
}

main();
