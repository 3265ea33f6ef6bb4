// The age-encryption package (typage, by age's author) as an independent encryptor for
// test/core/gitops/age-decrypt.test.ts: one armored file for all the given recipients (X25519,
// post-quantum or both), which the library's worker (assets/age-worker.mjs) never writes. A synckit
// worker because the package is an ES module with an async API, which jest's CommonJS runtime cannot load.
import { runAsWorker } from 'synckit';
import { Encrypter, armor } from 'age-encryption';

runAsWorker(async ({ recipients, plaintext }) => {
  const e = new Encrypter();
  for (const recipient of recipients) {
    e.addRecipient(recipient);
  }
  return armor.encode(await e.encrypt(plaintext));
});
