import { ValidationError, q } from '../errors';
import {
  DnsTarget, EgressGrant, NetworkPolicyEgressRule, NetworkPolicyManifest, NetworkPolicyPeer, NetworkPolicyPort, checkNotEveryAddress, checkPort,
  dnsRule,
  labels, networkProps, policy,
} from './common';
import { EgressTarget, resolveEgressEntry } from './egress-target';
import { Cidr, cidrContains, cidrIsStrictSubset, parseCidr } from '../validate/cidr';
import { checkNamespace, checkObjectName } from '../validate/names';
import { checkList, optIn } from '../validate/values';

/** Options of {@link apiServerEgressGuardManifest}. */
export interface ApiServerEgressGuardOptions {
  /** The namespace of the guarded pods. */
  readonly namespace: string;
  /**
   * Labels of the guarded pods.
   * @default - every pod in the namespace
   */
  readonly podLabels?: Record<string, string>;
  /**
   * The addresses the API server is reached at after Service translation: the `kubernetes` Service
   * endpoints (`kubectl get endpoints kubernetes`), as IPs or CIDRs. Add the Service ClusterIP too if
   * your CNI enforces policy before translating it.
   */
  readonly apiServerAddresses: string[];
  /**
   * Block only these TCP ports on the API server addresses (their other TCP ports and UDP stay reachable
   * where `allowedEgress` allows them). Most clusters serve the API on one port, so blocking the whole
   * address is simpler and the default.
   * @default - every port
   */
  readonly apiServerPorts?: number[];
  /**
   * The destinations the guarded pods may reach, minus the API server: IPs or CIDRs (every port) and
   * {@link EgressTarget}s (e.g. `EgressTarget.eksPodIdentityAgent()`, `EgressTarget.awsSts([...])`). Required,
   * with no default: NetworkPolicies add up, so whatever this list allows is allowed to the guarded pods
   * even in a namespace that `NamespaceIsolation` denies by default. An empty list allows DNS only.
   *
   * An API server address is put into the `except` of exactly the allowed blocks that strictly contain it.
   * An allowed block that lies wholly inside an API server address is refused (it could never be reached),
   * unless `apiServerPorts` is set, in which case it stays reachable on the other ports.
   */
  readonly allowedEgress: Array<string | EgressTarget>;
  /**
   * Allow `allowedEgress` to cover every address of a family (`0.0.0.0/0`, `::/0`, or blocks that add up to
   * it): the old default of this guard. Only the boolean `true` turns it on.
   * @default false
   */
  readonly allowAllAddresses?: boolean;
  /**
   * Where cluster DNS runs (always allowed).
   * @default - CoreDNS/kube-dns in kube-system
   */
  readonly dns?: DnsTarget;
  /**
   * The policy name.
   * @default "deny-apiserver-egress"
   */
  readonly name?: string;
}

const TCP_ALL: NetworkPolicyPort = { protocol: 'TCP', port: 1, endPort: 65535 };
const UDP_ALL: NetworkPolicyPort = { protocol: 'UDP', port: 1, endPort: 65535 };

/** The TCP ports of `entry` minus `blocked` (sorted, unique), as port entries; other protocols unchanged. */
function withoutPorts(entry: NetworkPolicyPort, blocked: readonly number[]): NetworkPolicyPort[] {
  const first = entry.port;
  if ((entry.protocol ?? 'TCP') !== 'TCP' || first === undefined) {
    return [entry];
  }
  const out: NetworkPolicyPort[] = [];
  const last = entry.endPort ?? first;
  let next = first;
  for (const p of [...blocked.filter(b => b >= first && b <= last), last + 1]) {
    if (p > next) {
      out.push(p - 1 === next ? { protocol: 'TCP', port: next } : { protocol: 'TCP', port: next, endPort: p - 1 });
    }
    next = p + 1;
  }
  return out;
}

function ipBlocks(cidrs: readonly string[]): NetworkPolicyPeer[] {
  return cidrs.map(cidr => ({ ipBlock: { cidr } }));
}

/** One allow rule being assembled: the grants that share a port list. */
interface Group {
  readonly ports?: readonly NetworkPolicyPort[];
  readonly to: NetworkPolicyPeer[];
  /** Addresses blocked by the guard inside this group's blocks, reachable again on the non-API ports. */
  readonly reopen: string[];
}

/**
 * An egress policy for workloads that never call the Kubernetes API: they may reach `allowedEgress`
 * except the API server addresses (all ports, or only `apiServerPorts`), plus cluster DNS. A stolen
 * ServiceAccount token is then useless from inside the pod.
 *
 * How it combines with other policies: Kubernetes isolates a pod for egress as soon as one policy with
 * `Egress` in its `policyTypes` selects it, and then allows the union of the egress rules of every policy
 * that selects it. This guard can therefore only allow: it blocks the API server only where no other
 * policy selecting the same pods allows it, and what it allows is added to what `NamespaceIsolation` or any
 * other policy allows. That is why `allowedEgress` has no default.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource
 */
export function apiServerEgressGuardManifest(options: ApiServerEgressGuardOptions): NetworkPolicyManifest {
  const component = 'ApiServerEgressGuard';
  const o = networkProps(component, options, false);
  const namespace = checkNamespace(component, 'namespace', o.namespace);
  const name = checkObjectName(component, 'name', o.name ?? 'deny-apiserver-egress', 'NetworkPolicy name');
  if (o.apiServerAddresses === undefined || (Array.isArray(o.apiServerAddresses) && o.apiServerAddresses.length === 0)) {
    throw new ValidationError(component, 'apiServerAddresses', 'is empty; give the addresses of the kubernetes Service endpoints (kubectl get endpoints kubernetes -n default).');
  }
  const api = checkList(component, 'apiServerAddresses', o.apiServerAddresses, 'IP addresses or CIDRs (strings)')
    .map((a, i) => ({ prop: `apiServerAddresses[${i}]`, cidr: parseCidr(component, `apiServerAddresses[${i}]`, a) }));
  if (o.allowedEgress === undefined) {
    throw new ValidationError(component, 'allowedEgress', 'is missing; list the destinations the guarded pods may reach (CIDRs, EgressTarget.eksPodIdentityAgent(), EgressTarget.awsSts([...]), ...). '
      + 'There is no default: NetworkPolicies add up, and a default of every address would re-open the egress that NamespaceIsolation denies. '
      + 'To allow every address except the API server, pass ["0.0.0.0/0", "::/0"] with allowAllAddresses: true.');
  }
  const grants: EgressGrant[] = checkList(component, 'allowedEgress', o.allowedEgress, 'IP or CIDR strings or EgressTargets')
    .map((entry, i) => resolveEgressEntry(component, 'allowedEgress', i, entry, true));
  checkNotEveryAddress(component, grants, optIn(component, 'allowAllAddresses', o.allowAllAddresses));
  let blockedPorts: number[] | undefined;
  if (o.apiServerPorts !== undefined) {
    const ports = checkList(component, 'apiServerPorts', o.apiServerPorts, 'TCP ports').map((p, i) => checkPort(component, `apiServerPorts[${i}]`, p));
    if (ports.length === 0) {
      throw new ValidationError(component, 'apiServerPorts', 'is empty; leave it unset to block every port of the API server addresses.');
    }
    blockedPorts = [...new Set(ports)].sort((a, b) => a - b);
  }
  const podSelector = o.podLabels === undefined ? {} : { matchLabels: labels(component, 'podLabels', o.podLabels, {}) };
  const dns = dnsRule(component, o.dns);

  // Group the grants by port list, so plain CIDRs (every port) share one rule as before.
  const groups = new Map<string, Group>();
  for (const grant of grants) {
    const key = JSON.stringify(grant.ports ?? 'every port');
    let group = groups.get(key);
    if (!group) {
      group = { ports: grant.ports, to: [], reopen: [] };
      groups.set(key, group);
    }
    const target = group;
    grant.cidrs.forEach((cidr, i) => addBlock(component, target, cidr, grant.blockProps[i], api, blockedPorts !== undefined));
  }

  const egress: NetworkPolicyEgressRule[] = [dns];
  for (const group of groups.values()) {
    // Never an empty `to`: Kubernetes reads a missing or empty `to` as "every destination".
    if (group.to.length > 0) {
      egress.push({ to: group.to, ...(group.ports ? { ports: [...group.ports] } : {}) });
    }
  }
  if (blockedPorts !== undefined) {
    for (const group of groups.values()) {
      const blocked = blockedPorts;
      const ports = (group.ports ?? [TCP_ALL, UDP_ALL]).flatMap(p => withoutPorts(p, blocked));
      if (group.reopen.length > 0 && ports.length > 0) {
        egress.push({ to: ipBlocks(group.reopen), ports });
      }
    }
  }
  return policy(name, namespace, { podSelector, policyTypes: ['Egress'], egress });
}

/**
 * Add one allowed block to its group. CIDR blocks are either nested or disjoint, so for each API server
 * address `a` and allowed block `c`: `a` strictly inside `c` goes into `c`'s except (Kubernetes requires
 * every except entry to be a strict subset of its cidr: `ValidateIPBlock` in kubernetes/kubernetes
 * `pkg/apis/networking/validation/validation.go`); `c` inside (or equal to) `a` is blocked whole; disjoint
 * blocks do not interact.
 */
function addBlock(
  component: string, group: Group, cidr: Cidr, prop: string, api: ReadonlyArray<{ prop: string; cidr: Cidr }>, portsOnly: boolean,
): void {
  const covering = api.find(a => cidrContains(a.cidr, cidr));
  if (covering) {
    if (!portsOnly) {
      throw new ValidationError(component, prop, `${q(cidr.text)} lies within the API server address ${q(covering.cidr.text)} (${covering.prop}), which this guard blocks on every port, so it could never be reached; `
        + 'remove it from allowedEgress, or set apiServerPorts to block only the API ports.');
    }
    pushUnique(group.reopen, cidr.text);
    return;
  }
  const except: string[] = [];
  for (const a of api) {
    if (cidrIsStrictSubset(a.cidr, cidr)) {
      pushUnique(except, a.cidr.text);
      if (portsOnly) {
        pushUnique(group.reopen, a.cidr.text);
      }
    }
  }
  if (!group.to.some(peer => peer.ipBlock?.cidr === cidr.text)) {
    group.to.push({ ipBlock: { cidr: cidr.text, ...(except.length > 0 ? { except } : {}) } });
  }
}

function pushUnique(list: string[], value: string): void {
  if (!list.includes(value)) {
    list.push(value);
  }
}
