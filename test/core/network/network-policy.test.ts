import { EgressTarget, apiServerEgressGuardManifest, externalSecretsEgressManifest, namespaceIsolationManifests, vaultAccessManifest } from '../../../src/core';
import { SecretStoreProvider } from '../../../src/core/eso/provider';
import { networkPolicyProblems } from '../../helpers/netpol';
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
    expect(custom[1].spec.egress?.[0].to?.[0].podSelector).toEqual({ matchLabels: { 'k8s-app': 'node-local-dns' } });
    expectValidManifests([deny, dns, ...custom]);
  });

  // Input changed deliberately (issue 10): allowedEgress has no default any more; the old default, every
  // address of both families, is now an explicit opt-in. The output for it is unchanged.
  test('API server egress guard: everything but the API server addresses, per address family', () => {
    const guard = apiServerEgressGuardManifest({
      namespace: 'payments',
      podLabels: { app: 'payment-api' },
      apiServerAddresses: ['10.0.0.1', '172.20.0.0/24', 'fd00::1'],
      allowedEgress: ['0.0.0.0/0', '::/0'],
      allowAllAddresses: true,
    });
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
    expect(guard.spec.podSelector).toEqual({});
    expect(guard.spec.egress?.[2]).toEqual({
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

  // Input changed deliberately (issue 10): cloudApiCidrs has no default any more; 0.0.0.0/0 is now an
  // explicit opt-in. The output for it is unchanged.
  test('ESO egress: DNS, API server, cloud APIs on 443, in-cluster Vault on its pod port', () => {
    const aws = SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' });
    const vault = SecretStoreProvider.vault({ server: 'https://vault.vault.svc:8200', path: 'secret', role: 'eso' });
    const policy = externalSecretsEgressManifest({
      providers: [aws, vault], apiServer: { cidrs: ['10.0.0.0/16'] }, inClusterVault: { namespace: 'vault' }, cloudApiCidrs: ['0.0.0.0/0'], allowAllAddresses: true,
    });
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
    expect(external.spec.egress?.slice(1)).toEqual([
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
    ['a bad API server address', () => apiServerEgressGuardManifest({ namespace: 'p', apiServerAddresses: ['kubernetes.default'], allowedEgress: [] }),
      'ApiServerEgressGuard: apiServerAddresses[0] "kubernetes.default" is not an IP address or CIDR; expected e.g. "10.0.0.1", "10.0.0.0/16" or "fd00::/8".'],
    ['no API server address', () => apiServerEgressGuardManifest({ namespace: 'p', apiServerAddresses: [], allowedEgress: [] }),
      'ApiServerEgressGuard: apiServerAddresses is empty; give the addresses of the kubernetes Service endpoints (kubectl get endpoints kubernetes -n default).'],
    ['a bad prefix length', () => apiServerEgressGuardManifest({ namespace: 'p', apiServerAddresses: ['10.0.0.0/33'], allowedEgress: [] }),
      'ApiServerEgressGuard: apiServerAddresses[0] "10.0.0.0/33" is not an IP address or CIDR; expected e.g. "10.0.0.1", "10.0.0.0/16" or "fd00::/8".'],
    ['a bad port', () => apiServerEgressGuardManifest({ namespace: 'p', apiServerAddresses: ['10.0.0.1'], apiServerPorts: [70000], allowedEgress: [] }),
      'ApiServerEgressGuard: apiServerPorts[0] 70000 is not a TCP port (1-65535).'],
    ['empty pod labels (would select every pod)', () => apiServerEgressGuardManifest({ namespace: 'p', apiServerAddresses: ['10.0.0.1'], podLabels: {}, allowedEgress: [] }),
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

describe('ApiServerEgressGuard: API server addresses go into the except of exactly the blocks that strictly contain them (ValidateIPBlock)', () => {
  test('the helper ports the API server rule: today\'s output for the issue\'s example is refused', () => {
    // What the guard wrote before issue 10 for apiServerAddresses ["10.0.1.15/32"], allowedEgress ["10.0.64.0/20"].
    const before = { spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.64.0/20', except: ['10.0.1.15/32'] } }] }] } };
    expect(networkPolicyProblems(before)).toEqual(['spec.egress[0].to[0].ipBlock.except[0]: Invalid value "10.0.1.15/32": must be a strict subset of `cidr`']);
  });

  test('an address outside an allowed block is not listed in its except', () => {
    const guard = apiServerEgressGuardManifest({ namespace: 'payments', apiServerAddresses: ['10.0.1.15/32'], allowedEgress: ['10.0.64.0/20'] });
    expect(guard.spec.egress?.[1]).toEqual({ to: [{ ipBlock: { cidr: '10.0.64.0/20' } }] });
    expect(networkPolicyProblems(guard)).toEqual([]);
    expectValidManifests([guard]);
  });

  test('each address lands in the except of the blocks that contain it, per family, and nowhere else', () => {
    const guard = apiServerEgressGuardManifest({
      namespace: 'payments',
      apiServerAddresses: ['10.0.1.15', '10.0.64.1', '10.0.64.0/24', 'fd00::1'],
      allowedEgress: ['10.0.0.0/20', '10.0.64.0/20', '192.168.0.0/16', 'fd00::/8', '10.0.64.0/20'],
    });
    expect(guard.spec.egress?.[1]).toEqual({
      to: [
        { ipBlock: { cidr: '10.0.0.0/20', except: ['10.0.1.15/32'] } },
        { ipBlock: { cidr: '10.0.64.0/20', except: ['10.0.64.1/32', '10.0.64.0/24'] } },
        { ipBlock: { cidr: '192.168.0.0/16' } },
        { ipBlock: { cidr: 'fd00::/8', except: ['fd00::1/128'] } },
      ],
    });
    expect(guard.spec.egress).toHaveLength(2);
    expectValidManifests([guard]);
  });

  test('EgressTargets by name: the Pod Identity agent on 80, STS on 443, each its own rule', () => {
    const guard = apiServerEgressGuardManifest({
      namespace: 'payments',
      apiServerAddresses: ['10.0.128.10'],
      allowedEgress: [EgressTarget.eksPodIdentityAgent(), EgressTarget.awsSts(['10.0.128.0/24']), '10.0.64.0/20', EgressTarget.cidrs(['10.0.96.0/20'])],
    });
    expect(guard.spec.egress?.slice(1)).toEqual([
      { to: [{ ipBlock: { cidr: '169.254.170.23/32' } }, { ipBlock: { cidr: 'fd00:ec2::23/128' } }], ports: [{ protocol: 'TCP', port: 80 }] },
      { to: [{ ipBlock: { cidr: '10.0.128.0/24', except: ['10.0.128.10/32'] } }], ports: [{ protocol: 'TCP', port: 443 }] },
      { to: [{ ipBlock: { cidr: '10.0.64.0/20' } }, { ipBlock: { cidr: '10.0.96.0/20' } }] },
    ]);
    expectValidManifests([guard]);
  });

  test('with apiServerPorts, the API addresses stay reachable on the other ports that allowedEgress allows', () => {
    const guard = apiServerEgressGuardManifest({
      namespace: 'payments',
      apiServerAddresses: ['10.0.0.1', '10.0.5.0/24'],
      apiServerPorts: [443],
      allowedEgress: [EgressTarget.cidrs(['10.0.0.0/16'], [{ port: 443 }, { port: 8000, endPort: 9000 }, { port: 53, protocol: 'UDP' }]), '10.0.5.7/32'],
    });
    expect(guard.spec.egress?.slice(1)).toEqual([
      {
        to: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.0.1/32', '10.0.5.0/24'] } }],
        ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 8000, endPort: 9000 }, { protocol: 'UDP', port: 53 }],
      },
      // 10.0.5.7/32 lies inside an API server address: no allow rule of its own (never an empty `to`) ...
      { to: [{ ipBlock: { cidr: '10.0.0.1/32' } }, { ipBlock: { cidr: '10.0.5.0/24' } }], ports: [{ protocol: 'TCP', port: 8000, endPort: 9000 }, { protocol: 'UDP', port: 53 }] },
      // ... but its non-API ports stay reachable.
      {
        to: [{ ipBlock: { cidr: '10.0.5.7/32' } }],
        ports: [{ protocol: 'TCP', port: 1, endPort: 442 }, { protocol: 'TCP', port: 444, endPort: 65535 }, { protocol: 'UDP', port: 1, endPort: 65535 }],
      },
    ]);
    for (const rule of guard.spec.egress ?? []) {
      expect(rule.to?.length).toBeGreaterThan(0);
    }
    expectValidManifests([guard]);
  });

  test('an empty allowedEgress allows DNS only', () => {
    const guard = apiServerEgressGuardManifest({ namespace: 'payments', apiServerAddresses: ['10.0.0.1'], allowedEgress: [] });
    expect(guard.spec.egress).toEqual([DNS_RULE]);
  });

  test.each<[string, () => unknown, string]>([
    ['no allowedEgress (there is no default any more)', () => apiServerEgressGuardManifest({ namespace: 'p', apiServerAddresses: ['10.0.0.1'] } as any),
      'ApiServerEgressGuard: allowedEgress is missing; list the destinations the guarded pods may reach (CIDRs, EgressTarget.eksPodIdentityAgent(), EgressTarget.awsSts([...]), ...). '
      + 'There is no default: NetworkPolicies add up, and a default of every address would re-open the egress that NamespaceIsolation denies. '
      + 'To allow every address except the API server, pass ["0.0.0.0/0", "::/0"] with allowAllAddresses: true.'],
    ['an allowed block inside an API server address', () => apiServerEgressGuardManifest({ namespace: 'p', apiServerAddresses: ['10.0.1.0/24'], allowedEgress: ['10.0.64.0/20', '10.0.1.15/32'] }),
      'ApiServerEgressGuard: allowedEgress[1] "10.0.1.15/32" lies within the API server address "10.0.1.0/24" (apiServerAddresses[0]), which this guard blocks on every port, so it could never be reached; '
      + 'remove it from allowedEgress, or set apiServerPorts to block only the API ports.'],
    ['an allowed block equal to an API server address', () => apiServerEgressGuardManifest({ namespace: 'p', apiServerAddresses: ['10.0.0.1', '10.0.1.15'], allowedEgress: [EgressTarget.cidrs(['10.0.1.15'])] }),
      'ApiServerEgressGuard: allowedEgress[0].cidrs[0] "10.0.1.15/32" lies within the API server address "10.0.1.15/32" (apiServerAddresses[1])'],
    ['0.0.0.0/0 without the opt-in', () => apiServerEgressGuardManifest({ namespace: 'p', apiServerAddresses: ['10.0.0.1'], allowedEgress: ['0.0.0.0/0'] }),
      'ApiServerEgressGuard: allowedEgress covers every IPv4 address ("0.0.0.0/0") on every port: that opens egress to any destination of the family, including the instance metadata service and, '
      + 'with most CNIs, every pod of the cluster. List the ranges the pods need (VPC endpoint CIDRs, EgressTarget.eksPodIdentityAgent(), ...), or set allowAllAddresses: true to allow every address deliberately.'],
    ['two halves that add up to the whole IPv4 space', () => apiServerEgressGuardManifest({ namespace: 'p', apiServerAddresses: ['10.0.0.1'], allowedEgress: ['0.0.0.0/1', '128.0.0.0/1'] }),
      'ApiServerEgressGuard: allowedEgress covers every IPv4 address ("0.0.0.0/1", "128.0.0.0/1") on every port'],
    ['::/0 on one port', () => apiServerEgressGuardManifest({ namespace: 'p', apiServerAddresses: ['10.0.0.1'], allowedEgress: [EgressTarget.cidrs(['::/1', '8000::/1'], [{ port: 443 }])] }),
      'ApiServerEgressGuard: allowedEgress covers every IPv6 address ("::/1", "8000::/1") on TCP port 443'],
    ['allowAllAddresses as a string', () => apiServerEgressGuardManifest({ namespace: 'p', apiServerAddresses: ['10.0.0.1'], allowedEgress: ['0.0.0.0/0'], allowAllAddresses: 'false' as any }),
      'ApiServerEgressGuard: allowAllAddresses must be the boolean true to opt in, or false or unset; received a string "false".'],
    ['an allowed block with host bits', () => apiServerEgressGuardManifest({ namespace: 'p', apiServerAddresses: ['10.0.0.1'], allowedEgress: ['10.0.64.5/20'] }),
      'ApiServerEgressGuard: allowedEgress[0] "10.0.64.5/20" has host bits set; the block it means is "10.0.64.0/20" (write that, or the single address "10.0.64.5").'],
    ['an EgressTarget port range the wrong way round', () => apiServerEgressGuardManifest({ namespace: 'p', apiServerAddresses: ['10.0.0.1'], allowedEgress: [EgressTarget.cidrs(['10.0.64.0/20'], [{ port: 9000, endPort: 8000 }])] }),
      'ApiServerEgressGuard: allowedEgress[0].ports[0].endPort 8000 is below port 9000; a range runs from port to endPort.'],
    ['a number in allowedEgress', () => apiServerEgressGuardManifest({ namespace: 'p', apiServerAddresses: ['10.0.0.1'], allowedEgress: [10 as any] }),
      'ApiServerEgressGuard: allowedEgress[0] must be an IP or CIDR string, or an EgressTarget (e.g. EgressTarget.eksPodIdentityAgent() or EgressTarget.cidrs(["10.0.0.0/16"], [{ port: 443 }])); received a number.'],
  ])('refuses %s', (_, build, message) => {
    expect(build).toThrow(message);
  });
});

describe('ExternalSecretsEgressPolicy: no match-everything default, Pod Identity by name', () => {
  const aws = () => SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1' });

  test('cloud APIs behind VPC endpoints, and the Pod Identity agent', () => {
    const policy = externalSecretsEgressManifest({
      providers: [aws()], apiServer: { cidrs: ['10.0.0.0/16'] }, cloudApiCidrs: ['10.0.128.0/24'], additionalEgress: [EgressTarget.eksPodIdentityAgent()],
    });
    expect(policy.spec.egress?.slice(2)).toEqual([
      { to: [{ ipBlock: { cidr: '10.0.128.0/24' } }], ports: [{ protocol: 'TCP', port: 443 }] },
      { to: [{ ipBlock: { cidr: '169.254.170.23/32' } }, { ipBlock: { cidr: 'fd00:ec2::23/128' } }], ports: [{ protocol: 'TCP', port: 80 }] },
    ]);
    expectValidManifests([policy]);
  });

  test.each<[string, () => unknown, string]>([
    ['an AWS provider without cloudApiCidrs', () => externalSecretsEgressManifest({ providers: [aws()], apiServer: { cidrs: ['10.0.0.0/16'] } }),
      'ExternalSecretsEgressPolicy: cloudApiCidrs is unset, but an AWS, Google or Azure provider is used; give the CIDRs ESO reaches the secret APIs at on 443 (their VPC or private endpoints), '
      + 'or ["0.0.0.0/0"] with allowAllAddresses: true when it reaches them over the internet. There is no default: NetworkPolicies add up, and a default of every address would re-open '
      + 'the egress that NamespaceIsolation denies.'],
    ['cloudApiCidrs 0.0.0.0/0 without the opt-in', () => externalSecretsEgressManifest({ providers: [aws()], apiServer: { cidrs: ['10.0.0.0/16'] }, cloudApiCidrs: ['0.0.0.0/0'] }),
      'ExternalSecretsEgressPolicy: cloudApiCidrs covers every IPv4 address ("0.0.0.0/0") on TCP port 443'],
    ['API server and cloud CIDRs that add up to every address on 443', () => externalSecretsEgressManifest({ providers: [aws()], apiServer: { cidrs: ['0.0.0.0/1'] }, cloudApiCidrs: ['128.0.0.0/1'] }),
      'ExternalSecretsEgressPolicy: apiServer.cidrs and cloudApiCidrs together cover every IPv4 address ("0.0.0.0/1", "128.0.0.0/1") on TCP port 443'],
    ['a string in additionalEgress', () => externalSecretsEgressManifest({ providers: [aws()], apiServer: { cidrs: ['10.0.0.0/16'] }, cloudApiCidrs: ['10.0.128.0/24'], additionalEgress: ['169.254.170.23' as any] }),
      'ExternalSecretsEgressPolicy: additionalEgress[0] must be an EgressTarget (e.g. EgressTarget.eksPodIdentityAgent() or EgressTarget.cidrs(["10.0.0.0/16"], [{ port: 443 }])); received a string "169.254.170.23".'],
    ['an empty cloudApiCidrs', () => externalSecretsEgressManifest({ providers: [aws()], apiServer: { cidrs: ['10.0.0.0/16'] }, cloudApiCidrs: [] }),
      'ExternalSecretsEgressPolicy: cloudApiCidrs is empty, but an AWS, Google or Azure provider is used; ESO must reach its API on 443. Give the CIDRs of its endpoints.'],
  ])('refuses %s', (_, build, message) => {
    expect(build).toThrow(message);
  });
});
