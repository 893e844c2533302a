// The whole lifecycle of one stack under the real CLI, in the order a team lives it: preview of a new stack, up, a
// second up and preview that change nothing, refresh, drift on each side, rotation, the secrets scan, and a destroy
// that mailcow first refuses. One deployed stack across the steps: each test starts where the previous one ended
// (which is why this is one long file: splitting it would mean a fresh `up` per file).
// Every step is judged by what the authentik and mailcow emulators (stand-ins) hold and were sent.
import { api } from "../support/authentik-emulator/test-client";
import { changes, leaks, planOf } from "./support/inspect";
import {
  GROUPS,
  POLICY,
  type Lab,
  USERNAME,
  expectNoEmulatorErrors,
  initLabStack,
  labSettings,
  mailcowAdminEdit,
  removeLab,
  startLab,
  writes,
} from "./support/lab";
import { EXIT, EngineProject } from "./support/project";

const STACK = "lab";
const SLUG = "mailcow-lab";
const IDP = "mailcow-identity-provider";
const SCOPE_MAPPINGS = ["openid", "email", "profile"].map((s) => `goauthentik.io/providers/oauth2/scope-${s}`);

let lab: Lab;
let project: EngineProject;
/** Every client secret the stack has had: none may ever reach state or logs. */
const clientSecrets: string[] = [];

const provider = () => {
  const rows = [...lab.authentik.store.providers.values()];
  expect(rows).toHaveLength(1);
  return rows[0];
};
const application = () => lab.authentik.store.applicationBySlug(SLUG);
const mailcowStored = () => lab.mailcow.storedSettings();
const mailcowGets = () =>
  lab.mailcow.requests.filter((r) => r.method === "GET").map((r) => `${r.action}/${r.category}`);

beforeAll(async () => {
  lab = await startLab();
  project = EngineProject.fromRepo();
  await initLabStack(project, lab, STACK, labSettings(lab));
});

afterAll(() => removeLab(lab, project));
afterEach(() => expectNoEmulatorErrors(lab));

test("preview of a new stack plans every resource and sends mailcow nothing", async () => {
  lab.clearLogs();
  const plan = planOf(await project.expectPulumi(["preview", "--json"]));
  expect(plan.every((step) => step.op === "create")).toBe(true);
  expect(plan.map((step) => step.type).sort()).toEqual(
    [
      "pulumi:pulumi:Stack",
      "mailcow-sso:index:MailcowSso",
      "mailcow-sso:authentik:OidcApplication",
      "pulumi:providers:authentik",
      "authentik:index/propertyMappingProviderScope:PropertyMappingProviderScope",
      "random:index/randomString:RandomString",
      "random:index/randomPassword:RandomPassword",
      "authentik:index/providerOauth2:ProviderOauth2",
      "authentik:index/application:Application",
      "authentik:index/policyBinding:PolicyBinding",
      "authentik:index/policyBinding:PolicyBinding",
      "authentik:index/policyBinding:PolicyBinding",
      "authentik:index/policyBinding:PolicyBinding",
      "pulumi-nodejs:dynamic/mailcow:IdentityProvider",
      "command:local:Command",
    ].sort(),
  );
  expect(lab.mailcow.requests).toEqual([]);
  // The lookups (flows, key pair, scope mappings, groups, user) are reads; nothing is created.
  expect(writes(lab).authentik).toEqual([]);
  expect(application()).toBeUndefined();
});

test("up configures authentik and mailcow alike, and the connection test runs and passes", async () => {
  lab.clearLogs();
  await project.expectPulumi(["up", "--yes", "--skip-preview"]);
  const { store } = lab.authentik;
  const oauth2 = provider();
  clientSecrets.push(oauth2.client_secret);

  expect(oauth2).toMatchObject({
    client_type: "confidential",
    redirect_uris: [{ matching_mode: "strict", url: lab.mailcowUrl, redirect_uri_type: "authorization" }],
    signing_key: store.certificateByName("authentik Self-signed Certificate")?.pk,
  });
  const template = [...store.scopeMappings.values()].find((m) => m.scope_name === "mailcow_template");
  expect(oauth2.property_mappings.sort()).toEqual(
    [...SCOPE_MAPPINGS.map((managed) => store.scopeMappingByManaged(managed)?.pk), template?.pk].sort(),
  );
  const app = application();
  expect(app).toMatchObject({ provider: oauth2.pk, name: "mailcow (lab)", group: "Mail" });

  // One binding per configured group, user and policy, on this application, with the configured order.
  const groupPk = (name: string) => [...store.groups.values()].find((g) => g.name === name)?.pk;
  const bindings = [...store.bindings.values()].map(({ target, group, user, policy, order }) => ({
    target,
    group,
    user,
    policy,
    order,
  }));
  expect(bindings).toHaveLength(GROUPS.length + 2);
  expect(bindings).toEqual(
    expect.arrayContaining([
      { target: app?.pk, group: groupPk("mail-users"), user: null, policy: null, order: 0 },
      { target: app?.pk, group: groupPk("mail-admins"), user: null, policy: null, order: 5 },
      { target: app?.pk, group: null, user: store.userByUsername(USERNAME)?.pk, policy: null, order: 0 },
      { target: app?.pk, group: null, user: null, policy: lab.policyPk, order: 20 },
    ]),
  );

  // mailcow: Generic-OIDC with authentik's client, endpoints on the authentik host, the same redirect URL.
  const stored = mailcowStored();
  expect(stored).toMatchObject({
    authsource: "generic-oidc",
    client_id: oauth2.client_id,
    client_secret: oauth2.client_secret,
    authorize_url: `${lab.authentik.url}/application/o/authorize/`,
    token_url: `${lab.authentik.url}/application/o/token/`,
    userinfo_url: `${lab.authentik.url}/application/o/userinfo/`,
    redirect_url: oauth2.redirect_uris[0].url,
    client_scopes: "openid profile email mailcow_template",
    default_template: "Default",
    login_provisioning: "1",
  });
  // Template mappings: the claim values authentik's expression emits, in order, next to mailcow's templates.
  expect(JSON.parse(stored.mappers)).toEqual(["admins", "default"]);
  expect(JSON.parse(stored.templates)).toEqual(["Admins", "Default"]);
  expect(template?.expression).toContain('("mail-admins", "admins"),\n    ("mail-users", "default"),');

  // The connection test: authentik's discovery document read, mailcow's own test route run and answered 200, and
  // that route's OPTIONS reached authentik's token endpoint.
  expect(
    lab.authentik.requests.some(
      (r) => r.path === `/application/o/${SLUG}/.well-known/openid-configuration` && r.status === 200,
    ),
  ).toBe(true);
  expect(lab.mailcow.requests.filter((r) => r.category === "identity-provider-test").map((r) => r.status)).toEqual([
    200,
  ]);
  expect(lab.authentik.requests.filter((r) => r.method === "OPTIONS").map((r) => [r.path, r.status])).toEqual([
    ["/application/o/token/", 200],
  ]);
  const exported = await project.exportStack();
  const test = EngineProject.resource(exported, "mailcow-connection-test");
  expect(test.outputs?.stdout).toMatch(/^mailcow-sso connection test: passed/);
});

test("stack output shows the issuer, discovery and launch URLs, and the client secret only as [secret]", async () => {
  const outputs = JSON.parse((await project.expectPulumi(["stack", "output", "--json"])).stdout);
  expect(outputs).toMatchObject({
    issuerUrl: `${lab.authentik.url}/application/o/${SLUG}/`,
    discoveryUrl: `${lab.authentik.url}/application/o/${SLUG}/.well-known/openid-configuration`,
    launchUrl: lab.mailcowUrl,
    clientId: provider().client_id,
    clientSecret: "[secret]",
  });
  expect(outputs.mailcowIdentityProvider).toMatchObject({ clientId: provider().client_id, authsource: "generic-oidc" });
});

test("a second up and a preview with --expect-no-changes pass and write nothing anywhere", async () => {
  lab.clearLogs();
  await project.expectPulumi(["up", "--yes", "--expect-no-changes"]);
  expect(writes(lab)).toEqual({ authentik: [], mailcow: [] });
  // mailcow's diff is offline: not even a read.
  expect(lab.mailcow.requests).toEqual([]);

  lab.clearLogs();
  await project.expectPulumi(["preview", "--expect-no-changes"]);
  expect(writes(lab)).toEqual({ authentik: [], mailcow: [] });
  expect(lab.mailcow.requests).toEqual([]);
});

test("refresh reads mailcow once, changes nothing, and keeps the refreshed clientSecret input secret", async () => {
  lab.clearLogs();
  // --skip-preview: otherwise refresh first previews, which reads everything once more.
  await project.expectPulumi(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
  expect(mailcowGets()).toEqual(["get/identity-provider"]);
  expect(writes(lab)).toEqual({ authentik: [], mailcow: [] });

  // Engine fact: the provider's read returns `inputs` with a plain clientSecret (the dynamic host accepts no
  // secrets), and the engine records it as a secret again (ciphertext), because the previous input was one.
  const idp = EngineProject.resource(await project.exportStack(), IDP);
  expect(idp.inputs?.clientSecret).toEqual({
    "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
    ciphertext: expect.any(String),
  });
  expect(idp.outputs?.clientSecretDigest).toMatchObject({ ciphertext: expect.any(String) });
});

test("drift in mailcow: preview --refresh names the mailcow resource; a plain up misses it, up --refresh restores it", async () => {
  mailcowAdminEdit(lab, { login_provisioning: false, client_scopes: "openid email" });
  lab.clearLogs();
  const preview = await project.expectPulumi(["preview", "--refresh", "--expect-no-changes", "--diff"], EXIT.noChanges);
  expect(preview.output).toMatch(/error: no changes were expected for preview but changes were proposed/);
  expect(preview.output).toMatch(
    new RegExp(`~ pulumi-nodejs:dynamic/mailcow:IdentityProvider: \\(update\\)[\\s\\S]*${IDP}`),
  );
  expect(preview.output).toMatch(/[-~] clientScopes/);
  expect(preview.output).not.toMatch(/authentik:index\/\w+:\w+: \(update\)/);
  // A preview changes nothing, even with --refresh.
  expect(writes(lab)).toEqual({ authentik: [], mailcow: [] });
  expect(mailcowStored()).toMatchObject({ login_provisioning: "", client_scopes: "openid email" });

  // A plain up compares with the recorded state, which the preview did not update: it changes nothing.
  lab.clearLogs();
  await project.expectPulumi(["up", "--yes", "--skip-preview", "--expect-no-changes"]);
  expect(lab.mailcow.requests).toEqual([]);
  expect(mailcowStored()).toMatchObject({ login_provisioning: "", client_scopes: "openid email" });

  lab.clearLogs();
  await project.expectPulumi(["up", "--yes", "--refresh", "--skip-preview"]);
  expect(writes(lab).mailcow).toEqual(["POST /api/v1/edit/identity-provider"]);
  expect(writes(lab).authentik).toEqual([]);
  expect(mailcowStored()).toMatchObject({
    login_provisioning: "1",
    client_scopes: "openid profile email mailcow_template",
    client_secret: clientSecrets[0],
  });
  await project.expectPulumi(["preview", "--refresh", "--expect-no-changes"]);
});

test("drift in authentik: preview --refresh names the OAuth2 provider; up --refresh restores it", async () => {
  const reply = await api(lab.authentik, "PATCH", `/providers/oauth2/${provider().pk}/`, {
    access_token_validity: "hours=8",
  });
  expect(reply.status).toBe(200);
  lab.clearLogs();
  const preview = await project.expectPulumi(["preview", "--refresh", "--expect-no-changes", "--diff"], EXIT.noChanges);
  expect(preview.output).toMatch(/~ authentik:index\/providerOauth2:ProviderOauth2: \(update\)[\s\S]*mailcow-oauth2/);
  expect(preview.output).toMatch(/~ accessTokenValidity\s*: "hours=8" => "minutes=10"/);
  expect(preview.output).not.toMatch(/IdentityProvider: \(update\)/);
  expect(writes(lab)).toEqual({ authentik: [], mailcow: [] });

  lab.clearLogs();
  await project.expectPulumi(["up", "--yes", "--refresh", "--skip-preview"]);
  expect(writes(lab)).toEqual({ authentik: [`PUT /api/v3/providers/oauth2/${provider().pk}/`], mailcow: [] });
  expect(provider().access_token_validity).toBe("minutes=10");
  await project.expectPulumi(["preview", "--refresh", "--expect-no-changes"]);
});

test("hand edits of fields the stack leaves unset stay authentik's: no drift reported, no PUT", async () => {
  // The Terraform provider omits empty strings from its PUT, so it could never clear these: before they were left to
  // authentik (ignoreChanges), each `up --refresh` PUT both objects again and the drift check never passed.
  const edits = [
    api(lab.authentik, "PATCH", `/core/applications/${SLUG}/`, { meta_description: "by hand", meta_publisher: "IT" }),
    api(lab.authentik, "PATCH", `/providers/oauth2/${provider().pk}/`, { logout_uri: `${lab.mailcowUrl}/logout` }),
  ];
  expect((await Promise.all(edits)).map((reply) => reply.status)).toEqual([200, 200]);
  lab.clearLogs();
  await project.expectPulumi(["preview", "--refresh", "--expect-no-changes"]);
  await project.expectPulumi(["up", "--yes", "--refresh", "--skip-preview", "--expect-no-changes"]);
  expect(writes(lab)).toEqual({ authentik: [], mailcow: [] });
  expect(application()).toMatchObject({ meta_description: "by hand", meta_publisher: "IT" });
  expect(provider().logout_uri).toBe(`${lab.mailcowUrl}/logout`);
});

test("rotation: bumping oauth2.clientSecretRotation changes the secret on both sides in one up, nothing else", async () => {
  const before = { oauth2: structuredClone(provider()), mailcow: mailcowStored(), app: structuredClone(application()) };
  await project.expectPulumi(["config", "set", "--path", "oauth2.clientSecretRotation", "2"]);

  lab.clearLogs();
  const plan = changes(planOf(await project.expectPulumi(["preview", "--json"])));
  expect(plan.sort()).toEqual(
    [
      "replace random:index/randomPassword:RandomPassword mailcow-client-secret",
      "update authentik:index/providerOauth2:ProviderOauth2 mailcow-oauth2",
      "update pulumi-nodejs:dynamic/mailcow:IdentityProvider mailcow-identity-provider",
      // The connection test runs again for the new secret (its revision input includes the secret's digest).
      "update command:local:Command mailcow-connection-test",
    ].sort(),
  );

  lab.clearLogs();
  await project.expectPulumi(["up", "--yes", "--skip-preview"]);
  const after = provider();
  clientSecrets.push(after.client_secret);
  expect(after.client_secret).not.toBe(before.oauth2.client_secret);
  expect(after.client_secret).toMatch(/^[A-Za-z0-9]{96}$/);
  expect(mailcowStored().client_secret).toBe(after.client_secret);
  // Nothing else changed on either side.
  // (property_mappings is a set in authentik; the emulator keeps the order last sent.)
  const comparable = (row: typeof after) => ({
    ...row,
    client_secret: "",
    property_mappings: [...row.property_mappings].sort(),
  });
  expect(comparable(after)).toEqual(comparable(before.oauth2));
  expect({ ...mailcowStored(), client_secret: "" }).toEqual({ ...before.mailcow, client_secret: "" });
  expect(application()).toEqual(before.app);
  expect(writes(lab)).toEqual({
    authentik: [`PUT /api/v3/providers/oauth2/${after.pk}/`, "OPTIONS /application/o/token/"],
    mailcow: ["POST /api/v1/edit/identity-provider", "POST /api/v1/edit/identity-provider-test"],
  });
  await project.expectPulumi(["preview", "--expect-no-changes"]);
});

test("no plaintext secret in stack export, the backend's files or anything the CLI printed", async () => {
  const exported = (await project.expectPulumi(["stack", "export"])).stdout;
  const secrets = {
    "authentik token": lab.authentik.token,
    "mailcow API key": lab.mailcow.rwKey,
    ...Object.fromEntries(clientSecrets.map((secret, i) => [`client secret #${i + 1}`, secret])),
  };
  // The scan itself finds a secret when there is one.
  expect(leaks({ probe: `x${Buffer.from(`"${lab.mailcow.rwKey}"`).toString("base64")}` }, secrets)).toEqual([
    "mailcow API key in probe",
  ]);
  const files = project.backendFiles();
  expect(Object.keys(files).some((name) => name.endsWith(`${STACK}.json`))).toBe(true);
  expect(
    leaks(
      {
        "stack export": exported,
        ...files,
        "CLI output": project.transcript.join("\n"),
        "stack file": project.read(`Pulumi.${STACK}.yaml`),
      },
      secrets,
    ),
  ).toEqual([]);
});

test("destroy: mailcow refuses while a mailbox uses generic-oidc; state stays consistent; the retry removes all", async () => {
  lab.mailcow.addMailbox("user@example.org", "generic-oidc");
  lab.clearLogs();
  const failed = await project.expectPulumi(["destroy", "--yes", "--skip-preview"], EXIT.error);
  expect(failed.output).toMatch(/authsource_in_use/);
  expect(failed.output).toMatch(/move those mailboxes back to the mailcow authsource/);
  expect(mailcowStored().authsource).toBe("generic-oidc");
  // The mailcow resource and everything it depends on are still in state and in authentik.
  const exported = await project.exportStack();
  expect(exported.deployment.pending_operations ?? []).toEqual([]);
  const left = (exported.deployment.resources ?? []).map((r) => r.urn.split("::").pop());
  expect(left).toEqual(expect.arrayContaining([IDP, "mailcow-oauth2", "mailcow-application", "mailcow-client-secret"]));
  expect(application()).toBeDefined();
  // State agrees with both servers: a refreshing preview would only bring back the connection test that was deleted.
  const plan = changes(planOf(await project.expectPulumi(["preview", "--refresh", "--json"])));
  expect(plan).toEqual(["create command:local:Command mailcow-connection-test"]);

  lab.mailcow.setMailboxAuthsource("user@example.org", "mailcow");
  lab.clearLogs();
  await project.expectPulumi(["destroy", "--yes", "--skip-preview"]);
  expect(mailcowStored().authsource ?? "").not.toBe("generic-oidc");
  expect(writes(lab).mailcow).toEqual(["POST /api/v1/delete/identity-provider"]);
  const { store } = lab.authentik;
  expect([store.providers.size, store.applications.size, store.bindings.size]).toEqual([0, 0, 0]);
  expect([...store.scopeMappings.values()].filter((m) => m.managed === null)).toEqual([]);
  // What the administrator made is left alone.
  expect([...store.groups.values()].map((g) => g.name)).toEqual(expect.arrayContaining(GROUPS));
  expect(store.policies.get(lab.policyPk)?.name).toBe(POLICY);
  expect((await project.exportStack()).deployment.resources ?? []).toEqual([]);
  // Bridge quirk (pulumi/pulumi-terraform-bridge#3349): the Terraform provider outlived the commands of this file
  // (most of them, not all: it is a race), and the harness ended it. When this fails, the bridge stops
  // its child itself and endLeftTerraformProviders can go.
  expect(project.leftProcessesEnded).toBeGreaterThan(0);
});
