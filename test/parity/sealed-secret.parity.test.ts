/**
 * Parity: the cdk8s and Pulumi SealedSecrets build the same object from the same input (pre-sealed values,
 * so the output is deterministic) and refuse the same bad input with the same message (issue 12).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import * as cdk8s from '../../src';
import { loadSealingCertificate, sealValue } from '../../src/core';
import * as pl from '../../src/pulumi';
import { only, synthValid, testChart } from '../helpers/cdk8s';
import { kubernetesManifests, resetRecorded, settle, setupPulumiMocks } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';
import { CANARIES } from '../hostile/harness';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const FIX = path.join(__dirname, '..', 'fixtures', 'sealed-secrets');
const CERT = fs.readFileSync(path.join(FIX, 'test-cert.pem'), 'utf8');
const EXPIRED = fs.readFileSync(path.join(FIX, 'expired-cert.pem'), 'utf8');
const WEAK = fs.readFileSync(path.join(FIX, 'weak-1024-cert.pem'), 'utf8');
const KEY = fs.readFileSync(path.join(FIX, 'test-key.pem'), 'utf8');
const sealed = sealValue(loadSealingCertificate(CERT), Buffer.from('payments/db'), Buffer.from('fake-parity-value'));

/** The props both front-ends take: name and namespace explicit (the cdk8s chart's namespace is "payments"). */
type Props = cdk8s.SealedSecretProps & pl.SealedSecretArgs;

function cdk8sMessage(props: Props): string {
  try {
    new cdk8s.SealedSecret(testChart(), 's', props);
  } catch (e) {
    return (e as Error).message;
  }
  return 'accepted';
}

function pulumiMessage(props: Props): string {
  try {
    new pl.SealedSecret('s', props);
  } catch (e) {
    expect(e).toBeInstanceOf(pulumi.ResourceError);
    return (e as Error).message;
  }
  return 'accepted';
}

describe('parity: SealedSecret', () => {
  test('the same object from the same pre-sealed input, labels and annotations on metadata and template alike', async () => {
    const props: Props = {
      name: 'db',
      namespace: 'payments',
      encryptedData: { password: sealed },
      labels: { app: 'api' },
      annotations: { owner: 'platform' },
      type: 'Opaque',
      immutable: true,
    };
    const fromCdk8s = only(synthValid(wrapChart(props)), 'SealedSecret');
    const component = new pl.SealedSecret('db', props);
    await settle(component.resource);
    const [fromPulumi] = kubernetesManifests();
    const spec = fromPulumi.spec[pulumi.runtime.specialSigKey] ? fromPulumi.spec.value : fromPulumi.spec;
    const plain = { ...fromPulumi, spec };
    expectValidManifests([plain]);
    expect(plain).toEqual(fromCdk8s);
  });

  test.each<[string, Props]>([
    ['a plaintext value in encryptedData', { name: 'db', namespace: 'payments', encryptedData: { password: CANARIES.value } }],
    ['an empty value', { name: 'db', namespace: 'payments', certificate: CERT, stringData: { password: '' } }],
    ['a number as a value', { name: 'db', namespace: 'payments', certificate: CERT, stringData: { pin: 1234 as unknown as string } }],
    ['stringData as a string', { name: 'db', namespace: 'payments', certificate: CERT, stringData: CANARIES.value as unknown as Record<string, string> }],
    ['an invalid key', { name: 'db', namespace: 'payments', certificate: CERT, stringData: { 'db password': CANARIES.value } }],
    ['no certificate', { name: 'db', namespace: 'payments', stringData: { password: CANARIES.value } }],
    ['a private key as certificate', { name: 'db', namespace: 'payments', certificate: KEY, stringData: { password: CANARIES.value } }],
    ['a weak certificate', { name: 'db', namespace: 'payments', certificate: WEAK, stringData: { password: CANARIES.value } }],
    ['an expired certificate', { name: 'db', namespace: 'payments', certificate: EXPIRED, stringData: { password: CANARIES.value } }],
    ['allowExpiredCertificate: "false"', { name: 'db', namespace: 'payments', certificate: EXPIRED, stringData: { a: CANARIES.value }, allowExpiredCertificate: 'false' as unknown as boolean }],
    ['an unknown scope', { name: 'db', namespace: 'payments', encryptedData: { a: sealed }, scope: 'global' as cdk8s.SealingScope }],
    ['a contradicting scope annotation', { name: 'db', namespace: 'payments', encryptedData: { a: sealed }, annotations: { 'sealedsecrets.bitnami.com/cluster-wide': 'true' } }],
    ['a TLS Secret without its key', { name: 'db', namespace: 'payments', encryptedData: { 'tls.crt': sealed }, type: 'kubernetes.io/tls' }],
    ['immutable: "yes"', { name: 'db', namespace: 'payments', encryptedData: { a: sealed }, immutable: 'yes' as unknown as boolean }],
    ['a bad label', { name: 'db', namespace: 'payments', encryptedData: { a: sealed }, labels: { app: 'a b' } }],
    ['a bad name', { name: 'DB', namespace: 'payments', encryptedData: { a: sealed } }],
    ['no values', { name: 'db', namespace: 'payments' }],
  ])('%s: the same refusal, the same message, in both front-ends', (_, props) => {
    const fromCdk8s = cdk8sMessage(props);
    expect(fromCdk8s).toMatch(/^SealedSecret: /);
    expect(pulumiMessage(props)).toBe(fromCdk8s);
    for (const canary of Object.values(CANARIES)) {
      expect(fromCdk8s).not.toContain(canary);
    }
  });
});

function wrapChart(props: Props) {
  const chart = testChart();
  new cdk8s.SealedSecret(chart, 'db', props);
  return chart;
}
