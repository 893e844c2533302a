// Which state backend the real CLI uses for this project: Pulumi.yaml's `backend.url`, a `pulumi login`, or
// PULUMI_BACKEND_URL. The CI workflows depend on the answer (they must reach the team's state, not a fresh local one).
import fs from "node:fs";
import path from "node:path";
import { EngineProject } from "./support/project";
import { REPO_ROOT } from "./support/toolchain";

let project: EngineProject;
let loginDir: string;
let envDir: string;
let home: string;

/** Stack names a file backend holds (project-scoped layout: .pulumi/stacks/<project>/<stack>.json). */
function stacksIn(dir: string): string[] {
  const stacks = path.join(dir, ".pulumi", "stacks", "mailcow-sso");
  return fs.existsSync(stacks)
    ? fs
        .readdirSync(stacks)
        .filter((f) => f.endsWith(".json"))
        .map((f) => f.replace(/\.json$/, ""))
    : [];
}

beforeAll(() => {
  project = EngineProject.fromFiles({
    "Pulumi.yaml": fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8"),
    "package.json": '{"name":"precedence","version":"0.0.0"}',
    // As in the repository: the file backend needs its directory to exist.
    ".pulumi-state/.gitignore": "*\n!.gitignore\n",
  });
  loginDir = path.join(project.root, "login-backend");
  envDir = path.join(project.root, "env-backend");
  home = path.join(project.root, "pulumi-home");
  for (const dir of [loginDir, envDir, home]) fs.mkdirSync(dir);
});
afterAll(() => project.remove());

test("Pulumi.yaml's backend.url outranks `pulumi login` (what pulumi/actions' cloud-url does)", async () => {
  const env = { PULUMI_BACKEND_URL: undefined, PULUMI_HOME: home };
  await project.expectPulumi(["login", `file://${loginDir}`], 0, { env });
  await project.expectPulumi(["stack", "init", "after-login"], 0, { env });
  expect(stacksIn(path.join(project.dir, ".pulumi-state"))).toEqual(["after-login"]);
  expect(stacksIn(loginDir)).toEqual([]);
});

test("PULUMI_BACKEND_URL outranks backend.url (what the workflows set from the secret)", async () => {
  const env = { PULUMI_BACKEND_URL: `file://${envDir}`, PULUMI_HOME: home };
  await project.expectPulumi(["stack", "init", "from-env"], 0, { env });
  expect(stacksIn(envDir)).toEqual(["from-env"]);
  expect(stacksIn(path.join(project.dir, ".pulumi-state"))).toEqual(["after-login"]);
});
