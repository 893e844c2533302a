/**
 * One HTTP exchange with mailcow, and what a failed one means. Transport is Node's fetch; with `insecureTls` it is
 * node:https with verification off, because fetch has no such switch.
 */
import http from "node:http";
import https from "node:https";
import { MailcowError } from "./errors";

export interface RawRequest {
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal;
}

export interface RawResponse {
  status: number;
  location: string | null;
  text: string;
}

export async function sendViaFetch(url: string, request: RawRequest): Promise<RawResponse> {
  // redirect "manual": a redirect could carry X-API-Key to another host (fetch only strips Authorization).
  const response = await fetch(url, { ...request, redirect: "manual" });
  return { status: response.status, location: response.headers.get("location"), text: await response.text() };
}

export function sendInsecure(url: string, request: RawRequest): Promise<RawResponse> {
  const transport = url.startsWith("https:") ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = transport.request(
      url,
      { method: request.method, headers: request.headers, signal: request.signal, rejectUnauthorized: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        // A connection cut in the middle of the body ends here with ECONNRESET ("aborted").
        response.on("error", reject);
        response.on("end", () => {
          resolve({
            status: response.statusCode ?? 0,
            location: response.headers.location ?? null,
            text: Buffer.concat(chunks).toString("utf8"),
          });
        });
      },
    );
    outgoing.on("error", reject);
    outgoing.end(request.body);
  });
}

/** The other side went away mid-request (before or during the body): worth another attempt. */
const CONNECTION_LOST = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "UND_ERR_SOCKET", "UND_ERR_CLOSED"]);

/** Failures that may pass by themselves: a connect timeout, a DNS server that did not answer in time. */
const TRANSIENT_CONNECT = new Set(["ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT", "EAI_AGAIN"]);

const DNS_FAILURES = new Set(["ENOTFOUND", "EAI_NONAME", "EAI_NODATA", "EAI_FAIL"]);

const TLS_DESCRIPTIONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "the certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "the chain ends in a self-signed certificate",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the certificate's issuer is not trusted here",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the certificate's issuer is not trusted here",
  CERT_HAS_EXPIRED: "the certificate has expired",
  CERT_NOT_YET_VALID: "the certificate is not valid yet",
  ERR_TLS_CERT_ALTNAME_INVALID: "the certificate is for another host name",
};

const TLS_FIX =
  "Install a certificate that chains to a trusted CA (or trust its CA with NODE_EXTRA_CA_CERTS); only in a lab, " +
  "turn verification off with `pulumi config set --path mailcow.insecureTls true`.";

/** The errno-style code buried in a failure (`TypeError: fetch failed` → cause → code, or an AggregateError). */
function failureCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === "object"; depth++) {
    const record = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof record.code === "string" && record.code !== "ABORT_ERR") return record.code;
    current = Array.isArray(record.errors) && record.errors.length > 0 ? record.errors[0] : record.cause;
  }
  return undefined;
}

/** The innermost message of a cause chain, e.g. "bad port" under "fetch failed". */
function innermostMessage(error: unknown): string {
  let message = "";
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === "object"; depth++) {
    const record = current as { message?: unknown; cause?: unknown };
    if (typeof record.message === "string" && record.message !== "") message = record.message;
    current = record.cause;
  }
  return message || String(error);
}

function nameOf(error: unknown): string {
  return error !== null && typeof error === "object" ? String((error as { name?: unknown }).name ?? "") : "";
}

/**
 * What a failed exchange means, in words, with what to do. `where` names the operation and URL, e.g. "saving the
 * identity-provider settings at https://mail.example.org".
 */
export function errorForTransport(error: unknown, where: string, timeoutMs: number): MailcowError {
  // Duck-typed: fetch's errors can come from another realm (e.g. under jest), where instanceof Error fails.
  const name = nameOf(error);
  if (name === "TimeoutError" || name === "AbortError") {
    return new MailcowError(
      "timeout",
      `mailcow did not answer ${where} within ${timeoutMs} ms. Check that mailcow is up and reachable from here, ` +
        `or raise mailcow.requestTimeoutSeconds.`,
      { transient: true },
    );
  }
  const code = failureCode(error);
  if (code !== undefined && CONNECTION_LOST.has(code)) {
    return new MailcowError(
      "network",
      `the connection to mailcow was reset while ${where} (${code}): mailcow, or a proxy or firewall in front of ` +
        `it, closed the connection before the whole answer arrived. Check mailcow's nginx and php-fpm logs.`,
      { transient: true },
    );
  }
  if (code !== undefined && (code in TLS_DESCRIPTIONS || code.startsWith("ERR_TLS") || code.startsWith("CERT_"))) {
    const why = TLS_DESCRIPTIONS[code] ?? "the certificate was refused";
    return new MailcowError(
      "network",
      `the TLS certificate of mailcow could not be verified while ${where} (${code}: ${why}). ${TLS_FIX}`,
    );
  }
  if (code === "ECONNREFUSED") {
    return new MailcowError(
      "network",
      `mailcow refused the connection while ${where} (ECONNREFUSED): nothing listens on that host and port. Check ` +
        `the host and port of the mailcow URL and that mailcow (its nginx container) is running.`,
    );
  }
  if (code !== undefined && DNS_FAILURES.has(code)) {
    return new MailcowError(
      "network",
      `the host name of mailcow does not resolve while ${where} (${code}). Check the host in the mailcow URL and ` +
        `this machine's DNS.`,
    );
  }
  if (code !== undefined && TRANSIENT_CONNECT.has(code)) {
    return new MailcowError(
      "network",
      `could not reach mailcow in time while ${where} (${code}). Check the network path (VPN, firewall, DNS).`,
      { transient: true },
    );
  }
  const detail = [code ?? name, innermostMessage(error)].filter((part) => part !== "").join(": ");
  return new MailcowError(
    "network",
    `could not talk to mailcow while ${where} (${detail}). Check the mailcow URL and the network path.`,
  );
}
