import { ApiObject, Chart, Testing } from 'cdk8s';
import { SecretFindingsOptions, secretFindingsMatchers } from '../../../src/testing/secret-findings-matcher';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toHaveNoSecretFindings(options?: SecretFindingsOptions): R;
    }
  }
}

expect.extend(secretFindingsMatchers);

const SECRET = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'app' }, stringData: { password: 'fake-password-123' } };
const SA = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web' }, automountServiceAccountToken: false };

describe('toHaveNoSecretFindings', () => {
  test('passes on clean manifests, fails listing the findings (no values) otherwise', () => {
    expect([SA]).toHaveNoSecretFindings();
    let message = '';
    try {
      expect([SA, SECRET]).toHaveNoSecretFindings();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('expected no secret findings, but the auditor reported:');
    expect(message).toContain('Secret app/db\n  HIGH   KSS-PLAIN-001  Secret with plaintext values in the manifest');
    expect(message).not.toContain('fake-password-123');
    expect([SA, SECRET]).not.toHaveNoSecretFindings();
  });

  test('reads YAML text and cdk8s charts; failOn and ignore apply', () => {
    expect('apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: x}\n').not.toHaveNoSecretFindings();
    expect('apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: x}\n').toHaveNoSecretFindings({ failOn: 'medium' });
    const chart = new Chart(Testing.app(), 'c');
    new ApiObject(chart, 's', SECRET);
    expect(chart).not.toHaveNoSecretFindings();
    expect(chart).toHaveNoSecretFindings({ ignore: ['KSS-PLAIN-001'] });
    expect(Testing.synth(chart)).not.toHaveNoSecretFindings();
  });
});
