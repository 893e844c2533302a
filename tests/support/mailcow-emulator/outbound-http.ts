// The outbound HTTP request of the identity-provider test route, behaving like PHP's curl call there:
// a total timeout, no redirects followed, optional TLS verification, and the result reduced to
// curl_getinfo(CURLINFO_HTTP_CODE): the status line's code, or 0 when no response header arrived.
import http from "node:http";
import https from "node:https";

export interface CurlRequest {
  method: string;
  url: string;
  timeoutMs: number;
  /** CURLOPT_SSL_VERIFYPEER/VERIFYHOST off. */
  insecure: boolean;
  signal?: AbortSignal;
}

/** libcurl guesses http:// for a URL without a scheme and rejects whitespace and control characters. */
export function curlUrl(raw: string): URL | undefined {
  if (raw === "" || [...raw].some((char) => char <= " " || char === "\x7f")) return undefined;
  const withScheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(raw) ? raw : `http://${raw}`;
  try {
    const url = new URL(withScheme);
    return url.protocol === "http:" || url.protocol === "https:" ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Sends the request and resolves with the HTTP status code (0 on any failure before the response header). */
export function curlStatusCode(request: CurlRequest): Promise<number> {
  const url = curlUrl(request.url);
  if (!url || request.signal?.aborted) return Promise.resolve(0);
  return new Promise((resolve) => {
    let status = 0;
    let settled = false;
    const headers: Record<string, string> = { Accept: "*/*" };
    const client = url.protocol === "https:" ? https : http;
    const outgoing = client.request(url, {
      method: request.method,
      headers,
      agent: false,
      rejectUnauthorized: !request.insecure,
    });
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener("abort", abort);
      outgoing.destroy();
      resolve(status);
    };
    const abort = (): void => finish();
    // CURLOPT_TIMEOUT bounds the whole transfer; a code received before it expires still counts.
    const timer = setTimeout(finish, request.timeoutMs);
    request.signal?.addEventListener("abort", abort);
    outgoing.on("response", (response) => {
      status = response.statusCode ?? 0;
      response.on("error", finish);
      response.on("end", finish);
      response.resume();
    });
    outgoing.on("error", finish);
    outgoing.end();
  });
}
