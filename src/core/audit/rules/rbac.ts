/**
 * KSS-RBAC: who can read Secrets.
 * @module
 */
import { AuditContext, AuditHit, AuditObject, SecretsAuditRule } from '../types';
import { describeObject, isObj, list, obj, str } from '../util';

const SECRET_READER = 'SecretReader (get on named Secrets only, in one namespace, bound to one ServiceAccount)';

interface PolicyRuleView {
  readonly index: number;
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames: string[];
}

function strings(value: unknown): string[] {
  return list(value).filter((v): v is string => typeof v === 'string');
}

function rulesOf(role: AuditObject): PolicyRuleView[] {
  return list(role.manifest.rules).flatMap((r, index) => (isObj(r) ? [{
    index,
    apiGroups: strings(r.apiGroups),
    resources: strings(r.resources),
    verbs: strings(r.verbs),
    resourceNames: strings(r.resourceNames),
  }] : []));
}

/** Whether a PolicyRule covers core `secrets` (group "" or "*", resource "secrets" or "*"). */
function coversSecrets(r: PolicyRuleView): boolean {
  return (r.apiGroups.includes('') || r.apiGroups.includes('*')) && (r.resources.includes('secrets') || r.resources.includes('*'));
}

const READ_VERBS = ['get', 'list', 'watch', '*'];

/** Whether a role grants reading Secrets (get, list, watch or *). */
function readsSecrets(role: AuditObject): boolean {
  return rulesOf(role).some(r => coversSecrets(r) && r.verbs.some(v => READ_VERBS.includes(v)));
}

function roles(context: AuditContext): AuditObject[] {
  return [...context.ofKind('Role', 'ClusterRole')];
}

/** The role a binding refers to, when it is in the input. */
function boundRole(context: AuditContext, binding: AuditObject): AuditObject | undefined {
  const ref = obj(binding.manifest.roleRef);
  const kind = str(ref.kind);
  const name = str(ref.name);
  return context.ofKind(kind ?? '').find(r => r.name === name && (kind === 'ClusterRole' || r.namespace === binding.namespace));
}

function roleRuleHits(context: AuditContext, pick: (r: PolicyRuleView, role: AuditObject) => string | undefined): AuditHit[] {
  return roles(context).flatMap(role => rulesOf(role).flatMap(r => {
    const message = pick(r, role);
    return message === undefined ? [] : [{ object: role, field: `rules[${r.index}]`, message: `rules[${r.index}] of ${describeObject(role)} ${message}` }];
  }));
}

const ESCALATION_VERBS = ['impersonate', 'bind', 'escalate'];

/**
 * The rules of this family (part of AUDIT_RULES).
 * @internal
 */
export const RBAC_RULES: readonly SecretsAuditRule[] = [
  {
    id: 'KSS-RBAC-001',
    family: 'RBAC',
    severity: 'high',
    title: 'list or watch on Secrets',
    description: 'A Role or ClusterRole that grants list or watch on secrets.',
    why: 'list and watch return the objects with their values, every Secret of the namespace (or cluster), whatever resourceNames says for list without a field selector (https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets: "granting list access to Secrets ... allow[s] the subject to retrieve the contents").',
    fix: `Grant get on the named Secrets only: ${SECRET_READER}.`,
    check: context => roleRuleHits(context, r => {
      const verbs = r.verbs.filter(v => v === 'list' || v === 'watch');
      return coversSecrets(r) && verbs.length > 0 ? `grants ${verbs.map(v => JSON.stringify(v)).join(' and ')} on secrets: the response carries every Secret's values.` : undefined;
    }),
  },
  {
    id: 'KSS-RBAC-002',
    family: 'RBAC',
    severity: 'high',
    title: 'Wildcard that covers Secrets',
    description: 'A Role or ClusterRole rule whose apiGroups, resources or verbs is "*" and that thereby covers secrets.',
    why: 'A wildcard grants every current and future resource or verb, Secrets included (https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege: "avoid wildcard permissions").',
    fix: `Name the resources and verbs; for Secrets use ${SECRET_READER}.`,
    check: context => roleRuleHits(context, r => {
      const wild = (['apiGroups', 'resources', 'verbs'] as const).filter(f => r[f].includes('*'));
      return coversSecrets(r) && wild.length > 0 && r.verbs.length > 0 ? `has "*" in ${wild.join(', ')} and so covers secrets (verbs ${JSON.stringify(r.verbs)}).` : undefined;
    }),
  },
  {
    id: 'KSS-RBAC-003',
    family: 'RBAC',
    severity: 'medium',
    title: 'get on every Secret (no resourceNames)',
    description: 'A Role or ClusterRole rule that grants get on secrets without resourceNames.',
    why: 'Without resourceNames, get reaches every Secret in scope, including ServiceAccount tokens and other teams\' credentials (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources).',
    fix: `List the Secrets in resourceNames: ${SECRET_READER}.`,
    check: context => roleRuleHits(context, r => (coversSecrets(r) && r.verbs.includes('get') && r.resourceNames.length === 0
      ? 'grants "get" on secrets without resourceNames: every Secret in scope.' : undefined)),
  },
  {
    id: 'KSS-RBAC-004',
    family: 'RBAC',
    severity: 'medium',
    title: 'resourceNames on verbs it cannot narrow',
    description: 'A rule on secrets with resourceNames that also grants create or deletecollection, which resourceNames does not restrict.',
    why: 'The authorizer cannot restrict create or deletecollection by name (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources: "You cannot restrict create or deletecollection requests by their resource name"): the rule grants them on every Secret.',
    fix: `Split the rule: named get in one (${SECRET_READER}), and create (if needed at all) in a separate, reviewed rule.`,
    check: context => roleRuleHits(context, r => {
      const verbs = r.verbs.filter(v => v === 'create' || v === 'deletecollection');
      return coversSecrets(r) && r.resourceNames.length > 0 && verbs.length > 0
        ? `limits secrets to resourceNames ${JSON.stringify(r.resourceNames)} but also grants ${verbs.map(v => JSON.stringify(v)).join(' and ')}, which resourceNames does not narrow.` : undefined;
    }),
  },
  {
    id: 'KSS-RBAC-005',
    family: 'RBAC',
    severity: 'high',
    title: 'Secret access bound cluster-wide',
    description: 'A ClusterRoleBinding to a ClusterRole (in the input) that reads Secrets: the grant holds in every namespace.',
    why: 'A ClusterRoleBinding grants its ClusterRole in all namespaces, current and future (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding).',
    fix: `Bind in the namespace of the Secrets with a RoleBinding: ${SECRET_READER}.`,
    check: context => context.ofKind('ClusterRoleBinding').flatMap(b => {
      const role = boundRole(context, b);
      return role && readsSecrets(role) ? [{ object: b, field: 'roleRef', message: `roleRef of ${describeObject(b)} binds ${describeObject(role)}, which reads secrets, in every namespace.` }] : [];
    }),
  },
  {
    id: 'KSS-RBAC-006',
    family: 'RBAC',
    severity: 'medium',
    title: 'Secret access bound to the default ServiceAccount',
    description: 'A RoleBinding or ClusterRoleBinding that grants a role reading Secrets (in the input) to a ServiceAccount named default.',
    why: 'Every pod that names no ServiceAccount runs as default, so the grant reaches every such pod of the namespace (https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts).',
    fix: 'Give the workload its own ServiceAccount (SecureServiceAccount) and bind that one (SecretReader).',
    check: context => context.ofKind('RoleBinding', 'ClusterRoleBinding').flatMap(b => {
      const role = boundRole(context, b);
      if (!role || !readsSecrets(role)) {
        return [];
      }
      return list(b.manifest.subjects).flatMap((s, i): AuditHit[] => (isObj(s) && s.kind === 'ServiceAccount' && s.name === 'default'
        ? [{ object: b, field: `subjects[${i}]`, message: `subjects[${i}] of ${describeObject(b)} is the ServiceAccount "default"${typeof s.namespace === 'string' ? ` of ${JSON.stringify(s.namespace)}` : ''}, which every pod without its own ServiceAccount uses; it gets ${describeObject(role)} (reads secrets).` }] : []));
    }),
  },
  {
    id: 'KSS-RBAC-007',
    family: 'RBAC',
    severity: 'high',
    title: 'Escalation verbs next to Secret access',
    description: 'A Role or ClusterRole that reads Secrets and also grants impersonate, bind or escalate.',
    why: 'impersonate lets the subject act as any user or ServiceAccount, bind and escalate let it grant itself any role (https://kubernetes.io/docs/concepts/security/rbac-good-practices/#escalate-verb, #bind-verb, #impersonate-verb): together with Secret access there is no boundary left.',
    fix: `Keep Secret access in its own role (${SECRET_READER}) and escalation verbs out of workload roles.`,
    check: context => roles(context).flatMap(role => {
      if (!readsSecrets(role)) {
        return [];
      }
      return rulesOf(role).flatMap((r): AuditHit[] => {
        const verbs = r.verbs.filter(v => ESCALATION_VERBS.includes(v));
        return verbs.length > 0 ? [{ object: role, field: `rules[${r.index}].verbs`, message: `rules[${r.index}].verbs of ${describeObject(role)} grants ${verbs.map(v => JSON.stringify(v)).join(', ')} in a role that also reads secrets.` }] : [];
      });
    }),
  },
];
