import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ComplianceReport } from '../../core/patterns/compliance';

/**
 * Write a pattern's compliance report as JSON beside the synthesized YAML
 * (`<outdir>/<file>.compliance.json`) when the app is synthesized. cdk8s has no post-synth hook; the
 * report is written from a validation, which `App.synth()` runs after creating the output directory and
 * before writing the YAML (cdk8s `lib/app.js`), so the report is computed from the final parts.
 * @internal
 */
export function writeComplianceReportOnSynth(scope: IConstruct, file: string, report: () => ComplianceReport): void {
  scope.node.addValidation({
    validate: () => {
      const app = App.of(scope) as App;
      const outdir = typeof app.outdir === 'string' ? app.outdir : undefined;
      if (outdir !== undefined && fs.existsSync(outdir)) {
        fs.writeFileSync(path.join(outdir, `${file}.compliance.json`), `${JSON.stringify(report(), null, 2)}\n`);
      }
      return [];
    },
  });
}
