// The provider's connection settings: the `mailcow` stack config object as configure receives it, parsed with the
// same zod fields the program's config boundary uses.
import { z } from "zod";
import {
  DEFAULT_CONNECTION,
  MISSING_API_KEY_MESSAGE,
  mailcowConnectionFields,
  connectionFromConfig,
  parseConnection,
  resolveApiKey,
} from "../components/mailcow/connection";

describe("parseConnection", () => {
  test("the defaults are 15 s, 2 retries from 500 ms, TLS verified", () => {
    expect(DEFAULT_CONNECTION).toEqual({
      requestTimeoutSeconds: 15,
      maxRetries: 2,
      retryBackoffMs: 500,
      insecureTls: false,
    });
  });

  test.each<[string, string | undefined, Partial<typeof DEFAULT_CONNECTION>]>([
    ["absent", undefined, {}],
    ["empty", "", {}],
    [
      // The form the real engine passes (tests/engine/engine-facts.test.ts): one JSON text, secrets decrypted.
      "the engine's JSON text",
      '{"apiKey":"KEY-1","insecureTls":false,"maxRetries":0,"requestTimeoutSeconds":2,"url":"https://m"}',
      { apiKey: "KEY-1", requestTimeoutSeconds: 2, maxRetries: 0 },
    ],
    ["other mailcow keys ignored", '{"url":"https://m","onDelete":"retain","apiKey":"KEY-2"}', { apiKey: "KEY-2" }],
    ["backoff and TLS", '{"retryBackoffMs":5,"insecureTls":true}', { retryBackoffMs: 5, insecureTls: true }],
    // `pulumi config set --path mailcow.requestTimeoutSeconds 7.5` stores text; the program reads it the same way.
    [
      "a number stored as text",
      '{"requestTimeoutSeconds":"7.5","maxRetries":"1"}',
      { requestTimeoutSeconds: 7.5, maxRetries: 1 },
    ],
  ])("configure: %s", (_name, text, expected) => {
    expect(connectionFromConfig(text)).toEqual({ ok: true, connection: { ...DEFAULT_CONNECTION, ...expected } });
  });

  test("configure: text that is not a JSON object is one problem, without echoing it", () => {
    expect(connectionFromConfig("{apiKey: SUPERSECRETKEY")).toEqual({
      ok: false,
      problem: "invalid stack config: the value of `mailcow` is not a JSON object.",
    });
    expect(connectionFromConfig("[1]")).toEqual({
      ok: false,
      problem: "invalid stack config: `mailcow` must be an object (e.g. mailcow.apiKey).",
    });
  });

  test.each<[string, unknown, RegExp]>([
    ["an array", [1], /must be an object/],
    ["zero timeout", { apiKey: "SUPERSECRETKEY", requestTimeoutSeconds: 0 }, /mailcow\.requestTimeoutSeconds/],
    ["fractional retries", { apiKey: "SUPERSECRETKEY", maxRetries: 1.5 }, /mailcow\.maxRetries must be a whole/],
    ["too many retries", { apiKey: "SUPERSECRETKEY", maxRetries: 6 }, /mailcow\.maxRetries must be at most 5/],
    ["negative backoff", { apiKey: "SUPERSECRETKEY", retryBackoffMs: -1 }, /mailcow\.retryBackoffMs/],
    ["bad TLS flag", { apiKey: "SUPERSECRETKEY", insecureTls: "maybe" }, /mailcow\.insecureTls must be true or false/],
    ["an API key that is not a string", { apiKey: 123456789 }, /mailcow\.apiKey must be a string/],
  ])("%s is reported with its key, without echoing the value", (_name, raw, problem) => {
    const parsed = parseConnection(raw);
    expect(parsed.ok).toBe(false);
    const text = parsed.ok ? "" : parsed.problem;
    expect(text).toMatch(problem);
    expect(text).not.toContain("SUPERSECRETKEY");
    expect(text).not.toContain("123456789");
  });

  test("the program's config section and configure share the fields (one schema)", () => {
    const section = z.object({ url: z.string(), ...mailcowConnectionFields });
    const given = { url: "https://m", maxRetries: 4, retryBackoffMs: 100 };
    const parsed = parseConnection(given);
    expect(parsed.ok && parsed.connection).toEqual(
      Object.fromEntries(Object.entries(section.parse(given)).filter(([key]) => key !== "url")),
    );
  });
});

describe("resolveApiKey", () => {
  test("the key comes from config first, then MAILCOW_API_KEY", () => {
    expect(resolveApiKey({ ...DEFAULT_CONNECTION, apiKey: "FROM-CONFIG" }, { MAILCOW_API_KEY: "FROM-ENV" })).toBe(
      "FROM-CONFIG",
    );
    expect(resolveApiKey(DEFAULT_CONNECTION, { MAILCOW_API_KEY: " FROM-ENV " })).toBe("FROM-ENV");
    expect(resolveApiKey({ ...DEFAULT_CONNECTION, apiKey: "  " }, { MAILCOW_API_KEY: "FROM-ENV" })).toBe("FROM-ENV");
  });

  test("a missing key names both ways to provide it", () => {
    expect(() => resolveApiKey(DEFAULT_CONNECTION, {})).toThrow(MISSING_API_KEY_MESSAGE);
    expect(MISSING_API_KEY_MESSAGE).toContain("pulumi config set --secret --path mailcow.apiKey <key>");
    expect(MISSING_API_KEY_MESSAGE).toContain("export MAILCOW_API_KEY=");
  });
});
