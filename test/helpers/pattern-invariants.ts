/**
 * The invariants every pattern's whole output must keep (issue 13 acceptance), checked over a list of
 * plain manifests (a cdk8s synth, or `kubernetesManifests()` under Pulumi mocks). Independent of the
 * code under test where it can be: RBAC and ServiceAccounts are read as Kubernetes reads them,
 * NetworkPolicies through the evaluator of test/helpers/netpol.ts; the plaintext detector and the
 * Reloader entry are the core's (they are the rule itself, and have their own tests).
 *
 * - no `list`/`watch`/wildcard verb on Secrets, and every rule on Secrets names exact, non-empty
 *   `resourceNames` (no `*`);
 * - every ServiceAccount has `automountServiceAccountToken: false`;
 * - every Secret a Deployment/StatefulSet/DaemonSet consumes is listed in its Reloader annotation with
 *   the exact entry (and, with `exactReloader`, the annotation lists nothing else);
 * - every namespace the output touches is default-deny in both directions (a policy selecting every pod
 *   with both policy types, and an unlabelled probe pod can neither send out nor be reached);
 * - no manifest carries a plaintext secret value;
 * - every manifest validates strictly against the vendored upstream schemas (test/helpers/schema.ts).
 *
 * For every pattern: CloudNativeSecrets, GitOpsSecrets, EnterpriseVault, Hybrid.
 */
import { egressAllowed, ingressAllowed } from './netpol';
import { manifestProblems } from './schema';
import { plaintextSecretKeys } from '../../src/core/gitops/plaintext';
import { RELOADABLE_KINDS, RELOADER_SECRET_ANNOTATION, reloaderEntry, secretsConsumedByPodSpec } from '../../src/core/workload/reloader';

/** Options of {@link patternInvariantProblems}. */
export interface PatternInvariantOptions {
  /**
   * Namespaces that need not be default-deny (e.g. a namespace the user owns and isolates).
   * @default - none
   */
  readonly exemptNamespaces?: readonly string[];
  /**
   * Whether a Reloader annotation may list only entries of Secrets the workload consumes.
   * @default true
   */
  readonly exactReloader?: boolean;
  /**
   * Whether to validate every manifest against the upstream schemas.
   * @default true
   */
  readonly schema?: boolean;
}

const SECRET_VERB_DENY = new Set(['list', 'watch', '*', 'deletecollection']);
const RBAC_KINDS = new Set(['Role', 'ClusterRole']);

function where(m: any): string {
  const ns = m?.metadata?.namespace;
  return `${m?.kind} ${ns === undefined ? '' : `${ns}/`}${m?.metadata?.name}`;
}

function coversSecrets(rule: any): boolean {
  const groups: unknown[] = Array.isArray(rule?.apiGroups) ? rule.apiGroups : [];
  const resources: unknown[] = Array.isArray(rule?.resources) ? rule.resources : [];
  return groups.some(g => g === '' || g === '*') && resources.some(r => r === 'secrets' || r === '*' || (typeof r === 'string' && r.startsWith('secrets/')));
}

function rbacProblems(m: any): string[] {
  const problems: string[] = [];
  if (m.aggregationRule !== undefined) {
    problems.push(`${where(m)}: aggregates other ClusterRoles (what it grants is not in the manifest)`);
  }
  (Array.isArray(m.rules) ? m.rules : []).forEach((rule: any, i: number) => {
    if (!coversSecrets(rule)) {
      return;
    }
    const verbs: unknown[] = Array.isArray(rule.verbs) ? rule.verbs : [];
    const bad = verbs.filter(v => typeof v !== 'string' || SECRET_VERB_DENY.has(v));
    if (bad.length > 0) {
      problems.push(`${where(m)}: rules[${i}] grants ${JSON.stringify(bad)} on Secrets`);
    }
    const names: unknown[] = Array.isArray(rule.resourceNames) ? rule.resourceNames : [];
    if (names.length === 0) {
      problems.push(`${where(m)}: rules[${i}] on Secrets has no resourceNames (it covers every Secret)`);
    }
    if (names.some(n => typeof n !== 'string' || n === '' || n.includes('*'))) {
      problems.push(`${where(m)}: rules[${i}] on Secrets has a non-exact resourceName ${JSON.stringify(names)}`);
    }
  });
  return problems;
}

function podSpecOf(m: any): any {
  if (m.kind === 'CronJob') {
    return m.spec?.jobTemplate?.spec?.template?.spec;
  }
  if (m.kind === 'Pod') {
    return m.spec;
  }
  return m.spec?.template?.spec;
}

function reloaderProblems(m: any, exact: boolean): string[] {
  if (!RELOADABLE_KINDS.includes(m.kind)) {
    return [];
  }
  const consumed = secretsConsumedByPodSpec(podSpecOf(m));
  const annotation: unknown = m.metadata?.annotations?.[RELOADER_SECRET_ANNOTATION];
  const entries = typeof annotation === 'string' ? annotation.split(',').map(s => s.trim()).filter(s => s !== '') : [];
  const problems: string[] = [];
  const missing = consumed.filter(name => !entries.includes(reloaderEntry(name)));
  if (missing.length > 0) {
    problems.push(`${where(m)}: consumes ${JSON.stringify(missing)} but its ${RELOADER_SECRET_ANNOTATION} annotation (${JSON.stringify(annotation ?? null)}) does not list them exactly`);
  }
  if (exact) {
    const wanted = new Set(consumed.map(reloaderEntry));
    const extra = entries.filter(e => !wanted.has(e));
    if (extra.length > 0) {
      problems.push(`${where(m)}: its Reloader annotation lists ${JSON.stringify(extra)}, which match no Secret it consumes`);
    }
  }
  return problems;
}

function selectsEveryPod(selector: any): boolean {
  return selector !== null && typeof selector === 'object'
    && Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

function defaultDenyProblems(namespace: string, policies: readonly any[]): string[] {
  const inNs = policies.filter(p => p.metadata?.namespace === namespace);
  const deny = inNs.some(p => selectsEveryPod(p.spec?.podSelector)
    && Array.isArray(p.spec?.policyTypes) && p.spec.policyTypes.includes('Ingress') && p.spec.policyTypes.includes('Egress'));
  const problems: string[] = [];
  if (!deny) {
    problems.push(`namespace ${namespace}: no NetworkPolicy selects every pod for both Ingress and Egress (not default-deny)`);
  }
  const probe = { namespace, labels: { 'invariant-probe': 'unlabelled' } };
  const stranger = { namespace: 'invariant-probe-elsewhere', labels: { 'invariant-probe': 'stranger' } };
  if (egressAllowed(inNs, { from: probe, to: { ip: '203.0.113.99' }, port: 8443 })) {
    problems.push(`namespace ${namespace}: a pod without the pattern's labels may send to 203.0.113.99:8443`);
  }
  if (egressAllowed(inNs, { from: probe, to: { pod: stranger }, port: 8443 })) {
    problems.push(`namespace ${namespace}: a pod without the pattern's labels may send to a pod of another namespace`);
  }
  if (ingressAllowed(inNs, { from: stranger, to: { pod: probe }, port: 8443 })) {
    problems.push(`namespace ${namespace}: a pod without the pattern's labels accepts connections from another namespace`);
  }
  return problems;
}

/** Every broken invariant in a pattern's output (empty when it keeps them all). */
export function patternInvariantProblems(manifests: readonly any[], options: PatternInvariantOptions = {}): string[] {
  const problems: string[] = [];
  if (manifests.length === 0) {
    return ['the pattern produced no manifests'];
  }
  const exempt = new Set(options.exemptNamespaces ?? []);
  const namespaces = new Set<string>();
  for (const m of manifests) {
    if (typeof m?.metadata?.namespace === 'string') {
      namespaces.add(m.metadata.namespace);
    }
    if (m?.kind === 'Namespace' && typeof m.metadata?.name === 'string') {
      namespaces.add(m.metadata.name);
    }
    if (RBAC_KINDS.has(m?.kind)) {
      problems.push(...rbacProblems(m));
    }
    if (m?.kind === 'ServiceAccount' && m.automountServiceAccountToken !== false) {
      problems.push(`${where(m)}: automountServiceAccountToken is ${JSON.stringify(m.automountServiceAccountToken ?? null)}, not false`);
    }
    problems.push(...reloaderProblems(m, options.exactReloader ?? true));
    const plaintext = plaintextSecretKeys(m);
    if (plaintext.length > 0) {
      problems.push(`${where(m)}: plaintext secret values in ${plaintext.join(', ')}`);
    }
    if (options.schema ?? true) {
      problems.push(...manifestProblems(m));
    }
  }
  const policies = manifests.filter(m => m?.kind === 'NetworkPolicy' && m.apiVersion === 'networking.k8s.io/v1');
  for (const namespace of [...namespaces].sort()) {
    if (!exempt.has(namespace)) {
      problems.push(...defaultDenyProblems(namespace, policies));
    }
  }
  return problems;
}

/** Throw, listing every broken invariant, unless the pattern's output keeps them all. */
export function expectPatternInvariants(manifests: readonly any[], options: PatternInvariantOptions = {}): void {
  const problems = patternInvariantProblems(manifests, options);
  if (problems.length > 0) {
    throw new Error(`the pattern's output breaks its invariants:\n  ${problems.join('\n  ')}`);
  }
}
