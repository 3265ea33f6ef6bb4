import * as fs from 'fs';
import * as path from 'path';
import { independentAgeDecrypt, independentSopsDecrypt } from './independent-sops';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'sops');
const read = (...p: string[]) => fs.readFileSync(path.join(FIXTURES, ...p), 'utf8');
const identityOf = (file: string) => read('keys', file).split('\n').find(l => l.startsWith('AGE-SECRET-KEY-1'))!;

/** The independent decryptors must themselves be right: they are checked against the upstream fixtures. */
describe('independent SOPS + age decryptor (test helper)', () => {
  test.each([
    ['k8s-secret-v3.9.0', 'flux-kustomize-controller-age.txt'],
    ['k8s-secret-v3.10.2', 'flux-kustomize-controller-age-global.txt'],
    ['nested-list-v3.7.1', 'sops-nix-age.txt'],
    ['types-nested-v3.8.1', 'sops-age-npm-age.txt'],
    ['multiline-int-v3.7.1', 'helm-secrets-age.txt'],
  ])('decrypts %s and verifies its MAC', (name, key) => {
    const result = independentSopsDecrypt(read('encrypted', `${name}.sops.yaml`), identityOf(key));
    expect(result.macVerified).toBe(true);
    expect(result.document).toEqual(JSON.parse(read('expected', `${name}.expected.json`)).documents[0]);
  });

  test('detects a modified file', () => {
    const text = read('encrypted', 'k8s-secret-v3.9.0.sops.yaml').replace('name: age', 'name: other');
    expect(independentSopsDecrypt(text, identityOf('flux-kustomize-controller-age.txt')).macVerified).toBe(false);
  });

  test('decrypts the upstream armored age file', () => {
    expect(independentAgeDecrypt(read('encrypted', 'age-armored-plaintext-data.age'), identityOf('sops-age-keysource-test-identity.txt')).toString()).toBe('data');
  });
});
