// Runs secretlint (@secretlint/core with @secretlint/secretlint-rule-preset-recommend, ES modules with an
// async API) in a worker thread, so the auditor can offer a synchronous audit: cdk8s validations and jest
// matchers are synchronous. Started by src/core/audit/credentials.ts through synckit; receives a list of
// strings and returns, for each hit, the index of the string and the secretlint rule and message ids only
// (never the message text: secretlint quotes the credential in it).
import { runAsWorker } from 'synckit';
import { lintSource } from '@secretlint/core';
import { creator } from '@secretlint/secretlint-rule-preset-recommend';

const SEPARATOR = '\n\u0000\u0000\n';

runAsWorker(async (values) => {
  const starts = [];
  let offset = 0;
  for (const v of values) {
    starts.push(offset);
    offset += v.length + SEPARATOR.length;
  }
  const content = values.join(SEPARATOR);
  const result = await lintSource({
    source: { content, filePath: '/kube-secure-secrets-audit.txt', ext: '.txt', contentType: 'text' },
    options: { config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: creator }] } },
  });
  const hits = [];
  for (const m of result.messages) {
    const at = m.range[0];
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= at) lo = mid; else hi = mid - 1;
    }
    hits.push({ index: lo, ruleId: String(m.ruleId), messageId: String(m.messageId ?? '') });
  }
  return hits;
});
