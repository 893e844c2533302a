// Identifiers and secrets the way authentik generates them (authentik/lib/generators.py: generate_id draws from
// ASCII letters and digits; client secrets are 128 such characters; object keys are uuid4).
import { createHash, randomBytes, randomUUID } from "node:crypto";

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** generate_id(length): letters and digits, 40 by default (client IDs). */
export function generateId(length = 40): string {
  const bytes = randomBytes(length * 2);
  let out = "";
  // Rejection sampling keeps the distribution uniform over the 62 characters.
  for (const byte of bytes) {
    if (byte >= 248) continue;
    out += ID_ALPHABET[byte % ID_ALPHABET.length];
    if (out.length === length) return out;
  }
  return out + generateId(length - out.length);
}

/** The client secret authentik fills in when none is given. */
export const generateClientSecret = (): string => generateId(128);

export const uuid4 = (): string => randomUUID();

export const sha256Hex = (text: string): string => createHash("sha256").update(text).digest("hex");

export const md5Hex = (text: string): string => createHash("md5").update(text).digest("hex");

/** DRF renders datetimes as ISO 8601 in UTC with a trailing Z. */
export const isoNow = (): string => new Date().toISOString();
