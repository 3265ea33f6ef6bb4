import { Testing } from 'cdk8s';
import { build } from '../../examples/cdk8s/pattern-hybrid-multi-cloud/main';
import { only, synthValid } from '../helpers/cdk8s';
import { expectPatternInvariants } from '../helpers/pattern-invariants';
import { normaliseManifests } from '../helpers/pattern-parity';
import { resetRecorded, resourcesOf, settle, setupPulumiMocks, stripUndefined } from '../helpers/pulumi';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const CLUSTERS = ['eks-prod', 'gke-prod', 'aks-prod'];

describe('examples: pattern-hybrid-multi-cloud', () => {
  test('cdk8s: every cluster valid and keeping the invariants; EKS on AWS IAM auth', () => {
    const hybrid = build(Testing.app());
    for (const cluster of CLUSTERS) {
      expectPatternInvariants(synthValid(hybrid.chart(cluster)));
    }
    const eks = synthValid(hybrid.chart('eks-prod'));
    expect(only(eks, 'SecretStore').spec.provider.vault.auth.iam.vaultRole).toBe('eks-prod-payments');
    expect(only(eks, 'ServiceAccount', 'vault-eso').metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/eks-prod-payments-vault' });
    expect(only(synthValid(hybrid.chart('gke-prod')), 'Deployment').metadata.annotations).toEqual({ 'secret.reloader.stakater.com/reload': 'postgres-credentials' });
    expect(hybrid.setupScript('eks-prod')).toContain('bound_iam_principal_arn=arn:aws:iam::111122223333:role/eks-prod-payments-vault');
  });

  test('Pulumi twin: the same objects in every cluster', async () => {
    const program = await import('../../examples/pulumi/pattern-hybrid-multi-cloud');
    await settle(program.hybrid);
    const hybrid = build(Testing.app());
    for (const cluster of CLUSTERS) {
      const fromPulumi = resourcesOf().filter(r => r.type.startsWith('kubernetes:') && r.name.startsWith(`hybrid-${cluster}-`)).map(r => stripUndefined(r.inputs));
      expect(normaliseManifests(fromPulumi, ['Deployment'])).toEqual(normaliseManifests(Testing.synth(hybrid.chart(cluster)), ['Deployment']));
      expect(program.vaultSetupScripts[cluster]).toBe(hybrid.setupScript(cluster));
    }
  });
});
