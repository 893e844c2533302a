// The HTTP side of the emulator: a server on 127.0.0.1 that records every request, applies injected faults,
// answers non-API paths like nginx and hands API requests to the PHP pipeline in json-api.ts.
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { Delays } from "../delays";
import { type ApiKeyRow, generateApiKey } from "./api-auth";
import { MailboxTable, type MailboxAuthsource, SettingsTable } from "./database";
import { type Fault, FaultQueue, faultRouteOf } from "./faults";
import { editIdentityProvider } from "./identity-provider";
import {
  type ApiEnvironment,
  JSON_CONTENT_TYPE,
  PHP_DEFAULT_CONTENT_TYPE,
  handleApiRequest,
  processReturn,
} from "./json-api";
import { PhpUncaughtError, castToArray } from "./php";
import { phpJsonDecode } from "./php-json";
import { nginxErrorPage, parseRequestTarget } from "./request-target";
import { selfSignedCertificate } from "./test-certificate";

export interface MailcowEmulatorOptions {
  /** Default: a random key in mailcow's XXXXXX-XXXXXX-XXXXXX-XXXXXX-XXXXXX upper-hex format. */
  rwKey?: string;
  /** Default: another random key. */
  roKey?: string;
  /** mailcow's allow_from syntax (IPs and CIDRs split on spaces, commas, semicolons, newlines). */
  allowFrom?: string;
  skipIpCheck?: boolean;
  /** Timeout of the test route's HTTP check; mailcow uses 7 s. */
  testRouteTimeoutMs?: number;
  /** Serve https with a throwaway self-signed certificate, as a mailcow with its own certificate does. */
  tls?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** The request target as sent, query included. */
  path: string;
  action: string;
  category: string;
  /** 0 while unanswered, and for requests reset by a fault. */
  status: number;
  /** A valid key from an allowed IP. */
  authenticated: boolean;
}

/** What PHP prints before the output when display_errors is on and a notice fires. */
const PHP_NOTICE =
  "<br />\n<b>Notice</b>:  Undefined index: redirect_url_extra in <b>/web/inc/functions.inc.php</b> on line " +
  "<b>2345</b><br />\n";

/** The page PHP prints when Redis (or MariaDB) is unreachable while loading prerequisites. */
const INFRASTRUCTURE_ERROR_PAGE =
  "<center style='font-family:sans-serif;'>Connection to Redis failed.<br /><br />The following error was reported:<br/>" +
  "Connection refused</center>";

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function validateKey(name: string, key: string): string {
  if (!/^[A-Za-z0-9-]+$/.test(key)) throw new Error(`${name} may contain only A-Z, a-z, 0-9 and "-"`);
  return key;
}

export class MailcowEmulator {
  readonly rwKey: string;
  readonly roKey: string;
  readonly requests: RecordedRequest[] = [];
  /** Unexpected exceptions inside the emulator (answered with a plain 500); tests can assert it stays empty. */
  readonly internalErrors: Error[] = [];
  private readonly settings = new SettingsTable();
  private readonly mailboxes = new MailboxTable();
  private readonly apiKeys: ApiKeyRow[];
  private readonly faults = new FaultQueue();
  private readonly shutdown = new AbortController();
  private readonly delays = new Delays();
  private readonly environment: ApiEnvironment;

  private constructor(
    private readonly server: http.Server | https.Server,
    readonly url: string,
    options: MailcowEmulatorOptions,
  ) {
    this.rwKey = validateKey("rwKey", options.rwKey ?? generateApiKey());
    this.roKey = validateKey("roKey", options.roKey ?? generateApiKey());
    if (this.rwKey.toLowerCase() === this.roKey.toLowerCase()) throw new Error("rwKey and roKey must differ");
    const allowFrom = options.allowFrom ?? "127.0.0.1,::1";
    const skipIpCheck = options.skipIpCheck ?? false;
    this.apiKeys = [
      { apiKey: this.rwKey, access: "rw", allowFrom, skipIpCheck },
      { apiKey: this.roKey, access: "ro", allowFrom, skipIpCheck },
    ];
    this.environment = {
      tables: { settings: this.settings, mailboxes: this.mailboxes },
      apiKeys: this.apiKeys,
      outbound: {
        httpTimeoutMs: options.testRouteTimeoutMs ?? 7000,
        signal: this.shutdown.signal,
      },
    };
  }

  /** Starts a server on 127.0.0.1 with a free port. */
  static async start(options: MailcowEmulatorOptions = {}): Promise<MailcowEmulator> {
    const server = options.tls ? https.createServer(selfSignedCertificate()) : http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    let emulator: MailcowEmulator;
    try {
      emulator = new MailcowEmulator(server, `${options.tls ? "https" : "http"}://127.0.0.1:${port}`, options);
    } catch (error) {
      server.close();
      throw error;
    }
    server.on("request", (request, response) => void emulator.handle(request, response));
    return emulator;
  }

  /** Number of 401 responses sent: what mailcow's fail2ban would count against the client IP. */
  get unauthorizedCount(): number {
    return this.requests.filter((request) => request.status === 401).length;
  }

  /** Requests matching a method and/or a route such as "get/identity-provider". */
  count(filter: { method?: string; route?: string } = {}): number {
    return this.requests.filter(
      (request) =>
        (filter.method === undefined || request.method === filter.method.toUpperCase()) &&
        (filter.route === undefined || `${request.action}/${request.category}` === filter.route),
    ).length;
  }

  /** The raw `identity_provider` table: every value a string, keys in primary-key order. */
  storedSettings(): Record<string, string> {
    return this.settings.snapshot();
  }

  /** Replaces the raw table, e.g. to simulate an existing configuration, stale keys or pre-2025-05 data. */
  seedSettings(raw: Record<string, string>): void {
    this.settings.replace(raw);
  }

  /** An edit as the admin UI makes it (no HTTP request, not recorded). Returns the envelope, or undefined for the
   * empty body mailcow sends after an uncaught exception. */
  adminEdit(attr: Record<string, unknown>): unknown {
    const data = castToArray(phpJsonDecode(JSON.stringify(attr), true));
    data.delete("csrf_token");
    let body: string;
    try {
      body = processReturn(editIdentityProvider(this.environment.tables, data), "Cannot edit item");
    } catch (error) {
      if (error instanceof PhpUncaughtError) return undefined;
      throw error;
    }
    return body === "" ? undefined : JSON.parse(body);
  }

  addMailbox(username: string, authsource: MailboxAuthsource): void {
    this.mailboxes.add(username, authsource);
  }

  setMailboxAuthsource(username: string, authsource: string): void {
    this.mailboxes.setAuthsource(username, authsource);
  }

  /** mailcow's API_ALLOW_FROM applies to both keys. */
  setAllowFrom(allowFrom: string): void {
    for (const row of this.apiKeys) row.allowFrom = allowFrom;
  }

  injectFault(fault: Fault): void {
    this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Clears the request log (and with it unauthorizedCount), not the stored settings or mailboxes. */
  resetLog(): void {
    this.requests.length = 0;
  }

  /** Closes the server and every open connection, and cancels delays and outbound test requests. */
  async stop(): Promise<void> {
    if (this.shutdown.signal.aborted) return;
    this.shutdown.abort();
    this.delays.cancelAll();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** An error page that quotes the stored settings, as a debugging handler with display_errors would. */
  private settingsDumpPage(): string {
    const stored = this.settings.snapshot();
    const printR = Object.entries(stored)
      .map(([key, value]) => `    [${key}] => ${value}`)
      .join("\n");
    return (
      "<pre>Fatal error: Uncaught PDOException: SQLSTATE[HY000] [2002] Connection refused while saving " +
      `${JSON.stringify(stored)}\nArray\n(\n${printR}\n)\n</pre>`
    );
  }

  /** Announces the whole body, sends half of it and closes the connection. */
  private sendHalfAndClose(response: http.ServerResponse, status: number, contentType: string, body: string): void {
    const bytes = Buffer.from(body, "utf8");
    response.writeHead(status, { "Content-Type": contentType, "Content-Length": bytes.length });
    response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => response.socket?.destroy());
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const record: RecordedRequest = {
      method: request.method ?? "",
      path: request.url ?? "",
      action: "",
      category: "",
      status: 0,
      authenticated: false,
    };
    this.requests.push(record);
    // Read now: once a client gives up (e.g. during a delay) the socket no longer knows its peer.
    const remoteAddress = request.socket.remoteAddress ?? "";
    const send = (status: number, contentType: string, body: string, authenticated = false): void => {
      record.status = status;
      record.authenticated = authenticated;
      if (response.destroyed || response.writableEnded) return;
      response.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body) });
      response.end(body);
    };
    let body: Buffer;
    try {
      body = await readBody(request);
    } catch {
      return; // The client went away before sending its whole body: nothing to answer, status stays 0.
    }
    try {
      const target = parseRequestTarget(record.path);
      if (target.kind === "api") Object.assign(record, { action: target.action, category: target.category });
      const fault = this.faults.take(target.kind === "api" ? faultRouteOf(target.action, target.category) : undefined);
      if (fault?.kind === "reset") return void request.socket.destroy();
      if (fault?.kind === "html500") return send(500, PHP_DEFAULT_CONTENT_TYPE, INFRASTRUCTURE_ERROR_PAGE);
      if (fault?.kind === "empty500") return send(500, PHP_DEFAULT_CONTENT_TYPE, "");
      if (fault?.kind === "empty200") return send(200, JSON_CONTENT_TYPE, "");
      if (fault?.kind === "settingsDump500") return send(500, PHP_DEFAULT_CONTENT_TYPE, this.settingsDumpPage());
      if (fault?.kind === "delay") {
        await this.delays.wait(fault.delayMs ?? 0);
        if (this.shutdown.signal.aborted) return void request.socket.destroy();
      }
      if (target.kind !== "api") {
        const status = target.kind === "bad-request" ? 400 : 404;
        return send(status, "text/html", nginxErrorPage(status));
      }
      const result = await handleApiRequest(
        this.environment,
        { method: record.method, headers: request.headers, body, remoteAddress },
        target,
      );
      if (fault?.kind === "concurrentWrite") this.adminEdit(fault.attr ?? {});
      if (fault?.kind === "phpNotice") return send(result.status, result.contentType, PHP_NOTICE + result.body);
      if (fault?.kind === "resetMidBody") {
        record.status = result.status;
        return this.sendHalfAndClose(response, result.status, result.contentType, result.body);
      }
      send(result.status, result.contentType, result.body, result.authenticated);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.internalErrors.push(failure);
      send(500, "text/plain", `mailcow emulator internal error: ${failure.message}`);
    }
  }
}
