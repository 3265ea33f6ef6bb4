/**
 * Contract test of src/constructs/internal/cdk8s-plus-adapter.ts and of the cdk8s-plus behaviour the
 * constructs rely on. When a cdk8s-plus release changes any of it, this fails first and says what moved.
 */
import { ApiObject, Cron, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { VOLUME_CONSTRUCTOR_ARITY, volumeFromConfig } from '../../src/constructs/internal/cdk8s-plus-adapter';
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
    const volume = volumeFromConfig(chart, 'v', 'vault-token', projected);
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
});
