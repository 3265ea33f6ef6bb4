/**
 * Parity of the GitOps blocks (issue 13): the cdk8s and Pulumi SopsSecret decrypt to the same Secret and
 * refuse the same input with the same message; FluxKustomization builds the same object; the
 * PlaintextSecretGuard (cdk8s validation, Pulumi transform) refuses the same objects with the same words,
 * only the place named (construct path, resource name) and the way to allow it differ.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, ApiObjectProps, App, Chart, Testing } from 'cdk8s';
import { stringify } from 'yaml';
import * as cdk8s from '../../src';
import { ageKeygen } from '../../src/core';
import * as pl from '../../src/pulumi';
import { only, synthValid, testChart } from '../helpers/cdk8s';
import { independentSopsDecrypt } from '../helpers/independent-sops';
import { onlyResourceOf, resetRecorded, settle, setupPulumiMocks } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';
import { asApplied, sortKeys } from '../helpers/secret-render';
import { CANARIES } from '../hostile/harness';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const { identity, recipient } = ageKeygen();

type SopsProps = cdk8s.SopsSecretProps & pl.SopsSecretArgs & { name: string };

function message(build: () => unknown): string {
  try {
    build();
  } catch (e) {
    return (e as Error).message;
  }
  return 'accepted';
}

describe('parity: SopsSecret', () => {
  test('both decrypt (independent decryptor, MAC verified) to the same Secret, with the same SOPS rule and recipients', async () => {
    const props: SopsProps = {
      name: 'api-keys',
      namespace: 'payments',
      ageRecipients: [recipient],
      labels: { app: 'api' },
      annotations: { owner: 'platform' },
      type: 'Opaque',
      immutable: true,
      stringData: { token: 'fake-token-1', alpha: 'fake-alpha' },
    };
    const app = Testing.app({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'sops-parity-')) });
    const chart = new Chart(app, 'payments', { namespace: 'payments' });
    new cdk8s.SopsSecret(chart, 'api', props);
    app.synth();
    const cdk8sYaml = fs.readdirSync(app.outdir).filter(f => f.endsWith('.yaml')).map(f => fs.readFileSync(path.join(app.outdir, f), 'utf8')).join('');
    const fromCdk8s = independentSopsDecrypt(cdk8sYaml, identity);
    const component = new pl.SopsSecret('api', props);
    await settle(component.resource);
    const inputs = onlyResourceOf('kubernetes:core/v1:Secret').inputs;
    const fromPulumi = independentSopsDecrypt(stringify(sortKeys(inputs)), identity);
    expect(fromCdk8s.macVerified).toBe(true);
    expect(fromPulumi.macVerified).toBe(true);
    expectValidManifests([fromCdk8s.document, fromPulumi.document]);
    expect(asApplied(fromPulumi.document)).toEqual(asApplied(fromCdk8s.document));
    const cdk8sSops = only(synthValid(wrap(props)), 'Secret').sops;
    for (const key of ['encrypted_regex', 'version']) {
      expect(inputs.sops[key]).toEqual(cdk8sSops[key]);
    }
    expect(inputs.sops.age.map((a: any) => a.recipient)).toEqual(cdk8sSops.age.map((a: any) => a.recipient));
  });

  test.each<[string, SopsProps]>([
    ['no recipients', { name: 's', ageRecipients: [], stringData: { a: CANARIES.value } }],
    ['recipients as a string', { name: 's', ageRecipients: recipient as unknown as string[], stringData: { a: CANARIES.value } }],
    ['a bad recipient', { name: 's', ageRecipients: ['age1notarecipient'], stringData: { a: CANARIES.value } }],
    ['an empty value', { name: 's', ageRecipients: [recipient], stringData: { a: '' } }],
    ['a number as a value', { name: 's', ageRecipients: [recipient], stringData: { pin: 1234 as unknown as string } }],
    ['no values', { name: 's', ageRecipients: [recipient], stringData: {} }],
    ['an invalid key', { name: 's', ageRecipients: [recipient], stringData: { 'db password': CANARIES.value } }],
    ['a bad rule', { name: 's', ageRecipients: [recipient], stringData: { a: CANARIES.value }, encryptedRegex: '(' }],
    ['a bad name', { name: 'S S', ageRecipients: [recipient], stringData: { a: CANARIES.value } }],
    ['a bad label', { name: 's', ageRecipients: [recipient], stringData: { a: CANARIES.value }, labels: { app: 'a b' } }],
    ['immutable: "yes"', { name: 's', ageRecipients: [recipient], stringData: { a: CANARIES.value }, immutable: 'yes' as unknown as boolean }],
  ])('%s: the same refusal, the same message, in both front-ends', (_, props) => {
    const fromCdk8s = message(() => new cdk8s.SopsSecret(testChart(), 's', props));
    expect(fromCdk8s).toMatch(/^SopsSecret: /);
    expect(message(() => new pl.SopsSecret('s', props))).toBe(fromCdk8s);
    for (const canary of Object.values(CANARIES)) {
      expect(fromCdk8s).not.toContain(canary);
    }
  });
});

test('a rule that encrypts nothing: refused by both, each naming the field it writes (cdk8s stringData, Pulumi data)', () => {
  const props: SopsProps = { name: 's', ageRecipients: [recipient], stringData: { a: CANARIES.value }, encryptedRegex: '^nothing$' };
  const fromCdk8s = message(() => new cdk8s.SopsSecret(testChart(), 's', props));
  expect(fromCdk8s).toMatch(/^SopsSecret: encryptedRegex "\^nothing\$" would leave stringData\["a"\] unencrypted/);
  expect(message(() => new pl.SopsSecret('s', props))).toBe(fromCdk8s.replace(/stringData\["a"\]/, 'data["a"]').replace('("stringData", "a")', '("data", "a")'));
});

function wrap(props: SopsProps): Chart {
  const chart = testChart();
  new cdk8s.SopsSecret(chart, 'api', props);
  return chart;
}

describe('parity: FluxKustomization', () => {
  const props: pl.FluxKustomizationArgs = {
    name: 'payments',
    path: './clusters/prod/payments',
    sourceRef: { kind: 'GitRepository', name: 'platform' },
    interval: '5m',
    serviceAccountName: 'payments-reconciler',
    targetNamespace: 'payments',
    wait: true,
    labels: { team: 'payments' },
  };

  test('the same object', async () => {
    const chart = testChart();
    new cdk8s.FluxKustomization(chart, 'k', props);
    const fromCdk8s = only(synthValid(chart), 'Kustomization');
    const component = new pl.FluxKustomization('k', props);
    await settle(component.resource);
    const fromPulumi = JSON.parse(JSON.stringify(onlyResourceOf('kubernetes:kustomize.toolkit.fluxcd.io/v1:Kustomization').inputs));
    expectValidManifests([fromPulumi]);
    expect(fromPulumi).toEqual(fromCdk8s);
  });

  test.each<[string, pl.FluxKustomizationArgs]>([
    ['a path outside the source', { ...props, path: '../other' }],
    ['an unknown source kind', { ...props, sourceRef: { kind: 'HelmRepository' as 'GitRepository', name: 'x' } }],
    ['a bad interval', { ...props, interval: 'often' }],
    ['disableDecryption: "true"', { ...props, disableDecryption: 'true' as unknown as boolean }],
  ])('%s: the same refusal in both front-ends', (_, args) => {
    const fromCdk8s = message(() => new cdk8s.FluxKustomization(testChart(), 'k', args));
    expect(fromCdk8s).toMatch(/^FluxKustomization: /);
    expect(message(() => new pl.FluxKustomization('k', args))).toBe(fromCdk8s);
  });
});

describe('parity: PlaintextSecretGuard', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['a plaintext Secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'payments' }, stringData: { password: CANARIES.value } }],
    ['base64 data', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'payments' }, data: { password: 'ZmFrZQ==' } }],
    ['a near-miss kind', { apiVersion: 'v1', kind: 'secret', metadata: { name: 'db', namespace: 'payments' }, stringData: { a: CANARIES.value } }],
    ['a Secret in a List', { apiVersion: 'v1', kind: 'List', metadata: { name: 'l', namespace: 'payments' }, items: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'in' }, data: { a: 'ZmFrZQ==' } }] }],
    ['a literal in a SealedSecret template', {
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name: 'db', namespace: 'payments' },
      spec: { encryptedData: {}, template: { data: { dsn: CANARIES.value } } },
    }],
    ['an empty Secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'e', namespace: 'payments' } }],
    ['a ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'payments' }, data: { a: 'b' } }],
  ];

  test.each(cases)('%s: the same verdict and words in both front-ends', (_, manifest) => {
    const app = new App();
    const chart = new Chart(app, 'payments', { namespace: 'payments' });
    new ApiObject(chart, 'obj', manifest as unknown as ApiObjectProps);
    cdk8s.PlaintextSecretGuard.of(app);
    const fromCdk8s = message(() => app.synthYaml()).replace('Validation failed with the following errors:\n  [] ', '').split('\n  [] ');
    const fromPulumi = message(() => pl.PlaintextSecretGuard.transform()({ type: 'kubernetes:x', name: 'obj', props: manifest, opts: {}, custom: true })).split('\n');
    const neutral = (m: string) => m.replace(/\((payments\/obj|resource "obj")( items\[\d+\])?\)/, '(OBJ$2)')
      .replace(/PlaintextSecretGuard\.allow\(construct, reason\)|PlaintextSecretGuard\.transform\(\{ allow: \{ "obj": reason \} \}\)/, 'ALLOW');
    expect(fromPulumi.map(neutral)).toEqual(fromCdk8s.map(neutral));
  });
});
