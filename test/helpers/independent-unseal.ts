/**
 * An unsealer written independently from the sealed-secrets controller's format (SPEC-NOTES), sharing no
 * code with src/core/sealing.ts: base64 -> uint16 BE length || RSA-OAEP(SHA-256, label) session key ||
 * AES-256-GCM(zero nonce) ciphertext with tag.
 */
import { constants, createDecipheriv, privateDecrypt } from 'crypto';

export function unseal(sealed: string, privateKeyPem: string, label: string): string {
  const bytes = Buffer.from(sealed, 'base64');
  const rsaLength = bytes[0] * 256 + bytes[1];
  const rsaCiphertext = bytes.subarray(2, 2 + rsaLength);
  const sessionKey = privateDecrypt({ key: privateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: Buffer.from(label, 'utf8') }, rsaCiphertext);
  const rest = bytes.subarray(2 + rsaLength);
  const decipher = createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12, 0));
  decipher.setAuthTag(rest.subarray(rest.length - 16));
  return Buffer.concat([decipher.update(rest.subarray(0, rest.length - 16)), decipher.final()]).toString('utf8');
}
