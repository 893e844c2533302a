// The connection test against local stand-ins (tests/support/connection-test-lab.ts): a tiny authentik (discovery
// document + token endpoint) and the mailcow emulator configured as `pulumi up` leaves it, on 127.0.0.1.
import { spawn } from "node:child_process";
import path from "node:path";
import {
  type ConnectionTestInput,
  ENV,
  checkConnection,
  formatReport,
  inputFromEnv,
} from "../components/connection-test/check-connection";
import {
  type AuthentikStandIn,
  CLIENT_ID,
  CLIENT_SECRET,
  ConnectionLab,
  DISCOVERY_PATH,
  TOKEN_PATH,
  failed,
} from "./support/connection-test-lab";
import { closedPort, serve } from "./support/loopback";
import type { MailcowEmulator } from "./support/mailcow-emulator";

const WRONG_API_KEY = "DEADBE-EF0123-456789-ABCDEF-012345";
const REPO_ROOT = path.resolve(__dirname, "..");

let lab: ConnectionLab;
let authentik: AuthentikStandIn;
let mailcow: MailcowEmulator;
const endpoints = () => lab.endpoints();
const discoveryDocument = (overrides?: Record<string, unknown>) => lab.discoveryDocument(overrides);
const configureMailcow = (overrides?: Record<string, unknown>) => lab.configureMailcow(overrides);
const input = (overrides?: Partial<ConnectionTestInput>) => lab.input(overrides);

beforeAll(async () => {
  lab = await ConnectionLab.start();
  ({ authentik, mailcow } = lab);
});

afterAll(() => lab?.stop());

beforeEach(() => lab.reset());

afterEach(() => {
  expect(mailcow.internalErrors).toEqual([]);
});

describe("checkConnection against authentik and mailcow stand-ins", () => {
  test("a good setup passes every check, and mailcow really sends OPTIONS to the token endpoint", async () => {
    const report = await checkConnection(input());

    expect(report.checks.map((check) => [check.name, check.status])).toEqual([
      ["authentik discovery document", "ok"],
      ["issuer", "ok"],
      ["authorize endpoint", "ok"],
      ["token endpoint", "ok"],
      ["userinfo endpoint", "ok"],
      ["mailcow authsource", "ok"],
      ["mailcow client ID", "ok"],
      ["mailcow token URL", "ok"],
      ["mailcow reaches the token endpoint", "ok"],
    ]);
    expect(report.ok).toBe(true);
    expect(report.checks.every((check) => check.detail === undefined)).toBe(true);
    const text = formatReport(report);
    expect(text.split("\n")[0]).toBe("mailcow-sso connection test: passed (9 checks)");
    expect(text).not.toContain("FAIL");
    // The test route is mailcow's own request, not ours: authentik saw exactly one OPTIONS on the token path.
    expect(authentik.seen.filter((seen) => seen.method === "OPTIONS")).toEqual([
      { method: "OPTIONS", path: TOKEN_PATH },
    ]);
    expect(mailcow.count({ route: "edit/identity-provider-test" })).toBe(1);
    // Read-only check: the stored settings are untouched.
    expect(mailcow.storedSettings()).toMatchObject({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
  });

  test.each([
    ["another application's issuer", (url: string) => `${url}/application/o/other-app/`, "/application/o/other-app/"],
    ["no issuer at all", () => undefined, "found nothing"],
  ])("the discovery document with %s fails the issuer check", async (_, issuerOf, found) => {
    authentik.discovery = discoveryDocument({ issuer: issuerOf(authentik.url) });

    const report = await checkConnection(input());

    expect(report.ok).toBe(false);
    expect(failed(report).map((check) => check.name)).toEqual(["issuer"]);
    const line = formatReport(report)
      .split("\n")
      .find((l) => l.startsWith("  FAIL"));
    expect(line).toContain(`FAIL issuer: expected ${endpoints().issuer}, found `);
    expect(line).toContain(found);
    expect(line).toContain("check the authentik URL, application slug and oauth2.issuerMode");
    expect(formatReport(report).split("\n")[0]).toBe("mailcow-sso connection test: FAILED (1 of 9 checks failed)");
  });

  test.each([
    ["OPTIONS on the token endpoint answers 404", () => undefined],
    ["the token URL points at a closed port", async () => `http://127.0.0.1:${await closedPort()}${TOKEN_PATH}`],
  ])("mailcow's test fails when %s", async (_, closedTokenUrl) => {
    authentik.tokenOptionsStatus = 404;
    const tokenUrl = (await closedTokenUrl()) ?? endpoints().tokenUrl;
    // Consistent everywhere, so only mailcow's own reachability test can fail.
    authentik.discovery = discoveryDocument({ token_endpoint: tokenUrl });
    configureMailcow({ token_url: tokenUrl });

    const report = await checkConnection(input({ tokenUrl }));

    expect(report.ok).toBe(false);
    expect(failed(report).map((check) => check.name)).toEqual(["mailcow reaches the token endpoint"]);
    const text = formatReport(report);
    expect(text).toContain(`FAIL mailcow reaches the token endpoint: mailcow's connection test failed`);
    expect(text).toContain(`it sends OPTIONS to ${tokenUrl} and needs HTTP 200`);
    expect(text).toContain("check DNS, firewall and TLS from the mailcow host to authentik");
    expect(text).not.toContain(CLIENT_SECRET);
    expect(mailcow.count({ route: "edit/identity-provider-test" })).toBe(1);
  });

  test("a different client ID in mailcow fails naming the client ID", async () => {
    configureMailcow({ client_id: "someone-elses-client" });

    const report = await checkConnection(input());

    expect(failed(report).map((check) => check.name)).toEqual(["mailcow client ID"]);
    expect(formatReport(report)).toContain(
      `FAIL mailcow client ID: expected ${CLIENT_ID}, found someone-elses-client; run \`pulumi up\` again`,
    );
    expect(report.ok).toBe(false);
  });

  test("mailcow without an identity provider fails saying authsource none and to run pulumi up", async () => {
    mailcow.seedSettings({});

    const report = await checkConnection(input());

    expect(report.ok).toBe(false);
    // Nothing stored means nothing to test: no token URL check and no test route call.
    expect(failed(report).map((check) => check.name)).toEqual(["mailcow authsource", "mailcow client ID"]);
    const text = formatReport(report);
    expect(text).toContain("FAIL mailcow authsource: expected generic-oidc, found none; run `pulumi up` to configure");
    expect(text).toContain(`FAIL mailcow client ID: expected ${CLIENT_ID}, found none`);
    expect(mailcow.count({ route: "edit/identity-provider-test" })).toBe(0);
  });

  test.each([
    ["is an HTML page", () => void (authentik.discovery = "<html><title>Sign in</title></html>"), "is not JSON"],
    ["answers HTTP 404", () => void (authentik.discoveryStatus = 404), "HTTP 404"],
    ["is a JSON string, not an object", () => void (authentik.discovery = "null"), "not a JSON object"],
  ])("a discovery document that %s fails with a readable message", async (_, breakIt, reason) => {
    breakIt();

    const report = await checkConnection(input());

    expect(report.ok).toBe(false);
    // mailcow's checks still run: one broken half must not hide the state of the other.
    expect(failed(report).map((check) => check.name)).toEqual(["authentik discovery document"]);
    const line = formatReport(report).split("\n")[1];
    expect(line).toContain(`FAIL authentik discovery document: could not read ${endpoints().discoveryUrl}: `);
    expect(line).toContain(reason);
    expect(line).toContain("check that authentik is reachable from here");
  });

  test("an unreachable discovery URL fails with a readable message", async () => {
    const discoveryUrl = `http://127.0.0.1:${await closedPort()}${DISCOVERY_PATH}`;

    const report = await checkConnection(input({ discoveryUrl }));

    expect(failed(report).map((check) => check.name)).toEqual(["authentik discovery document"]);
    expect(formatReport(report)).toContain(`FAIL authentik discovery document: could not read ${discoveryUrl}: `);
    expect(report.checks[0].detail).toMatch(/check that authentik is reachable from here/);
  });
});

describe("reaching mailcow's test route", () => {
  test("a read-only key says so, instead of blaming the network between mailcow and authentik", async () => {
    const report = await checkConnection(input({ mailcowApiKey: mailcow.roKey }));
    const failures = failed(report);
    expect(failures.map((check) => check.name)).toEqual(["mailcow reaches the token endpoint"]);
    expect(failures[0].detail).toMatch(/^could not run mailcow's connection test: .*read-only/i);
    expect(failures[0].detail).not.toMatch(/DNS, firewall/);
    expect(formatReport(report)).not.toContain(mailcow.roKey);
  });
});

describe("secrets stay out of the report", () => {
  test.each([
    ["the setup is good", () => undefined],
    ["the token endpoint is unreachable", () => void (authentik.tokenOptionsStatus = 404)],
    ["the discovery document is not JSON", () => void (authentik.discovery = "<html></html>")],
  ])("the API key and client secret are absent when %s", async (_, arrange) => {
    arrange();

    const text = formatReport(await checkConnection(input()));

    expect(text).toContain("mailcow-sso connection test:");
    expect(text).not.toContain(mailcow.rwKey);
    expect(text).not.toContain(CLIENT_SECRET);
  });

  test.each([
    ["a PHP notice before the JSON", 200, (secret: string) => `<b>Notice</b> {"client_secret": "${secret}"}`],
    ["a 500 that quotes the stored settings", 500, (secret: string) => `Fatal: {"client_secret":"${secret}"}`],
  ])("the client secret mailcow stores is absent when its reply is %s", async (_, status, body) => {
    const stored = "stored-in-mailcow-secret-2718";
    const broken = await serve((_request, response) => response.writeHead(status).end(body(stored)));
    try {
      const text = formatReport(await checkConnection(input({ mailcowUrl: broken.url })));
      expect(text).toContain("FAIL mailcow identity provider");
      expect(text).toContain("[redacted]");
      expect(text).not.toContain(stored);
    } finally {
      await broken.stop();
    }
  });

  test("an API key pasted into a URL variable is redacted from the report", async () => {
    const discoveryUrl = `http://127.0.0.1:${await closedPort()}/${mailcow.rwKey}/`;

    const text = formatReport(await checkConnection(input({ discoveryUrl })));

    expect(text).toContain("FAIL authentik discovery document: could not read http://127.0.0.1:");
    expect(text).toContain("/[redacted]/");
    expect(text).not.toContain(mailcow.rwKey);
  });

  test("a wrong API key fails with one 401 (no retry) and neither key nor secret in the report", async () => {
    const report = await checkConnection(input({ mailcowApiKey: WRONG_API_KEY }));

    expect(report.ok).toBe(false);
    expect(failed(report).map((check) => check.name)).toEqual(["mailcow identity provider"]);
    const text = formatReport(report);
    expect(text).toContain("FAIL mailcow identity provider: mailcow refused reading the identity-provider settings");
    expect(text).toContain("Not retried");
    expect(text).not.toContain(WRONG_API_KEY);
    expect(text).not.toContain(mailcow.rwKey);
    expect(text).not.toContain(CLIENT_SECRET);
    // Every 401 counts towards mailcow's IP ban.
    expect(mailcow.unauthorizedCount).toBe(1);
    expect(mailcow.requests).toHaveLength(1);
  });
});

/** A complete environment for the CLI, built from input(). */
function envFor(values: ConnectionTestInput): Record<string, string> {
  return Object.fromEntries(
    Object.entries(ENV).map(([key, name]) => [name, String(values[key as keyof typeof ENV])]),
  ) as Record<string, string>;
}

describe("inputFromEnv", () => {
  const complete = (): Record<string, string> => envFor(input());

  test("reads every variable and the timeout in seconds", () => {
    expect(inputFromEnv({ ...complete(), CONNECTION_TEST_TIMEOUT_SECONDS: "3" })).toEqual(
      input({ timeoutMs: 3000, mailcowInsecureTls: false }),
    );
    expect(inputFromEnv({ ...complete(), MAILCOW_INSECURE_TLS: "true" }).mailcowInsecureTls).toBe(true);
    expect(inputFromEnv(complete()).timeoutMs).toBe(10000);
  });

  test("lists every missing variable at once", () => {
    expect(() => inputFromEnv({})).toThrow(`set ${Object.values(ENV).join(", ")} (see README: "The connection test")`);
  });

  test.each(Object.values(ENV))("names %s alone when only it is missing or empty", (name) => {
    for (const value of [undefined, ""]) {
      const env: NodeJS.ProcessEnv = { ...complete(), [name]: value };
      expect(() => inputFromEnv(env)).toThrow(`set ${name} (see README`);
    }
  });

  test.each([
    ["", 10000],
    ["0.5", 500],
    ["0.0001", 1],
  ])("reads CONNECTION_TEST_TIMEOUT_SECONDS=%j as %d ms", (value, timeoutMs) => {
    expect(inputFromEnv({ ...complete(), CONNECTION_TEST_TIMEOUT_SECONDS: value }).timeoutMs).toBe(timeoutMs);
  });

  // Unchecked, each of these made the discovery fetch fail and the report blame authentik.
  test.each(["abc", "0", "-5", "Infinity"])(
    "rejects CONNECTION_TEST_TIMEOUT_SECONDS=%j with a clear message",
    (value) => {
      expect(() => inputFromEnv({ ...complete(), CONNECTION_TEST_TIMEOUT_SECONDS: value })).toThrow(
        "CONNECTION_TEST_TIMEOUT_SECONDS must be a positive number of seconds",
      );
    },
  );
});

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the operator CLI as `npm run connection-test` would, with only the given variables set. */
function runCli(variables: Record<string, string>): Promise<CliResult> {
  // A clean environment: nothing from the parent's MAILCOW_* / OIDC_* may leak in.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    // Type checking is `tsc --noEmit -p .`'s job; transpiling alone keeps each run near one second.
    TS_NODE_TRANSPILE_ONLY: "true",
    CONNECTION_TEST_TIMEOUT_SECONDS: "2",
    ...variables,
  };
  return new Promise((resolve, reject) => {
    // Asynchronous on purpose: both stand-ins live in this process and must keep answering.
    const child = spawn(process.execPath, ["-r", "ts-node/register", "scripts/connection-test.ts"], {
      cwd: REPO_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("the connection-test CLI", () => {
  test("exits 0 with the passed report on stdout for a good setup, 1 with FAIL lines on stderr for a bad one", async () => {
    const otherIssuer = `${authentik.url}/application/o/other-app/`;
    // Concurrent to save time; the bad run differs only in what it was told, so both see the same stand-ins.
    const [good, bad] = await Promise.all([
      runCli(envFor(input())),
      runCli(envFor(input({ issuer: otherIssuer, clientId: "someone-elses-client" }))),
    ]);

    expect(good).toMatchObject({ code: 0, stderr: "" });
    expect(good.stdout).toContain("mailcow-sso connection test: passed (9 checks)");
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toContain("mailcow-sso connection test: FAILED (2 of 9 checks failed)");
    expect(bad.stderr).toContain(`FAIL issuer: expected ${otherIssuer}, found ${endpoints().issuer}`);
    expect(bad.stderr).toContain(`FAIL mailcow client ID: expected someone-elses-client, found ${CLIENT_ID}`);
    for (const output of [good.stdout, good.stderr, bad.stdout, bad.stderr]) {
      expect(output).not.toContain(mailcow.rwKey);
      expect(output).not.toContain(CLIENT_SECRET);
    }
    // Each run went through mailcow's own test route, with the one API key it had, and no 401.
    expect(mailcow.count({ route: "edit/identity-provider-test" })).toBe(2);
    expect(mailcow.unauthorizedCount).toBe(0);
  });

  test("exits 2 naming the missing variables, without echoing the API key it was given", async () => {
    const partial = envFor(input());
    delete partial[ENV.issuer];
    delete partial[ENV.clientId];

    const result = await runCli(partial);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`set ${ENV.issuer}, ${ENV.clientId} (see README`);
    expect(result.stdout + result.stderr).not.toContain(mailcow.rwKey);
    expect(mailcow.requests).toHaveLength(0);
  });
});
