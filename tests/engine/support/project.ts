// A throwaway copy of a Pulumi project in a temp dir, with its own file backend, driven through the real CLI.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT, toolchain } from "./toolchain";

export const PASSPHRASE = "engine-suite-passphrase";

/** What a user's project holds; build output, state, dependencies and VCS data stay behind. */
const SKIPPED = new Set(["node_modules", ".git", ".pulumi-state", "bin", "coverage", "tests", "bench"]);

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr, for messages. */
  output: string;
}

export interface ExportedResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  pendingReplacement?: boolean;
}

export interface StackExport {
  version: number;
  deployment: { resources?: ExportedResource[]; pending_operations?: unknown[] };
}

export interface RunOptions {
  /** Extra environment for this run only. */
  env?: Record<string, string | undefined>;
  stdin?: string;
  timeoutMs?: number;
  /** Where to run the CLI (default: the project directory). */
  cwd?: string;
}

function copyTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) copyTree(source, path.join(to, entry.name));
    else if (entry.isFile()) fs.copyFileSync(source, path.join(to, entry.name));
  }
}

/** Variables from the developer's shell that would change what the program does. */
const INHERITED_OUT = /^(AUTHENTIK_|MAILCOW_|PULUMI_(?!HOME$)|OIDC_|CONNECTION_TEST_)/;

/**
 * pulumi/pulumi-terraform-bridge#3349: the engine SIGKILLs the bridge plugin, so the Terraform provider it started
 * is never stopped and lives on, one process per CLI command. Ends those whose environment carries `marker` (this
 * project's own backend URL) and whose binary is in the bridge's plugin cache: only processes this project started.
 */
function endLeftTerraformProviders(marker: string, pluginCache: string): number {
  let ended = 0;
  for (const pid of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      if (!fs.readlinkSync(`/proc/${pid}/exe`).startsWith(pluginCache)) continue;
      if (!fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(marker)) continue;
      process.kill(Number(pid), "SIGTERM");
      ended += 1;
    } catch {
      // Gone already, or not ours to read.
    }
  }
  return ended;
}

export class EngineProject {
  readonly dir: string;
  readonly stateDir: string;
  readonly env: Record<string, string>;
  /** Every command run and what it printed, for secret scans of the CLI's own output. */
  readonly transcript: string[] = [];
  /** Terraform provider processes the bridge left behind and this project ended (see endLeftTerraformProviders). */
  leftProcessesEnded = 0;

  private constructor(readonly root: string) {
    this.dir = path.join(root, "project");
    this.stateDir = path.join(root, "state");
    fs.mkdirSync(this.stateDir, { recursive: true });
    const base = Object.fromEntries(
      Object.entries(process.env).filter(
        (entry): entry is [string, string] => !INHERITED_OUT.test(entry[0]) && entry[1] !== undefined,
      ),
    );
    this.env = {
      ...base,
      ...toolchain().env,
      PULUMI_BACKEND_URL: `file://${this.stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      NO_COLOR: "1",
      CI: "true",
    };
  }

  /** A copy of this repository's project (node_modules linked, not copied). */
  static fromRepo(prefix = "mailcow-sso-engine-"): EngineProject {
    const project = new EngineProject(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
    copyTree(REPO_ROOT, project.dir);
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(project.dir, "node_modules"));
    return project;
  }

  /** A project made of the given files, using this repository's node_modules. */
  static fromFiles(files: Record<string, string>, prefix = "mailcow-sso-engine-"): EngineProject {
    const project = new EngineProject(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(project.dir, name)), { recursive: true });
      fs.writeFileSync(path.join(project.dir, name), text);
    }
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(project.dir, "node_modules"));
    return project;
  }

  write(name: string, text: string): void {
    fs.writeFileSync(path.join(this.dir, name), text);
  }

  read(name: string): string {
    return fs.readFileSync(path.join(this.dir, name), "utf8");
  }

  /** Runs `pulumi <args>` in the project directory; never throws on a non-zero exit. */
  pulumi(args: string[], options: RunOptions = {}): Promise<RunResult> {
    return this.run("pulumi", args, options);
  }

  /** Runs `npm run --silent <script> -- <args>` (a project script, e.g. adopt) with the same environment. */
  npmRun(script: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
    return this.run("npm", ["run", "--silent", script, "--", ...args], options);
  }

  private run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
    const env = { ...this.env, ...options.env };
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, {
        cwd: options.cwd ?? this.dir,
        env: env as NodeJS.ProcessEnv,
        stdio: "pipe",
      });
      let stdout = "";
      let stderr = "";
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => ((stdout += chunk), (output += chunk)));
      child.stderr.on("data", (chunk: Buffer) => ((stderr += chunk), (output += chunk)));
      const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 5 * 60_000);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        this.endLeftProcesses();
        this.transcript.push(`$ ${command} ${args.join(" ")}\n${output}`);
        resolve({ code: code ?? -1, stdout, stderr, output });
      });
      child.stdin.end(options.stdin ?? "");
    });
  }

  /** Like pulumi(), but fails the test with the CLI's output unless the exit code is the expected one. */
  async expectPulumi(args: string[], expectedCode = 0, options: RunOptions = {}): Promise<RunResult> {
    const result = await this.pulumi(args, options);
    if (result.code !== expectedCode) {
      throw new Error(`pulumi ${args.join(" ")} exited ${result.code}, expected ${expectedCode}:\n${result.output}`);
    }
    return result;
  }

  /** `pulumi stack export` (secrets as ciphertext): the deployment's resources. */
  async exportStack(stack?: string): Promise<StackExport> {
    const args = ["stack", "export", ...(stack ? ["--stack", stack] : [])];
    return JSON.parse((await this.expectPulumi(args)).stdout) as StackExport;
  }

  /** The resource of the exported deployment whose URN ends in `::<name>`. */
  static resource(exported: StackExport, name: string): ExportedResource {
    const found = exported.deployment.resources?.filter((r) => r.urn.endsWith(`::${name}`)) ?? [];
    if (found.length !== 1) throw new Error(`expected one resource named ${name} in the stack, found ${found.length}`);
    return found[0];
  }

  /** Every file of the backend, as text (for secret scans). */
  backendFiles(): Record<string, string> {
    const files: Record<string, string> = {};
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else files[path.relative(this.stateDir, full)] = fs.readFileSync(full).toString("latin1");
      }
    };
    walk(this.stateDir);
    return files;
  }

  /** Ends what the bridge left running for this project's commands (see endLeftTerraformProviders). */
  private endLeftProcesses(): void {
    this.leftProcessesEnded += endLeftTerraformProviders(
      `PULUMI_BACKEND_URL=${this.env.PULUMI_BACKEND_URL}`,
      path.join(this.env.PULUMI_HOME ?? "", "dynamic_tf_plugins"),
    );
  }

  /** Deletes the temp dir; with MAILCOW_SSO_ENGINE_TRANSCRIPTS=<dir>, keeps what the CLI printed there first. */
  remove(): void {
    // Also what a command's bridge orphaned only after that command's own sweep.
    this.endLeftProcesses();
    const keep = process.env.MAILCOW_SSO_ENGINE_TRANSCRIPTS;
    if (keep) {
      fs.mkdirSync(keep, { recursive: true });
      fs.writeFileSync(path.join(keep, `${path.basename(this.root)}.log`), this.transcript.join("\n"));
    }
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** The CLI's exit codes (pkg/cmd/pulumi/cmd/exit_codes.go at v3.276.0) that the suite expects. */
export const EXIT = {
  /** A failed update, destroy or preview: a resource error, and (observed) a mandatory policy violation too. */
  error: 1,
  /** --expect-no-changes, and there were changes. */
  noChanges: 7,
} as const;
