// Three engine behaviours the program relies on, observed with the real CLI instead of inferred:
//  (a) how a dynamic provider's `configure` receives the structured `mailcow` config key;
//  (b) that a refresh whose `read` returns plain `inputs` keeps `inputs.clientSecret` secret in state: observed on the
//      real program in lifecycle.test.ts ("refresh reads mailcow once …");
//  (c) which working directory the plugins get, `command:local:Command` included.
// A probe program records what its provider sees into files of the test's temp dir (the values are test values).
import fs from "node:fs";
import path from "node:path";
import { EngineProject } from "./support/project";

const PROBE = `
const fs = require("node:fs");
const path = require("node:path");
const pulumi = require("@pulumi/pulumi");
const command = require("@pulumi/command");

const record = (name, value) =>
  fs.writeFileSync(path.join(process.env.PROBE_OUT, name + ".json"), JSON.stringify(value));

const probe = {
  async configure(req) {
    const raw = req.config.get("mailcow");
    record("configure", { type: typeof raw, raw, cwd: process.cwd() });
  },
  async create() {
    record("create", { cwd: process.cwd() });
    return { id: "probe", outs: {} };
  },
};

class Probe extends pulumi.dynamic.Resource {
  constructor(name) {
    super(probe, name, {}, undefined, "probe", "Probe");
  }
}

new Probe("probe");
exports.pwd = new command.local.Command("pwd", { create: "pwd" }).stdout;
`;

const API_KEY = "ABCDEF-012345-ABCDEF-012345-ABCDEF";
let project: EngineProject;
let out: string;

const recorded = (name: string) => JSON.parse(fs.readFileSync(path.join(out, `${name}.json`), "utf8"));

beforeAll(async () => {
  // Named like the real project: the provider host reads config keys of the project's namespace.
  project = EngineProject.fromFiles({
    "Pulumi.yaml": "name: mailcow-sso\nruntime: nodejs\nmain: index.js\n",
    "package.json": '{"name":"probe","version":"0.0.0","private":true}',
    "index.js": PROBE,
  });
  out = path.join(project.root, "probe-out");
  fs.mkdirSync(out);
  project.env.PROBE_OUT = out;
  await project.expectPulumi(["stack", "init", "probe"]);
  // As the README tells users to set them: structured keys with --path, the key with --secret.
  await project.expectPulumi(["config", "set", "--path", "mailcow.url", "https://mail.example.org"]);
  await project.expectPulumi(["config", "set", "--path", "mailcow.maxRetries", "3"]);
  await project.expectPulumi(["config", "set", "--path", "mailcow.insecureTls", "false"]);
  await project.expectPulumi(["config", "set", "--secret", "--path", "mailcow.apiKey"], 0, { stdin: API_KEY });
  await project.expectPulumi(["up", "--yes", "--skip-preview"]);
});

afterAll(() => project?.remove());

test("(a) configure gets the structured key as one JSON string, typed, with its secret decrypted in place", () => {
  const { type, raw } = recorded("configure");
  expect(type).toBe("string");
  // No secret envelope anywhere: neither around the string nor around the nested value.
  expect(JSON.parse(raw)).toEqual({
    apiKey: API_KEY,
    insecureTls: false,
    maxRetries: 3,
    url: "https://mail.example.org",
  });
});

// The command plugin here is a stand-in whose cwd rule copies pulumi-command's (no \`dir\`: the plugin process's own
// working directory), so what it prints is the directory the engine started the plugin in.
test("(c) plugins run in the project directory: the dynamic provider host and command:local:Command", async () => {
  const projectDir = fs.realpathSync(project.dir);
  expect(recorded("configure").cwd).toBe(projectDir);
  expect(recorded("create").cwd).toBe(projectDir);
  const outputs = JSON.parse((await project.expectPulumi(["stack", "output", "--json"])).stdout);
  expect(outputs.pwd).toBe(projectDir);
});

test("(c) also when the CLI is started in a subdirectory of the project", async () => {
  const sub = path.join(project.dir, "sub");
  fs.mkdirSync(sub);
  for (const file of fs.readdirSync(out)) fs.rmSync(path.join(out, file));
  await project.expectPulumi(
    [
      "up",
      "--yes",
      "--skip-preview",
      "--replace",
      "urn:pulumi:probe::mailcow-sso::command:local:Command::pwd",
      "--replace",
      "urn:pulumi:probe::mailcow-sso::pulumi-nodejs:dynamic/probe:Probe::probe",
    ],
    0,
    { cwd: sub },
  );
  const projectDir = fs.realpathSync(project.dir);
  expect(recorded("create").cwd).toBe(projectDir);
  const outputs = JSON.parse((await project.expectPulumi(["stack", "output", "--json"])).stdout);
  expect(outputs.pwd).toBe(projectDir);
});
