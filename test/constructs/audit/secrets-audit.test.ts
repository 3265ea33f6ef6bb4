import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { SecretsAudit } from '../../../src/constructs/audit/secrets-audit';
import { SecretsAuditValidation } from '../../../src/constructs/audit/validation-plugin';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function chartWithFindings(app: App): Chart {
  const chart = new Chart(app, 'web', { namespace: 'app' });
  new ApiObject(chart, 'secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'fake-password-123' } });
  new ApiObject(chart, 'sa', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web' } });
  return chart;
}

describe('SecretsAudit.of(app)', () => {
  test('synthesis fails naming each finding at or above the threshold, with the construct path', () => {
    const app = Testing.app();
    chartWithFindings(app);
    SecretsAudit.of(app);
    expect(() => app.synth()).toThrow(/SecretsAudit: \[KSS-PLAIN-001 high\] Secret app\/db \(web\/secret\): stringData\.password of Secret app\/db is a plaintext value/);
    expect(() => app.synth()).toThrow(/\[KSS-SA-001 low\] ServiceAccount app\/web \(web\/sa\)/);
  });

  test('failOn and ignore narrow what fails; the same scope is audited once', () => {
    const app = Testing.app();
    chartWithFindings(app);
    const audit = SecretsAudit.of(app, { failOn: 'medium', ignore: ['KSS-PLAIN-001'] });
    expect(SecretsAudit.of(app)).toBe(audit);
    expect(audit.findings()).toEqual([]);
    expect(() => app.synth()).not.toThrow();
  });

  test('bad options are refused', () => {
    expect(() => SecretsAudit.of(Testing.app(), { failOn: 'critical' as never })).toThrow('SecretsAudit: failOn "critical" is not a severity; use "high", "medium" or "low".');
  });
});

class FakeReport {
  public readonly violations: unknown[] = [];
  public status?: string;
  public addViolation(v: unknown): void {
    this.violations.push(v);
  }
  public submit(status: string): void {
    this.status = status;
  }
}

describe('SecretsAuditValidation (cdk8s-cli validation plugin)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-audit-plugin-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('through its interface: one violation per rule, fields as locations, failure at the threshold', async () => {
    const file = path.join(dir, 'app.k8s.yaml');
    fs.writeFileSync(file, new App({ outdir: dir }).synthYaml.call(((): App => {
      const app = Testing.app();
      chartWithFindings(app);
      return app;
    })()));
    const report = new FakeReport();
    await new SecretsAuditValidation({}).validate({ manifests: [file], report });
    expect(report.status).toBe('failure');
    expect(report.violations).toEqual([
      expect.objectContaining({ ruleName: 'KSS-PLAIN-001 (high): Secret with plaintext values in the manifest', violatingResources: [{ resourceName: 'db', manifestPath: file, locations: [expect.stringMatching(/^stringData\.password: stringData\.password of Secret app\/db is a plaintext value/)] }] }),
      expect.objectContaining({ ruleName: 'KSS-SA-001 (low): ServiceAccount mounts its token by default' }),
    ]);
    const medium = new FakeReport();
    await new SecretsAuditValidation({ failOn: 'high', ignore: ['KSS-PLAIN-001'] }).validate({ manifests: [file], report: medium });
    expect([medium.status, medium.violations]).toEqual(['success', []]);
  });

  test('run by `cdk8s synth` from cdk8s.yaml validations:, failing the synth and writing the report', () => {
    // The plugin entry is a local package (cdk8s-cli src/plugins/_manager.ts: a path starting with "./" or
    // absolute is required as it is); it loads the TypeScript source as ts-node's transpile-only mode does
    // (test/helpers/ts-register.cjs, cached), as lib/ is not built here.
    const plugin = path.join(dir, 'plugin');
    fs.mkdirSync(plugin, { recursive: true });
    fs.writeFileSync(path.join(plugin, 'package.json'), JSON.stringify({ name: 'kss-audit-plugin', version: '0.0.0', main: 'index.js' }));
    fs.writeFileSync(path.join(plugin, 'index.js'), [
      `require(${JSON.stringify(path.join(ROOT, 'test', 'helpers', 'ts-register.cjs'))});`,
      `module.exports = require(${JSON.stringify(path.join(ROOT, 'src', 'constructs', 'audit', 'validation-plugin.ts'))});`,
    ].join('\n'));
    const project = path.join(dir, 'project');
    fs.mkdirSync(project, { recursive: true });
    fs.writeFileSync(path.join(project, 'main.js'), [
      'const { App, Chart, ApiObject } = require("cdk8s");',
      'const app = new App();',
      'const chart = new Chart(app, "web", { namespace: "app" });',
      'new ApiObject(chart, "secret", { apiVersion: "v1", kind: "Secret", metadata: { name: "db" }, stringData: { password: "fake-password-123" } });',
      'new ApiObject(chart, "sa", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "web" }, automountServiceAccountToken: false });',
      'app.synth();',
    ].join('\n'));
    fs.writeFileSync(path.join(project, 'cdk8s.yaml'), [
      'language: typescript',
      'app: node main.js',
      'validations:',
      `  - package: ${plugin}`,
      '    version: 0.0.0',
      '    class: SecretsAuditValidation',
      '    properties: { failOn: medium }',
    ].join('\n'));
    const reports = path.join(project, 'reports.json');
    let code = 0;
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--validation-reports-output-file', reports], {
        cwd: project, stdio: 'pipe', env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), NODE_OPTIONS: '' }, timeout: 120000,
      });
    } catch (e) {
      code = (e as { status: number }).status;
    }
    expect(code).toBe(2); // cdk8s-cli src/util.ts validateApp: process.exit(2) when a report fails
    const json = JSON.parse(fs.readFileSync(reports, 'utf8'));
    expect(json.reports[0].summary.status).toBe('failure');
    expect(json.reports[0].violations.map((v: { ruleName: string }) => v.ruleName)).toEqual(['KSS-PLAIN-001 (high): Secret with plaintext values in the manifest']);
    expect(json.reports[0].violations[0].violatingConstructs[0]).toEqual(expect.objectContaining({ resourceName: 'db', constructPath: 'web/secret' }));
  });
});
