// Read-only access to authentik's API for `npm run adopt`: GET requests only, with the stack's token, and failures
// that say what authentik answered (or which network failure it was) and what to check. Never sends a write.
import http from "node:http";
import https from "node:https";
import { networkCause } from "../connection-test/network-cause";

export interface ReaderOptions {
  /** authentik's base URL, e.g. https://auth.example.org (the stack's authentik.url). */
  url: string;
  token: string;
  /** authentik.insecure: skip TLS verification towards authentik. */
  insecure?: boolean;
  timeoutMs?: number;
}

/** A failure while reading authentik: the message is meant for the operator as it is. */
export class AuthentikReadError extends Error {
  override name = "AuthentikReadError";
}

export interface AuthentikReader {
  /** One object; undefined when authentik answers 404. */
  get<T>(path: string): Promise<T | undefined>;
  /** Every page of a list endpoint. */
  list<T>(path: string, query?: Record<string, string>): Promise<T[]>;
  /** Requests sent so far (for tests and the report). */
  readonly requests: string[];
}

interface Page<T> {
  pagination?: { next?: number | null };
  results: T[];
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

export function authentikReader(options: ReaderOptions): AuthentikReader {
  const base = new URL("/api/v3/", options.url);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const requests: string[] = [];

  const redact = (text: string) => (options.token.length >= 4 ? text.split(options.token).join("[redacted]") : text);

  function send(target: URL): Promise<{ status: number; text: string }> {
    requests.push(`GET ${target.pathname}${target.search}`);
    const client = target.protocol === "https:" ? https : http;
    return new Promise((resolve, reject) => {
      const request = client.request(
        target,
        {
          method: "GET",
          headers: { Accept: "application/json", Authorization: `Bearer ${options.token}` },
          timeout: timeoutMs,
          ...(target.protocol === "https:" ? { rejectUnauthorized: !options.insecure } : {}),
        },
        (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => (text += chunk));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
          response.on("error", reject);
        },
      );
      request.on("timeout", () => request.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })));
      request.on("error", reject);
      request.end();
    });
  }

  async function getJson<T>(target: URL): Promise<T | undefined> {
    const where = `GET ${target.pathname}`;
    let reply: { status: number; text: string };
    try {
      reply = await send(target);
    } catch (error) {
      const cause = networkCause(error, timeoutMs);
      const hint = cause.startsWith("TLS")
        ? "fix authentik's certificate, or set authentik.insecure for a lab"
        : "check authentik.url, and DNS and firewalls from this machine";
      throw new AuthentikReadError(
        redact(`authentik could not be reached (${where} on ${base.host}: ${cause}): ${hint}`),
      );
    }
    if (reply.status === 404) return undefined;
    if (reply.status === 401 || reply.status === 403) {
      let detail = snippet(reply.text);
      try {
        detail = String((JSON.parse(reply.text) as { detail?: string }).detail ?? detail);
      } catch {
        // not JSON: keep the text
      }
      throw new AuthentikReadError(
        redact(
          `authentik refused ${where} (${reply.status}: "${detail}"): authentik.token must be an API token of a user who may view applications, OAuth2 providers, policy bindings, flows, certificates, groups and users`,
        ),
      );
    }
    if (reply.status !== 200) {
      throw new AuthentikReadError(redact(`authentik answered ${reply.status} to ${where}: ${snippet(reply.text)}`));
    }
    try {
      return JSON.parse(reply.text) as T;
    } catch {
      throw new AuthentikReadError(
        redact(
          `authentik's answer to ${where} is not JSON (${snippet(reply.text)}): is authentik.url authentik itself, not a login proxy?`,
        ),
      );
    }
  }

  return {
    requests,
    get: <T>(path: string) => getJson<T>(new URL(path.replace(/^\//, ""), base)),
    async list<T>(path: string, query: Record<string, string> = {}) {
      const results: T[] = [];
      // Bounded: adoption reads a handful of objects; 20 pages of 100 is far beyond any mailcow setup.
      for (let page = 1; page <= 20; page++) {
        const target = new URL(path.replace(/^\//, ""), base);
        for (const [key, value] of Object.entries({ ...query, page: String(page), page_size: "100" })) {
          target.searchParams.set(key, value);
        }
        const reply = await getJson<Page<T>>(target);
        if (!reply)
          throw new AuthentikReadError(
            `authentik has no ${path} endpoint: is authentik.url authentik 2024.10 or newer?`,
          );
        results.push(...reply.results);
        if (!reply.pagination?.next) return results;
      }
      throw new AuthentikReadError(`authentik listed more than 2000 objects at ${path}; narrow the query`);
    },
  };
}
