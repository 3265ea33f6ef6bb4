import type * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { KmsEncryptedEksCluster } from './kms-encrypted-eks-cluster';
import { ServiceAccountBinding, ValidationError, irsaTrustPolicy, podIdentityTrustPolicy, secretReadPolicy } from '../../core';
import { checkArn, checkServiceAccountBindings } from '../../core/aws/iam';
import { isDeferred } from '../../core/deferred';
import { parseArn } from '../../core/validate/arn';
import { awsSdk } from '../deps';
import { validated, validatedOutput } from '../errors';

/** What a workload role may read: exact ARNs, plus explicit opt-ins for list and wildcards. */
export interface SecretAccessArgs {
  /**
   * Secrets Manager secret ARNs to read (`GetSecretValue`, `DescribeSecret`, `ListSecretVersionIds`,
   * `GetResourcePolicy`), e.g. `[db.arn]`.
   * @default - none
   */
  readonly secretsManagerArns?: pulumi.Input<string>[];
  /**
   * SSM parameter ARNs to read (`GetParameter`, `GetParameters`, `GetParametersByPath`).
   * @default - none
   */
  readonly ssmParameterArns?: pulumi.Input<string>[];
  /**
   * Customer-managed KMS key ARNs of those secrets: `kms:Decrypt` only through Secrets Manager / SSM in
   * the secrets' region.
   * @default - none
   */
  readonly kmsKeyArns?: pulumi.Input<string>[];
  /**
   * Allow `secretsmanager:ListSecrets` / `BatchGetSecretValue` on `*`: needed only for ESO
   * `dataFrom.find`; reveals the names of every secret in the account.
   * @default false
   */
  readonly allowListSecrets?: boolean;
  /**
   * Allow `ssm:DescribeParameters` on `*` (ESO `dataFrom.find` on Parameter Store).
   * @default false
   */
  readonly allowDescribeParameters?: boolean;
  /**
   * Allow `*` and `?` in ARNs (prefer exact ARNs; `name-??????` matches a Secrets Manager suffix exactly).
   * @default false
   */
  readonly allowWildcardArns?: boolean;
  /**
   * The IAM role name.
   * @default - a name Pulumi generates from the resource name
   */
  readonly roleName?: string;
  /**
   * An IAM permissions boundary for the role.
   * @default - none
   */
  readonly permissionsBoundary?: pulumi.Input<string>;
  /**
   * Tags.
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/** Arguments of {@link IrsaRole}. */
export interface IrsaRoleArgs extends SecretAccessArgs {
  /**
   * The cluster whose OIDC provider issues the ServiceAccount tokens.
   * @default - none: give oidcProviderArn and oidcIssuer
   */
  readonly cluster?: KmsEncryptedEksCluster;
  /**
   * The IAM OIDC provider ARN (when no `cluster` is given).
   * @default - the cluster's
   */
  readonly oidcProviderArn?: pulumi.Input<string>;
  /**
   * The OIDC issuer, host and path (when no `cluster` is given).
   * @default - the cluster's
   */
  readonly oidcIssuer?: pulumi.Input<string>;
  /** The ServiceAccounts (namespace and name) that may assume the role. */
  readonly serviceAccounts: ServiceAccountBinding[];
}

/** Arguments of {@link PodIdentityRole}. */
export interface PodIdentityRoleArgs extends SecretAccessArgs {
  /**
   * The cluster to associate the ServiceAccounts in.
   * @default - none: give clusterName
   */
  readonly cluster?: KmsEncryptedEksCluster;
  /**
   * The EKS cluster name (when no `cluster` is given).
   * @default - the cluster's
   */
  readonly clusterName?: pulumi.Input<string>;
  /** The ServiceAccounts (namespace and name) that get the role, one PodIdentityAssociation each. */
  readonly serviceAccounts: ServiceAccountBinding[];
}

function checkPlainArns(component: string, args: SecretAccessArgs): void {
  for (const kind of ['secretsManagerArns', 'ssmParameterArns', 'kmsKeyArns'] as const) {
    (args[kind] ?? []).forEach((value, i) => {
      if (!isDeferred(value)) {
        checkArn(component, `${kind}[${i}]`, kind, value, { allowWildcards: args.allowWildcardArns });
      }
    });
  }
}

interface RoleParts {
  readonly role: aws.iam.Role;
  readonly policy?: aws.iam.RolePolicy;
  readonly permissionPolicy: pulumi.Output<string | undefined>;
}

/**
 * The role both components create: the trust policy given, and an inline least-privilege permission
 * policy built once every ARN is known (in the partition given, when known).
 */
function createRole(self: pulumi.ComponentResource, component: string, name: string, args: SecretAccessArgs,
  trustPolicy: pulumi.Output<string>, partition: pulumi.Input<string | undefined>): RoleParts {
  validated(self, () => checkPlainArns(component, args));
  const awsx = awsSdk(component);
  const inputs = pulumi.all([args.secretsManagerArns ?? [], args.ssmParameterArns ?? [], args.kmsKeyArns ?? [], partition]);
  const permissionPolicy = validatedOutput(self, inputs, ([secretsManagerArns, ssmParameterArns, kmsKeyArns, p]) => {
    const doc = secretReadPolicy({
      component,
      secretsManagerArns,
      ssmParameterArns,
      kmsKeyArns,
      partition: p,
      allowListSecrets: args.allowListSecrets,
      allowDescribeParameters: args.allowDescribeParameters,
      allowWildcardArns: args.allowWildcardArns,
    });
    return doc === undefined ? undefined : JSON.stringify(doc);
  });
  const role = new awsx.iam.Role(name, {
    ...(args.roleName !== undefined ? { name: args.roleName } : {}),
    description: `kube-secure-secrets ${component} ${name}`,
    assumeRolePolicy: trustPolicy,
    ...(args.permissionsBoundary !== undefined ? { permissionsBoundary: args.permissionsBoundary } : {}),
    ...(args.tags ? { tags: args.tags } : {}),
  }, { parent: self });
  const arnCount = (args.secretsManagerArns?.length ?? 0) + (args.ssmParameterArns?.length ?? 0) + (args.kmsKeyArns?.length ?? 0);
  const policy = arnCount > 0 || args.allowListSecrets || args.allowDescribeParameters
    ? new awsx.iam.RolePolicy(`${name}-read-secrets`, { role: role.id, policy: permissionPolicy.apply(p => p ?? '') }, { parent: self })
    : undefined;
  return { role, policy, permissionPolicy };
}

/**
 * An IAM role for a Kubernetes ServiceAccount through IRSA. Trust: `Federated` = the cluster's OIDC
 * provider, `sts:AssumeRoleWithWebIdentity`, `StringEquals` on both `<issuer>:sub` (exactly the given
 * ServiceAccounts) and `<issuer>:aud = sts.amazonaws.com`. Permissions: read exactly the given secrets
 * and parameters, decrypt with exactly the given keys only through those services.
 *
 * ```ts
 * const eso = new IrsaRole('eso-payments', { cluster, serviceAccounts: [{ namespace: 'payments', name: 'eso-sa' }],
 *   secretsManagerArns: [db.arn], kmsKeyArns: [cluster.kmsKeyArn] });
 * ```
 * @see https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html
 */
export class IrsaRole extends pulumi.ComponentResource {
  /** The IAM role. */
  public readonly role: aws.iam.Role;
  /** The inline permission policy, when anything is granted. */
  public readonly policy?: aws.iam.RolePolicy;
  /** The role ARN (for `WorkloadIdentity.awsIrsa(role.arn)`). */
  public readonly arn: pulumi.Output<string>;
  /** The role name. */
  public readonly roleName: pulumi.Output<string>;
  /** The trust policy, as JSON. */
  public readonly trustPolicy: pulumi.Output<string>;
  /** The permission policy, as JSON (undefined when nothing is granted). */
  public readonly permissionPolicy: pulumi.Output<string | undefined>;
  /** The ServiceAccounts that may assume the role, sorted. */
  public readonly serviceAccounts: ServiceAccountBinding[];

  /**
   * @param name the Pulumi resource name
   * @param args the OIDC provider, ServiceAccounts and what they may read
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: IrsaRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:aws:IrsaRole', name, {}, opts);
    const providerArn = args.cluster?.oidcProviderArn ?? args.oidcProviderArn;
    const issuer = args.cluster?.oidcIssuer ?? args.oidcIssuer;
    this.serviceAccounts = validated(this, () => {
      if (args.cluster !== undefined && (args.oidcProviderArn !== undefined || args.oidcIssuer !== undefined)) {
        throw new ValidationError('IrsaRole', 'cluster', 'and oidcProviderArn/oidcIssuer are both set; give the cluster or the OIDC provider, not both.');
      }
      if (providerArn === undefined || issuer === undefined) {
        throw new ValidationError('IrsaRole', 'cluster', 'is missing; give a KmsEncryptedEksCluster, or oidcProviderArn and oidcIssuer.');
      }
      const bindings = checkServiceAccountBindings('IrsaRole', args.serviceAccounts);
      if (!isDeferred(providerArn) && !isDeferred(issuer)) {
        irsaTrustPolicy({ oidcProviderArn: providerArn as string, oidcIssuer: issuer as string, serviceAccounts: bindings });
      }
      return bindings;
    });
    this.trustPolicy = validatedOutput(this, pulumi.all([providerArn!, issuer!]), ([arn, iss]) =>
      JSON.stringify(irsaTrustPolicy({ oidcProviderArn: arn, oidcIssuer: iss, serviceAccounts: this.serviceAccounts })));
    const partition = pulumi.output(providerArn!).apply((arn: string) => parseArn(arn)?.partition);
    ({ role: this.role, policy: this.policy, permissionPolicy: this.permissionPolicy } = createRole(this, 'IrsaRole', name, args, this.trustPolicy, partition));
    this.arn = this.role.arn;
    this.roleName = this.role.name;
    this.registerOutputs({ arn: this.arn, roleName: this.roleName });
  }
}

/**
 * An IAM role for EKS Pod Identity: trust `Service: pods.eks.amazonaws.com` with `sts:AssumeRole` and
 * `sts:TagSession`, a PodIdentityAssociation for each ServiceAccount, and the same least-privilege
 * permissions as {@link IrsaRole}.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
 */
export class PodIdentityRole extends pulumi.ComponentResource {
  /** The IAM role. */
  public readonly role: aws.iam.Role;
  /** The inline permission policy, when anything is granted. */
  public readonly policy?: aws.iam.RolePolicy;
  /** The role ARN. */
  public readonly arn: pulumi.Output<string>;
  /** The role name. */
  public readonly roleName: pulumi.Output<string>;
  /** The trust policy, as JSON. */
  public readonly trustPolicy: pulumi.Output<string>;
  /** The permission policy, as JSON (undefined when nothing is granted). */
  public readonly permissionPolicy: pulumi.Output<string | undefined>;
  /** One PodIdentityAssociation per ServiceAccount. */
  public readonly associations: aws.eks.PodIdentityAssociation[];
  /** The ServiceAccounts that get the role, sorted. */
  public readonly serviceAccounts: ServiceAccountBinding[];

  /**
   * @param name the Pulumi resource name
   * @param args the cluster, ServiceAccounts and what they may read
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: PodIdentityRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:aws:PodIdentityRole', name, {}, opts);
    this.serviceAccounts = validated(this, () => {
      if ((args.cluster === undefined) === (args.clusterName === undefined)) {
        throw new ValidationError('PodIdentityRole', 'cluster', 'and clusterName: give exactly one.');
      }
      return checkServiceAccountBindings('PodIdentityRole', args.serviceAccounts);
    });
    this.trustPolicy = pulumi.output(JSON.stringify(podIdentityTrustPolicy()));
    ({ role: this.role, policy: this.policy, permissionPolicy: this.permissionPolicy } = createRole(this, 'PodIdentityRole', name, args, this.trustPolicy, undefined));
    this.arn = this.role.arn;
    this.roleName = this.role.name;
    const clusterName = args.cluster?.clusterName ?? args.clusterName!;
    const awsx = awsSdk('PodIdentityRole');
    this.associations = this.serviceAccounts.map(sa => new awsx.eks.PodIdentityAssociation(`${name}-${sa.namespace}-${sa.name}`, {
      clusterName,
      namespace: sa.namespace,
      serviceAccount: sa.name,
      roleArn: this.role.arn,
      ...(args.tags ? { tags: args.tags } : {}),
    }, { parent: this, dependsOn: this.policy ? [this.policy] : [] }));
    this.registerOutputs({ arn: this.arn, roleName: this.roleName });
  }
}
