import type * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { EksLogType, eksClusterSettings, eksSecretsKeyPolicy, serviceTrustPolicy } from '../../core';
import { eksClusterKmsKeyArn, eksSecretsKeySettings } from '../../core/aws/eks';
import { checkArn } from '../../core/aws/iam';
import { checkAwsTags } from '../../core/aws/tags';
import { isDeferred } from '../../core/deferred';
import { checkBoolean, checkList, checkObject } from '../../core/validate/values';
import { awsSdk } from '../deps';
import { validated, validatedOutput } from '../errors';

/** A managed node group for {@link KmsEncryptedEksCluster}. */
export interface ManagedNodeGroupArgs {
  /**
   * EC2 instance types.
   * @default ["m6i.large"]
   */
  readonly instanceTypes?: string[];
  /**
   * Desired number of nodes.
   * @default 2
   */
  readonly desiredSize?: number;
  /**
   * Minimum number of nodes.
   * @default 2
   */
  readonly minSize?: number;
  /**
   * Maximum number of nodes.
   * @default 4
   */
  readonly maxSize?: number;
  /**
   * Subnets of the nodes.
   * @default - the cluster's subnets
   */
  readonly subnetIds?: pulumi.Input<string>[];
  /**
   * The AMI type.
   * @default - the EKS default for the instance types
   */
  readonly amiType?: string;
}

/** Arguments of {@link KmsEncryptedEksCluster}. */
export interface KmsEncryptedEksClusterArgs {
  /** Subnets of the control-plane network interfaces, in at least two availability zones. */
  readonly subnetIds: pulumi.Input<string>[];
  /**
   * The Kubernetes version, e.g. `1.31`.
   * @default - the EKS default
   */
  readonly version?: string;
  /**
   * The cluster name.
   * @default - a name Pulumi generates from the resource name
   */
  readonly clusterName?: string;
  /**
   * An existing customer-managed symmetric KMS key to encrypt Secrets with, in the cluster's region. Its
   * key policy must let the cluster role use it (see `eksSecretsKeyPolicy`). An Output is checked once it
   * resolves. The options of the new key (`keyAlias`, `keyDeletionWindowInDays`, `keyAdminArns`,
   * `accountRootKeyAccess`) are refused with it.
   * @default - a new key with rotation, an alias and the key policy of `eksSecretsKeyPolicy`
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * The alias of the new key.
   * @default "alias/eks/<resource name>-secrets"
   */
  readonly keyAlias?: string;
  /**
   * Deletion window of the new key, in days (7 to 30).
   * @default 30
   */
  readonly keyDeletionWindowInDays?: number;
  /**
   * IAM roles or users that administer the new key with `KMS_ADMIN_ACTIONS`: enable, disable, rotate,
   * tag, alias, schedule and cancel deletion, revoke grants, read its policy. Never use it, create grants
   * or change the key policy.
   * @default - none besides what IAM policies grant through the account-root statement
   */
  readonly keyAdminArns?: string[];
  /**
   * Keep AWS's default account-root statement (`kms:*` for the account root) in the new key's policy, so
   * that IAM policies in the account decide who else may use and administer the key: the IAM role of an
   * IrsaRole or PodIdentityRole that decrypts Secrets Manager secrets encrypted with this key, the
   * deploying identity (EKS CreateCluster needs its `kms:CreateGrant` and `kms:DescribeKey`), an
   * administrator with `kms:*`. `false` removes it: then only the cluster role uses the key, `keyAdminArns`
   * administer it, and the deploying identity's IAM role (from `aws.iam.getSessionContext`) manages the key
   * policy; IAM policies grant nothing on the key (a role reading secrets encrypted with it cannot decrypt
   * them), and if that deploying role is deleted, the key and the cluster's Secrets can no longer be
   * managed.
   * @default true
   */
  readonly accountRootKeyAccess?: boolean;
  /**
   * Open the API endpoint to the internet, restricted to `publicAccessCidrs`. The private endpoint is
   * always on. Only the boolean `true` turns it on.
   * @default false
   */
  readonly endpointPublicAccess?: boolean;
  /**
   * CIDRs allowed to reach the public endpoint (required with `endpointPublicAccess`; `0.0.0.0/0` is
   * refused).
   * @default - none
   */
  readonly publicAccessCidrs?: string[];
  /**
   * Control-plane log types; `audit` and `authenticator` are always required.
   * @default - all five
   */
  readonly enabledClusterLogTypes?: EksLogType[];
  /**
   * How IAM principals authenticate: access entries (`API`), or also the deprecated aws-auth ConfigMap.
   * @default "API"
   */
  readonly authenticationMode?: 'API' | 'API_AND_CONFIG_MAP';
  /**
   * Give the identity that creates the cluster cluster-admin through an access entry.
   * @default true
   */
  readonly bootstrapClusterCreatorAdminPermissions?: boolean;
  /**
   * Extra security groups for the control-plane network interfaces.
   * @default - none
   */
  readonly securityGroupIds?: pulumi.Input<string>[];
  /**
   * A managed node group. Its nodes require IMDSv2 with a hop limit of 1, so pods cannot use the node
   * role's credentials and must use IRSA or Pod Identity.
   * @default - none
   */
  readonly nodeGroup?: ManagedNodeGroupArgs;
  /**
   * Install the `eks-pod-identity-agent` add-on (`aws.eks.Addon`), which EKS Pod Identity (and so
   * `PodIdentityRole`) needs on the nodes. Pods that use Pod Identity also need egress to the agent at
   * 169.254.170.23:80 / [fd00:ec2::23]:80: allow egress to the Pod Identity agent (NetworkPolicy
   * constructs). Set false for a cluster that uses only IRSA.
   * @default true
   */
  readonly podIdentityAgent?: boolean;
  /**
   * AWS tags for every resource (AWS tag rules: `Cost Center` is a valid key).
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/**
 * An EKS cluster whose Kubernetes Secrets are envelope-encrypted with a customer-managed KMS key
 * (rotation on, 30-day deletion window), with audit and authenticator logs, a private API endpoint, API
 * authentication mode, an IAM OIDC provider for IRSA and the `eks-pod-identity-agent` add-on.
 *
 * The new key's policy (`eksSecretsKeyPolicy`): the cluster role uses the key (`Encrypt`, `Decrypt`,
 * `DescribeKey`, `ListGrants`, and `CreateGrant` only for AWS resources); `keyAdminArns` administer it
 * without use; and AWS's default account-root statement (`kms:*` for the account root) lets IAM policies
 * in the account grant use and administration, unless `accountRootKeyAccess: false`.
 *
 * ```ts
 * const cluster = new KmsEncryptedEksCluster('prod', { subnetIds: ['subnet-a', 'subnet-b'], version: '1.31' });
 * ```
 * @see https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html
 */
export class KmsEncryptedEksCluster extends pulumi.ComponentResource {
  /** The EKS cluster. */
  public readonly cluster: aws.eks.Cluster;
  /** The cluster role. */
  public readonly clusterRole: aws.iam.Role;
  /** The KMS key, when this component created it. */
  public readonly kmsKey?: aws.kms.Key;
  /** The IAM OIDC provider for IRSA. */
  public readonly oidcProvider: aws.iam.OpenIdConnectProvider;
  /** The managed node group, if requested. */
  public readonly nodeGroup?: aws.eks.NodeGroup;
  /** The `eks-pod-identity-agent` add-on, unless `podIdentityAgent: false`. */
  public readonly podIdentityAgent?: aws.eks.Addon;
  /** The cluster name. */
  public readonly clusterName: pulumi.Output<string>;
  /** The API server endpoint. */
  public readonly endpoint: pulumi.Output<string>;
  /** A kubeconfig using `aws eks get-token` (a Pulumi secret). */
  public readonly kubeconfig: pulumi.Output<string>;
  /** The IAM OIDC provider ARN. */
  public readonly oidcProviderArn: pulumi.Output<string>;
  /** The OIDC issuer, host and path without `https://` (as IRSA trust conditions use it). */
  public readonly oidcIssuer: pulumi.Output<string>;
  /** The ARN of the key that encrypts Secrets. */
  public readonly kmsKeyArn: pulumi.Output<string>;
  /** The cluster security group created by EKS. */
  public readonly clusterSecurityGroupId: pulumi.Output<string>;

  /**
   * @param name the Pulumi resource name
   * @param args the cluster settings
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: KmsEncryptedEksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:aws:KmsEncryptedEksCluster', name, {}, opts);
    const component = 'KmsEncryptedEksCluster';
    const { settings, subnetIds, tags, bootstrapAdmin } = validated(this, () => {
      checkObject(component, 'args', args, 'the cluster arguments { subnetIds, ... }');
      const subnets = checkList(component, 'subnetIds', args.subnetIds, 'subnet ids') as pulumi.Input<string>[];
      eksSecretsKeySettings({
        kmsKeyArn: args.kmsKeyArn,
        keyAlias: args.keyAlias,
        keyDeletionWindowGiven: args.keyDeletionWindowInDays !== undefined,
        keyAdminArns: args.keyAdminArns,
        accountRootKeyAccess: args.accountRootKeyAccess,
      });
      if (args.kmsKeyArn !== undefined && !isDeferred(args.kmsKeyArn)) {
        eksClusterKmsKeyArn(args.kmsKeyArn);
      }
      (args.keyAdminArns ?? []).forEach((a, i) => checkArn(component, `keyAdminArns[${i}]`, 'adminPrincipalArns', a));
      return {
        settings: eksClusterSettings({ ...args, subnetCount: subnets.length }),
        subnetIds: subnets,
        tags: checkAwsTags(component, 'tags', args.tags),
        bootstrapAdmin: checkBoolean(component, 'bootstrapClusterCreatorAdminPermissions', args.bootstrapClusterCreatorAdminPermissions, true),
      };
    });
    const awsx = awsSdk(component);
    const parent = { parent: this };
    const tagArgs = tags ? { tags } : {};
    const partition = awsx.getPartitionOutput({}, parent).partition;
    const callerIdentity = awsx.getCallerIdentityOutput({}, parent);
    const accountId = callerIdentity.accountId;
    const region = awsx.getRegionOutput({}, parent).region;

    this.clusterRole = new awsx.iam.Role(`${name}-cluster`, {
      description: `EKS cluster role of ${name}`,
      assumeRolePolicy: JSON.stringify(serviceTrustPolicy('eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession'])),
      ...tagArgs,
    }, parent);
    const clusterPolicy = new awsx.iam.RolePolicyAttachment(`${name}-cluster-policy`, {
      role: this.clusterRole.name,
      policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/AmazonEKSClusterPolicy`,
    }, parent);

    // Each deferred value is checked once, here, and every consumer reads the checked Output.
    let keyArn: pulumi.Output<string>;
    if (args.kmsKeyArn !== undefined) {
      keyArn = validatedOutput(this, pulumi.all([args.kmsKeyArn, region]), ([arn, r]) => eksClusterKmsKeyArn(arn, r));
    } else {
      const accountRootKeyAccess = args.accountRootKeyAccess ?? true;
      const manager: pulumi.Input<string | undefined> = accountRootKeyAccess
        ? undefined
        : awsx.iam.getSessionContextOutput({ arn: callerIdentity.arn }, parent).issuerArn;
      const policy = validatedOutput(this, pulumi.all([accountId, partition, this.clusterRole.arn, manager]), ([account, p, roleArn, managerArn]) =>
        JSON.stringify(eksSecretsKeyPolicy({
          accountId: account,
          partition: p,
          clusterRoleArn: roleArn,
          adminPrincipalArns: args.keyAdminArns,
          accountRootKeyAccess,
          ...(managerArn !== undefined ? { keyPolicyManagerArn: managerArn } : {}),
        })));
      this.kmsKey = new awsx.kms.Key(`${name}-secrets`, {
        description: `Envelope encryption of Kubernetes Secrets in EKS cluster ${name}`,
        keyUsage: 'ENCRYPT_DECRYPT',
        customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
        enableKeyRotation: true,
        deletionWindowInDays: settings.keyDeletionWindowInDays,
        policy,
        ...tagArgs,
      }, parent);
      new awsx.kms.Alias(`${name}-secrets`, { name: args.keyAlias ?? `alias/eks/${name}-secrets`, targetKeyId: this.kmsKey.keyId }, parent);
      keyArn = this.kmsKey.arn;
    }

    this.cluster = new awsx.eks.Cluster(name, {
      ...(args.clusterName !== undefined ? { name: args.clusterName } : {}),
      roleArn: this.clusterRole.arn,
      ...(settings.version !== undefined ? { version: settings.version } : {}),
      vpcConfig: {
        subnetIds,
        endpointPrivateAccess: settings.endpointPrivateAccess,
        endpointPublicAccess: settings.endpointPublicAccess,
        ...(settings.publicAccessCidrs ? { publicAccessCidrs: settings.publicAccessCidrs } : {}),
        ...(args.securityGroupIds ? { securityGroupIds: args.securityGroupIds } : {}),
      },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn } },
      enabledClusterLogTypes: settings.enabledClusterLogTypes,
      accessConfig: {
        authenticationMode: settings.authenticationMode,
        bootstrapClusterCreatorAdminPermissions: bootstrapAdmin,
      },
      ...tagArgs,
    }, { parent: this, dependsOn: [clusterPolicy] });

    const issuerUrl = this.cluster.identities.apply(ids => ids?.[0]?.oidcs?.[0]?.issuer ?? '');
    this.oidcProvider = new awsx.iam.OpenIdConnectProvider(`${name}-oidc`, {
      url: issuerUrl,
      clientIdLists: ['sts.amazonaws.com'],
      ...tagArgs,
    }, parent);

    if (args.nodeGroup) {
      this.nodeGroup = this.createNodeGroup(name, args.nodeGroup, subnetIds, partition, tags);
    }
    if (settings.podIdentityAgent) {
      // EKS Pod Identity: the agent DaemonSet hands pods the credentials of their PodIdentityAssociation.
      // https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html
      this.podIdentityAgent = new awsx.eks.Addon(`${name}-pod-identity-agent`, {
        clusterName: this.cluster.name,
        addonName: 'eks-pod-identity-agent',
        ...tagArgs,
      }, { parent: this, dependsOn: this.nodeGroup ? [this.nodeGroup] : [] });
    }

    this.clusterName = this.cluster.name;
    this.endpoint = this.cluster.endpoint;
    this.oidcProviderArn = this.oidcProvider.arn;
    this.oidcIssuer = issuerUrl.apply(url => url.replace(/^https:\/\//, ''));
    this.kmsKeyArn = keyArn;
    this.clusterSecurityGroupId = this.cluster.vpcConfig.apply(v => v.clusterSecurityGroupId);
    this.kubeconfig = pulumi.secret(pulumi.all([this.cluster.name, this.cluster.endpoint, this.cluster.certificateAuthority, region])
      .apply(([clusterName, endpoint, ca, r]) => JSON.stringify({
        'apiVersion': 'v1',
        'kind': 'Config',
        'clusters': [{ name: clusterName, cluster: { 'server': endpoint, 'certificate-authority-data': ca?.data } }],
        'contexts': [{ name: clusterName, context: { cluster: clusterName, user: clusterName } }],
        'current-context': clusterName,
        'users': [{
          name: clusterName,
          user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', clusterName, '--region', r] } },
        }],
      })));
    this.registerOutputs({
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      kubeconfig: this.kubeconfig,
      oidcProviderArn: this.oidcProviderArn,
      oidcIssuer: this.oidcIssuer,
      kmsKeyArn: this.kmsKeyArn,
      clusterSecurityGroupId: this.clusterSecurityGroupId,
    });
  }

  private createNodeGroup(
    name: string, ng: ManagedNodeGroupArgs, clusterSubnets: pulumi.Input<string>[], partition: pulumi.Output<string>, tags?: Record<string, string>,
  ): aws.eks.NodeGroup {
    const awsx = awsSdk('KmsEncryptedEksCluster');
    const parent = { parent: this };
    const nodeRole = new awsx.iam.Role(`${name}-nodes`, {
      description: `EKS node role of ${name}`,
      assumeRolePolicy: JSON.stringify(serviceTrustPolicy('ec2.amazonaws.com')),
      ...(tags ? { tags } : {}),
    }, parent);
    const attachments = ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly'].map(policy =>
      new awsx.iam.RolePolicyAttachment(`${name}-nodes-${policy}`, { role: nodeRole.name, policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}` }, parent));
    // IMDSv2 only, hop limit 1: containers cannot reach the node's credentials.
    const template = new awsx.ec2.LaunchTemplate(`${name}-nodes`, {
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
      ...(tags ? { tags } : {}),
    }, parent);
    return new awsx.eks.NodeGroup(`${name}-nodes`, {
      clusterName: this.cluster.name,
      nodeRoleArn: nodeRole.arn,
      subnetIds: ng.subnetIds ?? clusterSubnets,
      instanceTypes: ng.instanceTypes ?? ['m6i.large'],
      ...(ng.amiType !== undefined ? { amiType: ng.amiType } : {}),
      scalingConfig: { desiredSize: ng.desiredSize ?? 2, minSize: ng.minSize ?? 2, maxSize: ng.maxSize ?? 4 },
      launchTemplate: { id: template.id, version: pulumi.interpolate`${template.latestVersion}` },
      ...(tags ? { tags } : {}),
    }, { parent: this, dependsOn: attachments });
  }
}
