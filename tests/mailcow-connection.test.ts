// The provider's connection settings: the `mailcow` stack config object as configure receives it, parsed with the
// same zod fields the program's config boundary uses.
import { z } from "zod";
import {
  DEFAULT_CONNECTION,
  MISSING_API_KEY_MESSAGE,
  mailcowConnectionFields,
  parseConnection,
  resolveApiKey,
} from "../components/mailcow/connection";

const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

describe("parseConnection", () => {
  test("the defaults are 15 s, 2 retries from 500 ms, TLS verified", () => {
    expect(DEFAULT_CONNECTION).toEqual({
      requestTimeoutSeconds: 15,
      maxRetries: 2,
      retryBackoffMs: 500,
      insecureTls: false,
    });
  });

  test.each<[string, unknown, Partial<typeof DEFAULT_CONNECTION>]>([
    ["absent", undefined, {}],
    ["empty", "", {}],
    [
      "JSON string",
      '{"apiKey":"KEY-1","requestTimeoutSeconds":2,"maxRetries":0}',
      { apiKey: "KEY-1", requestTimeoutSeconds: 2, maxRetries: 0 },
    ],
    ["object with other mailcow keys", { url: "https://m", onDelete: "retain", apiKey: "KEY-2" }, { apiKey: "KEY-2" }],
    ["secret wrapper around the object", { ...SECRET, value: '{"apiKey":"KEY-3"}' }, { apiKey: "KEY-3" }],
    ["nested secret wrapper", { apiKey: { ...SECRET, value: "KEY-4" } }, { apiKey: "KEY-4" }],
    ["backoff and TLS", { retryBackoffMs: 5, insecureTls: true }, { retryBackoffMs: 5, insecureTls: true }],
  ])("%s", (_name, raw, expected) => {
    expect(parseConnection(raw)).toEqual({ ok: true, connection: { ...DEFAULT_CONNECTION, ...expected } });
  });

  test.each<[string, unknown, RegExp]>([
    ["not JSON", "{apiKey: SUPERSECRETKEY", /not a JSON object/],
    ["an array", "[1]", /must be an object/],
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
