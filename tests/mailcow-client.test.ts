import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { MailcowClient, type MailcowClientOptions } from "../components/mailcow/client";
import { type MailcowError, isMailcowError } from "../components/mailcow/errors";
import { renderAttr } from "../components/mailcow/settings";
import { MailcowEmulator } from "./support/mailcow-emulator";

const CLIENT_SECRET = "client-secret-9f8e7d6c5b4a";

let emulator: MailcowEmulator;

beforeAll(async () => {
  emulator = await MailcowEmulator.start();
});

afterAll(async () => {
  await emulator.stop();
});

beforeEach(() => {
  emulator.clearFaults();
  emulator.resetLog();
  emulator.setAllowFrom("127.0.0.1,::1");
  emulator.seedSettings({});
});

function client(options: Partial<MailcowClientOptions> = {}) {
  return new MailcowClient({
    baseUrl: emulator.url,
    apiKey: emulator.rwKey,
    timeoutMs: 300,
    maxRetries: 2,
    retryBackoffMs: 5,
    ...options,
  });
}

function attr(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...renderAttr(
      {
        authorizeUrl: "https://auth.example.org/application/o/authorize/",
        tokenUrl: "https://auth.example.org/application/o/token/",
        userinfoUrl: "https://auth.example.org/application/o/userinfo/",
        clientId: "mailcow",
        redirectUrl: "https://mail.example.org",
        redirectUrlExtra: [],
        clientScopes: ["openid", "profile", "email", "mailcow_template"],
        ignoreSslError: false,
        loginProvisioning: true,
        defaultTemplate: "",
        templateMappings: [{ claimValue: "staff", template: "Default" }],
      },
      CLIENT_SECRET,
    ),
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<MailcowError> {
  try {
    await promise;
  } catch (error) {
    if (isMailcowError(error)) {
      // Whatever the failure, neither the key nor the client secret may show up.
      expect(`${error.message} ${error.stack} ${error.messages.join(" ")}`).not.toContain(emulator.rwKey);
      expect(`${error.message} ${error.stack}`).not.toContain(CLIENT_SECRET);
      return error;
    }
    throw error;
  }
  throw new Error("expected a failure");
}

describe("happy paths against the emulator", () => {
  test("GET on a fresh mailcow returns login_provisioning 1", async () => {
    const c = client();
    expect(await c.getIdentityProvider()).toEqual({ login_provisioning: 1 });
    expect(c.requestCount).toBe(1);
    expect(emulator.count({ method: "GET", route: "get/identity-provider" })).toBe(1);
  });

  test("edit stores the settings and GET returns them", async () => {
    const c = client();
    expect(await c.editIdentityProvider(attr())).toEqual(["object_modified"]);
    const stored = await c.getIdentityProvider();
    expect(stored).toMatchObject({ authsource: "generic-oidc", client_id: "mailcow", login_provisioning: true });
    expect(stored.mappers).toEqual(["staff"]);
    expect(emulator.count()).toBe(2);
  });

  test("a trailing slash on the base URL is dropped; the read-only key can read", async () => {
    const c = new MailcowClient({ baseUrl: `${emulator.url}/`, apiKey: emulator.roKey });
    expect(c.baseUrl).toBe(emulator.url);
    expect(await c.getIdentityProvider()).toEqual({ login_provisioning: 1 });
  });

  test("the client object does not expose the API key", () => {
    const c = client();
    expect(JSON.stringify(c)).not.toContain(emulator.rwKey);
    expect(require("node:util").inspect(c, { showHidden: true, depth: 5 })).not.toContain(emulator.rwKey);
  });

  test("delete removes the setting and is safe to repeat", async () => {
    const c = client();
    await c.editIdentityProvider(attr());
    expect(await c.deleteIdentityProvider()).toEqual(["item_deleted"]);
    expect(await c.deleteIdentityProvider()).toEqual(["item_deleted"]);
    expect(await c.getIdentityProvider()).toEqual({ login_provisioning: 1 });
  });
});

describe("mailcow's danger replies", () => {
  test("a missing field is reported with mailcow's message keys and not retried", async () => {
    const error = await failure(client().editIdentityProvider(attr({ token_url: "" })));
    expect(error.kind).toBe("rejected");
    expect(error.messages).toEqual(["required_data_missing token_url"]);
    expect(error.message).toContain("required_data_missing token_url");
    expect(emulator.count({ route: "edit/identity-provider" })).toBe(1);
  });

  test("an invalid authsource", async () => {
    const error = await failure(client().editIdentityProvider(attr({ authsource: "none" })));
    expect(error.messages).toEqual(["invalid_authsource"]);
  });

  test("delete while mailboxes use the identity provider → authsource_in_use", async () => {
    const c = client();
    await c.editIdentityProvider(attr());
    emulator.addMailbox("alice@example.org", "generic-oidc");
    try {
      const error = await failure(c.deleteIdentityProvider());
      expect(error.kind).toBe("rejected");
      expect(error.messages).toEqual(["authsource_in_use"]);
      expect(emulator.count({ route: "delete/identity-provider" })).toBe(1);
    } finally {
      emulator.setMailboxAuthsource("alice@example.org", "mailcow");
    }
  });
});

describe("authentication and permissions", () => {
  test("a wrong key fails once with an actionable message and is never retried", async () => {
    const error = await failure(client({ apiKey: "AAAAAA-BBBBBB-CCCCCC-DDDDDD-EEEEEE" }).getIdentityProvider());
    expect(error.kind).toBe("unauthorized");
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/mailcow\.apiKey|MAILCOW_API_KEY/);
    expect(error.message).not.toContain("AAAAAA-BBBBBB-CCCCCC-DDDDDD-EEEEEE");
    expect(emulator.unauthorizedCount).toBe(1);
  });

  test("a disallowed IP fails once and says to extend the allow list", async () => {
    emulator.setAllowFrom("10.0.0.0/8");
    const error = await failure(client().editIdentityProvider(attr()));
    expect(error.kind).toBe("unauthorized");
    expect(error.message).toMatch(/allow list/);
    expect(error.message).toContain("127.0.0.1");
    expect(emulator.unauthorizedCount).toBe(1);
  });

  test("the read-only key can read but not write (403)", async () => {
    const c = client({ apiKey: emulator.roKey });
    await expect(c.getIdentityProvider()).resolves.toEqual({ login_provisioning: 1 });
    const error = await failure(c.editIdentityProvider(attr()));
    expect(error.kind).toBe("forbidden");
    expect(error.message).toMatch(/read-only/);
    expect(emulator.count({ route: "edit/identity-provider" })).toBe(1);
  });

  test("a URL without mailcow's API (or mailcow before 2025-03) → notFound", async () => {
    const error = await failure(client({ baseUrl: `${emulator.url}/not-mailcow` }).getIdentityProvider());
    expect(error.kind).toBe("notFound");
    expect(error.message).toMatch(/2025-03/);
    expect(emulator.count()).toBe(1);
  });
});

describe("transient and persistent faults", () => {
  test.each(["html500", "empty500", "reset"] as const)("one %s is retried and then succeeds", async (kind) => {
    emulator.injectFault({ kind, route: "get" });
    const c = client();
    expect(await c.getIdentityProvider()).toEqual({ login_provisioning: 1 });
    expect(c.requestCount).toBe(2);
    expect(emulator.count({ route: "get/identity-provider" })).toBe(2);
  });

  test.each<[string, RegExp, string]>([
    ["html500", /HTML error page.*Redis/, "server"],
    ["empty500", /empty body/, "server"],
    ["reset", /reset/, "network"],
  ])("a persistent %s fails cleanly after the retries", async (kind, message, errorKind) => {
    emulator.injectFault({ kind: kind as "html500", route: "edit", times: Infinity });
    const c = client();
    const error = await failure(c.editIdentityProvider(attr()));
    expect(error.kind).toBe(errorKind);
    expect(error.message).toMatch(message);
    expect(c.requestCount).toBe(3);
  });

  test("a slow answer times out, is retried, then fails as a timeout", async () => {
    emulator.injectFault({ kind: "delay", route: "get", delayMs: 2000, times: Infinity });
    const c = client({ timeoutMs: 100, maxRetries: 1 });
    const started = Date.now();
    const error = await failure(c.getIdentityProvider());
    expect(error.kind).toBe("timeout");
    expect(error.message).toMatch(/within 100 ms/);
    expect(c.requestCount).toBe(2);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  test("a slow answer once is retried and succeeds", async () => {
    emulator.injectFault({ kind: "delay", route: "get", delayMs: 1000 });
    const c = client({ timeoutMs: 150 });
    expect(await c.getIdentityProvider()).toEqual({ login_provisioning: 1 });
    expect(c.requestCount).toBe(2);
  });

  test("an empty 200 is an error and not retried", async () => {
    emulator.injectFault({ kind: "empty200", route: "edit" });
    const c = client();
    const error = await failure(c.editIdentityProvider(attr()));
    expect(error.kind).toBe("server");
    expect(error.message).toMatch(/empty body/);
    expect(c.requestCount).toBe(1);
  });

  test("a connection reset in the middle of the body is retried and then succeeds", async () => {
    emulator.injectFault({ kind: "resetMidBody", route: "get" });
    const c = client();
    expect(await c.getIdentityProvider()).toEqual({ login_provisioning: 1 });
    expect(c.requestCount).toBe(2);
  });

  test("a persistent reset in the middle of the body fails as a reset after every attempt", async () => {
    emulator.injectFault({ kind: "resetMidBody", route: "get", times: Infinity });
    const c = client();
    const error = await failure(c.getIdentityProvider());
    expect(error.kind).toBe("network");
    expect(error.message).toMatch(/reset.*before the whole answer arrived.*\(3 attempts\)/);
    expect(c.requestCount).toBe(3);
  });

  test("maxRetries 0 means exactly one attempt", async () => {
    emulator.injectFault({ kind: "html500", route: "delete", times: Infinity });
    const c = client({ maxRetries: 0 });
    await failure(c.deleteIdentityProvider());
    expect(c.requestCount).toBe(1);
  });

  test("nothing listening → network error without retry", async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const c = client({ baseUrl: `http://127.0.0.1:${port}` });
    const error = await failure(c.getIdentityProvider());
    expect(error.kind).toBe("network");
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(c.requestCount).toBe(1);
  });
});

describe("secrets mailcow sends back never reach a message", () => {
  const THEIRS = "someone-elses-stored-secret-77";

  beforeEach(() => {
    emulator.adminEdit({ ...attr(), client_secret: THEIRS, client_id: "theirs" });
  });

  test("a PHP notice before the JSON is a protocol error that names the cause", async () => {
    emulator.injectFault({ kind: "phpNotice", route: "get" });
    const error = await failure(client().getIdentityProvider());
    expect(error.kind).toBe("protocol");
    expect(error.message).toMatch(/PHP may print notices before the JSON/);
    expect(error.message).not.toContain(THEIRS);
  });

  test("a 500 page that dumps the stored settings is retried, then reported as a server error", async () => {
    emulator.injectFault({ kind: "settingsDump500", route: "get", times: Infinity });
    const c = client();
    const error = await failure(c.getIdentityProvider());
    expect(error.kind).toBe("server");
    expect(c.requestCount).toBe(3);
    expect(`${error.message} ${error.stack}`).not.toContain(THEIRS);
  });

  test.each<[string, number, string]>([
    ["a notice right before the JSON", 200, `<b>Notice</b>: x {"client_secret": "${THEIRS}", "client_id": "theirs"}`],
    ["an error page quoting the settings", 500, `<pre>Fatal error in edit({"client_secret":"${THEIRS}"})</pre>`],
    ["a print_r dump", 502, `Array\n(\n    [client_secret] => ${THEIRS}\n)`],
  ])("%s (secret within the quoted part) is quoted without the secret", async (_name, status, body) => {
    const server = http.createServer((_request, response) => response.writeHead(status).end(body));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const c = client({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, maxRetries: 0 });
      const error = await failure(c.getIdentityProvider());
      expect(error.message).toContain("[redacted]");
      expect(error.message).not.toContain(THEIRS);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test("a secret seen in a GET is redacted wherever it turns up later", async () => {
    const c = client();
    expect((await c.getIdentityProvider()).client_secret).toBe(THEIRS);
    expect(c.redact(`quoted bare: ${THEIRS}.`)).toBe("quoted bare: [redacted].");
  });
});

describe("the test route", () => {
  let idp: http.Server;
  let idpUrl: string;

  beforeAll(async () => {
    // Stands in for the IdP's token endpoint: mailcow sends OPTIONS and wants 200.
    idp = http.createServer((request, response) => {
      response.writeHead(request.url === "/token/" ? 200 : 404).end();
    });
    await new Promise<void>((resolve) => idp.listen(0, "127.0.0.1", resolve));
    idpUrl = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => idp.close(resolve));
  });

  test("succeeds when the token URL answers 200 and persists nothing", async () => {
    await client().testIdentityProvider(attr({ token_url: `${idpUrl}/token/` }));
    expect(emulator.storedSettings()).toEqual({});
  });

  test("fails with mailcow's reasonless reply otherwise", async () => {
    const error = await failure(client().testIdentityProvider(attr({ token_url: `${idpUrl}/missing/` })));
    expect(error.kind).toBe("rejected");
    expect(error.message).toMatch(/connection test failed.*OPTIONS/);
  });
});

describe("responses the client must not trust", () => {
  let server: http.Server;
  let url: string;
  const seen: http.IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      seen.push(request.headers);
      if (request.url?.startsWith("/redirect/")) {
        response.writeHead(302, { Location: "https://elsewhere.example.org/" }).end();
      } else {
        response.writeHead(200, { "Content-Type": "text/html" }).end("<html><title>Sign in</title></html>");
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  test("a redirect is not followed (the key must not travel elsewhere)", async () => {
    const error = await failure(client({ baseUrl: `${url}/redirect` }).getIdentityProvider());
    expect(error.kind).toBe("protocol");
    expect(error.message).toContain("https://elsewhere.example.org/");
    expect(seen).toHaveLength(1);
  });

  test("HTML with status 200 (a login proxy) is a protocol error", async () => {
    const error = await failure(client({ baseUrl: url }).getIdentityProvider());
    expect(error.kind).toBe("protocol");
    expect(error.message).toMatch(/not JSON \("Sign in"\)/);
  });

  test("requests carry X-API-Key, JSON content type and no Sec-Fetch-Dest", async () => {
    seen.length = 0;
    await failure(client({ baseUrl: url }).editIdentityProvider(attr()));
    expect(seen[0]["x-api-key"]).toBe(emulator.rwKey);
    expect(seen[0]["content-type"]).toBe("application/json");
    expect(seen[0]["sec-fetch-dest"]).toBeUndefined();
  });
});

describe("TLS", () => {
  let server: https.Server;
  let url: string;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "mailcow-tls-"));
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"].concat([
        "-keyout",
        path.join(dir, "key.pem"),
        "-out",
        path.join(dir, "cert.pem"),
      ]),
      { stdio: "ignore" },
    );
    server = https.createServer(
      { key: readFileSync(path.join(dir, "key.pem")), cert: readFileSync(path.join(dir, "cert.pem")) },
      (_request, response) => {
        response.writeHead(200, { "Content-Type": "application/json" }).end('{"login_provisioning": 1}');
      },
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  test("verification is on by default", async () => {
    const c = client({ baseUrl: url });
    const error = await failure(c.getIdentityProvider());
    expect(error.kind).toBe("network");
    expect(error.message).toMatch(/certificate/);
    expect(c.requestCount).toBe(1);
  });

  test("the insecure transport keeps the same error mapping (timeout, retry)", async () => {
    emulator.injectFault({ kind: "delay", route: "get", delayMs: 2000, times: Infinity });
    const c = client({ insecureTls: true, timeoutMs: 100, maxRetries: 1 });
    const error = await failure(c.getIdentityProvider());
    expect(error.kind).toBe("timeout");
    expect(c.requestCount).toBe(2);
    emulator.clearFaults();
    emulator.injectFault({ kind: "reset", route: "get" });
    await expect(client({ insecureTls: true }).getIdentityProvider()).resolves.toEqual({ login_provisioning: 1 });
  });

  test("the insecure transport sees a connection cut in the middle of the body as a reset", async () => {
    emulator.injectFault({ kind: "resetMidBody", route: "get" });
    const c = client({ insecureTls: true });
    await expect(c.getIdentityProvider()).resolves.toEqual({ login_provisioning: 1 });
    expect(c.requestCount).toBe(2);
    emulator.injectFault({ kind: "resetMidBody", route: "get", times: Infinity });
    const error = await failure(client({ insecureTls: true, maxRetries: 0 }).getIdentityProvider());
    expect(error.message).toMatch(/reset.*ECONNRESET.*before the whole answer arrived/);
  });

  test("insecureTls turns it off explicitly", async () => {
    await expect(client({ baseUrl: url, insecureTls: true }).getIdentityProvider()).resolves.toEqual({
      login_provisioning: 1,
    });
  });
});

describe("options", () => {
  test.each<[string, Partial<MailcowClientOptions>, RegExp]>([
    ["empty key", { apiKey: " " }, /API key is empty/],
    ["not a URL", { baseUrl: "mail.example.org" }, /not a URL/],
    ["ftp URL", { baseUrl: "ftp://mail.example.org" }, /https/],
    ["credentials in URL", { baseUrl: "https://admin:pw@mail.example.org" }, /user name or password/],
  ])("%s is a config error", (_name, options, message) => {
    let caught: unknown;
    try {
      client(options);
    } catch (error) {
      caught = error;
    }
    expect(isMailcowError(caught) && caught.kind).toBe("config");
    expect((caught as Error).message).toMatch(message);
  });
});
