// Pins the mailcow identity-provider emulator to /work/shared/reference/mailcow-identity-provider-api.md:
// PHP semantics it relies on, transport rules (§1), routes and envelopes (§2), field rules (§3), storage and GET
// typing (§4), mappers (§5), guards (§6), the test route (§7) and the fault injection other tests rely on.
// What no product path sends (saving ldap, the keycloak and ldap connection tests, the add and process actions)
// is not emulated, and this file checks that it fails loudly instead of answering something made up.
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { MailcowEmulator } from "./support/mailcow-emulator";
import { ipAcl, inetPton, sanitizeApiKey, splitAllowFrom } from "./support/mailcow-emulator/api-auth";
import { curlUrl } from "./support/mailcow-emulator/outbound-http";
import {
  PhpArray,
  PhpObject,
  type PhpValue,
  arrayFilter,
  floatToString,
  looseEqualsString,
  toBool,
  toInt,
} from "./support/mailcow-emulator/php";
import { phpJsonDecode, phpJsonEncode } from "./support/mailcow-emulator/php-json";
import { parseFormFields } from "./support/mailcow-emulator/post-fields";
import { parseRequestTarget } from "./support/mailcow-emulator/request-target";
import { selfSignedCertificate } from "./support/mailcow-emulator/test-certificate";

const INT64_MAX = 2n ** 63n - 1n;

// ---------------------------------------------------------------------------------------------------------------
// PHP semantics the emulator builds on
// ---------------------------------------------------------------------------------------------------------------

describe("PHP value semantics", () => {
  test.each<[PhpValue, boolean]>([
    [null, false],
    [false, false],
    [true, true],
    [0n, false],
    [2n, true],
    [0, false],
    [Number.NaN, true],
    ["", false],
    ["0", false],
    ["0.0", true],
    ["false", true],
    [" ", true],
    [new PhpArray(), false],
    [PhpArray.list([0n]), true],
  ])("boolval(%p) is %p", (value, expected) => {
    expect(toBool(value)).toBe(expected);
  });

  test.each<[PhpValue, bigint]>([
    ["12abc", 12n],
    ["abc", 0n],
    [" 42", 42n],
    ["1e3", 1000n],
    ["1.9", 1n],
    ["-7", -7n],
    ["0x1A", 0n],
    ["9999999999999999999", INT64_MAX],
    [true, 1n],
    [null, 0n],
    [1.9, 1n],
    [-1.9, -1n],
    [Number.POSITIVE_INFINITY, 0n],
    [new PhpArray(), 0n],
    [PhpArray.list(["a"]), 1n],
  ])("intval(%p) is %p", (value, expected) => {
    expect(toInt(value)).toBe(expected);
  });

  test.each<[number, string]>([
    [1.5, "1.5"],
    [0.1 + 0.2, "0.3"],
    [100, "100"],
    [1e14, "1.0E+14"],
    [1e13, "10000000000000"],
    [0.0001, "0.0001"],
    [0.00001, "1.0E-5"],
    [-0, "-0"],
    [Number.POSITIVE_INFINITY, "INF"],
  ])("(string)%p is %p (precision 14)", (value, expected) => {
    expect(floatToString(value)).toBe(expected);
  });

  test.each<[PhpValue, string, boolean]>([
    [true, "keycloak", true],
    [false, "", true],
    [null, "", true],
    [null, "keycloak", false],
    [1n, "1", true],
    [1, "1", true],
    ["1.0", "1", true],
    ["01", "1", true],
    [" 1", "1", true],
    ["1 ", "1", true],
    ["1abc", "1", false],
    [0n, "keycloak", false],
    ["Keycloak", "keycloak", false],
    [new PhpArray(), "", false],
  ])("%p == %p is %p", (value, literal, expected) => {
    expect(looseEqualsString(value, literal)).toBe(expected);
  });

  test('array_filter drops every falsy entry, "0" included, and keeps the keys', () => {
    const filtered = arrayFilter(PhpArray.list(["a", "0", "", null, false, 0n, "b"]));
    expect([...filtered.entries()]).toEqual([
      [0n, "a"],
      [6n, "b"],
    ]);
    expect(filtered.isList()).toBe(false);
  });

  test("numeric-string keys become int keys, other strings stay strings", () => {
    const array = PhpArray.assoc([
      ["7", "a"],
      ["07", "b"],
      ["-3", "c"],
      ["-0", "d"],
    ]);
    expect([...array.entries()].map(([key]) => key)).toEqual([7n, "07", -3n, "-0"]);
  });
});

describe("json_decode", () => {
  test("keeps PHP's int/float distinction", () => {
    const decoded = phpJsonDecode("[1, 1.0, 1e2, 9223372036854775808, -0]", true) as PhpArray;
    expect(decoded.values()).toEqual([1n, 1, 100, 9223372036854775808, 0n]);
  });

  test("objects become arrays with int keys (assoc) or stdClass objects (not assoc)", () => {
    const assoc = phpJsonDecode('{"0":"a","2":"b","x":1}', true) as PhpArray;
    expect([...assoc.entries()]).toEqual([
      [0n, "a"],
      [2n, "b"],
      ["x", 1n],
    ]);
    expect(phpJsonDecode('{"0":"a"}', false)).toBeInstanceOf(PhpObject);
  });

  test.each([
    ["empty", ""],
    ["whitespace", "  "],
    ["truncated literal", "nul"],
    ["leading zero", "01"],
    ["trailing comma", "[1,]"],
    ["raw control character", '"a\tb"'],
    ["lone high surrogate", '"\\ud800"'],
    ["lone low surrogate", '"\\udc00"'],
    ["byte order mark", "\ufeff{}"],
    ["513 levels", "[".repeat(513) + "]".repeat(513)],
  ])("fails (null) on %s", (_name, text) => {
    expect(phpJsonDecode(text, true)).toBeNull();
  });

  test("accepts 512 levels and surrogate pairs", () => {
    expect(phpJsonDecode("[".repeat(512) + "]".repeat(512), true)).toBeInstanceOf(PhpArray);
    expect(phpJsonDecode('"\\ud83d\\ude00"', true)).toBe("\u{1f600}");
  });
});

describe("json_encode", () => {
  test.each<[string, PhpValue, string | false, { pretty?: boolean; unescapedUnicode?: boolean }]>([
    ["slashes and unicode escaped", "a/\u00e9\u{1f600}", '"a\\/\\u00e9\\ud83d\\ude00"', {}],
    ["unicode kept, slashes escaped", "a/\u00e9", '"a\\/\u00e9"', { unescapedUnicode: true }],
    ["line separators stay escaped", "\u2028", '"\\u2028"', { unescapedUnicode: true }],
    ["control characters", "\u0001\n", '"\\u0001\\n"', {}],
    ["float without zero fraction", 1, "1", {}],
    ["shortest float", 0.1 + 0.2, "0.30000000000000004", {}],
    ["large float", 1e25, "1.0e+25", {}],
    ["small float", 1e-7, "1.0e-7", {}],
    ["dense list", PhpArray.list(["a", "b"]), '["a","b"]', {}],
    ["sparse list", arrayFilter(PhpArray.list(["a", "", "c"])), '{"0":"a","2":"c"}', {}],
    ["empty array", new PhpArray(), "[]", {}],
    ["empty object", new PhpObject(), "{}", {}],
    ["infinity fails", Number.POSITIVE_INFINITY, false, {}],
    ["lone surrogate fails", "\ud800", false, {}],
  ])("%s", (_name, value, expected, options) => {
    expect(phpJsonEncode(value, options)).toBe(expected);
  });

  test("pretty printing uses 4 spaces and `: `", () => {
    const value = PhpArray.assoc([
      ["a", PhpArray.list([1n])],
      ["b", new PhpArray()],
    ]);
    expect(phpJsonEncode(value, { pretty: true })).toBe('{\n    "a": [\n        1\n    ],\n    "b": []\n}');
  });

  test("fails beyond 512 levels", () => {
    let nested: PhpArray = new PhpArray();
    for (let depth = 1; depth < 512; depth++) nested = PhpArray.list([nested]);
    expect(phpJsonEncode(nested)).not.toBe(false);
    expect(phpJsonEncode(PhpArray.list([nested]))).toBe(false);
  });
});

describe("API-key and IP helpers", () => {
  test("the key loses every character outside [A-Za-z0-9-]", () => {
    expect(sanitizeApiKey(' "AB-12_cd!" ')).toBe("AB-12cd");
  });

  test("allow_from splits on spaces, commas, semicolons and newlines", () => {
    expect(splitAllowFrom("1.2.3.4, 10.0.0.0/8;::1\n192.0.2.1")).toEqual([
      "1.2.3.4",
      "",
      "10.0.0.0/8",
      "::1",
      "192.0.2.1",
    ]);
  });

  test.each<[string, string, boolean]>([
    ["127.0.0.1", "127.0.0.1,::1", true],
    ["127.0.0.1", "10.0.0.0/8", false],
    ["10.1.2.3", "10.0.0.0/8", true],
    ["127.0.0.1", "192.0.2.1; 127.0.0.0/8", true],
    ["127.0.0.1", " 127.0.0.1 ", true],
    ["127.0.0.1", "127.0.0.01", false],
    ["127.0.0.1", "", false],
    ["127.0.0.1", "::/0", false],
    ["::1", "::/0", true],
    ["192.168.1.77", "192.168.1.64/26", true],
    ["192.168.1.200", "192.168.1.64/26", false],
    ["::ffff:10.0.0.1", "::ffff:10.0.0.0/104", true],
    ["2001:db8::1", "2001:db8::/32", true],
    ["2001:db9::1", "2001:db8::/32", false],
  ])("ip_acl(%p, %p) is %p", (ip, allowFrom, expected) => {
    expect(ipAcl(ip, splitAllowFrom(allowFrom))).toBe(expected);
  });

  test.each<[string, number[] | null]>([
    ["192.0.2.1", [192, 0, 2, 1]],
    ["::1", [...new Array<number>(15).fill(0), 1]],
    ["::ffff:1.2.3.4", [...new Array<number>(10).fill(0), 255, 255, 1, 2, 3, 4]],
    ["1.2.3", null],
    ["1::2::3", null],
  ])("inet_pton(%p)", (text, expected) => {
    expect(inetPton(text)).toEqual(expected);
  });
});

describe("request routing and bodies", () => {
  test.each<[string, ReturnType<typeof parseRequestTarget>]>([
    ["/api/v1/get/identity-provider", { kind: "api", action: "get", category: "identity-provider" }],
    ["/api/v1/edit/identity-provider-test", { kind: "api", action: "edit", category: "identity-provider-test" }],
    ["/api/v1//get//identity-provider", { kind: "api", action: "get", category: "identity-provider" }],
    ["/api/v1/get/identity%2Dprovider", { kind: "api", action: "get", category: "identity-provider" }],
    ["/api/v1/get/identity-provider/all?x=1", { kind: "api", action: "get", category: "identity-provider" }],
    ["/api/v1/get/x?query=edit/identity-provider", { kind: "api", action: "edit", category: "identity-provider" }],
    ["/api/v2/get/identity-provider", { kind: "not-found" }],
    ["/", { kind: "not-found" }],
    ["/api/v1/get/%zz", { kind: "bad-request" }],
  ])("%s", (url, expected) => {
    expect(parseRequestTarget(url)).toEqual(expected);
  });

  test("PHP fills $_POST only for form-encoded POSTs, with name mangling and bracket arrays", () => {
    const body = Buffer.from("attr=%7B%22a%22%3A1%7D&items[]=x&csrf.token=t&a+b=c");
    const fields = parseFormFields("POST", "application/x-www-form-urlencoded; charset=UTF-8", body);
    expect((fields.get("attr") as Buffer).toString()).toBe('{"a":1}');
    expect(fields.get("items")).toBeInstanceOf(PhpArray);
    expect(fields.has("csrf_token")).toBe(true);
    expect(fields.has("a_b")).toBe(true);
    expect(parseFormFields("PUT", "application/x-www-form-urlencoded", body).size).toBe(0);
    expect(parseFormFields("POST", "application/json", body).size).toBe(0);
  });

  test.each<[string, string | undefined]>([
    ["https://auth.example.test/token/", "https://auth.example.test/token/"],
    ["127.0.0.1:8080/token", "http://127.0.0.1:8080/token"],
    ["https://kc.example.test/realms/my realm/token", undefined],
    ["ftp://files.example.test/", undefined],
    ["", undefined],
  ])("curl URL %p", (raw, expected) => {
    expect(curlUrl(raw)?.href).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The emulator over HTTP
// ---------------------------------------------------------------------------------------------------------------

interface Reply {
  status: number;
  contentType: string | null;
  text: string;
}

interface CallOptions {
  method?: string;
  /** Defaults to the rw key; null sends no X-API-Key header. */
  key?: string | null;
  json?: unknown;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

async function call(emulator: MailcowEmulator, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  const key = options.key === undefined ? emulator.rwKey : options.key;
  if (key !== null) headers["X-API-Key"] = key;
  const body = options.json !== undefined ? JSON.stringify(options.json) : options.body;
  const contentType = options.contentType ?? (options.json !== undefined ? "application/json" : undefined);
  if (contentType !== undefined) headers["Content-Type"] = contentType;
  const response = await fetch(emulator.url + path, {
    method: options.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    body,
    signal: options.signal,
  });
  return { status: response.status, contentType: response.headers.get("content-type"), text: await response.text() };
}

const EDIT = "/api/v1/edit/identity-provider";
const GET = "/api/v1/get/identity-provider";
const DELETE = "/api/v1/delete/identity-provider";
const TEST = "/api/v1/edit/identity-provider-test";

function edit(emulator: MailcowEmulator, attr: unknown, key?: string): Promise<Reply> {
  return call(emulator, EDIT, { json: { items: ["identity-provider"], attr }, key });
}

async function readSettings(emulator: MailcowEmulator): Promise<Record<string, unknown>> {
  const reply = await call(emulator, GET, { key: emulator.roKey });
  expect(reply.status).toBe(200);
  return JSON.parse(reply.text) as Record<string, unknown>;
}

const OIDC = {
  authsource: "generic-oidc",
  authorize_url: "https://auth.example.test/application/o/authorize/",
  token_url: "https://auth.example.test/application/o/token/",
  userinfo_url: "https://auth.example.test/application/o/userinfo/",
  client_id: "mailcow",
  client_secret: "oidc-secret",
  redirect_url: "https://mail.example.test",
  client_scopes: "openid profile email mailcow_template",
  ignore_ssl_error: false,
  login_provisioning: true,
};

const KEYCLOAK = {
  authsource: "keycloak",
  server_url: "https://kc.example.test//",
  realm: "mail",
  client_id: "mailcow",
  client_secret: "kc-secret",
  redirect_url: "https://mail.example.test",
  version: "26.0.0",
};

/** An ldap configuration as mailcow stores it (saving ldap is not emulated, so tests seed it). */
const STORED_LDAP = {
  authsource: "ldap",
  host: "ldap1.example.test,ldap2.example.test",
  port: "389",
  basedn: "dc=example,dc=test",
  binddn: "cn=admin,dc=example,dc=test",
  bindpass: "ldap-secret",
  use_ssl: "1",
  ignore_ssl_error: "1",
  login_provisioning: "",
};

const SUCCESS_OBJECT = '{"type":"success","msg":"Task completed"}';
const EDIT_FAILED_OBJECT = '{"type":"error","msg":"Cannot edit item"}';

function danger(reply: Reply): unknown {
  const envelope = JSON.parse(reply.text) as { type: string; msg: unknown }[];
  expect(reply.status).toBe(200);
  expect(envelope).toHaveLength(1);
  expect(envelope[0].type).toBe("danger");
  return envelope[0].msg;
}

describe("MailcowEmulator", () => {
  let emulator: MailcowEmulator;

  beforeEach(async () => {
    emulator = await MailcowEmulator.start();
  });

  afterEach(async () => {
    await emulator.stop();
    expect(emulator.internalErrors).toEqual([]);
  });

  describe("transport (§1.2-1.4)", () => {
    test("default keys use mailcow's upper-hex format and differ", () => {
      const format = /^[0-9A-F]{6}(-[0-9A-F]{6}){4}$/;
      expect(emulator.rwKey).toMatch(format);
      expect(emulator.roKey).toMatch(format);
      expect(emulator.rwKey).not.toBe(emulator.roKey);
      expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    });

    // json_encode() escapes slashes, so mailcow sends "read\/write" (the reference table shows it unescaped).
    test.each<[string, CallOptions, number, string]>([
      ["GET without a key: empty 200", { key: null }, 200, ""],
      ["GET with an empty key header: no key", { key: "" }, 200, ""],
      ['GET with key "0": empty() counts it as none', { key: "0" }, 200, ""],
      [
        "edit without a key",
        { key: null, method: "POST", json: { attr: OIDC } },
        403,
        '{"type":"error","msg":"API read\\/write access denied"}',
      ],
      [
        "delete without a key",
        { key: null, method: "POST", json: ["identity-provider"] },
        403,
        '{"type":"error","msg":"API read\\/write access denied"}',
      ],
    ])("%s", async (_name, options, status, body) => {
      const path = options.method === "POST" ? (Array.isArray(options.json) ? DELETE : EDIT) : GET;
      const reply = await call(emulator, path, options);
      expect([reply.status, reply.text]).toEqual([status, body]);
      expect(reply.contentType).toBe("application/json");
      expect(emulator.unauthorizedCount).toBe(0);
    });

    test("an unknown key is a 401 without the JSON content type, and every 401 is counted", async () => {
      const first = await call(emulator, GET, { key: "DEADBE-EF0000-000000-000000-000000" });
      expect([first.status, first.text]).toEqual([401, '{"type":"error","msg":"authentication failed"}']);
      expect(first.contentType).not.toContain("application/json");
      // A key that is empty after stripping is unknown too.
      const second = await call(emulator, EDIT, { key: "!!!", json: { attr: OIDC } });
      expect([second.status, second.text]).toEqual([401, '{"type":"error","msg":"authentication failed"}']);
      expect(emulator.unauthorizedCount).toBe(2);
      expect(emulator.requests.map((request) => request.authenticated)).toEqual([false, false]);
    });

    test("characters outside [A-Za-z0-9-] are stripped before the lookup", async () => {
      const reply = await call(emulator, GET, { key: ` "${emulator.rwKey}"; ` });
      expect(reply.status).toBe(200);
      expect(emulator.requests[0].authenticated).toBe(true);
    });

    test.each<[string, string, string]>([
      ["edit", EDIT, "edit"],
      ["delete", DELETE, "delete"],
    ])("a read-only key may read but not %s", async (_name, path, action) => {
      expect((await call(emulator, GET, { key: emulator.roKey })).status).toBe(200);
      const body = action === "edit" ? { attr: OIDC } : ["identity-provider"];
      const reply = await call(emulator, path, { key: emulator.roKey, json: body });
      expect([reply.status, reply.text]).toEqual([403, '{"type":"error","msg":"API read\\/write access denied"}']);
    });

    test("a valid key from an IP outside allow_from is a 401 naming the IP", async () => {
      emulator.setAllowFrom("10.0.0.0/8, 192.0.2.1");
      const reply = await call(emulator, GET);
      expect([reply.status, reply.text]).toEqual([401, '{"type":"error","msg":"api access denied for ip 127.0.0.1"}']);
      expect(emulator.unauthorizedCount).toBe(1);
      emulator.setAllowFrom("10.0.0.0/8;127.0.0.0/8");
      expect((await call(emulator, GET)).status).toBe(200);
    });

    test("skipIpCheck ignores allow_from", async () => {
      const skipping = await MailcowEmulator.start({ allowFrom: "192.0.2.1", skipIpCheck: true, rwKey: "MY-RW-KEY" });
      try {
        expect(skipping.rwKey).toBe("MY-RW-KEY");
        expect((await call(skipping, GET)).status).toBe(200);
      } finally {
        await skipping.stop();
      }
    });

    test.each<[string, string, number, string]>([
      ["document", "document", 403, ""],
      ["iframe", "iframe", 403, ""],
      ["empty", "empty", 200, '{\n    "login_provisioning": 1\n}'],
    ])("Sec-Fetch-Dest: %s", async (_name, value, status, body) => {
      const reply = await call(emulator, GET, { headers: { "Sec-Fetch-Dest": value } });
      expect([reply.status, reply.text]).toEqual([status, body]);
    });

    test.each<[string, CallOptions]>([
      ["invalid JSON", { body: "{attr:", contentType: "application/json" }],
      ["an empty body", { body: "", contentType: "application/json" }],
      ["the literal null", { body: "null", contentType: "application/json" }],
      ["a charset parameter", { body: "nope", contentType: "application/json; charset=utf-8" }],
    ])("edit with %s is a 400", async (_name, options) => {
      const reply = await call(emulator, EDIT, { method: "POST", ...options });
      expect([reply.status, reply.text]).toEqual([
        400,
        `{"type":"error","msg":"Request body doesn't contain valid json!"}`,
      ]);
    });

    test("GET with a JSON content type and an empty body is not a 400", async () => {
      const reply = await call(emulator, GET, { method: "GET", contentType: "application/json" });
      expect(reply.status).toBe(200);
    });

    test("a JSON edit without attr decodes to an empty attribute set", async () => {
      const reply = await call(emulator, EDIT, { json: { items: ["identity-provider"] } });
      expect(reply.text).toBe(
        '[{"type":"danger","log":["identity_provider","edit",[]],"msg":["required_data_missing",""]}]',
      );
      expect((await call(emulator, TEST, { json: {} })).text).toBe(SUCCESS_OBJECT);
    });

    test.each<[string, CallOptions]>([
      [
        "a form body without attr",
        { method: "POST", body: "items=%5B%5D", contentType: "application/x-www-form-urlencoded" },
      ],
      ["no body at all", { method: "POST" }],
      ["a GET (PHP fills no $_POST)", { method: "GET" }],
    ])("edit with %s: Cannot find attributes", async (_name, options) => {
      const reply = await call(emulator, EDIT, options);
      expect([reply.status, reply.text]).toEqual([200, '{"type":"error","msg":"Cannot find attributes in post data"}']);
    });

    test("a form-encoded edit with attr as a JSON string works like the UI's", async () => {
      const body = `attr=${encodeURIComponent(JSON.stringify(OIDC))}&csrf_token=abc`;
      const reply = await call(emulator, EDIT, { body, contentType: "application/x-www-form-urlencoded" });
      expect(JSON.parse(reply.text)[0].msg).toEqual(["object_modified", ""]);
      expect(emulator.storedSettings().client_id).toBe("mailcow");
    });

    test("an array form field is a PHP TypeError: empty 200", async () => {
      const reply = await call(emulator, EDIT, { body: "attr[]=x", contentType: "application/x-www-form-urlencoded" });
      expect([reply.status, reply.text]).toEqual([200, ""]);
    });

    test.each<[string, string, CallOptions, number, string]>([
      ["PUT edit", EDIT, { method: "PUT", json: { attr: OIDC } }, 405, "only POST method is allowed"],
      ["PUT delete", DELETE, { method: "PUT", json: ["identity-provider"] }, 405, "only POST method is allowed"],
      ["POST get", GET, { method: "POST", json: {} }, 405, "only GET method is allowed"],
      ["POST get without a key", GET, { method: "POST", json: {}, key: null }, 405, "only GET method is allowed"],
      ["unknown get category", "/api/v1/get/identity-providers", {}, 404, "route not found"],
      ["unknown edit category", "/api/v1/edit/identity", { json: { attr: {} } }, 404, "route not found"],
      ["unknown action", "/api/v1/change/identity-provider", {}, 404, "route not found"],
    ])("%s", async (_name, path, options, status, msg) => {
      const reply = await call(emulator, path, options);
      expect([reply.status, reply.text]).toEqual([status, JSON.stringify({ type: "error", msg })]);
    });

    test.each(["add", "process"])("the %s action is not emulated and fails loudly", async (action) => {
      const reply = await call(emulator, `/api/v1/${action}/identity-provider`, { json: {} });
      expect(reply.status).toBe(500);
      expect(reply.text).toContain(`not emulated: the ${action} action`);
      expect(emulator.internalErrors.splice(0)).toHaveLength(1);
    });

    test("403 comes before 405, and 405 before the route switch", async () => {
      const readOnly = await call(emulator, EDIT, { method: "PUT", key: emulator.roKey, json: { attr: OIDC } });
      expect(readOnly.status).toBe(403);
      const unknownRoute = await call(emulator, "/api/v1/edit/nothing", { method: "PUT", json: { attr: {} } });
      expect(unknownRoute.status).toBe(405);
    });

    test("an unknown get category without a key is an empty 200, not a 404", async () => {
      const reply = await call(emulator, "/api/v1/get/nothing", { key: null });
      expect([reply.status, reply.text]).toEqual([200, ""]);
    });

    test("paths outside /api/v1/ are nginx 404 pages", async () => {
      const reply = await call(emulator, "/api/identity-provider");
      expect(reply.status).toBe(404);
      expect(reply.text).toContain("404 Not Found");
      expect(emulator.requests[0]).toMatchObject({ action: "", category: "", status: 404 });
    });

    test("a JSON string body on edit is a PHP TypeError: empty 200", async () => {
      const reply = await call(emulator, EDIT, { json: "attr" });
      expect([reply.status, reply.text, reply.contentType]).toEqual([200, "", "application/json"]);
    });
  });

  describe("GET and storage (§4)", () => {
    test("nothing stored returns login_provisioning as the integer 1", async () => {
      expect(await readSettings(emulator)).toEqual({ login_provisioning: 1 });
      expect(emulator.storedSettings()).toEqual({});
    });

    test("a generic-oidc save stores strings and GET types them", async () => {
      const reply = await edit(emulator, { ...OIDC, client_scopes: "", login_provisioning: true, ignore_ssl_error: 0 });
      expect(JSON.parse(reply.text)[0].msg).toEqual(["object_modified", ""]);
      expect(emulator.storedSettings()).toEqual({
        access_token: "",
        authorize_url: OIDC.authorize_url,
        authsource: "generic-oidc",
        client_id: "mailcow",
        client_scopes: "openid profile email mailcow_template",
        client_secret: "oidc-secret",
        ignore_ssl_error: "",
        login_provisioning: "1",
        redirect_url: "https://mail.example.test",
        token_url: OIDC.token_url,
        userinfo_url: OIDC.userinfo_url,
      });
      const settings = await readSettings(emulator);
      expect(settings).toMatchObject({ login_provisioning: true, ignore_ssl_error: "", client_secret: "oidc-secret" });
    });

    test("GET is pretty-printed with 4 spaces, escaped slashes and unescaped unicode", async () => {
      emulator.seedSettings({
        authsource: "generic-oidc",
        redirect_url: "https://mail.example.test/",
        default_template: "Vorlage für Ä",
      });
      const reply = await call(emulator, GET);
      expect(reply.text).toBe(
        [
          "{",
          '    "authsource": "generic-oidc",',
          '    "default_template": "Vorlage für Ä",',
          '    "redirect_url": "https:\\/\\/mail.example.test\\/",',
          '    "client_scopes": "openid profile email mailcow_template",',
          '    "login_provisioning": 1',
          "}",
        ].join("\n"),
      );
    });

    test.each<[string, Record<string, unknown>, string, string]>([
      [
        "login_provisioning omitted turns provisioning off",
        { ...OIDC, login_provisioning: undefined },
        "login_provisioning",
        "",
      ],
      ["ignore_ssl_error true", { ...OIDC, ignore_ssl_error: true }, "ignore_ssl_error", "1"],
      ['the string "false" is truthy', { ...OIDC, ignore_ssl_error: "false" }, "ignore_ssl_error", "1"],
      ['the string "0" is falsy', { ...OIDC, login_provisioning: "0" }, "login_provisioning", ""],
      ["an integer client_id", { ...OIDC, client_id: 12345 }, "client_id", "12345"],
      ["a float client_id", { ...OIDC, client_id: 1.5 }, "client_id", "1.5"],
      ["an array client_id", { ...OIDC, client_id: ["a"] }, "client_id", "Array"],
      ["an empty client_secret passes isset", { ...OIDC, client_secret: "" }, "client_secret", ""],
      [
        'client_scopes "0" is empty',
        { ...OIDC, client_scopes: "0" },
        "client_scopes",
        "openid profile email mailcow_template",
      ],
      ["authsource is lower-cased", { ...OIDC, authsource: "Generic-OIDC" }, "authsource", "generic-oidc"],
      ["URLs are not trimmed", { ...OIDC, token_url: " https://t/ " }, "token_url", " https://t/ "],
    ])("generic-oidc: %s", async (_name, attr, key, stored) => {
      await edit(emulator, attr);
      expect(emulator.storedSettings()[key]).toBe(stored);
    });

    test.each<[string, Record<string, unknown>, Record<string, string>]>([
      [
        "defaults and trimming",
        KEYCLOAK,
        {
          server_url: "https://kc.example.test",
          mailpassword_flow: "0",
          periodic_sync: "0",
          import_users: "0",
          sync_interval: "15",
          ignore_ssl_error: "",
          login_provisioning: "",
        },
      ],
      ["sync_interval 0 is empty", { ...KEYCLOAK, sync_interval: 0 }, { sync_interval: "15" }],
      ['sync_interval "0" is empty', { ...KEYCLOAK, sync_interval: "0" }, { sync_interval: "15" }],
      ["sync_interval below 1", { ...KEYCLOAK, sync_interval: -5 }, { sync_interval: "1" }],
      ["sync_interval numeric prefix", { ...KEYCLOAK, sync_interval: "30min" }, { sync_interval: "30" }],
      [
        "flags via intval",
        { ...KEYCLOAK, mailpassword_flow: true, periodic_sync: "abc", import_users: "2" },
        { mailpassword_flow: "1", periodic_sync: "0", import_users: "2" },
      ],
      ["an empty realm passes isset", { ...KEYCLOAK, realm: "" }, { realm: "" }],
      [
        "a server_url of slashes only is trimmed to empty and stored",
        { ...KEYCLOAK, server_url: "//" },
        { server_url: "" },
      ],
    ])("keycloak: %s", async (_name, attr, expected) => {
      const reply = await edit(emulator, attr);
      expect(JSON.parse(reply.text)[0].type).toBe("success");
      expect(emulator.storedSettings()).toMatchObject(expected);
      expect(emulator.storedSettings()).not.toHaveProperty("client_scopes");
    });

    test("saving ldap is not emulated and fails loudly", async () => {
      const reply = await edit(emulator, { authsource: "LDAP", host: "ldap.example.test" });
      expect(reply.status).toBe(500);
      expect(reply.text).toContain("not emulated: saving an ldap identity provider");
      expect(emulator.internalErrors.splice(0)).toHaveLength(1);
      expect(emulator.storedSettings()).toEqual({});
    });

    test("ldap GET adds the phantom ignore_ssl_errors and types use_ssl/use_tls", async () => {
      emulator.seedSettings(STORED_LDAP);
      const settings = await readSettings(emulator);
      expect(settings).toMatchObject({
        use_ssl: true,
        use_tls: false,
        ignore_ssl_error: "1",
        ignore_ssl_errors: false,
        bindpass: "ldap-secret",
        port: "389",
        login_provisioning: false,
      });
    });

    test("a configuration saved before 2025-05 reads back login_provisioning: 1", async () => {
      emulator.seedSettings({ authsource: "generic-oidc", client_scopes: "", ignore_ssl_error: "1" });
      expect(await readSettings(emulator)).toEqual({
        authsource: "generic-oidc",
        client_scopes: "openid profile email mailcow_template",
        ignore_ssl_error: "1",
        login_provisioning: 1,
      });
    });

    test("switching authsource keeps the earlier keys (stale keys) and drops the phantom key", async () => {
      emulator.seedSettings(STORED_LDAP);
      await edit(emulator, OIDC);
      const settings = await readSettings(emulator);
      expect(settings).toMatchObject({
        authsource: "generic-oidc",
        host: "ldap1.example.test,ldap2.example.test",
        bindpass: "ldap-secret",
        use_ssl: true,
      });
      expect(settings).not.toHaveProperty("ignore_ssl_errors");
    });

    test("saving keycloak after generic-oidc keeps the generic-oidc keys as stale keys", async () => {
      await edit(emulator, OIDC);
      await edit(emulator, KEYCLOAK);
      expect(await readSettings(emulator)).toMatchObject({
        authsource: "keycloak",
        token_url: OIDC.token_url,
        client_scopes: OIDC.client_scopes,
        realm: "mail",
      });
    });

    test("GET reports the state at the start of each request", async () => {
      const before = await readSettings(emulator);
      await edit(emulator, OIDC);
      const after = await readSettings(emulator);
      expect(before).toEqual({ login_provisioning: 1 });
      expect(after.client_id).toBe("mailcow");
    });

    test("stored JSON that does not decode reads back as null", async () => {
      emulator.seedSettings({ authsource: "generic-oidc", mappers: "not json", templates: '{"1":"T"}' });
      const settings = await readSettings(emulator);
      expect(settings.mappers).toBeNull();
      expect(settings.templates).toEqual({ "1": "T" });
    });

    test("seedSettings rejects non-string values", () => {
      expect(() => emulator.seedSettings({ port: 389 as unknown as string })).toThrow(TypeError);
    });
  });

  describe("edit processing and envelopes (§2, §3.1)", () => {
    test("the success echo is the attr as sent, with client_secret and access_token masked", async () => {
      const attr = {
        ...KEYCLOAK,
        authsource: "KeyCloak",
        access_token: "cached-tkn-123",
        client_secret: "cs-456",
        sync_interval: 0,
        csrf_token: "x",
        note: "ü/",
      };
      const reply = await edit(emulator, attr);
      const { csrf_token: _dropped, ...echoed } = attr;
      const expected = [
        {
          type: "success",
          log: ["identity_provider", "edit", { ...echoed, access_token: "*", client_secret: "*" }],
          msg: ["object_modified", ""],
        },
      ];
      expect(JSON.parse(reply.text)).toEqual(expected);
      // json_encode without flags: slashes and non-ASCII are escaped.
      expect(reply.text).toContain('"note":"\\u00fc\\/"');
      expect(reply.text).not.toContain("cached-tkn-123");
      expect(reply.text).not.toContain("cs-456");
    });

    test.each<[string, unknown, unknown]>([
      ["missing authsource", { client_id: "x" }, ["required_data_missing", ""]],
      ["null authsource", { authsource: null }, ["required_data_missing", ""]],
      ["empty authsource", { authsource: "" }, ["invalid_authsource", null]],
      ["authsource none", { authsource: "none" }, ["invalid_authsource", null]],
      ["authsource mailcow", { authsource: "mailcow" }, ["invalid_authsource", null]],
      ["authsource true", { authsource: true }, ["invalid_authsource", null]],
      [
        "generic-oidc, first missing in list order",
        { ...OIDC, token_url: "", client_id: undefined },
        ["required_data_missing", "token_url"],
      ],
      [
        "generic-oidc, null client_secret",
        { ...OIDC, client_secret: null },
        ["required_data_missing", "client_secret"],
      ],
      ["keycloak with an empty server_url", { ...KEYCLOAK, server_url: "" }, ["required_data_missing", "server_url"]],
      ["keycloak without version", { ...KEYCLOAK, version: undefined }, ["required_data_missing", "version"]],
    ])("%s", async (_name, attr, msg) => {
      emulator.seedSettings({ client_id: "previous" });
      expect(danger(await edit(emulator, attr))).toEqual(msg);
      // The transaction rolls back: nothing is written, access_token is not reset.
      expect(emulator.storedSettings()).toEqual({ client_id: "previous" });
    });

    test("the danger echo carries the unnormalised attr with the secret masked", async () => {
      const reply = await edit(emulator, { ...OIDC, authorize_url: "" });
      const [entry] = JSON.parse(reply.text) as { log: unknown[] }[];
      expect(entry.log).toEqual(["identity_provider", "edit", { ...OIDC, authorize_url: "", client_secret: "*" }]);
    });

    test("a successful edit resets access_token", async () => {
      emulator.seedSettings({ access_token: "cached-token" });
      await edit(emulator, OIDC);
      expect(emulator.storedSettings().access_token).toBe("");
    });

    test("an authsource that is an array is a PHP TypeError: empty 200, nothing stored", async () => {
      const reply = await edit(emulator, { ...OIDC, authsource: ["generic-oidc"] });
      expect([reply.status, reply.text]).toEqual([200, ""]);
      expect(emulator.storedSettings()).toEqual({});
    });

    test("a value longer than TEXT fails inside the transaction: empty 200, nothing stored", async () => {
      const reply = await edit(emulator, { ...OIDC, client_secret: "x".repeat(65536) });
      expect([reply.status, reply.text]).toEqual([200, ""]);
      expect(emulator.storedSettings()).toEqual({});
    });

    test("an extra longer than TEXT fails after the commit: empty 200, required settings kept", async () => {
      const reply = await edit(emulator, { ...OIDC, default_template: "x".repeat(65536) });
      expect(reply.text).toBe("");
      expect(emulator.storedSettings()).toMatchObject({ client_id: "mailcow" });
      expect(emulator.storedSettings()).not.toHaveProperty("default_template");
    });

    test("an attr holding a float beyond double range cannot be re-encoded, so it becomes an empty set", async () => {
      const reply = await call(emulator, EDIT, {
        body: `{"attr":${JSON.stringify({ ...OIDC, client_id: "id" }).slice(0, -1)},"x":1e400}}`,
        contentType: "application/json",
      });
      // attr is re-encoded before use: json_encode(INF) fails, so attr becomes an empty set.
      expect(danger(reply)).toEqual(["required_data_missing", ""]);
    });

    test("adminEdit goes through the same processing as the API", async () => {
      const envelope = adminEditEnvelope(emulator.adminEdit({ ...OIDC, csrf_token: "t", login_provisioning: "1" }));
      expect(envelope[0].msg).toEqual(["object_modified", ""]);
      expect(envelope[0].log[2]).not.toHaveProperty("csrf_token");
      expect(emulator.storedSettings()).toMatchObject({ login_provisioning: "1", client_secret: "oidc-secret" });
      expect(emulator.requests).toEqual([]);
      expect(emulator.adminEdit({ authsource: ["x"] })).toBeUndefined();
    });
  });

  describe("extras: redirect_url_extra, default_template, mappers (§3.5, §5)", () => {
    const PREVIOUS = {
      redirect_url_extra: '["https:\\/\\/old.example.test"]',
      default_template: "Old",
      mappers: '["old"]',
      templates: '["Old"]',
    };

    test.each<[string, Record<string, unknown>, Partial<Record<string, string>>]>([
      ["absent keys leave stored values untouched", {}, PREVIOUS],
      [
        "null leaves them untouched",
        { redirect_url_extra: null, default_template: null, mappers: null, templates: null },
        PREVIOUS,
      ],
      ["[] clears redirect_url_extra", { redirect_url_extra: [] }, { redirect_url_extra: "[]" }],
      [
        "a string is wrapped",
        { redirect_url_extra: "https://webmail.example.test" },
        { redirect_url_extra: '["https:\\/\\/webmail.example.test"]' },
      ],
      [
        "gaps make an object",
        { redirect_url_extra: ["https://a.test", "", "https://c.test"] },
        { redirect_url_extra: '{"0":"https:\\/\\/a.test","2":"https:\\/\\/c.test"}' },
      ],
      ["an empty default_template clears it", { default_template: "" }, { default_template: "" }],
      ["default_template 0 is empty", { default_template: 0 }, { default_template: "" }],
      [
        "dense equal mappers",
        { mappers: ["staff", "admins"], templates: ["Staff", "Admins"] },
        { mappers: '["staff","admins"]', templates: '["Staff","Admins"]' },
      ],
      [
        "scalars are wrapped",
        { mappers: "staff", templates: "Staff" },
        { mappers: '["staff"]', templates: '["Staff"]' },
      ],
      [
        'a "0" mapper makes the counts differ: both dropped',
        { mappers: ["0", "b"], templates: ["A", "B"] },
        { mappers: '["old"]', templates: '["Old"]' },
      ],
      ["mappers without templates are ignored", { mappers: ["a"] }, { mappers: '["old"]', templates: '["Old"]' }],
      [
        "equal counts with gaps become objects",
        { mappers: ["a", "", "c"], templates: ["A", "", "C"] },
        { mappers: '{"0":"a","2":"c"}', templates: '{"0":"A","2":"C"}' },
      ],
    ])("%s", async (_name, extras, expected) => {
      emulator.seedSettings(PREVIOUS);
      const reply = await edit(emulator, { ...OIDC, ...extras });
      expect(JSON.parse(reply.text)[0].msg).toEqual(["object_modified", ""]);
      expect(emulator.storedSettings()).toMatchObject(expected);
    });

    test("GET returns gap-keyed lists as JSON objects", async () => {
      await edit(emulator, {
        ...OIDC,
        mappers: ["a", "", "c"],
        templates: ["A", "", "C"],
        redirect_url_extra: ["https://x.test"],
      });
      const settings = await readSettings(emulator);
      expect(settings.mappers).toEqual({ "0": "a", "2": "c" });
      expect(settings.redirect_url_extra).toEqual(["https://x.test"]);
    });
  });

  describe("delete and the authsource_in_use guards (§6)", () => {
    const DELETED = '[{"type":"success","log":["identity_provider","delete",null],"msg":["item_deleted",""]}]';
    const IN_USE = '[{"type":"danger","log":["identity_provider","delete",null],"msg":["authsource_in_use",null]}]';

    test("delete removes every key, stale ones included, and is safe to repeat", async () => {
      emulator.seedSettings({ ...emulator.storedSettings(), host: "stale", access_token: "t" });
      await edit(emulator, OIDC);
      expect((await call(emulator, DELETE, { json: ["identity-provider"] })).text).toBe(DELETED);
      expect(emulator.storedSettings()).toEqual({});
      expect(await readSettings(emulator)).toEqual({ login_provisioning: 1 });
      expect((await call(emulator, DELETE, { json: ["identity-provider"] })).text).toBe(DELETED);
    });

    test.each<[string, CallOptions, number]>([
      ["any non-null JSON", { json: 0 }, 200],
      [
        "form-encoded items",
        { body: "items=%5B%22identity-provider%22%5D", contentType: "application/x-www-form-urlencoded" },
        200,
      ],
      ["an empty JSON body", { method: "POST", body: "", contentType: "application/json" }, 400],
      ["a JSON null", { body: "null", contentType: "application/json" }, 400],
    ])("delete with %s", async (_name, options, status) => {
      expect((await call(emulator, DELETE, options)).status).toBe(status);
    });

    test("delete without items: Cannot find attributes", async () => {
      const reply = await call(emulator, DELETE, { method: "POST" });
      expect(reply.text).toBe('{"type":"error","msg":"Cannot find attributes in post data"}');
    });

    test("delete is refused while any mailbox uses an external authsource", async () => {
      await edit(emulator, OIDC);
      emulator.addMailbox("user@example.test", "keycloak");
      emulator.addMailbox("local@example.test", "mailcow");
      expect((await call(emulator, DELETE, { json: ["identity-provider"] })).text).toBe(IN_USE);
      expect(emulator.storedSettings().authsource).toBe("generic-oidc");
      emulator.setMailboxAuthsource("user@example.test", "mailcow");
      expect((await call(emulator, DELETE, { json: ["identity-provider"] })).text).toBe(DELETED);
    });

    test.each<[string, string, boolean]>([
      ["re-saving the same authsource", "generic-oidc", true],
      ["a mailcow mailbox does not block", "mailcow", true],
      ["switching away from a used authsource", "ldap", false],
    ])("edit guard: %s", async (_name, mailboxSource, allowed) => {
      emulator.addMailbox("user@example.test", mailboxSource as "generic-oidc" | "mailcow" | "ldap");
      const reply = await edit(emulator, OIDC);
      if (allowed) expect(JSON.parse(reply.text)[0].type).toBe("success");
      else expect(danger(reply)).toEqual(["authsource_in_use", null]);
    });

    test("mailbox helpers reject duplicates, unknown mailboxes and values outside the ENUM", () => {
      emulator.addMailbox("a@example.test", "ldap");
      expect(() => emulator.addMailbox("a@example.test", "ldap")).toThrow();
      expect(() => emulator.setMailboxAuthsource("b@example.test", "ldap")).toThrow();
      expect(() => emulator.setMailboxAuthsource("a@example.test", "saml")).toThrow();
    });
  });

  describe("test route (§7)", () => {
    test.each<[string, Record<string, unknown>]>([
      ["no authsource", { token_url: "http://127.0.0.1:1/" }],
      ["an unknown authsource", { authsource: "saml" }],
      [
        "a differently-cased authsource (not lower-cased here)",
        { ...OIDC, authsource: "Generic-OIDC", token_url: "http://127.0.0.1:1/" },
      ],
    ])("%s succeeds without any network call", async (_name, attr) => {
      expect((await call(emulator, TEST, { json: { attr } })).text).toBe(SUCCESS_OBJECT);
    });

    test("it needs the rw key", async () => {
      expect((await call(emulator, TEST, { key: emulator.roKey, json: { attr: {} } })).status).toBe(403);
    });

    describe("generic-oidc: OPTIONS to token_url", () => {
      let server: http.Server;
      let base: string;
      const seen: { method?: string; url?: string }[] = [];

      beforeAll(async () => {
        server = http.createServer((request, response) => {
          seen.push({ method: request.method, url: request.url });
          if (request.url === "/ok") return void response.writeHead(200).end();
          if (request.url === "/redirect") return void response.writeHead(302, { Location: "/ok" }).end();
          if (request.url === "/slow") return void setTimeout(() => response.writeHead(200).end(), 1000).unref();
          response.writeHead(404).end("not found");
        });
        base = await listen(server);
      });

      afterAll(async () => {
        await close(server);
      });

      test.each<[string, string, string]>([
        ["200 succeeds", "/ok", SUCCESS_OBJECT],
        ["404 fails", "/missing", EDIT_FAILED_OBJECT],
        ["redirects are not followed", "/redirect", EDIT_FAILED_OBJECT],
      ])("%s", async (_name, path, expected) => {
        seen.length = 0;
        const reply = await call(emulator, TEST, { json: { attr: { ...OIDC, token_url: base + path } } });
        expect(reply.text).toBe(expected);
        expect(seen).toEqual([{ method: "OPTIONS", url: path }]);
      });

      test("nothing is persisted", async () => {
        await call(emulator, TEST, { json: { attr: { ...OIDC, token_url: `${base}/ok` } } });
        expect(emulator.storedSettings()).toEqual({});
      });

      test.each<[string, string]>([
        ["an unreachable port", "http://127.0.0.1:1/token"],
        ["a missing token_url", ""],
      ])("%s fails", async (_name, tokenUrl) => {
        const reply = await call(emulator, TEST, { json: { attr: { ...OIDC, token_url: tokenUrl || undefined } } });
        expect(reply.text).toBe(EDIT_FAILED_OBJECT);
      });

      test("the timeout bounds the check", async () => {
        const quick = await MailcowEmulator.start({ testRouteTimeoutMs: 200 });
        try {
          const started = Date.now();
          const reply = await call(quick, TEST, { json: { attr: { ...OIDC, token_url: `${base}/slow` } } });
          expect(reply.text).toBe(EDIT_FAILED_OBJECT);
          expect(Date.now() - started).toBeLessThan(900);
        } finally {
          await quick.stop();
        }
      });
    });

    test('ignore_ssl_error == "1" turns off certificate verification', async () => {
      const server = https.createServer(
        selfSignedCertificate(),
        (_request, response) => void response.writeHead(200).end(),
      );
      const base = await listen(server, "https");
      try {
        const attr = { ...OIDC, token_url: `${base}/token/` };
        expect((await call(emulator, TEST, { json: { attr } })).text).toBe(EDIT_FAILED_OBJECT);
        expect((await call(emulator, TEST, { json: { attr: { ...attr, ignore_ssl_error: true } } })).text).toBe(
          SUCCESS_OBJECT,
        );
        expect((await call(emulator, TEST, { json: { attr: { ...attr, ignore_ssl_error: "1" } } })).text).toBe(
          SUCCESS_OBJECT,
        );
      } finally {
        await close(server);
      }
    });

    test.each(["keycloak", "ldap"])("the %s connection test is not emulated and fails loudly", async (authsource) => {
      const reply = await call(emulator, TEST, { json: { attr: { authsource } } });
      expect(reply.status).toBe(500);
      expect(reply.text).toContain(`not emulated: the ${authsource} connection test`);
      expect(emulator.internalErrors.splice(0)).toHaveLength(1);
    });
  });

  describe("faults, log and lifecycle", () => {
    test("html500 answers 500 with an HTML body, once by default", async () => {
      emulator.injectFault({ kind: "html500" });
      const faulted = await call(emulator, GET);
      expect(faulted.status).toBe(500);
      expect(faulted.contentType).toContain("text/html");
      expect(faulted.text).toContain("Connection to Redis failed");
      expect((await call(emulator, GET)).status).toBe(200);
      expect(emulator.requests.map((request) => request.status)).toEqual([500, 200]);
    });

    test.each<[string, "empty500" | "empty200", number, string]>([
      ["empty500", "empty500", 500, ""],
      ["empty200", "empty200", 200, ""],
    ])("%s", async (_name, kind, status, body) => {
      emulator.injectFault({ kind, route: "edit" });
      const reply = await edit(emulator, OIDC);
      expect([reply.status, reply.text]).toEqual([status, body]);
      expect(emulator.storedSettings()).toEqual({});
    });

    test("a route-specific fault leaves other routes alone", async () => {
      emulator.injectFault({ kind: "html500", route: "delete" });
      expect((await call(emulator, GET)).status).toBe(200);
      expect((await call(emulator, TEST, { json: { attr: {} } })).status).toBe(200);
      expect((await call(emulator, DELETE, { json: [] })).status).toBe(500);
    });

    test("times counts down; Infinity lasts until cleared", async () => {
      emulator.injectFault({ kind: "empty500", times: 2 });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(emulator, GET)).status);
      expect(statuses).toEqual([500, 500, 200]);
      emulator.injectFault({ kind: "empty500", route: "get", times: Infinity });
      for (let i = 0; i < 3; i++) expect((await call(emulator, GET)).status).toBe(500);
      emulator.clearFaults();
      expect((await call(emulator, GET)).status).toBe(200);
    });

    test("invalid faults are rejected", () => {
      expect(() => emulator.injectFault({ kind: "delay" })).toThrow(RangeError);
      expect(() => emulator.injectFault({ kind: "reset", times: 0 })).toThrow(RangeError);
    });

    test("reset destroys the connection without a response and is recorded", async () => {
      emulator.injectFault({ kind: "reset", route: "get" });
      await expect(call(emulator, GET)).rejects.toThrow();
      expect(emulator.requests).toEqual([
        { method: "GET", path: GET, action: "get", category: "identity-provider", status: 0, authenticated: false },
      ]);
    });

    test("resetMidBody announces the whole body, sends half of it and closes the connection", async () => {
      await edit(emulator, OIDC);
      emulator.injectFault({ kind: "resetMidBody", route: "get" });
      const response = await fetch(emulator.url + GET, { headers: { "X-API-Key": emulator.rwKey } });
      expect(response.status).toBe(200);
      await expect(response.text()).rejects.toThrow();
      expect((await call(emulator, GET)).status).toBe(200);
    });

    test("phpNotice prints a PHP notice before the normal JSON answer", async () => {
      await edit(emulator, OIDC);
      emulator.injectFault({ kind: "phpNotice", route: "get" });
      const reply = await call(emulator, GET);
      expect(reply.status).toBe(200);
      expect(reply.text).toMatch(/^<br \/>\n<b>Notice<\/b>: {2}Undefined index/);
      const json = reply.text.slice(reply.text.indexOf("{"));
      expect(JSON.parse(json)).toMatchObject({ client_secret: OIDC.client_secret });
    });

    test("settingsDump500 answers 500 with a page that quotes the stored settings, secrets included", async () => {
      await edit(emulator, OIDC);
      emulator.injectFault({ kind: "settingsDump500", route: "edit" });
      const reply = await edit(emulator, { ...OIDC, client_id: "changed" });
      expect(reply.status).toBe(500);
      expect(reply.text).toContain(`"client_secret":"${OIDC.client_secret}"`);
      expect(reply.text).toContain(`[client_secret] => ${OIDC.client_secret}`);
      expect(emulator.storedSettings().client_id).toBe("mailcow");
    });

    test("concurrentWrite lets another writer save right after the request, before it is answered", async () => {
      const theirs = { ...OIDC, client_id: "other-stack" };
      emulator.injectFault({ kind: "concurrentWrite", route: "edit", attr: theirs });
      const reply = await edit(emulator, OIDC);
      expect(JSON.parse(reply.text)[0].type).toBe("success");
      expect(emulator.storedSettings().client_id).toBe("other-stack");
      expect(() => emulator.injectFault({ kind: "concurrentWrite" })).toThrow(RangeError);
    });

    test("with tls, it serves https with a self-signed certificate that clients reject", async () => {
      const secure = await MailcowEmulator.start({ tls: true });
      try {
        expect(secure.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
        await expect(call(secure, GET)).rejects.toThrow();
        const body = await new Promise<string>((resolve, reject) => {
          https
            .get(secure.url + GET, { rejectUnauthorized: false, headers: { "X-API-Key": secure.rwKey } }, (res) => {
              let text = "";
              res.on("data", (chunk: Buffer) => (text += chunk.toString()));
              res.on("end", () => resolve(text));
            })
            .on("error", reject);
        });
        expect(JSON.parse(body)).toEqual({ login_provisioning: 1 });
      } finally {
        await secure.stop();
      }
    });

    test("delay answers normally after the wait", async () => {
      emulator.injectFault({ kind: "delay", route: "get", delayMs: 150 });
      const started = Date.now();
      expect((await call(emulator, GET)).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });

    test("delay outlasts a client timeout, and the request is still processed afterwards", async () => {
      emulator.injectFault({ kind: "delay", route: "edit", delayMs: 300 });
      const signal = AbortSignal.timeout(50);
      await expect(call(emulator, EDIT, { json: { attr: { ...OIDC, client_id: "late" } }, signal })).rejects.toThrow();
      expect(emulator.storedSettings()).toEqual({});
      await waitFor(() => emulator.storedSettings().client_id === "late");
      expect(emulator.requests[0].status).toBe(200);
    });

    test("count filters by method and route; resetLog clears the log but not storage", async () => {
      await edit(emulator, OIDC);
      await call(emulator, GET);
      await call(emulator, GET, { key: "WRONG" });
      expect(emulator.count()).toBe(3);
      expect(emulator.count({ method: "get" })).toBe(2);
      expect(emulator.count({ route: "edit/identity-provider" })).toBe(1);
      expect(emulator.count({ method: "POST", route: "get/identity-provider" })).toBe(0);
      expect(emulator.unauthorizedCount).toBe(1);
      emulator.resetLog();
      expect([emulator.count(), emulator.unauthorizedCount]).toEqual([0, 0]);
      expect(emulator.storedSettings().client_id).toBe("mailcow");
    });

    test("options are validated", async () => {
      await expect(MailcowEmulator.start({ rwKey: "SAME", roKey: "same" })).rejects.toThrow("differ");
      await expect(MailcowEmulator.start({ rwKey: "bad key" })).rejects.toThrow();
    });

    test("stop closes keep-alive connections promptly", async () => {
      const agent = new http.Agent({ keepAlive: true });
      const other = await MailcowEmulator.start();
      await new Promise<void>((resolve, reject) => {
        http
          .get(other.url + GET, { agent, headers: { "X-API-Key": other.rwKey } }, (response) => {
            response.resume();
            response.on("end", resolve);
          })
          .on("error", reject);
      });
      const started = Date.now();
      await other.stop();
      expect(Date.now() - started).toBeLessThan(1000);
      agent.destroy();
    });
  });
});

function adminEditEnvelope(value: unknown): { msg: unknown; log: [string, string, Record<string, unknown>] }[] {
  expect(Array.isArray(value)).toBe(true);
  return value as { msg: unknown; log: [string, string, Record<string, unknown>] }[];
}

async function listen(server: http.Server | https.Server, scheme = "http"): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: http.Server | https.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
