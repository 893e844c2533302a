/**
 * Keeps secrets out of every message. A Redactor knows the secrets given to it (the API key, the desired client
 * secret) and the ones seen in mailcow's replies (the client secret mailcow stores, which may be someone else's),
 * and also blanks secret fields quoted in text it cannot parse (a PHP notice before the JSON, an error page that
 * dumps the settings).
 */

/** Fields of mailcow's identity-provider settings that hold secrets (GET replies and edit attributes). */
export const SECRET_FIELDS = ["client_secret", "bindpass", "access_token"] as const;

const FIELD_NAMES = SECRET_FIELDS.join("|");
/** `"client_secret": "…"` in JSON (escaped quotes included; an unterminated value runs to the end). */
const QUOTED_JSON_FIELD = new RegExp(`("(?:${FIELD_NAMES})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*(?:"|$)`, "g");
/** `[client_secret] => …` as PHP's print_r writes it, up to the end of the line. */
const PRINT_R_FIELD = new RegExp(`(\\[(?:${FIELD_NAMES})\\]\\s*=>\\s*)[^\\r\\n]*`, "g");

export const REDACTED = "[redacted]";

/** Very short "secrets" would shred ordinary words; mailcow keys and OAuth secrets are long. */
const MIN_SECRET_LENGTH = 4;

export class Redactor {
  readonly #secrets = new Set<string>();

  constructor(secrets: Iterable<unknown> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /** Remembers a secret, with the escaped forms in which JSON (PHP's included) would quote it. */
  add(secret: unknown): void {
    if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) return;
    const inJson = JSON.stringify(secret).slice(1, -1);
    for (const form of [secret, inJson, inJson.replace(/\//g, "\\/")]) this.#secrets.add(form);
  }

  /** Remembers the secret fields of a mailcow record (a GET reply or an edit attribute set). */
  addFieldsOf(record: unknown): void {
    if (record === null || typeof record !== "object") return;
    for (const field of SECRET_FIELDS) this.add((record as Record<string, unknown>)[field]);
  }

  scrub(text: string): string {
    let out = text.replace(QUOTED_JSON_FIELD, `$1"${REDACTED}"`).replace(PRINT_R_FIELD, `$1${REDACTED}`);
    // Longest first, so a secret that contains another is replaced whole.
    for (const secret of [...this.#secrets].sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join(REDACTED);
    }
    return out;
  }
}

/** One-off form: `text` with every given secret (and every quoted secret field) replaced. */
export function redact(text: string, secrets: Iterable<unknown>): string {
  return new Redactor(secrets).scrub(text);
}
