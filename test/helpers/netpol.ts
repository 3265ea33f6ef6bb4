/**
 * NetworkPolicies in tests, the way Kubernetes reads them, independent of the code under test (IP math
 * with ipaddr.js directly, not with src/core/validate/cidr.ts):
 *
 * - `networkPolicyProblems`: the API server's validation of a NetworkPolicy spec, ported from
 *   kubernetes/kubernetes `pkg/apis/networking/validation/validation.go` (`ValidateNetworkPolicySpec`,
 *   `ValidateNetworkPolicyPort`, `ValidateNetworkPolicyPeer`, `ValidateIPBlock`, read at commit
 *   019c5dc51786ef4d3a3c670a852267d2b087016c) with the strict CIDR parsing of
 *   `staging/src/k8s.io/apimachinery/pkg/util/validation/ip.go` (`parseCIDR` with strictValidation: no
 *   leading zeros, no IPv4-mapped IPv6, no bits beyond the prefix). Run on every manifest that
 *   `expectValidManifests` sees.
 * - `egressAllowed` / `ingressAllowed` / `connectionAllowed`: an evaluator of the NetworkPolicy semantics
 *   (https://kubernetes.io/docs/concepts/services-networking/network-policies/): a pod is isolated in a
 *   direction if any policy selecting it has that direction in its policyTypes; traffic is then allowed iff
 *   at least one rule of a selecting policy allows it (peers OR'ed, ports OR'ed, an empty or missing list
 *   matching everything).
 */
import * as ipaddr from 'ipaddr.js';

type Labels = Record<string, string>;
type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** A pod: where it runs and its labels (and, optionally, its IP, so ipBlocks can match it too). */
export interface PodRef {
  readonly namespace: string;
  readonly labels?: Labels;
  /** Labels of the pod's namespace besides `kubernetes.io/metadata.name` (which is always set). */
  readonly namespaceLabels?: Labels;
  /**
   * The pod's IP. Whether an ipBlock matches a pod IP depends on the CNI; a pod with an IP is matched by
   * ipBlocks as well as by selectors, the wider (worst) case.
   */
  readonly ip?: string;
}

/** A destination (or source): a pod, or an address outside the cluster. */
export type Endpoint = { readonly pod: PodRef } | { readonly ip: string };

/** One connection attempt. */
export interface Connection {
  readonly from: PodRef;
  readonly to: Endpoint;
  /** Default TCP. */
  readonly protocol?: Protocol;
  readonly port: number;
}

function namespaceLabelsOf(pod: PodRef): Labels {
  return { ...pod.namespaceLabels, 'kubernetes.io/metadata.name': pod.namespace };
}

/** Whether a label selector (matchLabels AND matchExpressions; `{}` matches everything) matches labels. */
export function selectorMatches(selector: any, labels: Labels): boolean {
  if (selector === null || typeof selector !== 'object') {
    throw new Error(`not a label selector: ${JSON.stringify(selector)}`);
  }
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) {
      return false;
    }
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In':
        if (!has || !(e.values ?? []).includes(labels[e.key])) return false;
        break;
      case 'NotIn':
        if (has && (e.values ?? []).includes(labels[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        throw new Error(`unknown selector operator ${e.operator}`);
    }
  }
  return true;
}

function parsedCidr(text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  return ipaddr.parseCIDR(text);
}

function inCidr(ip: string, cidr: string): boolean {
  const address = ipaddr.parse(ip);
  const range = parsedCidr(cidr);
  return address.kind() === range[0].kind() && address.match(range);
}

function ipBlockMatches(block: any, ip: string): boolean {
  return inCidr(ip, block.cidr) && !(block.except ?? []).some((e: string) => inCidr(ip, e));
}

/** Whether a peer of a policy in `policyNamespace` matches an endpoint. */
function peerMatches(peer: any, policyNamespace: string, endpoint: Endpoint): boolean {
  if (peer.ipBlock) {
    const ip = 'ip' in endpoint ? endpoint.ip : endpoint.pod.ip;
    return ip !== undefined && ipBlockMatches(peer.ipBlock, ip);
  }
  if (!('pod' in endpoint)) {
    return false;
  }
  const pod = endpoint.pod;
  if (peer.namespaceSelector === undefined && peer.podSelector === undefined) {
    throw new Error('a peer with neither ipBlock nor selectors');
  }
  const namespaceOk = peer.namespaceSelector === undefined
    ? pod.namespace === policyNamespace
    : selectorMatches(peer.namespaceSelector, namespaceLabelsOf(pod));
  const podOk = peer.podSelector === undefined ? true : selectorMatches(peer.podSelector, pod.labels ?? {});
  return namespaceOk && podOk;
}

function portMatches(p: any, protocol: Protocol, port: number): boolean {
  if ((p.protocol ?? 'TCP') !== protocol) {
    return false;
  }
  if (p.port === undefined) {
    return true;
  }
  if (typeof p.port !== 'number') {
    throw new Error(`named ports are not evaluated: ${JSON.stringify(p)}`);
  }
  return p.port <= port && port <= (p.endPort ?? p.port);
}

function ruleMatches(
  peers: any[] | undefined, ports: any[] | undefined, policyNamespace: string, other: Endpoint, protocol: Protocol, port: number,
): boolean {
  const peerOk = peers === undefined || peers.length === 0 || peers.some(p => peerMatches(p, policyNamespace, other));
  const portOk = ports === undefined || ports.length === 0 || ports.some(p => portMatches(p, protocol, port));
  return peerOk && portOk;
}

function policyTypesOf(spec: any): string[] {
  // The API server defaults policyTypes to ["Ingress"], plus "Egress" when egress rules are present.
  return spec.policyTypes ?? (spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
}

function selecting(policies: readonly any[], pod: PodRef): any[] {
  return policies.filter(p => p?.kind === 'NetworkPolicy' && p.metadata?.namespace === pod.namespace && selectorMatches(p.spec.podSelector, pod.labels ?? {}));
}

/** Whether `from` may send to `to` as far as `from`'s egress policies decide. */
export function egressAllowed(policies: readonly any[], c: Connection): boolean {
  const isolating = selecting(policies, c.from).filter(p => policyTypesOf(p.spec).includes('Egress'));
  if (isolating.length === 0) {
    return true;
  }
  return isolating.some(p => (p.spec.egress ?? []).some((r: any) => ruleMatches(r.to, r.ports, p.metadata.namespace, c.to, c.protocol ?? 'TCP', c.port)));
}

/** Whether the destination pod accepts the connection as far as its ingress policies decide. */
export function ingressAllowed(policies: readonly any[], c: Connection): boolean {
  if (!('pod' in c.to)) {
    return true;
  }
  const target = c.to.pod;
  const isolating = selecting(policies, target).filter(p => policyTypesOf(p.spec).includes('Ingress'));
  if (isolating.length === 0) {
    return true;
  }
  return isolating.some(p => (p.spec.ingress ?? []).some((r: any) => ruleMatches(r.from, r.ports, p.metadata.namespace, { pod: c.from }, c.protocol ?? 'TCP', c.port)));
}

/** Whether the connection is allowed at both ends. */
export function connectionAllowed(policies: readonly any[], c: Connection): boolean {
  return egressAllowed(policies, c) && ingressAllowed(policies, c);
}

// --- The API server's validation (ported from kubernetes/kubernetes, see the file comment) ---

/** `parseCIDR` with strictValidation=true, as the API server runs it (StrictIPCIDRValidation). */
function strictCidrProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
  }
  const slash = value.indexOf('/');
  if (slash < 0) {
    return 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
  }
  const ipText = value.slice(0, slash);
  const prefixText = value.slice(slash + 1);
  const ipv4 = ipaddr.IPv4.isValidFourPartDecimal(ipText);
  const ipv6 = !ipv4 && ipText.includes(':') && !ipText.includes('%') && ipaddr.IPv6.isValid(ipText);
  if ((!ipv4 && !ipv6) || !/^[0-9]+$/.test(prefixText) || Number(prefixText) > (ipv4 ? 32 : 128)) {
    return 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
  }
  if ((ipv4 && ipText.split('.').some(part => part.length > 1 && part.startsWith('0'))) || (prefixText.length > 1 && prefixText.startsWith('0'))) {
    return 'must not have leading 0s in IP or prefix length';
  }
  const address = ipaddr.parse(ipText);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    return 'must not have an IPv4-mapped IPv6 address';
  }
  const prefix = Number(prefixText);
  const network = address.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(value) : ipaddr.IPv6.networkAddressFromCIDR(value);
  if (network.toString() !== address.toString()) {
    return 'must not have bits set beyond the prefix length';
  }
  // Not an API server rule: the library promises canonical output (what IsValidCIDR would require).
  if (`${address.toString()}/${prefix}` !== value) {
    return `must be in canonical form (${JSON.stringify(`${address.toString()}/${prefix}`)}) [library rule]`;
  }
  return undefined;
}

/** `ValidateIPBlock`: a valid cidr, every except a valid CIDR and a strict subset of cidr. */
export function ipBlockProblems(block: any, path: string): string[] {
  const problems: string[] = [];
  if (!block || typeof block.cidr !== 'string' || block.cidr === '') {
    return [`${path}.cidr: Required value`];
  }
  const cidrProblem = strictCidrProblem(block.cidr);
  if (cidrProblem) {
    problems.push(`${path}.cidr: Invalid value ${JSON.stringify(block.cidr)}: ${cidrProblem}`);
    return problems;
  }
  const [cidrIp, cidrLen] = parsedCidr(block.cidr);
  (block.except ?? []).forEach((except: unknown, i: number) => {
    const where = `${path}.except[${i}]`;
    const problem = strictCidrProblem(except);
    if (problem) {
      problems.push(`${where}: Invalid value ${JSON.stringify(except)}: ${problem}`);
      return;
    }
    const [exceptIp, exceptLen] = parsedCidr(except as string);
    // Go: `!cidrIPNet.Contains(exceptCIDR.IP) || cidrMaskLen >= exceptMaskLen`; Contains is false across families.
    const contains = exceptIp.kind() === cidrIp.kind() && exceptIp.match([cidrIp, cidrLen] as [ipaddr.IPv4 | ipaddr.IPv6, number]);
    if (!contains || cidrLen >= exceptLen) {
      problems.push(`${where}: Invalid value ${JSON.stringify(except)}: must be a strict subset of \`cidr\``);
    }
  });
  return problems;
}

/** `ValidateNetworkPolicyPort` (numeric ports; named ports are only checked for having no endPort). */
function portProblems(port: any, path: string): string[] {
  const problems: string[] = [];
  if (port.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(port.protocol)) {
    problems.push(`${path}.protocol: Unsupported value ${JSON.stringify(port.protocol)}`);
  }
  const validPort = (n: unknown) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 65535;
  if (port.port !== undefined) {
    if (typeof port.port === 'number') {
      if (!validPort(port.port)) {
        problems.push(`${path}.port: Invalid value ${port.port}: must be between 1 and 65535, inclusive`);
      }
      if (port.endPort !== undefined) {
        if (port.endPort < port.port) {
          problems.push(`${path}.endPort: Invalid value ${port.endPort}: must be greater than or equal to \`port\``);
        }
        if (!validPort(port.endPort)) {
          problems.push(`${path}.endPort: Invalid value ${port.endPort}: must be between 1 and 65535, inclusive`);
        }
      }
    } else if (port.endPort !== undefined) {
      problems.push(`${path}.endPort: Invalid value ${port.endPort}: may not be specified when \`port\` is non-numeric`);
    }
  } else if (port.endPort !== undefined) {
    problems.push(`${path}.endPort: Invalid value ${port.endPort}: may not be specified when \`port\` is not specified`);
  }
  return problems;
}

/** `ValidateNetworkPolicyPeer`: exactly one kind of peer, ipBlock never with a selector. */
function peerProblems(peer: any, path: string): string[] {
  const kinds = ['podSelector', 'namespaceSelector', 'ipBlock'].filter(k => peer?.[k] !== undefined && peer?.[k] !== null);
  const problems: string[] = [];
  if (kinds.length === 0) {
    problems.push(`${path}: Required value: must specify a peer`);
  } else if (kinds.length > 1 && kinds.includes('ipBlock')) {
    problems.push(`${path}: Forbidden: may not specify both ipBlock and another peer`);
  }
  if (peer?.ipBlock) {
    problems.push(...ipBlockProblems(peer.ipBlock, `${path}.ipBlock`));
  }
  return problems;
}

/** The API server's refusals for one NetworkPolicy (empty when it would be accepted). */
export function networkPolicyProblems(manifest: any): string[] {
  const spec = manifest?.spec ?? {};
  const problems: string[] = [];
  (spec.ingress ?? []).forEach((rule: any, i: number) => {
    (rule.ports ?? []).forEach((p: any, j: number) => problems.push(...portProblems(p, `spec.ingress[${i}].ports[${j}]`)));
    (rule.from ?? []).forEach((p: any, j: number) => problems.push(...peerProblems(p, `spec.ingress[${i}].from[${j}]`)));
  });
  (spec.egress ?? []).forEach((rule: any, i: number) => {
    (rule.ports ?? []).forEach((p: any, j: number) => problems.push(...portProblems(p, `spec.egress[${i}].ports[${j}]`)));
    (rule.to ?? []).forEach((p: any, j: number) => problems.push(...peerProblems(p, `spec.egress[${i}].to[${j}]`)));
  });
  const types: unknown[] = spec.policyTypes ?? [];
  if (types.length > 2) {
    problems.push('spec.policyTypes: Invalid value: may not specify more than two policyTypes');
  }
  types.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') {
      problems.push(`spec.policyTypes[${i}]: Unsupported value ${JSON.stringify(t)}`);
    }
  });
  return problems;
}
