import { ValidationError } from '../../errors';
import { compileGoRegex } from '../../validate/re2';
import { RELOADER_SECRET_ANNOTATION, reloaderRefusal } from '../../workload/reloader';
import { AuditContext, AuditHit, AuditObject, SecretsAuditRule } from '../types';
import { describeObject, list, obj, podTemplateOf, str } from '../util';

// How Stakater Reloader reads a workload's annotations (stakater/Reloader pkg/common/common.go,
// ShouldReload), once per kind of changed resource (a Secret; a SecretProviderClass's synced values):
// the workload's own metadata.annotations first; only when none of that kind's reload key, the auto key,
// that kind's auto key and the search key is there, the pod template's. Auto values go through Go's
// strconv.ParseBool, the search value must be exactly "true", and the exclude list (read from the
// workload's own annotations, names compared exactly) wins over everything. Annotation names:
// internal/pkg/options/flags.go.
const AUTO = 'reloader.stakater.com/auto';
const SEARCH = 'reloader.stakater.com/search';

/** The annotation keys of one kind of changed resource. */
interface ReloadKind {
  readonly reload: string;
  readonly auto: string;
  readonly exclude: string;
}
const SECRET_KEYS: ReloadKind = {
  reload: RELOADER_SECRET_ANNOTATION,
  auto: 'secret.reloader.stakater.com/auto',
  exclude: 'secrets.exclude.reloader.stakater.com/reload',
};
const SPC_KEYS: ReloadKind = {
  reload: 'secretproviderclass.reloader.stakater.com/reload',
  auto: 'secretproviderclass.reloader.stakater.com/auto',
  exclude: 'secretproviderclasses.exclude.reloader.stakater.com/reload',
};

/** The kinds Reloader acts on that the auditor can read a pod template of (internal/pkg/handler/upgrade.go). */
const RELOADER_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];

/** Go's strconv.ParseBool, true side: what Reloader takes as an enabled auto annotation. */
function goTrue(value: unknown): boolean {
  return typeof value === 'string' && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value);
}

/** What Reloader reads on a workload for one kind of changed resource. */
interface ReloaderView {
  /** The annotations ShouldReload matches: the workload's own, or its pod template's. */
  readonly annotations: Record<string, unknown>;
  /** Where they sit, for messages. */
  readonly path: string;
  /** The workload's own annotations, where the exclude list is read. */
  readonly own: Record<string, unknown>;
}

function reloaderView(o: AuditObject, keys: ReloadKind): ReloaderView | undefined {
  const pod = podTemplateOf(o);
  if (!pod || !RELOADER_KINDS.includes(o.kind)) {
    return undefined;
  }
  const own = obj(obj(o.manifest.metadata).annotations);
  const onWorkload = [keys.reload, AUTO, keys.auto, SEARCH].some(k => own[k] !== undefined);
  return onWorkload
    ? { annotations: own, path: 'metadata.annotations', own }
    : { annotations: obj(pod.metadata.annotations), path: `${pod.metadataPath}.annotations`, own };
}

/** The keys that make Reloader act on the workload when a resource of this kind changes. */
function activeKeys(annotations: Record<string, unknown>, keys: ReloadKind): string[] {
  return [keys.reload, AUTO, keys.auto, SEARCH].filter(k => {
    const v = annotations[k];
    if (k === keys.reload) {
      return typeof v === 'string' && v.trim() !== '';
    }
    return k === SEARCH ? v === 'true' : goTrue(v);
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
 * Whether a container uses the Secret as Reloader finds it for auto reload (internal/pkg/handler/
 * upgrade.go, getContainerUsingResource): the first volume of the Secret (or a projected source of it)
 * mounted by a container or an init container, or a secretKeyRef or envFrom secretRef naming it.
 */
function containersUseSecret(podSpec: Record<string, unknown>, secret: string): boolean {
  const volume = list(podSpec.volumes).map(obj).find(v => obj(v.secret).secretName === secret
    || list(obj(v.projected).sources).some(src => obj(obj(src).secret).name === secret));
  const containers = [...list(podSpec.containers), ...list(podSpec.initContainers)].map(obj);
  if (volume !== undefined && containers.some(c => list(c.volumeMounts).some(m => obj(m).name === volume.name))) {
    return true;
  }
  return containers.some(c => list(c.env).some(e => obj(obj(obj(e).valueFrom).secretKeyRef).name === secret)
    || list(c.envFrom).some(e => obj(obj(e).secretRef).name === secret));
}

/**
 * Whether Reloader restarts (or, for a Job or CronJob, re-runs) the workload when the Secret changes:
 * not when the workload's exclude list names it; otherwise when an entry of its reload list matches the
 * name as Reloader matches it (`^entry$`, Go regexp), or an auto annotation is on and a container uses
 * the Secret. The search/match pair, which depends on the Secret's own annotations, is not followed.
 * @internal
 */
export function reloaderActsOn(o: AuditObject, secret: string): boolean {
  const view = reloaderView(o, SECRET_KEYS);
  const pod = podTemplateOf(o);
  if (!view || !pod) {
    return false;
  }
  const excluded = (str(view.own[SECRET_KEYS.exclude]) ?? '').split(',').map(e => e.trim());
  if (excluded.includes(secret)) {
    return false;
  }
  const a = view.annotations;
  const entries = (str(a[SECRET_KEYS.reload]) ?? '').split(',').map(e => e.trim()).filter(e => e !== '');
  if (entries.some(e => entrySelects(e, secret))) {
    return true;
  }
  return (goTrue(a[AUTO]) || goTrue(a[SECRET_KEYS.auto])) && containersUseSecret(pod.spec, secret);
}

/** Every workload Reloader acts on, with what it reads for each kind of changed resource. */
function reloaderWorkloads(context: AuditContext, keys: ReloadKind): Array<{ o: AuditObject } & ReloaderView> {
  return context.objects.flatMap(o => {
    const view = reloaderView(o, keys);
    return view ? [{ o, ...view }] : [];
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
    description: 'A Job or CronJob whose annotations make Stakater Reloader act when a Secret or a SecretProviderClass sync changes (reload list, auto, search).',
    why: 'Reloader does not restart a Job: it deletes and re-creates it, which runs it again, and for a CronJob it starts an extra Job outside the schedule (https://github.com/stakater/Reloader/blob/master/internal/pkg/callbacks/rolling_upgrade.go, ReCreateJobFromjob, CreateJobFromCronjob). A rotated Secret re-runs a migration or a batch job; each run reads the current Secret anyway.',
    fix: 'Remove the Reloader annotations from Jobs and CronJobs (mountSecret and envFromSecret of this library never write them there).',
    check: context => [SECRET_KEYS, SPC_KEYS].flatMap(keys => reloaderWorkloads(context, keys)
      .filter(({ o }) => o.kind === 'Job' || o.kind === 'CronJob')
      .flatMap(({ o, annotations, path }) => activeKeys(annotations, keys).map(k => ({ object: o, path, key: k }))))
      // AUTO and SEARCH count for both kinds: report each annotation once.
      .filter((hit, i, all) => all.findIndex(h => h.object === hit.object && h.path === hit.path && h.key === hit.key) === i)
      .map(({ object: o, path, key }): AuditHit => ({
        object: o,
        field: `${path}["${key}"]`,
        message: `${path}["${key}"] of ${describeObject(o)}: ${reloaderRefusal(o.kind)}`,
      })),
  },
  {
    id: 'KSS-RELOAD-002',
    family: 'RELOAD',
    severity: 'low',
    title: 'Reloader entry that is not a Go regular expression',
    description: `An entry of ${RELOADER_SECRET_ANNOTATION} that Go's regexp cannot compile as ^entry$.`,
    why: 'Reloader compiles each comma-separated entry as "^" + entry + "$" with Go\'s regexp and skips an invalid one with only a log line (https://github.com/stakater/Reloader/blob/master/pkg/common/common.go, ShouldReload: "Skipping invalid reload annotation"), so the workload keeps the old value after a rotation.',
    fix: 'Name each Secret literally, with regexp metacharacters escaped (mountSecret and envFromSecret write the entries quoted for Go regexp).',
    check: context => reloaderWorkloads(context, SECRET_KEYS).flatMap(({ o, annotations, path }): AuditHit[] => {
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
            message: `${path}["${RELOADER_SECRET_ANNOTATION}"] of ${describeObject(o)}: entry ${i + 1}, ${JSON.stringify(entry)}, is not a Go regular expression, so Reloader skips it: the entry selects no Secret (only an auto annotation would still restart ${describeObject(o)}).`,
          }];
        }
      });
    }),
  },
];
