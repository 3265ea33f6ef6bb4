// Runs age (the age-encryption package, an ES module with an async API) in a worker thread, so the
// library can offer synchronous SOPS encryption: cdk8s synthesizes synchronously. Started by
// src/core/gitops/age.ts through synckit; receives and returns only structured-cloneable values.
import { runAsWorker } from 'synckit';
import { Decrypter, Encrypter, armor, generateHybridIdentity, identityToRecipient } from 'age-encryption';

runAsWorker(async (op, args) => {
  switch (op) {
    case 'encryptMany': {
      // Post-quantum recipients (X25519 ones are encrypted in-process, src/core/gitops/age-x25519.ts), one
      // round trip for every such recipient of a document (issue 18): each gets its own age file.
      const out = [];
      for (const recipient of args.recipients) {
        const e = new Encrypter();
        e.addRecipient(recipient);
        out.push(armor.encode(await e.encrypt(args.plaintext)));
      }
      return out;
    }
    case 'decrypt': {
      // When any identity is post-quantum (X25519-only decryption runs in-process, src/core/gitops/age-x25519.ts).
      const d = new Decrypter();
      for (const identity of args.identities) {
        d.addIdentity(identity);
      }
      return await d.decrypt(armor.decode(args.armored));
    }
    case 'recipient':
      // Post-quantum identities only: an X25519 identity's recipient is computed in-process.
      return await identityToRecipient(args.identity);
    case 'keygen': {
      // Post-quantum only: X25519 key pairs are made in-process (src/core/gitops/age-x25519.ts).
      const identity = await generateHybridIdentity();
      return { identity, recipient: await identityToRecipient(identity) };
    }
    default:
      throw new Error(`age worker: unknown operation ${op}`);
  }
});
