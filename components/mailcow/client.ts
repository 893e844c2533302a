import { describeMessage, envelopeEntries, envelopeSucceeded, failureMessages } from "./envelope";
import { type MailcowError, isMailcowError, mailcowError, redact } from "./errors";

export interface MailcowClientOptions {
  /** mailcow's base URL, e.g. https://mail.example.org (a trailing slash is fine). */
  baseUrl: string;
  /** mailcow API key (X-API-Key). Never appears in messages. */
  apiKey: string;
  /** Per-request timeout (each attempt). Default 15000. */
  timeoutMs?: number;
  /** Extra attempts after a transient failure (5xx, timeout, connection reset). Default 2. */
  maxRetries?: number;
  /** First backoff delay; doubles per retry. Default 500. */
  retryBackoffMs?: number;
  /** Turn off TLS certificate verification towards mailcow. Default false. */
  insecureTls?: boolean;
  /** Further values to scrub from every message (the API key is always scrubbed). */
  redact?: readonly string[];
}

/** The attribute set of an identity-provider edit or test call (mailcow's field names). */
export type IdentityProviderAttr = Record<string, unknown>;

type Operation = "get" | "edit" | "delete" | "test";

const ROUTES: Record<Operation, { method: "GET" | "POST"; path: string; label: string }> = {
  get: { method: "GET", path: "get/identity-provider", label: "reading the identity-provider settings" },
  edit: { method: "POST", path: "edit/identity-provider", label: "saving the identity-provider settings" },
  delete: { method: "POST", path: "delete/identity-provider", label: "deleting the identity-provider settings" },
  test: { method: "POST", path: "edit/identity-provider-test", label: "testing the identity-provider settings" },
};

const NO_RETRY_NOTE =
  "Not retried: every 401 counts towards mailcow's fail2ban-style IP ban (about 10 failures in 10 minutes).";

/** Connection errors that mean "the other side went away mid-request" and are worth a retry. */
const TRANSIENT_NETWORK_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED", "ECONNABORTED"]);

const TLS_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** Strips tags and whitespace so an HTML error page can be quoted in one short line. */
export function textSnippet(body: string, max = 160): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1];
  const text = (title ?? body)
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The `msg` of a single-object error reply, if any (401/403/404 bodies look like {"type":"error","msg":"..."}). */
function errorMessageOf(text: string): string {
  const parsed = parseJson(text);
  if (!parsed.ok) return "";
  return envelopeEntries(parsed.value)
    .map((entry) => describeMessage(entry.msg))
    .filter((msg) => msg !== "")
    .join("; ");
}

/**
 * Maps a non-200 HTTP answer to a typed error (pure; exported for table tests). `where` names the mailcow URL and
 * the operation, e.g. "saving the identity-provider settings at https://mail.example.org".
 */
export function errorForStatus(status: number, text: string, where: string, location?: string | null): MailcowError {
  const msg = errorMessageOf(text);
  if (status === 401) {
    if (/api access denied for ip/i.test(msg)) {
      return mailcowError(
        "unauthorized",
        `mailcow refused ${where}: the API key is valid but this machine's IP address is not in mailcow's API allow ` +
          `list ("${msg}"). Add the IP (or its network) to the key's "allow API access from" list in the mailcow ` +
          `admin UI, or to API_ALLOW_FROM in mailcow.conf. ${NO_RETRY_NOTE}`,
        { status },
      );
    }
    return mailcowError(
      "unauthorized",
      `mailcow refused ${where}: ${msg || "authentication failed"}. The API key is wrong or inactive; check the ` +
        `stack config mailcow.apiKey or MAILCOW_API_KEY. ${NO_RETRY_NOTE}`,
      { status },
    );
  }
  if (status === 403) {
    const reason =
      msg !== ""
        ? `"${msg}": the API key is read-only (mailcow's API_KEY_READ_ONLY). Writes need the read-write key (API_KEY).`
        : "HTTP 403 with an empty body, which mailcow sends when a Sec-Fetch-Dest header other than 'empty' " +
          "arrives; a proxy in front of mailcow may be adding it.";
    return mailcowError("forbidden", `mailcow refused ${where}: ${reason}`, { status });
  }
  if (status === 404) {
    return mailcowError(
      "notFound",
      `mailcow has no identity-provider API for ${where} (HTTP 404${msg ? `, "${msg}"` : ""}). The identity-provider ` +
        `routes exist from mailcow 2025-03 on (redirect_url_extra and login_provisioning need 2025-05): update ` +
        `mailcow, or check that the URL points at mailcow itself.`,
      { status },
    );
  }
  if (status >= 500) {
    const trimmed = text.trim();
    const body =
      trimmed === ""
        ? "an empty body (a PHP fatal error inside mailcow; see the php-fpm-mailcow logs)"
        : parseJson(trimmed).ok
          ? `"${textSnippet(msg || trimmed)}"`
          : `an HTML error page ("${textSnippet(trimmed)}"; mailcow usually cannot reach Redis, MariaDB or dockerapi)`;
    return mailcowError("server", `mailcow failed while ${where}: HTTP ${status} with ${body}.`, {
      status,
      transient: true,
    });
  }
  if (status >= 300 && status < 400) {
    return mailcowError(
      "protocol",
      `mailcow answered ${where} with a redirect (HTTP ${status}${location ? ` to ${location}` : ""}). Redirects ` +
        `are not followed so the API key is never sent elsewhere: set the mailcow URL to the final https address.`,
      { status },
    );
  }
  return mailcowError(
    "protocol",
    `mailcow answered ${where} with HTTP ${status}${msg ? ` ("${msg}")` : text.trim() ? ` ("${textSnippet(text)}")` : ""}.`,
    { status },
  );
}

/** Finds the errno-style code buried in a fetch failure (`TypeError: fetch failed` → cause → code). */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === "object"; depth++) {
    const record = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof record.code === "string") return record.code;
    if (Array.isArray(record.errors) && record.errors.length > 0) current = record.errors[0];
    else current = record.cause;
  }
  return undefined;
}

/** Maps an exception thrown by fetch (or while reading the body) to a typed error (pure; exported for tests). */
export function errorForTransport(error: unknown, where: string, timeoutMs: number): MailcowError {
  // Duck-typed: fetch's errors can come from another realm (e.g. under jest), where instanceof Error fails.
  const name = error !== null && typeof error === "object" ? String((error as { name?: unknown }).name ?? "") : "";
  if (name === "TimeoutError" || name === "AbortError") {
    return mailcowError(
      "timeout",
      `mailcow did not answer ${where} within ${timeoutMs} ms. Check that mailcow is up, or raise ` +
        `mailcow.requestTimeoutSeconds.`,
      { transient: true },
    );
  }
  const code = networkCode(error);
  if (code !== undefined && TRANSIENT_NETWORK_CODES.has(code)) {
    return mailcowError("network", `the connection to mailcow was reset while ${where} (${code}).`, {
      transient: true,
    });
  }
  if (code !== undefined && (TLS_CODES.has(code) || code.startsWith("ERR_TLS") || code.startsWith("CERT_"))) {
    return mailcowError(
      "network",
      `the TLS certificate of mailcow could not be verified while ${where} (${code}). Install a certificate that ` +
        `chains to a trusted CA (or set NODE_EXTRA_CA_CERTS); only in a lab, turn verification off explicitly.`,
    );
  }
  const hint =
    code === "ENOTFOUND" || code === "EAI_AGAIN"
      ? "the host name does not resolve"
      : code === "ECONNREFUSED"
        ? "nothing listens on that address and port"
        : "check the URL and the network path";
  return mailcowError("network", `could not connect to mailcow while ${where} (${code ?? name}): ${hint}.`);
}

interface RawRequest {
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal;
}

interface RawResponse {
  status: number;
  location: string | null;
  text: string;
}

async function viaFetch(url: string, request: RawRequest): Promise<RawResponse> {
  // redirect "manual": a redirect could carry X-API-Key to another host (fetch only strips Authorization).
  const response = await fetch(url, { ...request, redirect: "manual" });
  return { status: response.status, location: response.headers.get("location"), text: await response.text() };
}

/** fetch has no switch for TLS verification; node:https has. Used only when insecureTls is set explicitly. */
function viaNodeInsecure(url: string, request: RawRequest): Promise<RawResponse> {
  const transport: typeof import("node:https") = url.startsWith("https:")
    ? require("node:https")
    : require("node:http");
  return new Promise((resolve, reject) => {
    const outgoing = transport.request(
      url,
      { method: request.method, headers: request.headers, signal: request.signal, rejectUnauthorized: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            location: response.headers.location ?? null,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    outgoing.on("error", reject);
    outgoing.end(request.body);
  });
}

/** A small client for mailcow's identity-provider API (GET/edit/delete/test) on Node's built-in fetch. */
export interface MailcowClient {
  /** The normalised base URL (no trailing slash). */
  readonly baseUrl: string;
  /** HTTP requests sent so far, retries included. */
  readonly requestCount: number;
  /** The stored settings as mailcow's GET returns them (secrets in plaintext: handle with care). */
  getIdentityProvider(): Promise<Record<string, unknown>>;
  /** Saves the complete attribute set; resolves with mailcow's success messages (e.g. "object_modified"). */
  editIdentityProvider(attr: IdentityProviderAttr): Promise<string[]>;
  /** Removes the setting; rejects with message "authsource_in_use" while mailboxes still use it. */
  deleteIdentityProvider(): Promise<string[]>;
  /** mailcow's "test connection": for generic-oidc an OPTIONS request to token_url that must answer 200. */
  testIdentityProvider(attr: IdentityProviderAttr): Promise<void>;
}

/**
 * Builds a client. The key lives only in this closure (not on the object), so logging or serializing a client
 * cannot reveal it. Plain closures rather than a class: Pulumi's closure serializer drops #private members.
 */
export function createMailcowClient(options: MailcowClientOptions): MailcowClient {
  const apiKey = typeof options.apiKey === "string" ? options.apiKey.trim() : "";
  const secrets = [apiKey, ...(options.redact ?? [])];
  if (apiKey === "") throw mailcowError("config", "the mailcow API key is empty.");
  let url: URL;
  try {
    url = new URL(options.baseUrl);
  } catch {
    throw mailcowError("config", `the mailcow URL "${redact(String(options.baseUrl), secrets)}" is not a URL.`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw mailcowError("config", `the mailcow URL must use https (got ${url.protocol}).`);
  }
  if (url.username !== "" || url.password !== "") {
    throw mailcowError("config", "the mailcow URL must not contain a user name or password.");
  }
  const baseUrl = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  const timeoutMs = positiveOr(options.timeoutMs, 15000);
  const maxRetries = Math.max(0, Math.floor(options.maxRetries ?? 2));
  const retryBackoffMs = Math.max(0, options.retryBackoffMs ?? 500);
  let requests = 0;

  const where = (op: Operation) => `${ROUTES[op].label} at ${baseUrl}`;
  const scrub = (text: string, extra: readonly string[]) => redact(text, [...secrets, ...extra]);

  async function once(op: Operation, body: unknown): Promise<unknown> {
    const route = ROUTES[op];
    const headers: Record<string, string> = { "X-API-Key": apiKey, Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const request: RawRequest = {
      method: route.method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    };
    let response: RawResponse;
    try {
      requests++;
      const send = options.insecureTls === true ? viaNodeInsecure : viaFetch;
      response = await send(`${baseUrl}/api/v1/${route.path}`, request);
    } catch (error) {
      throw errorForTransport(error, where(op), timeoutMs);
    }
    const { status, text, location } = response;
    if (status !== 200) throw errorForStatus(status, text, where(op), location);
    if (text.trim() === "") {
      throw mailcowError(
        "server",
        `mailcow answered ${where(op)} with HTTP 200 and an empty body: an internal error in mailcow (an uncaught ` +
          `exception; see the php-fpm-mailcow logs), or the request was not authenticated.`,
        { status },
      );
    }
    const parsed = parseJson(text);
    if (!parsed.ok) {
      throw mailcowError(
        "protocol",
        `mailcow answered ${where(op)} with HTTP 200 but not JSON ("${textSnippet(text)}"). Does the URL point at ` +
          `mailcow itself rather than a login proxy?`,
        { status },
      );
    }
    return parsed.value;
  }

  /** One logical call with bounded retries for transient failures only (never 4xx, never a danger reply). */
  async function call(op: Operation, body: unknown, extra: readonly string[]): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await once(op, body);
      } catch (error) {
        const typed: MailcowError = isMailcowError(error)
          ? error
          : mailcowError("protocol", `unexpected failure while ${where(op)}.`);
        if (typed.transient && attempt < maxRetries) {
          await new Promise((resolve) => setTimeout(resolve, retryBackoffMs * 2 ** attempt));
          continue;
        }
        // Rebuilt so that neither message nor stack can carry a secret.
        throw mailcowError(typed.kind, scrub(typed.message, extra), typed);
      }
    }
  }

  function expectSuccess(op: Operation, body: unknown, extra: readonly string[]): string[] {
    const entries = envelopeEntries(body);
    if (envelopeSucceeded(entries)) return entries.map((entry) => describeMessage(entry.msg));
    const messages = failureMessages(entries).map((message) => scrub(message, extra));
    const detail = messages.length > 0 ? messages.join("; ") : "an empty reply";
    throw mailcowError("rejected", scrub(`mailcow rejected ${where(op)}: ${detail}.`, extra), { messages });
  }

  return {
    baseUrl,
    get requestCount() {
      return requests;
    },
    async getIdentityProvider() {
      const body = await call("get", undefined, []);
      if (body === null || typeof body !== "object" || Array.isArray(body)) {
        throw mailcowError("protocol", `mailcow answered ${where("get")} with something other than an object.`);
      }
      const record = body as Record<string, unknown>;
      if (record.type === "error" || record.type === "danger") {
        const messages = failureMessages(envelopeEntries(record));
        throw mailcowError("rejected", scrub(`mailcow refused ${where("get")}: ${messages.join("; ")}.`, []), {
          messages,
        });
      }
      return record;
    },
    async editIdentityProvider(attr) {
      const extra = secretsOf(attr);
      return expectSuccess("edit", await call("edit", { items: ["identity-provider"], attr }, extra), extra);
    },
    async deleteIdentityProvider() {
      return expectSuccess("delete", await call("delete", ["identity-provider"], []), []);
    },
    async testIdentityProvider(attr) {
      const extra = secretsOf(attr);
      const entries = envelopeEntries(await call("test", { attr }, extra));
      if (envelopeSucceeded(entries)) return;
      const messages = failureMessages(entries);
      throw mailcowError(
        "rejected",
        scrub(
          `mailcow's connection test failed (${messages.join("; ") || "no reason given"}). For generic-oidc ` +
            `mailcow sends an OPTIONS request to token_url and needs HTTP 200; it gives no further reason.`,
          extra,
        ),
        { messages },
      );
    },
  };
}

/** `new MailcowClient(options)` works too; it returns the same closure-based object as createMailcowClient. */
export const MailcowClient = function MailcowClient(options: MailcowClientOptions) {
  return createMailcowClient(options);
} as unknown as new (options: MailcowClientOptions) => MailcowClient;

function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Secrets inside an attribute set that must never be echoed. */
function secretsOf(attr: unknown): string[] {
  if (attr === null || typeof attr !== "object") return [];
  const record = attr as Record<string, unknown>;
  return ["client_secret", "bindpass", "access_token"]
    .map((key) => record[key])
    .filter((value): value is string => typeof value === "string");
}
