import { ValidationError, q, typeOf } from '../errors';
import { DnsTarget, NetworkPolicyManifest, dnsRule, networkProps, policy } from './common';
import { checkNamespace, checkObjectName } from '../validate/names';

/** Options of {@link namespaceIsolationManifests}. */
export interface NamespaceIsolationOptions {
  /** The namespace to isolate. */
  readonly namespace: string;
  /**
   * Where cluster DNS runs.
   * @default - CoreDNS/kube-dns in kube-system
   */
  readonly dns?: DnsTarget;
  /**
   * Prefix of the two policy names.
   * @default - none: "default-deny-all" and "allow-dns-egress"
   */
  readonly namePrefix?: string;
}

/**
 * Namespace isolation: a default-deny policy for ingress and egress of every pod in the namespace, and
 * a policy that allows DNS lookups to cluster DNS.
 *
 * How policies combine (Kubernetes semantics): a pod is isolated in a direction as soon as one policy that
 * selects it lists that direction in `policyTypes`; its allowed traffic is then the union of the rules of
 * every policy that selects it. Nothing can subtract from that union, so every further policy in the
 * namespace (e.g. `ApiServerEgressGuard`, or your own) widens what this isolation leaves open: allow
 * exactly the traffic each workload needs.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
 */
export function namespaceIsolationManifests(options: NamespaceIsolationOptions): NetworkPolicyManifest[] {
  const component = 'NamespaceIsolation';
  const o = networkProps(component, options, false);
  const namespace = checkNamespace(component, 'namespace', o.namespace);
  if (o.namePrefix !== undefined && typeof o.namePrefix !== 'string') {
    throw new ValidationError(component, 'namePrefix', `must be a string; received ${typeOf(o.namePrefix)} ${q(o.namePrefix)}.`);
  }
  const prefix = o.namePrefix === undefined ? '' : `${o.namePrefix}-`;
  const dns = dnsRule(component, o.dns);
  return [
    policy(checkObjectName(component, 'namePrefix', `${prefix}default-deny-all`, 'NetworkPolicy name'), namespace, {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    }),
    policy(checkObjectName(component, 'namePrefix', `${prefix}allow-dns-egress`, 'NetworkPolicy name'), namespace, {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [dns],
    }),
  ];
}

/**
 * Whether a second NamespaceIsolation may share the policies of one already written to the same output
 * (a cdk8s chart): yes when it would write the very same objects, so that patterns isolating one
 * namespace compose; otherwise the refusal to give, since two objects with one name break the output
 * (kustomize and Flux's kustomize-controller refuse it: "may not add resource with an already registered
 * id", checked with kubectl kustomize, Kustomize v5.5.0) or would overwrite each other on apply.
 * @internal
 */
export function isolationClash(
  existing: { readonly path: string; readonly manifests: readonly NetworkPolicyManifest[] }, next: readonly NetworkPolicyManifest[],
): string | undefined {
  if (canonical(existing.manifests) === canonical(next)) {
    return undefined;
  }
  const names = next.map(m => q(m.metadata.name)).join(' and ');
  return `${q(next[0].metadata.namespace)} is already isolated in this chart by the NamespaceIsolation at ${existing.path} with other settings (NetworkPolicies ${names}); `
    + 'two objects with one name break kustomize and Flux. Give both the same options (they then share the policies), or give this one a namePrefix (a pattern\'s isolation.namePrefix).';
}

/** JSON with every object's keys sorted: equal for manifests that differ only in key order (label maps). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}
