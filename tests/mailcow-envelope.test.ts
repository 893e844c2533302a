import { errorForStatus, errorForTransport, textSnippet } from "../components/mailcow/client";
import { describeMessage, envelopeEntries, envelopeSucceeded, failureMessages } from "../components/mailcow/envelope";
import { isMailcowError, mailcowError, redact } from "../components/mailcow/errors";
import {
  DEFAULT_RUNTIME_CONFIG,
  MISSING_API_KEY_MESSAGE,
  parseMailcowConfig,
  resolveApiKey,
} from "../components/mailcow/runtime-config";

describe("envelopes", () => {
  test.each<[string, unknown, boolean, string[]]>([
    [
      "array success",
      [{ type: "success", log: ["identity_provider", "edit", {}], msg: ["object_modified", ""] }],
      true,
      [],
    ],
    ["object success", { type: "success", msg: "Task completed" }, true, []],
    [
      "array danger with a field",
      [{ type: "danger", log: [], msg: ["required_data_missing", "token_url"] }],
      false,
      ["required_data_missing token_url"],
    ],
    ["danger with null argument", [{ type: "danger", msg: ["authsource_in_use", null] }], false, ["authsource_in_use"]],
    ["plain string message", [{ type: "danger", msg: "access_denied" }], false, ["access_denied"]],
    ["object error", { type: "error", msg: "Cannot edit item" }, false, ["Cannot edit item"]],
    [
      "mixed success and danger",
      [
        { type: "success", msg: ["object_modified", ""] },
        { type: "danger", msg: ["invalid_authsource", null] },
      ],
      false,
      ["invalid_authsource"],
    ],
    ["warning counts as failure", [{ type: "warning", msg: "careful" }], false, ["careful"]],
    ["empty array", [], false, []],
    ["null", null, false, []],
    ["string", "ok", false, []],
  ])("%s", (_name, body, succeeded, failures) => {
    const entries = envelopeEntries(body);
    expect(envelopeSucceeded(entries)).toBe(succeeded);
    expect(failureMessages(entries)).toEqual(failures);
  });

  test.each([
    ["access_denied", "access_denied"],
    [["required_data_missing", "token_url"], "required_data_missing token_url"],
    [["item_deleted", ""], "item_deleted"],
    [["authsource_in_use", null], "authsource_in_use"],
    [["x", 5], "x 5"],
    [null, ""],
    [{ a: 1 }, '{"a":1}'],
  ])("describeMessage(%p) = %p", (msg, expected) => {
    expect(describeMessage(msg)).toBe(expected);
  });
});

describe("errors", () => {
  test("mailcowError is a real Error with a kind", () => {
    const error = mailcowError("server", "boom", { status: 500, transient: true });
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe("boom");
    expect(error).toMatchObject({ name: "MailcowError", kind: "server", status: 500, transient: true, messages: [] });
    expect(isMailcowError(error)).toBe(true);
    expect(isMailcowError(new Error("x"))).toBe(false);
  });

  test.each([
    ["key ABCDEF-123456 leaked", ["ABCDEF-123456"], "key [redacted] leaked"],
    ["twice s3cret s3cret", ["s3cret"], "twice [redacted] [redacted]"],
    ["short ab stays", ["ab"], "short ab stays"],
    ["nothing", [undefined, null, ""], "nothing"],
  ])("redact(%p)", (text, secrets, expected) => {
    expect(redact(text, secrets)).toBe(expected);
  });
});

describe("errorForStatus", () => {
  const where = "reading the identity-provider settings at https://mail.example.org";
  test.each<[number, string, string, boolean, RegExp]>([
    [401, '{"type":"error","msg":"authentication failed"}', "unauthorized", false, /wrong or inactive.*Not retried/],
    [401, '{"type":"error","msg":"api access denied for ip 10.0.0.5"}', "unauthorized", false, /10\.0\.0\.5.*allow/],
    [401, "", "unauthorized", false, /authentication failed/],
    [403, '{"type":"error","msg":"API read/write access denied"}', "forbidden", false, /read-only.*read-write/],
    [403, "", "forbidden", false, /Sec-Fetch-Dest/],
    [404, '{"type":"error","msg":"route not found"}', "notFound", false, /2025-03/],
    [500, "<html><head><title>Redis down</title></head><body>x</body></html>", "server", true, /HTML.*Redis down/],
    [502, "", "server", true, /empty body/],
    [503, '{"type":"error","msg":"maintenance"}', "server", true, /maintenance/],
    [400, '{"type":"error","msg":"Request body doesn\'t contain valid json!"}', "protocol", false, /valid json/],
    [405, '{"type":"error","msg":"only POST method is allowed"}', "protocol", false, /HTTP 405/],
    [301, "", "protocol", false, /redirect.*https:\/\/elsewhere/],
  ])("HTTP %d %s → %s", (status, body, kind, transient, message) => {
    const error = errorForStatus(status, body, where, "https://elsewhere/");
    expect(error.kind).toBe(kind);
    expect(error.transient).toBe(transient);
    expect(error.status).toBe(status);
    expect(error.message).toMatch(message);
    expect(error.message).toContain("https://mail.example.org");
  });
});

describe("errorForTransport", () => {
  const where = "saving the identity-provider settings at https://mail.example.org";
  const fetchFailed = (code: string) => Object.assign(new TypeError("fetch failed"), { cause: { code } });
  test.each<[string, unknown, string, boolean, RegExp]>([
    ["timeout", new DOMException("The operation timed out.", "TimeoutError"), "timeout", true, /within 250 ms/],
    ["reset", fetchFailed("ECONNRESET"), "network", true, /reset/],
    ["socket closed", fetchFailed("UND_ERR_SOCKET"), "network", true, /reset/],
    ["refused", fetchFailed("ECONNREFUSED"), "network", false, /nothing listens/],
    ["dns", fetchFailed("ENOTFOUND"), "network", false, /does not resolve/],
    ["self-signed", fetchFailed("DEPTH_ZERO_SELF_SIGNED_CERT"), "network", false, /certificate/],
    [
      "aggregate",
      Object.assign(new TypeError("fetch failed"), { cause: { errors: [{ code: "ECONNREFUSED" }] } }),
      "network",
      false,
      /ECONNREFUSED/,
    ],
    ["other", new Error("weird"), "network", false, /could not connect/],
  ])("%s", (_name, error, kind, transient, message) => {
    const typed = errorForTransport(error, where, 250);
    expect(typed.kind).toBe(kind);
    expect(typed.transient).toBe(transient);
    expect(typed.message).toMatch(message);
  });
});

test.each([
  ["<html><title> Bad  Gateway </title></html>", "Bad Gateway"],
  ["<p>plain\n\ntext</p>", "plain text"],
  ["x".repeat(200), `${"x".repeat(160)}…`],
])("textSnippet(%p)", (body, expected) => {
  expect(textSnippet(body)).toBe(expected);
});

describe("runtime config", () => {
  test.each<[string, unknown, Partial<typeof DEFAULT_RUNTIME_CONFIG>]>([
    ["absent", undefined, {}],
    [
      "JSON string",
      '{"apiKey":"KEY-1","requestTimeoutSeconds":2,"maxRetries":0}',
      { apiKey: "KEY-1", timeoutMs: 2000, maxRetries: 0 },
    ],
    ["object", { apiKey: " KEY-2 ", requestTimeoutSeconds: "0.5" }, { apiKey: "KEY-2", timeoutMs: 500 }],
    [
      "nested secret wrapper",
      { apiKey: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "KEY-3" } },
      { apiKey: "KEY-3" },
    ],
    ["backoff and TLS", { retryBackoffMs: 5, insecureTls: true }, { retryBackoffMs: 5, insecureTls: true }],
  ])("%s", (_name, raw, expected) => {
    expect(parseMailcowConfig(raw)).toEqual({ ...DEFAULT_RUNTIME_CONFIG, ...expected });
  });

  test.each<[string, unknown, RegExp]>([
    ["not JSON", "{apiKey: SUPERSECRETKEY", /not a JSON object/],
    ["an array", "[1]", /must be an object/],
    ["bad timeout", { apiKey: "SUPERSECRETKEY", requestTimeoutSeconds: 0 }, /requestTimeoutSeconds/],
    ["bad retries", { apiKey: "SUPERSECRETKEY", maxRetries: 1.5 }, /maxRetries/],
    ["bad TLS flag", { apiKey: "SUPERSECRETKEY", insecureTls: "maybe" }, /insecureTls/],
  ])("%s is reported without echoing the value", (_name, raw, problem) => {
    const config = parseMailcowConfig(raw);
    expect(config.problem).toMatch(problem);
    expect(config.problem).not.toContain("SUPERSECRETKEY");
    expect(() => resolveApiKey(config, {})).toThrow(problem);
  });

  test("the key comes from config first, then MAILCOW_API_KEY", () => {
    expect(resolveApiKey(parseMailcowConfig({ apiKey: "FROM-CONFIG" }), { MAILCOW_API_KEY: "FROM-ENV" })).toBe(
      "FROM-CONFIG",
    );
    expect(resolveApiKey(parseMailcowConfig(undefined), { MAILCOW_API_KEY: "FROM-ENV" })).toBe("FROM-ENV");
  });

  test("a missing key names both ways to provide it", () => {
    expect(() => resolveApiKey(DEFAULT_RUNTIME_CONFIG, {})).toThrow(MISSING_API_KEY_MESSAGE);
    expect(MISSING_API_KEY_MESSAGE).toContain("pulumi config set --secret --path mailcow.apiKey <key>");
    expect(MISSING_API_KEY_MESSAGE).toContain("export MAILCOW_API_KEY=");
  });
});
