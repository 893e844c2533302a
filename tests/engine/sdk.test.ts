// The committed sdks/authentik against the SDK the real CLI generates from Pulumi.yaml's `packages:` entry, with the
// toolchain's bridge and Terraform provider. Here that provider is the stand-in (the real one is not on the Go proxy),
// so this pins the hand-kept subset to the generator's output for the stand-in's schema; on a machine where the
// bridge downloads the real provider, the same test compares it against the real schema.
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { EngineProject } from "./support/project";
import { sdkSurface } from "./support/sdk-surface";
import { REPO_ROOT } from "./support/toolchain";

interface PackageEntry {
  source: string;
  version: string;
  parameters: string[];
}

const entry = (
  parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as { packages: Record<string, PackageEntry> }
).packages.authentik;
const committedDir = path.join(REPO_ROOT, "sdks", "authentik");
let project: EngineProject;
let generatedDir: string;

beforeAll(async () => {
  project = EngineProject.fromFiles({ "Pulumi.yaml": "name: sdkgen\nruntime: nodejs\n" });
  generatedDir = path.join(project.root, "generated");
  // What `pulumi install` does for this entry, minus the final npm link step.
  await project.expectPulumi([
    "package",
    "gen-sdk",
    `${entry.source}@${entry.version}`,
    ...entry.parameters,
    "--language",
    "nodejs",
    "--local",
    "--out",
    generatedDir,
  ]);
  generatedDir = path.join(generatedDir, "nodejs");
});
afterAll(() => project?.remove());

test("every committed SDK file has the generated file's surface: tokens, properties, inputs, secrets", () => {
  const committed = sdkSurface(committedDir);
  const generated = sdkSurface(generatedDir);
  const used = [
    "provider.ts",
    "providerOauth2.ts",
    "application.ts",
    "policyBinding.ts",
    "getFlow.ts",
    "types/input.ts",
  ];
  expect(Object.keys(committed)).toEqual(expect.arrayContaining(used));
  for (const [file, surface] of Object.entries(committed)) {
    expect({ file, ...generated[file] }).toEqual({ file, ...surface });
  }
});

test("the package metadata (base plugin, parameterization) is the generator's", () => {
  const read = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const committed = read(committedDir);
  const generated = read(generatedDir);
  expect(committed.pulumi).toEqual(generated.pulumi);
  expect([committed.name, committed.version, committed.main]).toEqual([
    generated.name,
    generated.version,
    generated.main,
  ]);
});
