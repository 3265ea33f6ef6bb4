/**
 * Pulumi's mock engine with what AWS and Kubernetes would return, so Pulumi programs that use this
 * library run and can be unit-tested offline (no cloud, no cluster, no Pulumi CLI): every registered
 * resource is recorded with its inputs, and its outputs are its inputs plus what the provider computes
 * (AWS ARNs, key ids, the EKS OIDC issuer; Kubernetes names, namespaces and uids).
 *
 * @pulumi/pulumi is an optional peer, loaded on first use.
 */
import { createHash } from 'crypto';
import type * as pulumi from '@pulumi/pulumi';

/** Options of {@link setupPulumiMocks}. */
export interface PulumiMockOptions {
  /**
   * The AWS account id in ARNs.
   * @default '111122223333' (the documentation account)
   */
  readonly account?: string;
  /**
   * The AWS region.
   * @default 'us-east-1'
   */
  readonly region?: string;
  /**
   * The Pulumi project name.
   * @default 'test'
   */
  readonly project?: string;
  /**
   * The Pulumi stack name.
   * @default 'test'
   */
  readonly stack?: string;
  /**
   * Run as `pulumi preview` (unknown outputs stay unknown) instead of `pulumi up`.
   * @default false
   */
  readonly preview?: boolean;
}

/** One resource the program registered. */
export interface RecordedResource {
  /** The type token, e.g. `kubernetes:rbac.authorization.k8s.io/v1:Role`. */
  readonly type: string;
  /** The resource's logical name. */
  readonly name: string;
  /** Its inputs, resolved. */
  readonly inputs: Record<string, unknown>;
}

/** What {@link setupPulumiMocks} recorded. */
export interface PulumiMockRecorder {
  /** Every registered resource, in order. */
  readonly resources: readonly RecordedResource[];
  /** The resources of one type token (all when omitted). */
  resourcesOf(type?: string): RecordedResource[];
  /** The registered Kubernetes resources as manifests (undefined fields dropped), for schema validation. */
  kubernetesManifests(): Array<Record<string, unknown>>;
  /** Forget what was recorded (e.g. in `beforeEach`). */
  reset(): void;
}

function uuidFrom(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function suffix(name: string): string {
  return createHash('sha256').update(name).digest('hex').slice(0, 7);
}

/**
 * The outputs of a data-source call under the mocks (`aws.getCallerIdentity`, `getPartition`,
 * `getRegion`, `iam.getSessionContext`); other calls return their inputs.
 */
export function mockCallOutputs(token: string, inputs: Record<string, unknown>, options: PulumiMockOptions = {}): Record<string, unknown> {
  const account = options.account ?? '111122223333';
  const region = options.region ?? 'us-east-1';
  switch (token) {
    case 'aws:index/getPartition:getPartition':
      return { id: 'aws', partition: 'aws', dnsSuffix: 'amazonaws.com', reverseDnsPrefix: 'com.amazonaws' };
    case 'aws:index/getCallerIdentity:getCallerIdentity':
      return { id: account, accountId: account, arn: `arn:aws:iam::${account}:user/ci`, userId: 'AIDAEXAMPLE' };
    case 'aws:iam/getSessionContext:getSessionContext':
      return { id: inputs.arn, arn: inputs.arn, issuerArn: inputs.arn, issuerId: 'AIDAEXAMPLE', issuerName: 'ci', sessionName: '' };
    case 'aws:index/getRegion:getRegion':
      return { id: region, region, name: region, endpoint: `ec2.${region}.amazonaws.com` };
    default:
      return inputs;
  }
}

/** Kubernetes kinds without a namespace (the rest default to `default`, as the API server does). */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'ClusterSecretStore', 'ClusterExternalSecret',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'PersistentVolume', 'StorageClass', 'PriorityClass', 'Node', 'CSIDriver',
]);

/** The outputs of a new resource under the mocks: its inputs plus what AWS or Kubernetes would compute. */
export function mockResourceOutputs(
  type: string, name: string, inputs: Record<string, unknown>, options: PulumiMockOptions = {},
): Record<string, unknown> {
  const account = options.account ?? '111122223333';
  const region = options.region ?? 'us-east-1';
  const physical = typeof inputs.name === 'string' ? inputs.name : `${name}-${suffix(name)}`;
  if (type.startsWith('kubernetes:') && isObjectType(type)) {
    const metadata = (inputs.metadata ?? {}) as Record<string, unknown>;
    const kind = type.split(':').pop()!;
    return {
      ...inputs,
      metadata: {
        ...metadata,
        name: metadata.name ?? `${name}-${suffix(name)}`,
        ...(CLUSTER_SCOPED.has(kind) ? {} : { namespace: metadata.namespace ?? 'default' }),
        uid: uuidFrom(`${type}/${name}`),
        resourceVersion: '1',
      },
    };
  }
  switch (type) {
    case 'aws:iam/role:Role':
      return { ...inputs, name: physical, arn: `arn:aws:iam::${account}:role/${physical}` };
    case 'aws:kms/key:Key': {
      const keyId = uuidFrom(name);
      return { ...inputs, keyId, arn: `arn:aws:kms:${region}:${account}:key/${keyId}` };
    }
    case 'aws:eks/cluster:Cluster':
      return {
        ...inputs,
        name: physical,
        arn: `arn:aws:eks:${region}:${account}:cluster/${physical}`,
        endpoint: `https://EXAMPLED539D4633E53DE1B71EXAMPLE.gr7.${region}.eks.amazonaws.com`,
        identities: [{ oidcs: [{ issuer: `https://oidc.eks.${region}.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE` }] }],
        certificateAuthority: { data: Buffer.from('-----BEGIN CERTIFICATE-----\nFAKE\n-----END CERTIFICATE-----\n').toString('base64') },
        vpcConfig: { ...(inputs.vpcConfig as object | undefined), clusterSecurityGroupId: 'sg-0123456789abcdef0', vpcId: 'vpc-0123456789abcdef0' },
      };
    case 'aws:iam/openIdConnectProvider:OpenIdConnectProvider':
      return { ...inputs, arn: `arn:aws:iam::${account}:oidc-provider/${String(inputs.url).replace(/^https:\/\//, '')}` };
    case 'aws:iam/policy:Policy':
      return { ...inputs, name: physical, arn: `arn:aws:iam::${account}:policy/${physical}` };
    case 'aws:secretsmanager/secret:Secret':
      return { ...inputs, name: physical, arn: `arn:aws:secretsmanager:${region}:${account}:secret:${physical}-AbCdEf` };
    case 'aws:ec2/launchTemplate:LaunchTemplate':
      return { ...inputs, latestVersion: 1 };
    default:
      return inputs;
  }
}

/** A Kubernetes object type (not a provider, not a Helm chart or YAML group). */
function isObjectType(type: string): boolean {
  return !type.startsWith('pulumi:') && !/^kubernetes:(helm|yaml|kustomize)/.test(type);
}

/**
 * Install Pulumi's mocks with AWS and Kubernetes outputs and record every resource. Call it before the
 * program creates resources (e.g. in `beforeAll`, then `await import('./index')`).
 *
 * ```ts
 * import { setupPulumiMocks, validateManifests } from 'kube-secure-secrets/testing';
 * const mocks = setupPulumiMocks();
 * await import('./index');
 * validateManifests(mocks.kubernetesManifests());
 * ```
 */
export function setupPulumiMocks(options: PulumiMockOptions = {}): PulumiMockRecorder {
  let sdk: typeof pulumi;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    sdk = require('@pulumi/pulumi') as typeof pulumi;
  } catch (e) {
    throw new Error(`kube-secure-secrets/testing: setupPulumiMocks needs @pulumi/pulumi installed (${(e as Error).message.split('\n')[0]}).`);
  }
  const recorded: RecordedResource[] = [];
  void sdk.runtime.setMocks({
    newResource(args) {
      recorded.push({ type: args.type, name: args.name, inputs: args.inputs });
      return { id: `${args.name}-id`, state: mockResourceOutputs(args.type, args.name, args.inputs, options) };
    },
    call(args) {
      return mockCallOutputs(args.token, args.inputs, options);
    },
  }, options.project ?? 'test', options.stack ?? 'test', options.preview ?? false);
  return {
    resources: recorded,
    resourcesOf: type => recorded.filter(r => type === undefined || r.type === type),
    kubernetesManifests: () => recorded
      .filter(r => r.type.startsWith('kubernetes:') && isObjectType(r.type))
      .map(r => JSON.parse(JSON.stringify(r.inputs)) as Record<string, unknown>),
    reset: () => {
      recorded.length = 0;
    },
  };
}
