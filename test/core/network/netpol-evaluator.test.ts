/**
 * The test helper's NetworkPolicy evaluator and validator must themselves be right: these cases pin the
 * Kubernetes semantics they implement (https://kubernetes.io/docs/concepts/services-networking/network-policies/)
 * and the API server's refusals they port (kubernetes/kubernetes pkg/apis/networking/validation/validation.go).
 */
import { Connection, connectionAllowed, egressAllowed, ingressAllowed, networkPolicyProblems, selectorMatches } from '../../helpers/netpol';

const np = (namespace: string, spec: Record<string, unknown>) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p', namespace }, spec });
const A = { namespace: 'a', labels: { app: 'x' } };
const conn = (to: Connection['to'], port = 443, protocol: Connection['protocol'] = 'TCP'): Connection => ({ from: A, to, port, protocol });

describe('NetworkPolicy evaluator', () => {
  test('no policy selecting the pod: everything allowed', () => {
    expect(egressAllowed([np('b', { podSelector: {}, policyTypes: ['Egress'] })], conn({ ip: '1.2.3.4' }))).toBe(true);
    expect(egressAllowed([np('a', { podSelector: { matchLabels: { app: 'y' } }, policyTypes: ['Egress'] })], conn({ ip: '1.2.3.4' }))).toBe(true);
  });

  test('isolation per direction; policyTypes defaults to Ingress (plus Egress when egress rules exist)', () => {
    expect(egressAllowed([np('a', { podSelector: {} })], conn({ ip: '1.2.3.4' }))).toBe(true);
    expect(egressAllowed([np('a', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] })], conn({ ip: '1.2.3.4' }))).toBe(false);
    expect(egressAllowed([np('a', { podSelector: {}, policyTypes: ['Ingress'] })], conn({ ip: '1.2.3.4' }))).toBe(true);
    expect(egressAllowed([np('a', { podSelector: {}, policyTypes: ['Egress'] })], conn({ ip: '1.2.3.4' }))).toBe(false);
  });

  test('the union of the rules of every selecting policy; an empty rule allows everything', () => {
    const deny = np('a', { podSelector: {}, policyTypes: ['Egress'] });
    const allowAll = np('a', { podSelector: { matchLabels: { app: 'x' } }, policyTypes: ['Egress'], egress: [{}] });
    expect(egressAllowed([deny, allowAll], conn({ ip: '1.2.3.4' }, 22))).toBe(true);
    const emptyTo = np('a', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [], ports: [{ port: 443 }] }] });
    expect(egressAllowed([deny, emptyTo], conn({ ip: '1.2.3.4' }, 443))).toBe(true);
    expect(egressAllowed([deny, emptyTo], conn({ ip: '1.2.3.4' }, 80))).toBe(false);
  });

  test('ipBlock: cidr minus except, per family', () => {
    const p = [np('a', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.1.0/24'] } }] }] })];
    expect(egressAllowed(p, conn({ ip: '10.0.2.1' }))).toBe(true);
    expect(egressAllowed(p, conn({ ip: '10.0.1.1' }))).toBe(false);
    expect(egressAllowed(p, conn({ ip: '10.1.0.1' }))).toBe(false);
    expect(egressAllowed(p, conn({ ip: 'fd00::1' }))).toBe(false);
  });

  test('ports: protocol defaults to TCP, endPort ranges, no ports = every port', () => {
    const p = [np('a', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 8000, endPort: 8010 }] }] })];
    expect(egressAllowed(p, conn({ ip: '1.1.1.1' }, 53, 'UDP'))).toBe(true);
    expect(egressAllowed(p, conn({ ip: '1.1.1.1' }, 53, 'TCP'))).toBe(false);
    expect(egressAllowed(p, conn({ ip: '1.1.1.1' }, 8010))).toBe(true);
    expect(egressAllowed(p, conn({ ip: '1.1.1.1' }, 8011))).toBe(false);
  });

  test('selectors: podSelector alone means the policy namespace; both means AND; separate peers mean OR', () => {
    const pod = (namespace: string, labels: Record<string, string>) => ({ pod: { namespace, labels } });
    const same = [np('a', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { role: 'db' } } }] }] })];
    expect(egressAllowed(same, conn(pod('a', { role: 'db' })))).toBe(true);
    expect(egressAllowed(same, conn(pod('b', { role: 'db' })))).toBe(false);
    const and = [np('a', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'b' } }, podSelector: { matchLabels: { role: 'db' } } }] }] })];
    expect(egressAllowed(and, conn(pod('b', { role: 'db' })))).toBe(true);
    expect(egressAllowed(and, conn(pod('b', { role: 'web' })))).toBe(false);
    expect(egressAllowed(and, conn(pod('a', { role: 'db' })))).toBe(false);
    const or = [np('a', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'b' } } }, { podSelector: { matchLabels: { role: 'db' } } }] }] })];
    expect(egressAllowed(or, conn(pod('b', { role: 'web' })))).toBe(true);
    expect(egressAllowed(or, conn(pod('a', { role: 'db' })))).toBe(true);
    expect(egressAllowed(or, conn(pod('c', { role: 'db' })))).toBe(false);
  });

  test('matchExpressions', () => {
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] }, { tier: 'b' })).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] }, {})).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['a'] }] }, {})).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['a'] }] }, { tier: 'a' })).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, { tier: '' })).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, { tier: '' })).toBe(false);
    expect(selectorMatches({}, { any: 'thing' })).toBe(true);
  });

  test('ingress is decided at the destination', () => {
    const b = { namespace: 'b', labels: { app: 'db' } };
    const p = [np('b', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'a' } } }], ports: [{ port: 5432 }] }] })];
    expect(ingressAllowed(p, { from: A, to: { pod: b }, port: 5432 })).toBe(true);
    expect(connectionAllowed(p, { from: { namespace: 'c' }, to: { pod: b }, port: 5432 })).toBe(false);
    expect(connectionAllowed(p, { from: A, to: { pod: b }, port: 22 })).toBe(false);
  });
});

describe('the API server\'s NetworkPolicy validation (ported)', () => {
  const egress = (peer: Record<string, unknown>, ports?: unknown[]) => ({ spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [peer], ...(ports ? { ports } : {}) }] } });
  test.each<[string, Record<string, unknown>, string[]]>([
    ['a valid block with a strict subset', egress({ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.1.0/24'] } }), []],
    ['an except equal to its cidr', egress({ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.0.0/16'] } }),
      ['spec.egress[0].to[0].ipBlock.except[0]: Invalid value "10.0.0.0/16": must be a strict subset of `cidr`']],
    ['an except outside its cidr', egress({ ipBlock: { cidr: '10.0.64.0/20', except: ['10.0.1.15/32'] } }),
      ['spec.egress[0].to[0].ipBlock.except[0]: Invalid value "10.0.1.15/32": must be a strict subset of `cidr`']],
    ['an except of the other family', egress({ ipBlock: { cidr: '0.0.0.0/0', except: ['fd00::1/128'] } }),
      ['spec.egress[0].to[0].ipBlock.except[0]: Invalid value "fd00::1/128": must be a strict subset of `cidr`']],
    ['host bits', egress({ ipBlock: { cidr: '10.0.0.1/16' } }), ['spec.egress[0].to[0].ipBlock.cidr: Invalid value "10.0.0.1/16": must not have bits set beyond the prefix length']],
    ['an IPv4-mapped address', egress({ ipBlock: { cidr: '::ffff:10.0.0.0/104' } }),
      ['spec.egress[0].to[0].ipBlock.cidr: Invalid value "::ffff:10.0.0.0/104": must not have an IPv4-mapped IPv6 address']],
    ['a leading zero in the prefix', egress({ ipBlock: { cidr: '10.0.0.0/016' } }),
      ['spec.egress[0].to[0].ipBlock.cidr: Invalid value "10.0.0.0/016": must not have leading 0s in IP or prefix length']],
    ['a bare address', egress({ ipBlock: { cidr: '10.0.0.1' } }), ['spec.egress[0].to[0].ipBlock.cidr: Invalid value "10.0.0.1": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
    ['ipBlock with a selector', egress({ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }), ['spec.egress[0].to[0]: Forbidden: may not specify both ipBlock and another peer']],
    ['an empty peer', egress({}), ['spec.egress[0].to[0]: Required value: must specify a peer']],
    ['endPort below port', egress({ podSelector: {} }, [{ port: 9000, endPort: 8000 }]), ['spec.egress[0].ports[0].endPort: Invalid value 8000: must be greater than or equal to `port`']],
    ['endPort without port', egress({ podSelector: {} }, [{ endPort: 8000 }]), ['spec.egress[0].ports[0].endPort: Invalid value 8000: may not be specified when `port` is not specified']],
  ])('%s', (_, manifest, problems) => {
    expect(networkPolicyProblems(manifest)).toEqual(problems);
  });
});
