import { mergeReloadAnnotation, secretsConsumedByPodSpec } from '../../../src/core';
import { checkSecretMount, checkSecretReadableByPod } from '../../../src/core/workload/reloader';

describe('Reloader helpers', () => {
  test('mergeReloadAnnotation: existing plus new, sorted and de-duplicated', () => {
    expect(mergeReloadAnnotation(undefined, ['postgres-credentials', 'payment-gateway-key'])).toBe('payment-gateway-key,postgres-credentials');
    expect(mergeReloadAnnotation('zeta, alpha', ['beta', 'alpha'])).toBe('alpha,beta,zeta');
    expect(mergeReloadAnnotation('', [])).toBe('');
  });

  test('secretsConsumedByPodSpec: volumes, projected volumes, env, envFrom of all container kinds; not image pull Secrets', () => {
    expect(secretsConsumedByPodSpec({
      imagePullSecrets: [{ name: 'registry-pull' }],
      volumes: [
        { name: 'a', secret: { secretName: 'vol-secret' } },
        { name: 'b', projected: { sources: [{ secret: { name: 'projected-secret' } }, { configMap: { name: 'cm' } }] } },
        { name: 'c', configMap: { name: 'cm' } },
      ],
      initContainers: [{ name: 'init', envFrom: [{ secretRef: { name: 'init-secret' } }] }],
      containers: [
        { name: 'main', env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'env-secret', key: 'k' } } }, { name: 'B', value: 'x' }] },
        { name: 'side', envFrom: [{ configMapRef: { name: 'cm' } }, { secretRef: { name: 'vol-secret' } }] },
      ],
      ephemeralContainers: [{ name: 'debug', env: [{ name: 'C', valueFrom: { secretKeyRef: { name: 'debug-secret', key: 'k' } } }] }],
    })).toEqual(['debug-secret', 'env-secret', 'init-secret', 'projected-secret', 'vol-secret']);
    expect(secretsConsumedByPodSpec(undefined)).toEqual([]);
  });

  test('checkSecretMount: defaults and refusals', () => {
    expect(checkSecretMount('mountSecret', 'postgres-credentials', { path: '/etc/secrets/postgres' })).toEqual({ volumeName: 'secret-postgres-credentials', defaultMode: 0o400 });
    expect(checkSecretMount('mountSecret', 'tls.example.com', { path: '/tls', defaultMode: 0o440, volumeName: undefined })).toEqual({ volumeName: 'secret-tls-example-com', defaultMode: 0o440 });
    expect(() => checkSecretMount('mountSecret', 'db', { path: 'etc/secrets' })).toThrow('mountSecret: path "etc/secrets" is not an absolute path; mount the Secret at a directory such as "/etc/secrets/db".');
    expect(() => checkSecretMount('mountSecret', 'db', { path: '/etc', defaultMode: 0o644 })).toThrow('mountSecret: defaultMode 0o644 lets every user in the container read the Secret; use 0o400 (owner) or 0o440 (owner and fsGroup).');
    expect(() => checkSecretMount('mountSecret', 'db', { path: '/etc', defaultMode: 420.5 })).toThrow('mountSecret: defaultMode 420.5 is not a file mode; use an octal literal such as 0o400.');
    expect(() => checkSecretMount('mountSecret', 'db', { path: '/etc', items: { password: '../password' } })).toThrow('mountSecret: items["password"] "../password" must be a relative file name under path.');
    expect(() => checkSecretMount('mountSecret', 'db', { path: '/etc', volumeName: 'Bad_Name' })).toThrow('mountSecret: volumeName "Bad_Name" is not a valid volume name (DNS-1123 label); set volumeName.');
  });

  test('checkSecretReadableByPod: a non-root pod needs fsGroup', () => {
    expect(() => checkSecretReadableByPod('mountSecret', 0o400, 10001, false)).not.toThrow();
    expect(() => checkSecretReadableByPod('mountSecret', 0o400, undefined, true)).not.toThrow();
    expect(() => checkSecretReadableByPod('mountSecret', 0o400, undefined, false)).toThrow('mountSecret: workload has no securityContext.fsGroup, so the Secret\'s files (mode 0o400) are owned by root:root and a non-root container cannot read them. Set the pod\'s securityContext fsGroup to the container\'s group (Kubernetes then makes the files group-readable by it).');
  });
});
