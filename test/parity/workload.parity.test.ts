/**
 * Parity: mountSecret and envFromSecret wire a workload the same way in cdk8s and Pulumi (volume, mounts,
 * the Reloader annotation with exact entries) and refuse the same inputs with the same message (the
 * "who can read the files" decision lives in core).
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Cron } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as cdk8s from '../../src';
import * as pl from '../../src/pulumi';
import { only, synthValid, testChart } from '../helpers/cdk8s';
import { kubernetesManifests, resetRecorded, settle, setupPulumiMocks } from '../helpers/pulumi';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const image = 'registry.example.com/app:1.0.0';
const RELOAD = 'secret.reloader.stakater.com/reload';

interface Users { podUser?: number; fsGroup?: number; containerUser?: number }

function cdk8sDeployment(users: Users) {
  const chart = testChart();
  const d = new kplus.Deployment(chart, 'app', {
    metadata: { name: 'app' },
    securityContext: {
      ...(users.podUser !== undefined ? { user: users.podUser } : {}),
      ...(users.fsGroup !== undefined ? { fsGroup: users.fsGroup } : {}),
      ensureNonRoot: false,
    },
    containers: [{ name: 'app', image, securityContext: { ...(users.containerUser !== undefined ? { user: users.containerUser } : {}), ensureNonRoot: false } }],
  });
  return { chart, d };
}

function pulumiArgs(users: Users): k8s.apps.v1.DeploymentArgs {
  return {
    metadata: { name: 'app', namespace: 'payments' },
    spec: {
      selector: { matchLabels: { app: 'app' } },
      template: {
        metadata: { labels: { app: 'app' } },
        spec: {
          securityContext: {
            ...(users.podUser !== undefined ? { runAsUser: users.podUser } : {}),
            ...(users.fsGroup !== undefined ? { fsGroup: users.fsGroup } : {}),
          },
          containers: [{ name: 'app', image, securityContext: users.containerUser !== undefined ? { runAsUser: users.containerUser } : {} }],
        },
      },
    },
  };
}

function wiring(d: any) {
  return {
    reload: d.metadata.annotations?.[RELOAD],
    volumes: d.spec.template.spec.volumes,
    mounts: d.spec.template.spec.containers.map((c: any) => c.volumeMounts),
    envFrom: d.spec.template.spec.containers.map((c: any) => c.envFrom),
  };
}

describe('parity: Secret consumption', () => {
  test('dotted Secret names: the same volumes and an exact Reloader entry in both front-ends', async () => {
    const users = { podUser: 10001, fsGroup: 10001 };
    const { chart, d } = cdk8sDeployment(users);
    d.metadata.addAnnotation(RELOAD, 'legacy-.*');
    cdk8s.mountSecret(d, 'db.credentials', { path: '/etc/secrets/db' });
    cdk8s.envFromSecret(d, 'api.token');
    cdk8s.mountSecret(d, 'no.reload', { path: '/etc/secrets/other', reload: false });
    const fromCdk8s = only(synthValid(chart), 'Deployment');

    let args = pulumiArgs(users);
    args = { ...args, metadata: { name: 'app', namespace: 'payments', annotations: { [RELOAD]: 'legacy-.*' } } };
    args = pl.mountSecret(args, 'db.credentials', { path: '/etc/secrets/db' });
    args = pl.envFromSecret(args, 'api.token');
    args = pl.mountSecret(args, 'no.reload', { path: '/etc/secrets/other', reload: false });
    await settle(new k8s.apps.v1.Deployment('app', args));
    const fromPulumi = only(kubernetesManifests(), 'Deployment');

    expect(wiring(fromPulumi)).toEqual(wiring(fromCdk8s));
    // Each entry is the Secret name quoted for Go regexp (Reloader compiles ^entry$); the user's own entry stays.
    expect(fromCdk8s.metadata.annotations[RELOAD]).toBe('api\\.token,db\\.credentials,legacy-.*');
  });

  test.each<[string, Users, (kind: 'cdk8s' | 'pulumi') => [unknown, string, Record<string, unknown>], string]>([
    ['a non-root pod without fsGroup', { podUser: 10001 }, () => ['db', 'mount', { path: '/etc/secrets/db' }],
      'mountSecret: workload has no securityContext.fsGroup, so the Secret\'s files (mode 0o400) are owned by root:root and a non-root container cannot read them. Set the pod\'s securityContext fsGroup to the container\'s group (Kubernetes then makes the files group-readable by it).'],
    ['a root pod whose container runs as another user', { podUser: 0, containerUser: 2000 }, () => ['db', 'mount', { path: '/etc/secrets/db' }],
      'mountSecret: workload has no securityContext.fsGroup'],
    ['reload as the string "false"', { podUser: 10001, fsGroup: 10001 }, () => ['db', 'mount', { path: '/etc/secrets/db', reload: 'false' }],
      'mountSecret: reload must be true or false; received a string "false".'],
    ['null items', { podUser: 10001, fsGroup: 10001 }, () => ['db', 'mount', { path: '/etc/secrets/db', items: null }],
      'mountSecret: items must be a map of Secret key to file name; received null.'],
    ['null options', { podUser: 10001, fsGroup: 10001 }, () => ['db', 'mount', null as unknown as Record<string, unknown>],
      'mountSecret: options must be an object with at least path, e.g. { path: "/etc/secrets/db" }; received null.'],
    ['optional as 1', { podUser: 10001, fsGroup: 10001 }, () => ['db', 'env', { keys: { DB: 'password' }, optional: 1 }],
      'envFromSecret: optional must be true or false; received a number 1.'],
    ['null keys', { podUser: 10001, fsGroup: 10001 }, () => ['db', 'env', { keys: null }],
      'envFromSecret: keys must be a map of environment variable name to Secret key; received null.'],
    ['a wildcard Secret name', { podUser: 10001, fsGroup: 10001 }, () => ['db-*', 'mount', { path: '/etc/secrets/db' }],
      'mountSecret: secret "db-*" is a wildcard or glob; name each object explicitly (Kubernetes matches names exactly and cannot narrow them by pattern).'],
  ])('refuses %s with the same message', (_, users, input, message) => {
    const [secret, how, options] = input('cdk8s');
    const { d } = cdk8sDeployment(users);
    const c = () => how === 'mount' ? cdk8s.mountSecret(d, secret as string, options as any) : cdk8s.envFromSecret(d, secret as string, options as any);
    const p = () => how === 'mount' ? pl.mountSecret(pulumiArgs(users), secret as string, options as any) : pl.envFromSecret(pulumiArgs(users), secret as string, options as any);
    expect(c).toThrow(message);
    expect(p).toThrow(message);
  });

  // Reloader does not restart a Job or a CronJob: it deletes and re-creates a Job (runs it again), and
  // starts an extra Job from a CronJob, whenever a Secret they list changes (stakater/Reloader
  // internal/pkg/callbacks/rolling_upgrade.go, ReCreateJobFromjob and CreateJobFromCronjob). Each run
  // reads the current Secret anyway, so neither front-end writes the annotation on them.
  test.each(['Job', 'CronJob'] as const)('a %s gets the volume but no Reloader annotation, in both', async (kind) => {
    const chart = testChart();
    const container = { name: 'app', image, securityContext: { user: 10001, group: 10001 } };
    const w = kind === 'Job'
      ? new kplus.Job(chart, 'app', { metadata: { name: 'app' }, securityContext: { fsGroup: 10001 }, containers: [container] })
      : new kplus.CronJob(chart, 'app', { metadata: { name: 'app' }, schedule: Cron.daily(), securityContext: { fsGroup: 10001 }, containers: [container] });
    cdk8s.mountSecret(w as any, 'db', { path: '/etc/secrets/db' });
    cdk8s.envFromSecret(w as any, 'api', { keys: { API_TOKEN: 'token' } });
    const fromCdk8s: any = only(synthValid(chart), kind);

    const pod = {
      restartPolicy: 'Never',
      securityContext: { runAsUser: 10001, fsGroup: 10001 },
      containers: [{ name: 'app', image, securityContext: { runAsUser: 10001 } }],
    };
    let args: any = kind === 'Job'
      ? { metadata: { name: 'app', namespace: 'payments' }, spec: { template: { spec: pod } } }
      : { metadata: { name: 'app', namespace: 'payments' }, spec: { schedule: '0 0 * * *', jobTemplate: { spec: { template: { spec: pod } } } } };
    args = pl.mountSecret(args, 'db', { path: '/etc/secrets/db' });
    args = pl.envFromSecret(args, 'api', { keys: { API_TOKEN: 'token' } });
    await settle(kind === 'Job' ? new k8s.batch.v1.Job('app', args) : new k8s.batch.v1.CronJob('app', args));
    const fromPulumi: any = only(kubernetesManifests(), kind);

    for (const m of [fromCdk8s, fromPulumi]) {
      expect(m.metadata.annotations?.[RELOAD]).toBeUndefined();
      const podSpec = kind === 'Job' ? m.spec.template.spec : m.spec.jobTemplate.spec.template.spec;
      expect(podSpec.volumes.map((v: any) => v.secret.secretName)).toEqual(['db']);
    }
  });

  test('a Job gets the SecretProviderClass volume but no Reloader annotation, in both', async () => {
    const SPC_RELOAD = 'secretproviderclass.reloader.stakater.com/reload';
    const chart = testChart();
    const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'migrate' } });
    const job = new kplus.Job(chart, 'migrate', { metadata: { name: 'migrate' }, serviceAccount: sa, containers: [{ name: 'migrate', image }] });
    cdk8s.mountSecretProviderClass(job, 'aws-db', { path: '/mnt/secrets' });
    const fromCdk8s: any = only(synthValid(chart), 'Job');
    const args: any = pl.mountSecretProviderClass({
      metadata: { name: 'migrate', namespace: 'payments' },
      spec: { template: { spec: { restartPolicy: 'Never', serviceAccountName: 'migrate', containers: [{ name: 'migrate', image }] } } },
    }, 'aws-db', { path: '/mnt/secrets' });
    for (const m of [fromCdk8s, args]) {
      expect(m.metadata.annotations?.[SPC_RELOAD]).toBeUndefined();
      expect(m.spec.template.spec.volumes.map((v: any) => v.csi.volumeAttributes.secretProviderClass)).toEqual(['aws-db']);
    }
  });

  test('Pulumi: a restartPolicy that is an Output is refused when the annotation depends on it, not guessed', () => {
    const pod = (restartPolicy: unknown) => ({
      metadata: { name: 'app', namespace: 'payments' },
      spec: { template: { spec: { restartPolicy, securityContext: { runAsUser: 0 }, serviceAccountName: 'app', containers: [{ name: 'app', image }] } } },
    });
    const message = 'mountSecret: args.spec.template.spec.restartPolicy is an Output, so the helper cannot tell a Job (which Reloader would re-run, so it gets no Reloader annotation) from a Deployment. Give restartPolicy as a plain string, or pass reload: false.';
    expect(() => pl.mountSecret(pod(pulumi.output('Never')) as any, 'db', { path: '/etc/secrets/db' })).toThrow(message);
    expect(() => pl.mountSecretProviderClass(pod(pulumi.output('Never')) as any, 'aws-db', { path: '/mnt/secrets' })).toThrow('mountSecretProviderClass: args.spec.template.spec.restartPolicy is an Output');
    // With reload: false nothing depends on the kind.
    expect((pl.mountSecret(pod(pulumi.output('Never')) as any, 'db', { path: '/etc/secrets/db', reload: false }) as any).metadata.annotations).toBeUndefined();
  });

  test('a variable the container already sets is refused, the same in both (not replaced or duplicated)', () => {
    const chart = testChart();
    const d = new kplus.Deployment(chart, 'app', {
      metadata: { name: 'app' },
      containers: [{ name: 'app', image, envVariables: { TOKEN: kplus.EnvValue.fromValue('not-a-secret') }, securityContext: { ensureNonRoot: false } }],
    });
    const args: any = pulumiArgs({ podUser: 0 });
    args.spec.template.spec.containers[0].env = [{ name: 'TOKEN', value: 'not-a-secret' }];
    const message = 'envFromSecret: keys["TOKEN"] is already set in container "app"; a container holds one variable of a name: give this one another name, or drop the container\'s own "TOKEN".';
    expect(() => cdk8s.envFromSecret(d, 'api', { keys: { TOKEN: 'token' } })).toThrow(message);
    expect(() => pl.envFromSecret(args, 'api', { keys: { TOKEN: 'token' } })).toThrow(message);
    // Another name is fine in both.
    cdk8s.envFromSecret(d, 'api', { keys: { API_TOKEN: 'token' } });
    expect((pl.envFromSecret(args, 'api', { keys: { API_TOKEN: 'token' } }) as any).spec.template.spec.containers[0].env.map((e: any) => e.name)).toEqual(['TOKEN', 'API_TOKEN']);
  });

  test('a root pod needs no fsGroup, in both', () => {
    const { chart, d } = cdk8sDeployment({ podUser: 0 });
    cdk8s.mountSecret(d, 'db', { path: '/etc/secrets/db' });
    expect(only(synthValid(chart), 'Deployment').spec.template.spec.volumes[0].secret.defaultMode).toBe(0o400);
    const args: any = pl.mountSecret(pulumiArgs({ podUser: 0 }), 'db', { path: '/etc/secrets/db' });
    expect(args.spec.template.spec.volumes[0].secret.defaultMode).toBe(0o400);
  });
});
