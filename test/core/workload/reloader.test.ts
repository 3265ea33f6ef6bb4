import { mergeReloadAnnotation, reloaderEntry, secretsConsumedByPodSpec } from '../../../src/core';
import { compileGoRegex } from '../../../src/core/validate/re2';
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
    const app = { name: 'app', runAsUser: 10001 };
    const root = { name: 'app', runAsUser: 0 };
    expect(() => checkSecretReadableByPod('mountSecret', 0o400, { fsGroup: 10001, containers: [app] }, [app])).not.toThrow();
    expect(() => checkSecretReadableByPod('mountSecret', 0o400, { containers: [root] }, [root])).not.toThrow();
    // The pod's user applies to containers that set none (Kubernetes: the container's own wins).
    expect(() => checkSecretReadableByPod('mountSecret', 0o400, { runAsUser: 0, containers: [{ name: 'app' }] }, [{ name: 'app' }])).not.toThrow();
    expect(() => checkSecretReadableByPod('mountSecret', 0o400, { runAsUser: 0, containers: [app] }, [app])).toThrow('mountSecret: workload has no securityContext.fsGroup');
    expect(() => checkSecretReadableByPod('mountSecret', 0o400, { containers: [app] }, [app])).toThrow('mountSecret: workload has no securityContext.fsGroup, so the Secret\'s files (mode 0o400) are owned by root:root and a non-root container cannot read them. Set the pod\'s securityContext fsGroup to the container\'s group (Kubernetes then makes the files group-readable by it).');
  });
});

/**
 * Reloader's matcher, ported: stakater/Reloader `pkg/common/common.go` (`ShouldReload`, v1.4.x) splits the
 * annotation on ",", trims each entry and compiles `"^" + entry + "$"` with Go's regexp (RE2), restarting
 * the workload when it matches the changed Secret's name. compileGoRegex evaluates with re2js (RE2).
 */
function reloaderRestartsOn(annotation: string, secretName: string): boolean {
  return annotation.split(',').map(v => v.trim()).some(entry => {
    let re;
    try {
      re = compileGoRegex('Reloader', 'entry', `^${entry}$`);
    } catch {
      return false; // Reloader logs the invalid entry and skips it
    }
    return re.find(secretName);
  });
}

describe('Reloader entries match exactly the named Secret', () => {
  const names = ['db.credentials', 'tls.example.com', 'payment-gateway-key', 'a.b.c', 'x'];
  const nearMisses: Record<string, string[]> = {
    'db.credentials': ['dbxcredentials', 'db-credentials', 'db.credentials2', 'adb.credentials', 'db.credential'],
    'tls.example.com': ['tls-example-com', 'tlsXexampleXcom', 'tls.example.comm', 'tls.example.co'],
    'payment-gateway-key': ['payment-gateway-keys', 'xpayment-gateway-key', 'payment-gateway'],
    'a.b.c': ['aXbXc', 'a.b.cd', 'a.bbc'],
    'x': ['xx', 'y', ''],
  };

  test('the entry is the name with Go regexp.QuoteMeta applied', () => {
    expect(reloaderEntry('db.credentials')).toBe('db\\.credentials');
    expect(reloaderEntry('payment-gateway-key')).toBe('payment-gateway-key');
    expect(mergeReloadAnnotation(undefined, ['db.credentials', 'api-token'])).toBe('api-token,db\\.credentials');
  });

  test.each(names)('%s: restarts on its own change, not on near-miss names', name => {
    const annotation = mergeReloadAnnotation(undefined, names);
    expect(reloaderRestartsOn(annotation, name)).toBe(true);
    for (const miss of nearMisses[name]) {
      expect(reloaderRestartsOn(annotation, miss)).toBe(false);
    }
  });

  test('the unescaped name, as emitted before, over-matches (the bug this fixes)', () => {
    expect(reloaderRestartsOn('db.credentials', 'dbxcredentials')).toBe(true);
    expect(reloaderRestartsOn(mergeReloadAnnotation(undefined, ['db.credentials']), 'dbxcredentials')).toBe(false);
  });

  test('entries already in the annotation are kept as written; duplicates of the exact entry collapse', () => {
    expect(mergeReloadAnnotation('legacy-.*, db\\.credentials', ['db.credentials', 'cache'])).toBe('cache,db\\.credentials,legacy-.*');
    // A user-written pattern stays a pattern: Reloader reads it as the user meant.
    expect(reloaderRestartsOn(mergeReloadAnnotation('legacy-.*', ['cache']), 'legacy-one')).toBe(true);
  });
});
