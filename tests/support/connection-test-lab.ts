// Stand-ins for the connection test: a tiny authentik (named as one: it serves only the discovery document and
// answers OPTIONS on the token endpoint) and the mailcow emulator configured as `pulumi up` leaves it. Everything
// listens on 127.0.0.1.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ConnectionReport, ConnectionTestInput } from "../../components/connection-test/check-connection";
import { MailcowEmulator } from "./mailcow-emulator";

export const CLIENT_ID = "mailcow-client-id-4b1d";
export const CLIENT_SECRET = "client-secret-7c2e9a1f0d3b5e86";
export const SLUG = "mailcow";
export const TOKEN_PATH = "/application/o/token/";
export const DISCOVERY_PATH = `/application/o/${SLUG}/.well-known/openid-configuration`;

/** What authentik's discovery document advertises for the application (see endpoints()). */
export type Discovery = Record<string, unknown>;

/** A minimal authentik stand-in: serves the discovery document and answers OPTIONS on the token endpoint. */
export interface AuthentikStandIn {
  readonly url: string;
  /** An object is served as JSON; a string as an HTML page (a login proxy in front of authentik). */
  discovery: Discovery | string;
  discoveryStatus: number;
  tokenOptionsStatus: number;
  readonly seen: { method: string; path: string }[];
  stop(): Promise<void>;
}

export async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

async function startAuthentik(): Promise<AuthentikStandIn> {
  const server = http.createServer();
  const url = `http://127.0.0.1:${await listen(server)}`;
  const standIn: AuthentikStandIn = {
    url,
    discovery: {},
    discoveryStatus: 200,
    tokenOptionsStatus: 200,
    seen: [],
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  server.on("request", (request: http.IncomingMessage, response: http.ServerResponse) => {
    const method = request.method ?? "";
    const target = request.url ?? "";
    standIn.seen.push({ method, path: target });
    request.resume();
    if (method === "GET" && target === DISCOVERY_PATH) {
      const json = typeof standIn.discovery !== "string";
      response.writeHead(standIn.discoveryStatus, { "Content-Type": json ? "application/json" : "text/html" });
      response.end(json ? JSON.stringify(standIn.discovery) : standIn.discovery);
    } else if (method === "OPTIONS" && target === TOKEN_PATH) {
      response.writeHead(standIn.tokenOptionsStatus, { Allow: "POST, OPTIONS" });
      response.end();
    } else {
      response.writeHead(404, { "Content-Type": "text/html" });
      response.end("<h1>Not Found</h1>");
    }
  });
  return standIn;
}

/** Both stand-ins, and the settings the Pulumi program would hand the connection test for them. */
export class ConnectionLab {
  private constructor(
    readonly authentik: AuthentikStandIn,
    readonly mailcow: MailcowEmulator,
  ) {}

  static async start(): Promise<ConnectionLab> {
    return new ConnectionLab(await startAuthentik(), await MailcowEmulator.start({ testRouteTimeoutMs: 1000 }));
  }

  endpoints() {
    const { url } = this.authentik;
    return {
      discoveryUrl: `${url}${DISCOVERY_PATH}`,
      issuer: `${url}/application/o/${SLUG}/`,
      authorizeUrl: `${url}/application/o/authorize/`,
      tokenUrl: `${url}${TOKEN_PATH}`,
      userinfoUrl: `${url}/application/o/userinfo/`,
    };
  }

  /** authentik's discovery document, with the fields the check compares. */
  discoveryDocument(overrides: Discovery = {}): Discovery {
    const e = this.endpoints();
    return {
      issuer: e.issuer,
      authorization_endpoint: e.authorizeUrl,
      token_endpoint: e.tokenUrl,
      userinfo_endpoint: e.userinfoUrl,
      jwks_uri: `${this.authentik.url}/application/o/${SLUG}/jwks/`,
      response_types_supported: ["code"],
      ...overrides,
    };
  }

  /** The complete generic-oidc attribute set `pulumi up` saves, stored the way mailcow's admin UI would. */
  configureMailcow(overrides: Record<string, unknown> = {}): void {
    const e = this.endpoints();
    const reply = this.mailcow.adminEdit({
      authsource: "generic-oidc",
      authorize_url: e.authorizeUrl,
      token_url: e.tokenUrl,
      userinfo_url: e.userinfoUrl,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_url: "https://mail.example.org",
      client_scopes: "openid profile email mailcow_template",
      ignore_ssl_error: false,
      login_provisioning: true,
      ...overrides,
    });
    if (!Array.isArray(reply) || (reply[0] as { type?: string })?.type !== "success") {
      throw new Error(`the emulator did not save the settings: ${JSON.stringify(reply)}`);
    }
  }

  /** What mailcow was given, as the Pulumi program passes it on. */
  input(overrides: Partial<ConnectionTestInput> = {}): ConnectionTestInput {
    return {
      mailcowUrl: this.mailcow.url,
      mailcowApiKey: this.mailcow.rwKey,
      ...this.endpoints(),
      clientId: CLIENT_ID,
      timeoutMs: 2000,
      ...overrides,
    };
  }

  /** Back to a good setup: consistent discovery document, mailcow configured, logs cleared. */
  reset(): void {
    this.authentik.discovery = this.discoveryDocument();
    this.authentik.discoveryStatus = 200;
    this.authentik.tokenOptionsStatus = 200;
    this.authentik.seen.length = 0;
    this.mailcow.seedSettings({});
    this.mailcow.resetLog();
    this.configureMailcow();
  }

  async stop(): Promise<void> {
    await this.mailcow.stop();
    await this.authentik.stop();
  }
}

/** Checks that failed (skipped ones are not failures). */
export function failed(report: ConnectionReport) {
  return report.checks.filter((check) => check.status === "failed");
}
