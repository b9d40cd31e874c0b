/**
 * The sandbox payment channels' notification signature (BR-PAY-2): lowercase hex HMAC-SHA256 of the
 * raw body with the channel secret. Handlers are synchronous and the mock runs in browsers, so the
 * HMAC comes from @noble/hashes (synchronous, audited, no Node APIs) rather than node:crypto or the
 * asynchronous WebCrypto.
 */
import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/** The sandbox channels' shared secret, documented in the spec so SDK users can simulate a channel. */
export const SANDBOX_CHANNEL_SECRET = 'sk_channel_sandbox';

export function hmacSha256Hex(secret: string, message: string): string {
  return bytesToHex(hmac(sha256, utf8ToBytes(secret), utf8ToBytes(message)));
}

/** The signature a sandbox channel puts in `Channel-Signature` for this raw body. */
export function channelSignature(rawBody: string): string {
  return hmacSha256Hex(SANDBOX_CHANNEL_SECRET, rawBody);
}

/** Constant-time comparison, so the check leaks nothing about how much of a forged signature matched. */
export function signatureMatches(rawBody: string, signature: string | null): boolean {
  if (signature === null) return false;
  const expected = channelSignature(rawBody);
  if (signature.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ signature.charCodeAt(i);
  return difference === 0;
}
