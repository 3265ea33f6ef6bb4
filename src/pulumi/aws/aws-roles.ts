import type * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { KmsEncryptedEksCluster } from './kms-encrypted-eks-cluster';
import { ServiceAccountBinding, ValidationError, irsaTrustPolicy, podIdentityTrustPolicy, secretReadPolicy } from '../../core';
import { checkEksClusterName } from '../../core/aws/eks';
import { checkArn, checkServiceAccountBindings } from '../../core/aws/iam';
import { checkAwsTags } from '../../core/aws/tags';
import { isDeferred } from '../../core/deferred';
import { parseArn } from '../../core/validate/arn';
import { checkObject, checkOptionalList, optIn } from '../../core/validate/values';
import { awsSdk } from '../deps';
import { validated, validatedOutput } from '../errors';

/** What a workload role may read: exact ARNs, plus explicit opt-ins for list and wildcards. */
export interface SecretAccessArgs {
  /**
   * Secrets Manager secret ARNs to read (`GetSecretValue`, `DescribeSecret`, `ListSecretVersionIds`,
   * `GetResourcePolicy`), e.g. `[db.arn]`. A partial ARN (without the 6 random characters Secrets Manager
   * appends to the name) is granted as `<arn>-??????`, the AWS-documented pattern that matches exactly
   * that secret name.
   * @default - none
   */
  readonly secretsManagerArns?: pulumi.Input<string>[];
  /**
   * SSM parameter ARNs to read one by one (`GetParameter`, `GetParameters`).
   * @default - none
   */
  readonly ssmParameterArns?: pulumi.Input<string>[];
  /**
   * SSM parameter hierarchies to read with `GetParametersByPath`, as path ARNs
   * (`arn:aws:ssm:us-east-1:111122223333:parameter/production/payments`): every parameter below a path,
   * at every level, becomes readable.
   * @default - none
   */
  readonly ssmParameterPaths?: pulumi.Input<string>[];
  /**
   * Customer-managed KMS key ARNs of those secrets: `kms:Decrypt` only through Secrets Manager / SSM in
   * the key's region (which must be the region of some listed secret or parameter).
   * @default - none
   */
  readonly kmsKeyArns?: pulumi.Input<string>[];
  /**
   * Allow `secretsmanager:ListSecrets` / `BatchGetSecretValue` on `*`: needed only for ESO
   * `dataFrom.find`; reveals the names of every secret in the account. Only the boolean `true`.
   * @default false
   */
  readonly allowListSecrets?: boolean;
  /**
   * Allow `ssm:DescribeParameters` on `*` (ESO `dataFrom.find` on Parameter Store). Only the boolean `true`.
   * @default false
   */
  readonly allowDescribeParameters?: boolean;
  /**
   * Allow `*` and `?` in ARNs (prefer exact ARNs; `name-??????` needs no opt-in). Only the boolean `true`.
   * @default false
   */
  readonly allowWildcardArns?: boolean;
  /**
   * Allow binding a namespace's `default` ServiceAccount (every pod without its own ServiceAccount).
   * Only the boolean `true`.
   * @default false
   */
  readonly allowDefaultServiceAccount?: boolean;
  /**
   * Allow binding a ServiceAccount in `kube-system`. Only the boolean `true`.
   * @default false
   */
  readonly allowKubeSystem?: boolean;
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
   * AWS tags (AWS tag rules: `Cost Center` is a valid key).
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
   * The cluster to associate the ServiceAccounts in (it must run the `eks-pod-identity-agent` add-on,
   * which it does unless created with `podIdentityAgent: false`).
   * @default - none: give clusterName
   */
  readonly cluster?: KmsEncryptedEksCluster;
  /**
   * The EKS cluster name (when no `cluster` is given), in the account and region of the AWS provider; the
   * cluster must run the `eks-pod-identity-agent` add-on.
   * @default - the cluster's
   */
  readonly clusterName?: pulumi.Input<string>;
  /** The ServiceAccounts (namespace and name) that get the role, one PodIdentityAssociation each. */
  readonly serviceAccounts: ServiceAccountBinding[];
}

/** The lists of {@link SecretAccessArgs}, each a real array (elements may still be deferred). */
type AccessLists = {
  readonly secretsManagerArns: pulumi.Input<string>[];
  readonly ssmParameterArns: pulumi.Input<string>[];
  readonly ssmParameterPaths: pulumi.Input<string>[];
  readonly kmsKeyArns: pulumi.Input<string>[];
};

const LIST_KINDS = [
  ['secretsManagerArns', 'Secrets Manager secret ARNs'],
  ['ssmParameterArns', 'SSM parameter ARNs'],
  ['ssmParameterPaths', 'SSM parameter path ARNs'],
  ['kmsKeyArns', 'KMS key ARNs'],
] as const;

/**
 * Check what can be checked before anything resolves: the shape of each list and each plain ARN. Returns
 * the lists, and whether every value is plain (then the whole permission policy is built right away).
 */
function checkAccessArgs(component: string, args: SecretAccessArgs): { lists: AccessLists; plain: boolean } {
  const allowWildcards = optIn(component, 'allowWildcardArns', args.allowWildcardArns);
  optIn(component, 'allowListSecrets', args.allowListSecrets);
  optIn(component, 'allowDescribeParameters', args.allowDescribeParameters);
  const lists: Record<string, pulumi.Input<string>[]> = {};
  let plain = true;
  for (const [kind, what] of LIST_KINDS) {
    const list = [...(checkOptionalList(component, kind, args[kind], what) ?? [])] as pulumi.Input<string>[];
    list.forEach((value, i) => {
      if (isDeferred(value)) {
        plain = false;
      } else {
        checkArn(component, `${kind}[${i}]`, kind, value, { allowWildcards });
      }
    });
    lists[kind] = list;
  }
  checkAwsTags(component, 'tags', args.tags);
  return { lists: lists as unknown as AccessLists, plain };
}

/** The permission policy of a role, as JSON (undefined when nothing is granted). */
function permissionPolicyJson(
  component: string, args: SecretAccessArgs, lists: pulumi.Unwrap<AccessLists>, partition: string | undefined,
): string | undefined {
  const doc = secretReadPolicy({
    component,
    secretsManagerArns: [...lists.secretsManagerArns],
    ssmParameterArns: [...lists.ssmParameterArns],
    ssmParameterPaths: [...lists.ssmParameterPaths],
    kmsKeyArns: [...lists.kmsKeyArns],
    partition,
    allowListSecrets: args.allowListSecrets,
    allowDescribeParameters: args.allowDescribeParameters,
    allowWildcardArns: args.allowWildcardArns,
  });
  return doc === undefined ? undefined : JSON.stringify(doc);
}

/** Both policy documents of a role, as JSON. */
interface RoleDocuments {
  readonly trust: string;
  readonly permission?: string;
}

interface RoleParts {
  readonly role: aws.iam.Role;
  readonly policy?: aws.iam.RolePolicy;
  readonly trustPolicy: pulumi.Output<string>;
  readonly permissionPolicy: pulumi.Output<string | undefined>;
}

/**
 * The role both components create from ONE checked Output holding both documents: every deferred value
 * (ARNs, issuer, cluster, account) is checked once, in that Output, and every resource reads from it, so
 * a bad value fails the deployment with one error (Pulumi reports an error once per error object; checks
 * repeated in several Outputs would each report it again).
 */
function createRole(self: pulumi.ComponentResource, component: string, name: string, args: SecretAccessArgs,
  lists: AccessLists, documents: pulumi.Output<RoleDocuments>): RoleParts {
  const awsx = awsSdk(component);
  const trustPolicy = documents.apply(d => d.trust);
  const permissionPolicy = documents.apply(d => d.permission);
  const role = new awsx.iam.Role(name, {
    ...(args.roleName !== undefined ? { name: args.roleName } : {}),
    description: `kube-secure-secrets ${component} ${name}`,
    assumeRolePolicy: trustPolicy,
    ...(args.permissionsBoundary !== undefined ? { permissionsBoundary: args.permissionsBoundary } : {}),
    ...(args.tags ? { tags: args.tags } : {}),
  }, { parent: self });
  const arnCount = lists.secretsManagerArns.length + lists.ssmParameterArns.length + lists.ssmParameterPaths.length + lists.kmsKeyArns.length;
  const policy = arnCount > 0 || args.allowListSecrets === true || args.allowDescribeParameters === true
    ? new awsx.iam.RolePolicy(`${name}-read-secrets`, { role: role.id, policy: permissionPolicy.apply(p => p ?? '') }, { parent: self })
    : undefined;
  return { role, policy, trustPolicy, permissionPolicy };
}

/**
 * An IAM role for a Kubernetes ServiceAccount through IRSA. Trust: `Federated` = the cluster's OIDC
 * provider, `sts:AssumeRoleWithWebIdentity`, `StringEquals` on both `<issuer>:sub` (exactly the given
 * ServiceAccounts) and `<issuer>:aud = sts.amazonaws.com`. Permissions: read exactly the given secrets
 * and parameters, decrypt with exactly the given keys only through those services. Every ARN that
 * arrives as an Output is checked with the same rules once it resolves.
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
    const component = 'IrsaRole';
    const { bindings, lists, providerArn, issuer } = validated(this, () => {
      checkObject(component, 'args', args, 'the IrsaRole arguments { cluster | oidcProviderArn + oidcIssuer, serviceAccounts, ... }');
      if (args.cluster !== undefined && (args.oidcProviderArn !== undefined || args.oidcIssuer !== undefined)) {
        throw new ValidationError(component, 'cluster', 'and oidcProviderArn/oidcIssuer are both set; give the cluster or the OIDC provider, not both.');
      }
      const arn = args.cluster?.oidcProviderArn ?? args.oidcProviderArn;
      const iss = args.cluster?.oidcIssuer ?? args.oidcIssuer;
      if (arn === undefined || iss === undefined) {
        throw new ValidationError(component, 'cluster', 'is missing; give a KmsEncryptedEksCluster, or oidcProviderArn and oidcIssuer.');
      }
      const sas = checkServiceAccountBindings(component, args.serviceAccounts, args);
      const access = checkAccessArgs(component, args);
      if (typeof arn === 'string' && typeof iss === 'string') {
        irsaTrustPolicy({
          component,
          oidcProviderArn: arn,
          oidcIssuer: iss,
          serviceAccounts: sas,
          allowDefaultServiceAccount: args.allowDefaultServiceAccount,
          allowKubeSystem: args.allowKubeSystem,
        });
        if (access.plain) {
          permissionPolicyJson(component, args, access.lists as unknown as pulumi.Unwrap<AccessLists>, parseArn(arn)?.partition);
        }
      }
      return { bindings: sas, lists: access.lists, providerArn: arn, issuer: iss };
    });
    this.serviceAccounts = bindings;
    const documents = validatedOutput(this, pulumi.all([providerArn, issuer, pulumi.output(lists)]), ([arn, iss, resolved]) => ({
      trust: JSON.stringify(irsaTrustPolicy({
        component,
        oidcProviderArn: arn,
        oidcIssuer: iss,
        serviceAccounts: bindings,
        allowDefaultServiceAccount: args.allowDefaultServiceAccount,
        allowKubeSystem: args.allowKubeSystem,
      })),
      permission: permissionPolicyJson(component, args, resolved, parseArn(arn)?.partition),
    }));
    const parts = createRole(this, component, name, args, lists, documents);
    this.role = parts.role;
    this.policy = parts.policy;
    this.trustPolicy = parts.trustPolicy;
    this.permissionPolicy = parts.permissionPolicy;
    this.arn = this.role.arn;
    this.roleName = this.role.name;
    this.registerOutputs({ arn: this.arn, roleName: this.roleName });
  }
}

/**
 * An IAM role for EKS Pod Identity, with a PodIdentityAssociation for each ServiceAccount and the same
 * least-privilege permissions as {@link IrsaRole}.
 *
 * Trust: `Service: pods.eks.amazonaws.com` with `sts:AssumeRole` and `sts:TagSession`, only for requests
 * whose session tags name this cluster (`aws:RequestTag/eks-cluster-arn`), one of the bound namespaces
 * and, in it, one of its bound ServiceAccounts (`aws:RequestTag/kubernetes-namespace`,
 * `aws:RequestTag/kubernetes-service-account`), from this account (`aws:SourceAccount`). A
 * PodIdentityAssociation for another cluster, namespace or ServiceAccount cannot use the role. The
 * associations keep EKS Pod Identity's session tags on (`disableSessionTags: false`): the trust needs them.
 *
 * Pod Identity needs, on the cluster, the `eks-pod-identity-agent` add-on (KmsEncryptedEksCluster installs
 * it by default), and for the pods, egress to the agent at 169.254.170.23:80 / [fd00:ec2::23]:80: allow
 * egress to the Pod Identity agent (NetworkPolicy constructs).
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
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
  /** The ARN of the cluster the trust is pinned to. */
  public readonly clusterArn: pulumi.Output<string>;

  /**
   * @param name the Pulumi resource name
   * @param args the cluster, ServiceAccounts and what they may read
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: PodIdentityRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:aws:PodIdentityRole', name, {}, opts);
    const component = 'PodIdentityRole';
    const { bindings, lists } = validated(this, () => {
      checkObject(component, 'args', args, 'the PodIdentityRole arguments { cluster | clusterName, serviceAccounts, ... }');
      if ((args.cluster === undefined) === (args.clusterName === undefined)) {
        throw new ValidationError(component, 'cluster', 'and clusterName: give exactly one.');
      }
      if (args.cluster !== undefined && args.cluster.podIdentityAgent === undefined) {
        throw new ValidationError(component, 'cluster', 'was created with podIdentityAgent: false; EKS Pod Identity needs the eks-pod-identity-agent add-on on the nodes to hand out the role. Remove podIdentityAgent: false from the cluster, or use IrsaRole.');
      }
      if (args.clusterName !== undefined && !isDeferred(args.clusterName)) {
        checkEksClusterName(component, 'clusterName', args.clusterName);
      }
      const sas = checkServiceAccountBindings(component, args.serviceAccounts, args);
      return { bindings: sas, lists: checkAccessArgs(component, args).lists };
    });
    this.serviceAccounts = bindings;
    const awsx = awsSdk(component);
    const parent = { parent: this };
    const accountId = awsx.getCallerIdentityOutput({}, parent).accountId;
    let clusterName: pulumi.Input<string>;
    if (args.cluster !== undefined) {
      this.clusterArn = args.cluster.cluster.arn;
      clusterName = args.cluster.clusterName;
    } else {
      const partition = awsx.getPartitionOutput({}, parent).partition;
      const region = awsx.getRegionOutput({}, parent).region;
      // A deferred name is checked once, here; the ARN and the associations read the checked Output.
      clusterName = isDeferred(args.clusterName)
        ? validatedOutput(this, args.clusterName!, n => checkEksClusterName(component, 'clusterName', n))
        : args.clusterName!;
      this.clusterArn = pulumi.interpolate`arn:${partition}:eks:${region}:${accountId}:cluster/${clusterName}`;
    }
    const documents = validatedOutput(this, pulumi.all([accountId, this.clusterArn, pulumi.output(lists)]), ([account, clusterArn, resolved]) => ({
      trust: JSON.stringify(podIdentityTrustPolicy({
        component,
        accountId: account,
        clusterArn,
        serviceAccounts: bindings,
        allowDefaultServiceAccount: args.allowDefaultServiceAccount,
        allowKubeSystem: args.allowKubeSystem,
      })),
      permission: permissionPolicyJson(component, args, resolved, parseArn(clusterArn)?.partition),
    }));
    const parts = createRole(this, component, name, args, lists, documents);
    this.role = parts.role;
    this.policy = parts.policy;
    this.trustPolicy = parts.trustPolicy;
    this.permissionPolicy = parts.permissionPolicy;
    this.arn = this.role.arn;
    this.roleName = this.role.name;
    const dependsOn: pulumi.Resource[] = [
      ...(this.policy ? [this.policy] : []),
      ...(args.cluster?.podIdentityAgent ? [args.cluster.podIdentityAgent] : []),
    ];
    this.associations = bindings.map(sa => new awsx.eks.PodIdentityAssociation(`${name}-${sa.namespace}-${sa.name}`, {
      clusterName,
      namespace: sa.namespace,
      serviceAccount: sa.name,
      roleArn: this.role.arn,
      // The trust policy matches the session tags; disabling them would lock the ServiceAccount out.
      disableSessionTags: false,
      ...(args.tags ? { tags: args.tags } : {}),
    }, { parent: this, dependsOn }));
    this.registerOutputs({ arn: this.arn, roleName: this.roleName, clusterArn: this.clusterArn });
  }
}
