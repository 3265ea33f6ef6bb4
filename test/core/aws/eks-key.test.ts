import { ValidationError, eksClusterSettings } from '../../../src/core';
import { checkEksClusterName, eksClusterKmsKeyArn, eksSecretsKeySettings } from '../../../src/core/aws/eks';

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('eksClusterSettings: opt-ins and the Pod Identity agent', () => {
  test('endpointPublicAccess opens the endpoint only for the boolean true', () => {
    expect(() => eksClusterSettings({ subnetCount: 2, endpointPublicAccess: 'false' as unknown as boolean, publicAccessCidrs: ['203.0.113.0/24'] }))
      .toThrow('KmsEncryptedEksCluster: endpointPublicAccess must be the boolean true to opt in, or false or unset; received a string "false".');
    expect(eksClusterSettings({ subnetCount: 2, endpointPublicAccess: false }).endpointPublicAccess).toBe(false);
  });

  test('the eks-pod-identity-agent add-on is on by default, off only with the boolean false', () => {
    expect(eksClusterSettings({ subnetCount: 2 }).podIdentityAgent).toBe(true);
    expect(eksClusterSettings({ subnetCount: 2, podIdentityAgent: false }).podIdentityAgent).toBe(false);
    expect(() => eksClusterSettings({ subnetCount: 2, podIdentityAgent: 'no' as unknown as boolean }))
      .toThrow('KmsEncryptedEksCluster: podIdentityAgent must be true or false; received a string "no".');
  });

  test('a log type list must be a list', () => {
    expect(() => eksClusterSettings({ subnetCount: 2, enabledClusterLogTypes: 'audit' as unknown as [] }))
      .toThrow('KmsEncryptedEksCluster: enabledClusterLogTypes must be a list of EKS log types; received a string "audit" (wrap a single value in [ ]).');
  });
});

describe('the key of a cluster', () => {
  test('an existing key must be a key in the cluster region', () => {
    expect(eksClusterKmsKeyArn(KEY, 'us-east-1')).toBe(KEY);
    expect(() => eksClusterKmsKeyArn(KEY, 'eu-west-1')).toThrow(
      `KmsEncryptedEksCluster: kmsKeyArn "${KEY}" is in region "us-east-1" but the cluster is created in "eu-west-1"; EKS encrypts Secrets only with a key of the cluster's region.`);
    expect(() => eksClusterKmsKeyArn('arn:aws:kms:us-east-1:111122223333:alias/eks')).toThrow(ValidationError);
  });

  test.each<[string, Parameters<typeof eksSecretsKeySettings>[0], string]>([
    ['admins with an existing key', { kmsKeyArn: KEY, keyAdminArns: ['arn:aws:iam::111122223333:role/a'] },
      'KmsEncryptedEksCluster: keyAdminArns applies only to the key this component creates, but kmsKeyArn names an existing key; configure that key directly (keyAdminArns would be ignored), or drop kmsKeyArn.'],
    ['an alias and a window with an existing key', { kmsKeyArn: KEY, keyAlias: 'alias/eks/x', keyDeletionWindowGiven: true },
      'KmsEncryptedEksCluster: keyAlias applies only to the key this component creates, but kmsKeyArn names an existing key; configure that key directly (keyAlias, keyDeletionWindowInDays would be ignored), or drop kmsKeyArn.'],
    ['an AWS-reserved alias', { keyAlias: 'alias/aws/eks' },
      'KmsEncryptedEksCluster: keyAlias "alias/aws/eks" is not a KMS alias name: use "alias/" and letters, digits, \'/\', \'_\' and \'-\', not the AWS-reserved "alias/aws/".'],
    ['an alias without the prefix', { keyAlias: 'eks-secrets' },
      'KmsEncryptedEksCluster: keyAlias "eks-secrets" is not a KMS alias name'],
    ['a string for accountRootKeyAccess', { accountRootKeyAccess: 'false' as unknown as boolean },
      'KmsEncryptedEksCluster: accountRootKeyAccess must be true or false; received a string "false".'],
  ])('refuses %s', (_, options, message) => {
    expect(() => eksSecretsKeySettings(options)).toThrow(message);
  });

  test('cluster names', () => {
    expect(checkEksClusterName('C', 'clusterName', 'prod-1_a')).toBe('prod-1_a');
    expect(() => checkEksClusterName('C', 'clusterName', '-prod')).toThrow('C: clusterName "-prod" is not an EKS cluster name (1 to 100 letters, digits, \'-\' and \'_\', starting with a letter or digit).');
  });
});
