// The shipped stacks (Pulumi.dev.yaml, Pulumi.prod.yaml) as they are, with only their two URLs pointed at the lab
// (`pulumi config set --path`), over https with a throwaway CA: the policy pack passes on them in preview, both
// deploy with it as the deploy workflow does, and their onDelete settings hold on destroy. Two variants of dev's
// settings show the pack failing with its own message: an application open to everyone, and ignoreSslError.
import {
  GROUPS,
  type Lab,
  type StackConfig,
  expectNoEmulatorErrors,
  initOverlaidStack,
  removeLab,
  stackFileConfig,
  startLab,
  writes,
} from "./support/lab";
import { EXIT, EngineProject } from "./support/project";

let lab: Lab;
let project: EngineProject;

const SHIPPED = { dev: { slug: "mailcow-dev", onDelete: "remove" }, prod: { slug: "mailcow", onDelete: "retain" } };
const policyArgs = (stack: string) => [
  "--policy-pack",
  "policy",
  "--policy-pack-config",
  `policy/config/${stack}.json`,
];

const shippedConfig = (stack: string) => stackFileConfig(project, stack);
const initStack = (stack: string, config?: StackConfig) => initOverlaidStack(project, lab, stack, config);

beforeAll(async () => {
  lab = await startLab({ https: true });
  project = EngineProject.fromRepo();
});

afterAll(() => removeLab(lab, project));
afterEach(() => expectNoEmulatorErrors(lab));

test("the lab speaks https only: the URLs the stacks get are https, and nothing else changed in the stack files", async () => {
  const before = { dev: shippedConfig("dev"), prod: shippedConfig("prod") };
  for (const stack of ["dev", "prod"]) await initStack(stack);
  for (const stack of ["dev", "prod"] as const) {
    const after = shippedConfig(stack);
    expect(after.authentik.url).toBe(lab.authentik.url);
    expect(after.mailcow.url).toBe(lab.mailcowUrl);
    expect(after.authentik.allowHttp ?? false).toBe(false);
    expect(after.mailcow.allowHttp ?? false).toBe(false);
    const withoutUrlsAndSecrets = (config: typeof after) => ({
      ...config,
      authentik: {},
      mailcow: { ...config.mailcow, url: undefined, apiKey: undefined },
    });
    expect(withoutUrlsAndSecrets(after)).toEqual(withoutUrlsAndSecrets(before[stack]));
  }
  expect(lab.authentik.url).toMatch(/^https:/);
  expect(lab.mailcowUrl).toMatch(/^https:/);
});

describe.each(Object.entries(SHIPPED))("shipped stack %s", (stack, { slug, onDelete }) => {
  test("preview with the policy pack passes and sends mailcow nothing", async () => {
    lab.clearLogs();
    const preview = await project.expectPulumi(["preview", "--stack", stack, ...policyArgs(stack)]);
    expect(preview.output).toMatch(/Policies:\s+✅ mailcow-sso-guardrails@v[\d.]+ \(local: policy\)/);
    expect(preview.output).not.toMatch(/mandatory/);
    expect(lab.mailcow.requests).toEqual([]);
    expect(writes(lab).authentik).toEqual([]);
  });

  test("up with the policy pack (as deploy.yml runs it) configures both sides and passes the connection test", async () => {
    lab.clearLogs();
    const up = await project.expectPulumi(["up", "--stack", stack, "--yes", "--skip-preview", ...policyArgs(stack)]);
    expect(up.output).toMatch(/✅ mailcow-sso-guardrails/);
    const app = lab.authentik.store.applicationBySlug(slug);
    const provider = [...lab.authentik.store.providers.values()].find((p) => p.pk === app?.provider);
    expect(provider).toMatchObject({ client_type: "confidential", redirect_uris: [{ url: lab.mailcowUrl }] });
    const expectedBindings = stack === "dev" ? GROUPS.length : 1;
    expect([...lab.authentik.store.bindings.values()].filter((b) => b.target === app?.pk)).toHaveLength(
      expectedBindings,
    );
    expect(lab.mailcow.storedSettings()).toMatchObject({
      authsource: "generic-oidc",
      client_id: provider?.client_id,
      client_secret: provider?.client_secret,
      token_url: `${lab.authentik.url}/application/o/token/`,
      redirect_url: lab.mailcowUrl,
    });
    expect(lab.mailcow.requests.filter((r) => r.category === "identity-provider-test").map((r) => r.status)).toEqual([
      200,
    ]);
    // mailcow's test route reached authentik's token endpoint over https.
    expect(lab.authentik.requests.filter((r) => r.method === "OPTIONS").map((r) => r.status)).toEqual([200]);
    await project.expectPulumi(["preview", "--stack", stack, "--expect-no-changes"]);
  });

  test(`destroy honours onDelete: ${onDelete}`, async () => {
    const before = lab.mailcow.storedSettings();
    lab.clearLogs();
    await project.expectPulumi(["destroy", "--stack", stack, "--yes", "--skip-preview"]);
    expect(lab.authentik.store.applicationBySlug(slug)).toBeUndefined();
    expect(lab.authentik.store.providers.size).toBe(0);
    if (onDelete === "retain") {
      expect(lab.mailcow.storedSettings()).toEqual(before);
      expect(lab.mailcow.requests).toEqual([]);
      // The next stack may take it over only with adoptExisting; leave mailcow empty for it.
      lab.mailcow.seedSettings({});
    } else {
      expect(lab.mailcow.storedSettings().authsource ?? "").not.toBe("generic-oidc");
      expect(writes(lab).mailcow).toEqual(["POST /api/v1/delete/identity-provider"]);
    }
  });
});

// A policy exception is declared once, in the stack's settings; the pack honours it and fails what is undeclared.
// (A stack with no binding and no declaration cannot come from config: policy/tests/exceptions.test.ts covers it.)
describe("exceptions declared in the stack's settings", () => {
  test("access.public: true passes the access policy", async () => {
    await initStack("open", { ...shippedConfig("dev"), access: { public: true } });
    lab.clearLogs();
    const preview = await project.expectPulumi(["preview", "--stack", "open", ...policyArgs("dev")]);
    expect(preview.output).toMatch(/Policies:\s+✅ mailcow-sso-guardrails/);
    expect(writes(lab)).toEqual({ authentik: [], mailcow: [] });
  });

  test("ignoreSslError with mailcow.allowIgnoreSslError passes; without it fails with the policy's message", async () => {
    const dev = shippedConfig("dev");
    await initStack("lab", { ...dev, mailcow: { ...dev.mailcow, ignoreSslError: true, allowIgnoreSslError: true } });
    const allowed = await project.expectPulumi(["preview", "--stack", "lab", ...policyArgs("dev")]);
    expect(allowed.output).toMatch(/Policies:\s+✅ mailcow-sso-guardrails/);
    await initStack("lax", { ...dev, mailcow: { ...dev.mailcow, ignoreSslError: true } });
    lab.clearLogs();
    const preview = await project.expectPulumi(["preview", "--stack", "lax", ...policyArgs("dev")], EXIT.error);
    expect(preview.output).toMatch(/\[mandatory\]\s+mailcow-idp-no-ignore-ssl-error/);
    expect(preview.output).toMatch(/ignoreSslError is true, which turns off certificate checks on mailcow's calls/);
    expect(writes(lab)).toEqual({ authentik: [], mailcow: [] });
    expect(lab.mailcow.requests).toEqual([]);
  });
});
