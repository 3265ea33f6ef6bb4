/**
 * `dataFrom.find` filters must narrow the match (ESO matches `find.name.regexp` with the unanchored
 * `regexp.MatchString`: external-secrets `runtime/find/find.go`, v2.9.0), and template values must read
 * fetched data instead of carrying literal text into Git (ESO renders them with Go text/template:
 * `runtime/template/v2/template.go`).
 */
import { ExternalSecretOptions, ExternalSecretTemplate, externalSecretManifest } from '../../../src/core';
import { readGoTemplate } from '../../../src/core/eso/go-template';
import { secretNameProbes } from '../../../src/core/eso/probes';
import { expectValidManifests } from '../../helpers/schema';
import { CANARIES } from '../../hostile/harness';

const store = { name: 'aws', kind: 'ClusterSecretStore' as const };
const find = (f: unknown) => externalSecretManifest({ name: 'bulk', namespace: 'payments', store, dataFrom: [{ find: f as never }] });

describe('dataFrom.find', () => {
  test('narrowing filters are written as given; tags are provider tags (AWS keys may hold spaces)', () => {
    const es = find({ nameRegexp: '^payments/', path: 'production/payments', tags: { 'Cost Center': '1234', 'team': 'payments' } });
    expect(es.spec.dataFrom).toEqual([{ find: { name: { regexp: '^payments/' }, path: 'production/payments', tags: { 'Cost Center': '1234', 'team': 'payments' } } }]);
    expectValidManifests([es]);
  });

  test('the probe secret names cover every character class and shape the providers accept', () => {
    expect(secretNameProbes()).toEqual(expect.arrayContaining(['a', 'Z', '0', '/', '_', '+', '=', '.', '@', '-', '/prod/payments/postgres', 'prod/payments/postgres']));
    expect(secretNameProbes().length).toBeGreaterThan(300);
  });

  test.each(['.*', '.', '^', '$', '^.*$', '.+', '(?s).*', '[\\s\\S]', '^.{0,}$', '[^\\x00]', '.?'])('refuses the name expression %s, which matches every secret', source => {
    expect(() => find({ nameRegexp: source })).toThrow(`ExternalSecret: dataFrom[0].find.nameRegexp ${JSON.stringify(source)} matches every secret name (ESO matches it anywhere in the name); narrow it (e.g. "^payments/"), or drop it and narrow find with path or tags.`);
  });

  test('an unanchored name expression is allowed (a substring filter is often what is meant)', () => {
    expect(find({ nameRegexp: 'payments' }).spec.dataFrom![0].find!.name).toEqual({ regexp: 'payments' });
  });

  test('name expressions are Go RE2', () => {
    expect(() => find({ nameRegexp: '^(?!admin).*' })).toThrow('ExternalSecret: dataFrom[0].find.nameRegexp "^(?!admin).*" is not a Go (RE2) regular expression (invalid or unsupported Perl syntax: `(?!`); Go\'s regexp (RE2) has no lookahead, lookbehind or back-references.');
  });

  test.each(['/', '//', ' / '])('refuses the path %j, the root of the store', path => {
    expect(() => find({ path })).toThrow(`ExternalSecret: dataFrom[0].find.path ${JSON.stringify(path)} names no path segment: it is the root of the store and matches every secret; give the path the secrets are under, e.g. "production/payments".`);
  });

  test.each<[string, unknown, string]>([
    ['no filter', {}, 'ExternalSecret: dataFrom[0].find matches every secret the store can read; narrow it with nameRegexp, path or tags.'],
    ['empty tags', { tags: {} }, 'ExternalSecret: dataFrom[0].find matches every secret the store can read; narrow it with nameRegexp, path or tags.'],
    ['null', null, 'ExternalSecret: dataFrom[0].find must be a filter { nameRegexp?, path?, tags? }; received null.'],
    ['a tag value that is not a string', { tags: { team: 1 } }, 'ExternalSecret: dataFrom[0].find.tags["team"] must be a string; received 1.'],
    ['an empty tag key', { tags: { '': 'x' } }, 'ExternalSecret: dataFrom[0].find.tags[""] is an empty tag key; give the tag key.'],
  ])('refuses %s', (_, f, message) => {
    expect(() => find(f)).toThrow(message);
  });
});

describe('Go template reading', () => {
  test.each<[string, boolean, string[] | undefined]>([
    ['hunter2', false, []],
    ['{{ "hunter2" }}', false, []],
    ['{{ printf "%s" "hunter2" }}', false, []],
    ['{{/* .password */}}hunter2', false, []],
    ['{{ .password }}', true, ['password']],
    ['{{- .password -}}', true, ['password']],
    ['{{ index . "db-password" }}', true, ['db-password']],
    ['{{ (index . "tls-cert") }}', true, ['tls-cert']],
    ['postgres://{{ .user }}:{{ .password | urlquery }}@db/app', true, ['user', 'password']],
    ['{{ $.token }}', true, ['token']],
    ['{{ toJson . }}', true, []],
    ['{{ range $k, $v := . }}{{ $k }}={{ $v }}{{ end }}', true, undefined],
    ['{{ with .config }}{{ .host }}{{ end }}', true, undefined],
    ['{{ 1.5 }}', false, []],
    ['{{ "}}" }}{{ .a }}', true, ['a']],
    ['{{ `.x` }}', false, []],
  ])('%s reads data: %s, keys %j', (text, readsData, keys) => {
    const reads = readGoTemplate('X', 'p', text);
    expect(reads.readsData).toBe(readsData);
    expect(reads.keys).toEqual(keys);
  });

  test.each([
    ['{{ .a ', 'an action {{ ... }} is not closed'],
    ['{{ "a }}', 'a quoted string in an action is not closed'],
    ['{{/* a ', 'a comment {{/* ... */}} is not closed'],
  ])('refuses %s, which Go would not parse', (text, reason) => {
    expect(() => readGoTemplate('X', 'p', text)).toThrow(`X: p is not a valid Go template: ${reason}.`);
  });
});

describe('ExternalSecretTemplate.opaque and literal values', () => {
  const data = [{ secretKey: 'password', remoteKey: 'prod/db', property: 'password' }, { secretKey: 'user', remoteKey: 'prod/db', property: 'user' }];
  const es = (template: ExternalSecretTemplate, extra: Partial<ExternalSecretOptions> = {}) =>
    externalSecretManifest({ name: 'db', namespace: 'payments', store, target: { template }, data, ...extra });

  test('the issue: a literal password is refused, and the value is not echoed', () => {
    let message = '';
    try {
      ExternalSecretTemplate.opaque({ password: CANARIES.value });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe('ExternalSecretTemplate.opaque: data["password"] reads no fetched key: no {{ ... }} action refers to the fetched data (e.g. {{ .password }} or {{ index . "db-password" }}), so the text would be written into the manifest, and into Git, as it stands (the value is not echoed). '
      + 'Fetch the value and template it from its key, or, for text that is not secret (a port, a host name), pass { allowLiteralValues: true }.');
    expect(message).not.toContain(CANARIES.value);
    expect(() => ExternalSecretTemplate.opaque({ password: `{{ "${CANARIES.value}" }}` })).toThrow('ExternalSecretTemplate.opaque: data["password"] reads no fetched key');
  });

  test('the documented opt-in, for the boolean true only', () => {
    const template = ExternalSecretTemplate.opaque({ DB_HOST: 'db.payments.svc', DB_PASSWORD: '{{ .password }}' }, { allowLiteralValues: true });
    expect(es(template).spec.target.template).toEqual({ engineVersion: 'v2', type: 'Opaque', data: { DB_HOST: 'db.payments.svc', DB_PASSWORD: '{{ .password }}' } });
    for (const value of ['true', 1, {}]) {
      expect(() => ExternalSecretTemplate.opaque({ a: 'x' }, { allowLiteralValues: value as unknown as boolean }))
        .toThrow('ExternalSecretTemplate.opaque: allowLiteralValues must be the boolean true to opt in, or false or unset;');
    }
  });

  test('keys read by name must be fetched when there is no dataFrom (ESO renders with missingkey=error)', () => {
    expect(() => es(ExternalSecretTemplate.opaque({ URL: 'postgres://{{ .user }}:{{ .pasword }}@db/app' })))
      .toThrow('ExternalSecret: target.template uses key "pasword", which no data[] entry fetches (fetched: "password", "user").');
    const ok = es(ExternalSecretTemplate.opaque({ URL: 'postgres://{{ .user }}:{{ .password }}@db/app' }));
    expectValidManifests([ok]);
    // With dataFrom the fetched keys are not known: not checked.
    expect(() => es(ExternalSecretTemplate.opaque({ URL: '{{ .other }}' }), { dataFrom: [{ extract: { key: 'x' } }] })).not.toThrow();
  });

  test('template annotations must stay literal (ESO renders them as templates too)', () => {
    const template = ExternalSecretTemplate.opaque({ p: '{{ .password }}' }, { annotations: { note: 'copy of {{ .password }}' } });
    expect(() => es(template)).toThrow('ExternalSecret: target.template annotations["note"] holds a {{ ... }} template action; ESO renders template annotations as templates, so a fetched value would be written into the Secret\'s metadata, which kubectl describe shows in clear text. Keep annotations literal.');
  });

  test.each<[string, () => unknown, string]>([
    ['null data', () => ExternalSecretTemplate.opaque(null as never), 'ExternalSecretTemplate: data must be a map of target Secret keys to template strings; received null.'],
    ['a list as data', () => ExternalSecretTemplate.opaque(['{{ .a }}'] as never), 'ExternalSecretTemplate: data must be a map of target Secret keys to template strings; received an array.'],
    ['a number as value', () => ExternalSecretTemplate.opaque({ a: 1 } as never), 'ExternalSecretTemplate: data["a"] must be a template string.'],
    ['null options', () => ExternalSecretTemplate.opaque({ a: '{{ .a }}' }, null as never), 'ExternalSecretTemplate.opaque: options must be the template options { labels?, annotations?, allowLiteralValues? }; received null.'],
    ['an unclosed action', () => ExternalSecretTemplate.opaque({ a: '{{ .a' }), 'ExternalSecretTemplate: data["a"] is not a valid Go template: an action {{ ... }} is not closed.'],
    ['null tls options', () => ExternalSecretTemplate.tls(null as never), 'ExternalSecretTemplate.tls: options must be the template options { certKey, keyKey, caKey? }; received null.'],
    ['null basic-auth options', () => ExternalSecretTemplate.basicAuth(undefined as never), 'ExternalSecretTemplate.basicAuth: options must be the template options { usernameKey, passwordKey }; received undefined.'],
    ['null dockerconfigjson options', () => ExternalSecretTemplate.dockerConfigJson(null as never), 'ExternalSecretTemplate.dockerConfigJson: options must be the template options { registry, usernameKey, passwordKey }; received null.'],
  ])('refuses %s', (_, build, message) => {
    expect(build).toThrow(message);
  });
});
