// The client's failures in words: typed errors, what mailcow's HTTP answers and transport failures mean, and the
// redaction of every secret a message could quote.
import { MailcowError, isMailcowError } from "../components/mailcow/errors";
import { REDACTED, Redactor, redact } from "../components/mailcow/redaction";
import { errorForStatus, textSnippet } from "../components/mailcow/replies";
import { errorForTransport } from "../components/mailcow/transport";

describe("errors", () => {
  test("MailcowError is a real Error with a kind", () => {
    const error = new MailcowError("server", "boom", { status: 500, transient: true });
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe("boom");
    expect(error).toMatchObject({ name: "MailcowError", kind: "server", status: 500, transient: true, messages: [] });
    expect(isMailcowError(error)).toBe(true);
    expect(isMailcowError(new Error("x"))).toBe(false);
  });
});

describe("redaction", () => {
  test.each([
    ["key ABCDEF-123456 leaked", ["ABCDEF-123456"], "key [redacted] leaked"],
    ["twice s3cret s3cret", ["s3cret"], "twice [redacted] [redacted]"],
    ["short ab stays", ["ab"], "short ab stays"],
    ["nothing", [undefined, null, ""], "nothing"],
    ["longest first: abcd-efgh", ["abcd", "abcd-efgh"], "longest first: [redacted]"],
    ['as PHP quotes it: "a\\/b-\\"q\\""', ['a/b-"q"'], 'as PHP quotes it: "[redacted]"'],
  ])("redact(%p)", (text, secrets, expected) => {
    expect(redact(text, secrets)).toBe(expected);
  });

  test.each([
    ["JSON", '{"authsource":"generic-oidc","client_secret": "theirs-9f8e\\"7d","client_id":"x"}'],
    ["pretty JSON with escaped slashes", '{\n    "client_secret": "a\\/b\\/c-long",\n    "token_url": "x"\n}'],
    ["a cut-off value", '<b>Notice</b> {"bindpass":"never-closed'],
    ["print_r", "Array\n(\n    [client_secret] => theirs-9f8e7d\n    [client_id] => x\n)"],
  ])("secret fields quoted in %s are blanked even when the secret is not known", (_name, text) => {
    const scrubbed = new Redactor().scrub(text);
    expect(scrubbed).toContain(REDACTED);
    expect(scrubbed).not.toMatch(/theirs|a\\\/b|never-closed/);
    expect(scrubbed).not.toMatch(/9f8e|long/);
  });

  test("a Redactor remembers the secret fields of records it has seen", () => {
    const redactor = new Redactor(["API-KEY-123"]);
    redactor.addFieldsOf({ client_secret: "seen-in-a-GET", client_id: "mailcow", access_token: "" });
    expect(redactor.scrub("API-KEY-123 seen-in-a-GET mailcow")).toBe("[redacted] [redacted] mailcow");
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
    ["temporary DNS failure", fetchFailed("EAI_AGAIN"), "network", true, /in time.*EAI_AGAIN/],
    ["self-signed", fetchFailed("DEPTH_ZERO_SELF_SIGNED_CERT"), "network", false, /self-signed.*mailcow\.insecureTls/],
    ["wrong host name", fetchFailed("ERR_TLS_CERT_ALTNAME_INVALID"), "network", false, /another host name/],
    ["expired", fetchFailed("CERT_HAS_EXPIRED"), "network", false, /expired/],
    [
      "reset while reading the body (node:https)",
      Object.assign(new Error("aborted"), { code: "ECONNRESET" }),
      "network",
      true,
      /before the whole answer arrived/,
    ],
    [
      "abort on the node:https path",
      Object.assign(new Error("aborted"), { name: "AbortError" }),
      "timeout",
      true,
      /250 ms/,
    ],
    [
      "aggregate",
      Object.assign(new TypeError("fetch failed"), { cause: { errors: [{ code: "ECONNREFUSED" }] } }),
      "network",
      false,
      /ECONNREFUSED/,
    ],
    [
      "a port fetch refuses",
      Object.assign(new TypeError("fetch failed"), { cause: new Error("bad port") }),
      "network",
      false,
      /bad port/,
    ],
    ["other", new Error("weird"), "network", false, /could not talk to mailcow.*weird/],
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
