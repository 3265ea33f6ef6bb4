import * as pulumi from '@pulumi/pulumi';
import { ValidationError } from '../../src/core';
import { checkIdentityAnnotation } from '../../src/core/identity/workload-identity';
import { SecretReader, SecureServiceAccount, WorkloadIdentity } from '../../src/pulumi';
import { validated } from '../../src/pulumi/errors';
import { resetRecorded, settled, setupPulumiMocks } from '../helpers/pulumi';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

/**
 * Checks that can only run once an Output resolves (a role ARN from another resource, the namespace of a
 * raw ServiceAccount) throw the same core ValidationError inside `validatedOutput`; Pulumi then fails the
 * deployment with the message. A rejected Output cannot be observed under jest without crashing the
 * worker (its internal promises reject unhandled), so those checks are covered by the core tests of the
 * very functions called inside the Output (checkIdentityAnnotation, secretReaderManifests), and here
 * by the conversion and the resolving path.
 */
describe('Pulumi validation plumbing', () => {
  const owner = () => new SecureServiceAccount('owner', { name: 'owner', namespace: 'payments' });

  test('validated turns a ValidationError into a ResourceError with the same message', () => {
    const resource = owner();
    const call = () => validated(resource, () => {
      throw new ValidationError('X', 'prop', 'is wrong.');
    });
    expect(call).toThrow(pulumi.ResourceError);
    expect(call).toThrow('X: prop is wrong.');
    expect(() => validated(resource, () => {
      throw new TypeError('other');
    })).toThrow(TypeError);
  });

  test('checkIdentityAnnotation is what runs on a resolved role ARN', () => {
    expect(() => checkIdentityAnnotation('eks.amazonaws.com/role-arn', 'not-an-arn')).toThrow('WorkloadIdentity: identity (WorkloadIdentity.awsIrsa roleArn) "not-an-arn" is not valid');
    expect(() => checkIdentityAnnotation('eks.amazonaws.com/role-arn', 'arn:aws:iam::111122223333:role/eso')).not.toThrow();
  });

  test('the components accept deferred values that resolve to valid ones', async () => {
    const sa = new SecureServiceAccount('sa', { name: 'eso-sa', namespace: 'payments', identity: WorkloadIdentity.awsIrsa(pulumi.output('arn:aws:iam::111122223333:role/eso')) });
    expect(await settled(sa.serviceAccount.metadata.annotations)).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/eso' });
    const reader = new SecretReader('reader', { namespace: 'payments', serviceAccount: sa.serviceAccount, secrets: ['db'] });
    expect(await settled(reader.roleBinding.subjects)).toEqual([{ kind: 'ServiceAccount', name: 'eso-sa', namespace: 'payments' }]);
  });
});
