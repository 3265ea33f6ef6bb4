/**
 * Contract test of src/constructs/internal/cdk8s-plus-adapter.ts and of the cdk8s-plus behaviour the
 * constructs rely on. When a cdk8s-plus release changes any of it, this fails first and says what moved.
 */
import { ApiObject, Cron, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as kplus34 from 'cdk8s-plus-34';
import {
  CDK8S_PLUS_MODULES, VOLUME_CONSTRUCTOR_ARITY, cdk8sPlusOfWorkload, defaultCdk8sPlus, isCdk8sPlusWorkload, volumeFromConfig,
} from '../../src/constructs/internal/cdk8s-plus-adapter';
import { podSpecOfJson, podSpecPointer, workloadKindOf } from '../../src/constructs/util';
import { only, synthValid, testChart } from '../helpers/cdk8s';

const image = 'registry.example.com/app:1.0.0';

describe('the cdk8s-plus adapter contract', () => {
  test('kplus.Volume is still constructed as (scope, id, name, config) and renders { name, ...config }', () => {
    expect(typeof kplus.Volume).toBe('function');
    expect(kplus.Volume.length).toBe(VOLUME_CONSTRUCTOR_ARITY);
    const chart = testChart();
    const d = new kplus.Deployment(chart, 'app', { containers: [{ name: 'app', image }] });
    const projected = { projected: { sources: [{ serviceAccountToken: { path: 'token', audience: 'vault', expirationSeconds: 3600 } }] } };
    const volume = volumeFromConfig(d, chart, 'v', 'vault-token', projected);
    expect(volume).toBeInstanceOf(kplus.Volume);
    expect(volume.name).toBe('vault-token');
    d.addVolume(volume);
    expect(only(synthValid(chart), 'Deployment').spec.template.spec.volumes).toEqual([{ name: 'vault-token', ...projected }]);
  });

  test('public APIs the constructs use instead of private ones', () => {
    const chart = testChart();
    const workloads: kplus.AbstractPod[] = [
      new kplus.Deployment(chart, 'd', { containers: [{ image }] }),
      new kplus.StatefulSet(chart, 's', { containers: [{ image, portNumber: 80 }] }),
      new kplus.DaemonSet(chart, 'ds', { containers: [{ image }] }),
      new kplus.Job(chart, 'j', { containers: [{ image }] }),
      new kplus.CronJob(chart, 'c', { schedule: Cron.daily(), containers: [{ image }] }),
      new kplus.Pod(chart, 'p', { containers: [{ image }] }),
    ];
    for (const w of workloads) {
      // ApiObject.of finds the workload's own object; a JSON patch at podSpecPointer writes into its pod spec.
      const obj = ApiObject.of(w);
      expect(obj.kind).toBe(workloadKindOf(w));
      obj.addJsonPatch(JsonPatch.add(`${podSpecPointer(workloadKindOf(w))}/serviceAccountName`, 'patched'));
      const spec = podSpecOfJson(obj.toJson()) as { serviceAccountName?: string; automountServiceAccountToken?: boolean };
      expect(spec.serviceAccountName).toBe('patched');
      // The pod-level automount setting that SecureServiceAccount's check relies on: false by default.
      expect(spec.automountServiceAccountToken).toBe(false);
      expect(w.automountServiceAccountToken).toBe(false);
    }
    // Job and CronJob pods restart Never by default (a sidecar would keep them running).
    expect(workloads[3].restartPolicy).toBe(kplus.RestartPolicy.NEVER);
    expect(workloads[4].restartPolicy).toBe(kplus.RestartPolicy.NEVER);
    synthValid(chart);
  });

  test('the module of a workload is the major its class comes from; the default is the first installed', () => {
    expect(CDK8S_PLUS_MODULES[0]).toBe('cdk8s-plus-27');
    expect(CDK8S_PLUS_MODULES[CDK8S_PLUS_MODULES.length - 1]).toBe('cdk8s-plus-34');
    expect(defaultCdk8sPlus()).toBe(kplus);
    const chart = testChart();
    const d27 = new kplus.Deployment(chart, 'd27', { containers: [{ image }] });
    const d34 = new kplus34.Deployment(chart, 'd34', { containers: [{ image }] });
    expect(cdk8sPlusOfWorkload(d27)).toBe(kplus);
    expect(cdk8sPlusOfWorkload(d34)).toBe(kplus34);
    for (const notAWorkload of [undefined, null, 'd', {}, kplus.Secret.fromSecretName(chart, 's', 's'), { containers: [], addVolume: () => undefined }]) {
      expect(isCdk8sPlusWorkload(notAWorkload)).toBe(false);
    }
    // A cdk8s-plus-34 volume on a cdk8s-plus-34 workload (the private constructor is the same in 34).
    const volume = volumeFromConfig(d34, chart, 'v34', 'vault-token', { emptyDir: {} });
    expect(volume).toBeInstanceOf(kplus34.Volume);
    expect(kplus34.Volume.length).toBe(VOLUME_CONSTRUCTOR_ARITY);
    // cdk8s-plus reads objects of another major only through public members: a -27 Secret in a -34 volume.
    d34.addVolume(kplus34.Volume.fromSecret(chart, 'sv', kplus.Secret.fromSecretName(chart, 's27', 'db')));
    d34.addVolume(volume);
    expect(only(synthValid(chart), 'Deployment', d34.name).spec.template.spec.volumes).toEqual([
      { name: 'secret-db', secret: { secretName: 'db' } }, { name: 'vault-token', emptyDir: {} },
    ]);
  });
});
