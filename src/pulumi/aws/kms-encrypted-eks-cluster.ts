import type * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { EksLogType, eksClusterSettings, eksSecretsKeyPolicy, serviceTrustPolicy } from '../../core';
import { checkArn } from '../../core/aws/iam';
import { isDeferred } from '../../core/deferred';
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
   * An existing customer-managed symmetric KMS key to encrypt Secrets with. Its key policy must let the
   * cluster role use it (see `eksSecretsKeyPolicy`).
   * @default - a new key with rotation, an alias and a least-privilege key policy
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
   * Principals allowed to administer (not use) the new key.
   * @default - the account root only
   */
  readonly keyAdminArns?: string[];
  /**
   * Open the API endpoint to the internet, restricted to `publicAccessCidrs`. The private endpoint is
   * always on.
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
   * Tags for every resource.
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/**
 * An EKS cluster whose Kubernetes Secrets are envelope-encrypted with a customer-managed KMS key
 * (rotation on, 30-day deletion window, key policy granting use to the cluster role only), with
 * audit and authenticator logs, a private API endpoint, API authentication mode and an IAM OIDC
 * provider for IRSA.
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
    const settings = validated(this, () => {
      if (args.kmsKeyArn !== undefined && !isDeferred(args.kmsKeyArn)) {
        checkArn('KmsEncryptedEksCluster', 'kmsKeyArn', 'kmsKeyArns', args.kmsKeyArn);
      }
      return eksClusterSettings({ ...args, subnetCount: Array.isArray(args.subnetIds) ? args.subnetIds.length : 0 });
    });
    const awsx = awsSdk('KmsEncryptedEksCluster');
    const parent = { parent: this };
    const tags = args.tags ? { tags: args.tags } : {};
    const partition = awsx.getPartitionOutput({}, parent).partition;
    const accountId = awsx.getCallerIdentityOutput({}, parent).accountId;
    const region = awsx.getRegionOutput({}, parent).region;

    this.clusterRole = new awsx.iam.Role(`${name}-cluster`, {
      description: `EKS cluster role of ${name}`,
      assumeRolePolicy: JSON.stringify(serviceTrustPolicy('eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession'])),
      ...tags,
    }, parent);
    const clusterPolicy = new awsx.iam.RolePolicyAttachment(`${name}-cluster-policy`, {
      role: this.clusterRole.name,
      policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/AmazonEKSClusterPolicy`,
    }, parent);

    let keyArn: pulumi.Input<string>;
    if (args.kmsKeyArn !== undefined) {
      keyArn = args.kmsKeyArn;
    } else {
      const policy = validatedOutput(this, pulumi.all([accountId, partition, this.clusterRole.arn]), ([account, p, roleArn]) =>
        JSON.stringify(eksSecretsKeyPolicy({ accountId: account, partition: p, clusterRoleArn: roleArn, adminPrincipalArns: args.keyAdminArns })));
      this.kmsKey = new awsx.kms.Key(`${name}-secrets`, {
        description: `Envelope encryption of Kubernetes Secrets in EKS cluster ${name}`,
        keyUsage: 'ENCRYPT_DECRYPT',
        customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
        enableKeyRotation: true,
        deletionWindowInDays: settings.keyDeletionWindowInDays,
        policy,
        ...tags,
      }, parent);
      new awsx.kms.Alias(`${name}-secrets`, { name: args.keyAlias ?? `alias/eks/${name}-secrets`, targetKeyId: this.kmsKey.keyId }, parent);
      keyArn = this.kmsKey.arn;
    }

    this.cluster = new awsx.eks.Cluster(name, {
      ...(args.clusterName !== undefined ? { name: args.clusterName } : {}),
      roleArn: this.clusterRole.arn,
      ...(settings.version !== undefined ? { version: settings.version } : {}),
      vpcConfig: {
        subnetIds: args.subnetIds,
        endpointPrivateAccess: settings.endpointPrivateAccess,
        endpointPublicAccess: settings.endpointPublicAccess,
        ...(settings.publicAccessCidrs ? { publicAccessCidrs: settings.publicAccessCidrs } : {}),
        ...(args.securityGroupIds ? { securityGroupIds: args.securityGroupIds } : {}),
      },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn } },
      enabledClusterLogTypes: settings.enabledClusterLogTypes,
      accessConfig: {
        authenticationMode: settings.authenticationMode,
        bootstrapClusterCreatorAdminPermissions: args.bootstrapClusterCreatorAdminPermissions ?? true,
      },
      ...tags,
    }, { parent: this, dependsOn: [clusterPolicy] });

    const issuerUrl = this.cluster.identities.apply(ids => ids?.[0]?.oidcs?.[0]?.issuer ?? '');
    this.oidcProvider = new awsx.iam.OpenIdConnectProvider(`${name}-oidc`, {
      url: issuerUrl,
      clientIdLists: ['sts.amazonaws.com'],
      ...tags,
    }, parent);

    if (args.nodeGroup) {
      this.nodeGroup = this.createNodeGroup(name, args.nodeGroup, args.subnetIds, partition, args.tags);
    }

    this.clusterName = this.cluster.name;
    this.endpoint = this.cluster.endpoint;
    this.oidcProviderArn = this.oidcProvider.arn;
    this.oidcIssuer = issuerUrl.apply(url => url.replace(/^https:\/\//, ''));
    this.kmsKeyArn = pulumi.output(keyArn);
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
