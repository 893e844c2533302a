// STAND-IN for the `command` resource plugin 1.2.1 (pulumi-command). Its Go module,
// github.com/pulumi/pulumi-command/provider, is not served by the Go module proxy here, so the engine suite runs this
// instead. It covers `command:local:Command` as pulumi-command's provider/pkg/provider/local does: the command runs
// under `interpreter` (default /bin/sh -c) in `dir` or else the plugin's own working directory, with the plugin's
// environment plus `environment`, PULUMI_COMMAND_STDOUT/STDERR from the previous run unless addPreviousOutputInEnv is
// false, `stdin`; stdout/stderr are stored with one trailing newline trimmed and streamed to the engine as status
// lines per `logging`; `update` falls back to `create`; `delete` runs on destroy; a failure reports
// "<error>: running <command>:\n<output>". Nothing runs during preview. Not covered: assetPaths/archivePaths
// (rejected in check), remote:Command, CopyToRemote and the `local:run` invoke.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { changedKeys, containsUnknown, reveal, type Wire } from "./wire";

export const LOCAL_COMMAND = "command:local:Command";

/** command:local:Command inputs (pulumi-command common.ResourceInputs + local.BaseInputs). */
export const COMMAND_INPUTS = [
  "addPreviousOutputInEnv",
  "archivePaths",
  "assetPaths",
  "create",
  "delete",
  "dir",
  "environment",
  "interpreter",
  "logging",
  "stdin",
  "triggers",
  "update",
] as const;

type Props = Record<string, Wire>;
type Plain = {
  create?: string;
  update?: string;
  delete?: string;
  dir?: string;
  environment?: Record<string, string>;
  interpreter?: string[];
  stdin?: string;
  logging?: "stdout" | "stderr" | "stdoutAndStderr" | "none";
  addPreviousOutputInEnv?: boolean;
  stdout?: string;
  stderr?: string;
};

/** Where a command's output lines go while it runs (the engine's log as status lines, in the plugin). */
export type StatusSink = (urn: string, line: string) => void;

export interface RunResult {
  stdout: string;
  stderr: string;
}

export async function runCommand(command: string, plain: Plain, urn: string, status: StatusSink): Promise<RunResult> {
  const [file, ...args] = plain.interpreter?.length ? plain.interpreter : ["/bin/sh", "-c"];
  const env: NodeJS.ProcessEnv = { ...process.env, ...plain.environment };
  if (plain.addPreviousOutputInEnv !== false) {
    if (plain.stdout) env.PULUMI_COMMAND_STDOUT = plain.stdout;
    if (plain.stderr) env.PULUMI_COMMAND_STDERR = plain.stderr;
  }
  const logging = plain.logging ?? "stdoutAndStderr";
  // Like exec.Cmd: stdin is the given text, or nothing (/dev/null).
  const stdin = plain.stdin ? "pipe" : "ignore";
  const child = spawn(file, [...args, command], {
    cwd: plain.dir ?? process.cwd(),
    env,
    stdio: [stdin, "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let both = "";
  const stream = (name: "stdout" | "stderr", logged: boolean) => {
    let pending = "";
    const source = child[name];
    if (!source) return;
    source.on("data", (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      if (name === "stdout") stdout += text;
      else stderr += text;
      both += text;
      if (!logged) return;
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      lines.forEach((line) => status(urn, line));
    });
    source.on("end", () => pending && logged && status(urn, pending));
  };
  stream("stdout", logging === "stdout" || logging === "stdoutAndStderr");
  stream("stderr", logging === "stderr" || logging === "stdoutAndStderr");
  if (child.stdin) {
    child.stdin.on("error", () => undefined); // a command that exits without reading its input
    child.stdin.end(plain.stdin);
  }
  const outcome = await new Promise<string | undefined>((resolve) => {
    child.on("error", (error) => resolve(error.message));
    child.on("close", (code, signal) =>
      resolve(code === 0 ? undefined : signal ? `signal: ${signal}` : `exit status ${code}`),
    );
  });
  if (outcome !== undefined) throw new Error(`${outcome}: running ${JSON.stringify(command)}:\n${both}`);
  return { stdout: stdout.replace(/\n$/, ""), stderr: stderr.replace(/\n$/, "") };
}

type Outs = Props & RunResult;

export function commandProvider(status: StatusSink) {
  return {
    version: "1.2.1",

    async check(_urn: string, _olds: Props, news: Props) {
      const failures = ["assetPaths", "archivePaths"]
        .filter((key) => news[key] !== undefined)
        .map((property) => ({ property, reason: `the command stand-in does not implement ${property}` }));
      return { inputs: news, failures };
    },

    async diff(_id: string, _urn: string, olds: Props, news: Props) {
      const changed = changedKeys(olds, news, COMMAND_INPUTS);
      // @pulumi/command sets replaceOnChanges on triggers; the real provider's detailed diff lets the engine apply it.
      return { changes: changed.length > 0, replaces: changed.filter((key) => key === "triggers") };
    },

    async create(urn: string, inputs: Props): Promise<{ id: string; outs: Outs }> {
      const id = `${urn.split("::").pop()}${randomBytes(4).toString("hex")}`;
      const plain = reveal(inputs) as Plain;
      if (!plain.create) return { id, outs: { ...inputs, stdout: "", stderr: "" } };
      return { id, outs: { ...inputs, ...(await runCommand(plain.create, plain, urn, status)) } };
    },

    async update(_id: string, urn: string, olds: Props, news: Props): Promise<{ outs: Outs }> {
      const previous = reveal(olds) as Plain;
      const plain = { ...(reveal(news) as Plain), stdout: previous.stdout, stderr: previous.stderr };
      const command = plain.update ?? plain.create;
      const outputs = command
        ? await runCommand(command, plain, urn, status)
        : { stdout: previous.stdout ?? "", stderr: previous.stderr ?? "" };
      return { outs: { ...news, ...outputs } };
    },

    async delete(_id: string, urn: string, props: Props) {
      const plain = reveal(props) as Plain;
      if (plain.delete && !containsUnknown(props)) await runCommand(plain.delete, plain, urn, status);
    },
  };
}
