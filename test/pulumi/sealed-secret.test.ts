import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { SealedSecret, SealingScope } from '../../src/pulumi';
import { reEncrypt } from '../helpers/independent-rotate';
import { unseal } from '../helpers/independent-unseal';
import { kubernetesManifests, onlyResourceOf, resetRecorded, settle, setupPulumiMocks } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';

const FIX = path.join(__dirname, '..', 'fixtures', 'sealed-secrets');
const CERT = fs.readFileSync(path.join(FIX, 'test-cert.pem'), 'utf8');
const KEY = fs.readFileSync(path.join(FIX, 'test-key.pem'), 'utf8');
const FAKE = 'fake-pulumi-password-2718';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

describe('SealedSecret (Pulumi)', () => {
  test('seals plain and Output values; the controller label is respected', async () => {
    const s = new SealedSecret('db', {
      name: 'database-credentials',
      namespace: 'payments',
      certificate: CERT,
      scope: SealingScope.STRICT,
      stringData: { username: 'admin', password: pulumi.secret(FAKE) },
    });
    await settle(s.resource);
    const inputs = onlyResourceOf('kubernetes:bitnami.com/v1alpha1:SealedSecret').inputs;
    const spec = inputs.spec[pulumi.runtime.specialSigKey] ? inputs.spec.value : inputs.spec;
    expect(unseal(spec.encryptedData.password, KEY, 'payments/database-credentials')).toBe(FAKE);
    expect(unseal(spec.encryptedData.username, KEY, 'payments/database-credentials')).toBe('admin');
    expect(JSON.stringify(inputs)).not.toContain(FAKE);
    expect(s.secretName).toBe('database-credentials');
    expectValidManifests(kubernetesManifests().map(m => ({ ...m, spec: m.spec[pulumi.runtime.specialSigKey] ? m.spec.value : m.spec })));
  });

  test('refuses a weak certificate with a ResourceError', () => {
    const build = () => new SealedSecret('db', {
      name: 'x', namespace: 'payments', certificate: fs.readFileSync(path.join(FIX, 'weak-1024-cert.pem'), 'utf8'), stringData: { a: 'b' },
    });
    expect(build).toThrow(pulumi.ResourceError);
    expect(build).toThrow('SealedSecret: certificate has an RSA key of 1024 bits; at least 2048 are required (the controller generates 4096).');
  });

  test('labelled and annotated: metadata equals the template, so kubeseal --re-encrypt (v0.36) keeps them', async () => {
    const s = new SealedSecret('db', {
      name: 'database-credentials',
      namespace: 'payments',
      certificate: CERT,
      scope: SealingScope.NAMESPACE_WIDE,
      stringData: { password: pulumi.secret(FAKE) },
      labels: { app: 'api' },
      annotations: { owner: 'platform' },
    });
    await settle(s.resource);
    const inputs = onlyResourceOf('kubernetes:bitnami.com/v1alpha1:SealedSecret').inputs;
    const spec = inputs.spec[pulumi.runtime.specialSigKey] ? inputs.spec.value : inputs.spec;
    const meta = { name: 'database-credentials', namespace: 'payments', labels: { app: 'api' }, annotations: { 'owner': 'platform', 'sealedsecrets.bitnami.com/namespace-wide': 'true' } };
    expect(inputs.metadata).toEqual(meta);
    expect(spec.template.metadata).toEqual(meta);
    const outcome = reEncrypt({ metadata: inputs.metadata, spec }, KEY);
    expect(outcome.metadataMatched).toBe(true);
    expect(outcome.secretMetadata).toEqual(meta);
    expect(outcome.data).toEqual({ password: FAKE });
  });
});
