import { ValidationError } from '../../errors';
import { compileGoRegex } from '../../validate/re2';
import { RELOADER_SECRET_ANNOTATION, reloaderRefusal } from '../../workload/reloader';
import { AuditContext, AuditHit, AuditObject, SecretsAuditRule } from '../types';
import { describeObject, obj, podTemplateOf, str } from '../util';

// How Stakater Reloader reads a workload's annotations (stakater/Reloader pkg/common/common.go,
// ShouldReload): the workload's own metadata.annotations first; only when none of the reload, search,
// auto and typed-auto keys is there, the pod template's. Auto values go through Go's strconv.ParseBool.
// Annotation names: internal/pkg/options/flags.go.
const AUTO = 'reloader.stakater.com/auto';
const SECRET_AUTO = 'secret.reloader.stakater.com/auto';
const SEARCH = 'reloader.stakater.com/search';
const SPC_RELOAD = 'secretproviderclass.reloader.stakater.com/reload';
const SPC_AUTO = 'secretproviderclass.reloader.stakater.com/auto';
const KEYS = [RELOADER_SECRET_ANNOTATION, AUTO, SECRET_AUTO, SEARCH, SPC_RELOAD, SPC_AUTO];

/** The kinds Reloader acts on that the auditor can read a pod template of (internal/pkg/handler/upgrade.go). */
const RELOADER_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];

/** Go's strconv.ParseBool, true side: what Reloader takes as an enabled auto annotation. */
function goTrue(value: unknown): boolean {
  return typeof value === 'string' && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value);
}

/** The annotations Reloader reads for Secrets on this workload, and where they sit. */
function reloaderAnnotations(o: AuditObject): { annotations: Record<string, unknown>; path: string } | undefined {
  const pod = podTemplateOf(o);
  if (!pod || !RELOADER_KINDS.includes(o.kind)) {
    return undefined;
  }
  const own = obj(obj(o.manifest.metadata).annotations);
  const trigger = [RELOADER_SECRET_ANNOTATION, AUTO, SECRET_AUTO, SEARCH].some(k => own[k] !== undefined);
  return trigger ? { annotations: own, path: 'metadata.annotations' } : { annotations: obj(pod.metadata.annotations), path: `${pod.metadataPath}.annotations` };
}

/** The keys that make Reloader act on the workload when a Secret (or a SecretProviderClass sync) changes. */
function activeKeys(annotations: Record<string, unknown>): string[] {
  return KEYS.filter(k => {
    const v = annotations[k];
    if (k === RELOADER_SECRET_ANNOTATION || k === SPC_RELOAD) {
      return typeof v === 'string' && v.trim() !== '';
    }
    return goTrue(v);
  });
}

const entryRegexes = new Map<string, { find: (text: string) => boolean } | null>();

/** Whether a reload entry selects the Secret: Reloader matches `^entry$` with Go's regexp; an invalid entry selects nothing. */
function entrySelects(entry: string, secret: string): boolean {
  if (!entryRegexes.has(entry)) {
    let re: { find: (text: string) => boolean } | null = null;
    try {
      re = compileGoRegex('audit', 'entry', `^${entry}$`);
    } catch (e) {
      if (!(e instanceof ValidationError)) {
        throw e;
      }
    }
    entryRegexes.set(entry, re);
  }
  const re = entryRegexes.get(entry);
  return re !== null && re !== undefined && re.find(secret);
}

/**
 * Whether Reloader restarts (or, for a Job or CronJob, re-runs) the workload when the Secret changes: an
 * entry of its reload list matches the name as Reloader matches it (`^entry$`, Go regexp), or an auto
 * annotation is on and the pod spec consumes the Secret (`consumes`). The search/match pair, which
 * depends on the Secret's own annotations, is not followed.
 * @internal
 */
export function reloaderActsOn(o: AuditObject, secret: string, consumes: () => boolean): boolean {
  const found = reloaderAnnotations(o);
  if (!found) {
    return false;
  }
  const a = found.annotations;
  const entries = (str(a[RELOADER_SECRET_ANNOTATION]) ?? '').split(',').map(e => e.trim()).filter(e => e !== '');
  if (entries.some(e => entrySelects(e, secret))) {
    return true;
  }
  return (goTrue(a[AUTO]) || goTrue(a[SECRET_AUTO])) && consumes();
}

function reloaderWorkloads(context: AuditContext): Array<{ o: AuditObject; annotations: Record<string, unknown>; path: string }> {
  return context.objects.flatMap(o => {
    const found = reloaderAnnotations(o);
    return found ? [{ o, ...found }] : [];
  });
}

/**
 * The rules of this family (part of AUDIT_RULES).
 * @internal
 */
export const RELOADER_RULES: readonly SecretsAuditRule[] = [
  {
    id: 'KSS-RELOAD-001',
    family: 'RELOAD',
    severity: 'medium',
    title: 'Reloader annotation on a Job or CronJob',
    description: 'A Job or CronJob whose annotations make Stakater Reloader act when a Secret changes (reload list, auto, search).',
    why: 'Reloader does not restart a Job: it deletes and re-creates it, which runs it again, and for a CronJob it starts an extra Job outside the schedule (https://github.com/stakater/Reloader/blob/master/internal/pkg/callbacks/rolling_upgrade.go, ReCreateJobFromjob, CreateJobFromCronjob). A rotated Secret re-runs a migration or a batch job; each run reads the current Secret anyway.',
    fix: 'Remove the Reloader annotations from Jobs and CronJobs (mountSecret and envFromSecret of this library never write them there).',
    check: context => reloaderWorkloads(context).filter(({ o }) => o.kind === 'Job' || o.kind === 'CronJob').flatMap(({ o, annotations, path }): AuditHit[] =>
      activeKeys(annotations).map(k => ({
        object: o,
        field: `${path}["${k}"]`,
        message: `${path}["${k}"] of ${describeObject(o)}: ${reloaderRefusal(o.kind)}`,
      }))),
  },
  {
    id: 'KSS-RELOAD-002',
    family: 'RELOAD',
    severity: 'low',
    title: 'Reloader entry that is not a Go regular expression',
    description: `An entry of ${RELOADER_SECRET_ANNOTATION} that Go's regexp cannot compile as ^entry$.`,
    why: 'Reloader compiles each comma-separated entry as "^" + entry + "$" with Go\'s regexp and skips an invalid one with only a log line (https://github.com/stakater/Reloader/blob/master/pkg/common/common.go, ShouldReload: "Skipping invalid reload annotation"), so the workload keeps the old value after a rotation.',
    fix: 'Name each Secret literally, with regexp metacharacters escaped (mountSecret and envFromSecret write the entries quoted for Go regexp).',
    check: context => reloaderWorkloads(context).flatMap(({ o, annotations, path }): AuditHit[] => {
      const value = str(annotations[RELOADER_SECRET_ANNOTATION]);
      if (value === undefined) {
        return [];
      }
      return value.split(',').map(e => e.trim()).flatMap((entry, i): AuditHit[] => {
        try {
          compileGoRegex('audit', 'entry', `^${entry}$`);
          return [];
        } catch (e) {
          if (!(e instanceof ValidationError)) {
            throw e;
          }
          return [{
            object: o,
            field: `${path}["${RELOADER_SECRET_ANNOTATION}"]`,
            message: `${path}["${RELOADER_SECRET_ANNOTATION}"] of ${describeObject(o)}: entry ${i + 1}, ${JSON.stringify(entry)}, is not a Go regular expression, so Reloader skips it and never restarts ${describeObject(o)} for that Secret.`,
          }];
        }
      });
    }),
  },
];
