/**
 * ClusterSPIFFEID (spire.spiffe.io/v1alpha1), validated against the vendored spire-controller-manager
 * v0.6.6 CRD.
 */
import { clusterSpiffeIdForServiceAccount, clusterSpiffeIdManifest } from '../../../src/core';
import { expectValidManifests } from '../../helpers/schema';

const base = { name: 'payments', trustDomain: 'example.org', podSelector: { matchLabels: { app: 'payment-api' } }, namespaces: ['payments'] };

describe('ClusterSPIFFEID', () => {
  test('the default: one ID per namespace and ServiceAccount, TTLs written', () => {
    const m = clusterSpiffeIdManifest(base);
    expectValidManifests([m]);
    expect(m.metadata).toEqual({ name: 'payments' });
    expect(m.spec).toEqual({
      spiffeIDTemplate: 'spiffe://example.org/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
      podSelector: { matchLabels: { app: 'payment-api' } },
      namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['payments'] }] },
      ttl: '1h',
      jwtTtl: '5m',
    });
  });

  test('selectors are never empty and never match everything', () => {
    expect(() => clusterSpiffeIdManifest({ ...base, podSelector: {} }))
      .toThrow('ClusterSPIFFEID: podSelector {} matches a pod without labels, so it hands the ID to any pod anyone starts there; select by a label the workload carries (matchLabels or In).');
    expect(() => clusterSpiffeIdManifest({ ...base, podSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['x'] }] } }))
      .toThrow('ClusterSPIFFEID: podSelector {"matchExpressions":[{"key":"app","operator":"NotIn","values":["x"]}]} matches a pod without labels');
    expect(() => clusterSpiffeIdManifest({ ...base, podSelector: undefined as never }))
      .toThrow('ClusterSPIFFEID: podSelector is missing; without it the ID goes to every pod of the namespaces.');
    expect(() => clusterSpiffeIdManifest({ ...base, namespaces: undefined }))
      .toThrow('ClusterSPIFFEID: namespaces and namespaceSelector are both missing: the controller would apply the ID in every namespace. Name the namespaces, or set allowAllNamespaces: true.');
    expect(() => clusterSpiffeIdManifest({ ...base, namespaces: undefined, namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] } }))
      .toThrow('ClusterSPIFFEID: namespaceSelector {"matchExpressions":[{"key":"team","operator":"DoesNotExist"}]} matches every namespace');
    expect(() => clusterSpiffeIdManifest({ ...base, namespaces: ['kube-system'] }))
      .toThrow('ClusterSPIFFEID: namespaces[0] "kube-system" is the namespace of the cluster\'s own controllers');
    const all = clusterSpiffeIdManifest({ ...base, namespaces: undefined, allowAllNamespaces: true });
    expectValidManifests([all]);
    expect(all.spec.namespaceSelector).toBeUndefined();
    expect(() => clusterSpiffeIdManifest({ ...base, namespaces: undefined, allowAllNamespaces: 'true' as never }))
      .toThrow('ClusterSPIFFEID: allowAllNamespaces must be the boolean true to opt in');
  });

  test('template, TTL bounds, federation', () => {
    expect(() => clusterSpiffeIdManifest({ ...base, spiffeIdPath: '/payments' }))
      .toThrow('ClusterSPIFFEID: spiffeIdPath "/payments" does not contain {{ .PodSpec.ServiceAccountName }}: every selected pod, whatever its ServiceAccount, would get the same identity.');
    expect(clusterSpiffeIdManifest({ ...base, spiffeIdPath: '/payments', allowSharedIdentity: true }).spec.spiffeIDTemplate).toBe('spiffe://example.org/payments');
    expect(() => clusterSpiffeIdManifest({ ...base, spiffeIdPath: '/ns/{{ .PodMeta.Namespace }/sa/{{ .PodSpec.ServiceAccountName }}' }))
      .toThrow('ClusterSPIFFEID: spiffeIdPath "/ns/{{ .PodMeta.Namespace }/sa/{{ .PodSpec.ServiceAccountName }}" must be a path starting with "/" after spiffe://example.org, with balanced {{ }} template actions and no spaces outside them.');
    expect(() => clusterSpiffeIdManifest({ ...base, ttl: '720h' }))
      .toThrow('ClusterSPIFFEID: ttl "720h" is outside 5m to 24h: a short-lived SVID limits what a stolen one is worth, and a very short one overloads the SPIRE server.');
    expect(() => clusterSpiffeIdManifest({ ...base, jwtTtl: '10s' })).toThrow('ClusterSPIFFEID: jwtTtl "10s" is outside 1m to 1h');
    expect(() => clusterSpiffeIdManifest({ ...base, trustDomain: 'spiffe://example.org' }))
      .toThrow('ClusterSPIFFEID: trustDomain "spiffe://example.org" is not a SPIFFE trust domain: lower-case letters, digits, ".", "-" and "_" (e.g. "example.org"), without "spiffe://".');
    expect(() => clusterSpiffeIdManifest({ ...base, federatesWith: ['partner.example', 'example.org'] }))
      .toThrow('ClusterSPIFFEID: federatesWith[1] "example.org" is the own trust domain; list only the foreign trust domains to federate with.');
    const fed = clusterSpiffeIdManifest({ ...base, federatesWith: ['partner.example'] });
    expectValidManifests([fed]);
    expect(fed.spec.federatesWith).toEqual(['partner.example']);
  });

  test('derived from a ServiceAccount: its namespace and k8s:sa selector', () => {
    const options = clusterSpiffeIdForServiceAccount({ serviceAccountName: 'payment-api', serviceAccountNamespace: 'payments' }, { trustDomain: 'example.org', podSelector: { matchLabels: { app: 'payment-api' } } });
    const m = clusterSpiffeIdManifest(options);
    expectValidManifests([m]);
    expect(m.metadata.name).toBe('payments-payment-api');
    expect(m.spec.namespaceSelector).toEqual({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['payments'] }] });
    expect(m.spec.workloadSelectorTemplates).toEqual(['k8s:sa:payment-api']);
    expect(() => clusterSpiffeIdForServiceAccount({ serviceAccountName: 'default', serviceAccountNamespace: 'payments' }, { trustDomain: 'example.org', podSelector: { matchLabels: { a: 'b' } } }))
      .toThrow('clusterSpiffeIdForServiceAccount: serviceAccount "default" is the ServiceAccount of every pod that names none');
    expect(() => clusterSpiffeIdForServiceAccount({ serviceAccountName: 'x' }, { trustDomain: 'example.org', podSelector: { matchLabels: { a: 'b' } } }))
      .toThrow('clusterSpiffeIdForServiceAccount: serviceAccount "x" has no namespace; pass a SecureServiceAccount (it knows its namespace).');
  });
});
