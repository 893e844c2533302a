// A stateful stand-in for authentik 2026.5's HTTP API and OAuth2 endpoints (not authentik itself): a server on
// loopback that authenticates, routes, validates and stores like authentik does for the objects this project
// uses, records every request and applies injected faults. Pinned to authentik's schema.yml by its tests.
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { Delays } from "../delays";
import { authenticate, authorizeRequest } from "./auth";
import { loopbackTlsCertificate } from "./certificates";
import { CONTROL_PREFIX, handleControl } from "./control";
import { FaultQueue } from "./faults";
import { type ApiResponse, detail, pageNotFound } from "./http-types";
import { generateId } from "./ids";
import { matchRoute } from "./router";
import { Store } from "./store";

export interface AuthentikEmulatorOptions {
  /** The API token of akadmin (a superuser). Default: 60 random letters and digits. */
  token?: string;
  /** A second token, also akadmin's, that may only read (every write answers 403). */
  readOnlyToken?: string;
  /** Serve HTTPS: `true` makes a loopback certificate (see `ca`), or give a PEM pair. */
  tls?: true | { cert: string; key: string };
  /** Default 0: a free port. */
  port?: number;
  /** The username /application/o/authorize/ treats as logged in; unset, it redirects to the login flow. */
  signedIn?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** The decoded JSON body, the form/text body as a string, or undefined when empty. */
  body: unknown;
  /** 0 while unanswered and for connections reset by a fault. */
  status: number;
  /** The fault that hit this request, if any. */
  fault?: "respond" | "delay" | "reset";
}

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function recordedBody(contentType: string | undefined, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString("utf8");
  if (/json/i.test(contentType ?? "")) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function queryObject(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    out[key] = values.length === 1 ? values[0] : values;
  }
  return out;
}

export class AuthentikEmulator {
  readonly requests: RecordedRequest[] = [];
  readonly faults = new FaultQueue();
  /** Exceptions inside the emulator (answered with a plain 500); tests can assert it stays empty. */
  readonly internalErrors: Error[] = [];
  readonly store: Store;
  private readonly delays = new Delays();
  private stopped = false;

  constructor(
    private readonly server: http.Server,
    readonly url: string,
    readonly token: string,
    readonly readOnlyToken: string | undefined,
    /** The PEM certificate to trust when serving HTTPS (for SSL_CERT_FILE or Node's `ca`). */
    readonly ca: string | undefined,
    private readonly signedInUsername: string | undefined,
  ) {
    const tokens = [{ key: token, user: 1, readOnly: false }];
    if (readOnlyToken !== undefined) tokens.push({ key: readOnlyToken, user: 1, readOnly: true });
    this.store = new Store(tokens);
    this.signIn(signedInUsername);
  }

  /** Makes /application/o/authorize/ see this user as logged in (undefined: nobody). */
  signIn(username: string | undefined): void {
    if (username === undefined) {
      this.store.signedIn = undefined;
      return;
    }
    const user = this.store.userByUsername(username);
    if (!user) throw new Error(`no user "${username}" to sign in (add one with store.addUser)`);
    this.store.signedIn = user.pk;
  }

  /** Fresh-install state again; the request log and pending faults are cleared too. */
  reset(): void {
    this.store.reset();
    this.requests.length = 0;
    this.faults.clear();
    this.signIn(this.signedInUsername);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.delays.cancelAll();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** @internal */
  async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const target = new URL(request.url ?? "/", "http://placeholder");
    const method = (request.method ?? "GET").toUpperCase();
    let raw: Buffer;
    try {
      raw = await readBody(request);
    } catch {
      return;
    }
    const send = (answer: ApiResponse, record?: RecordedRequest): void => {
      if (record) record.status = answer.status;
      if (response.destroyed || response.writableEnded) return;
      const body = answer.json !== undefined ? JSON.stringify(answer.json) : (answer.text ?? "");
      const headers: Record<string, string | number> = { ...answer.headers };
      if (answer.json !== undefined && !headers["Content-Type"]) headers["Content-Type"] = "application/json";
      if (answer.status !== 204) headers["Content-Length"] = Buffer.byteLength(body);
      response.writeHead(answer.status, headers);
      response.end(method === "HEAD" || answer.status === 204 ? undefined : body);
    };
    if (target.pathname.startsWith(CONTROL_PREFIX)) return send(handleControl(this, method, target.pathname, raw));

    const record: RecordedRequest = {
      method,
      path: target.pathname,
      query: queryObject(target.searchParams),
      body: recordedBody(request.headers["content-type"], raw),
      status: 0,
    };
    this.requests.push(record);
    try {
      const fault = this.faults.take(method, target.pathname);
      if (fault) record.fault = fault.kind;
      if (fault?.kind === "reset") return void request.socket.destroy();
      if (fault?.kind === "respond") {
        const body = fault.body;
        const answer: ApiResponse =
          typeof body === "string"
            ? { status: fault.status, text: body, headers: fault.headers }
            : { status: fault.status, json: body ?? {}, headers: fault.headers };
        return send(answer, record);
      }
      if (fault?.kind === "delay") {
        await this.delays.wait(fault.delayMs);
        if (this.stopped) return void request.socket.destroy();
      }
      send(this.dispatch(request, method, target, raw), record);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.internalErrors.push(failure);
      send({ status: 500, text: `authentik emulator internal error: ${failure.message}` }, record);
    }
  }

  private dispatch(request: http.IncomingMessage, method: string, target: URL, raw: Buffer): ApiResponse {
    let match = matchRoute(method, target.pathname);
    if (match === undefined && !target.pathname.endsWith("/") && matchRoute(method, `${target.pathname}/`)) {
      // Django's APPEND_SLASH.
      return { status: 301, headers: { Location: `${target.pathname}/${target.search}` }, text: "" };
    }
    if (match === undefined) return pageNotFound();
    const isApi = target.pathname.startsWith("/api/");
    let user;
    if (isApi && "allowed" in match) {
      const auth = authenticate(request.headers, this.store);
      if ("response" in auth) return auth.response;
      const denied = authorizeRequest(auth, method, true);
      if (denied) return denied;
    }
    if ("allowed" in match) {
      const allow = match.allowed.join(", ");
      return isApi
        ? { ...detail(405, `Method "${method}" not allowed.`), headers: { Allow: allow } }
        : { status: 405, headers: { Allow: allow }, text: "" };
    }
    if (match.route.auth !== "none") {
      const auth = authenticate(request.headers, this.store);
      if ("response" in auth) return auth.response;
      const denied = authorizeRequest(auth, method, match.route.auth === "token");
      if (denied) return denied;
      user = auth.user;
    }
    const forwarded = String(request.headers["x-forwarded-proto"] ?? "");
    const scheme = forwarded === "https" || forwarded === "http" ? forwarded : this.url.split(":")[0];
    const host = request.headers.host ?? new URL(this.url).host;
    match = match as Exclude<typeof match, { allowed: string[] }>;
    return match.route.handler({
      method,
      path: target.pathname,
      query: target.searchParams,
      headers: request.headers,
      rawBody: raw,
      origin: `${scheme}://${host}`,
      params: match.params,
      user,
      store: this.store,
    });
  }
}

/** Starts the emulator on 127.0.0.1 (a free port unless `port` is given). */
export async function startAuthentikEmulator(options: AuthentikEmulatorOptions = {}): Promise<AuthentikEmulator> {
  const tls = options.tls === true ? loopbackTlsCertificate() : options.tls;
  const server = tls ? https.createServer({ cert: tls.cert, key: tls.key }) : http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let emulator: AuthentikEmulator;
  try {
    emulator = new AuthentikEmulator(
      server,
      `${tls ? "https" : "http"}://127.0.0.1:${port}`,
      options.token ?? generateId(60),
      options.readOnlyToken,
      tls?.cert,
      options.signedIn,
    );
  } catch (error) {
    server.close();
    throw error;
  }
  server.on("request", (request, response) => void emulator.handle(request, response));
  return emulator;
}
