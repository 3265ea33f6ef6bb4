import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { WorkloadKind } from '../../core';
import { kubernetes } from '../deps';
import { WorkloadArgsLike } from './consumption';

/**
 * A workload resource of `@pulumi/kubernetes`, by kind.
 * @internal
 */
export type WorkloadResource = k8s.apps.v1.Deployment | k8s.apps.v1.StatefulSet | k8s.apps.v1.DaemonSet | k8s.batch.v1.Job | k8s.batch.v1.CronJob;

/**
 * Create the `@pulumi/kubernetes` workload of `kind` from args the patterns have wired (volumes, env,
 * annotations): the one place the Pulumi patterns map a workload kind to its class. `Pod` is not a
 * workload the patterns create (a Pod kind gets the default, a Deployment, as before).
 * @internal
 */
export function createWorkload(
  component: string, kind: WorkloadKind, name: string, args: WorkloadArgsLike, opts: pulumi.CustomResourceOptions,
): WorkloadResource {
  const kube = kubernetes(component);
  switch (kind) {
    case 'StatefulSet': return new kube.apps.v1.StatefulSet(name, args as k8s.apps.v1.StatefulSetArgs, opts);
    case 'DaemonSet': return new kube.apps.v1.DaemonSet(name, args as k8s.apps.v1.DaemonSetArgs, opts);
    case 'Job': return new kube.batch.v1.Job(name, args as k8s.batch.v1.JobArgs, opts);
    case 'CronJob': return new kube.batch.v1.CronJob(name, args as k8s.batch.v1.CronJobArgs, opts);
    default: return new kube.apps.v1.Deployment(name, args as k8s.apps.v1.DeploymentArgs, opts);
  }
}
