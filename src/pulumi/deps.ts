import type * as awsTypes from '@pulumi/aws';
import type * as k8sTypes from '@pulumi/kubernetes';

/**
 * Load an optional peer dependency when a component first needs it, so a program that uses only the
 * Kubernetes components does not need `@pulumi/aws` (and vice versa).
 */
function load<T>(name: string, component: string): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(name) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((e as Error).message).includes(`'${name}'`)) {
      throw new Error(`${component} needs ${name}, an optional peer dependency of kube-secure-secrets: npm install ${name}`);
    }
    throw e;
  }
}

/**
 * `@pulumi/kubernetes`, loaded on first use.
 * @internal
 */
export function kubernetes(component: string): typeof k8sTypes {
  return load<typeof k8sTypes>('@pulumi/kubernetes', component);
}

/**
 * `@pulumi/aws`, loaded on first use.
 * @internal
 */
export function awsSdk(component: string): typeof awsTypes {
  return load<typeof awsTypes>('@pulumi/aws', component);
}
