import { apiServerEgressGuardManifest, externalSecretsEgressManifest, namespaceIsolationManifests, vaultAccessManifest } from '../../../src/core';
import { SecretStoreProvider } from '../../../src/core/eso/provider';
import { expectValidManifests } from '../../helpers/schema';

const DNS_RULE = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
};

describe('NetworkPolicy builders', () => {
  test('namespace isolation: default-deny both ways, DNS egress to kube-dns', () => {
    const [deny, dns] = namespaceIsolationManifests({ namespace: 'payments' });
    expect(deny).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny-all', namespace: 'payments' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    expect(dns.metadata).toEqual({ name: 'allow-dns-egress', namespace: 'payments' });
    expect(dns.spec).toEqual({ podSelector: {}, policyTypes: ['Egress'], egress: [DNS_RULE] });
    const custom = namespaceIsolationManifests({ namespace: 'payments', namePrefix: 'payments', dns: { podLabels: { 'k8s-app': 'node-local-dns' } } });
    expect(custom.map(m => m.metadata.name)).toEqual(['payments-default-deny-all', 'payments-allow-dns-egress']);
    expect((custom[1].spec as any).egress[0].to[0].podSelector).toEqual({ matchLabels: { 'k8s-app': 'node-local-dns' } });
    expectValidManifests([deny, dns, ...custom]);
  });

  test('API server egress guard: everything but the API server addresses, per address family', () => {
    const guard = apiServerEgressGuardManifest({ namespace: 'payments', podLabels: { app: 'payment-api' }, apiServerAddresses: ['10.0.0.1', '172.20.0.0/24', 'fd00::1'] });
    expect(guard.spec).toEqual({
      podSelector: { matchLabels: { app: 'payment-api' } },
      policyTypes: ['Egress'],
      egress: [
        DNS_RULE,
        { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.1/32', '172.20.0.0/24'] } }, { ipBlock: { cidr: '::/0', except: ['fd00::1/128'] } }] },
      ],
    });
    expectValidManifests([guard]);
  });

  test('API server egress guard with ports: the other ports stay reachable as ranges', () => {
    const guard = apiServerEgressGuardManifest({ namespace: 'payments', apiServerAddresses: ['10.0.0.1'], apiServerPorts: [6443, 443], allowedEgress: ['10.0.0.0/8'], name: 'no-api' });
    expect(guard.metadata.name).toBe('no-api');
    expect((guard.spec as any).podSelector).toEqual({});
    expect((guard.spec as any).egress[2]).toEqual({
      to: [{ ipBlock: { cidr: '10.0.0.1/32' } }],
      ports: [
        { protocol: 'TCP', port: 1, endPort: 442 },
        { protocol: 'TCP', port: 444, endPort: 6442 },
        { protocol: 'TCP', port: 6444, endPort: 65535 },
        { protocol: 'UDP', port: 1, endPort: 65535 },
      ],
    });
    expectValidManifests([guard]);
  });

  test('ESO egress: DNS, API server, cloud APIs on 443, in-cluster Vault on its pod port', () => {
    const aws = SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' });
    const vault = SecretStoreProvider.vault({ server: 'https://vault.vault.svc:8200', path: 'secret', role: 'eso' });
    const policy = externalSecretsEgressManifest({ providers: [aws, vault], apiServer: { cidrs: ['10.0.0.0/16'] }, inClusterVault: { namespace: 'vault' } });
    expect(policy.metadata).toEqual({ name: 'external-secrets-egress', namespace: 'external-secrets' });
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'external-secrets' } },
      policyTypes: ['Egress'],
      egress: [
        DNS_RULE,
        { to: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [{ protocol: 'TCP', port: 443 }] },
        { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] },
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'vault' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'vault' } } }],
          ports: [{ protocol: 'TCP', port: 8200 }],
        },
      ],
    });
    const external = externalSecretsEgressManifest({ providers: [vault], apiServer: { cidrs: ['192.168.0.10'], port: 6443 }, vaultCidrs: ['203.0.113.10'], namespace: 'eso' });
    expect((external.spec as any).egress.slice(1)).toEqual([
      { to: [{ ipBlock: { cidr: '192.168.0.10/32' } }], ports: [{ protocol: 'TCP', port: 6443 }] },
      { to: [{ ipBlock: { cidr: '203.0.113.10/32' } }], ports: [{ protocol: 'TCP', port: 8200 }] },
    ]);
    expectValidManifests([policy, external]);
  });

  test('Vault access: labelled clients on 8200, Vault peers on 8200 and 8201', () => {
    const policy = vaultAccessManifest();
    expect(policy.metadata).toEqual({ name: 'vault-client-access', namespace: 'vault' });
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'vault' } },
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'kube-secure-secrets.io/vault-client': 'true' } } }], ports: [{ protocol: 'TCP', port: 8200 }] },
        { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'vault' } } }], ports: [{ protocol: 'TCP', port: 8200 }, { protocol: 'TCP', port: 8201 }] },
      ],
    });
    const scoped = vaultAccessManifest({ clientNamespaces: ['payments'], clientLabel: 'vault-client', port: 8300 });
    expect((scoped.spec as any).ingress[0]).toEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'payments' } }, podSelector: { matchLabels: { 'vault-client': 'true' } } }],
      ports: [{ protocol: 'TCP', port: 8300 }],
    });
    expectValidManifests([policy, scoped]);
  });

  const vault = () => SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', role: 'eso' });
  test.each<[string, () => unknown, string]>([
    ['a bad API server address', () => apiServerEgressGuardManifest({ namespace: 'p', apiServerAddresses: ['kubernetes.default'] }),
      'ApiServerEgressGuard: apiServerAddresses[0] "kubernetes.default" is not an IP address or CIDR; expected e.g. "10.0.0.1", "10.0.0.0/16" or "fd00::/8".'],
    ['no API server address', () => apiServerEgressGuardManifest({ namespace: 'p', apiServerAddresses: [] }),
      'ApiServerEgressGuard: apiServerAddresses is empty; give the addresses of the kubernetes Service endpoints (kubectl get endpoints kubernetes -n default).'],
    ['a bad prefix length', () => apiServerEgressGuardManifest({ namespace: 'p', apiServerAddresses: ['10.0.0.0/33'] }),
      'ApiServerEgressGuard: apiServerAddresses[0] "10.0.0.0/33" is not an IP address or CIDR; expected e.g. "10.0.0.1", "10.0.0.0/16" or "fd00::/8".'],
    ['a bad port', () => apiServerEgressGuardManifest({ namespace: 'p', apiServerAddresses: ['10.0.0.1'], apiServerPorts: [70000] }),
      'ApiServerEgressGuard: apiServerPorts[0] 70000 is not a TCP port (1-65535).'],
    ['empty pod labels (would select every pod)', () => apiServerEgressGuardManifest({ namespace: 'p', apiServerAddresses: ['10.0.0.1'], podLabels: {} }),
      'ApiServerEgressGuard: podLabels is empty, which would select every pod; give the labels of the pods meant, or leave it unset for the default.'],
    ['ESO without providers', () => externalSecretsEgressManifest({ providers: [], apiServer: { cidrs: ['10.0.0.0/16'] } }),
      'ExternalSecretsEgressPolicy: providers is empty; pass the providers of the stores this controller serves (store.provider).'],
    ['ESO without API server', () => externalSecretsEgressManifest({ providers: [vault()], apiServer: { cidrs: [] } }),
      'ExternalSecretsEgressPolicy: apiServer.cidrs is empty; ESO is a controller and must reach the Kubernetes API. Give its addresses (EKS: the VPC CIDR, port 443; kubeadm: the control-plane nodes, port 6443).'],
    ['ESO with Vault but no Vault location', () => externalSecretsEgressManifest({ providers: [vault()], apiServer: { cidrs: ['10.0.0.0/16'] } }),
      'ExternalSecretsEgressPolicy: inClusterVault and vaultCidrs are both unset, but a Vault provider is used; say where Vault runs (inClusterVault: { namespace } or vaultCidrs).'],
    ['Vault with no client namespaces', () => vaultAccessManifest({ clientNamespaces: [] }),
      'VaultAccessPolicy: clientNamespaces is empty; leave it unset to accept labelled clients from any namespace.'],
    ['isolation of a bad namespace', () => namespaceIsolationManifests({ namespace: 'Payments' }),
      'NamespaceIsolation: namespace "Payments" is not a valid namespace name: use a DNS-1123 label (lower-case letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters).'],
  ])('refuses %s', (_, build, message) => {
    expect(build).toThrow(message);
  });
});
