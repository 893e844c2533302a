/**
 * Typed failures of the mailcow API client: plain Errors with a `kind`. No subclass on purpose: the provider is
 * serialized by value, and Pulumi's closure serializer turns `super(message)` into `Error.call(this, message)`,
 * which leaves the message empty. Callers branch on `kind`.
 */
export type MailcowErrorKind =
  | "config" // missing/invalid client settings (API key, base URL, options)
  | "unauthorized" // HTTP 401: wrong key or caller IP not allowed (never retried: mailcow bans the IP)
  | "forbidden" // HTTP 403: read-only key used for a write
  | "notFound" // HTTP 404: route missing, i.e. mailcow older than 2025-03 or not mailcow at all
  | "rejected" // HTTP 200 carrying a non-success entry (danger/error), with mailcow's message keys
  | "server" // HTTP 5xx (HTML or empty body) or an empty 200 body
  | "timeout" // no answer within the per-request timeout
  | "network" // connection refused/reset, DNS, TLS
  | "protocol"; // any other unexpected status or body

export interface MailcowErrorDetails {
  status?: number;
  /** mailcow message keys in words, e.g. "required_data_missing token_url", "authsource_in_use". */
  messages?: string[];
  /** True when a retry may help (5xx, timeout, connection reset). */
  transient?: boolean;
}

export interface MailcowError extends Error {
  name: "MailcowError";
  kind: MailcowErrorKind;
  status: number | undefined;
  messages: string[];
  transient: boolean;
}

export function mailcowError(kind: MailcowErrorKind, message: string, details: MailcowErrorDetails = {}): MailcowError {
  return Object.assign(new Error(message), {
    name: "MailcowError" as const,
    kind,
    status: details.status,
    messages: details.messages ?? [],
    transient: details.transient ?? false,
  });
}

export function isMailcowError(value: unknown): value is MailcowError {
  const candidate = value as Partial<MailcowError> | null;
  return typeof candidate === "object" && candidate?.name === "MailcowError" && typeof candidate.kind === "string";
}

/**
 * Replaces every occurrence of the given secrets in `text`. Defensive: messages are built from mailcow replies and
 * URLs, which should never contain a secret, but a misconfigured proxy or a key pasted into the wrong field could.
 */
export function redact(text: string, secrets: readonly (string | undefined | null)[]): string {
  let out = text;
  for (const secret of secrets) {
    // Very short "secrets" would shred ordinary words; mailcow keys and OAuth secrets are long.
    if (typeof secret === "string" && secret.length >= 4) out = out.split(secret).join("[redacted]");
  }
  return out;
}
