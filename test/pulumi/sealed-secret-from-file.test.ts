/**
 * The Pulumi `SealedSecret.fromFile` (issue 17) reads what `kube-secure-secrets seal` writes, as the cdk8s
 * one does: the same name, namespace, scope and ciphertext.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { SealedSecret } from '../../src/pulumi';
import { cli } from '../helpers/cli';
import { unseal } from '../helpers/independent-unseal';
import { kubernetesManifests, onlyResourceOf, resetRecorded, settle, setupPulumiMocks } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';

const FIX = path.join(__dirname, '..', 'fixtures', 'sealed-secrets');
const files = { 'pub-cert.pem': fs.readFileSync(path.join(FIX, 'test-cert.pem'), 'utf8') };
const KEY = fs.readFileSync(path.join(FIX, 'test-key.pem'), 'utf8');
const FAKE = 'fake-pulumi-from-file-3141';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

test('SealedSecret.fromFile (Pulumi) passes the CLI\'s output through', async () => {
  const r = cli(['seal', '--cert', 'pub-cert.pem', '--scope', 'cluster-wide', '--name', 'api', '--from-literal', `token=${FAKE}`, '-o', 'yaml'], { files });
  expect(r.code).toBe(0);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-pulumi-fromfile-'));
  try {
    fs.writeFileSync(path.join(dir, 'api.yaml'), r.stdout);
    const s = SealedSecret.fromFile('api', path.join(dir, 'api.yaml'));
    await settle(s.resource);
    const inputs = onlyResourceOf('kubernetes:bitnami.com/v1alpha1:SealedSecret').inputs;
    const spec = inputs.spec[pulumi.runtime.specialSigKey] ? inputs.spec.value : inputs.spec;
    expect(inputs.metadata).toEqual({ name: 'api', annotations: { 'sealedsecrets.bitnami.com/cluster-wide': 'true' } });
    expect(unseal(spec.encryptedData.token, KEY, '')).toBe(FAKE);
    expect([s.secretName, s.secretNamespace]).toEqual(['api', undefined]);
    expectValidManifests(kubernetesManifests().map(m => ({ ...m, spec: m.spec[pulumi.runtime.specialSigKey] ? m.spec.value : m.spec })));
    expect(() => SealedSecret.fromFile('x', path.join(dir, 'missing.yaml'))).toThrow('cannot be read (ENOENT)');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
