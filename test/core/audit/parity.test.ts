import * as fs from 'fs';
import * as path from 'path';
import type { PolicyResource, StackValidationArgs } from '@pulumi/policy';
import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { SecretsAuditValidation } from '../../../src/constructs/audit/validation-plugin';
import { auditText } from '../../../src/core/audit/audit';
import { secretsAuditPolicies } from '../../../src/policy';
import { auditForTest, toHaveNoSecretFindings } from '../../../src/testing/secret-findings-matcher';
import { cliProcess } from '../../helpers/cli';
import { CDK8S_EXAMPLES, buildCdk8sExample, cdk8sExampleNames } from '../../helpers/examples';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CORPUS = path.join(ROOT, 'test', 'fixtures', 'audit', 'corpus');

function corpusFiles(dir = CORPUS): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))
    .flatMap(e => (e.isDirectory() ? corpusFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** A finding as every front-end can name it: rule, object, field. */
type Key = string;
const key = (ruleId: string, kind: string, ns: string | undefined, name: string | undefined, field: string): Key => `${ruleId} ${kind} ${ns ?? ''}/${name ?? ''} ${field}`;

/** The corpus's objects as Pulumi resources (kubernetes:<group>/<version>:<Kind>, one URN each). */
function asPulumiResources(): Array<{ resource: PolicyResource; kind: string; ns?: string; name?: string }> {
  return corpusFiles().flatMap(file => parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d => d.toJS()).filter(Boolean).map((m: Record<string, any>, i: number) => {
    const [group, version] = String(m.apiVersion).includes('/') ? String(m.apiVersion).split('/') : ['core', m.apiVersion];
    const type = `kubernetes:${group}/${version}:${m.kind}`;
    return { resource: { type, name: m.metadata?.name, urn: `urn:pulumi:test::corpus::${type}::${path.basename(file)}-${i}`, props: m } as unknown as PolicyResource, kind: m.kind, ns: m.metadata?.namespace, name: m.metadata?.name };
  }));
}

describe('one rule set everywhere: the corpus of real-world manifests', () => {
  let expected: Key[];
  beforeAll(() => {
    expected = corpusFiles().flatMap(f => auditText(fs.readFileSync(f, 'utf8'), f).findings.map(x => key(x.ruleId, x.object.kind, x.object.namespace, x.object.name, x.field))).sort();
  });

  test('the corpus findings are the documented ones', () => {
    expect([...new Set(expected.map(k => k.split(' ')[0]))].sort()).toEqual(['KSS-CSI-001', 'KSS-ENV-001', 'KSS-ESO-002', 'KSS-ESO-005', 'KSS-RBAC-001', 'KSS-RBAC-003', 'KSS-SA-002']);
    expect(expected).toHaveLength(12);
  });

  test('the CLI (a real process, --format json) reports the same findings', async () => {
    const r = await cliProcess(['audit', '--format', 'json', CORPUS], { cwd: ROOT });
    expect(r.code).toBe(1);
    const cli = JSON.parse(r.stdout).findings.map((x: any) => key(x.ruleId, x.object.kind, x.object.namespace, x.object.name, x.field)).sort();
    expect(cli).toEqual(expected);
  });

  test('the cdk8s validation plugin (its cdk8s-cli interface, over the same files) reports the same findings', async () => {
    // The plugin reads context.manifests only; `cdk8s synth` through cdk8s.yaml is covered in
    // test/constructs/audit/secrets-audit.test.ts.
    const violations: any[] = [];
    let status = '';
    const report = { addViolation: (v: unknown) => violations.push(v), submit: (s: string) => { status = s; } };
    await new SecretsAuditValidation().validate({ manifests: corpusFiles(), report });
    expect(status).toBe('failure');
    const byFile = new Map(corpusFiles().map(f => [f, auditText(fs.readFileSync(f, 'utf8'), f)]));
    const plugin = violations.flatMap(v => v.violatingResources.flatMap((res: any) => res.locations.map((loc: string) => {
      const ruleId = v.ruleName.split(' ')[0];
      const field = loc.slice(0, loc.indexOf(': '));
      const f = byFile.get(res.manifestPath)!.findings.find(x => x.ruleId === ruleId && x.field === field && (x.object.name ?? '(unnamed)') === res.resourceName)!;
      return key(ruleId, f.object.kind, f.object.namespace, res.resourceName, field);
    }))).sort();
    expect(plugin).toEqual(expected);
  });

  test('the CrossGuard policy pack (its policies, called as the analyzer does) reports the same findings', () => {
    const resources = asPulumiResources();
    const byUrn = new Map(resources.map(r => [r.resource.urn, r]));
    const args = {
      resources: resources.map(r => r.resource), stackTags: new Map(), getConfig: () => ({}), notApplicable: () => undefined,
    } as unknown as StackValidationArgs;
    const found: Key[] = [];
    for (const p of secretsAuditPolicies()) {
      void p.validateStack(args, (message, urn) => {
        const r = byUrn.get(urn!)!;
        const field = message.replace(/^\[\w+\] /, '').split(' of ')[0];
        found.push(key(p.name, r.kind, r.ns, r.name, field));
      });
    }
    expect(found.sort()).toEqual(expected);
  });

  test('the jest matcher reports the same findings', () => {
    const docs = corpusFiles().map(f => fs.readFileSync(f, 'utf8')).join('\n---\n');
    const matcher = auditForTest(docs).findings.map(x => key(x.ruleId, x.object.kind, x.object.namespace, x.object.name, x.field)).sort();
    expect(matcher).toEqual(expected);
    expect(toHaveNoSecretFindings(docs).pass).toBe(false);
  });
});

describe('the library\'s own examples audit clean (every cdk8s example, no exceptions)', () => {


  test('the table lists every folder of examples/cdk8s', () => {
    expect(Object.keys(CDK8S_EXAMPLES).sort()).toEqual(cdk8sExampleNames());
  });

  test.each(Object.keys(CDK8S_EXAMPLES))('examples/cdk8s/%s', name => {
    const app = Testing.app();
    buildCdk8sExample(name, app);
    expect(app.charts.flatMap(c => c.toJson()).length).toBeGreaterThan(0);
    expect(auditForTest(app).findings.map(f => `${f.ruleId} ${f.object.kind}/${f.object.name} ${f.field}`)).toEqual([]);
    const result = toHaveNoSecretFindings(app);
    expect([result.pass, result.pass ? '' : result.message()]).toEqual([true, '']);
  });
});
