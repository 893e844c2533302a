// Drives a dynamic provider through @pulumi/pulumi's own dynamic-provider host process over gRPC, the same
// process the Pulumi engine starts, so tests cover closure serialization, the separate process and the wire format
// without needing the Pulumi CLI.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";

// grpc-js checks `credentials instanceof ChannelCredentials`, and Struct objects must come from the module the
// generated stubs use, so both are loaded from @pulumi/pulumi's own dependency tree.
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc: typeof import("@grpc/grpc-js") = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
const { Struct }: typeof import("google-protobuf/google/protobuf/struct_pb") = require(
  require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }),
);
const { Status }: typeof import("@pulumi/pulumi/proto/status_pb") = require(
  require.resolve("@pulumi/pulumi/proto/status_pb"),
);

type StructInput = Parameters<typeof Struct.fromJavaScript>[0];

export const PROVIDER_KEY = "__provider";
/** The project root: the host resolves `require`s in the serialized provider from its working directory. */
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

export type Props = Record<string, unknown>;

export interface HostOptions {
  /** Pulumi project name; the host namespaces unqualified config keys with it. */
  project: string;
  /**
   * The provider to serialize and send as `__provider` with every request, or its serialized text (e.g. one
   * recorded from an older state). A request's own `__provider` property wins over it.
   */
  provider: pulumi.dynamic.ResourceProvider | { text: string };
  /** Extra environment for the host. The host does NOT inherit the caller's environment beyond PATH/HOME/TMPDIR. */
  env?: Record<string, string>;
  /** The host's working directory (default: the project root, as under the engine). */
  cwd?: string;
  /** Node binary for the host; defaults to this process's Node when it is >= 22, else the project's Node 22. */
  nodePath?: string;
  /**
   * Start the host as the engine does: through @pulumi/pulumi's plugin script `pulumi-resource-pulumi-nodejs`,
   * which runs the `node` on PATH and resolves the host from the working directory.
   */
  viaPluginScript?: boolean;
  /** Deadline per RPC. */
  callTimeoutMs?: number;
  startTimeoutMs?: number;
}

export interface CheckResult {
  inputs: Props;
  failures: { property: string; reason: string }[];
}

export type DiffChanges = "none" | "some" | "unknown";

export interface DiffResult {
  changes: DiffChanges;
  replaces: string[];
  stables: string[];
  deleteBeforeReplace: boolean;
  diffs: string[];
}

export interface CreateResult {
  id: string;
  outs: Props;
  /** The `__provider` the host recorded with the outputs. */
  provider: unknown;
}

export interface ReadResult {
  id: string;
  props: Props;
  /** Present only when the provider returned `inputs` from read. */
  inputs?: Props;
  provider: unknown;
}

export interface UpdateResult {
  outs: Props;
  provider: unknown;
}

/** A provider reported that the resource exists but failed to initialize (an error carrying `id`). */
export interface InitFailure {
  id: string;
  properties: Props;
  reasons: string[];
}

/** A failed RPC, with the gRPC status code and the details the host sent. */
export class HostCallError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    readonly details: string,
    readonly initFailure?: InitFailure,
  ) {
    super(`${method} failed with gRPC code ${code}: ${details}`);
    this.name = "HostCallError";
  }
}

/** Serializes a provider exactly as `pulumi.dynamic.Resource` stores it in `__provider`. */
export async function serializeProvider(provider: pulumi.dynamic.ResourceProvider): Promise<string> {
  return (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
}

/** Prefixes config keys that have no namespace with `<project>:`, the form ConfigureRequest carries. */
export function qualifyConfigKeys(project: string, config: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k.includes(":") ? k : `${project}:${k}`, v]));
}

/** Maps the wire enum to a readable value; anything unexpected counts as unknown. */
export function diffChangesName(value: number): DiffChanges {
  const { DIFF_NONE, DIFF_SOME } = provproto.DiffResponse.DiffChanges;
  if (value === DIFF_NONE) return "none";
  if (value === DIFF_SOME) return "some";
  return "unknown";
}

/** Drops `undefined` recursively, as the engine never sends it and Struct.fromJavaScript rejects it. */
export function dropUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => dropUndefined(v)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, dropUndefined(v)]),
    ) as T;
  }
  return value;
}

/** Removes the echoed `__provider` so results show only what the provider returned. */
export function withoutProvider(props: Props): Props {
  const rest = { ...props };
  delete rest[PROVIDER_KEY];
  return rest;
}

function defaultNodePath(): string {
  const major = Number(process.versions.node.split(".")[0]);
  if (major >= 22) return process.execPath;
  const local = path.join(PROJECT_ROOT, "node_modules", ".bin", "node");
  return existsSync(local) ? local : process.execPath;
}

function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ["PATH", "HOME", "TMPDIR", "LANG"]) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}

type Unary<Req, Res> = (
  request: Req,
  metadata: import("@grpc/grpc-js").Metadata,
  options: Partial<import("@grpc/grpc-js").CallOptions>,
  callback: (error: import("@grpc/grpc-js").ServiceError | null, response: Res) => void,
) => unknown;

function decodeInitFailure(error: import("@grpc/grpc-js").ServiceError): InitFailure | undefined {
  const raw = error.metadata?.get("grpc-status-details-bin")[0];
  if (!raw || typeof raw === "string") return undefined;
  for (const any of Status.deserializeBinary(raw).getDetailsList()) {
    const detail = any.unpack(
      (bytes) => provproto.ErrorResourceInitFailed.deserializeBinary(bytes),
      "pulumirpc.ErrorResourceInitFailed",
    );
    if (detail) {
      return {
        id: detail.getId(),
        properties: (detail.getProperties()?.toJavaScript() ?? {}) as Props,
        reasons: detail.getReasonsList(),
      };
    }
  }
  return undefined;
}

export class DynamicProviderHost {
  private stdoutText = "";
  private stderrText = "";
  private exitCode: number | null = null;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly client: ResourceProviderClient,
    readonly project: string,
    /** The serialized provider text sent as `__provider`. */
    readonly providerText: string,
    readonly port: number,
    private readonly callTimeoutMs: number,
    captured: { stdout: string; stderr: string },
  ) {
    this.stdoutText = captured.stdout;
    this.stderrText = captured.stderr;
    child.stdout.on("data", (chunk: Buffer) => (this.stdoutText += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (this.stderrText += chunk.toString()));
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      child.once("exit", (code) => {
        this.exitCode = code;
        resolve();
      });
    });
  }

  static async start(options: HostOptions): Promise<DynamicProviderHost> {
    const cwd = options.cwd ?? PROJECT_ROOT;
    const providerText = "text" in options.provider ? options.provider.text : await serializeProvider(options.provider);
    // The engine's plugin script resolves the host from its working directory; tests that move the working
    // directory still want this project's host.
    const hostScript = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [PROJECT_ROOT] });
    const env: Record<string, string> = {
      ...baseEnv(),
      PULUMI_NODEJS_PROJECT: options.project,
      PULUMI_PROJECT: options.project,
      ...options.env,
    };
    // The host needs exactly one argument (the engine address) but never dials it.
    const node = options.nodePath ?? defaultNodePath();
    // Its own process group, so that stop() also ends the node process the plugin script starts as its child.
    const child = options.viaPluginScript
      ? spawn("/bin/sh", [path.join(pulumiDir, "pulumi-resource-pulumi-nodejs"), "unused-engine-address"], {
          cwd,
          env: { ...env, PATH: `${path.dirname(node)}${path.delimiter}${env.PATH ?? ""}` },
          detached: true,
        })
      : spawn(node, [hostScript, "unused-engine-address"], { cwd, env, detached: true });
    const captured = { stdout: "", stderr: "" };
    let port: number;
    try {
      port = await readPort(child, captured, options.startTimeoutMs ?? 15_000);
    } catch (err) {
      signalGroup(child, "SIGKILL");
      throw err;
    }
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new DynamicProviderHost(
      child,
      client,
      options.project,
      providerText,
      port,
      options.callTimeoutMs ?? 20_000,
      captured,
    );
  }

  /** Everything the host process wrote to stdout (the first line is its port). */
  get stdout(): string {
    return this.stdoutText;
  }

  get stderr(): string {
    return this.stderrText;
  }

  /**
   * Resolves with the stream's text once it matches: a gRPC answer can arrive before the host's own write to
   * stdout/stderr reaches this process, so tests wait instead of reading the buffer right away.
   */
  async waitForOutput(stream: "stdout" | "stderr", pattern: string | RegExp, timeoutMs = 5000): Promise<string> {
    const text = () => (stream === "stdout" ? this.stdoutText : this.stderrText);
    const matches = () => (typeof pattern === "string" ? text().includes(pattern) : pattern.test(text()));
    const deadline = Date.now() + timeoutMs;
    while (!matches()) {
      if (Date.now() > deadline)
        throw new Error(`host ${stream} did not show ${String(pattern)} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return text();
  }

  /** Exit code once the process has ended, else null (also null when it was killed by a signal). */
  get processExitCode(): number | null {
    return this.exitCode;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends ConfigureRequest; unqualified keys get the `<project>:` namespace. Returns acceptSecrets. */
  async configure(config: Record<string, string>): Promise<{ acceptSecrets: boolean }> {
    const req = new provproto.ConfigureRequest();
    req.setArgs(Struct.fromJavaScript(qualifyConfigKeys(this.project, config)));
    const res = await this.call("configure", this.client.configure, req);
    return { acceptSecrets: res.getAcceptsecrets() };
  }

  async check(olds: Props, news: Props): Promise<CheckResult> {
    const req = new provproto.CheckRequest();
    req.setOlds(this.struct(olds));
    req.setNews(this.struct(news));
    const res = await this.call("check", this.client.check, req);
    return {
      inputs: withoutProvider((res.getInputs()?.toJavaScript() ?? {}) as Props),
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(id: string, olds: Props, news: Props): Promise<DiffResult> {
    const req = new provproto.DiffRequest();
    req.setId(id);
    req.setOlds(this.struct(olds));
    req.setNews(this.struct(news));
    const res = await this.call("diff", this.client.diff, req);
    return {
      changes: diffChangesName(res.getChanges()),
      replaces: res.getReplacesList(),
      stables: res.getStablesList(),
      deleteBeforeReplace: res.getDeletebeforereplace(),
      diffs: res.getDiffsList(),
    };
  }

  async create(props: Props): Promise<CreateResult> {
    const req = new provproto.CreateRequest();
    req.setProperties(this.struct(props));
    const res = await this.call("create", this.client.create, req);
    const outs = (res.getProperties()?.toJavaScript() ?? {}) as Props;
    return { id: res.getId(), outs: withoutProvider(outs), provider: outs[PROVIDER_KEY] };
  }

  async read(id: string, props: Props, inputs?: Props): Promise<ReadResult> {
    const req = new provproto.ReadRequest();
    req.setId(id);
    req.setProperties(this.struct(props));
    if (inputs) req.setInputs(this.struct(inputs));
    const res = await this.call("read", this.client.read, req);
    const resProps = (res.getProperties()?.toJavaScript() ?? {}) as Props;
    const result: ReadResult = { id: res.getId(), props: withoutProvider(resProps), provider: resProps[PROVIDER_KEY] };
    const resInputs = res.getInputs();
    if (resInputs) result.inputs = withoutProvider(resInputs.toJavaScript() as Props);
    return result;
  }

  async update(id: string, olds: Props, news: Props): Promise<UpdateResult> {
    const req = new provproto.UpdateRequest();
    req.setId(id);
    req.setOlds(this.struct(olds));
    req.setNews(this.struct(news));
    const res = await this.call("update", this.client.update, req);
    const outs = (res.getProperties()?.toJavaScript() ?? {}) as Props;
    return { outs: withoutProvider(outs), provider: outs[PROVIDER_KEY] };
  }

  async delete(id: string, props: Props): Promise<void> {
    const req = new provproto.DeleteRequest();
    req.setId(id);
    req.setProperties(this.struct(props));
    await this.call("delete", this.client.delete, req);
  }

  /** Closes the channel and ends the host's process group (SIGKILL if SIGTERM is not enough). */
  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      signalGroup(this.child, "SIGTERM");
      const timer = setTimeout(() => signalGroup(this.child, "SIGKILL"), 2_000);
      await this.exited;
      clearTimeout(timer);
    }
    // Whatever the started process left behind in its group (the plugin script's node) goes too.
    signalGroup(this.child, "SIGKILL");
  }

  /**
   * Adds the serialized provider, as the engine's requests always carry it, unless the props bring their own (as
   * state written by an older provider does).
   */
  private struct(props: Props) {
    return Struct.fromJavaScript(dropUndefined({ [PROVIDER_KEY]: this.providerText, ...props }) as StructInput);
  }

  private call<Req, Res>(method: string, fn: Unary<Req, Res>, req: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
      const deadline = new Date(Date.now() + this.callTimeoutMs);
      fn.call(this.client, req, new grpc.Metadata(), { deadline }, (error, response) => {
        if (error) {
          reject(new HostCallError(method, error.code, error.details, decodeInitFailure(error)));
        } else {
          resolve(response);
        }
      });
    });
  }
}

/** Signals the child's whole process group (it was spawned detached, as its leader); gone already is fine. */
function signalGroup(child: ChildProcessWithoutNullStreams, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group has ended.
  }
}

/** Waits for the first stdout line (the port), failing with the host's stderr if it exits or stalls first. */
function readPort(
  child: ChildProcessWithoutNullStreams,
  captured: { stdout: string; stderr: string },
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout.off("data", onStdout);
      child.stderr.off("data", onStderr);
      child.off("exit", onExit);
      child.off("error", onError);
    };
    const fail = (why: string) => {
      cleanup();
      reject(new Error(`dynamic-provider host did not start: ${why}; stderr: ${captured.stderr.trim()}`));
    };
    const onStdout = (chunk: Buffer) => {
      captured.stdout += chunk.toString();
      const newline = captured.stdout.indexOf("\n");
      if (newline < 0) return;
      const port = Number(captured.stdout.slice(0, newline).trim());
      cleanup();
      if (Number.isInteger(port) && port > 0) resolve(port);
      else reject(new Error(`dynamic-provider host printed no port: ${captured.stdout.slice(0, newline)}`));
    };
    const onStderr = (chunk: Buffer) => (captured.stderr += chunk.toString());
    const onExit = (code: number | null) => fail(`exited with code ${code}`);
    const onError = (err: Error) => fail(err.message);
    const timer = setTimeout(() => fail(`no port within ${timeoutMs} ms`), timeoutMs);
    child.stdout.on("data", onStdout);
    child.stderr.on("data", onStderr);
    child.once("exit", onExit);
    child.once("error", onError);
  });
}
