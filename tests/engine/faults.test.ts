// Failures under the real engine, in the order a user might meet them on one new stack: authentik refuses the OAuth2
// provider (a name an administrator already uses), then a wrong mailcow API key, then mailcow answering 500; each
// fix is what the message says, and the last `up` converges. mailcow.maxRetries is 1 in this stack, so the number
// of mailcow requests also shows that the structured config reached the provider's `configure`.
import { api } from "../support/authentik-emulator/test-client";
import {
  type Lab,
  expectNoEmulatorErrors,
  initLabStack,
  labSettings,
  removeLab,
  setSecrets,
  startLab,
  writes,
} from "./support/lab";
import { EXIT, EngineProject } from "./support/project";

const STACK = "faults";
const NAME = "mailcow (faults)";
const WRONG_KEY = "0A0A0A-0B0B0B-0C0C0C-0D0D0D-0E0E0E";

let lab: Lab;
let project: EngineProject;
const mailcowRoutes = () => lab.mailcow.requests.map((r) => `${r.method} ${r.action}/${r.category} ${r.status}`);

beforeAll(async () => {
  lab = await startLab();
  project = EngineProject.fromRepo();
  await initLabStack(
    project,
    lab,
    STACK,
    labSettings(lab, { application: { name: NAME, slug: "mailcow-faults" }, mailcow: { maxRetries: 1 } }),
  );
});

afterAll(() => removeLab(lab, project));
afterEach(() => expectNoEmulatorErrors(lab));

test("authentik's 400 on the OAuth2 provider reaches the user with authentik's field message", async () => {
  // An administrator's provider already has the name the program would give its own.
  const { store } = lab.authentik;
  const taken = await api(lab.authentik, "POST", "/providers/oauth2/", {
    name: NAME,
    authorization_flow: store.flowBySlug("default-provider-authorization-implicit-consent")?.pk,
    invalidation_flow: store.flowBySlug("default-provider-invalidation-flow")?.pk,
    redirect_uris: [],
  });
  expect(taken.status).toBe(201);
  lab.clearLogs();

  const up = await project.expectPulumi(["up", "--yes", "--skip-preview"], EXIT.error);
  const refused = lab.authentik.requests.filter((r) => r.method === "POST" && r.path === "/api/v3/providers/oauth2/");
  expect(refused.map((r) => r.status)).toEqual([400]);
  // The Terraform provider's wording around authentik's own answer, under the resource's name.
  expect(up.output).toMatch(
    /authentik:index:ProviderOauth2 \(mailcow-oauth2\):\s+error: HTTP Error '400 Bad Request' during request 'POST \/api\/v3\/providers\/oauth2\/'/,
  );
  expect(up.output).toMatch(/"name":\["provider with this name already exists\."\]/);
  // Nothing on the mailcow side starts before authentik's half is complete.
  expect(lab.mailcow.requests).toEqual([]);
  expect(store.providers.size).toBe(1);
});

test("a wrong mailcow API key: one request, no retry, and a message naming the key's setting", async () => {
  await project.expectPulumi(["config", "set", "--path", "oauth2.name", "mailcow (faults stack)"]);
  await setSecrets(project, STACK, { authentikToken: lab.authentik.token, mailcowApiKey: WRONG_KEY });
  lab.clearLogs();

  const up = await project.expectPulumi(["up", "--yes", "--skip-preview"], EXIT.error);
  expect(mailcowRoutes()).toEqual(["GET get/identity-provider 401"]);
  expect(lab.mailcow.unauthorizedCount).toBe(1);
  expect(up.output).toMatch(/check the stack config mailcow\.apiKey or MAILCOW_API_KEY/);
  expect(up.output).toMatch(/Not retried/);
  expect(up.output).not.toContain(WRONG_KEY);
  // authentik's half is done; mailcow is untouched.
  expect(lab.authentik.store.applicationBySlug("mailcow-faults")).toBeDefined();
  expect(lab.mailcow.storedSettings().authsource).toBeUndefined();
});

test("mailcow answering 500 fails the run with mailcow's words, after exactly the configured retry", async () => {
  await setSecrets(project, STACK, { authentikToken: lab.authentik.token, mailcowApiKey: lab.mailcow.rwKey });
  lab.mailcow.injectFault({ kind: "html500", route: "edit", times: Infinity });
  lab.clearLogs();

  const up = await project.expectPulumi(["up", "--yes", "--skip-preview"], EXIT.error);
  // maxRetries: 1 from the stack config → the first try and one retry; the default (2) would make three.
  expect(mailcowRoutes()).toEqual([
    "GET get/identity-provider 200",
    "POST edit/identity-provider 500",
    "POST edit/identity-provider 500",
  ]);
  expect(up.output).toMatch(/mailcow failed while saving the identity-provider settings at http:\/\/127\.0\.0\.1:\d+/);
  expect(up.output).toMatch(/Connection to Redis failed/);
  expect(lab.mailcow.storedSettings().authsource).toBeUndefined();
});

test("once mailcow recovers, the next up converges and passes the connection test", async () => {
  lab.mailcow.clearFaults();
  lab.clearLogs();
  await project.expectPulumi(["up", "--yes", "--skip-preview"]);
  const provider = [...lab.authentik.store.providers.values()].find((p) => p.name === "mailcow (faults stack)");
  expect(lab.mailcow.storedSettings()).toMatchObject({
    authsource: "generic-oidc",
    client_id: provider?.client_id,
    client_secret: provider?.client_secret,
  });
  expect(lab.mailcow.requests.filter((r) => r.category === "identity-provider-test").map((r) => r.status)).toEqual([
    200,
  ]);
  // Only the mailcow side and the connection test were left to do.
  expect(writes(lab).authentik).toEqual(["OPTIONS /application/o/token/"]);
  await project.expectPulumi(["preview", "--expect-no-changes"]);
});
