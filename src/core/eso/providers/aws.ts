import { isDeferred, StringOrDeferred } from '../../deferred';
import { ValidationError, q } from '../../errors';
import { ServiceAccountReference } from '../../identity/service-account-ref';
import { IRSA_ROLE_ARN_ANNOTATION, checkIdentityAnnotation } from '../../identity/workload-identity';
import { checkAwsRegion } from '../../validate/arn';
import { ProviderRenderContext, ProviderSpec, serviceAccountRef } from '../common';

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
   * An IAM role ARN for ESO to assume after authenticating (cross-account access).
   * @default - none
   */
  readonly role?: StringOrDeferred;
}

/**
 * The AWS Secrets Manager or Parameter Store provider (`spec.provider.aws`).
 * @internal
 */
export function awsProvider(service: 'SecretsManager' | 'ParameterStore', options: AwsProviderOptions): ProviderSpec {
  const component = `SecretStoreProvider.aws${service}`;
  checkAwsRegion(component, 'region', options.region);
  if (options.role !== undefined && !isDeferred(options.role)) {
    try {
      checkIdentityAnnotation(IRSA_ROLE_ARN_ANNOTATION, options.role);
    } catch {
      throw new ValidationError(component, 'role', `${q(options.role)} is not an IAM role ARN; expected arn:<partition>:iam::<12-digit account>:role/<name>.`);
    }
  }
  return {
    name: 'aws',
    endpoint: { type: 'https-any', port: 443 },
    render: (ctx: ProviderRenderContext) => {
      const ref = serviceAccountRef(ctx, 'provider.serviceAccount', options.serviceAccount, options.serviceAccountNamespace);
      return {
        aws: {
          service,
          region: options.region,
          ...(options.role !== undefined ? { role: options.role } : {}),
          ...(ref ? { auth: { jwt: { serviceAccountRef: ref } } } : {}),
        },
      };
    },
  };
}
