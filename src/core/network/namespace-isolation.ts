import { KubeManifest } from '../manifest';
import { DnsTarget, dnsRule, policy } from './common';
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
 * a policy that allows DNS lookups to cluster DNS. Allow the traffic each workload needs with further
 * policies; NetworkPolicies add up.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
 */
export function namespaceIsolationManifests(options: NamespaceIsolationOptions): KubeManifest[] {
  const component = 'NamespaceIsolation';
  const namespace = checkNamespace(component, 'namespace', options.namespace);
  const prefix = options.namePrefix === undefined ? '' : `${options.namePrefix}-`;
  return [
    policy(checkObjectName(component, 'namePrefix', `${prefix}default-deny-all`, 'NetworkPolicy name'), namespace, {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    }),
    policy(checkObjectName(component, 'namePrefix', `${prefix}allow-dns-egress`, 'NetworkPolicy name'), namespace, {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [dnsRule(component, options.dns)],
    }),
  ];
}
