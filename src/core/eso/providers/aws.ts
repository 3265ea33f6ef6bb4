import { isDeferred, StringOrDeferred } from '../../deferred';
import { ValidationError, q } from '../../errors';
import { ServiceAccountReference } from '../../identity/service-account-ref';
import { IRSA_ROLE_ARN_ANNOTATION, checkIdentityAnnotation } from '../../identity/workload-identity';
import { checkAwsRegion } from '../../validate/arn';
import { checkObject } from '../../validate/values';
import { DeferredCheck, ProviderRenderContext, ProviderSpec, ServiceAccountRefSpec, serviceAccountRef } from '../common';

/** Options shared by the AWS providers. */
export interface AwsProviderOptions {
  /** The AWS region, e.g. `us-east-1`. */
  readonly region: string;
  /**
   * The ServiceAccount whose IRSA token ESO uses (`auth.jwt.serviceAccountRef`): its name, a
   * `SecureServiceAccount` or a cdk8s-plus `IServiceAccount`. Give it the IAM role with
   * `WorkloadIdentity.awsIrsa(...)`; an `IrsaRole` scoped to the exact secret ARNs is the matching
   * AWS side.
   * @default - none: the ESO controller's own identity (IRSA or EKS Pod Identity on the controller)
   */
  readonly serviceAccount?: ServiceAccountReference;
  /**
   * Namespace of `serviceAccount` when it is given by name to a ClusterSecretStore.
   * @default - the namespace carried by `serviceAccount`
   */
  readonly serviceAccountNamespace?: string;
  /**
   * An IAM role ARN for ESO to assume after authenticating (cross-account access). A deferred value (a
   * Pulumi Output) is checked by the Pulumi front-end once it resolves, with the same rule.
   * @default - none
   */
  readonly role?: StringOrDeferred;
}

/** `spec.provider.aws` as written by the library. */
export interface AwsProviderSpec {
  /** `SecretsManager` or `ParameterStore`. */
  readonly service: 'SecretsManager' | 'ParameterStore';
  /** The AWS region. */
  readonly region: string;
  /**
   * The IAM role ESO assumes after authenticating.
   * @default - none
   */
  readonly role?: StringOrDeferred;
  /**
   * IRSA through a named ServiceAccount (`auth.jwt.serviceAccountRef`).
   * @default - the controller's own identity
   */
  readonly auth?: { readonly jwt: { readonly serviceAccountRef: ServiceAccountRefSpec } };
}

/**
 * Check an IAM role ARN for `role` (plain, or resolved from a deferred value).
 * @internal
 */
export function checkAwsRoleArn(component: string, value: unknown): string {
  try {
    if (typeof value !== 'string') {
      throw new TypeError();
    }
    checkIdentityAnnotation(IRSA_ROLE_ARN_ANNOTATION, value);
  } catch {
    throw new ValidationError(component, 'role', `${q(value)} is not an IAM role ARN; expected arn:<partition>:iam::<12-digit account>:role/<name>.`);
  }
  return value;
}

/**
 * The AWS Secrets Manager or Parameter Store provider (`spec.provider.aws`).
 * @internal
 */
export function awsProvider(service: 'SecretsManager' | 'ParameterStore', raw: AwsProviderOptions): ProviderSpec {
  const component = `SecretStoreProvider.aws${service}`;
  const options = checkObject(component, 'options', raw, 'the provider options { region, serviceAccount?, role? }') as unknown as AwsProviderOptions;
  checkAwsRegion(component, 'region', options.region);
  const deferred: DeferredCheck[] = [];
  if (options.role !== undefined) {
    if (isDeferred(options.role)) {
      deferred.push({ prop: 'role', value: options.role, check: resolved => checkAwsRoleArn(component, resolved) });
    } else {
      checkAwsRoleArn(component, options.role);
    }
  }
  return {
    name: 'aws',
    endpoint: { type: 'https-any', port: 443 },
    deferred,
    render: (ctx: ProviderRenderContext) => {
      const ref = serviceAccountRef(ctx, 'provider.serviceAccount', options.serviceAccount, options.serviceAccountNamespace);
      const aws: AwsProviderSpec = {
        service,
        region: options.region,
        ...(options.role !== undefined ? { role: options.role } : {}),
        ...(ref ? { auth: { jwt: { serviceAccountRef: ref } } } : {}),
      };
      return { aws };
    },
  };
}
