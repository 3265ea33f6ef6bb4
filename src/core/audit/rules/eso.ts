/**
 * KSS-ESO: External Secrets Operator objects. The match-all and webhook checks are the ones the
 * ExternalSecret and ClusterSecretStore builders run (checkConditions, checkFind, checkPolicies), applied
 * to objects written by anyone.
 * @module
 */
import { reloaderActsOn } from './reloader';
import { ValidationError } from '../../errors';
import { checkConditions } from '../../eso/conditions';
import { checkFind, checkPolicies } from '../../eso/external-secret';
import { parseGoDuration } from '../../validate/duration';
import { AuditContext, AuditHit, AuditObject, SecretsAuditRule } from '../types';
import { describeObject, groupOf, isObj, list, obj, podTemplateOf, str } from '../util';

const ESO_GROUP = 'external-secrets.io';
/** The kinds served as external-secrets.io/v1 (ESO v0.17+); PushSecret/ClusterPushSecret are still v1alpha1. */
const V1_KINDS = ['ExternalSecret', 'ClusterExternalSecret', 'SecretStore', 'ClusterSecretStore'];

/** The component name a core check is run under; its message is reworded for the object. */
const AUDIT = 'audit';

/** Run a core check; its ValidationError becomes the message (without the component prefix). */
function refusal(check: () => unknown): { prop: string; detail: string } | undefined {
  try {
    check();
    return undefined;
  } catch (e) {
    if (e instanceof ValidationError) {
      return { prop: e.prop, detail: e.message.slice(`${AUDIT}: ${e.prop} `.length) };
    }
    throw e;
  }
}

/** The ExternalSecret spec of an ExternalSecret, or of a ClusterExternalSecret's template, with its path. */
function externalSecretSpecs(context: AuditContext): Array<{ o: AuditObject; spec: Record<string, unknown>; path: string }> {
  return [
    ...context.ofKind('ExternalSecret').map(o => ({ o, spec: obj(o.manifest.spec), path: 'spec' })),
    ...context.ofKind('ClusterExternalSecret').map(o => ({ o, spec: obj(obj(o.manifest.spec).externalSecretSpec), path: 'spec.externalSecretSpec' })),
  ].filter(x => groupOf(x.o.apiVersion) === ESO_GROUP);
}

function stores(context: AuditContext): AuditObject[] {
  return context.ofKind('SecretStore', 'ClusterSecretStore').filter(o => groupOf(o.apiVersion) === ESO_GROUP);
}

/** Paths under a store's provider auth that reference a Secret holding a static credential. */
function staticCredentialRefs(value: unknown, path: string, out: string[], inAuth: boolean): void {
  if (!isObj(value)) {
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    const p = `${path}.${k}`;
    const auth = inAuth || k === 'auth';
    // Workload identity (serviceAccountRef, jwt.serviceAccountRef, workloadIdentity) is not a static credential.
    if (auth && /secretref$/i.test(k) && isObj(v) && !/serviceaccount/i.test(path)) {
      out.push(p);
      continue;
    }
    if (/^authSecretRef$/.test(k)) {
      out.push(p);
      continue;
    }
    staticCredentialRefs(v, p, out, auth);
  }
}

/** The workloads of the namespace that Reloader restarts when the Secret changes (rules/reloader.ts). */
function reloadedConsumers(context: AuditContext, namespace: string | undefined, secret: string): AuditObject[] {
  return context.objects.filter(o => {
    const pod = podTemplateOf(o);
    if (!pod || (namespace !== undefined && o.namespace !== undefined && o.namespace !== namespace)) {
      return false;
    }
    return reloaderActsOn(o, secret);
  });
}

/**
 * The rules of this family (part of AUDIT_RULES).
 * @internal
 */
export const ESO_RULES: readonly SecretsAuditRule[] = [
  {
    id: 'KSS-ESO-001',
    family: 'ESO',
    severity: 'medium',
    title: 'ESO object at an API version that is no longer served',
    description: 'An ExternalSecret, ClusterExternalSecret, SecretStore or ClusterSecretStore at external-secrets.io/v1beta1 or v1alpha1.',
    why: 'ESO v0.17 (May 2025) stopped serving v1beta1; such manifests fail to apply, so the Secret is never refreshed (https://github.com/external-secrets/external-secrets/releases/tag/v0.17.0, https://external-secrets.io/latest/introduction/stability-support/).',
    fix: 'Write apiVersion external-secrets.io/v1 (ExternalSecret, SecretStore and ClusterSecretStore of this library do).',
    check: context => context.objects.filter(o => V1_KINDS.includes(o.kind) && groupOf(o.apiVersion) === ESO_GROUP && o.apiVersion !== `${ESO_GROUP}/v1`).map(o => ({
      object: o, field: 'apiVersion', message: `apiVersion of ${describeObject(o)} is ${JSON.stringify(o.apiVersion)}, which ESO no longer serves. Migration: set apiVersion to "external-secrets.io/v1"; the v1beta1 fields carry over unchanged (v1 is the v1beta1 schema promoted)${o.apiVersion.endsWith('v1alpha1') ? '; v1alpha1 fields differ from v1beta1 (and so from v1): check each field against the v1 CRD' : ''}.`,
    })),
  },
  {
    id: 'KSS-ESO-002',
    family: 'ESO',
    severity: 'high',
    title: 'ClusterSecretStore open to every namespace',
    description: 'A ClusterSecretStore without spec.conditions.',
    why: 'Without conditions, an ExternalSecret in any namespace can read every secret the store\'s credentials reach (https://external-secrets.io/latest/api/clustersecretstore/, spec.conditions).',
    fix: 'ClusterSecretStore with conditions naming the namespaces (the library refuses open stores unless allowAllNamespaces: true).',
    check: context => stores(context).filter(o => o.kind === 'ClusterSecretStore' && list(obj(o.manifest.spec).conditions).length === 0).map(o => ({
      object: o, field: 'spec.conditions', message: `spec.conditions of ${describeObject(o)} is empty: every namespace can use the store.`,
    })),
  },
  {
    id: 'KSS-ESO-003',
    family: 'ESO',
    severity: 'high',
    title: 'ClusterSecretStore conditions that restrict nothing',
    description: 'ClusterSecretStore conditions that admit every namespace (a regex or selector that matches every probe namespace, an unanchored regex, conditions that together match all), decided by the core checkConditions over RE2 (re2js) and fixed probe namespaces.',
    why: 'ESO matches namespaceRegexes with Go regexp.MatchString (unanchored) and namespaceSelector against the namespace\'s labels (external-secrets pkg/controllers/secretstore/common.go); every namespace carries kubernetes.io/metadata.name, so a selector on it alone admits any new namespace.',
    fix: 'ClusterSecretStore with conditions: namespaces by name, anchored regexes ("^team-a-"), or a selector on a label you set.',
    check: context => stores(context).flatMap(o => {
      const conditions = obj(o.manifest.spec).conditions;
      if (o.kind !== 'ClusterSecretStore' || list(conditions).length === 0) {
        return [];
      }
      const r = refusal(() => checkConditions(AUDIT, conditions));
      return r ? [{ object: o, field: `spec.${r.prop}`, message: `spec.${r.prop} of ${describeObject(o)} ${r.detail}` }] : [];
    }),
  },
  {
    id: 'KSS-ESO-004',
    family: 'ESO',
    severity: 'high',
    title: 'dataFrom.find that matches every secret of the store',
    description: 'An ExternalSecret dataFrom[].find whose name.regexp matches every probe secret name, whose path is the store root, or that has no filter, decided by the core checkFind.',
    why: 'find pulls every matching remote secret into one Kubernetes Secret (https://external-secrets.io/latest/guides/getallsecrets/); ESO matches name.regexp anywhere in the name (external-secrets runtime/find/find.go).',
    fix: 'ExternalSecret with data[] entries naming each remote key, or a narrow find (an anchored nameRegexp, a path, tags).',
    check: context => externalSecretSpecs(context).flatMap(({ o, spec, path }) => list(spec.dataFrom).flatMap((d, i): AuditHit[] => {
      const find = isObj(d) ? d.find : undefined;
      if (!isObj(find)) {
        return [];
      }
      // ESO's wire form is name.regexp; the builder reads nameRegexp.
      const raw = { ...find, nameRegexp: obj(find.name).regexp };
      delete (raw as Record<string, unknown>).name;
      if (raw.nameRegexp === undefined) {
        delete (raw as Record<string, unknown>).nameRegexp;
      }
      delete (raw as Record<string, unknown>).conversionStrategy;
      delete (raw as Record<string, unknown>).decodingStrategy;
      const r = refusal(() => checkFind(AUDIT, `${path}.dataFrom[${i}].find`, raw));
      if (!r) {
        return [];
      }
      const prop = r.prop.replace(/\.nameRegexp$/, '.name.regexp');
      return /matches every|names no path segment|restricts nothing/.test(r.detail) ? [{ object: o, field: prop, message: `${prop} of ${describeObject(o)} ${r.detail}` }] : [];
    })),
  },
  {
    id: 'KSS-ESO-005',
    family: 'ESO',
    severity: 'medium',
    title: 'SecretStore authenticates with a static credential',
    description: 'A SecretStore or ClusterSecretStore whose provider auth references a Secret (secretRef, tokenSecretRef, authSecretRef, ...) instead of workload identity.',
    why: 'A long-lived key in a Kubernetes Secret unlocks the whole store for whoever can read that Secret, and does not rotate (https://external-secrets.io/latest/guides/security-best-practices/#use-workload-identity).',
    fix: 'SecretStore with SecretStoreProvider.aws/gcp/azure/vault on workload identity (IRSA, Pod Identity, GKE/Azure workload identity, Vault Kubernetes auth).',
    check: context => stores(context).flatMap(o => {
      const refs: string[] = [];
      staticCredentialRefs(obj(obj(o.manifest.spec).provider), 'spec.provider', refs, false);
      return refs.map(field => ({ object: o, field, message: `${field} of ${describeObject(o)} authenticates with a static credential from a Secret.` }));
    }),
  },
  {
    id: 'KSS-ESO-006',
    family: 'ESO',
    severity: 'medium',
    title: 'Creation and deletion policies that ESO\'s webhook refuses',
    description: 'An ExternalSecret target whose creationPolicy/deletionPolicy pair ESO\'s admission webhook refuses, decided by the core checkPolicies.',
    why: 'The webhook refuses the object (external-secrets apis/externalsecrets/v1/externalsecret_validator.go, validatePolicies), so the Secret is never written or refreshed.',
    fix: 'ExternalSecret (its builder refuses these pairs): creationPolicy Owner with deletionPolicy Delete, or Retain.',
    check: context => externalSecretSpecs(context).flatMap(({ o, spec, path }) => {
      const target = obj(spec.target);
      const r = refusal(() => checkPolicies(AUDIT, target));
      return r ? [{ object: o, field: `${path}.${r.prop}`, message: `${path}.${r.prop} of ${describeObject(o)} ${r.detail}` }] : [];
    }),
  },
  {
    id: 'KSS-ESO-007',
    family: 'ESO',
    severity: 'high',
    title: 'Generator refresh that restarts its consumers in a loop',
    description: 'An ExternalSecret whose dataFrom uses a generator (sourceRef.generatorRef) with a refreshInterval other than 0, whose target Secret a workload in the input reloads on change (Reloader).',
    why: 'A generator produces a new value on every refresh (https://external-secrets.io/latest/api/generator/), so the Secret changes every interval and Reloader restarts the workload every interval (https://github.com/stakater/Reloader#how-does-it-work).',
    fix: 'ExternalSecret with refreshInterval "0s" (generate once) or refreshPolicy CreatedOnce for generated values; let withSecretReload reload only fetched ones.',
    check: context => externalSecretSpecs(context).filter(x => x.o.kind === 'ExternalSecret').flatMap(({ o, spec }) => {
      const generated = list(spec.dataFrom).some(d => isObj(obj(obj(d).sourceRef).generatorRef));
      const interval = parseGoDuration(str(spec.refreshInterval) ?? '1h');
      if (!generated || interval === 0 || spec.refreshPolicy === 'CreatedOnce') {
        return [];
      }
      const target = str(obj(spec.target).name) ?? o.name ?? '';
      return reloadedConsumers(context, o.namespace, target).map(w => ({
        object: o, field: 'spec.refreshInterval', message: `spec.refreshInterval of ${describeObject(o)} is ${JSON.stringify(spec.refreshInterval ?? '1h')} with a generator: Secret ${JSON.stringify(target)} changes on every refresh and Reloader restarts ${describeObject(w)} each time.`,
      }));
    }),
  },
  {
    id: 'KSS-ESO-008',
    family: 'ESO',
    severity: 'low',
    title: 'ExternalSecret refreshed more often than once a minute',
    description: 'An ExternalSecret with a refreshInterval between 0 and 1 minute.',
    why: 'Each refresh is a call to the provider\'s API (rate limits and cost: https://external-secrets.io/latest/api/externalsecret/, refreshInterval) and, with Reloader, a restart on every change.',
    fix: 'ExternalSecret with the default refreshInterval "1h" (or "15m" for fast rotation).',
    check: context => externalSecretSpecs(context).flatMap(({ o, spec, path }) => {
      const interval = parseGoDuration(str(spec.refreshInterval) ?? '1h');
      return interval !== undefined && interval > 0 && interval < 60_000 ? [{
        object: o, field: `${path}.refreshInterval`, message: `${path}.refreshInterval of ${describeObject(o)} is ${JSON.stringify(spec.refreshInterval)}.`,
      }] : [];
    }),
  },
];
