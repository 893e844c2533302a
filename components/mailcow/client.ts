/** A small client for mailcow's identity-provider API (GET/edit/delete/test). */
import { urlProblem } from "../rules";
import { describeMessage, envelopeEntries, envelopeSucceeded, failureMessages } from "./envelope";
import { MailcowError, isMailcowError } from "./errors";
import { Redactor } from "./redaction";
import { errorForStatus, parseJson, textSnippet } from "./replies";
import { type RawRequest, type RawResponse, errorForTransport, sendInsecure, sendViaFetch } from "./transport";

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

function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * The key lives in a private field, so logging a client cannot reveal it. Every message the client produces is
 * scrubbed of the key, the configured secrets and every secret mailcow has sent back (see Redactor).
 */
export class MailcowClient {
  /** The normalised base URL (no trailing slash). */
  readonly baseUrl: string;
  readonly #apiKey: string;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #retryBackoffMs: number;
  readonly #send: (url: string, request: RawRequest) => Promise<RawResponse>;
  readonly #redactor: Redactor;
  #requests = 0;

  constructor(options: MailcowClientOptions) {
    const apiKey = typeof options.apiKey === "string" ? options.apiKey.trim() : "";
    this.#redactor = new Redactor([apiKey, ...(options.redact ?? [])]);
    if (apiKey === "") throw new MailcowError("config", "the mailcow API key is empty.");
    const given = String(options.baseUrl).trim();
    const problem = urlProblem(given);
    if (problem !== undefined) throw new MailcowError("config", this.redact(`the mailcow URL ${problem}.`));
    const url = new URL(given);
    this.baseUrl = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
    this.#apiKey = apiKey;
    this.#timeoutMs = positiveOr(options.timeoutMs, 15000);
    this.#maxRetries = Math.max(0, Math.floor(options.maxRetries ?? 2));
    this.#retryBackoffMs = Math.max(0, options.retryBackoffMs ?? 500);
    this.#send = options.insecureTls === true ? sendInsecure : sendViaFetch;
  }

  /** HTTP requests sent so far, retries included. */
  get requestCount(): number {
    return this.#requests;
  }

  /** `text` without the API key, the configured secrets or any secret mailcow has returned to this client. */
  redact(text: string): string {
    return this.#redactor.scrub(text);
  }

  /** The stored settings as mailcow's GET returns them (secrets in plaintext: handle with care). */
  async getIdentityProvider(): Promise<Record<string, unknown>> {
    const body = await this.#call("get", undefined);
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      throw new MailcowError("protocol", `mailcow answered ${this.#where("get")} with something other than an object.`);
    }
    const record = body as Record<string, unknown>;
    this.#redactor.addFieldsOf(record);
    if (record.type === "error" || record.type === "danger") {
      const messages = failureMessages(envelopeEntries(record)).map((message) => this.redact(message));
      throw new MailcowError("rejected", `mailcow refused ${this.#where("get")}: ${messages.join("; ")}.`, {
        messages,
      });
    }
    return record;
  }

  /** Saves the complete attribute set; resolves with mailcow's success messages (e.g. "object_modified"). */
  async editIdentityProvider(attr: IdentityProviderAttr): Promise<string[]> {
    this.#redactor.addFieldsOf(attr);
    return this.#expectSuccess("edit", await this.#call("edit", { items: ["identity-provider"], attr }));
  }

  /** Removes the setting; rejects with message "authsource_in_use" while mailboxes still use it. */
  async deleteIdentityProvider(): Promise<string[]> {
    return this.#expectSuccess("delete", await this.#call("delete", ["identity-provider"]));
  }

  /** mailcow's "test connection": for generic-oidc an OPTIONS request to token_url that must answer 200. */
  async testIdentityProvider(attr: IdentityProviderAttr): Promise<void> {
    this.#redactor.addFieldsOf(attr);
    const entries = envelopeEntries(await this.#call("test", { attr }));
    if (envelopeSucceeded(entries)) return;
    const messages = failureMessages(entries).map((message) => this.redact(message));
    throw new MailcowError(
      "rejected",
      `mailcow's connection test failed (${messages.join("; ") || "no reason given"}). For generic-oidc mailcow ` +
        `sends an OPTIONS request to token_url and needs HTTP 200; it gives no further reason.`,
      { messages },
    );
  }

  #where(op: Operation): string {
    return `${ROUTES[op].label} at ${this.baseUrl}`;
  }

  /** One logical call with bounded retries for transient failures only (never 4xx, never a danger reply). */
  async #call(op: Operation, body: unknown): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#once(op, body);
      } catch (error) {
        const typed = isMailcowError(error)
          ? error
          : new MailcowError("protocol", `unexpected failure while ${this.#where(op)}: ${String(error)}`);
        if (typed.transient && attempt < this.#maxRetries) {
          await new Promise((resolve) => setTimeout(resolve, this.#retryBackoffMs * 2 ** attempt));
          continue;
        }
        const tries = attempt > 0 ? ` (${attempt + 1} attempts)` : "";
        // Rebuilt so that neither message nor stack can carry a secret.
        throw new MailcowError(typed.kind, this.redact(`${typed.message}${tries}`), typed);
      }
    }
  }

  async #once(op: Operation, body: unknown): Promise<unknown> {
    const route = ROUTES[op];
    const headers: Record<string, string> = { "X-API-Key": this.#apiKey, Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const request: RawRequest = {
      method: route.method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.#timeoutMs),
    };
    let response: RawResponse;
    try {
      this.#requests++;
      response = await this.#send(`${this.baseUrl}/api/v1/${route.path}`, request);
    } catch (error) {
      throw errorForTransport(error, this.#where(op), this.#timeoutMs);
    }
    // Scrubbed before anything can quote it: a reply may dump the stored settings, secrets included.
    const { status, location } = response;
    const parsed = status === 200 ? parseJson(response.text) : undefined;
    if (parsed?.ok) return parsed.value;
    const text = this.redact(response.text);
    if (status !== 200) throw errorForStatus(status, text, this.#where(op), location);
    if (text.trim() === "") {
      throw new MailcowError(
        "server",
        `mailcow answered ${this.#where(op)} with HTTP 200 and an empty body: an internal error in mailcow (an ` +
          `uncaught exception; see the php-fpm-mailcow logs), or the request was not authenticated.`,
        { status },
      );
    }
    throw new MailcowError(
      "protocol",
      `mailcow answered ${this.#where(op)} with HTTP 200 but not JSON ("${textSnippet(text)}"). PHP may print ` +
        `notices before the JSON (display_errors on), or the URL points at a login proxy rather than mailcow.`,
      { status },
    );
  }

  #expectSuccess(op: Operation, body: unknown): string[] {
    const entries = envelopeEntries(body);
    if (envelopeSucceeded(entries)) return entries.map((entry) => describeMessage(entry.msg));
    const messages = failureMessages(entries).map((message) => this.redact(message));
    const detail = messages.length > 0 ? messages.join("; ") : "an empty reply";
    throw new MailcowError("rejected", `mailcow rejected ${this.#where(op)}: ${detail}.`, { messages });
  }
}
