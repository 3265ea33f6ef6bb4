import * as fs from 'fs';
import { Testing } from 'cdk8s';
import { PaymentsChart } from '../../examples/cdk8s/pattern-enterprise-vault/main';
import { ofKind, synthValid } from '../helpers/cdk8s';
import { connectionAllowed } from '../helpers/netpol';
import { expectPatternInvariants } from '../helpers/pattern-invariants';
import { normaliseManifests } from '../helpers/pattern-parity';
import { kubernetesManifests, resetRecorded, settle, setupPulumiMocks } from '../helpers/pulumi';
import { readOnlyPolicyProblems } from '../helpers/vault-patterns';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const vaultPod = { namespace: 'vault', labels: { 'app.kubernetes.io/name': 'vault' } };

describe('examples: pattern-enterprise-vault', () => {
  test('cdk8s: valid, invariants kept, the injected pods reach Vault', async () => {
    const chart = new PaymentsChart(Testing.app(), 'payments');
    const manifests = synthValid(chart);
    expectPatternInvariants(manifests, { exemptNamespaces: ['vault', 'monitoring'] });
    const policies = ofKind(manifests, 'NetworkPolicy');
    for (const w of [...ofKind(manifests, 'Deployment'), ...ofKind(manifests, 'CronJob')]) {
      const t = w.kind === 'CronJob' ? w.spec.jobTemplate.spec.template : w.spec.template;
      expect(connectionAllowed(policies, { from: { namespace: 'payments', labels: t.metadata.labels }, to: { pod: vaultPod }, port: 8200 })).toBe(true);
    }
    for (const [name, hcl] of Object.entries(chart.vault.policies)) {
      expect(await readOnlyPolicyProblems(name, hcl, name === 'payments-payment-api-read' ? ['secret/data/payments/postgres'] : ['secret/data/payments/warehouse'])).toEqual([]);
    }
  });

  test('the pattern is at most 15 lines of user code (measured between the markers)', () => {
    const source = fs.readFileSync(require.resolve('../../examples/cdk8s/pattern-enterprise-vault/main.ts'), 'utf8');
    const body = source.split('// --- pattern: begin ---')[1].split('// --- pattern: end ---')[0];
    const lines = body.split('\n').filter(l => l.trim() !== '');
    expect(lines.length).toBeLessThanOrEqual(15);
    expect(source).toContain(`${lines.length} lines`);
  });

  test('Pulumi twin: the same NetworkPolicies, ServiceAccounts and Vault side', async () => {
    const program = await import('../../examples/pulumi/pattern-enterprise-vault');
    await settle(program.vault);
    const pulumiManifests = kubernetesManifests();
    expectPatternInvariants(pulumiManifests, { exemptNamespaces: ['vault', 'monitoring'] });
    const chart = new PaymentsChart(Testing.app(), 'payments');
    const cdk8sManifests = Testing.synth(chart);
    const ignore = ['Deployment', 'CronJob'];
    expect(normaliseManifests(pulumiManifests, ignore)).toEqual(normaliseManifests(cdk8sManifests, ignore));
    expect(program.vault.setupScript).toBe(chart.vault.setupScript);
    expect(program.complianceReport.controls.map(c => c.status)).toEqual(chart.vault.report.controls.map(c => c.status));
  });
});
