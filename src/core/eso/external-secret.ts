import { ValidationError, q } from '../errors';
import { KubeManifest, objectMetadata } from '../manifest';
import { ESO_API_VERSION, SecretStoreKind, StoreReference } from './common';
import { checkGoDuration } from '../validate/duration';
import { checkNamespace, checkObjectName, checkStringMap, checkSecretKey } from '../validate/names';

/** How ESO decodes a fetched value before writing it. */
export type DecodingStrategy = 'Auto' | 'Base64' | 'Base64URL' | 'None';

/** One key of the target Secret, fetched from one remote secret (`spec.data[]`). */
export interface ExternalSecretData {
  /** The key in the target Secret (`^[-._a-zA-Z0-9]+$`). */
  readonly secretKey: string;
  /** The remote secret's name or path, e.g. `production/payments/postgres`. */
  readonly remoteKey: string;
  /**
   * A JSON property of the remote value, e.g. `password`.
   * @default - the whole value
   */
  readonly property?: string;
  /**
   * The remote version (e.g. an AWS version stage such as `AWSCURRENT`).
   * @default - the provider's current version
   */
  readonly version?: string;
  /**
   * How to decode the value.
   * @default - none (ESO's default, "None")
   */
  readonly decodingStrategy?: DecodingStrategy;
}

/** Copy every JSON property of one remote secret into the target (`dataFrom[].extract`). */
export interface ExternalSecretExtract {
  /** The remote secret's name or path. */
  readonly key: string;
  /**
   * A JSON property whose value (an object) is extracted instead of the whole secret.
   * @default - the whole secret
   */
  readonly property?: string;
  /**
   * The remote version.
   * @default - the provider's current version
   */
  readonly version?: string;
  /**
   * How to decode the values.
   * @default - none (ESO's default, "None")
   */
  readonly decodingStrategy?: DecodingStrategy;
}

/**
 * Copy every remote secret that matches into the target (`dataFrom[].find`). Needs list permissions
 * on the provider (AWS `secretsmanager:ListSecrets` on `*`), so prefer `data` or `extract`.
 */
export interface ExternalSecretFind {
  /**
   * A regular expression the remote secret names must match.
   * @default - any name (then path or tags must narrow the match)
   */
  readonly nameRegexp?: string;
  /**
   * A path prefix the remote secrets must be under.
   * @default - any path
   */
  readonly path?: string;
  /**
   * Tags the remote secrets must carry.
   * @default - no tag filter
   */
  readonly tags?: Record<string, string>;
  /**
   * How to decode the values.
   * @default - none (ESO's default, "None")
   */
  readonly decodingStrategy?: DecodingStrategy;
}

/** One `dataFrom` entry: exactly one of `extract` and `find`. */
export interface ExternalSecretDataFrom {
  /**
   * Copy all properties of one remote secret.
   * @default - none
   */
  readonly extract?: ExternalSecretExtract;
  /**
   * Copy all matching remote secrets.
   * @default - none
   */
  readonly find?: ExternalSecretFind;
}

/** Labels and annotations for the target Secret. */
export interface TemplateMetadataOptions {
  /**
   * Labels of the target Secret.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Annotations of the target Secret.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/** Options of {@link ExternalSecretTemplate.dockerConfigJson}. */
export interface DockerConfigJsonTemplateOptions extends TemplateMetadataOptions {
  /** The registry host, e.g. `registry.example.com` or `ghcr.io`. */
  readonly registry: string;
  /** The fetched key that holds the user name. */
  readonly usernameKey: string;
  /** The fetched key that holds the password or token. */
  readonly passwordKey: string;
}

/** Options of {@link ExternalSecretTemplate.tls}. */
export interface TlsTemplateOptions extends TemplateMetadataOptions {
  /** The fetched key that holds the PEM certificate (chain). */
  readonly certKey: string;
  /** The fetched key that holds the PEM private key. */
  readonly keyKey: string;
  /**
   * The fetched key that holds the CA certificate, written as `ca.crt`.
   * @default - no ca.crt
   */
  readonly caKey?: string;
}

/** Options of {@link ExternalSecretTemplate.basicAuth}. */
export interface BasicAuthTemplateOptions extends TemplateMetadataOptions {
  /** The fetched key that holds the user name. */
  readonly usernameKey: string;
  /** The fetched key that holds the password. */
  readonly passwordKey: string;
}

function accessor(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `(index . ${JSON.stringify(key)})`;
}

/**
 * The shape of the target Secret: its `type` and keys, rendered by ESO's template engine (v2) from the
 * fetched keys. Typed templates for the common Secret types check that the keys they use are fetched.
 * @see https://external-secrets.io/latest/guides/templating/
 */
export class ExternalSecretTemplate {
  /**
   * An `Opaque` Secret; with `data`, its keys are rendered from the given templates (e.g.
   * `{ DATABASE_URL: 'postgres://{{ .user }}:{{ .password }}@db:5432/app' }`).
   * @param data target key -> template
   * @param options labels and annotations of the target Secret
   */
  public static opaque(data?: Record<string, string>, options: TemplateMetadataOptions = {}): ExternalSecretTemplate {
    return new ExternalSecretTemplate('Opaque', data, [], options);
  }

  /**
   * A `kubernetes.io/dockerconfigjson` image pull Secret for one registry, built from a fetched user name
   * and password (values are JSON-escaped by the template).
   */
  public static dockerConfigJson(options: DockerConfigJsonTemplateOptions): ExternalSecretTemplate {
    const component = 'ExternalSecretTemplate.dockerConfigJson';
    if (typeof options.registry !== 'string' || !/^[^\s"'{}]+$/.test(options.registry)) {
      throw new ValidationError(component, 'registry', `${q(options.registry)} is not a registry host; expected e.g. "registry.example.com".`);
    }
    const u = accessor(checkSecretKey(component, 'usernameKey', options.usernameKey));
    const p = accessor(checkSecretKey(component, 'passwordKey', options.passwordKey));
    const config = `{"auths":{${JSON.stringify(options.registry)}:{"username":{{ ${u} | toJson }},"password":{{ ${p} | toJson }},`
      + `"auth":{{ printf "%s:%s" ${u} ${p} | b64enc | toJson }}}}}`;
    return new ExternalSecretTemplate('kubernetes.io/dockerconfigjson', { '.dockerconfigjson': config }, [options.usernameKey, options.passwordKey], options);
  }

  /** A `kubernetes.io/tls` Secret (`tls.crt`, `tls.key`, optional `ca.crt`). */
  public static tls(options: TlsTemplateOptions): ExternalSecretTemplate {
    const component = 'ExternalSecretTemplate.tls';
    const data: Record<string, string> = {
      'tls.crt': `{{ ${accessor(checkSecretKey(component, 'certKey', options.certKey))} }}`,
      'tls.key': `{{ ${accessor(checkSecretKey(component, 'keyKey', options.keyKey))} }}`,
    };
    const used = [options.certKey, options.keyKey];
    if (options.caKey !== undefined) {
      data['ca.crt'] = `{{ ${accessor(checkSecretKey(component, 'caKey', options.caKey))} }}`;
      used.push(options.caKey);
    }
    return new ExternalSecretTemplate('kubernetes.io/tls', data, used, options);
  }

  /** A `kubernetes.io/basic-auth` Secret (`username`, `password`). */
  public static basicAuth(options: BasicAuthTemplateOptions): ExternalSecretTemplate {
    const component = 'ExternalSecretTemplate.basicAuth';
    return new ExternalSecretTemplate('kubernetes.io/basic-auth', {
      username: `{{ ${accessor(checkSecretKey(component, 'usernameKey', options.usernameKey))} }}`,
      password: `{{ ${accessor(checkSecretKey(component, 'passwordKey', options.passwordKey))} }}`,
    }, [options.usernameKey, options.passwordKey], options);
  }

  /** The target Secret's `type`. */
  public readonly type: string;
  /** The fetched keys this template reads. */
  public readonly referencedKeys: readonly string[];
  private readonly data?: Record<string, string>;
  private readonly metadata: TemplateMetadataOptions;

  private constructor(type: string, data: Record<string, string> | undefined, referencedKeys: string[], metadata: TemplateMetadataOptions) {
    this.type = type;
    this.data = data;
    this.referencedKeys = referencedKeys;
    this.metadata = metadata;
    if (data !== undefined) {
      for (const key of Object.keys(data)) {
        checkSecretKey('ExternalSecretTemplate', `data[${q(key)}]`, key);
        if (typeof data[key] !== 'string') {
          throw new ValidationError('ExternalSecretTemplate', `data[${q(key)}]`, 'must be a template string.');
        }
      }
    }
  }

  /**
   * Render `spec.target.template`.
   * @internal
   */
  public _render(component: string): Record<string, unknown> {
    const labels = checkStringMap(component, 'target.template labels', this.metadata.labels, 'label');
    const annotations = checkStringMap(component, 'target.template annotations', this.metadata.annotations, 'annotation');
    const metadata = {
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    };
    return {
      engineVersion: 'v2',
      type: this.type,
      ...(this.data !== undefined ? { data: { ...this.data } } : {}),
      ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
    };
  }
}

/** The Secret an ExternalSecret writes. */
export interface ExternalSecretTarget {
  /**
   * The target Secret's name.
   * @default - the ExternalSecret's name
   */
  readonly name?: string;
  /**
   * Who owns the target Secret. `Owner` (ESO creates it and deletes it with the ExternalSecret) keeps
   * one source of truth; `Merge` writes into an existing Secret; `Orphan` leaves it behind; `None`
   * only renders.
   * @default "Owner"
   */
  readonly creationPolicy?: 'Owner' | 'Orphan' | 'Merge' | 'None';
  /**
   * What ESO does to the target when the remote secret disappears.
   * @default - ESO's default ("Retain")
   */
  readonly deletionPolicy?: 'Delete' | 'Merge' | 'Retain';
  /**
   * The target Secret's type, without templating the keys (e.g. `kubernetes.io/tls` when the remote
   * keys are already `tls.crt` and `tls.key`). Use `template` to map keys.
   * @default - Opaque
   */
  readonly type?: string;
  /**
   * The shape of the target Secret.
   * @default - the fetched keys as they are, type Opaque
   */
  readonly template?: ExternalSecretTemplate;
  /**
   * Make the target Secret immutable (it cannot be rotated in place then).
   * @default false
   */
  readonly immutable?: boolean;
}

/** Options of the pure builder behind both `ExternalSecret` front-ends. */
export interface ExternalSecretOptions {
  /** The ExternalSecret's name. */
  readonly name: string;
  /** Its namespace (the target Secret's namespace). */
  readonly namespace: string;
  /** The store to read from. */
  readonly store: StoreReference | { readonly storeRef: StoreReference };
  /**
   * How often ESO re-reads the remote value, as a Go duration (`1h`, `15m`, `1h30m`); `0s` reads once.
   * Rotated values reach the Secret within this interval; Reloader then restarts the consumers.
   * @default "1h"
   */
  readonly refreshInterval?: string;
  /**
   * When ESO refreshes: `Periodic` (every refreshInterval), `OnChange` (when the ExternalSecret changes)
   * or `CreatedOnce`.
   * @default - ESO's default (Periodic)
   */
  readonly refreshPolicy?: 'CreatedOnce' | 'Periodic' | 'OnChange';
  /**
   * The Secret to write: name (default: the ExternalSecret's), `creationPolicy` (default `Owner`),
   * `deletionPolicy`, `type`, `template` (see `ExternalSecretTemplate`).
   * @default - a Secret named like the ExternalSecret, creationPolicy Owner
   */
  readonly target?: ExternalSecretTarget;
  /**
   * Keys fetched one by one: `{ secretKey, remoteKey, property?, version? }`.
   * @default - none (then dataFrom is required)
   */
  readonly data?: ExternalSecretData[];
  /**
   * Keys fetched in bulk: `{ extract: { key } }` or `{ find: { path | nameRegexp | tags } }`.
   * @default - none (then data is required)
   */
  readonly dataFrom?: ExternalSecretDataFrom[];
  /**
   * Labels of the ExternalSecret.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * The component name used in error messages.
   * @default "ExternalSecret"
   */
  readonly component?: string;
}

const DECODING: DecodingStrategy[] = ['Auto', 'Base64', 'Base64URL', 'None'];

function optionalText(component: string, prop: string, value: unknown): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || value === '') {
    throw new ValidationError(component, prop, `${q(value)} must be a non-empty string.`);
  }
  return value;
}

function decoding(component: string, prop: string, value: unknown): { decodingStrategy?: DecodingStrategy } {
  if (value === undefined) {
    return {};
  }
  if (!DECODING.includes(value as DecodingStrategy)) {
    throw new ValidationError(component, prop, `${q(value)} is not valid; use one of ${DECODING.map(d => q(d)).join(', ')}.`);
  }
  return { decodingStrategy: value as DecodingStrategy };
}

/**
 * Resolve a store or store reference.
 * @internal
 */
export function storeReferenceOf(component: string, store: ExternalSecretOptions['store']): StoreReference {
  const ref = store && typeof store === 'object' && 'storeRef' in store ? store.storeRef : store as StoreReference;
  if (!ref || typeof ref !== 'object') {
    throw new ValidationError(component, 'store', 'is missing; pass a SecretStore, a ClusterSecretStore or { name, kind }.');
  }
  if (ref.kind !== SecretStoreKind.SECRET_STORE && ref.kind !== SecretStoreKind.CLUSTER_SECRET_STORE) {
    throw new ValidationError(component, 'store.kind', `${q(ref.kind)} is not a store kind; use "SecretStore" or "ClusterSecretStore".`);
  }
  checkObjectName(component, 'store.name', ref.name, `${ref.kind} name`);
  return ref;
}

/**
 * Build an `ExternalSecret` (`external-secrets.io/v1`): where the values live, never what they are.
 * @see https://external-secrets.io/latest/api/externalsecret/
 */
export function externalSecretManifest(options: ExternalSecretOptions): KubeManifest {
  const component = options.component ?? 'ExternalSecret';
  const name = checkObjectName(component, 'name', options.name, 'ExternalSecret name');
  const namespace = checkNamespace(component, 'namespace', options.namespace);
  const store = storeReferenceOf(component, options.store);
  if (store.kind === SecretStoreKind.SECRET_STORE && store.namespace !== undefined && store.namespace !== namespace) {
    throw new ValidationError(component, 'store', `SecretStore ${q(store.name)} is in namespace ${q(store.namespace)} but the ExternalSecret is in ${q(namespace)}; a SecretStore serves only its own namespace. Create a SecretStore in ${q(namespace)} or use a ClusterSecretStore that allows it.`);
  }
  const refreshInterval = checkGoDuration(component, 'refreshInterval', options.refreshInterval ?? '1h');
  if (options.refreshPolicy !== undefined && !['CreatedOnce', 'Periodic', 'OnChange'].includes(options.refreshPolicy)) {
    throw new ValidationError(component, 'refreshPolicy', `${q(options.refreshPolicy)} is not valid; use "Periodic", "OnChange" or "CreatedOnce".`);
  }

  const hasData = (options.data?.length ?? 0) > 0;
  const hasDataFrom = (options.dataFrom?.length ?? 0) > 0;
  if (!hasData && !hasDataFrom) {
    throw new ValidationError(component, 'data', 'and dataFrom are both empty; list the keys to fetch in data (or dataFrom for bulk extract/find).');
  }
  const seen = new Map<string, number>();
  const data = (options.data ?? []).map((d, i) => {
    const prop = `data[${i}]`;
    const secretKey = checkSecretKey(component, `${prop}.secretKey`, d.secretKey);
    if (seen.has(secretKey)) {
      throw new ValidationError(component, `${prop}.secretKey`, `${q(secretKey)} is already used by data[${seen.get(secretKey)}]; each key of the target Secret must be fetched once.`);
    }
    seen.set(secretKey, i);
    const key = optionalText(component, `${prop}.remoteKey`, d.remoteKey);
    if (key === undefined) {
      throw new ValidationError(component, `${prop}.remoteKey`, 'is missing; give the remote secret name or path.');
    }
    const property = optionalText(component, `${prop}.property`, d.property);
    const version = optionalText(component, `${prop}.version`, d.version);
    return {
      secretKey,
      remoteRef: {
        key,
        ...(property !== undefined ? { property } : {}),
        ...(version !== undefined ? { version } : {}),
        ...decoding(component, `${prop}.decodingStrategy`, d.decodingStrategy),
      },
    };
  });
  const dataFrom = (options.dataFrom ?? []).map((d, i) => {
    const prop = `dataFrom[${i}]`;
    if ((d.extract === undefined) === (d.find === undefined)) {
      throw new ValidationError(component, prop, 'must have exactly one of extract and find.');
    }
    if (d.extract) {
      const key = optionalText(component, `${prop}.extract.key`, d.extract.key);
      if (key === undefined) {
        throw new ValidationError(component, `${prop}.extract.key`, 'is missing; give the remote secret name or path.');
      }
      const property = optionalText(component, `${prop}.extract.property`, d.extract.property);
      const version = optionalText(component, `${prop}.extract.version`, d.extract.version);
      return {
        extract: {
          key,
          ...(property !== undefined ? { property } : {}),
          ...(version !== undefined ? { version } : {}),
          ...decoding(component, `${prop}.extract.decodingStrategy`, d.extract.decodingStrategy),
        },
      };
    }
    const f = d.find!;
    const nameRegexp = optionalText(component, `${prop}.find.nameRegexp`, f.nameRegexp);
    const path = optionalText(component, `${prop}.find.path`, f.path);
    const tags = f.tags === undefined ? undefined : checkStringMap(component, `${prop}.find.tags`, f.tags, 'annotation');
    if (nameRegexp === undefined && path === undefined && (tags === undefined || Object.keys(tags).length === 0)) {
      throw new ValidationError(component, `${prop}.find`, 'matches every secret the store can read; narrow it with nameRegexp, path or tags.');
    }
    if (nameRegexp !== undefined) {
      try {
        new RegExp(nameRegexp);
      } catch {
        throw new ValidationError(component, `${prop}.find.nameRegexp`, `${q(nameRegexp)} is not a valid regular expression.`);
      }
    }
    return {
      find: {
        ...(nameRegexp !== undefined ? { name: { regexp: nameRegexp } } : {}),
        ...(path !== undefined ? { path } : {}),
        ...(tags !== undefined ? { tags } : {}),
        ...decoding(component, `${prop}.find.decodingStrategy`, f.decodingStrategy),
      },
    };
  });

  const target = options.target ?? {};
  const targetName = checkObjectName(component, 'target.name', target.name ?? name, 'Secret name');
  const creationPolicy = target.creationPolicy ?? 'Owner';
  if (!['Owner', 'Orphan', 'Merge', 'None'].includes(creationPolicy)) {
    throw new ValidationError(component, 'target.creationPolicy', `${q(creationPolicy)} is not valid; use "Owner", "Orphan", "Merge" or "None".`);
  }
  if (target.deletionPolicy !== undefined && !['Delete', 'Merge', 'Retain'].includes(target.deletionPolicy)) {
    throw new ValidationError(component, 'target.deletionPolicy', `${q(target.deletionPolicy)} is not valid; use "Delete", "Merge" or "Retain".`);
  }
  let template: Record<string, unknown> | undefined;
  if (target.template !== undefined) {
    if (!(target.template instanceof ExternalSecretTemplate)) {
      throw new ValidationError(component, 'target.template', 'must be built with ExternalSecretTemplate (opaque, dockerConfigJson, tls or basicAuth).');
    }
    if (target.type !== undefined && target.type !== target.template.type) {
      throw new ValidationError(component, 'target.type', `${q(target.type)} contradicts the template's type ${q(target.template.type)}; set one of them.`);
    }
    if (!hasDataFrom) {
      target.template.referencedKeys.forEach(key => {
        if (!seen.has(key)) {
          throw new ValidationError(component, 'target.template', `uses key ${q(key)}, which no data[] entry fetches (fetched: ${[...seen.keys()].map(k => q(k)).join(', ')}).`);
        }
      });
    }
    template = target.template._render(component);
  } else if (target.type !== undefined) {
    if (typeof target.type !== 'string' || target.type === '') {
      throw new ValidationError(component, 'target.type', `${q(target.type)} is not a Secret type.`);
    }
    template = { engineVersion: 'v2', type: target.type };
  }

  return {
    apiVersion: ESO_API_VERSION,
    kind: 'ExternalSecret',
    metadata: objectMetadata(component, name, namespace, options.labels),
    spec: {
      refreshInterval,
      ...(options.refreshPolicy !== undefined ? { refreshPolicy: options.refreshPolicy } : {}),
      secretStoreRef: { name: store.name, kind: store.kind },
      target: {
        name: targetName,
        creationPolicy,
        ...(target.deletionPolicy !== undefined ? { deletionPolicy: target.deletionPolicy } : {}),
        ...(target.immutable !== undefined ? { immutable: target.immutable } : {}),
        ...(template !== undefined ? { template } : {}),
      },
      ...(hasData ? { data } : {}),
      ...(hasDataFrom ? { dataFrom } : {}),
    },
  };
}
