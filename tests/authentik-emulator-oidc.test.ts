// The authentik emulator's OAuth2/OIDC side (a stand-in for authentik 2026.5's /application/o/ views): the
// discovery document with the issuer per issuer_mode, JWKS, the token endpoint as mailcow's connection test and
// a confidential client meet it, the authorization code flow, userinfo and logout; and the project's own
// connection test passing against it and the mailcow emulator.
import { createHmac, createPublicKey, verify } from "node:crypto";
import { checkConnection } from "../components/connection-test/check-connection";
import { type AuthentikEmulator, startAuthentikEmulator } from "./support/authentik-emulator";
import { MailcowEmulator } from "./support/mailcow-emulator";
import { curlStatusCode } from "./support/mailcow-emulator/outbound-http";
import {
  type HandMadeSetup,
  CLIENT_ID,
  CLIENT_SECRET,
  api,
  call,
  handMadeSetup,
} from "./support/authentik-emulator/test-client";

let emulator: AuthentikEmulator;
let setup: HandMadeSetup;

beforeAll(async () => {
  emulator = await startAuthentikEmulator();
});
afterAll(() => emulator?.stop());
beforeEach(async () => {
  emulator.reset();
  setup = await handMadeSetup(emulator);
});
afterEach(() => expect(emulator.internalErrors).toEqual([]));

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  call(emulator, "POST", path, form(fields), {
    token: null,
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
  });
const decode = (jwt: string) =>
  jwt
    .split(".")
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, "base64url").toString()));

describe("discovery and JWKS", () => {
  test("per_provider: the issuer is <url>/application/o/<slug>/ and every endpoint is on the authentik host", async () => {
    const doc = await call(emulator, "GET", "/application/o/mailcow/.well-known/openid-configuration", undefined, {
      token: null,
    });
    expect(doc.status).toBe(200);
    expect(doc.body).toMatchObject({
      issuer: `${emulator.url}/application/o/mailcow/`,
      authorization_endpoint: `${emulator.url}/application/o/authorize/`,
      token_endpoint: `${emulator.url}/application/o/token/`,
      userinfo_endpoint: `${emulator.url}/application/o/userinfo/`,
      end_session_endpoint: `${emulator.url}/application/o/mailcow/end-session/`,
      jwks_uri: `${emulator.url}/application/o/mailcow/jwks/`,
      id_token_signing_alg_values_supported: ["RS256"],
      scopes_supported: ["openid", "email", "profile", "mailcow_template"],
    });
    expect(doc.body.claims_supported).toEqual(
      expect.arrayContaining(["email", "email_verified", "preferred_username", "groups"]),
    );
  });

  test("global: the issuer is <url>/; the discovery URL stays per application", async () => {
    await api(emulator, "PATCH", `/providers/oauth2/${setup.providerPk}/`, { issuer_mode: "global" });
    const doc = await call(emulator, "GET", "/application/o/mailcow/.well-known/openid-configuration", undefined, {
      token: null,
    });
    expect(doc.body.issuer).toBe(`${emulator.url}/`);
    const urls = await api(emulator, "GET", `/providers/oauth2/${setup.providerPk}/setup_urls/`);
    expect(urls.body).toMatchObject({
      issuer: `${emulator.url}/`,
      provider_info: `${emulator.url}/application/o/mailcow/.well-known/openid-configuration`,
    });
  });

  test("an unknown slug, or an application without a provider, is a 404", async () => {
    await api(emulator, "POST", "/core/applications/", { name: "bare", slug: "bare" });
    for (const slug of ["nope", "bare"]) {
      const reply = await call(emulator, "GET", `/application/o/${slug}/.well-known/openid-configuration`, undefined, {
        token: null,
      });
      expect(reply.status).toBe(404);
    }
  });

  test("JWKS publishes the signing key (kid, modulus of the certificate's key); none without a signing key", async () => {
    const jwks = await call(emulator, "GET", "/application/o/mailcow/jwks/", undefined, { token: null });
    expect(jwks.headers.get("access-control-allow-origin")).toBe("*");
    expect(jwks.body.keys).toHaveLength(1);
    const [jwk] = jwks.body.keys;
    expect(jwk).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", e: "AQAB" });
    const pem = emulator.store.certificateByName("authentik Self-signed Certificate")!.key_data;
    expect(createPublicKey(pem).export({ format: "jwk" }).n).toBe(jwk.n);
    await api(emulator, "PATCH", `/providers/oauth2/${setup.providerPk}/`, { signing_key: null });
    expect((await call(emulator, "GET", "/application/o/mailcow/jwks/", undefined, { token: null })).body).toEqual({});
  });
});

describe("the token endpoint", () => {
  test("OPTIONS answers 200, which is what mailcow's connection test (curl) needs", async () => {
    const code = await curlStatusCode({
      method: "OPTIONS",
      url: `${emulator.url}/application/o/token/`,
      timeoutMs: 2000,
      insecure: false,
    });
    expect(code).toBe(200);
    const reply = await call(emulator, "OPTIONS", "/application/o/token/", undefined, { token: null });
    expect([reply.status, reply.body, reply.headers.get("cache-control")]).toEqual([200, {}, "no-store"]);
  });

  test("an unknown client is 400 invalid_client; a wrong secret for client_credentials is 400 invalid_grant", async () => {
    const unknown = await post("/application/o/token/", {
      grant_type: "client_credentials",
      client_id: "who",
      client_secret: "x",
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      error: "invalid_client",
      error_description: expect.stringMatching(/^Client authentication failed/),
    });
    expect(unknown.body.request_id).toMatch(/^[0-9a-f]{32}$/);
    const wrong = await post("/application/o/token/", {
      grant_type: "client_credentials",
      client_id: CLIENT_ID,
      client_secret: "x",
    });
    expect([wrong.status, wrong.body.error]).toEqual([400, "invalid_grant"]);
    const grant = await post("/application/o/token/", { grant_type: "nonsense", client_id: CLIENT_ID });
    expect(grant.body.error).toBe("unsupported_grant_type");
  });

  test("client_credentials with the provider's own secret (HTTP Basic) gets tokens for a service account", async () => {
    const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64");
    const reply = await post(
      "/application/o/token/",
      { grant_type: "client_credentials", scope: "openid" },
      { Authorization: `Basic ${basic}` },
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ token_type: "Bearer", scope: "openid", expires_in: 3600 });
    const [header, payload] = decode(reply.body.id_token);
    expect(header).toMatchObject({ alg: "RS256", kid: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(payload).toMatchObject({ iss: `${emulator.url}/application/o/mailcow/`, aud: CLIENT_ID });
    expect(emulator.store.userByUsername("ak-mailcow-client_credentials")?.type).toBe("service_account");
  });
});

describe("authorization code flow", () => {
  const redirect = "https://mail.example.org";
  const authorize = (params: Record<string, string>) =>
    call(
      emulator,
      "GET",
      `/application/o/authorize/?${form({ client_id: CLIENT_ID, response_type: "code", redirect_uri: redirect, scope: "openid email profile", ...params })}`,
      undefined,
      { token: null },
    );
  // mailcow's half of the flow: the code from a signed-in authorize, traded as the confidential client.
  const grantedCode = async () => new URL((await authorize({})).headers.get("location")!).searchParams.get("code")!;
  const exchange = (code: string) =>
    post("/application/o/token/", {
      grant_type: "authorization_code",
      code,
      redirect_uri: redirect,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });

  test("an unknown client or a redirect URI that matches no entry is an error page; no session means login", async () => {
    expect((await authorize({ client_id: "who" })).text).toContain("Client ID Error");
    expect((await authorize({ redirect_uri: "https://evil.example" })).text).toContain("Redirect URI Error");
    const login = await authorize({ state: "s1" });
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).toMatch(
      /^\/flows\/-\/default\/authentication\/\?next=%2Fapplication%2Fo%2Fauthorize%2F/,
    );
  });

  test("signed in: a code, exchanged for tokens whose claims come from the default mappings", async () => {
    emulator.signIn("akadmin");
    const granted = await authorize({ state: "s2", nonce: "n2" });
    const location = new URL(granted.headers.get("location")!);
    expect(location.origin + location.pathname).toBe(`${redirect}/`);
    expect(location.searchParams.get("state")).toBe("s2");
    const code = location.searchParams.get("code")!;
    const tokens = await exchange(code);
    expect(tokens.status).toBe(200);
    const [, claims] = decode(tokens.body.id_token);
    expect(claims).toMatchObject({
      aud: CLIENT_ID,
      nonce: "n2",
      email: "admin@example.com",
      email_verified: false,
      preferred_username: "akadmin",
    });
    expect(claims.groups).toEqual(expect.arrayContaining(["authentik Admins", "mailcow users"]));
    const replay = await exchange(code);
    expect(replay.body.error).toBe("invalid_grant");

    const info = await call(emulator, "GET", "/application/o/userinfo/", undefined, {
      token: tokens.body.access_token,
    });
    expect(info.body).toEqual({
      sub: claims.sub,
      email: "admin@example.com",
      email_verified: false,
      name: "authentik Default Admin",
      given_name: "authentik Default Admin",
      preferred_username: "akadmin",
      nickname: "akadmin",
      groups: claims.groups,
    });
    const bad = await call(emulator, "GET", "/application/o/userinfo/", undefined, { token: "not-a-token" });
    expect([bad.status, bad.headers.get("www-authenticate")]).toEqual([
      401,
      expect.stringContaining('error="invalid_token"'),
    ]);
  });

  test("HS256 with the client secret when the provider has no signing key; access is denied outside the group", async () => {
    await api(emulator, "PATCH", `/providers/oauth2/${setup.providerPk}/`, { signing_key: null });
    emulator.signIn("akadmin");
    const code = await grantedCode();
    const tokens = await exchange(code);
    const [head, body, signature] = tokens.body.id_token.split(".");
    expect(decode(tokens.body.id_token)[0].alg).toBe("HS256");
    expect(createHmac("sha256", CLIENT_SECRET).update(`${head}.${body}`).digest("base64url")).toBe(signature);
    await api(emulator, "PATCH", `/core/groups/${setup.groupPk}/`, { users: [] });
    expect((await authorize({})).status).toBe(403);
  });

  test("an RS256 ID token verifies with the JWKS key", async () => {
    emulator.signIn("akadmin");
    const code = await grantedCode();
    const tokens = await exchange(code);
    const jwk = (await call(emulator, "GET", "/application/o/mailcow/jwks/", undefined, { token: null })).body.keys[0];
    const [head, body, signature] = tokens.body.id_token.split(".");
    const key = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: "jwk" });
    expect(verify("sha256", Buffer.from(`${head}.${body}`), key, Buffer.from(signature, "base64url"))).toBe(true);
  });

  test("end-session hands over to the provider's invalidation flow", async () => {
    const reply = await call(emulator, "GET", "/application/o/mailcow/end-session/", undefined, { token: null });
    expect([reply.status, reply.headers.get("location")]).toEqual([
      302,
      "/if/flow/default-provider-invalidation-flow/",
    ]);
  });
});

describe("the project's connection test against this emulator and the mailcow emulator", () => {
  let mailcow: MailcowEmulator;
  beforeAll(async () => {
    mailcow = await MailcowEmulator.start({ testRouteTimeoutMs: 2000 });
  });
  afterAll(() => mailcow?.stop());

  test("passes every check, with the URLs read from setup_urls", async () => {
    const urls = (await api(emulator, "GET", `/providers/oauth2/${setup.providerPk}/setup_urls/`)).body;
    mailcow.adminEdit({
      authsource: "generic-oidc",
      authorize_url: urls.authorize,
      token_url: urls.token,
      userinfo_url: urls.user_info,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_url: "https://mail.example.org",
      client_scopes: "openid profile email mailcow_template",
      ignore_ssl_error: false,
      login_provisioning: true,
    });
    const report = await checkConnection({
      mailcowUrl: mailcow.url,
      mailcowApiKey: mailcow.rwKey,
      discoveryUrl: urls.provider_info,
      issuer: urls.issuer,
      authorizeUrl: urls.authorize,
      tokenUrl: urls.token,
      userinfoUrl: urls.user_info,
      clientId: CLIENT_ID,
      timeoutMs: 3000,
    });
    expect(report.checks.filter((check) => check.status !== "ok")).toEqual([]);
    expect(emulator.requests.filter((r) => r.method === "OPTIONS")).toEqual([
      expect.objectContaining({ path: "/application/o/token/", status: 200 }),
    ]);
  });
});
