/**
 * Templates of an ExternalSecret's target Secret (`spec.target.template`, ESO template engine v2).
 */
import { ValidationError, q } from '../errors';
import { readGoTemplate } from './go-template';
import { checkSecretKey, checkStringMap } from '../validate/names';
import { checkObject, optIn } from '../validate/values';

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

/** Options of {@link ExternalSecretTemplate.opaque}. */
export interface OpaqueTemplateOptions extends TemplateMetadataOptions {
  /**
   * Allow template values that read no fetched key (literal text such as a port or a host name). Such a
   * value is written into the manifest, and so into Git, as it stands: never use it for a secret. Only
   * the boolean `true` turns it on.
   * @default false
   */
  readonly allowLiteralValues?: boolean;
}

/** `spec.target.template` as written by the library. */
export interface ExternalSecretTemplateSpec {
  /** Always `v2`. */
  readonly engineVersion: 'v2';
  /** The target Secret's type. */
  readonly type: string;
  /**
   * Target key -> Go template.
   * @default - the fetched keys as they are
   */
  readonly data?: Record<string, string>;
  /**
   * Labels and annotations of the target Secret.
   * @default - none
   */
  readonly metadata?: {
    /**
     * Labels.
     * @default - none
     */
    readonly labels?: Record<string, string>;
    /**
     * Annotations.
     * @default - none
     */
    readonly annotations?: Record<string, string>;
  };
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
   * `{ DATABASE_URL: 'postgres://{{ .user }}:{{ .password }}@db:5432/app' }`). Every value must read at
   * least one fetched key (`{{ .key }}`, `{{ index . "key-with-dashes" }}`): a value without one is
   * literal text that the manifest would carry into Git (`{ password: 'hunter2' }`), and is refused
   * unless `allowLiteralValues: true` says it is not secret. Keys read by name must be fetched by
   * `data[]` (checked when the ExternalSecret has no `dataFrom`).
   * @param data target key -> template
   * @param options labels and annotations of the target Secret, and the literal-value opt-in
   */
  public static opaque(data?: Record<string, string>, options: OpaqueTemplateOptions = {}): ExternalSecretTemplate {
    const component = 'ExternalSecretTemplate.opaque';
    const opts = checkObject(component, 'options', options, 'the template options { labels?, annotations?, allowLiteralValues? }') as OpaqueTemplateOptions;
    const allowLiteral = optIn(component, 'allowLiteralValues', opts.allowLiteralValues);
    if (data === undefined) {
      return new ExternalSecretTemplate('Opaque', undefined, [], opts);
    }
    const checked = checkTemplateData(data);
    const used = new Set<string>();
    for (const [key, text] of Object.entries(checked)) {
      const reads = readGoTemplate('ExternalSecretTemplate', `data[${q(key)}]`, text);
      if (!reads.readsData && !allowLiteral) {
        throw new ValidationError(component, `data[${q(key)}]`, 'reads no fetched key: no {{ ... }} action refers to the fetched data (e.g. {{ .password }} or {{ index . "db-password" }}), so the text would be written into the manifest, and into Git, as it stands (the value is not echoed). '
          + 'Fetch the value and template it from its key, or, for text that is not secret (a port, a host name), pass { allowLiteralValues: true }.');
      }
      reads.keys?.forEach(k => used.add(k));
    }
    return new ExternalSecretTemplate('Opaque', checked, [...used], opts);
  }

  /**
   * A `kubernetes.io/dockerconfigjson` image pull Secret for one registry, built from a fetched user name
   * and password (values are JSON-escaped by the template).
   */
  public static dockerConfigJson(raw: DockerConfigJsonTemplateOptions): ExternalSecretTemplate {
    const component = 'ExternalSecretTemplate.dockerConfigJson';
    const options = checkObject(component, 'options', raw, 'the template options { registry, usernameKey, passwordKey }') as unknown as DockerConfigJsonTemplateOptions;
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
  public static tls(raw: TlsTemplateOptions): ExternalSecretTemplate {
    const component = 'ExternalSecretTemplate.tls';
    const options = checkObject(component, 'options', raw, 'the template options { certKey, keyKey, caKey? }') as unknown as TlsTemplateOptions;
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
  public static basicAuth(raw: BasicAuthTemplateOptions): ExternalSecretTemplate {
    const component = 'ExternalSecretTemplate.basicAuth';
    const options = checkObject(component, 'options', raw, 'the template options { usernameKey, passwordKey }') as unknown as BasicAuthTemplateOptions;
    return new ExternalSecretTemplate('kubernetes.io/basic-auth', {
      username: `{{ ${accessor(checkSecretKey(component, 'usernameKey', options.usernameKey))} }}`,
      password: `{{ ${accessor(checkSecretKey(component, 'passwordKey', options.passwordKey))} }}`,
    }, [options.usernameKey, options.passwordKey], options);
  }

  /** The target Secret's `type`. */
  public readonly type: string;
  /** The fetched keys this template reads by name. */
  public readonly referencedKeys: readonly string[];
  /** The keys of the target Secret the template writes (undefined: the fetched keys as they are). */
  public readonly secretKeys: readonly string[] | undefined;
  private readonly data?: Record<string, string>;
  private readonly metadata: TemplateMetadataOptions;

  private constructor(type: string, data: Record<string, string> | undefined, referencedKeys: string[], metadata: TemplateMetadataOptions) {
    this.type = type;
    this.data = data;
    this.referencedKeys = referencedKeys;
    this.secretKeys = data === undefined ? undefined : Object.keys(data);
    this.metadata = { labels: metadata.labels, annotations: metadata.annotations };
  }

  /**
   * Render `spec.target.template`.
   * @internal
   */
  public _render(component: string): ExternalSecretTemplateSpec {
    const labels = checkStringMap(component, 'target.template labels', this.metadata.labels, 'label');
    const annotations = checkStringMap(component, 'target.template annotations', this.metadata.annotations, 'annotation');
    for (const [key, value] of Object.entries(annotations)) {
      // ESO renders the template's annotations as templates too (runtime/template/v2, MergeMap with
      // target "annotations"): a fetched value would land in the Secret's metadata, which kubectl
      // describe and every metadata reader shows in clear text.
      if (readGoTemplate(component, `target.template annotations[${q(key)}]`, value).actions > 0) {
        throw new ValidationError(component, `target.template annotations[${q(key)}]`, 'holds a {{ ... }} template action; ESO renders template annotations as templates, so a fetched value would be written into the Secret\'s metadata, which kubectl describe shows in clear text. Keep annotations literal.');
      }
    }
    const metadata = {
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    };
    return {
      engineVersion: 'v2' as const,
      type: this.type,
      ...(this.data !== undefined ? { data: { ...this.data } } : {}),
      ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
    };
  }
}


/** Check the data of an opaque template: a map of Secret keys to template strings. */
function checkTemplateData(value: unknown): Record<string, string> {
  const data = checkObject('ExternalSecretTemplate', 'data', value, 'a map of target Secret keys to template strings');
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(data)) {
    checkSecretKey('ExternalSecretTemplate', `data[${q(key)}]`, key);
    if (typeof text !== 'string') {
      throw new ValidationError('ExternalSecretTemplate', `data[${q(key)}]`, 'must be a template string.');
    }
    out[key] = text;
  }
  return out;
}
