// A stack whose state still holds the mailcow provider as it was serialized before PROVIDER_VERSION 2 (65 KB of code
// by value, tests/fixtures/mailcow-provider-v1.json) keeps working under the real CLI: refresh runs that stored code,
// up moves the stack to the small shell with one GET and no write, and destroy works from the old state too.
import fs from "node:fs";
import path from "node:path";
import {
  type Lab,
  expectNoEmulatorErrors,
  initLabStack,
  labSettings,
  removeLab,
  startLab,
  writes,
} from "./support/lab";
import { planOf } from "./support/inspect";
import { EngineProject, type StackExport } from "./support/project";
import { REPO_ROOT } from "./support/toolchain";

const STACK = "upgrade";
const IDP = "mailcow-identity-provider";
const v1 = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, "tests", "fixtures", "mailcow-provider-v1.json"), "utf8"),
) as {
  provider: string;
};

let lab: Lab;
let project: EngineProject;
let deployed: StackExport;

const idp = (exported: StackExport) => EngineProject.resource(exported, IDP);

/** The deployed state with the identity provider rewritten as version 1 left it: its code and version. */
async function importAsV1(): Promise<void> {
  const old = structuredClone(deployed);
  const resource = idp(old);
  resource.inputs = { ...resource.inputs, __provider: v1.provider };
  resource.outputs = { ...resource.outputs, __provider: v1.provider, providerVersion: "1" };
  const file = path.join(project.root, "v1-state.json");
  fs.writeFileSync(file, JSON.stringify(old));
  await project.expectPulumi(["stack", "import", "--stack", STACK, "--file", file]);
}

const mailcowCalls = () => lab.mailcow.requests.map((r) => `${r.method} ${r.action}/${r.category}`);

beforeAll(async () => {
  lab = await startLab();
  project = EngineProject.fromRepo();
  await initLabStack(project, lab, STACK, labSettings(lab));
  await project.expectPulumi(["up", "--yes", "--skip-preview", "--stack", STACK]);
  deployed = await project.exportStack(STACK);
  expect(v1.provider.length).toBeGreaterThan(60_000);
  await importAsV1();
});
afterAll(() => removeLab(lab, project));
afterEach(() => expectNoEmulatorErrors(lab));

test("refresh runs the version-1 code stored in state: one GET, state unchanged", async () => {
  lab.clearLogs();
  await project.expectPulumi(["refresh", "--yes", "--skip-preview", "--stack", STACK]);
  expect(mailcowCalls()).toEqual(["GET get/identity-provider"]);
  const after = idp(await project.exportStack(STACK));
  expect(after.outputs?.__provider).toBe(v1.provider);
  expect(after.outputs?.providerVersion).toBe("1");
});

test("up moves it to the shell: preview plans the update, the provider makes one GET and no write", async () => {
  lab.clearLogs();
  const plan = planOf(await project.expectPulumi(["preview", "--json", "--stack", STACK]));
  expect(plan.find((step) => step.name === IDP)?.op).toBe("update");
  expect(mailcowCalls()).toEqual([]);
  // Only the identity provider: the connection test, which re-runs after a version change, makes requests of its own.
  const urn = idp(deployed).urn;
  await project.expectPulumi(["up", "--yes", "--skip-preview", "--stack", STACK, "--target", urn]);
  expect(mailcowCalls()).toEqual(["GET get/identity-provider"]);
  const after = idp(await project.exportStack(STACK));
  expect(after.outputs?.providerVersion).toBe("2");
  expect(String(after.outputs?.__provider).length).toBeLessThanOrEqual(4096);
  expect(String(after.outputs?.__provider)).toContain("@mailcow-sso/mailcow-provider");
  expect(writes(lab)).toEqual({ authentik: [], mailcow: [] });
});

test("destroy from version-1 state removes mailcow's setting with the stored code", async () => {
  await importAsV1();
  lab.clearLogs();
  await project.expectPulumi(["destroy", "--yes", "--skip-preview", "--stack", STACK]);
  expect(lab.mailcow.requests.filter((r) => r.method === "POST").map((r) => `${r.action}/${r.category}`)).toEqual([
    "delete/identity-provider",
  ]);
  expect(lab.mailcow.storedSettings().authsource ?? "").not.toBe("generic-oidc");
});
