import { ValidationError } from '../errors';
import {
  DnsTarget, EgressGrant, NetworkPolicyEgressRule, NetworkPolicyManifest, checkCidrList, checkNotEveryAddress, checkPort, dnsRule, labels,
  networkProps,
  optionalObject, policy,
} from './common';
import { EgressTarget, resolveEgressEntry } from './egress-target';
import { SecretStoreProvider } from '../eso/provider';
import { checkNamespace, checkObjectName } from '../validate/names';
import { checkList, checkOptionalList, checkObject, optIn } from '../validate/values';

/** Pods of a Vault installation inside the cluster. */
export interface InClusterVault {
  /** The namespace Vault runs in. */
  readonly namespace: string;
  /**
   * Labels of the Vault server pods.
   * @default { "app.kubernetes.io/name": "vault" } (the official Helm chart)
   */
  readonly podLabels?: Record<string, string>;
  /**
   * The port the Vault pods listen on (the Service may map another).
   * @default 8200
   */
  readonly port?: number;
}

/** Options of {@link externalSecretsEgressManifest}. */
export interface ExternalSecretsEgressOptions {
  /**
   * The namespace ESO runs in.
   * @default "external-secrets"
   */
  readonly namespace?: string;
  /**
   * Labels of the ESO controller pods.
   * @default { "app.kubernetes.io/name": "external-secrets" } (the official Helm chart)
   */
  readonly podLabels?: Record<string, string>;
  /** The providers of the stores this controller serves. */
  readonly providers: SecretStoreProvider[];
  /**
   * Where the Kubernetes API server is: CIDRs and port. ESO is a controller and must reach it. On EKS
   * the control-plane network interfaces live in the cluster's subnets (give the VPC CIDR, port 443);
   * on kubeadm clusters give the control-plane nodes and port 6443.
   */
  readonly apiServer: { readonly cidrs: string[]; readonly port?: number };
  /**
   * Destinations of the cloud provider APIs (AWS, Google, Azure), on TCP 443; required when a store uses
   * one of them. These services have no fixed addresses: give the CIDRs of their private (VPC) endpoints,
   * or, when the cluster reaches them over the internet, `["0.0.0.0/0"]` with `allowAllAddresses: true`.
   * With IRSA, ESO also calls AWS STS on 443, which these CIDRs must reach too.
   * @default - none; refused when an AWS, Google or Azure provider is used
   */
  readonly cloudApiCidrs?: string[];
  /**
   * Further destinations of the controller, e.g. `EgressTarget.eksPodIdentityAgent()` when the controller
   * authenticates to AWS with EKS Pod Identity (it fetches its credentials from the agent on every node),
   * or `EgressTarget.awsSts([...])` for STS behind its own VPC endpoint.
   * @default - none
   */
  readonly additionalEgress?: EgressTarget[];
  /**
   * Allow the CIDRs of this policy to cover every address of a family on some port (`0.0.0.0/0`, or
   * blocks that add up to it). Only the boolean `true` turns it on.
   * @default false
   */
  readonly allowAllAddresses?: boolean;
  /**
   * For a Vault provider: Vault running inside the cluster.
   * @default - none (give vaultCidrs for a Vault outside the cluster)
   */
  readonly inClusterVault?: InClusterVault;
  /**
   * For a Vault provider outside the cluster: its addresses.
   * @default - none
   */
  readonly vaultCidrs?: string[];
  /**
   * Where cluster DNS runs.
   * @default - CoreDNS/kube-dns in kube-system
   */
  readonly dns?: DnsTarget;
  /**
   * The policy name.
   * @default "external-secrets-egress"
   */
  readonly name?: string;
}

/**
 * Egress of the External Secrets Operator controller limited to what it needs: cluster DNS, the
 * Kubernetes API, the cloud secret APIs on 443 (AWS, Google, Azure providers), the Vault servers on
 * their port (Vault providers) and any `additionalEgress` (e.g. the EKS Pod Identity agent).
 *
 * NetworkPolicies add up: the controller pods may reach the union of what every policy selecting them
 * allows, so this policy narrows their egress only together with a default deny (e.g. `NamespaceIsolation`
 * in ESO's namespace) and no broader policy.
 */
export function externalSecretsEgressManifest(options: ExternalSecretsEgressOptions): NetworkPolicyManifest {
  const component = 'ExternalSecretsEgressPolicy';
  const o = networkProps(component, options, false);
  const namespace = checkNamespace(component, 'namespace', o.namespace ?? 'external-secrets');
  const name = checkObjectName(component, 'name', o.name ?? 'external-secrets-egress', 'NetworkPolicy name');
  if (o.providers === undefined || (Array.isArray(o.providers) && o.providers.length === 0)) {
    throw new ValidationError(component, 'providers', 'is empty; pass the providers of the stores this controller serves (store.provider).');
  }
  const providers = checkList(component, 'providers', o.providers, 'SecretStoreProviders').map((p, i) => {
    if (!(p instanceof SecretStoreProvider)) {
      throw new ValidationError(component, `providers[${i}]`, 'must be a SecretStoreProvider.');
    }
    return p;
  });
  const apiServer = o.apiServer === undefined ? undefined : checkObject(component, 'apiServer', o.apiServer, 'an object ({ cidrs, port? })');
  if (!apiServer || apiServer.cidrs === undefined || (Array.isArray(apiServer.cidrs) && apiServer.cidrs.length === 0)) {
    throw new ValidationError(component, 'apiServer.cidrs', 'is empty; ESO is a controller and must reach the Kubernetes API. Give its addresses (EKS: the VPC CIDR, port 443; kubeadm: the control-plane nodes, port 6443).');
  }
  const apiCidrs = checkCidrList(component, 'apiServer.cidrs', apiServer.cidrs);
  const apiPort = checkPort(component, 'apiServer.port', apiServer.port ?? 443);
  const allowAll = optIn(component, 'allowAllAddresses', o.allowAllAddresses);

  const grants: EgressGrant[] = [
    { prop: 'apiServer.cidrs', cidrs: apiCidrs, blockProps: apiCidrs.map((_, i) => `apiServer.cidrs[${i}]`), ports: [{ protocol: 'TCP', port: apiPort }] },
  ];
  const dns = dnsRule(component, o.dns);
  const egress: NetworkPolicyEgressRule[] = [
    dns,
    { to: apiCidrs.map(c => ({ ipBlock: { cidr: c.text } })), ports: [{ protocol: 'TCP', port: apiPort }] },
  ];
  if (providers.some(p => p.endpoint.type === 'https-any')) {
    if (o.cloudApiCidrs === undefined) {
      throw new ValidationError(component, 'cloudApiCidrs', 'is unset, but an AWS, Google or Azure provider is used; give the CIDRs ESO reaches the secret APIs at on 443 '
        + '(their VPC or private endpoints), or ["0.0.0.0/0"] with allowAllAddresses: true when it reaches them over the internet. There is no default: '
        + 'NetworkPolicies add up, and a default of every address would re-open the egress that NamespaceIsolation denies.');
    }
    const cidrs = checkCidrList(component, 'cloudApiCidrs', o.cloudApiCidrs);
    if (cidrs.length === 0) {
      throw new ValidationError(component, 'cloudApiCidrs', 'is empty, but an AWS, Google or Azure provider is used; ESO must reach its API on 443. Give the CIDRs of its endpoints.');
    }
    grants.push({ prop: 'cloudApiCidrs', cidrs, blockProps: cidrs.map((_, i) => `cloudApiCidrs[${i}]`), ports: [{ protocol: 'TCP', port: 443 }] });
    egress.push({ to: cidrs.map(c => ({ ipBlock: { cidr: c.text } })), ports: [{ protocol: 'TCP', port: 443 }] });
  }
  const vaultPorts = [...new Set(providers.filter(p => p.endpoint.type === 'url').map(p => p.endpoint.port))].sort((a, b) => a - b);
  if (vaultPorts.length > 0) {
    const inCluster = optionalObject(component, 'inClusterVault', o.inClusterVault);
    const vaultCidrs = o.vaultCidrs === undefined ? [] : checkCidrList(component, 'vaultCidrs', o.vaultCidrs);
    if (inCluster) {
      egress.push({
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': checkNamespace(component, 'inClusterVault.namespace', inCluster.namespace) } },
          podSelector: { matchLabels: labels(component, 'inClusterVault.podLabels', inCluster.podLabels, { 'app.kubernetes.io/name': 'vault' }) },
        }],
        ports: [{ protocol: 'TCP', port: checkPort(component, 'inClusterVault.port', inCluster.port ?? 8200) }],
      });
    } else if (vaultCidrs.length > 0) {
      const ports = vaultPorts.map(port => ({ protocol: 'TCP' as const, port }));
      grants.push({ prop: 'vaultCidrs', cidrs: vaultCidrs, blockProps: vaultCidrs.map((_, i) => `vaultCidrs[${i}]`), ports });
      egress.push({ to: vaultCidrs.map(c => ({ ipBlock: { cidr: c.text } })), ports });
    } else {
      throw new ValidationError(component, 'inClusterVault', 'and vaultCidrs are both unset, but a Vault provider is used; say where Vault runs (inClusterVault: { namespace } or vaultCidrs).');
    }
  }
  (checkOptionalList(component, 'additionalEgress', o.additionalEgress, 'EgressTargets') ?? []).forEach((entry, i) => {
    const grant = resolveEgressEntry(component, 'additionalEgress', i, entry, false);
    grants.push(grant);
    egress.push({ to: grant.cidrs.map(c => ({ ipBlock: { cidr: c.text } })), ...(grant.ports ? { ports: [...grant.ports] } : {}) });
  });
  checkNotEveryAddress(component, grants, allowAll);
  return policy(name, namespace, {
    podSelector: { matchLabels: labels(component, 'podLabels', o.podLabels, { 'app.kubernetes.io/name': 'external-secrets' }) },
    policyTypes: ['Egress'],
    egress,
  });
}
