// Behaviour of the authentik API emulator (a stand-in for authentik 2026.5), continued: scope mappings, key
// pairs and users with their filters, pagination, and the 403/404/405/415/301 answers authentik (Django REST
// framework) gives.
import { X509Certificate, createPrivateKey } from "node:crypto";
import { type AuthentikEmulator, startAuthentikEmulator } from "./support/authentik-emulator";
import { type HandMadeSetup, api, call, handMadeSetup } from "./support/authentik-emulator/test-client";

let emulator: AuthentikEmulator;
let setup: HandMadeSetup;

beforeAll(async () => {
  emulator = await startAuthentikEmulator({ token: "admin-token", readOnlyToken: "viewer-token" });
});
afterAll(() => emulator?.stop());
beforeEach(async () => {
  emulator.reset();
  setup = await handMadeSetup(emulator);
});
afterEach(() => expect(emulator.internalErrors).toEqual([]));

const names = (reply: { body: { results: { name: string }[] } }) => reply.body.results.map((r) => r.name);

describe("scope mappings, key pairs, users", () => {
  test("managed repeats as any-of; deleting a mapping takes it off the provider", async () => {
    const two = await api(
      emulator,
      "GET",
      "/propertymappings/provider/scope/?managed=goauthentik.io/providers/oauth2/scope-openid&managed=goauthentik.io/providers/oauth2/scope-profile",
    );
    expect(two.body.results.map((m: { scope_name: string }) => m.scope_name)).toEqual(["openid", "profile"]);
    expect(names(await api(emulator, "GET", "/propertymappings/provider/scope/?scope_name=mailcow_template"))).toEqual([
      "mailcow template",
    ]);
    await api(emulator, "DELETE", `/propertymappings/provider/scope/${setup.templateMappingPk}/`);
    const provider = await api(emulator, "GET", `/providers/oauth2/${setup.providerPk}/`);
    expect(provider.body.property_mappings).toHaveLength(3);
    expect(provider.body.property_mappings).not.toContain(setup.templateMappingPk);
  });

  test("key pairs list no key material; view_certificate and view_private_key give the PEMs", async () => {
    const list = await api(emulator, "GET", "/crypto/certificatekeypairs/?name=authentik%20Self-signed%20Certificate");
    expect(list.body.results).toHaveLength(1);
    const pair = list.body.results[0];
    expect(JSON.stringify(list.body)).not.toContain("PRIVATE KEY");
    expect(pair).toMatchObject({ key_type: "rsa", private_key_available: true, managed: null });
    const cert = await api(emulator, "GET", `/crypto/certificatekeypairs/${pair.pk}/view_certificate/`);
    const x509 = new X509Certificate(`${cert.body.data}\n`);
    expect(x509.fingerprint256.toLowerCase()).toBe(pair.fingerprint_sha256);
    expect(pair.cert_subject).toBe("OU=Self-signed,O=authentik,CN=authentik Self-signed Certificate");
    const key = await api(emulator, "GET", `/crypto/certificatekeypairs/${pair.pk}/view_private_key/`);
    expect(x509.checkPrivateKey(createPrivateKey(`${key.body.data}\n`))).toBe(true);
  });

  test("users by username and pk; a username that matches nobody is an empty page", async () => {
    emulator.store.addUser({ username: "alice", email: "alice@example.org" });
    const alice = await api(emulator, "GET", "/core/users/?username=alice");
    expect(alice.body.results).toEqual([
      expect.objectContaining({ username: "alice", is_superuser: false, groups: [] }),
    ]);
    expect((await api(emulator, "GET", `/core/users/${alice.body.results[0].pk}/`)).body.email).toBe(
      "alice@example.org",
    );
    expect((await api(emulator, "GET", "/core/users/?username=nobody")).body.results).toEqual([]);
    expect((await api(emulator, "GET", "/core/users/abc/")).body).toEqual({
      detail: "No User matches the given query.",
    });
  });
});

describe("pagination", () => {
  test("pages of two over the six managed mappings, then past the end", async () => {
    const path = "/propertymappings/provider/scope/?managed__isnull=false&page_size=2";
    const first = await api(emulator, "GET", path);
    expect(first.body.pagination).toEqual({
      next: 2,
      previous: 0,
      count: 6,
      current: 1,
      total_pages: 3,
      start_index: 1,
      end_index: 2,
    });
    const last = await api(emulator, "GET", `${path}&page=3`);
    expect(last.body.pagination).toEqual({
      next: 0,
      previous: 2,
      count: 6,
      current: 3,
      total_pages: 3,
      start_index: 5,
      end_index: 6,
    });
    expect(last.body.results).toHaveLength(2);
    for (const page of ["4", "0", "abc"]) {
      expect((await api(emulator, "GET", `${path}&page=${page}`)).body).toEqual({ detail: "Invalid page." });
    }
    expect((await api(emulator, "GET", "/flows/instances/?page_size=0")).body.pagination.end_index).toBe(5);
    const empty = await api(emulator, "GET", "/flows/instances/?slug=nope");
    expect(empty.body.pagination).toEqual({
      next: 0,
      previous: 0,
      count: 0,
      current: 1,
      total_pages: 1,
      start_index: 0,
      end_index: 0,
    });
  });

  test("a choice filter given an unknown value is django-filter's 400", async () => {
    expect((await api(emulator, "GET", "/flows/instances/?designation=bogus")).body).toEqual({
      designation: ["Select a valid choice. bogus is not one of the available choices."],
    });
  });
});

describe("transport answers", () => {
  test("tokens: none, another scheme, a wrong one, and a view-only one writing", async () => {
    const path = "/api/v3/core/applications/";
    expect((await call(emulator, "GET", path, undefined, { token: null })).body).toEqual({
      detail: "Authentication credentials were not provided.",
    });
    const basic = { headers: { Authorization: "Basic YWthZG1pbjp4" }, token: null };
    expect((await call(emulator, "GET", path, undefined, basic)).body).toEqual({
      detail: "Authentication credentials were not provided.",
    });
    const wrong = await call(emulator, "GET", path, undefined, { token: "not-it" });
    expect([wrong.status, wrong.body]).toEqual([403, { detail: "Token invalid/expired" }]);
    expect((await call(emulator, "GET", path, undefined, { token: "viewer-token" })).status).toBe(200);
    const write = await call(emulator, "POST", path, { name: "x", slug: "x" }, { token: "viewer-token" });
    expect([write.status, write.body]).toEqual([403, { detail: "You do not have permission to perform this action." }]);
    expect((await call(emulator, "GET", "/api/v3/root/config/", undefined, { token: null })).status).toBe(200);
    expect((await call(emulator, "GET", "/api/v3/root/config/", undefined, { token: "not-it" })).status).toBe(403);
  });

  test("405 with Allow, 415 for a non-JSON body, 400 for broken JSON, 301 to the trailing slash, HTML 404", async () => {
    const put = await api(emulator, "PUT", "/core/applications/", {});
    expect([put.status, put.body, put.headers.get("allow")]).toEqual([
      405,
      { detail: 'Method "PUT" not allowed.' },
      "GET, POST",
    ]);
    const text = await call(emulator, "POST", "/api/v3/core/applications/", "name=x", {
      headers: { "Content-Type": "text/plain" },
    });
    expect([text.status, text.body]).toEqual([415, { detail: 'Unsupported media type "text/plain" in request.' }]);
    const broken = await call(emulator, "POST", "/api/v3/core/applications/", "{");
    expect(broken.status).toBe(400);
    expect(broken.body.detail).toMatch(/^JSON parse error - /);
    const noSlash = await call(emulator, "GET", "/api/v3/core/applications/mailcow?x=1");
    expect([noSlash.status, noSlash.headers.get("location")]).toEqual([301, "/api/v3/core/applications/mailcow/?x=1"]);
    const unknown = await call(emulator, "GET", "/api/v3/core/nothing-here/");
    expect([unknown.status, unknown.headers.get("content-type")]).toEqual([404, "text/html; charset=utf-8"]);
  });
});
