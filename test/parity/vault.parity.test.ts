/**
 * Parity: VaultAgentInjection decides the same in cdk8s and Pulumi for every workload kind (sidecar for
 * Deployment, StatefulSet and DaemonSet; init container only for Job and CronJob), writes the same file
 * modes, agent user/group, client label, ServiceAccount and token volume, and refuses the same inputs with
 * the same message.
 */
import * as k8s from '@pulumi/kubernetes';
import { Cron } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as cdk8s from '../../src';
import { WorkloadKind } from '../../src/core';
import * as pl from '../../src/pulumi';
import { ofKind, synthValid, testChart } from '../helpers/cdk8s';
import { kubernetesManifests, resetRecorded, settle, setupPulumiMocks } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const image = 'registry.example.com/app:1.0.0';
const secrets = [{ name: 'db.env', path: 'secret/data/payments/db' }, { name: 'api-key', path: 'secret/data/payments/api', perms: '0440' }];

/** What a user writes for a pod, in the two front-ends' spellings. */
interface PodInput {
  readonly podUser?: number;
  readonly fsGroup?: number;
  readonly containerUsers: Array<number | undefined>;
  readonly serviceAccountName?: string;
}

const KINDS: WorkloadKind[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];

function cdk8sWorkload(chart: ReturnType<typeof testChart>, kind: WorkloadKind, pod: PodInput): kplus.AbstractPod {
  const props = {
    metadata: { name: 'app' },
    ...(pod.serviceAccountName ? { serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'sa-ref', pod.serviceAccountName) } : {}),
    securityContext: {
      ...(pod.podUser !== undefined ? { user: pod.podUser } : {}),
      ...(pod.fsGroup !== undefined ? { fsGroup: pod.fsGroup } : {}),
      ensureNonRoot: false,
    },
    containers: pod.containerUsers.map((user, i) => ({
      name: i === 0 ? 'app' : `side${i}`,
      image,
      securityContext: { ...(user !== undefined ? { user } : {}), ensureNonRoot: false },
      // A StatefulSet's headless Service needs a port.
      ...(i === 0 && kind === 'StatefulSet' ? { portNumber: 8080 } : {}),
    })),
  };
  switch (kind) {
    case 'Deployment': return new kplus.Deployment(chart, 'app', props);
    case 'StatefulSet': return new kplus.StatefulSet(chart, 'app', props);
    case 'DaemonSet': return new kplus.DaemonSet(chart, 'app', props);
    case 'Job': return new kplus.Job(chart, 'app', props);
    case 'CronJob': return new kplus.CronJob(chart, 'app', { ...props, schedule: Cron.daily() });
    default: throw new Error(kind);
  }
}

type Args = { metadata: any; spec: any };

function pulumiArgs(kind: WorkloadKind, pod: PodInput): Args {
  const template = {
    metadata: { labels: { app: 'app' } },
    spec: {
      ...(pod.serviceAccountName ? { serviceAccountName: pod.serviceAccountName } : {}),
      ...(kind === 'Job' || kind === 'CronJob' ? { restartPolicy: 'Never' } : {}),
      securityContext: {
        ...(pod.podUser !== undefined ? { runAsUser: pod.podUser } : {}),
        ...(pod.fsGroup !== undefined ? { fsGroup: pod.fsGroup } : {}),
      },
      containers: pod.containerUsers.map((user, i) => ({
        name: i === 0 ? 'app' : `side${i}`, image, securityContext: user !== undefined ? { runAsUser: user } : {},
      })),
    },
  };
  const metadata = { name: 'app', namespace: 'payments' };
  const selector = { matchLabels: { app: 'app' } };
  switch (kind) {
    case 'Deployment': case 'DaemonSet': return { metadata, spec: { selector, template } };
    case 'StatefulSet': return { metadata, spec: { selector, serviceName: 'app', template } };
    case 'Job': return { metadata, spec: { template } };
    case 'CronJob': return { metadata, spec: { schedule: '0 0 * * *', jobTemplate: { spec: { template } } } };
    default: throw new Error(kind);
  }
}

function registerPulumi(kind: WorkloadKind, args: Args) {
  switch (kind) {
    case 'Deployment': return new k8s.apps.v1.Deployment('app', args);
    case 'StatefulSet': return new k8s.apps.v1.StatefulSet('app', args);
    case 'DaemonSet': return new k8s.apps.v1.DaemonSet('app', args);
    case 'Job': return new k8s.batch.v1.Job('app', args);
    case 'CronJob': return new k8s.batch.v1.CronJob('app', args);
    default: throw new Error(kind);
  }
}

function podTemplate(workload: any): any {
  return workload.kind === 'CronJob' ? workload.spec.jobTemplate.spec.template : workload.spec.template;
}

/** What the injection writes into a workload, independent of front-end extras (cdk8s selector labels). */
function vaultWiring(workload: any) {
  const t = podTemplate(workload);
  const annotations = Object.fromEntries(Object.entries(t.metadata?.annotations ?? {}).filter(([k]) => k.startsWith('vault.hashicorp.com/')));
  return {
    annotations,
    clientLabel: t.metadata?.labels?.['kube-secure-secrets.io/vault-client'],
    serviceAccountName: t.spec.serviceAccountName,
    volumes: t.spec.volumes,
  };
}

type InjectionInput = Partial<cdk8s.VaultAgentInjectionProps>;

function injectCdk8s(kind: WorkloadKind, pod: PodInput, extra: InjectionInput = {}) {
  const chart = testChart();
  const workload = cdk8sWorkload(chart, kind, pod);
  const injection = new cdk8s.VaultAgentInjection(chart, 'vault', { workload, serviceAccount: 'app', role: 'app', secrets, ...extra });
  return { chart, workload, injection };
}

function injectPulumi(kind: WorkloadKind, pod: PodInput, extra: InjectionInput = {}, applyKind?: WorkloadKind) {
  const { workload: _w, ...rest } = extra;
  const injection = new pl.VaultAgentInjection({ serviceAccount: 'app', namespace: 'payments', role: 'app', secrets, ...rest });
  const args = injection.applyTo(pulumiArgs(kind, pod), applyKind ? { kind: applyKind } : {});
  return { injection, args };
}

const runsAsUser: PodInput = { podUser: 10001, fsGroup: 10001, containerUsers: [undefined] };

describe('parity: VaultAgentInjection over the workload kinds', () => {
  test.each(KINDS)('%s: the same annotations, label, ServiceAccount and token volume', async kind => {
    const { chart, injection } = injectCdk8s(kind, runsAsUser);
    const fromCdk8s = ofKind(synthValid(chart), kind)[0];

    const { injection: plInjection, args } = injectPulumi(kind, runsAsUser);
    const resource = registerPulumi(kind, args);
    await settle(resource);
    const fromPulumi = ofKind(kubernetesManifests(), kind)[0];
    expectValidManifests([fromPulumi]);

    expect(vaultWiring(fromPulumi)).toEqual(vaultWiring(fromCdk8s));
    const wiring = vaultWiring(fromCdk8s);
    const completes = kind === 'Job' || kind === 'CronJob';
    // The core decision: a Job or CronJob gets the agent as an init container only (a sidecar never exits).
    expect(wiring.annotations['vault.hashicorp.com/agent-pre-populate-only']).toBe(completes ? 'true' : undefined);
    expect(injection.prePopulateOnly).toBe(completes);
    expect(plInjection.planFor(pulumiArgs(kind, runsAsUser)).prePopulateOnly).toBe(completes);
    // Files readable by the application alone: the agent writes as uid 10001, 0400 by default; the
    // explicit 0440 file is group-readable by the agent's own group only (the owner already reads it).
    expect(wiring.annotations).toMatchObject({
      'vault.hashicorp.com/agent-run-as-user': '10001',
      'vault.hashicorp.com/agent-inject-perms-db.env': '0400',
      'vault.hashicorp.com/agent-inject-perms-api-key': '0440',
    });
    expect(wiring.annotations['vault.hashicorp.com/agent-run-as-group']).toBeUndefined();
    expect(wiring.clientLabel).toBe('true');
    expect(wiring.serviceAccountName).toBe('app');
    expect(wiring.volumes).toEqual([{ name: 'vault-token', projected: { sources: [{ serviceAccountToken: { path: 'token', audience: 'vault', expirationSeconds: 3600 } }] } }]);
    expect(injection.fileAccess).toEqual({ readBy: 'owner', agentUser: 10001, perms: { 'db.env': '0400', 'api-key': '0440' } });
  });

  test('Pulumi: a Job is recognised by its restartPolicy, or named explicitly; a mismatch is refused', () => {
    const inj = new pl.VaultAgentInjection({ serviceAccount: 'app', namespace: 'payments', role: 'app', secrets });
    expect(inj.planFor(pulumiArgs('Job', runsAsUser)).prePopulateOnly).toBe(true);
    expect(inj.planFor(pulumiArgs('Job', runsAsUser), { kind: 'Job' }).prePopulateOnly).toBe(true);
    expect(inj.planFor(pulumiArgs('Deployment', runsAsUser), { kind: 'StatefulSet' }).prePopulateOnly).toBe(false);
    expect(() => inj.planFor(pulumiArgs('Job', runsAsUser), { kind: 'Deployment' }))
      .toThrow('VaultAgentInjection: kind "Deployment" does not match the args: the pod template\'s restartPolicy "Never" is valid only for Jobs (a Deployment restarts its pods Always).');
    expect(() => inj.planFor(pulumiArgs('Deployment', runsAsUser), { kind: 'CronJob' }))
      .toThrow('VaultAgentInjection: kind "CronJob" does not match the args: a CronJob needs spec.jobTemplate.');
    expect(() => inj.planFor(pulumiArgs('CronJob', runsAsUser), { kind: 'Job' }))
      .toThrow('VaultAgentInjection: kind "Job" does not match the args: spec.jobTemplate is set, which only a CronJob has.');
    expect(() => inj.planFor(pulumiArgs('Deployment', runsAsUser), { kind: 'Pod' as WorkloadKind }))
      .toThrow('VaultAgentInjection: kind "Pod" is not a workload kind this helper takes; use one of "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob".');
  });

  test.each<[string, PodInput, Record<string, unknown>]>([
    ['the container\'s own user (runAsSameUser)', { containerUsers: [2000], fsGroup: 3000 }, {
      'vault.hashicorp.com/agent-run-as-same-user': 'true', 'vault.hashicorp.com/agent-inject-perms-db.env': '0400',
    }],
    ['no user but an fsGroup: 0440 in that group', { fsGroup: 3000, containerUsers: [undefined] }, {
      'vault.hashicorp.com/agent-run-as-group': '3000', 'vault.hashicorp.com/agent-inject-perms-db.env': '0440', 'vault.hashicorp.com/agent-inject-perms-api-key': '0440',
    }],
    ['two containers with different users and an fsGroup', { containerUsers: [2000, 2001], fsGroup: 3000 }, {
      'vault.hashicorp.com/agent-run-as-group': '3000', 'vault.hashicorp.com/agent-inject-perms-db.env': '0440',
    }],
  ])('the same file access for %s', async (name, pod, expected) => {
    const extra = name.includes('runAsSameUser') ? { runAsSameUser: true } : {};
    const { chart } = injectCdk8s('Deployment', pod, extra);
    const fromCdk8s = ofKind(synthValid(chart), 'Deployment')[0];
    const { args } = injectPulumi('Deployment', pod, extra);
    await settle(registerPulumi('Deployment', args));
    const fromPulumi = ofKind(kubernetesManifests(), 'Deployment')[0];
    expect(vaultWiring(fromPulumi)).toEqual(vaultWiring(fromCdk8s));
    expect(vaultWiring(fromCdk8s).annotations).toMatchObject(expected);
    if (!('vault.hashicorp.com/agent-run-as-user' in expected)) {
      expect(vaultWiring(fromCdk8s).annotations['vault.hashicorp.com/agent-run-as-user']).toBeUndefined();
    }
  });

  test.each<[string, WorkloadKind, PodInput, InjectionInput, string]>([
    ['0400 while the agent runs as another user', 'Deployment', { podUser: 10001, fsGroup: 10001, containerUsers: [undefined] },
      { runAsUser: 1234, secrets: [{ name: 'db', path: 'kv/db', perms: '0400' }] },
      'VaultAgentInjection: secrets[0].perms "0400" lets only the file\'s owner read it, but the agent would write it as uid 1234 (runAsUser) while the application containers that read it: "app" runs as uid 10001. Run them as one non-root user (set runAsUser; the agent then runs as that user), or use "0440" with the pod\'s securityContext.fsGroup.'],
    ['0400 with the injector\'s default user (the issue\'s case)', 'Deployment', { fsGroup: 10001, containerUsers: [undefined] },
      { secrets: [{ name: 'db', path: 'kv/db', perms: '0400' }] },
      'VaultAgentInjection: secrets[0].perms "0400" lets only the file\'s owner read it, but the agent would write it as uid 100 (the injector\'s default) while the application containers that read it: "app" sets no runAsUser (container or pod). Run them as one non-root user (set runAsUser; the agent then runs as that user), or use "0440" with the pod\'s securityContext.fsGroup.'],
    ['0440 without a shared owner or group', 'Deployment', { containerUsers: [2000, 2001] },
      { secrets: [{ name: 'db', path: 'kv/db', perms: '0440' }] },
      'VaultAgentInjection: secrets[0].perms "0440" lets only the file\'s owner and group read it, but the agent would write it as uid 100 (the injector\'s default) and the pod has no securityContext.fsGroup to share it with the application containers ("app" runs as uid 2000, "side1" runs as uid 2001). Set the pod\'s fsGroup (the agent then writes with that group), or run the containers as one non-root user.'],
    ['no user and no fsGroup', 'StatefulSet', { containerUsers: [undefined] }, {},
      'VaultAgentInjection: workload offers no way to make the agent\'s files readable by the application alone: the containers that read them ("app" sets no runAsUser (container or pod)) do not run as one known non-root user and the pod has no securityContext.fsGroup. Set a non-root runAsUser on the containers (the agent then runs as that user and writes 0400 files), or the pod\'s securityContext.fsGroup (0440 files in that group); the injector\'s default mode 0644 would let every user of the pod read the secrets.'],
    ['runAsUser for another user and no fsGroup', 'DaemonSet', { containerUsers: [2000] }, { runAsUser: 1234, secrets: [{ name: 'db', path: 'kv/db' }] },
      'VaultAgentInjection: runAsUser makes the agent write its files as uid 1234 (runAsUser), but the application containers that read them: "app" runs as uid 2000, and the pod has no securityContext.fsGroup to share the files with them. Set a non-root runAsUser on the containers (the agent then runs as that user and writes 0400 files), or the pod\'s securityContext.fsGroup (0440 files in that group); the injector\'s default mode 0644 would let every user of the pod read the secrets.'],
    ['runAsSameUser without the first container\'s own user', 'Deployment', { podUser: 10001, fsGroup: 10001, containerUsers: [undefined] }, { runAsSameUser: true },
      'VaultAgentInjection: runAsSameUser needs the first container to set a non-root securityContext user (the injector copies it to the agent); set it or use runAsUser.'],
    ['runAsSameUser with a root first container', 'Deployment', { fsGroup: 10001, containerUsers: [0] }, { runAsSameUser: true },
      'VaultAgentInjection: runAsSameUser needs the first container to set a non-root securityContext user (the injector copies it to the agent); set it or use runAsUser.'],
    ['prePopulateOnly: false on a Job', 'Job', runsAsUser, { prePopulateOnly: false },
      'VaultAgentInjection: prePopulateOnly is false, but the pods of a Job run to completion and the agent sidecar never exits (vault-k8s injects it as an ordinary container), so the Job would never finish. Leave prePopulateOnly unset: the agent then runs as an init container only.'],
    ['prePopulateOnly: false on a CronJob', 'CronJob', runsAsUser, { prePopulateOnly: false },
      'VaultAgentInjection: prePopulateOnly is false, but the pods of a CronJob run to completion and the agent sidecar never exits (vault-k8s injects it as an ordinary container), so the CronJob would never finish. Leave prePopulateOnly unset: the agent then runs as an init container only.'],
    ['containers naming an unknown container', 'Deployment', runsAsUser, { containers: ['web'] },
      'VaultAgentInjection: containers[0] "web" is not a container of the workload (containers: "app").'],
    ['a ServiceAccount other than the workload\'s', 'Deployment', { ...runsAsUser, serviceAccountName: 'other' }, {},
      'VaultAgentInjection: serviceAccount "app" differs from the workload\'s ServiceAccount "other"; the Vault role must be bound to the account the pods run as.'],
    ['a workload in kube-system', 'Deployment', runsAsUser, { namespace: 'kube-system' },
      'VaultAgentInjection: namespace "kube-system" is the namespace of the cluster\'s own controllers and add-ons; granting secret access to a ServiceAccount there hands the secrets to whatever compromises any of them. Use a ServiceAccount in the application\'s namespace, or set allowKubeSystem: true.'],
  ])('refuses %s with the same message', (_, kind, pod, extra, message) => {
    expect(() => injectCdk8s(kind, pod, extra)).toThrow(message);
    const build = () => injectPulumi(kind, pod, extra);
    expect(build).toThrow(message);
    try {
      build();
    } catch (e) {
      expect((e as Error).message).toBe(message);
    }
  });
});
