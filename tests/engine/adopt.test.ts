// Taking over a setup made by hand from the guide, under the real CLI: authentik seeded through its API as an
// administrator clicks it together (with settings that differ from the stack's), mailcow holding Generic-OIDC with
// the guide's mistake (authentik's endpoints on the mailcow host). `npm run adopt`, `--write`, `pulumi preview`,
// `pulumi up`, then a second `up` that changes nothing. Judged on the emulators' state and logs (stand-ins).
import { api } from "../support/authentik-emulator/test-client";
import { changes, leaks, planOf } from "./support/inspect";
import {
  type Lab,
  expectNoEmulatorErrors,
  initLabStack,
  labSettings,
  removeLab,
  startLab,
  writes,
} from "./support/lab";
import { EngineProject } from "./support/project";

const STACK = "adopted";
const SLUG = "mailcow";
const CLIENT_ID = "hand-made-client-id";
const CLIENT_SECRET = "hand-made-secret-the-admin-pasted-into-mailcow-0123456789";

let lab: Lab;
let project: EngineProject;
let seeded: { provider: number; application: string; template: string; kept: string; extra: string };

/** What the guide leaves in authentik, plus what an administrator changed since (key, flow, redirects, a binding). */
async function seedAuthentik(): Promise<typeof seeded> {
  const { store } = lab.authentik;
  const managed = (s: string) => store.scopeMappingByManaged(`goauthentik.io/providers/oauth2/scope-${s}`)!.pk;
  const group = (name: string) => [...store.groups.values()].find((g) => g.name === name)!.pk;
  const ok = <T extends { status: number; body: { pk: unknown } }>(reply: T, what: string) => {
    if (reply.status !== 201) throw new Error(`seeding ${what} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body.pk;
  };
  const template = ok(
    await api(lab.authentik, "POST", "/propertymappings/provider/scope/", {
      name: "mailcow template",
      scope_name: "mailcow_template",
      expression: 'return {"mailcow_template": "default"}',
    }),
    "the scope mapping",
  );
  const provider = ok(
    await api(lab.authentik, "POST", "/providers/oauth2/", {
      name: "mailcow",
      authorization_flow: store.flowBySlug("default-provider-authorization-explicit-consent")!.pk,
      invalidation_flow: store.flowBySlug("default-provider-invalidation-flow")!.pk,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: [
        {
          matching_mode: "regex",
          url: `${lab.mailcowUrl.replace(/\./g, "\\.")}/.*`,
          redirect_uri_type: "authorization",
        },
        { matching_mode: "strict", url: "https://webmail.example.org", redirect_uri_type: "authorization" },
      ],
      property_mappings: [managed("openid"), managed("email"), managed("profile"), template],
      signing_key: store.certificateByName("authentik Internal JWT Certificate")!.pk,
    }),
    "the provider",
  );
  const application = ok(
    await api(lab.authentik, "POST", "/core/applications/", { name: "mailcow", slug: SLUG, provider }),
    "the application",
  );
  const binding = async (name: string, order: number) =>
    ok(
      await api(lab.authentik, "POST", "/policies/bindings/", { target: application, group: group(name), order }),
      name,
    );
  return {
    provider: provider as number,
    application: application as string,
    template: template as string,
    kept: (await binding("mail-users", 3)) as string,
    extra: (await binding("mail-admins", 0)) as string,
  };
}

/** The guide's mailcow form: the client it was given, and authentik's endpoints typed with the mailcow host. */
function seedMailcow(): void {
  lab.mailcow.adminEdit({
    authsource: "generic-oidc",
    authorize_url: `${lab.mailcowUrl}/application/o/authorize/`,
    token_url: `${lab.mailcowUrl}/application/o/token/`,
    userinfo_url: `${lab.mailcowUrl}/application/o/userinfo/`,
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_url: lab.mailcowUrl,
    redirect_url_extra: [],
    client_scopes: "openid profile email",
    ignore_ssl_error: false,
    login_provisioning: false,
    default_template: "",
    mappers: [],
    templates: [],
  });
}

const stackSettings = () =>
  labSettings(lab, {
    application: { name: "mailcow", slug: SLUG },
    access: { groups: ["mail-users"], users: [], policies: [] },
  });

beforeAll(async () => {
  lab = await startLab();
  project = EngineProject.fromRepo();
  await initLabStack(project, lab, STACK, stackSettings());
  seeded = await seedAuthentik();
  seedMailcow();
  lab.clearLogs();
});
afterAll(() => removeLab(lab, project));
afterEach(() => expectNoEmulatorErrors(lab));

test("npm run adopt reports what it found and what up will change, reading only and printing no secret", async () => {
  const result = await project.npmRun("adopt", ["--stack", STACK]);
  expect(result.code).toBe(0);
  const report = result.stdout;
  expect(report).toContain(
    `application "${SLUG}" (${seeded.application}) with OAuth2 provider "mailcow" (pk ${seeded.provider}`,
  );
  expect(report).toContain(`Generic-OIDC for client "${CLIENT_ID}", endpoints on ${new URL(lab.mailcowUrl).host}`);
  for (const line of [
    `authentik OAuth2 provider pk ${seeded.provider}`,
    `authentik binding group "mail-users" (${seeded.kept})`,
    'provider signing key: "authentik Internal JWT Certificate" → "authentik Self-signed Certificate"',
    'provider authorization flow: "default-provider-authorization-explicit-consent" → "default-provider-authorization-implicit-consent"',
    'binding group "mail-users" order: 3 → 0',
    'binding group "mail-admins" (not in the stack\'s access settings): removed',
    `mailcow token URL: "${lab.mailcowUrl}/application/o/token/" → "${lab.authentik.url}/application/o/token/"`,
    "Nothing was written.",
  ]) {
    expect(report).toContain(line);
  }
  expect(report).toMatch(
    /provider redirect URIs: \["regex authorization .*","strict authorization https:\/\/webmail\.example\.org"\] → \["strict authorization http:\/\/127\.0\.0\.1:\d+"\]/,
  );
  expect(
    leaks({ report: result.output }, { CLIENT_SECRET, token: lab.authentik.token, key: lab.mailcow.rwKey }),
  ).toEqual([]);
  expect(writes(lab)).toEqual({ authentik: [], mailcow: [] });
});

test("--write records the takeover in the stack's settings, the secret encrypted, and changes nothing remote", async () => {
  lab.clearLogs();
  const result = await project.npmRun("adopt", ["--stack", STACK, "--write"]);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(`Written to Pulumi.${STACK}.yaml`);
  const file = project.read(`Pulumi.${STACK}.yaml`);
  expect(file).not.toContain(CLIENT_SECRET);
  const config = JSON.parse(
    (await project.expectPulumi(["config", "--json", "--show-secrets", "--stack", STACK])).stdout,
  );
  expect(config["mailcow-sso:oauth2"].objectValue).toMatchObject({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  expect(config["mailcow-sso:adopt"].objectValue).toEqual({
    oauth2Provider: seeded.provider,
    application: SLUG,
    templateScope: seeded.template,
    bindings: [{ kind: "group", ref: "mail-users", id: seeded.kept }],
    removeBindings: [seeded.extra],
  });
  expect(config["mailcow-sso:mailcow"].objectValue.adoptExisting).toBe(true);
  expect(writes(lab)).toEqual({ authentik: [], mailcow: [] });
});

test("preview shows imports and updates only: no provider or application created, nothing replaced", async () => {
  lab.clearLogs();
  const plan = planOf(await project.expectPulumi(["preview", "--json", "--stack", STACK]));
  const ops = (type: string) => plan.filter((s) => s.type === type).map((s) => s.op);
  expect(ops("authentik:index/providerOauth2:ProviderOauth2")).toEqual(["import", "update"]);
  expect(ops("authentik:index/application:Application")).toEqual(["import", "update"]);
  expect(ops("authentik:index/propertyMappingProviderScope:PropertyMappingProviderScope")).toEqual([
    "import",
    "update",
  ]);
  expect(ops("authentik:index/policyBinding:PolicyBinding")).toEqual(["import", "update"]);
  expect(plan.filter((s) => s.type.startsWith("random:"))).toEqual([]);
  expect(changes(plan).filter((c) => /^(replace|create-replacement|delete-replaced)/.test(c))).toEqual([]);
  expect(changes(plan).filter((c) => c.startsWith("create ") && c.includes("authentik:index"))).toEqual([]);
  expect(writes(lab)).toEqual({ authentik: [], mailcow: [] });
});

test("up takes everything over: same objects, same client ID and secret, mailcow's endpoints on authentik", async () => {
  await project.expectPulumi(["up", "--yes", "--skip-preview", "--stack", STACK]);
  const { store } = lab.authentik;
  const provider = store.providers.get(seeded.provider)!;
  expect([...store.providers.keys()]).toEqual([seeded.provider]);
  expect(provider).toMatchObject({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, client_type: "confidential" });
  expect(provider.signing_key).toBe(store.certificateByName("authentik Self-signed Certificate")!.pk);
  expect(provider.redirect_uris).toEqual([
    { matching_mode: "strict", url: lab.mailcowUrl, redirect_uri_type: "authorization" },
  ]);
  expect(store.applicationBySlug(SLUG)?.pk).toBe(seeded.application);
  expect([...store.bindings.keys()]).toEqual([seeded.kept]);
  expect(store.bindings.get(seeded.kept)?.order).toBe(0);
  const mailcow = lab.mailcow.storedSettings();
  expect(mailcow).toMatchObject({
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    authorize_url: `${lab.authentik.url}/application/o/authorize/`,
    token_url: `${lab.authentik.url}/application/o/token/`,
    userinfo_url: `${lab.authentik.url}/application/o/userinfo/`,
  });
});

test("a second up changes nothing, anywhere", async () => {
  lab.clearLogs();
  await project.expectPulumi(["up", "--yes", "--expect-no-changes", "--stack", STACK]);
  expect(writes(lab)).toEqual({ authentik: [], mailcow: [] });
});

test("removing the adopt section afterwards, as README says, only forgets the finished removal command", async () => {
  await project.expectPulumi(["config", "rm", "--stack", STACK, "adopt"]);
  lab.clearLogs();
  const plan = planOf(await project.expectPulumi(["preview", "--json", "--stack", STACK]));
  expect(changes(plan)).toEqual(["delete command:local:Command mailcow-adopt-remove-bindings"]);
  await project.expectPulumi(["up", "--yes", "--skip-preview", "--stack", STACK]);
  expect(writes(lab)).toEqual({ authentik: [], mailcow: [] });
  expect(lab.authentik.store.providers.get(seeded.provider)?.client_id).toBe(CLIENT_ID);
});

test("on a fresh install adopt says there is nothing to adopt", async () => {
  await initLabStack(project, lab, "fresh", labSettings(lab, { application: { slug: "webmail" } }));
  const result = await project.npmRun("adopt", ["--stack", "fresh"]);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('Nothing to adopt: authentik has no application "webmail"');
});

test("a slug held by an application with another kind of provider is refused, and nothing is written", async () => {
  // authentik's answer for an application behind a proxy provider (the emulator serves OAuth2 providers only).
  const reply = await api(lab.authentik, "GET", `/core/applications/${SLUG}/`);
  const proxy = { ...reply.body.provider_obj, pk: 99, verbose_name: "Proxy Provider" };
  proxy.meta_model_name = "authentik_providers_proxy.proxyprovider";
  lab.authentik.faults.add({
    kind: "respond",
    method: "GET",
    path: `/api/v3/core/applications/${SLUG}/`,
    status: 200,
    body: { ...reply.body, provider: 99, provider_obj: proxy },
  });
  const before = project.read(`Pulumi.${STACK}.yaml`);
  lab.clearLogs();
  const result = await project.npmRun("adopt", ["--stack", STACK, "--write"]);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(
    `Refused: application "${SLUG}" uses a Proxy Provider (pk 99), not an OAuth2/OpenID provider`,
  );
  expect(project.read(`Pulumi.${STACK}.yaml`)).toBe(before);
  expect(writes(lab)).toEqual({ authentik: [], mailcow: [] });
});
