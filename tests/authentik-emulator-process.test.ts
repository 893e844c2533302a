// The authentik emulator's test controls (a stand-in's, not authentik's): the request log, injected faults,
// reset; HTTPS on a run-time certificate; and process mode, which prints one JSON line and is driven over
// /_emulator/ by tests in other processes. Loopback only; every wait is bounded.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import https from "node:https";
import path from "node:path";
import { type AuthentikEmulator, startAuthentikEmulator } from "./support/authentik-emulator";
import { parseArgs } from "./support/authentik-emulator/main";
import { api, call } from "./support/authentik-emulator/test-client";

const REPO_ROOT = path.resolve(__dirname, "..");
let emulator: AuthentikEmulator;

beforeAll(async () => {
  emulator = await startAuthentikEmulator({ token: "faults-token" });
});
afterAll(() => emulator?.stop());
beforeEach(() => emulator.reset());

describe("request log, faults and reset", () => {
  test("every request is logged with method, path, query, body and status", async () => {
    await api(emulator, "GET", "/core/users/?username=akadmin&include_groups=false");
    await api(emulator, "POST", "/core/groups/", { name: "g" });
    expect(emulator.requests).toEqual([
      {
        method: "GET",
        path: "/api/v3/core/users/",
        query: { username: "akadmin", include_groups: "false" },
        body: undefined,
        status: 200,
      },
      { method: "POST", path: "/api/v3/core/groups/", query: {}, body: { name: "g" }, status: 201 },
    ]);
  });

  test("a respond fault answers the next N matching requests, then the real answer returns", async () => {
    emulator.faults.add({
      kind: "respond",
      method: "GET",
      path: "/api/v3/flows/instances/*",
      status: 502,
      body: "<h1>Bad Gateway</h1>",
      times: 2,
    });
    expect((await api(emulator, "GET", "/core/users/")).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const reply = await api(emulator, "GET", "/flows/instances/");
      expect([reply.status, reply.text]).toEqual([502, "<h1>Bad Gateway</h1>"]);
    }
    expect((await api(emulator, "GET", "/flows/instances/")).status).toBe(200);
    expect(emulator.requests.map((r) => r.fault ?? "-")).toEqual(["-", "respond", "respond", "-"]);
  });

  test("a delay fault holds the answer; a reset fault drops the connection; neither changes what is stored", async () => {
    emulator.faults.add({ kind: "delay", path: "/api/v3/core/groups/", delayMs: 300 });
    const started = Date.now();
    expect((await api(emulator, "POST", "/core/groups/", { name: "slow" })).status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    emulator.faults.add({ kind: "reset", method: "POST" });
    await expect(api(emulator, "POST", "/core/groups/", { name: "lost" })).rejects.toThrow();
    expect([...emulator.store.groups.values()].map((g) => g.name).sort()).toEqual(["authentik Admins", "slow"]);
    expect(emulator.requests.at(-1)).toMatchObject({ status: 0, fault: "reset" });
    expect(() => emulator.faults.add({ kind: "respond", status: 42 } as never)).toThrow(/status/);
  });

  test("reset() returns to the fresh install with the same seeded ids, and clears log and faults", async () => {
    const flow = emulator.store.flowBySlug("default-authentication-flow")!.pk;
    await api(emulator, "POST", "/core/groups/", { name: "temporary" });
    emulator.faults.add({ kind: "respond", status: 500, times: Infinity });
    emulator.reset();
    expect([...emulator.store.groups.values()].map((g) => g.name)).toEqual(["authentik Admins"]);
    expect(emulator.requests).toEqual([]);
    expect((await api(emulator, "GET", "/flows/instances/default-authentication-flow/")).body.pk).toBe(flow);
  });
});

describe("HTTPS", () => {
  test("serves on a run-time certificate for 127.0.0.1 that a client trusting `ca` accepts", async () => {
    const secure = await startAuthentikEmulator({ tls: true });
    try {
      expect(secure.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const body = await new Promise<string>((resolve, reject) => {
        const request = https.get(`${secure.url}/api/v3/root/config/`, { ca: secure.ca, timeout: 5000 }, (response) => {
          let text = "";
          response.on("data", (chunk: Buffer) => (text += chunk.toString()));
          response.on("end", () => resolve(text));
        });
        request.on("error", reject);
      });
      expect(JSON.parse(body).error_reporting.enabled).toBe(false);
      await expect(fetch(`${secure.url}/api/v3/root/config/`, { signal: AbortSignal.timeout(5000) })).rejects.toThrow();
    } finally {
      await secure.stop();
    }
  });
});

/** Starts main.ts and resolves with its first stdout line, parsed; rejects if none arrives in 20 s. */
function startProcess(
  args: string[],
): Promise<{ child: ChildProcessWithoutNullStreams; info: Record<string, string>; stdout: () => string }> {
  const child = spawn(
    process.execPath,
    ["-r", "ts-node/register", "tests/support/authentik-emulator/main.ts", ...args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
    },
  );
  let stdout = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no JSON line within 20 s; stderr so far: ${stderr}`)), 20_000);
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!stdout.includes("\n")) return;
      clearTimeout(timer);
      resolve({ child, info: JSON.parse(stdout.split("\n")[0]), stdout: () => stdout });
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
}

function stopProcess(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once("exit", (code) => resolve(code));
    child.kill("SIGTERM");
  });
}

describe("process mode", () => {
  test("prints exactly one JSON line, serves the API and is driven through /_emulator/", async () => {
    const { child, info, stdout } = await startProcess(["--port", "0", "--token", "process-token"]);
    try {
      expect(info).toEqual({
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        token: "process-token",
        pid: child.pid,
        control: `${info.url}/_emulator/`,
      });
      const remote = { url: info.url, token: info.token } as AuthentikEmulator;
      expect((await api(remote, "GET", "/core/users/?username=akadmin")).body.results[0].username).toBe("akadmin");
      const fault = await call(remote, "POST", "/_emulator/faults", {
        kind: "respond",
        path: "/api/v3/core/applications/",
        status: 503,
        body: { detail: "down" },
      });
      expect(fault.status).toBe(201);
      expect((await api(remote, "GET", "/core/applications/")).status).toBe(503);
      await api(remote, "POST", "/core/groups/", { name: "remote" });
      const state = await call(remote, "GET", "/_emulator/state");
      expect(state.body.groups.map((g: { name: string }) => g.name)).toContain("remote");
      expect(JSON.stringify(state.body.certificates)).not.toContain("PRIVATE KEY");
      const log = await call(remote, "GET", "/_emulator/requests");
      expect(log.body.map((r: { method: string; status: number }) => [r.method, r.status])).toEqual([
        ["GET", 200],
        ["GET", 503],
        ["POST", 201],
      ]);
      expect((await call(remote, "POST", "/_emulator/faults", { kind: "teleport" })).status).toBe(400);
      expect((await call(remote, "POST", "/_emulator/reset")).status).toBe(204);
      expect((await call(remote, "GET", "/_emulator/state")).body.groups).toHaveLength(1);
      expect((await call(remote, "GET", "/_emulator/requests")).body).toEqual([]);
      expect(stdout().trim().split("\n")).toHaveLength(1);
    } finally {
      expect(await stopProcess(child)).toBe(0);
    }
  });

  test("--tls writes the CA to a file a client can trust (what SSL_CERT_FILE takes)", async () => {
    const { child, info } = await startProcess(["--tls"]);
    try {
      expect(info.url).toMatch(/^https:/);
      expect(info.token).toMatch(/^[A-Za-z0-9]{60}$/);
      const ca = readFileSync(info.caFile, "utf8");
      expect(ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
      const status = await new Promise<number>((resolve, reject) => {
        https
          .get(`${info.url}/api/v3/root/config/`, { ca, timeout: 5000 }, (r) => resolve(r.statusCode ?? 0))
          .on("error", reject);
      });
      expect(status).toBe(200);
    } finally {
      await stopProcess(child);
    }
  });

  test("bad arguments are refused with the flag named", () => {
    expect(() => parseArgs(["--port", "eighty"])).toThrow("--port takes a number");
    expect(() => parseArgs(["--bogus"])).toThrow('unknown or incomplete argument "--bogus"');
    expect(parseArgs(["--tls", "--signed-in", "akadmin"])).toEqual({ tls: true, "signed-in": "akadmin" });
  });
});
