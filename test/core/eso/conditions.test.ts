/**
 * ClusterSecretStore conditions, evaluated as ESO v2.9 evaluates them
 * (external-secrets/external-secrets `pkg/controllers/secretstore/client_manager.go`, `shouldProcessSecret`,
 * tag v2.9.0): any condition, any part; `namespaces` as the selector kubernetes.io/metadata.name=<name>;
 * `namespaceRegexes` with the unanchored `regexp.MatchString`; label selectors with
 * `metav1.LabelSelectorAsSelector` (k8s.io/apimachinery `pkg/labels/selector.go`).
 */
import { ClusterSecretStoreCondition, clusterSecretStoreManifest } from '../../../src/core';
import { namespaceProbes } from '../../../src/core/eso/probes';
import { SecretStoreProvider } from '../../../src/core/eso/provider';
import { compileGoRegex } from '../../../src/core/validate/re2';
import { expectValidManifests } from '../../helpers/schema';

const NAMESPACE_PROBES = namespaceProbes();

const provider = () => SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' });
const build = (conditions: unknown) => clusterSecretStoreManifest({ name: 'shared', provider: provider(), conditions: conditions as ClusterSecretStoreCondition[] });
const regexes = (...namespaceRegexes: string[]) => build([{ namespaceRegexes }]);
const selector = (namespaceSelector: unknown) => build([{ namespaceSelector }]);

describe('the probe namespaces', () => {
  test('are valid, distinct DNS-1123 labels, with single characters, system namespaces, near misses and every length', () => {
    expect(new Set(NAMESPACE_PROBES).size).toBe(NAMESPACE_PROBES.length);
    for (const ns of NAMESPACE_PROBES) {
      expect(ns).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(ns.length).toBeLessThanOrEqual(63);
    }
    expect(NAMESPACE_PROBES).toEqual(expect.arrayContaining(['a', 'z', '0', '9', 'default', 'kube-system', 'evil-payments-copy', 'a'.repeat(63)]));
    for (let length = 1; length <= 63; length++) {
      expect(NAMESPACE_PROBES.some(ns => ns.length === length)).toBe(true);
    }
    expect(NAMESPACE_PROBES.length).toBeGreaterThan(400);
  });
});

describe('namespaceRegexes', () => {
  test('ESO matches unanchored: "payments" admits "evil-payments-copy" (the reason for the anchoring rule)', () => {
    expect(compileGoRegex('X', 'p', 'payments').find('evil-payments-copy')).toBe(true);
    expect(() => regexes('payments')).toThrow('ClusterSecretStore: conditions[0].namespaceRegexes[0] "payments" is not anchored: ESO matches namespaceRegexes anywhere in the namespace name (Go regexp.MatchString), so it also admits "evil-payments-copy". Write the anchored form "^payments$".');
  });

  test.each([
    ['^payments', '"^payments" is not anchored: ESO matches namespaceRegexes anywhere in the namespace name (Go regexp.MatchString), so it also admits "payments-copy". Write the anchored form "^payments$".'],
    ['payments$', '"payments$" is not anchored: ESO matches namespaceRegexes anywhere in the namespace name (Go regexp.MatchString), so it also admits "copy-of-payments". Write the anchored form "^payments$".'],
    ['^team-a$|^team-b', '"^team-a$|^team-b" is not anchored: ESO matches namespaceRegexes anywhere in the namespace name (Go regexp.MatchString). Write the anchored form "^(?:^team-a$|^team-b)$".'],
  ])('refuses the unanchored %s with its anchored form', (source, detail) => {
    expect(() => regexes(source)).toThrow(`ClusterSecretStore: conditions[0].namespaceRegexes[0] ${detail}`);
  });

  test('anchored expressions are written as given', () => {
    const css = regexes('^payments$', '^payments-[a-z0-9-]+$', '^(?:orders|billing)$');
    expect(css.spec.conditions).toEqual([{ namespaceRegexes: ['^payments$', '^payments-[a-z0-9-]+$', '^(?:orders|billing)$'] }]);
    expectValidManifests([css]);
  });

  // Decided by evaluating each expression against the probe namespaces, not by its spelling.
  test.each(['.*', '^.*$', '^.+$', '.*?', '[a-z0-9]', 'a|.*', '^[a-z0-9-]*$', '^(?:[a-z0-9]|[a-z0-9][-a-z0-9]*[a-z0-9])$', '^', '$', '(?s).', '\\w', '[^A-Z]', '^.{1,63}$', '^[^_]+$'])(
    'refuses %s, which matches every namespace', source => {
      expect(() => regexes(source)).toThrow(`ClusterSecretStore: conditions[0].namespaceRegexes[0] ${JSON.stringify(source)} matches every namespace; use allowAllNamespaces: true if that is intended, or a narrower expression.`);
    });

  test.each([
    ['(?=payments)', 'invalid or unsupported Perl syntax: `(?=`'],
    ['^(?!kube-).+$', 'invalid or unsupported Perl syntax: `(?!`'],
    ['^(a)\\1$', 'invalid escape sequence: `\\1`'],
  ])('refuses %s as Go does (RE2)', (source, reason) => {
    expect(() => regexes(source)).toThrow(`ClusterSecretStore: conditions[0].namespaceRegexes[0] ${JSON.stringify(source)} is not a Go (RE2) regular expression (${reason}); Go's regexp (RE2) has no lookahead, lookbehind or back-references.`);
  });

  test('not a list, holes, non-strings', () => {
    expect(() => build([{ namespaceRegexes: '^payments$' }])).toThrow('ClusterSecretStore: conditions[0].namespaceRegexes must be a list of Go regular expressions; received a string "^payments$" (wrap a single value in [ ]).');
    // eslint-disable-next-line no-sparse-arrays
    expect(() => build([{ namespaceRegexes: ['^a$', , '^b$'] }])).toThrow('ClusterSecretStore: conditions[0].namespaceRegexes[1] is a hole in the list; every entry of conditions[0].namespaceRegexes must be Go regular expressions.');
    expect(() => build([{ namespaceRegexes: [42] }])).toThrow('ClusterSecretStore: conditions[0].namespaceRegexes[0] 42 is not a Go (RE2) regular expression; give a non-empty expression.');
  });
});

describe('namespaceSelector', () => {
  test('restricting selectors are written as given', () => {
    const sel = {
      matchLabels: { team: 'payments' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'staging'] },
        { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] },
        { key: 'quarantined', operator: 'DoesNotExist' },
      ],
    };
    const css = selector(sel);
    expect(css.spec.conditions).toEqual([{ namespaceSelector: sel }]);
    expectValidManifests([css]);
    expect(selector({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['payments', 'orders'] }] }).spec.conditions)
      .toEqual([{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['payments', 'orders'] }] } }]);
    expect(selector({ matchExpressions: [{ key: 'team', operator: 'Exists' }] }).spec.conditions).toHaveLength(1);
  });

  // Every namespace carries kubernetes.io/metadata.name=<name> and, until labelled, nothing else.
  test.each<[string, unknown]>([
    ['an empty selector', {}],
    ['Exists on kubernetes.io/metadata.name', { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'Exists' }] }],
    ['DoesNotExist on any label', { matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] }],
    ['DoesNotExist with empty values', { matchExpressions: [{ key: 'example.com/restricted', operator: 'DoesNotExist', values: [] }] }],
    ['NotIn on a label namespaces do not carry', { matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['payments'] }] }],
    ['NotIn with names no namespace can have', { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['Not_A_Namespace'] }] }],
    ['NotIn and DoesNotExist together', { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['x'] }, { key: 'b', operator: 'DoesNotExist' }] }],
  ])('refuses %s, which matches every namespace', (_, sel) => {
    expect(() => selector(sel)).toThrow(`ClusterSecretStore: conditions[0].namespaceSelector ${JSON.stringify(sel)} matches every namespace: every namespace carries "kubernetes.io/metadata.name" and, until someone labels it, no other label, so this selector admits any namespace anyone creates; use allowAllNamespaces: true if that is intended, or a narrower selector (e.g. matchLabels on a label you set on the allowed namespaces).`);
  });

  test.each<[string, unknown, string]>([
    ['an unknown operator', { matchExpressions: [{ key: 'team', operator: 'Equals', values: ['a'] }] },
      'ClusterSecretStore: conditions[0].namespaceSelector.matchExpressions[0].operator "Equals" is not a label selector operator; use "In", "NotIn", "Exists" or "DoesNotExist".'],
    ['In without values', { matchExpressions: [{ key: 'team', operator: 'In', values: [] }] },
      'ClusterSecretStore: conditions[0].namespaceSelector.matchExpressions[0].values is empty; "In" needs at least one value (Kubernetes refuses an empty set).'],
    ['NotIn with values missing', { matchExpressions: [{ key: 'team', operator: 'NotIn' }] },
      'ClusterSecretStore: conditions[0].namespaceSelector.matchExpressions[0].values must be a list of label values; received undefined.'],
    ['Exists with values', { matchExpressions: [{ key: 'team', operator: 'Exists', values: ['a'] }] },
      'ClusterSecretStore: conditions[0].namespaceSelector.matchExpressions[0].values must be empty for "Exists"; Kubernetes refuses values on Exists and DoesNotExist.'],
    ['a bad key', { matchExpressions: [{ key: 'bad key', operator: 'Exists' }] },
      'ClusterSecretStore: conditions[0].namespaceSelector.matchExpressions[0]["bad key"] is not a valid label key'],
    ['a bad value', { matchExpressions: [{ key: 'team', operator: 'In', values: ['ok', 'not ok'] }] },
      'ClusterSecretStore: conditions[0].namespaceSelector.matchExpressions[0].values[1]["team"] "not ok" is not a valid label value'],
    ['a bad matchLabels value', { matchLabels: { team: 'a b' } },
      'ClusterSecretStore: conditions[0].namespaceSelector.matchLabels["team"] "a b" is not a valid label value'],
    ['null', null, 'ClusterSecretStore: conditions[0].namespaceSelector must be a label selector { matchLabels?, matchExpressions? }; received null.'],
    ['matchExpressions as an object', { matchExpressions: { key: 'a' } },
      'ClusterSecretStore: conditions[0].namespaceSelector.matchExpressions must be a list of requirements { key, operator, values? }; received an object.'],
  ])('refuses %s as Kubernetes does', (_, sel, message) => {
    expect(() => selector(sel)).toThrow(message);
  });
});

describe('conditions together', () => {
  test('any condition, any part: names, selector and anchored regexes restrict together', () => {
    const conditions = [
      { namespaces: ['payments', 'orders'], namespaceRegexes: ['^payments-[a-z]+$'] },
      { namespaceSelector: { matchLabels: { 'eso.example.com/allowed': 'true' } } },
    ];
    const css = build(conditions);
    expect(css.spec.conditions).toEqual(conditions);
    expectValidManifests([css]);
  });

  test('refuses conditions whose union admits every namespace although each part restricts', () => {
    expect(() => build([{ namespaceRegexes: ['^[a-m].*$'] }, { namespaceRegexes: ['^[n-z0-9].*$'] }]))
      .toThrow('ClusterSecretStore: conditions together match every namespace (ESO admits a namespace that any condition admits); use allowAllNamespaces: true if that is intended, or a narrower set of conditions.');
    expect(() => build([{ namespaceRegexes: ['^[a-z].*$'], namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['a'] }] } }, { namespaces: ['a'] }]))
      .toThrow('ClusterSecretStore: conditions together match every namespace');
  });

  test('shapes: not a list, null entries, bad names', () => {
    expect(() => build('payments')).toThrow('ClusterSecretStore: conditions must be a list of conditions { namespaces?, namespaceSelector?, namespaceRegexes? }; received a string "payments" (wrap a single value in [ ]).');
    expect(() => build([null])).toThrow('ClusterSecretStore: conditions[0] is null; every entry of conditions must be conditions { namespaces?, namespaceSelector?, namespaceRegexes? }.');
    expect(() => build([{ namespaces: 'payments' }])).toThrow('ClusterSecretStore: conditions[0].namespaces must be a list of namespace names; received a string "payments" (wrap a single value in [ ]).');
    expect(() => build([{ namespaces: ['Payments'] }])).toThrow('ClusterSecretStore: conditions[0].namespaces[0] "Payments" is not a valid namespace name');
  });

  test('allowAllNamespaces only for the boolean true', () => {
    for (const value of ['true', 'false', 1, {}]) {
      expect(() => clusterSecretStoreManifest({ name: 'c', provider: provider(), allowAllNamespaces: value as unknown as boolean }))
        .toThrow(`ClusterSecretStore: allowAllNamespaces must be the boolean true to opt in, or false or unset; received ${typeof value === 'string' ? 'a string' : typeof value === 'number' ? 'a number' : 'an object'} ${JSON.stringify(value)}.`);
    }
    expect(() => clusterSecretStoreManifest({ name: 'c', provider: provider(), allowAllNamespaces: false }))
      .toThrow('ClusterSecretStore: conditions is missing; an unrestricted ClusterSecretStore');
    expect(clusterSecretStoreManifest({ name: 'c', provider: provider(), allowAllNamespaces: true }).spec.conditions).toBeUndefined();
  });
});
