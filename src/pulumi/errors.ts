import * as pulumi from '@pulumi/pulumi';
import { ValidationError } from '../core';

/**
 * Run a core builder for a component and turn its ValidationError into a `pulumi.ResourceError` that
 * points at the component, so `pulumi up` reports it against the right resource.
 * @internal
 */
export function validated<T>(resource: pulumi.Resource, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (e instanceof ValidationError) {
      throw new pulumi.ResourceError(e.message, resource);
    }
    throw e;
  }
}

/**
 * Like {@link validated}, for checks that can only run once a value resolves (a ServiceAccount name from
 * another resource, a role ARN from an Output): the returned Output rejects with a `ResourceError`, which
 * fails the deployment with the message.
 * @internal
 */
export function validatedOutput<T, U>(resource: pulumi.Resource, input: pulumi.Input<T>, build: (value: pulumi.Unwrap<T>) => U): pulumi.Output<U> {
  return pulumi.output(input).apply(value => validated(resource, () => build(value))) as pulumi.Output<U>;
}
