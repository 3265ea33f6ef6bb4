import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { parseAllDocuments, parse } from 'yaml';
import { FLUX_AGE_RECIPIENT, GitOpsChart } from '../../examples/cdk8s/gitops/main';
import { PlaintextSecretGuard } from '../../src';
import { independentSopsDecrypt } from '../helpers/independent-sops';
import { unseal } from '../helpers/independent-unseal';
import { expectValidManifests } from '../helpers/schema';

const FIX = path.join(__dirname, '..', 'fixtures');
const KEY = fs.readFileSync(path.join(FIX, 'sealed-secrets', 'test-key.pem'), 'utf8');
const FLUX_IDENTITY = fs.readFileSync(path.join(FIX, 'sops', 'keys', 'flux-kustomize-controller-age.txt'), 'utf8').split('\n').find(l => l.startsWith('AGE-'))!;

describe('examples/cdk8s/gitops', () => {
  const synth = () => {
    const app = Testing.app({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-')) });
    PlaintextSecretGuard.of(app);
    new GitOpsChart(app, 'payments');
    app.synth();
    const text = fs.readFileSync(path.join(app.outdir, 'payments.k8s.yaml'), 'utf8');
    return { text, docs: parseAllDocuments(text).map(d => d.toJS()), rawDocs: text.split(/^---$/m) };
  };

  test('all objects validate; no placeholder plaintext in the output', () => {
    const { text, docs } = synth();
    expectValidManifests(docs);
    for (const plain of ['example-not-a-real-password', 'example-placeholder-token', 'example-placeholder-signing-key']) {
      expect(text).not.toContain(plain);
    }
  });

  test('the pre-sealed SealedSecret is passed through unchanged; the synth-sealed one unseals only as payments/api-token', () => {
    const { docs } = synth();
    const presealed = parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'cdk8s', 'gitops', 'sealed', 'database-credentials.yaml'), 'utf8'));
    const db = docs.find(d => d.kind === 'SealedSecret' && d.metadata.name === 'database-credentials');
    expect(db.spec.encryptedData).toEqual(presealed.spec.encryptedData);
    expect(unseal(db.spec.encryptedData.password, KEY, 'payments/database-credentials')).toBe('example-not-a-real-password');
    const token = docs.find(d => d.kind === 'SealedSecret' && d.metadata.name === 'api-token');
    expect(unseal(token.spec.encryptedData.token, KEY, 'payments/api-token')).toBe('example-placeholder-token');
    expect(() => unseal(token.spec.encryptedData.token, KEY, 'payments/database-credentials')).toThrow();
  });

  test('the SOPS Secret decrypts with the Flux identity and its MAC verifies', () => {
    const { rawDocs } = synth();
    const sopsDoc = rawDocs.find(d => d.includes('sops:'))!;
    const result = independentSopsDecrypt(sopsDoc, FLUX_IDENTITY);
    expect(result.macVerified).toBe(true);
    expect(result.document.stringData).toEqual({ signingKey: 'example-placeholder-signing-key' });
    expect(result.encryptedPaths).toEqual(['stringData.signingKey']);
    expect(parse(sopsDoc).sops.age[0].recipient).toBe(FLUX_AGE_RECIPIENT);
  });

  test('Flux Kustomization with SOPS decryption; Reloader on the Deployment', () => {
    const { docs } = synth();
    const k = docs.find(d => d.kind === 'Kustomization');
    expect(k.spec.decryption).toEqual({ provider: 'sops', secretRef: { name: 'sops-age' } });
    expect(k.spec.prune).toBe(true);
    const d = docs.find(x => x.kind === 'Deployment');
    expect(d.metadata.annotations['secret.reloader.stakater.com/reload']).toBe('api-token,database-credentials,payment-webhook');
  });
});
