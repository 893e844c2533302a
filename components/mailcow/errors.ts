/** Typed failures of the mailcow API client: callers branch on `kind`. */
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

export class MailcowError extends Error {
  override readonly name = "MailcowError";
  readonly status: number | undefined;
  readonly messages: string[];
  readonly transient: boolean;

  constructor(
    readonly kind: MailcowErrorKind,
    message: string,
    details: MailcowErrorDetails = {},
  ) {
    super(message);
    this.status = details.status;
    this.messages = details.messages ?? [];
    this.transient = details.transient ?? false;
  }
}

export function isMailcowError(value: unknown): value is MailcowError {
  return value instanceof MailcowError;
}
