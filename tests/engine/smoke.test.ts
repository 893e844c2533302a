// The chain works end to end: the real CLI and Node.js language host run a tiny program that declares one authentik
// Application through the committed SDK; the real bridge (terraform-provider plugin) loads authentik's Terraform
// provider from its local cache and plans against the authentik emulator. `npm run test:engine:smoke`.
import { type AuthentikEmulator, startAuthentikEmulator } from "../support/authentik-emulator";
import { EngineProject } from "./support/project";
import { standIns, toolchain } from "./support/toolchain";

const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const authentik = require("@pulumi/authentik");
const config = new pulumi.Config();
const provider = new authentik.Provider("authentik", { url: config.require("url"), token: config.requireSecret("token") });
const app = new authentik.Application("smoke", { name: "smoke", slug: "smoke" }, { provider });
exports.slug = app.slug;
exports.uuid = app.uuid;
`;

let authentik: AuthentikEmulator;
let project: EngineProject;

beforeAll(async () => {
  authentik = await startAuthentikEmulator();
  project = EngineProject.fromFiles({
    "Pulumi.yaml": "name: smoke\nruntime: nodejs\n",
    "package.json": '{"name":"smoke","version":"0.0.0","private":true}',
    "index.js": PROGRAM,
  });
  await project.expectPulumi(["stack", "init", "smoke"]);
  await project.expectPulumi(["config", "set", "url", authentik.url]);
  await project.expectPulumi(["config", "set", "--secret", "token"], 0, { stdin: authentik.token });
});

afterAll(async () => {
  project?.remove();
  await authentik?.stop();
});

test(`the toolchain is complete (stand-ins: ${standIns().join(", ") || "none"})`, () => {
  const names = toolchain().pieces.map((piece) => piece.name);
  for (const piece of [
    "pulumi",
    "pulumi-language-nodejs",
    "pulumi-resource-pulumi-nodejs",
    "terraform-provider-authentik",
  ]) {
    expect(names.some((name) => name.startsWith(piece))).toBe(true);
  }
});

test("pulumi preview plans the Application through the bridge, writing nothing to authentik", async () => {
  const preview = await project.expectPulumi(["preview", "--json"]);
  const steps = (JSON.parse(preview.stdout) as { steps: { op: string; urn: string }[] }).steps;
  expect(steps.map((step) => [step.op, step.urn.split("::")[2]])).toEqual(
    expect.arrayContaining([
      ["create", "pulumi:providers:authentik"],
      ["create", "authentik:index/application:Application"],
    ]),
  );
  expect(authentik.requests.filter((r) => r.method !== "GET")).toEqual([]);
  expect(authentik.store.applicationBySlug("smoke")).toBeUndefined();
  expect(authentik.internalErrors).toEqual([]);
});

test("pulumi up creates it in authentik and the token stays secret in state", async () => {
  await project.expectPulumi(["up", "--yes", "--skip-preview"]);
  const app = authentik.store.applicationBySlug("smoke");
  expect(app).toMatchObject({ name: "smoke", slug: "smoke" });
  const outputs = JSON.parse((await project.expectPulumi(["stack", "output", "--json"])).stdout);
  expect(outputs).toEqual({ slug: "smoke", uuid: app?.pk });
  expect(JSON.stringify(project.backendFiles())).not.toContain(authentik.token);
});
