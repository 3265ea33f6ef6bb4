import { ValidationError, q } from '../errors';
import { AWS_PARTITIONS, ParsedArn, arnLocationProblem, awsPartition, isAwsAccountId, parseArn, partitionOfRegion } from '../validate/arn';
import { checkNamespace, checkObjectName } from '../validate/names';
import { checkList, checkObject, checkOptionalList, checkBoolean, optIn } from '../validate/values';

/** An IAM policy document (identity, trust or key policy). */
export interface PolicyDocument {
  /** Always `2012-10-17`. */
  readonly Version: '2012-10-17';
  /** The statements. */
  readonly Statement: PolicyStatement[];
}

/** One IAM policy statement. */
export interface PolicyStatement {
  /**
   * Statement id.
   * @default - none
   */
  readonly Sid?: string;
  /** Allow or Deny. */
  readonly Effect: 'Allow' | 'Deny';
  /**
   * Who (trust and key policies only).
   * @default - none (identity policy)
   */
  readonly Principal?: Record<string, string | string[]>;
  /** The actions. */
  readonly Action: string | string[];
  /**
   * The resources.
   * @default - none (trust policy)
   */
  readonly Resource?: string | string[];
  /**
   * Conditions.
   * @default - none
   */
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** A Kubernetes ServiceAccount that may assume a role. */
export interface ServiceAccountBinding {
  /** Its namespace. */
  readonly namespace: string;
  /** Its name. */
  readonly name: string;
}

/** The opt-ins for ServiceAccounts that every workload role refuses by default. */
export interface ServiceAccountBindingOptIns {
  /**
   * Allow binding a namespace's `default` ServiceAccount. Every pod that names no ServiceAccount runs as
   * it, so the role would reach every such pod of the namespace.
   * @default false
   */
  readonly allowDefaultServiceAccount?: boolean;
  /**
   * Allow binding a ServiceAccount in `kube-system`, where the cluster's own components run.
   * @default false
   */
  readonly allowKubeSystem?: boolean;
}

/** Options of {@link irsaTrustPolicy}. */
export interface IrsaTrustPolicyOptions extends ServiceAccountBindingOptIns {
  /** The IAM OIDC provider ARN of the cluster, `arn:aws:iam::<account>:oidc-provider/<issuer>`. */
  readonly oidcProviderArn: string;
  /** The cluster's OIDC issuer, host and path (`oidc.eks.<region>.amazonaws.com/id/<id>`); an `https://` prefix is removed. */
  readonly oidcIssuer: string;
  /** The ServiceAccounts that may assume the role. */
  readonly serviceAccounts: ServiceAccountBinding[];
  /**
   * The component name used in error messages.
   * @default "IrsaRole"
   */
  readonly component?: string;
}

/** Options of {@link podIdentityTrustPolicy}. */
export interface PodIdentityTrustPolicyOptions extends ServiceAccountBindingOptIns {
  /** The AWS account id of the cluster and the role (`aws:SourceAccount`). */
  readonly accountId: string;
  /** The ARN of the EKS cluster whose PodIdentityAssociations may use the role, `arn:aws:eks:<region>:<account>:cluster/<name>`. */
  readonly clusterArn: string;
  /** The ServiceAccounts that may use the role. */
  readonly serviceAccounts: ServiceAccountBinding[];
  /**
   * The component name used in error messages.
   * @default "PodIdentityRole"
   */
  readonly component?: string;
}

/** Options of {@link secretReadPolicy}. */
export interface SecretReadPolicyOptions {
  /**
   * Secrets Manager secret ARNs to read (`GetSecretValue`, `DescribeSecret`, `ListSecretVersionIds`,
   * `GetResourcePolicy`). A full ARN ends with the 6 random characters Secrets Manager appends to the
   * name (`...:secret:production/payments/postgres-AbCdEf`). A partial ARN (the name without them) is
   * written into the policy with the AWS-documented `-??????` appended, which matches exactly that
   * secret name whatever its suffix (also a secret deleted and re-created under the same name).
   * @default - none
   */
  readonly secretsManagerArns?: string[];
  /**
   * SSM Parameter Store parameter ARNs to read one by one (`GetParameter`, `GetParameters`).
   * @default - none
   */
  readonly ssmParameterArns?: string[];
  /**
   * SSM Parameter Store hierarchies to read with `GetParametersByPath`, as the ARN of the path
   * (`arn:aws:ssm:us-east-1:111122223333:parameter/production/payments`). Access to a path is access to
   * every parameter below it, at every level: list paths here only when the whole hierarchy may be read.
   * @default - none
   */
  readonly ssmParameterPaths?: string[];
  /**
   * Customer-managed KMS key ARNs that encrypt them: `kms:Decrypt`, only through Secrets Manager or SSM
   * in the key's own region (`kms:ViaService`). A key must be in the region of some listed secret or
   * parameter.
   * @default - none
   */
  readonly kmsKeyArns?: string[];
  /**
   * Also allow `secretsmanager:ListSecrets` and `secretsmanager:BatchGetSecretValue` on `*`, which ESO
   * needs for `dataFrom.find` only. The list reveals the names (not values) of every secret in the account.
   * Only the boolean `true` turns it on.
   * @default false
   */
  readonly allowListSecrets?: boolean;
  /**
   * Also allow `ssm:DescribeParameters` on `*` (ESO `dataFrom.find` on Parameter Store). Only the
   * boolean `true` turns it on.
   * @default false
   */
  readonly allowDescribeParameters?: boolean;
  /**
   * Allow `*` and `?` in ARNs. Prefer exact ARNs; a Secrets Manager ARN without its suffix, or ending in
   * `-??????`, needs no opt-in (it matches exactly one secret name). Only the boolean `true` turns it on.
   * @default false
   */
  readonly allowWildcardArns?: boolean;
  /**
   * The partition every ARN must be in (e.g. that of the OIDC provider).
   * @default - the partition of the first ARN
   */
  readonly partition?: string;
  /**
   * The component name used in error messages.
   * @default "IrsaRole"
   */
  readonly component?: string;
}

/** Options of {@link eksSecretsKeyPolicy}. */
export interface EksSecretsKeyPolicyOptions {
  /** The AWS account id that owns the key. */
  readonly accountId: string;
  /** The AWS partition, e.g. `aws`. */
  readonly partition: string;
  /** The EKS cluster role ARN that uses the key. */
  readonly clusterRoleArn: string;
  /**
   * IAM roles or users that administer the key with {@link KMS_ADMIN_ACTIONS}: no use of the key, no
   * `kms:CreateGrant`, no `kms:PutKeyPolicy` (a principal that can write the key policy can give itself
   * use).
   * @default - none
   */
  readonly adminPrincipalArns?: string[];
  /**
   * Keep AWS's default key policy statement for the account root (`kms:*` for
   * `arn:<partition>:iam::<account>:root`): IAM policies in the account then decide who else may use and
   * administer the key (e.g. an IrsaRole's `kms:Decrypt` through Secrets Manager, the deploying identity's
   * `kms:CreateGrant` for `eks:CreateCluster`, an administrator's `kms:*`). The statement grants nothing
   * by itself, but any IAM policy of the account that allows a KMS action on this key then takes effect.
   *
   * `false` removes it: only the principals named in the key policy can act on the key (the cluster role
   * uses it, the admins administer it, and `keyPolicyManagerArn` manages the policy). IAM policies no
   * longer grant anything on it, so a role that reads Secrets Manager secrets encrypted with this key
   * cannot decrypt them. If every named principal is deleted, the key (and the cluster's Secrets) cannot
   * be managed again: KMS requires a principal that can update the key policy, and only AWS Support can
   * help then.
   * @default true
   */
  readonly accountRootKeyAccess?: boolean;
  /**
   * With `accountRootKeyAccess: false`: the IAM role or user that creates the key and the cluster (the
   * deploying identity; a role ARN, not an assumed-role session). It gets the admin actions plus
   * `kms:PutKeyPolicy` (KMS refuses a key policy that its creator could not update again, the "policy
   * lockout safety check"), `kms:CreateGrant` and `kms:DescribeKey` (which `eks:CreateCluster` needs
   * from its caller; `kms:GrantIsForAWSResource` does not apply to it). As the owner of the key policy it
   * can always give itself use.
   * @default - none; required when accountRootKeyAccess is false
   */
  readonly keyPolicyManagerArn?: string;
}

const WILDCARD = /[*?]/;
/** The random suffix Secrets Manager appends to a secret's name in its ARN: a hyphen and 6 letters or digits. */
const SECRET_SUFFIX = /-[A-Za-z0-9]{6}$/;
/** The AWS-documented pattern for that suffix in an IAM policy. */
const ANY_SECRET_SUFFIX = '-??????';

interface ArnRule {
  readonly noun: string;
  readonly service: string;
  readonly resource: RegExp;
  readonly example: string;
  readonly regional: boolean;
}

const RULES = {
  secretsManagerArns: { noun: 'Secrets Manager secret', service: 'secretsmanager', resource: /^secret:[A-Za-z0-9/_+=.@*?-]+$/, example: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:production/payments/postgres-AbCdEf', regional: true },
  ssmParameterArns: { noun: 'SSM parameter', service: 'ssm', resource: /^parameter\/[A-Za-z0-9_./*?-]+$/, example: 'arn:aws:ssm:us-east-1:111122223333:parameter/production/payments/api-key', regional: true },
  ssmParameterPaths: { noun: 'SSM parameter path', service: 'ssm', resource: /^parameter\/[A-Za-z0-9_./-]*[A-Za-z0-9_.-]$/, example: 'arn:aws:ssm:us-east-1:111122223333:parameter/production/payments', regional: true },
  kmsKeyArns: { noun: 'KMS key (not alias)', service: 'kms', resource: /^key\/.+$/, example: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', regional: true },
  oidcProviderArn: { noun: 'IAM OIDC provider', service: 'iam', resource: /^oidc-provider\/.+$/, example: 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE', regional: false },
  clusterRoleArn: { noun: 'IAM role', service: 'iam', resource: /^role\/.+$/, example: 'arn:aws:iam::111122223333:role/eks-cluster', regional: false },
  adminPrincipalArns: { noun: 'IAM role or user', service: 'iam', resource: /^(role|user)\/.+$/, example: 'arn:aws:iam::111122223333:role/platform-admin', regional: false },
  clusterArn: { noun: 'EKS cluster', service: 'eks', resource: /^cluster\/[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/, example: 'arn:aws:eks:us-east-1:111122223333:cluster/prod', regional: true },
  lambdaArn: { noun: 'Lambda function', service: 'lambda', resource: /^function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$/, example: 'arn:aws:lambda:us-east-1:111122223333:function:rotate-postgres', regional: true },
} satisfies Record<string, ArnRule>;

/** The kinds of ARN {@link checkArn} knows. @internal */
export type ArnKind = keyof typeof RULES;

/**
 * Whether a Secrets Manager ARN's resource (`secret:<name>...`) ends in the documented `-??????` pattern
 * and has no other wildcard: it matches exactly the secrets whose name is `<name>` (the suffix is always 7
 * characters, so the length fixes the name; a secret named `<name>-x` has a longer ARN).
 */
function isExactSecretPattern(resource: string): boolean {
  return resource.endsWith(ANY_SECRET_SUFFIX) && !WILDCARD.test(resource.slice(0, -ANY_SECRET_SUFFIX.length));
}

/**
 * Check an ARN against the service it must belong to; returns it parsed. Partition, region and account
 * are checked against the partition table of `validate/arn`.
 * @internal
 */
export function checkArn(
  component: string, prop: string, kind: ArnKind, value: unknown, options: { partition?: string; allowWildcards?: boolean } = {},
): ParsedArn {
  const rule: ArnRule = RULES[kind];
  const arn = typeof value === 'string' ? parseArn(value) : undefined;
  if (!arn) {
    throw new ValidationError(component, prop, `${q(value)} is not an ARN; expected e.g. ${q(rule.example)}.`);
  }
  const problem = arnLocationProblem(arn, rule.regional);
  if (problem === 'partition') {
    throw new ValidationError(component, prop, `${q(value)} has partition ${q(arn.partition)}, which does not exist; use one of ${AWS_PARTITIONS.map(p => p.id).join(', ')}.`);
  }
  if (options.partition !== undefined && arn.partition !== options.partition) {
    throw new ValidationError(component, prop, `${q(value)} is in partition ${q(arn.partition)} but the role is in ${q(options.partition)}; IAM cannot grant across partitions.`);
  }
  if (arn.service !== rule.service || !rule.resource.test(arn.resource)) {
    const what = arn.service === rule.service ? `not a valid ${rule.noun} ARN` : `an ARN of service ${q(arn.service)}`;
    throw new ValidationError(component, prop, `${q(value)} is ${what}; ${kind} takes ${rule.noun} ARNs like ${q(rule.example)}.`);
  }
  if (problem !== undefined) {
    throw new ValidationError(component, prop, `${q(value)} lacks a region or a 12-digit account id; expected e.g. ${q(rule.example)}.`);
  }
  if (WILDCARD.test(value as string) && !options.allowWildcards && !(kind === 'secretsManagerArns' && isExactSecretPattern(arn.resource))) {
    const hint = kind === 'secretsManagerArns'
      ? ' A Secrets Manager ARN without its 6-character suffix, or ending in "-??????", needs no opt-in: it matches exactly that secret name.'
      : '';
    throw new ValidationError(component, prop, `${q(value)} contains a wildcard; grant exact ARNs (or set allowWildcardArns: true).${hint}`);
  }
  return arn;
}

/**
 * The IAM resource that grants a Secrets Manager secret ARN. A full ARN (ending in the 6 random
 * characters Secrets Manager appends to the name) and an ARN with wildcards are returned as they are. A
 * partial ARN (the bare name) matches no secret in IAM, so the AWS-documented `-??????` is appended: it
 * matches the 6 characters and nothing else, so exactly the secrets of that name. A name that itself
 * ends in a hyphen and 6 letters or digits looks like a full ARN and is taken as one (AWS advises against
 * such names for this reason).
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html
 * @internal
 */
export function secretsManagerResource(arn: string): string {
  const name = arn.slice(arn.indexOf(':secret:') + ':secret:'.length);
  return SECRET_SUFFIX.test(name) || WILDCARD.test(name) ? arn : `${arn}${ANY_SECRET_SUFFIX}`;
}

function uniqueSorted(values: string[]): string[] {
  return [...new Set(values)].sort();
}

function oneOrMany(values: string[]): string | string[] {
  return values.length === 1 ? values[0] : values;
}

/**
 * Normalise an OIDC issuer to host and path (no scheme, no trailing slash).
 * @internal
 */
export function normaliseIssuer(component: string, issuer: unknown): string {
  if (typeof issuer !== 'string' || issuer.trim() === '') {
    throw new ValidationError(component, 'oidcIssuer', `${q(issuer)} is not an OIDC issuer; expected e.g. "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE".`);
  }
  const bare = issuer.replace(/^https:\/\//, '').replace(/\/+$/, '');
  if (!/^[a-z0-9.-]+(\/[A-Za-z0-9._-]+)*$/i.test(bare) || WILDCARD.test(bare)) {
    throw new ValidationError(component, 'oidcIssuer', `${q(issuer)} is not an OIDC issuer; expected e.g. "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE".`);
  }
  return bare;
}

/**
 * Check and de-duplicate ServiceAccount bindings: a real list of `{ namespace, name }`, no wildcard, and
 * neither a `default` ServiceAccount nor `kube-system` without their opt-ins.
 * @internal
 */
export function checkServiceAccountBindings(
  component: string, serviceAccounts: unknown, optIns: ServiceAccountBindingOptIns = {},
): ServiceAccountBinding[] {
  if (serviceAccounts === undefined || (Array.isArray(serviceAccounts) && serviceAccounts.length === 0)) {
    throw new ValidationError(component, 'serviceAccounts', 'is empty; name the ServiceAccounts (namespace and name) that may assume the role.');
  }
  const allowDefault = optIn(component, 'allowDefaultServiceAccount', optIns.allowDefaultServiceAccount);
  const allowKubeSystem = optIn(component, 'allowKubeSystem', optIns.allowKubeSystem);
  const list = checkList(component, 'serviceAccounts', serviceAccounts, 'ServiceAccounts { namespace, name }');
  const seen = new Set<string>();
  const out: ServiceAccountBinding[] = [];
  list.forEach((entry, i) => {
    const sa = checkObject(component, `serviceAccounts[${i}]`, entry, 'a ServiceAccount { namespace, name }');
    const namespace = checkNamespace(component, `serviceAccounts[${i}].namespace`, sa.namespace);
    const name = checkObjectName(component, `serviceAccounts[${i}].name`, sa.name, 'ServiceAccount name');
    if (name === 'default' && !allowDefault) {
      throw new ValidationError(component, `serviceAccounts[${i}].name`, `"default" is the default ServiceAccount of namespace ${q(namespace)}: every pod there that names no ServiceAccount runs as it and would get the role. Create a dedicated ServiceAccount, or set allowDefaultServiceAccount: true.`);
    }
    if (namespace === 'kube-system' && !allowKubeSystem) {
      throw new ValidationError(component, `serviceAccounts[${i}].namespace`, '"kube-system" holds the cluster\'s own components; run the workload in its own namespace, or set allowKubeSystem: true.');
    }
    const key = `${namespace}/${name}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ namespace, name });
    }
  });
  return out.sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}

/**
 * The trust policy of an IRSA role: `Federated` = the cluster's OIDC provider,
 * `sts:AssumeRoleWithWebIdentity`, and `StringEquals` on both `<issuer>:sub` (the exact ServiceAccounts)
 * and `<issuer>:aud` = `sts.amazonaws.com`. A trust with only `:sub` lets any token with that subject,
 * whatever its audience, assume the role.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
export function irsaTrustPolicy(options: IrsaTrustPolicyOptions): PolicyDocument {
  const component = options.component ?? 'IrsaRole';
  const provider = checkArn(component, 'oidcProviderArn', 'oidcProviderArn', options.oidcProviderArn);
  const issuer = normaliseIssuer(component, options.oidcIssuer);
  const providerIssuer = provider.resource.slice('oidc-provider/'.length);
  if (providerIssuer !== issuer) {
    throw new ValidationError(component, 'oidcIssuer', `${q(issuer)} does not match the OIDC provider ${q(options.oidcProviderArn)}; pass the issuer of that provider (host and path).`);
  }
  const subjects = checkServiceAccountBindings(component, options.serviceAccounts, options).map(sa => `system:serviceaccount:${sa.namespace}:${sa.name}`);
  return {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Federated: options.oidcProviderArn },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: {
          [`${issuer}:sub`]: oneOrMany(subjects),
          [`${issuer}:aud`]: 'sts.amazonaws.com',
        },
      },
    }],
  };
}

/** The session tags EKS Pod Identity sets on the role session (EKS user guide, `pod-id-abac.adoc`). */
export const POD_IDENTITY_SESSION_TAGS = {
  clusterArn: 'eks-cluster-arn',
  clusterName: 'eks-cluster-name',
  namespace: 'kubernetes-namespace',
  serviceAccount: 'kubernetes-service-account',
  podName: 'kubernetes-pod-name',
  podUid: 'kubernetes-pod-uid',
} as const;

/**
 * The trust policy of an EKS Pod Identity role: `Service: pods.eks.amazonaws.com`, `sts:AssumeRole` and
 * `sts:TagSession`, pinned to exactly the bound ServiceAccounts of one cluster by the session tags EKS Pod
 * Identity sends with the request (`aws:RequestTag/eks-cluster-arn`, `aws:RequestTag/kubernetes-namespace`,
 * `aws:RequestTag/kubernetes-service-account`) and to the account (`aws:SourceAccount`). Without these
 * conditions, any PodIdentityAssociation of the account (any cluster, namespace and ServiceAccount that
 * someone with `eks:CreatePodIdentityAssociation` and `iam:PassRole` names) could use the role.
 *
 * One statement per namespace: its namespace tag is a single value and its ServiceAccount tag lists that
 * namespace's ServiceAccounts, so no namespace can borrow another's ServiceAccount name (two independent
 * lists in one statement would admit every pairing).
 *
 * The PodIdentityAssociations must keep session tags on (`disableSessionTags` false, the default), and
 * the nodes need the `eks-pod-identity-agent` add-on (KmsEncryptedEksCluster installs it) and egress to
 * it. `aws:SourceArn` is not used: the EKS user guide documents the session tags, not a source ARN, for
 * this trust.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html
 */
export function podIdentityTrustPolicy(options: PodIdentityTrustPolicyOptions): PolicyDocument {
  const component = options?.component ?? 'PodIdentityRole';
  checkObject(component, 'options', options, 'the Pod Identity trust options { accountId, clusterArn, serviceAccounts }');
  if (!isAwsAccountId(options.accountId)) {
    throw new ValidationError(component, 'accountId', `${q(options.accountId)} is not a 12-digit AWS account id.`);
  }
  const cluster = checkArn(component, 'clusterArn', 'clusterArn', options.clusterArn);
  if (cluster.account !== options.accountId) {
    throw new ValidationError(component, 'clusterArn', `${q(options.clusterArn)} is in account ${q(cluster.account)}, not in the role's account ${q(options.accountId)}; EKS Pod Identity passes only roles of the cluster's own account (use a target role for other accounts).`);
  }
  const bindings = checkServiceAccountBindings(component, options.serviceAccounts, options);
  const byNamespace = new Map<string, string[]>();
  for (const sa of bindings) {
    byNamespace.set(sa.namespace, [...(byNamespace.get(sa.namespace) ?? []), sa.name]);
  }
  return {
    Version: '2012-10-17',
    Statement: [...byNamespace.entries()].map(([namespace, names]) => ({
      Effect: 'Allow' as const,
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        StringEquals: {
          'aws:SourceAccount': options.accountId,
          [`aws:RequestTag/${POD_IDENTITY_SESSION_TAGS.clusterArn}`]: options.clusterArn,
          [`aws:RequestTag/${POD_IDENTITY_SESSION_TAGS.namespace}`]: namespace,
          [`aws:RequestTag/${POD_IDENTITY_SESSION_TAGS.serviceAccount}`]: oneOrMany(names),
        },
      },
    })),
  };
}

/** Trust policy of a role assumed by an AWS service (EKS cluster, EC2 nodes). */
export function serviceTrustPolicy(service: string, actions: string[] = ['sts:AssumeRole']): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: oneOrMany(actions) }] };
}

/** Secrets Manager read actions ESO documents for GetSecretValue-based sync. */
export const SECRETS_MANAGER_READ_ACTIONS = [
  'secretsmanager:DescribeSecret',
  'secretsmanager:GetResourcePolicy',
  'secretsmanager:GetSecretValue',
  'secretsmanager:ListSecretVersionIds',
];
/** Parameter Store actions that read named parameters (granted on `ssmParameterArns`). */
export const SSM_READ_ACTIONS = ['ssm:GetParameter', 'ssm:GetParameters'];
/** The Parameter Store action that reads a whole hierarchy (granted only on `ssmParameterPaths`). */
export const SSM_PATH_READ_ACTIONS = ['ssm:GetParametersByPath'];

function sidSuffix(region: string): string {
  return region.split('-').map(part => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}

/**
 * The names `kms:ViaService` may carry for `service` (`secretsmanager`, `ssm`) in `region`: the service's
 * regional name, `<service>.<region>.amazonaws.com` (AWS KMS developer guide, "kms:ViaService"). In a
 * partition whose endpoints have another DNS suffix (aws-cn: `amazonaws.com.cn`, aws-eusc: `amazonaws.eu`, the ISO partitions), no
 * AWS document settles whether the name carries that suffix, so both are listed. That grants nothing more:
 * AWS sets the key from the service that makes the call, and both names are that one service in that region.
 */
function viaServiceNames(service: string, region: string): string[] {
  const suffix = partitionOfRegion(region)?.dnsSuffix ?? 'amazonaws.com';
  return uniqueSorted([`${service}.${region}.amazonaws.com`, `${service}.${region}.${suffix}`]);
}

/**
 * A least-privilege permission policy to read exactly the given Secrets Manager secrets and SSM
 * parameters (and, only where named as paths, SSM hierarchies), and to decrypt them with exactly the
 * given KMS keys only through those services in each key's region. `Resource: "*"` appears only for the
 * explicit list opt-ins; never `Action: "*"`. Returns undefined when nothing is granted.
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html
 */
export function secretReadPolicy(options: SecretReadPolicyOptions): PolicyDocument | undefined {
  const component = options.component ?? 'IrsaRole';
  const allowWildcards = optIn(component, 'allowWildcardArns', options.allowWildcardArns);
  const allowListSecrets = optIn(component, 'allowListSecrets', options.allowListSecrets);
  const allowDescribeParameters = optIn(component, 'allowDescribeParameters', options.allowDescribeParameters);
  let partition = options.partition;
  const check = (prop: 'secretsManagerArns' | 'ssmParameterArns' | 'ssmParameterPaths' | 'kmsKeyArns', values: unknown, what: string) =>
    (checkOptionalList(component, prop, values, what) ?? []).map((v, i) => {
      const arn = checkArn(component, `${prop}[${i}]`, prop, v, { partition, allowWildcards });
      partition ??= arn.partition;
      return { value: v as string, arn };
    });
  const secrets = check('secretsManagerArns', options.secretsManagerArns, 'Secrets Manager secret ARNs');
  const parameters = check('ssmParameterArns', options.ssmParameterArns, 'SSM parameter ARNs');
  const paths = check('ssmParameterPaths', options.ssmParameterPaths, 'SSM parameter path ARNs');
  const keys = check('kmsKeyArns', options.kmsKeyArns, 'KMS key ARNs');

  const statements: PolicyStatement[] = [];
  if (secrets.length > 0) {
    statements.push({ Sid: 'ReadSecrets', Effect: 'Allow', Action: SECRETS_MANAGER_READ_ACTIONS, Resource: uniqueSorted(secrets.map(s => secretsManagerResource(s.value))) });
  }
  if (parameters.length > 0) {
    statements.push({ Sid: 'ReadParameters', Effect: 'Allow', Action: SSM_READ_ACTIONS, Resource: uniqueSorted(parameters.map(p => p.value)) });
  }
  if (paths.length > 0) {
    statements.push({ Sid: 'ReadParameterPaths', Effect: 'Allow', Action: oneOrMany(SSM_PATH_READ_ACTIONS), Resource: uniqueSorted(paths.map(p => p.value)) });
  }
  if (keys.length > 0) {
    // Secrets Manager and SSM decrypt only with a key of their own region, so each key is usable only
    // through the services of its region: kms:ViaService is written per region.
    const viaByRegion = new Map<string, Set<string>>();
    const addVia = (region: string, service: string) => {
      const names = viaByRegion.get(region) ?? new Set<string>();
      viaServiceNames(service, region).forEach(n => names.add(n));
      viaByRegion.set(region, names);
    };
    secrets.forEach(s => addVia(s.arn.region, 'secretsmanager'));
    [...parameters, ...paths].forEach(p => addVia(p.arn.region, 'ssm'));
    if (viaByRegion.size === 0) {
      throw new ValidationError(component, 'kmsKeyArns', 'is set but no secret or parameter ARN is; kms:Decrypt is granted only through Secrets Manager or SSM for the listed secrets, so list them too.');
    }
    const keysByRegion = new Map<string, string[]>();
    keys.forEach((k, i) => {
      if (!viaByRegion.has(k.arn.region)) {
        throw new ValidationError(component, `kmsKeyArns[${i}]`, `${q(k.value)} is in region ${q(k.arn.region)}, but no listed secret or parameter is (they are in ${[...viaByRegion.keys()].sort().map(r => q(r)).join(', ')}); Secrets Manager and SSM decrypt only with a key of their own region, so kms:ViaService could never match. List the key that encrypts the secrets, in their region.`);
      }
      keysByRegion.set(k.arn.region, [...(keysByRegion.get(k.arn.region) ?? []), k.value]);
    });
    const regions = [...keysByRegion.keys()].sort();
    for (const region of regions) {
      statements.push({
        Sid: regions.length === 1 ? 'DecryptThroughSecretServices' : `DecryptThroughSecretServices${sidSuffix(region)}`,
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: uniqueSorted(keysByRegion.get(region)!),
        Condition: { StringEquals: { 'kms:ViaService': oneOrMany(uniqueSorted([...viaByRegion.get(region)!])) } },
      });
    }
  }
  if (allowListSecrets) {
    statements.push({ Sid: 'ListSecretsForFind', Effect: 'Allow', Action: ['secretsmanager:BatchGetSecretValue', 'secretsmanager:ListSecrets'], Resource: '*' });
  }
  if (allowDescribeParameters) {
    statements.push({ Sid: 'DescribeParametersForFind', Effect: 'Allow', Action: 'ssm:DescribeParameters', Resource: '*' });
  }
  return statements.length === 0 ? undefined : { Version: '2012-10-17', Statement: statements };
}

/**
 * The key administration actions, written out (no wildcard: `kms:Create*` would include
 * `kms:CreateGrant`, `kms:Get*`/`kms:Put*` grow with the service). None of them uses the key or lets the
 * administrator give itself use: no `Encrypt`, `Decrypt`, `ReEncrypt*`, `GenerateDataKey*`, no
 * `CreateGrant`, no `PutKeyPolicy` (whoever writes the key policy can grant itself use), and no
 * multi-Region or imported-key-material actions (`ReplicateKey` would create a replica under a new policy).
 * Names from the Service Authorization Reference, "Actions defined by AWS Key Management Service".
 */
export const KMS_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyLastUsage',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/** What the principal that owns the key policy needs beyond {@link KMS_ADMIN_ACTIONS} (see `keyPolicyManagerArn`). */
export const KMS_POLICY_MANAGER_ACTIONS = [...KMS_ADMIN_ACTIONS, 'kms:CreateGrant', 'kms:PutKeyPolicy'].sort();

/** What the EKS cluster role does with the key (plus `kms:CreateGrant` only for AWS resources). */
export const EKS_CLUSTER_KEY_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:ListGrants'];

/**
 * The key policy of the customer-managed key that encrypts an EKS cluster's Secrets:
 *
 * - `AccountRootDelegatesToIam` (unless `accountRootKeyAccess: false`): `kms:*` for the account root,
 *   AWS's default statement. It lets IAM policies in the account grant use and administration of the key;
 *   it grants nothing by itself.
 * - `KeyAdministrators`: {@link KMS_ADMIN_ACTIONS} for `adminPrincipalArns` (no use, no grants, no policy
 *   changes).
 * - `KeyPolicyManager` (only with `accountRootKeyAccess: false`): {@link KMS_POLICY_MANAGER_ACTIONS} for
 *   `keyPolicyManagerArn`.
 * - `ClusterRoleUsesKey` and `ClusterRoleGrantsForAwsResources`: `Encrypt`, `Decrypt`, `DescribeKey`,
 *   `ListGrants`, and `CreateGrant` only with `kms:GrantIsForAWSResource`, for the cluster role.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 */
export function eksSecretsKeyPolicy(options: EksSecretsKeyPolicyOptions): PolicyDocument {
  const component = 'KmsEncryptedEksCluster';
  if (!isAwsAccountId(options.accountId)) {
    throw new ValidationError(component, 'accountId', `${q(options.accountId)} is not a 12-digit AWS account id.`);
  }
  const partition = options.partition;
  if (!awsPartition(partition)) {
    throw new ValidationError(component, 'partition', `${q(partition)} is not an AWS partition.`);
  }
  checkArn(component, 'clusterRoleArn', 'clusterRoleArn', options.clusterRoleArn, { partition });
  const admins = (checkOptionalList(component, 'adminPrincipalArns', options.adminPrincipalArns, 'IAM role or user ARNs') ?? []).map((a, i) => {
    checkArn(component, `adminPrincipalArns[${i}]`, 'adminPrincipalArns', a, { partition });
    return a as string;
  });
  const accountRoot = checkBoolean(component, 'accountRootKeyAccess', options.accountRootKeyAccess, true);
  const statements: PolicyStatement[] = [];
  if (accountRoot) {
    if (options.keyPolicyManagerArn !== undefined) {
      throw new ValidationError(component, 'keyPolicyManagerArn', 'is set but accountRootKeyAccess is not false; the account root already manages the key policy through IAM. Drop it, or set accountRootKeyAccess: false.');
    }
    statements.push({ Sid: 'AccountRootDelegatesToIam', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${options.accountId}:root` }, Action: 'kms:*', Resource: '*' });
  } else {
    if (options.keyPolicyManagerArn === undefined) {
      throw new ValidationError(component, 'keyPolicyManagerArn', 'is missing but accountRootKeyAccess is false; KMS refuses a key policy that no principal could update again. Name the role that deploys the key (its role ARN).');
    }
    checkArn(component, 'keyPolicyManagerArn', 'adminPrincipalArns', options.keyPolicyManagerArn, { partition });
    statements.push({ Sid: 'KeyPolicyManager', Effect: 'Allow', Principal: { AWS: options.keyPolicyManagerArn }, Action: KMS_POLICY_MANAGER_ACTIONS, Resource: '*' });
  }
  if (admins.length > 0) {
    statements.push({ Sid: 'KeyAdministrators', Effect: 'Allow', Principal: { AWS: uniqueSorted(admins) }, Action: KMS_ADMIN_ACTIONS, Resource: '*' });
  }
  statements.push(
    {
      Sid: 'ClusterRoleUsesKey',
      Effect: 'Allow',
      Principal: { AWS: options.clusterRoleArn },
      Action: EKS_CLUSTER_KEY_ACTIONS,
      Resource: '*',
    },
    {
      Sid: 'ClusterRoleGrantsForAwsResources',
      Effect: 'Allow',
      Principal: { AWS: options.clusterRoleArn },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    },
  );
  return { Version: '2012-10-17', Statement: statements };
}
