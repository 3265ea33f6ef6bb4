import { secretProviderClassManifest } from '../../../src/core';
import { arnLocationProblem, checkAwsRegion, isAwsAccountId, parseArn } from '../../../src/core/validate/arn';

describe('ARN location against the partition table', () => {
  test.each<[string, boolean, ReturnType<typeof arnLocationProblem>]>([
    ['arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf', true, undefined],
    ['arn:aws-eusc:secretsmanager:eusc-de-east-1:111122223333:secret:db-AbCdEf', true, undefined],
    ['arn:aws-cn:ssm:cn-north-1:111122223333:parameter/db', true, undefined],
    ['arn:aws:iam::111122223333:role/x', false, undefined],
    ['arn:aws-mars:ssm:us-east-1:111122223333:parameter/db', true, 'partition'],
    ['arn:aws:ssm:cn-north-1:111122223333:parameter/db', true, 'region'],
    ['arn:aws:ssm::111122223333:parameter/db', true, 'region'],
    ['arn:aws:ssm:us-east-1:1111:parameter/db', true, 'account'],
  ])('%s', (value, regional, problem) => {
    expect(arnLocationProblem(parseArn(value)!, regional)).toBe(problem);
  });

  test('account ids and regions', () => {
    expect(isAwsAccountId('111122223333')).toBe(true);
    expect(isAwsAccountId('11112222333')).toBe(false);
    expect(isAwsAccountId(111122223333)).toBe(false);
    expect(checkAwsRegion('X', 'region', 'eusc-de-east-1')).toBe('eusc-de-east-1');
  });
});

describe('SecretProviderClass reads ARNs with the shared parser', () => {
  const spc = (objectName: string, extra: Record<string, string> = {}) => secretProviderClassManifest({ name: 'db', namespace: 'payments', objects: [{ objectName, objectAlias: 'db', ...extra }] });
  const objects = (objectName: string) => (spc(objectName).spec as { parameters: { objects: string } }).parameters.objects;

  test('the object type comes from the ARN, in every partition the table knows', () => {
    expect(objects('arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf')).toContain('objectType: secretsmanager');
    expect(objects('arn:aws:ssm:us-east-1:111122223333:parameter/prod/db')).toContain('objectType: ssmparameter');
    expect(objects('arn:aws-eusc:secretsmanager:eusc-de-east-1:111122223333:secret:db-AbCdEf')).toContain('objectType: secretsmanager');
  });

  test.each([
    ['a region of another partition', 'arn:aws:secretsmanager:cn-north-1:111122223333:secret:db-AbCdEf'],
    ['an unknown partition', 'arn:aws-mars:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf'],
    ['an S3 ARN', 'arn:aws:s3:::bucket/key'],
  ])('is not an ARN it can mount: %s', (_, objectName) => {
    expect(() => spc(objectName)).toThrow(`SecretProviderClass: objects[0].objectName ${JSON.stringify(objectName)} is neither a Secrets Manager / SSM name (letters, digits and /_+=.@-) nor an ARN.`);
  });
});
