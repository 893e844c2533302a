// Behaviour of the authentik API emulator (a stand-in for authentik 2026.5): what a fresh install holds,
// CRUD round trips with server-side defaults, uniqueness and cross-field rules, relations and cascades (lists,
// pagination and transport answers: authentik-emulator-lists.test.ts).
import { type AuthentikEmulator, startAuthentikEmulator } from "./support/authentik-emulator";
import {
  type HandMadeSetup,
  CLIENT_ID,
  CLIENT_SECRET,
  api,
  handMadeSetup,
} from "./support/authentik-emulator/test-client";

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

const flowPk = (slug: string) => emulator.store.flowBySlug(slug)!.pk;
const names = (reply: { body: { results: { name: string }[] } }) => reply.body.results.map((r) => r.name);

describe("a fresh install", () => {
  test("has the default flows, managed scope mappings, key pairs and akadmin in authentik Admins", async () => {
    emulator.reset();
    const flows = await api(emulator, "GET", "/flows/instances/?ordering=slug");
    expect(flows.body.results.map((f: { slug: string; designation: string }) => [f.slug, f.designation])).toEqual([
      ["default-authentication-flow", "authentication"],
      ["default-invalidation-flow", "invalidation"],
      ["default-provider-authorization-explicit-consent", "authorization"],
      ["default-provider-authorization-implicit-consent", "authorization"],
      ["default-provider-invalidation-flow", "invalidation"],
    ]);
    const scopes = await api(emulator, "GET", "/propertymappings/provider/scope/?managed__isnull=false");
    expect(scopes.body.results.map((s: { scope_name: string }) => s.scope_name)).toEqual([
      "email",
      "entitlements",
      "goauthentik.io/api",
      "offline_access",
      "openid",
      "profile",
    ]);
    const email = await api(
      emulator,
      "GET",
      "/propertymappings/provider/scope/?managed=goauthentik.io/providers/oauth2/scope-email",
    );
    expect(email.body.results[0]).toMatchObject({
      name: "authentik default OAuth Mapping: OpenID 'email'",
      scope_name: "email",
    });
    const pairs = await api(emulator, "GET", "/crypto/certificatekeypairs/");
    expect(names(pairs)).toEqual(["authentik Internal JWT Certificate", "authentik Self-signed Certificate"]);
    const admin = await api(emulator, "GET", "/core/users/?username=akadmin");
    expect(admin.body.results).toHaveLength(1);
    expect(admin.body.results[0]).toMatchObject({
      pk: 1,
      is_superuser: true,
      groups_obj: [{ name: "authentik Admins" }],
    });
    expect((await api(emulator, "GET", "/core/applications/")).body.results).toEqual([]);
  });
});

describe("OAuth2 providers", () => {
  test("the hand-made provider keeps the admin's client ID and secret and reads back its settings", async () => {
    const read = await api(emulator, "GET", `/providers/oauth2/${setup.providerPk}/`);
    expect(read.body).toMatchObject({
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      assigned_application_slug: "mailcow",
      redirect_uris: [{ matching_mode: "strict", url: "https://mail.example.org", redirect_uri_type: "authorization" }],
      access_token_validity: "hours=1",
      include_claims_in_id_token: true,
      sub_mode: "hashed_user_id",
      issuer_mode: "per_provider",
    });
  });

  test("without client_id and client_secret authentik generates them (40 and 128 letters and digits)", async () => {
    const created = await api(emulator, "POST", "/providers/oauth2/", {
      name: "generated",
      authorization_flow: flowPk("default-provider-authorization-explicit-consent"),
      invalidation_flow: flowPk("default-provider-invalidation-flow"),
      redirect_uris: [],
    });
    expect(created.status).toBe(201);
    expect(created.body.client_id).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(created.body.client_secret).toMatch(/^[A-Za-z0-9]{128}$/);
    expect(created.body.assigned_application_slug).toBeNull();
  });

  test("unique name and client ID, flows that exist, durations in authentik's format, valid regexes", async () => {
    const body = {
      name: "mailcow",
      client_id: CLIENT_ID,
      authorization_flow: "00000000-0000-4000-8000-000000000000",
      invalidation_flow: flowPk("default-provider-invalidation-flow"),
      access_token_validity: "ten minutes",
      redirect_uris: [{ matching_mode: "regex", url: "https://(" }, { url: "https://x" }],
    };
    const reply = await api(emulator, "POST", "/providers/oauth2/", body);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      name: ["provider with this name already exists."],
      authorization_flow: ['Invalid pk "00000000-0000-4000-8000-000000000000" - object does not exist.'],
      client_id: ["OAuth2/OpenID Provider with this Client ID already exists."],
      access_token_validity: ["ten minutes is not in the correct format of 'hours=3;minutes=1'."],
      redirect_uris: [{}, { matching_mode: ["This field is required."] }],
    });
    const regex = await api(emulator, "PATCH", `/providers/oauth2/${setup.providerPk}/`, {
      redirect_uris: [{ matching_mode: "regex", url: "https://(" }],
    });
    expect(regex.body).toEqual({ redirect_uris: ["Invalid Regex Pattern: https://("] });
  });

  test("PUT replaces what it is given and keeps what it is not; deleting unbinds the application", async () => {
    const path = `/providers/oauth2/${setup.providerPk}/`;
    const before = (await api(emulator, "GET", path)).body;
    const put = await api(emulator, "PUT", path, {
      name: "renamed",
      authorization_flow: before.authorization_flow,
      invalidation_flow: before.invalidation_flow,
      redirect_uris: [{ matching_mode: "strict", url: "https://mail.example.org/" }],
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      name: "renamed",
      client_secret: CLIENT_SECRET,
      property_mappings: before.property_mappings,
    });
    expect(put.body.redirect_uris).toEqual([
      { matching_mode: "strict", url: "https://mail.example.org/", redirect_uri_type: "authorization" },
    ]);
    expect((await api(emulator, "DELETE", path)).status).toBe(204);
    expect((await api(emulator, "GET", path)).body).toEqual({ detail: "No OAuth2Provider matches the given query." });
    expect((await api(emulator, "GET", "/core/applications/mailcow/")).body).toMatchObject({
      provider: null,
      provider_obj: null,
    });
  });
});

describe("applications", () => {
  test("slugs are unique and authentik's OAuth2 paths are reserved; a provider serves one application", async () => {
    const dup = await api(emulator, "POST", "/core/applications/", {
      name: "again",
      slug: "mailcow",
      provider: setup.providerPk,
    });
    expect(dup.body).toEqual({
      slug: ["Application with this slug already exists."],
      provider: ["Application with this provider already exists."],
    });
    for (const slug of ["authorize", "token", "userinfo", "revoke", "introspect", "device"]) {
      const reserved = await api(emulator, "POST", "/core/applications/", { name: slug, slug });
      expect(reserved.body).toEqual({ slug: [`The slug '${slug}' is reserved and cannot be used for applications.`] });
    }
    expect((await api(emulator, "POST", "/core/applications/", { name: "x", slug: "not a slug" })).body).toEqual({
      slug: ["Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."],
    });
  });

  test("retrieve by slug; CharField trims and refuses blanks; deleting cascades to the bindings", async () => {
    const read = await api(emulator, "GET", "/core/applications/mailcow/");
    expect(read.body).toMatchObject({
      pk: setup.applicationPk,
      launch_url: "https://mail.example.org",
      policy_engine_mode: "any",
    });
    const patched = await api(emulator, "PATCH", "/core/applications/mailcow/", {
      name: "  Mail  ",
      meta_publisher: "",
    });
    expect(patched.body).toMatchObject({ name: "Mail", meta_publisher: "" });
    expect((await api(emulator, "PATCH", "/core/applications/mailcow/", { name: " " })).body).toEqual({
      name: ["This field may not be blank."],
    });
    expect((await api(emulator, "DELETE", "/core/applications/mailcow/")).status).toBe(204);
    expect(emulator.store.bindings.size).toBe(0);
    expect((await api(emulator, "GET", "/core/applications/mailcow/")).body).toEqual({
      detail: "No Application matches the given query.",
    });
  });

  test("the list shows only what the caller may access unless a superuser asks for the full list", async () => {
    await api(emulator, "PATCH", `/core/groups/${setup.groupPk}/`, { users: [] });
    await api(emulator, "POST", "/core/applications/", { name: "open", slug: "open" });
    expect(names(await api(emulator, "GET", "/core/applications/"))).toEqual(["open"]);
    expect(names(await api(emulator, "GET", "/core/applications/?superuser_full_list=true"))).toEqual([
      "mailcow",
      "open",
    ]);
    expect(names(await api(emulator, "GET", "/core/applications/?superuser_full_list=true&search=MAIL"))).toEqual([
      "mailcow",
    ]);
  });
});

describe("policy bindings and groups", () => {
  test("exactly one of policy, group or user; references must exist", async () => {
    const target = setup.applicationPk;
    expect((await api(emulator, "POST", "/policies/bindings/", { target, order: 1 })).body).toEqual({
      non_field_errors: ["One of 'policy', 'group' or 'user' must be set."],
    });
    expect(
      (await api(emulator, "POST", "/policies/bindings/", { target, order: 1, group: setup.groupPk, user: 1 })).body,
    ).toEqual({
      non_field_errors: ["Only one of 'policy', 'group' or 'user' can be set."],
    });
    expect((await api(emulator, "POST", "/policies/bindings/", { target, order: 1, user: 99 })).body).toEqual({
      user: ['Invalid pk "99" - object does not exist.'],
    });
  });

  test("a binding reads back with its group, filters by target, and goes when its group goes", async () => {
    const bound = await api(emulator, "GET", `/policies/bindings/?target=${setup.applicationPk}`);
    expect(bound.body.results).toEqual([
      expect.objectContaining({
        pk: setup.bindingPk,
        group: setup.groupPk,
        group_obj: expect.objectContaining({ name: "mailcow users" }),
        order: 0,
        enabled: true,
        timeout: 30,
      }),
    ]);
    expect(
      (await api(emulator, "GET", `/policies/bindings/?target=${flowPk("default-authentication-flow")}`)).body.results,
    ).toEqual([]);
    const group = await api(emulator, "GET", "/core/groups/?name=mailcow%20users&include_users=false");
    expect(group.body.results).toEqual([expect.objectContaining({ users: [1], users_obj: null })]);
    const withUsers = await api(emulator, "GET", `/core/groups/${setup.groupPk}/`);
    expect(withUsers.body.users_obj).toEqual([expect.objectContaining({ pk: 1, username: "akadmin" })]);
    expect((await api(emulator, "DELETE", `/core/groups/${setup.groupPk}/`)).status).toBe(204);
    expect((await api(emulator, "GET", `/policies/bindings/${setup.bindingPk}/`)).status).toBe(404);
    expect((await api(emulator, "POST", "/core/groups/", { name: "authentik Admins" })).body).toEqual({
      name: ["Group with this name already exists."],
    });
  });
});
