import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { SecretAccessAlertsOptions, secretAccessAlertsManifest } from '../../core';
import { validated } from '../errors';
import { kubernetesResource } from '../kubernetes';

/** Arguments of {@link SecretAccessAlerts} (Pulumi): the core options. */
export interface SecretAccessAlertsArgs extends SecretAccessAlertsOptions {}

/**
 * A `PrometheusRule` with secret-access alerts: the Pulumi twin of the cdk8s `SecretAccessAlerts`.
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PrometheusRule
 */
export class SecretAccessAlerts extends pulumi.ComponentResource {
  /** The PrometheusRule resource. */
  public readonly resource: k8s.apiextensions.CustomResource;
  /** The names of the alerts it defines. */
  public readonly alertNames: string[];

  /**
   * @param name the Pulumi resource name
   * @param args the alert settings
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: SecretAccessAlertsArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:monitoring:SecretAccessAlerts', name, {}, opts);
    const manifest = validated(this, () => secretAccessAlertsManifest(args));
    this.alertNames = manifest.spec.groups.flatMap(g => g.rules.map(r => r.alert));
    this.resource = kubernetesResource(name, manifest, { parent: this }) as k8s.apiextensions.CustomResource;
    this.registerOutputs({ alertNames: this.alertNames });
  }
}
