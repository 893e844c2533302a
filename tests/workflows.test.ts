import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

const ROOT = path.join(__dirname, "..");
const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const files = fs.readdirSync(WORKFLOWS).filter((f) => f.endsWith(".yml"));
const stacks = fs
  .readdirSync(ROOT)
  .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
  .filter((s): s is string => s !== undefined)
  .sort();

/** GitHub's own workflow parser (@actions/workflow-parser), run in a child process because it is ESM-only. */
function validate(...paths: string[]): Record<string, string[]> {
  const out = execFileSync(process.execPath, [path.join(__dirname, "support", "validate-workflow.mjs"), ...paths], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return JSON.parse(out);
}

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; if?: string };
type Job = {
  environment?: string;
  strategy?: { matrix?: { stack?: string[] }; "max-parallel"?: number };
  steps: Step[];
};
type Workflow = { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Job> };
const workflow = (file: string): Workflow => parse(fs.readFileSync(path.join(WORKFLOWS, file), "utf8"));
const onlyJob = (w: Workflow): Job => Object.values(w.jobs)[0];
const pulumiStep = (job: Job): Step => {
  const steps = job.steps.filter((s) => s.uses?.startsWith("pulumi/actions@"));
  expect(steps).toHaveLength(1);
  return steps[0];
};

test("the shipped stacks are dev and prod", () => expect(stacks).toEqual(["dev", "prod"]));

test("every workflow is valid for GitHub's own parser", () => {
  const results = validate(...files.map((f) => path.join(WORKFLOWS, f)));
  expect(Object.keys(results)).toHaveLength(files.length);
  for (const errors of Object.values(results)) expect(errors).toEqual([]);
});

test("the validator does catch a broken workflow", () => {
  const bad = path.join(fs.mkdtempSync(path.join(require("node:os").tmpdir(), "wf-")), "bad.yml");
  fs.writeFileSync(
    bad,
    "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: a/b@v1\n        wiht: 1\n",
  );
  expect(Object.values(validate(bad))[0].join("\n")).toMatch(/wiht/);
});

describe.each([
  ["preview.yml", "preview"],
  ["deploy.yml", "up"],
  ["drift.yml", "preview"],
])("%s", (file, command) => {
  const w = workflow(file);
  const job = onlyJob(w);

  test(`runs pulumi ${command} for every shipped stack`, () => {
    expect([...(job.strategy?.matrix?.stack ?? [])].sort()).toEqual(stacks);
    const step = pulumiStep(job);
    expect(step.with).toMatchObject({ command, "stack-name": "${{ matrix.stack }}" });
  });

  test("installs dependencies itself before the Pulumi step", () => {
    const install = job.steps.findIndex((s) => s.run === "npm ci");
    const pulumi = job.steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@"));
    expect(install).toBeGreaterThanOrEqual(0);
    expect(install).toBeLessThan(pulumi);
  });

  test("reads the backend URL and passphrase from repository secrets", () => {
    const step = pulumiStep(job);
    expect(step.with?.["cloud-url"]).toBe("${{ secrets.PULUMI_BACKEND_URL }}");
    // backend.url in Pulumi.yaml outranks the login; only the variable reaches the team's state.
    expect(step.env?.PULUMI_BACKEND_URL).toBe("${{ secrets.PULUMI_BACKEND_URL }}");
    expect(step.env?.PULUMI_CONFIG_PASSPHRASE).toBe("${{ secrets.PULUMI_CONFIG_PASSPHRASE }}");
  });

  test("keeps permissions to the least it needs", () => {
    const expected = file === "preview.yml" ? { contents: "read", "pull-requests": "write" } : { contents: "read" };
    expect(w.permissions).toEqual(expected);
  });
});

test("the PR preview comments on the PR, runs the policy pack and never refreshes", () => {
  const w = workflow("preview.yml");
  expect(Object.keys(w.on)).toEqual(["pull_request"]);
  expect(pulumiStep(onlyJob(w)).with).toMatchObject({
    "comment-on-pr": true,
    refresh: false,
    policyPacks: "policy",
    policyPackConfigs: "policy/config/${{ matrix.stack }}.json",
  });
  for (const stack of stacks) expect(fs.existsSync(path.join(ROOT, "policy", "config", `${stack}.json`))).toBe(true);
});

test("deploys run on main, one GitHub environment per stack, one at a time", () => {
  const w = workflow("deploy.yml");
  expect(w.on.push).toEqual({ branches: ["main"] });
  const job = onlyJob(w);
  expect(job.environment).toBe("${{ matrix.stack }}");
  expect(job.strategy?.["max-parallel"]).toBe(1);
});

test("the drift check is scheduled, refreshes, expects no changes and says where on failure", () => {
  const w = workflow("drift.yml");
  expect(w.on.schedule).toEqual([{ cron: expect.any(String) }]);
  const job = onlyJob(w);
  expect(pulumiStep(job).with).toMatchObject({ refresh: true, "expect-no-changes": true });
  const report = job.steps.find((s) => s.if === "failure()");
  expect(report?.run).toMatch(/GITHUB_STEP_SUMMARY/);
  expect(report?.run).toMatch(/matrix\.stack/);
});

describe("test.yml", () => {
  const job = onlyJob(workflow("test.yml"));
  const index = (match: (s: Step) => boolean) => job.steps.findIndex(match);
  const cliVersion = /^PULUMI_VERSION=v(.+)$/m.exec(
    fs.readFileSync(path.join(ROOT, "scripts", "engine", "versions.env"), "utf8"),
  )?.[1];

  test("installs the Pulumi CLI with pulumi/actions only (no command), at the engine's pinned version", () => {
    const install = pulumiStep(job);
    expect(install.with?.command).toBeUndefined();
    expect(install.with?.["pulumi-version"]).toBe(cliVersion);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(pkg.dependencies["@pulumi/pulumi"]).toBe(cliVersion);
  });

  test("then runs .ci/run online, which runs npm test and the engine suite against downloaded plugins", () => {
    const run = index((s) => s.run === "bash .ci/run");
    expect(run).toBeGreaterThan(index((s) => s.uses?.startsWith("pulumi/actions@") === true));
    expect(run).toBeGreaterThan(index((s) => s.uses?.startsWith("actions/setup-go@") === true));
    expect(job.steps[run].env).toEqual({ MAILCOW_SSO_ENGINE_ONLINE: "true" });
    const ci = fs.readFileSync(path.join(ROOT, ".ci", "run"), "utf8").replace(/^\s*#.*$/gm, "");
    const order = ["npm test --", "bash scripts/engine/install.sh", "npm run test:engine"].map((s) => ci.indexOf(s));
    expect(order.every((at, i) => at > (order[i - 1] ?? -1))).toBe(true);
    expect(ci).toMatch(/\[ "\$\{MAILCOW_SSO_ENGINE_ONLINE:-\}" = true \] && install_args=\(\)/);
  });

  test("gives the Go tests the stand-in's own Go version", () => {
    const go = job.steps.find((s) => s.uses?.startsWith("actions/setup-go@"));
    const file = go?.with?.["go-version-file"] as string;
    expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
    expect(fs.readFileSync(path.join(ROOT, file), "utf8")).toMatch(/^go \d+\.\d+/m);
  });
});
