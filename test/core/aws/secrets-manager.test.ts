import { ValidationError, managedSecretSettings, secretRotationDays } from '../../../src/core';
import { managedSecretKmsKeyArn, managedSecretRotationLambdaArn } from '../../../src/core/aws/secrets-manager';

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
/** Stands in for a Pulumi Output (anything with apply). */
const deferred = <T>(value: T) => ({ apply: (f: (v: T) => unknown) => f(value) });

describe('managedSecretSettings: the rules of ManagedSecret, in core', () => {
  test('defaults: the given key, a 30-day window, no rotation', () => {
    expect(managedSecretSettings({ name: 'production/payments/postgres', kmsKeyArn: KEY, value: deferred('v') }))
      .toEqual({ name: 'production/payments/postgres', customerManagedKey: true, recoveryWindowInDays: 30 });
    expect(managedSecretSettings({ name: 'x', allowAwsManagedKey: true, rotation: { lambdaArn: 'arn:aws:lambda:us-east-1:111122223333:function:r', afterDays: 7 }, tags: { 'Cost Center': '1' } }))
      .toEqual({ name: 'x', customerManagedKey: false, recoveryWindowInDays: 30, rotation: { afterDays: 7, rotateImmediately: true }, tags: { 'Cost Center': '1' } });
  });

  test('deferred ARNs pass through, to be checked once they resolve', () => {
    expect(managedSecretSettings({ name: 'x', kmsKeyArn: deferred('anything'), rotation: { lambdaArn: deferred('anything') } }).customerManagedKey).toBe(true);
  });

  test.each<[string, Parameters<typeof managedSecretSettings>[0], string]>([
    ['no customer-managed key', { name: 'x' },
      'ManagedSecret: kmsKeyArn is missing; encrypt the secret with a customer-managed key (e.g. cluster.kmsKeyArn), or set allowAwsManagedKey: true to use aws/secretsmanager.'],
    ['allowAwsManagedKey as a string', { name: 'x', allowAwsManagedKey: 'true' as unknown as boolean },
      'ManagedSecret: allowAwsManagedKey must be the boolean true to opt in, or false or unset; received a string "true".'],
    ['a plaintext value', { name: 'x', allowAwsManagedKey: true, value: 'hunter2-fake' },
      'ManagedSecret: value is a plain value; pass it as a Pulumi secret (pulumi.secret(...) or config.requireSecret(...)) so it never appears in plaintext in the program or the state.'],
    ['a name ending like an ARN suffix', { name: 'production/db-AbC123', allowAwsManagedKey: true },
      'ManagedSecret: name "production/db-AbC123" ends with a hyphen and 6 letters or digits, which reads as the random suffix Secrets Manager appends to names in ARNs: a partial ARN of it would be taken for a full ARN of another name. Rename it (AWS advises against such names).'],
    ['an alias as key', { name: 'x', kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:alias/x' },
      'ManagedSecret: kmsKeyArn "arn:aws:kms:us-east-1:111122223333:alias/x" is not a valid KMS key (not alias) ARN'],
    ['allowLongerRotation as a string', { name: 'x', allowAwsManagedKey: true, rotation: { lambdaArn: 'arn:aws:lambda:us-east-1:111122223333:function:r', afterDays: 90, allowLongerRotation: 'yes' as unknown as boolean } },
      'ManagedSecret: rotation.allowLongerRotation must be the boolean true to opt in, or false or unset; received a string "yes".'],
    ['a Lambda ARN of another service', { name: 'x', allowAwsManagedKey: true, rotation: { lambdaArn: 'arn:aws:iam::111122223333:role/r' } },
      'ManagedSecret: rotation.lambdaArn "arn:aws:iam::111122223333:role/r" is not a Lambda function ARN; expected e.g. "arn:aws:lambda:us-east-1:111122223333:function:rotate-postgres".'],
    ['a Lambda ARN in a region of another partition', { name: 'x', allowAwsManagedKey: true, rotation: { lambdaArn: 'arn:aws:lambda:cn-north-1:111122223333:function:r' } },
      'ManagedSecret: rotation.lambdaArn "arn:aws:lambda:cn-north-1:111122223333:function:r" is not a Lambda function ARN'],
    ['an AWS tag key with the reserved prefix', { name: 'x', allowAwsManagedKey: true, tags: { 'aws:team': 'x' } },
      'ManagedSecret: tags["aws:team"] starts with "aws:"'],
  ])('refuses %s', (_, options, message) => {
    expect(() => managedSecretSettings(options)).toThrow(ValidationError);
    expect(() => managedSecretSettings(options)).toThrow(message);
  });

  test('resolved ARNs: the key must be in the secret region; Lambda versions and aliases are fine', () => {
    expect(managedSecretKmsKeyArn(KEY, 'us-east-1')).toBe(KEY);
    expect(() => managedSecretKmsKeyArn(KEY, 'eu-west-1')).toThrow(
      `ManagedSecret: kmsKeyArn "${KEY}" is in region "us-east-1" but the secret is created in "eu-west-1"; Secrets Manager encrypts only with a key of the secret's own region.`);
    expect(managedSecretRotationLambdaArn('arn:aws-eusc:lambda:eusc-de-east-1:111122223333:function:rotate:live')).toBe('arn:aws-eusc:lambda:eusc-de-east-1:111122223333:function:rotate:live');
    expect(secretRotationDays({ afterDays: 90, allowLongerRotation: true })).toBe(90);
  });
});
