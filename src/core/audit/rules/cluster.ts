/**
 * KSS-ENC and KSS-AUDIT: the API server's EncryptionConfiguration and audit Policy. The audit rules
 * evaluate the policy with the core auditBodyLeaks, the evaluator the auditPolicy builder holds its output to.
 * @module
 */
import { AuditRule as AuditPolicyRule, auditBodyLeaks } from '../../cluster/apiserver-config';
import { AuditHit, AuditObject, SecretsAuditRule } from '../types';
import { describeObject, isObj, list, obj } from '../util';

const ENC_FIX = 'encryptionConfiguration({ kms: { name, endpoint } }) (or the CLI\'s encryption-config): KMS v2 first, identity only last while migrating.';

/** The resources entries of an EncryptionConfiguration that cover Secrets, with their index. */
function secretEntries(o: AuditObject): Array<{ index: number; providers: unknown[] }> {
  return list(o.manifest.resources).flatMap((r, index) => {
    const resources = list(obj(r).resources);
    return resources.some(x => x === 'secrets' || x === '*.*' || x === '*.') ? [{ index, providers: list(obj(r).providers) }] : [];
  });
}

function encryptionConfigs(objects: readonly AuditObject[]): AuditObject[] {
  return objects.filter(o => o.kind === 'EncryptionConfiguration' && o.apiVersion.startsWith('apiserver.config.k8s.io/'));
}

function auditPolicies(objects: readonly AuditObject[]): AuditObject[] {
  return objects.filter(o => o.kind === 'Policy' && o.apiVersion.startsWith('audit.k8s.io/'));
}

function providerKind(p: unknown): string {
  return isObj(p) ? Object.keys(p)[0] ?? '' : '';
}

function providerHits(objects: readonly AuditObject[], pick: (provider: Record<string, unknown>, i: number) => string | undefined): AuditHit[] {
  return encryptionConfigs(objects).flatMap(o => secretEntries(o).flatMap(e => e.providers.flatMap((p, i): AuditHit[] => {
    const message = isObj(p) ? pick(p, i) : undefined;
    const field = `resources[${e.index}].providers[${i}]`;
    return message === undefined ? [] : [{ object: o, field, message: `${field} of ${describeObject(o)} ${message}` }];
  })));
}

function leaks(o: AuditObject, token: boolean): AuditHit[] {
  const rules = list(o.manifest.rules).filter(isObj) as unknown as AuditPolicyRule[];
  const found = auditBodyLeaks(rules).filter(l => (l.resource === 'serviceaccounts/token') === token);
  const byRule = new Map<number, string[]>();
  for (const l of found) {
    byRule.set(l.ruleIndex, [...(byRule.get(l.ruleIndex) ?? []), `${l.resource} ${l.verb}`]);
  }
  return [...byRule].map(([i, requests]) => ({
    object: o, field: `rules[${i}].level`, message: `rules[${i}].level of ${describeObject(o)} is ${JSON.stringify(obj(rules[i]).level)} and is the first rule to match ${[...new Set(requests)].join(', ')}: the request${token ? ' and response (the bearer token)' : ' bodies (the values)'} go into the audit log.`,
  }));
}

/**
 * The rules of this family (part of AUDIT_RULES).
 * @internal
 */
export const CLUSTER_RULES: readonly SecretsAuditRule[] = [
  {
    id: 'KSS-ENC-001',
    family: 'ENC',
    severity: 'high',
    title: 'Secrets written unencrypted (identity first)',
    description: 'An EncryptionConfiguration whose first provider for secrets is identity.',
    why: 'The first provider encrypts new writes; identity writes them in plaintext to etcd (https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/#understanding-the-encryption-at-rest-configuration).',
    fix: ENC_FIX,
    check: context => providerHits(context.objects, (p, i) => (i === 0 && providerKind(p) === 'identity' ? 'is identity, the first provider: Secrets are written to etcd unencrypted.' : undefined)),
  },
  {
    id: 'KSS-ENC-002',
    family: 'ENC',
    severity: 'medium',
    title: 'aescbc encryption provider',
    description: 'An EncryptionConfiguration with an aescbc provider for secrets.',
    why: 'Upstream rates aescbc weak: vulnerable to padding-oracle attacks (https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/#providers, "aescbc ... not recommended due to CBC\'s vulnerability to padding oracle attacks").',
    fix: ENC_FIX,
    check: context => providerHits(context.objects, p => (providerKind(p) === 'aescbc' ? 'is aescbc, which is weak (padding oracle).' : undefined)),
  },
  {
    id: 'KSS-ENC-003',
    family: 'ENC',
    severity: 'medium',
    title: 'KMS v1 encryption provider',
    description: 'An EncryptionConfiguration with a kms provider without apiVersion: v2.',
    why: 'KMS v1 is deprecated since 1.28 and disabled by default from 1.29 (https://kubernetes.io/docs/tasks/administer-cluster/kms-provider/); without v2, the API server may not start or reads fail.',
    fix: ENC_FIX,
    check: context => providerHits(context.objects, p => {
      const kms = obj(p.kms);
      return providerKind(p) === 'kms' && kms.apiVersion !== 'v2' ? `is KMS ${kms.apiVersion === undefined ? 'with no apiVersion (v1)' : JSON.stringify(kms.apiVersion)}: KMS v1 is deprecated and off from 1.29; set apiVersion: v2 (no cachesize).` : undefined;
    }),
  },
  {
    id: 'KSS-ENC-004',
    family: 'ENC',
    severity: 'high',
    title: 'EncryptionConfiguration that does not cover Secrets',
    description: 'An EncryptionConfiguration with no resources entry for secrets (or one without providers).',
    why: 'Resources no entry names are stored unencrypted (https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/).',
    fix: ENC_FIX,
    check: context => encryptionConfigs(context.objects).flatMap(o => {
      const entries = secretEntries(o);
      if (entries.length === 0) {
        return [{ object: o, field: 'resources', message: `resources of ${describeObject(o)} names no "secrets": Secrets are stored unencrypted.` }];
      }
      return entries[0].providers.length === 0 ? [{ object: o, field: `resources[${entries[0].index}].providers`, message: `resources[${entries[0].index}].providers of ${describeObject(o)} is empty.` }] : [];
    }),
  },
  {
    id: 'KSS-AUDIT-001',
    family: 'AUDIT',
    severity: 'high',
    title: 'Audit policy logs Secret or ConfigMap bodies',
    description: 'An audit Policy in which the first rule to match some request to secrets, configmaps or tokenreviews is at Request or RequestResponse (evaluated as the API server does: first match wins).',
    why: 'The API server does not redact Secret bodies: Request/RequestResponse write the values into the audit log (https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#audit-policy).',
    fix: 'auditPolicy() (or the CLI\'s audit-policy): Secrets, ConfigMaps, TokenRequests and TokenReviews at Metadata first.',
    check: context => auditPolicies(context.objects).flatMap(o => leaks(o, false)),
  },
  {
    id: 'KSS-AUDIT-002',
    family: 'AUDIT',
    severity: 'high',
    title: 'Audit policy logs TokenRequest bodies',
    description: 'An audit Policy in which the first rule to match a request to serviceaccounts/token is at Request or RequestResponse.',
    why: 'The TokenRequest response carries a bearer token; RequestResponse writes it into the audit log (https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/token-request-v1/).',
    fix: 'auditPolicy() (or the CLI\'s audit-policy): TokenRequests at Metadata.',
    check: context => auditPolicies(context.objects).flatMap(o => leaks(o, true)),
  },
];
