import * as fs from 'fs';
import * as path from 'path';
import { AUDIT_RULES, auditText } from '../../../src/core/audit/audit';

const CASES = path.join(__dirname, '..', '..', 'fixtures', 'audit', 'cases');

function read(id: string, which: 'positive' | 'negative'): string {
  return fs.readFileSync(path.join(CASES, id, `${which}.yaml`), 'utf8');
}

describe('the audit rule set', () => {
  test('ids are stable KSS-<FAMILY>-NNN, unique, and each family has several rules', () => {
    const ids = AUDIT_RULES.map(r => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of AUDIT_RULES) {
      expect(r.id).toMatch(new RegExp(`^KSS-${r.family}-\\d{3}$`));
      expect(['high', 'medium', 'low']).toContain(r.severity);
      expect(r.title.length).toBeGreaterThan(10);
      expect(r.description.length).toBeGreaterThan(20);
      expect(r.why).toMatch(/https?:\/\/|\.go\b|getsops|sealed-secrets|external-secrets/);
      expect(r.fix.length).toBeGreaterThan(10);
    }
    const families = new Map<string, number>();
    AUDIT_RULES.forEach(r => families.set(r.family, (families.get(r.family) ?? 0) + 1));
    for (const [family, count] of families) {
      expect([family, count >= 2]).toEqual([family, true]);
    }
    expect([...families.keys()].sort()).toEqual(['AUDIT', 'CSI', 'ENC', 'ENV', 'ESO', 'INF', 'NET', 'PLAIN', 'RBAC', 'RELOAD', 'SA', 'SEAL', 'SOPS', 'VAULT']);
  });

  test('every rule has a positive and a negative minimal case, and no others', () => {
    expect(fs.readdirSync(CASES).sort()).toEqual(AUDIT_RULES.map(r => r.id).sort());
  });

  describe.each(AUDIT_RULES.map(r => [r.id]))('%s', id => {
    test('positive case: reported, naming the field, with the rule\'s fix', () => {
      const report = auditText(read(id, 'positive'), `${id}/positive.yaml`);
      const hits = report.findings.filter(f => f.ruleId === id);
      expect(hits.length).toBeGreaterThan(0);
      const rule = AUDIT_RULES.find(r => r.id === id)!;
      for (const f of hits) {
        expect(f.severity).toBe(rule.severity);
        expect(f.fix).toBe(rule.fix);
        expect(f.object.file).toBe(`${id}/positive.yaml`);
        expect(f.object.line).toBeGreaterThanOrEqual(1);
        // The message names the field (its last segment: an annotation key, a rule index, a key).
        const last = /(?:\["([^"]+)"\]|\.?([^.[\]]+)(?:\[\d+\])?)$/.exec(f.field)!;
        expect(f.message).toContain(last[1] ?? last[2]);
      }
    });
    test('negative case: not reported', () => {
      const report = auditText(read(id, 'negative'), `${id}/negative.yaml`);
      expect(report.findings.filter(f => f.ruleId === id)).toEqual([]);
    });
  });
});

describe('Reloader annotations are read as Reloader reads them (stakater/Reloader pkg/common/common.go, ShouldReload)', () => {
  const generated = (name: string) => `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: {name: gen, namespace: app}
spec:
  refreshInterval: 1h
  target: {name: ${JSON.stringify(name)}}
  dataFrom:
  - sourceRef:
      generatorRef: {apiVersion: generators.external-secrets.io/v1alpha1, kind: Password, name: pw}
`;
  const workload = (kind: string, annotations: Record<string, string>, podAnnotations: Record<string, string> = {}, mounted = true) => `---
apiVersion: apps/v1
kind: ${kind}
metadata: {name: web, namespace: app, annotations: ${JSON.stringify(annotations)}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}, annotations: ${JSON.stringify(podAnnotations)}}
    spec:
      serviceAccountName: web
      automountServiceAccountToken: false
      volumes: [{name: s, secret: {secretName: db.credentials, defaultMode: 256}}]
      containers: [{name: web, image: nginx, volumeMounts: ${JSON.stringify(mounted ? [{ name: 's', mountPath: '/s' }] : [])}}]
`;
  const eso007 = (yaml: string) => auditText(yaml, 'x.yaml').findings.filter(f => f.ruleId === 'KSS-ESO-007').map(f => f.message);

  test.each<[string, string, Record<string, string>, Record<string, string>, boolean]>([
    // mountSecret writes a dotted name quoted for Go regexp: the entry db\.credentials selects db.credentials.
    ['an entry quoted as the library writes it', 'db.credentials', { 'secret.reloader.stakater.com/reload': 'db\\.credentials' }, {}, true],
    ['an entry that is a pattern', 'db-prod', { 'secret.reloader.stakater.com/reload': 'api, db-.*' }, {}, true],
    ['an entry anchored as ^entry$ (no partial match)', 'db-prod', { 'secret.reloader.stakater.com/reload': 'db' }, {}, false],
    ['auto spelled as Go ParseBool accepts it ("1")', 'db.credentials', { 'reloader.stakater.com/auto': '1' }, {}, true],
    ['auto that ParseBool refuses ("yes")', 'db.credentials', { 'reloader.stakater.com/auto': 'yes' }, {}, false],
    ['the pod template\'s annotations when the workload has none', 'db.credentials', {}, { 'secret.reloader.stakater.com/auto': 'true' }, true],
    ['not the pod template\'s when the workload has a reload key', 'db.credentials', { 'secret.reloader.stakater.com/reload': 'other' }, { 'reloader.stakater.com/auto': 'true' }, false],
    ['an invalid entry selects nothing', 'db.credentials', { 'secret.reloader.stakater.com/reload': 'db.(credentials' }, {}, false],
    // The exclude list (exact names, the workload's own annotations) wins over auto and the reload list.
    ['a Secret on the exclude list', 'db.credentials', { 'reloader.stakater.com/auto': 'true', 'secrets.exclude.reloader.stakater.com/reload': 'other, db.credentials' }, {}, false],
    ['a Secret on the reload list and the exclude list', 'db.credentials', { 'secret.reloader.stakater.com/reload': 'db\\.credentials', 'secrets.exclude.reloader.stakater.com/reload': 'db.credentials' }, {}, false],
  ])('%s', (_, target, annotations, podAnnotations, reported) => {
    expect(eso007(generated(target) + workload('Deployment', annotations, podAnnotations)).length).toBe(reported ? 1 : 0);
  });

  test('auto counts a Secret only where a container uses it (getContainerUsingResource): a volume nobody mounts does not', () => {
    expect(eso007(generated('db.credentials') + workload('Deployment', { 'reloader.stakater.com/auto': 'true' }, {}, false))).toEqual([]);
    expect(eso007(generated('db.credentials') + workload('Deployment', { 'reloader.stakater.com/auto': 'true' }, {}, true))).toHaveLength(1);
  });

  test('a ReplicaSet or a bare Pod is not restarted by Reloader', () => {
    expect(eso007(generated('db.credentials') + workload('ReplicaSet', { 'secret.reloader.stakater.com/reload': 'db\\.credentials' }))).toEqual([]);
    const pod = `---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: app, annotations: {secret.reloader.stakater.com/reload: db\\.credentials}}
spec:
  volumes: [{name: s, secret: {secretName: db.credentials, defaultMode: 256}}]
  containers: [{name: web, image: nginx, volumeMounts: [{name: s, mountPath: /s}]}]
`;
    expect(eso007(generated('db.credentials') + pod)).toEqual([]);
  });

  const reload001 = (yaml: string) => auditText(yaml, 'x.yaml').findings.filter(f => f.ruleId === 'KSS-RELOAD-001').map(f => f.field);
  const job = (annotations: Record<string, string>, podAnnotations: Record<string, string> = {}) => `apiVersion: batch/v1
kind: Job
metadata: {name: migrate, namespace: app, annotations: ${JSON.stringify(annotations)}}
spec:
  template:
    metadata: {annotations: ${JSON.stringify(podAnnotations)}}
    spec:
      restartPolicy: Never
      containers: [{name: migrate, image: registry.example.com/migrate:1.0.0}]
`;

  test('KSS-RELOAD-001 reads each kind of resource on its own: SecretProviderClass keys on the Job, and on the pod template', () => {
    expect(reload001(job({ 'secretproviderclass.reloader.stakater.com/reload': 'aws-db' }))).toEqual(['metadata.annotations["secretproviderclass.reloader.stakater.com/reload"]']);
    expect(reload001(job({ 'secretproviderclass.reloader.stakater.com/auto': 'true' }))).toEqual(['metadata.annotations["secretproviderclass.reloader.stakater.com/auto"]']);
    // A Secret reload key on the Job does not hide the pod template's SecretProviderClass auto key.
    expect(reload001(job({ 'secret.reloader.stakater.com/reload': 'db' }, { 'secretproviderclass.reloader.stakater.com/auto': 'true' }))).toEqual([
      'metadata.annotations["secret.reloader.stakater.com/reload"]',
      'spec.template.metadata.annotations["secretproviderclass.reloader.stakater.com/auto"]',
    ]);
  });

  test('KSS-RELOAD-001: search must be exactly "true" (no ParseBool), and auto is reported once', () => {
    expect(reload001(job({ 'reloader.stakater.com/search': 'True' }))).toEqual([]);
    expect(reload001(job({ 'reloader.stakater.com/search': 'true' }))).toEqual(['metadata.annotations["reloader.stakater.com/search"]']);
    expect(reload001(job({ 'reloader.stakater.com/auto': 't' }))).toEqual(['metadata.annotations["reloader.stakater.com/auto"]']);
  });
});

describe('KSS-VAULT-003 reads the file mode as vault-k8s and consul-template apply it', () => {
  const pod = (annotations: Record<string, string>) => `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: app
  annotations: ${JSON.stringify({ 'vault.hashicorp.com/agent-inject': 'true', 'vault.hashicorp.com/role': 'web', ...annotations })}
spec:
  serviceAccountName: web
  automountServiceAccountToken: false
  containers: [{name: web, image: nginx}]
`;
  const vault003 = (annotations: Record<string, string>) => auditText(pod(annotations), 'p.yaml').findings.filter(f => f.ruleId === 'KSS-VAULT-003').map(f => f.field);

  test.each<[string, Record<string, string>, string[]]>([
    // vault-k8s secrets() declares a secret by agent-inject-secret-, agent-inject-template-file- or agent-inject-template-.
    ['a template-only secret without a mode', { 'vault.hashicorp.com/agent-inject-template-db': '{{ with secret "secret/data/db" }}{{ .Data.data.password }}{{ end }}' }, ['metadata.annotations["vault.hashicorp.com/agent-inject-template-db"]']],
    ['a template-file secret without a mode (the longer prefix wins: the secret is "db")', { 'vault.hashicorp.com/agent-inject-template-file-db': '/vault/templates/db.ctmpl', 'vault.hashicorp.com/agent-inject-perms-db': '0400' }, []],
    ['an empty mode, which vault-k8s ignores (config.go: FilePermission != "")', { 'vault.hashicorp.com/agent-inject-secret-db': 'secret/data/db', 'vault.hashicorp.com/agent-inject-perms-db': '' }, ['metadata.annotations["vault.hashicorp.com/agent-inject-secret-db"]']],
    ['a blank secret, which vault-k8s skips', { 'vault.hashicorp.com/agent-inject-secret-db': ' ' }, []],
    ['a secret and its template, one secret', { 'vault.hashicorp.com/agent-inject-secret-db': 'secret/data/db', 'vault.hashicorp.com/agent-inject-template-db': '{{ . }}' }, ['metadata.annotations["vault.hashicorp.com/agent-inject-secret-db"]']],
  ])('%s', (_, annotations, fields) => {
    expect(vault003(annotations)).toEqual(fields);
  });

  test('a secret without agent-inject-perms-<name> is reported (consul-template default 0644), each secret once', () => {
    const report = auditText(read('KSS-VAULT-003', 'positive'), 'p.yaml');
    expect(report.findings.filter(f => f.ruleId === 'KSS-VAULT-003').map(f => f.message)).toEqual([
      'vault.hashicorp.com/agent-inject-perms-db of Deployment app/web is "0644": every user of the pod can read the file.',
      'vault.hashicorp.com/agent-inject-secret-api of Deployment app/web has no vault.hashicorp.com/agent-inject-perms-api: the agent writes the file with consul-template\'s default mode 0644, so every user of the pod can read it.',
    ]);
  });
});
