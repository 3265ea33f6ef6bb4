import { ValidationError } from '../errors';
import { SecretStoreProvider } from '../eso/provider';
import { KubeManifest } from '../manifest';
import { DnsTarget, checkCidr, checkPort, dnsRule, labels, policy } from './common';
import { checkNamespace, checkObjectName } from '../validate/names';

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
   * Destinations of the cloud provider APIs (AWS, Google, Azure), on 443. Narrow it to VPC endpoint
   * CIDRs when the cluster reaches the secret services privately.
   * @default ["0.0.0.0/0"]
   */
  readonly cloudApiCidrs?: string[];
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
 * Kubernetes API, the cloud secret APIs on 443 (AWS, Google, Azure providers) and the Vault servers on
 * their port (Vault providers).
 */
export function externalSecretsEgressManifest(options: ExternalSecretsEgressOptions): KubeManifest {
  const component = 'ExternalSecretsEgressPolicy';
  const namespace = checkNamespace(component, 'namespace', options.namespace ?? 'external-secrets');
  const name = checkObjectName(component, 'name', options.name ?? 'external-secrets-egress', 'NetworkPolicy name');
  if (!Array.isArray(options.providers) || options.providers.length === 0) {
    throw new ValidationError(component, 'providers', 'is empty; pass the providers of the stores this controller serves (store.provider).');
  }
  options.providers.forEach((p, i) => {
    if (!(p instanceof SecretStoreProvider)) {
      throw new ValidationError(component, `providers[${i}]`, 'must be a SecretStoreProvider.');
    }
  });
  if (!options.apiServer || !Array.isArray(options.apiServer.cidrs) || options.apiServer.cidrs.length === 0) {
    throw new ValidationError(component, 'apiServer.cidrs', 'is empty; ESO is a controller and must reach the Kubernetes API. Give its addresses (EKS: the VPC CIDR, port 443; kubeadm: the control-plane nodes, port 6443).');
  }
  const apiCidrs = options.apiServer.cidrs.map((c, i) => checkCidr(component, `apiServer.cidrs[${i}]`, c));
  const apiPort = checkPort(component, 'apiServer.port', options.apiServer.port ?? 443);

  const egress: Record<string, unknown>[] = [
    dnsRule(component, options.dns),
    { to: apiCidrs.map(cidr => ({ ipBlock: { cidr } })), ports: [{ protocol: 'TCP', port: apiPort }] },
  ];
  if (options.providers.some(p => p.endpoint.type === 'https-any')) {
    const cidrs = (options.cloudApiCidrs ?? ['0.0.0.0/0']).map((c, i) => checkCidr(component, `cloudApiCidrs[${i}]`, c));
    egress.push({ to: cidrs.map(cidr => ({ ipBlock: { cidr } })), ports: [{ protocol: 'TCP', port: 443 }] });
  }
  const vaultPorts = [...new Set(options.providers.filter(p => p.endpoint.type === 'url').map(p => p.endpoint.port))].sort((a, b) => a - b);
  if (vaultPorts.length > 0) {
    if (options.inClusterVault) {
      const v = options.inClusterVault;
      egress.push({
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': checkNamespace(component, 'inClusterVault.namespace', v.namespace) } },
          podSelector: { matchLabels: labels(component, 'inClusterVault.podLabels', v.podLabels, { 'app.kubernetes.io/name': 'vault' }) },
        }],
        ports: [{ protocol: 'TCP', port: checkPort(component, 'inClusterVault.port', v.port ?? 8200) }],
      });
    } else if (options.vaultCidrs && options.vaultCidrs.length > 0) {
      egress.push({
        to: options.vaultCidrs.map((c, i) => ({ ipBlock: { cidr: checkCidr(component, `vaultCidrs[${i}]`, c) } })),
        ports: vaultPorts.map(port => ({ protocol: 'TCP', port })),
      });
    } else {
      throw new ValidationError(component, 'inClusterVault', 'and vaultCidrs are both unset, but a Vault provider is used; say where Vault runs (inClusterVault: { namespace } or vaultCidrs).');
    }
  }
  return policy(name, namespace, {
    podSelector: { matchLabels: labels(component, 'podLabels', options.podLabels, { 'app.kubernetes.io/name': 'external-secrets' }) },
    policyTypes: ['Egress'],
    egress,
  });
}
