import { ValidationError, q } from '../errors';
import { AWS_PARTITIONS, ParsedArn, awsPartition, parseArn, partitionOfRegion } from '../validate/arn';
import { checkNamespace, checkObjectName } from '../validate/names';

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

/** Options of {@link irsaTrustPolicy}. */
export interface IrsaTrustPolicyOptions {
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

/** Options of {@link secretReadPolicy}. */
export interface SecretReadPolicyOptions {
  /**
   * Secrets Manager secret ARNs to read (`GetSecretValue`, `DescribeSecret`, `ListSecretVersionIds`,
   * `GetResourcePolicy`).
   * @default - none
   */
  readonly secretsManagerArns?: string[];
  /**
   * SSM Parameter Store parameter ARNs to read (`GetParameter`, `GetParameters`, `GetParametersByPath`).
   * @default - none
   */
  readonly ssmParameterArns?: string[];
  /**
   * Customer-managed KMS key ARNs that encrypt them: `kms:Decrypt`, only through Secrets Manager or SSM
   * in the secrets' region (`kms:ViaService`).
   * @default - none
   */
  readonly kmsKeyArns?: string[];
  /**
   * Also allow `secretsmanager:ListSecrets` and `secretsmanager:BatchGetSecretValue` on `*`, which ESO
   * needs for `dataFrom.find` only. The list reveals the names (not values) of every secret in the account.
   * @default false
   */
  readonly allowListSecrets?: boolean;
  /**
   * Also allow `ssm:DescribeParameters` on `*` (ESO `dataFrom.find` on Parameter Store).
   * @default false
   */
  readonly allowDescribeParameters?: boolean;
  /**
   * Allow `*` and `?` in ARNs. Prefer exact ARNs; if the random 6-character suffix of a Secrets Manager
   * ARN is not known, `name-??????` matches exactly it and nothing else.
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
   * Principals allowed to administer (not use) the key.
   * @default - none beyond the account root
   */
  readonly adminPrincipalArns?: string[];
}

const ACCOUNT = /^\d{12}$/;
const WILDCARD = /[*?]/;

interface ArnRule {
  readonly noun: string;
  readonly service: string;
  readonly resource: RegExp;
  readonly example: string;
  readonly regional: boolean;
}

const RULES: Record<string, ArnRule> = {
  secretsManagerArns: { noun: 'Secrets Manager secret', service: 'secretsmanager', resource: /^secret:.+$/, example: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:production/payments/postgres-AbCdEf', regional: true },
  ssmParameterArns: { noun: 'SSM parameter', service: 'ssm', resource: /^parameter\/.+$/, example: 'arn:aws:ssm:us-east-1:111122223333:parameter/production/payments/api-key', regional: true },
  kmsKeyArns: { noun: 'KMS key (not alias)', service: 'kms', resource: /^key\/.+$/, example: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', regional: true },
  oidcProviderArn: { noun: 'IAM OIDC provider', service: 'iam', resource: /^oidc-provider\/.+$/, example: 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE', regional: false },
  clusterRoleArn: { noun: 'IAM role', service: 'iam', resource: /^role\/.+$/, example: 'arn:aws:iam::111122223333:role/eks-cluster', regional: false },
  adminPrincipalArns: { noun: 'IAM role or user', service: 'iam', resource: /^(role|user)\/.+$/, example: 'arn:aws:iam::111122223333:role/platform-admin', regional: false },
};

/**
 * Check an ARN against the service it must belong to; returns it parsed.
 * @internal
 */
export function checkArn(
  component: string, prop: string, kind: keyof typeof RULES, value: unknown, options: { partition?: string; allowWildcards?: boolean } = {},
): ParsedArn {
  const rule = RULES[kind];
  const arn = typeof value === 'string' ? parseArn(value) : undefined;
  if (!arn) {
    throw new ValidationError(component, prop, `${q(value)} is not an ARN; expected e.g. ${q(rule.example)}.`);
  }
  if (!awsPartition(arn.partition)) {
    throw new ValidationError(component, prop, `${q(value)} has partition ${q(arn.partition)}, which does not exist; use one of ${AWS_PARTITIONS.map(p => p.id).join(', ')}.`);
  }
  if (options.partition !== undefined && arn.partition !== options.partition) {
    throw new ValidationError(component, prop, `${q(value)} is in partition ${q(arn.partition)} but the role is in ${q(options.partition)}; IAM cannot grant across partitions.`);
  }
  if (arn.service !== rule.service || !rule.resource.test(arn.resource)) {
    const what = arn.service === rule.service ? `not a valid ${rule.noun} ARN` : `an ARN of service ${q(arn.service)}`;
    throw new ValidationError(component, prop, `${q(value)} is ${what}; ${kind} takes ${rule.noun} ARNs like ${q(rule.example)}.`);
  }
  if ((rule.regional && partitionOfRegion(arn.region)?.id !== arn.partition) || !ACCOUNT.test(arn.account)) {
    throw new ValidationError(component, prop, `${q(value)} lacks a region or a 12-digit account id; expected e.g. ${q(rule.example)}.`);
  }
  if (WILDCARD.test(value as string)) {
    if (arn.partition.includes('*') || arn.region.includes('*') || arn.account.includes('*') || !options.allowWildcards) {
      throw new ValidationError(component, prop, `${q(value)} contains a wildcard; grant exact ARNs (or set allowWildcardArns: true; "name-??????" matches a Secrets Manager suffix exactly).`);
    }
  }
  return arn;
}

function uniqueSorted(values: string[]): string[] {
  return [...new Set(values)].sort();
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
 * Check and de-duplicate ServiceAccount bindings.
 * @internal
 */
export function checkServiceAccountBindings(component: string, serviceAccounts: ServiceAccountBinding[] | undefined): ServiceAccountBinding[] {
  if (!Array.isArray(serviceAccounts) || serviceAccounts.length === 0) {
    throw new ValidationError(component, 'serviceAccounts', 'is empty; name the ServiceAccounts (namespace and name) that may assume the role.');
  }
  const seen = new Set<string>();
  const out: ServiceAccountBinding[] = [];
  serviceAccounts.forEach((sa, i) => {
    const namespace = checkNamespace(component, `serviceAccounts[${i}].namespace`, sa?.namespace);
    const name = checkObjectName(component, `serviceAccounts[${i}].name`, sa?.name, 'ServiceAccount name');
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
  const subjects = checkServiceAccountBindings(component, options.serviceAccounts).map(sa => `system:serviceaccount:${sa.namespace}:${sa.name}`);
  return {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Federated: options.oidcProviderArn },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: {
          [`${issuer}:sub`]: subjects.length === 1 ? subjects[0] : subjects,
          [`${issuer}:aud`]: 'sts.amazonaws.com',
        },
      },
    }],
  };
}

/**
 * The trust policy of an EKS Pod Identity role: `Service: pods.eks.amazonaws.com`, `sts:AssumeRole` and
 * `sts:TagSession`. Which ServiceAccounts get the role is decided by PodIdentityAssociations.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 */
export function podIdentityTrustPolicy(): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    }],
  };
}

/** Trust policy of a role assumed by an AWS service (EKS cluster, EC2 nodes). */
export function serviceTrustPolicy(service: string, actions: string[] = ['sts:AssumeRole']): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: actions.length === 1 ? actions[0] : actions }] };
}

/** Secrets Manager read actions ESO documents for GetSecretValue-based sync. */
export const SECRETS_MANAGER_READ_ACTIONS = [
  'secretsmanager:DescribeSecret',
  'secretsmanager:GetResourcePolicy',
  'secretsmanager:GetSecretValue',
  'secretsmanager:ListSecretVersionIds',
];
/** Parameter Store read actions. */
export const SSM_READ_ACTIONS = ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'];

/**
 * A least-privilege permission policy to read exactly the given Secrets Manager secrets and SSM
 * parameters, and to decrypt them with exactly the given KMS keys only through those services in the
 * secrets' regions. `Resource: "*"` appears only for the explicit list opt-ins; never `Action: "*"`.
 * Returns undefined when nothing is granted.
 */
export function secretReadPolicy(options: SecretReadPolicyOptions): PolicyDocument | undefined {
  const component = options.component ?? 'IrsaRole';
  const allowWildcards = options.allowWildcardArns ?? false;
  let partition = options.partition;
  const check = (prop: keyof typeof RULES, values: string[] | undefined) => (values ?? []).map((v, i) => {
    const arn = checkArn(component, `${prop}[${i}]`, prop, v, { partition, allowWildcards });
    partition ??= arn.partition;
    return { value: v, arn };
  });
  const secrets = check('secretsManagerArns', options.secretsManagerArns);
  const parameters = check('ssmParameterArns', options.ssmParameterArns);
  const keys = check('kmsKeyArns', options.kmsKeyArns);

  const statements: PolicyStatement[] = [];
  if (secrets.length > 0) {
    statements.push({ Sid: 'ReadSecrets', Effect: 'Allow', Action: SECRETS_MANAGER_READ_ACTIONS, Resource: uniqueSorted(secrets.map(s => s.value)) });
  }
  if (parameters.length > 0) {
    statements.push({ Sid: 'ReadParameters', Effect: 'Allow', Action: SSM_READ_ACTIONS, Resource: uniqueSorted(parameters.map(p => p.value)) });
  }
  if (keys.length > 0) {
    const via = uniqueSorted([
      ...secrets.map(s => `secretsmanager.${s.arn.region}.amazonaws.com`),
      ...parameters.map(p => `ssm.${p.arn.region}.amazonaws.com`),
    ]);
    if (via.length === 0) {
      throw new ValidationError(component, 'kmsKeyArns', 'is set but no secret or parameter ARN is; kms:Decrypt is granted only through Secrets Manager or SSM for the listed secrets, so list them too.');
    }
    statements.push({
      Sid: 'DecryptThroughSecretServices',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: uniqueSorted(keys.map(k => k.value)),
      Condition: { StringEquals: { 'kms:ViaService': via.length === 1 ? via[0] : via } },
    });
  }
  if (options.allowListSecrets) {
    statements.push({ Sid: 'ListSecretsForFind', Effect: 'Allow', Action: ['secretsmanager:BatchGetSecretValue', 'secretsmanager:ListSecrets'], Resource: '*' });
  }
  if (options.allowDescribeParameters) {
    statements.push({ Sid: 'DescribeParametersForFind', Effect: 'Allow', Action: 'ssm:DescribeParameters', Resource: '*' });
  }
  return statements.length === 0 ? undefined : { Version: '2012-10-17', Statement: statements };
}

/** The key administration actions (no use of the key). */
export const KMS_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion', 'kms:Create*', 'kms:Delete*', 'kms:Describe*', 'kms:Disable*', 'kms:Enable*', 'kms:Get*', 'kms:List*',
  'kms:Put*', 'kms:Revoke*', 'kms:ScheduleKeyDeletion', 'kms:TagResource', 'kms:UntagResource', 'kms:Update*',
];

/**
 * The key policy of the customer-managed key that encrypts an EKS cluster's Secrets: administration for
 * the account (the root principal, which lets IAM policies in the account delegate) and the given admins,
 * and use (`Encrypt`, `Decrypt`, `DescribeKey`, `ListGrants`, and `CreateGrant` only for AWS resources)
 * for the cluster role only. No principal but the account root gets `kms:*`.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html
 */
export function eksSecretsKeyPolicy(options: EksSecretsKeyPolicyOptions): PolicyDocument {
  const component = 'KmsEncryptedEksCluster';
  if (!ACCOUNT.test(options.accountId)) {
    throw new ValidationError(component, 'accountId', `${q(options.accountId)} is not a 12-digit AWS account id.`);
  }
  const partition = options.partition;
  if (!awsPartition(partition)) {
    throw new ValidationError(component, 'partition', `${q(partition)} is not an AWS partition.`);
  }
  checkArn(component, 'clusterRoleArn', 'clusterRoleArn', options.clusterRoleArn, { partition });
  const admins = (options.adminPrincipalArns ?? []).map((a, i) => {
    checkArn(component, `adminPrincipalArns[${i}]`, 'adminPrincipalArns', a, { partition });
    return a;
  });
  const statements: PolicyStatement[] = [{
    Sid: 'AccountRootAdministers',
    Effect: 'Allow',
    Principal: { AWS: `arn:${partition}:iam::${options.accountId}:root` },
    Action: 'kms:*',
    Resource: '*',
  }];
  if (admins.length > 0) {
    statements.push({ Sid: 'KeyAdministrators', Effect: 'Allow', Principal: { AWS: uniqueSorted(admins) }, Action: KMS_ADMIN_ACTIONS, Resource: '*' });
  }
  statements.push(
    {
      Sid: 'ClusterRoleUsesKey',
      Effect: 'Allow',
      Principal: { AWS: options.clusterRoleArn },
      Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:ListGrants'],
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
