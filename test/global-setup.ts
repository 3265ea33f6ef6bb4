/**
 * jest globalSetup: build the schema validators once for the whole run (test/helpers/schema.ts), instead
 * of parsing the vendored YAML and compiling the validators again in every test file.
 */
import { buildSchemaCache, CACHE_ENV } from './helpers/schema';

export default function globalSetup(): void {
  delete process.env[CACHE_ENV];
  process.env[CACHE_ENV] = buildSchemaCache();
}
