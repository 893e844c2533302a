/**
 * Why a request to authentik failed before any answer came, in words. The mailcow client names its own failures
 * (components/mailcow/transport.ts), but its words and fixes are mailcow's (mailcow.insecureTls, mailcow's nginx);
 * these are for the connection test's request to authentik's discovery document.
 */

/** The errno-style code of a failed fetch: `TypeError: fetch failed` → cause → code (or the first of several). */
function codeOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current !== null && typeof current === "object" && depth < 5; depth++) {
    const { code, cause, errors } = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === "string" && code !== "ABORT_ERR") return code;
    current = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
  }
  return undefined;
}

const CAUSES: [match: (code: string) => boolean, words: string][] = [
  [
    (c) => ["ENOTFOUND", "EAI_NONAME", "EAI_NODATA", "EAI_FAIL", "EAI_AGAIN"].includes(c),
    "DNS: the host name does not resolve",
  ],
  [(c) => c === "ECONNREFUSED", "connection refused: nothing listens on that host and port"],
  [
    (c) => /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED)/.test(c),
    "TLS: the certificate was not accepted",
  ],
  [
    (c) => ["ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT", "EHOSTUNREACH", "ENETUNREACH"].includes(c),
    "no route or no answer to the connection",
  ],
  [
    (c) => ["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED"].includes(c),
    "the connection was closed before the answer arrived",
  ],
];

/** "DNS: the host name does not resolve (ENOTFOUND)", "timeout: no answer within 10000 ms", … */
export function networkCause(error: unknown, timeoutMs: number): string {
  const name = error !== null && typeof error === "object" ? (error as { name?: unknown }).name : undefined;
  if (name === "TimeoutError" || name === "AbortError") return `timeout: no answer within ${timeoutMs} ms`;
  const code = codeOf(error);
  const words = code === undefined ? undefined : CAUSES.find(([match]) => match(code))?.[1];
  if (words !== undefined) return `${words} (${code})`;
  const message = innermostMessage(error);
  return code === undefined ? message : `${message} (${code})`;
}

/** The most specific message of a cause chain: "bad port" rather than "fetch failed". */
function innermostMessage(error: unknown): string {
  let message = String(error);
  for (let current = error, depth = 0; current !== null && typeof current === "object" && depth < 5; depth++) {
    const record = current as { message?: unknown; cause?: unknown };
    if (typeof record.message === "string" && record.message !== "") message = record.message;
    current = record.cause;
  }
  return message;
}
