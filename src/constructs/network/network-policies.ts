import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ApiServerEgressGuardOptions, ExternalSecretsEgressOptions, NamespaceIsolationOptions, ValidationError, apiServerEgressGuardManifest,
  externalSecretsEgressManifest, namespaceIsolationManifests,
} from '../../core';
import { NetworkPolicyManifest, networkProps } from '../../core/network/common';
import { isolationClash } from '../../core/network/namespace-isolation';
import { emitManifest, resolveNamespace } from '../util';

/** Props of {@link NamespaceIsolation}. */
export interface NamespaceIsolationProps extends Omit<NamespaceIsolationOptions, 'namespace'> {
  /**
   * The namespace to isolate.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
}

/**
 * Default-deny ingress and egress for every pod of a namespace, plus DNS egress to cluster DNS. Allow
 * what each workload needs with further NetworkPolicies.
 *
 * How policies combine (Kubernetes semantics): a pod is isolated in a direction as soon as one policy that
 * selects it lists that direction in `policyTypes`; its allowed traffic is then the union of the rules of
 * every policy that selects it. Nothing subtracts from that union, so every further policy in the
 * namespace (`ApiServerEgressGuard`, your own) widens what this isolation leaves open.
 *
 * In one chart, a second NamespaceIsolation of the same namespace with the same options (two patterns
 * in one namespace, say) shares the first one's two policies instead of writing them again, since
 * kustomize and Flux refuse two objects with one name; with other options it is refused unless it has
 * its own `namePrefix`. The shared `denyAll` and `allowDns` are one pair of objects: a patch or label
 * added through either isolation applies to both, and a dependency on the second one does not order
 * anything after them (depend on the first). Sharing is per chart; isolations of one namespace in two
 * charts that one kustomization lists together need distinct `namePrefix`es.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
 */
export class NamespaceIsolation extends Construct {
  /** The default-deny policy. */
  public readonly denyAll: ApiObject;
  /** The DNS egress policy. */
  public readonly allowDns: ApiObject;
  private readonly manifests: readonly NetworkPolicyManifest[];

  public constructor(scope: Construct, id: string, props: NamespaceIsolationProps = {}) {
    super(scope, id);
    const checked = networkProps('NamespaceIsolation', props, true);
    const manifests = namespaceIsolationManifests({ ...checked, namespace: resolveNamespace('NamespaceIsolation', this, checked.namespace) });
    // Patterns that isolate one namespace in one chart (CloudNativeSecrets and GitOpsSecrets, say) share
    // the policies instead of writing them twice (core isolationClash); a per-chart map, no tree scan.
    const chart = Chart.of(this);
    let written = isolationsByChart.get(chart);
    if (!written) {
      written = new Map();
      isolationsByChart.set(chart, written);
    }
    const key = manifests.map(m => `${m.metadata.namespace}/${m.metadata.name}`).join(',');
    const existing = written.get(key);
    if (existing) {
      const clash = isolationClash({ path: existing.node.path, manifests: existing.manifests }, manifests);
      if (clash !== undefined) {
        throw new ValidationError('NamespaceIsolation', 'namespace', clash);
      }
      this.denyAll = existing.denyAll;
      this.allowDns = existing.allowDns;
      this.manifests = manifests;
      return;
    }
    const [deny, dns] = manifests;
    this.denyAll = emitManifest(this, 'DenyAll', 'NamespaceIsolation', deny);
    this.allowDns = emitManifest(this, 'AllowDns', 'NamespaceIsolation', dns);
    this.manifests = manifests;
    written.set(key, this);
  }
}

/** The NamespaceIsolations of each chart, by the policies they write. */
const isolationsByChart = new WeakMap<Chart, Map<string, NamespaceIsolation>>();

/** Props of {@link ApiServerEgressGuard}. */
export interface ApiServerEgressGuardProps extends Omit<ApiServerEgressGuardOptions, 'namespace'> {
  /**
   * The namespace of the guarded pods.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
}

/**
 * Egress guard for workloads that never call the Kubernetes API: everything in `allowedEgress` (required:
 * CIDRs or {@link EgressTarget}s such as `EgressTarget.eksPodIdentityAgent()`) except the API server
 * addresses (all ports, or only `apiServerPorts`), plus DNS.
 *
 * NetworkPolicies add up: the guarded pods may reach the union of what every policy selecting them
 * allows. The guard therefore cannot take anything away from another policy, and what it allows is added
 * to what `NamespaceIsolation` leaves open; that is why `allowedEgress` has no default, and covering every
 * address of a family needs `allowAllAddresses: true`.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource
 */
export class ApiServerEgressGuard extends Construct {
  /** The NetworkPolicy. */
  public readonly policy: ApiObject;

  public constructor(scope: Construct, id: string, props: ApiServerEgressGuardProps) {
    super(scope, id);
    const checked = networkProps('ApiServerEgressGuard', props, false);
    this.policy = emitManifest(this, 'Resource', 'ApiServerEgressGuard',
      apiServerEgressGuardManifest({ ...checked, namespace: resolveNamespace('ApiServerEgressGuard', this, checked.namespace) }));
  }
}

/** Props of {@link ExternalSecretsEgressPolicy}. */
export interface ExternalSecretsEgressPolicyProps extends ExternalSecretsEgressOptions {}

/**
 * Egress of the External Secrets Operator controller limited to DNS, the Kubernetes API, the cloud secret
 * APIs on 443 (`cloudApiCidrs`, required with an AWS, Google or Azure provider), the Vault servers of its
 * providers and any `additionalEgress` (e.g. `EgressTarget.eksPodIdentityAgent()` for Pod Identity). Lives
 * in ESO's namespace (`external-secrets` by default), whatever the chart's namespace. NetworkPolicies add
 * up: it narrows the controller's egress only together with a default deny in that namespace.
 */
export class ExternalSecretsEgressPolicy extends Construct {
  /** The NetworkPolicy. */
  public readonly policy: ApiObject;

  public constructor(scope: Construct, id: string, props: ExternalSecretsEgressPolicyProps) {
    super(scope, id);
    this.policy = emitManifest(this, 'Resource', 'ExternalSecretsEgressPolicy', externalSecretsEgressManifest(props));
  }
}
