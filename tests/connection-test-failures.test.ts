// What the connection test says when it cannot get an answer: the cause of a transport failure by name (DNS,
// refused, TLS, timeout, a cut connection), and every check counted, the ones that could not run as skipped.
import http from "node:http";
import https from "node:https";
import type { Socket } from "node:net";
import { checkConnection, formatReport, summaryLine } from "../components/connection-test/check-connection";
import { networkCause } from "../components/connection-test/network-cause";
import { ConnectionLab, DISCOVERY_PATH, failed, listen } from "./support/connection-test-lab";
import { closedPort } from "./support/loopback";
import { selfSignedCertificate } from "./support/mailcow-emulator/test-certificate";

let lab: ConnectionLab;
const sockets = new Set<Socket>();

beforeAll(async () => {
  lab = await ConnectionLab.start();
});
afterAll(() => lab?.stop());
beforeEach(() => lab.reset());

/** A loopback server that does `behave` with each request, closed after the test. */
async function misbehaving(
  behave: (request: http.IncomingMessage, response: http.ServerResponse) => void,
  tls = false,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = tls ? https.createServer(selfSignedCertificate(), behave) : http.createServer(behave);
  server.on("connection", (socket: Socket) => sockets.add(socket));
  const port = await listen(server);
  return {
    url: `${tls ? "https" : "http"}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function discoveryDetail(discoveryUrl: string, timeoutMs = 2000): Promise<string> {
  const report = await checkConnection(lab.input({ discoveryUrl, timeoutMs }));
  const check = report.checks.find((c) => c.name === "authentik discovery document");
  expect(check?.status).toBe("failed");
  return String(check?.detail);
}

describe("a discovery document that cannot be fetched names the cause", () => {
  test("refused: nothing listens on the port", async () => {
    const url = `http://127.0.0.1:${await closedPort()}${DISCOVERY_PATH}`;
    expect(await discoveryDetail(url)).toBe(
      `could not read ${url}: connection refused: nothing listens on that host and port (ECONNREFUSED); check ` +
        "that authentik is reachable from here and that the application's slug exists",
    );
  });

  test("TLS: a certificate this machine does not trust", async () => {
    const server = await misbehaving((_request, response) => response.end("{}"), true);
    try {
      expect(await discoveryDetail(`${server.url}${DISCOVERY_PATH}`)).toMatch(
        /: TLS: the certificate was not accepted \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID)\);/,
      );
    } finally {
      await server.close();
    }
  });

  test("timeout: the server accepts the connection and never answers", async () => {
    const server = await misbehaving(() => undefined);
    try {
      expect(await discoveryDetail(`${server.url}${DISCOVERY_PATH}`, 300)).toMatch(
        /: timeout: no answer within 300 ms;/,
      );
    } finally {
      await server.close();
    }
  });

  test("a connection cut before the answer", async () => {
    const server = await misbehaving((request) => request.socket.destroy());
    try {
      expect(await discoveryDetail(`${server.url}${DISCOVERY_PATH}`)).toMatch(
        /: the connection was closed before the answer arrived \((ECONNRESET|UND_ERR_SOCKET|EPIPE)\);/,
      );
    } finally {
      await server.close();
    }
  });

  // Name resolution is not on loopback, so DNS uses the shape Node's fetch gives it (TypeError → cause.code).
  test.each([
    [
      "DNS",
      Object.assign(new Error("getaddrinfo ENOTFOUND auth.example.org"), { code: "ENOTFOUND" }),
      "DNS: the host name does not resolve (ENOTFOUND)",
    ],
    [
      "DNS, temporarily",
      Object.assign(new Error("getaddrinfo EAI_AGAIN auth"), { code: "EAI_AGAIN" }),
      "DNS: the host name does not resolve (EAI_AGAIN)",
    ],
    [
      "no route",
      Object.assign(new Error("connect EHOSTUNREACH"), { code: "EHOSTUNREACH" }),
      "no route or no answer to the connection (EHOSTUNREACH)",
    ],
    ["unknown, with a code", Object.assign(new Error("odd"), { code: "EWHATEVER" }), "odd (EWHATEVER)"],
    ["unknown, without a code", new Error("bad port"), "bad port"],
  ])("%s", (_label, cause, words) => {
    expect(networkCause(new TypeError("fetch failed", { cause }), 1000)).toBe(words);
  });
});

describe("every check is counted; the ones that could not run are skipped, not left out", () => {
  test("authentik unreachable: its four comparisons are skipped, mailcow's checks still run", async () => {
    const report = await checkConnection(lab.input({ discoveryUrl: `http://127.0.0.1:${await closedPort()}/` }));
    expect(report.checks.map((check) => [check.name, check.status])).toEqual([
      ["authentik discovery document", "failed"],
      ["issuer", "skipped"],
      ["authorize endpoint", "skipped"],
      ["token endpoint", "skipped"],
      ["userinfo endpoint", "skipped"],
      ["mailcow authsource", "ok"],
      ["mailcow client ID", "ok"],
      ["mailcow token URL", "ok"],
      ["mailcow reaches the token endpoint", "ok"],
    ]);
    const text = formatReport(report).split("\n");
    expect(text[0]).toBe("mailcow-sso connection test: FAILED (1 of 9 checks failed, 4 skipped)");
    expect(text[2]).toBe("  skip issuer: no discovery document to compare with");
  });

  test("both unreachable: still 9 checks, 2 failed and 7 skipped", async () => {
    const report = await checkConnection(
      lab.input({
        discoveryUrl: `http://127.0.0.1:${await closedPort()}/`,
        mailcowUrl: `http://127.0.0.1:${await closedPort()}`,
      }),
    );
    expect(failed(report).map((check) => check.name)).toEqual([
      "authentik discovery document",
      "mailcow identity provider",
    ]);
    expect(report.checks).toHaveLength(9);
    const text = formatReport(report);
    expect(text.split("\n")[0]).toBe("mailcow-sso connection test: FAILED (2 of 9 checks failed, 7 skipped)");
    expect(text).toContain("FAIL mailcow identity provider: mailcow refused the connection");
    expect(text).toContain("  skip mailcow reaches the token endpoint: mailcow's setting could not be read");
  });

  test("mailcow without Generic-OIDC settings: nothing to test, so the token URL and the test route are skipped", async () => {
    lab.mailcow.seedSettings({});
    const report = await checkConnection(lab.input());
    expect(report.checks.slice(5).map((check) => [check.name, check.status])).toEqual([
      ["mailcow authsource", "failed"],
      ["mailcow client ID", "failed"],
      ["mailcow token URL", "skipped"],
      ["mailcow reaches the token endpoint", "skipped"],
    ]);
    expect(formatReport(report).split("\n")[0]).toBe(
      "mailcow-sso connection test: FAILED (2 of 9 checks failed, 2 skipped)",
    );
  });
});

describe("the verdict line the stack reports (summaryLine)", () => {
  test.each<[string | undefined, string | undefined]>([
    [
      "mailcow-sso connection test: passed (9 checks)\n  ok   issuer\n",
      "mailcow-sso connection test: passed (9 checks)",
    ],
    [
      "npm notice\nmailcow-sso connection test: FAILED (1 of 9 checks failed, 4 skipped)\n",
      "mailcow-sso connection test: FAILED (1 of 9 checks failed, 4 skipped)",
    ],
    // The command's outputs are secret; nothing but the verdict itself may leave them.
    ["mailcow-sso connection test: passed (9 checks) key=SECRET-KEY", undefined],
    ["  FAIL issuer: expected …", undefined],
    ["", undefined],
    [undefined, undefined],
  ])("%j → %j", (output, line) => {
    expect(summaryLine(output)).toBe(line);
  });
});
