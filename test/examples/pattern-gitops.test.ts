/**
 * examples/cdk8s/pattern-gitops and examples/pulumi/pattern-gitops: the whole output keeps the pattern
 * invariants, sealed values unseal, SOPS values decrypt, no placeholder value is written in plaintext.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { SealedGitOpsChart, SopsGitOpsChart } from '../../examples/cdk8s/pattern-gitops/main';
import { ageKeygen } from '../../src';
import { synthValid } from '../helpers/cdk8s';
import { independentSopsDecrypt } from '../helpers/independent-sops';
import { unseal } from '../helpers/independent-unseal';
import { expectPatternInvariants } from '../helpers/pattern-invariants';
import { normaliseManifests } from '../helpers/pattern-parity';
import { kubernetesManifests, settle, settled, setupPulumiMocks } from '../helpers/pulumi';

beforeAll(setupPulumiMocks);

const KEY = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'sealed-secrets', 'test-key.pem'), 'utf8');
const PLACEHOLDER = 'example-placeholder-webhook-key';
const INVARIANTS = { exemptNamespaces: ['flux-system'] };

describe('examples/cdk8s/pattern-gitops', () => {
  test('sealed: invariants, both values unseal, the report names the parts', () => {
    const chart = new SealedGitOpsChart(Testing.app(), 'payments');
    const all = synthValid(chart);
    expectPatternInvariants(all, INVARIANTS);
    expect(JSON.stringify(all)).not.toContain(PLACEHOLDER);
    const hook = all.find(m => m.kind === 'SealedSecret' && m.metadata.name === 'webhook-key');
    expect(unseal(hook.spec.encryptedData.key, KEY, 'payments/webhook-key')).toBe(PLACEHOLDER);
    const db = all.find(m => m.kind === 'SealedSecret' && m.metadata.name === 'database-credentials');
    expect(unseal(db.spec.encryptedData.password, KEY, 'payments/database-credentials')).toBe('example-not-a-real-password');
    expect(chart.gitops.report.controls.find(c => c.id === 'no-plaintext-in-git')!.enforcedBy)
      .toEqual(['SealedSecret payments/database-credentials', 'SealedSecret payments/webhook-key']);
  });

  test('SOPS: the Secret decrypts for the recipient given; .sops.yaml names it', () => {
    const { identity, recipient } = ageKeygen();
    const app = Testing.app();
    const chart = new SopsGitOpsChart(app, 'ledger', recipient);
    const all = synthValid(chart);
    expectPatternInvariants(all, INVARIANTS);
    const text = app.synthYaml();
    expect(text).not.toContain(PLACEHOLDER);
    const secretDoc = text.split(/^---$/m).find(d => /kind: Secret\n/.test(d))!;
    const result = independentSopsDecrypt(secretDoc, identity);
    expect(result.macVerified).toBe(true);
    expect(result.document.stringData).toEqual({ key: PLACEHOLDER });
    expect(chart.gitops.sopsConfig).toContain(recipient);
  });
});

describe('examples/pulumi/pattern-gitops', () => {
  test('under mocks: invariants, the synth-sealed value unseals, the Reloader annotation', async () => {
    const program = await import('../../examples/pulumi/pattern-gitops');
    const report = await settled(program.report); // resolves once every part is registered
    expect(report.pattern).toBe('GitOpsSecrets');
    await settle();
    const all = normaliseManifests(kubernetesManifests());
    expectPatternInvariants(all, INVARIANTS);
    expect(JSON.stringify(all)).not.toContain(PLACEHOLDER);
    const hook = all.find(m => m.kind === 'SealedSecret' && m.metadata.name === 'webhook-key');
    expect(unseal(hook.spec.encryptedData.key, KEY, 'payments/webhook-key')).toBe(PLACEHOLDER);
    expect(all.find(m => m.kind === 'Deployment').metadata.annotations['secret.reloader.stakater.com/reload']).toBe('database-credentials,webhook-key');
  });
});
