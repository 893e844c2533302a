// Runs the policy pack the way the Pulumi CLI does (a child process serving @pulumi/policy's analyzer over gRPC on
// 127.0.0.1) and talks to it with the engine's protobuf messages, so a test covers index.ts, the real
// deserialization and the real unknown-value proxy without the CLI.
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as apb from "@pulumi/pulumi/proto/analyzer_pb";

// grpc-js checks credentials with instanceof, and Struct must come from the module the stubs use.
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc: typeof import("@grpc/grpc-js") = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
const { Struct }: typeof import("google-protobuf/google/protobuf/struct_pb") = require(
  require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }),
);
const { Empty }: typeof import("google-protobuf/google/protobuf/empty_pb") = require(
  require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [pulumiDir] }),
);

export const POLICY_DIR = path.resolve(__dirname, "..");

export interface Diagnostic {
  policyName: string;
  level: "advisory" | "mandatory";
  message: string;
}

export interface AnalyzerResourceInput {
  type: string;
  name: string;
  props: Record<string, unknown>;
}

export interface RunningPack {
  info(): Promise<{ name: string; version: string; policies: string[] }>;
  configure(config: Record<string, Record<string, unknown>>): Promise<void>;
  analyze(resource: AnalyzerResourceInput): Promise<Diagnostic[]>;
  analyzeStack(resources: AnalyzerResourceInput[]): Promise<Diagnostic[]>;
  stop(): void;
}

function options(): apb.AnalyzerResourceOptions {
  const opts = new apb.AnalyzerResourceOptions();
  opts.setCustomtimeouts(new apb.AnalyzerResourceOptions.CustomTimeouts());
  return opts;
}

function fill<T extends apb.AnalyzeRequest | apb.AnalyzerResource>(message: T, r: AnalyzerResourceInput): T {
  message.setType(r.type);
  message.setName(r.name);
  message.setUrn(`urn:pulumi:test::mailcow-sso::${r.type}::${r.name}`);
  message.setProperties(Struct.fromJavaScript(r.props as Parameters<typeof Struct.fromJavaScript>[0]));
  message.setOptions(options());
  return message;
}

function diagnostics(response: apb.AnalyzeResponse): Diagnostic[] {
  return response.getDiagnosticsList().map((d) => ({
    policyName: d.getPolicyname(),
    level: d.getEnforcementlevel() === apb.EnforcementLevel.MANDATORY ? "mandatory" : "advisory",
    message: d.getMessage(),
  }));
}

function unary<Req, Res>(
  method: (req: Req, cb: (err: Error | null, res: Res) => void) => unknown,
  request: Req,
): Promise<Res> {
  return new Promise((resolve, reject) => method(request, (err, res) => (err ? reject(err) : resolve(res))));
}

/** Starts `index.ts` under ts-node (transpile-only, for speed; tsc checks the types) in the pack directory. */
export async function startPack(timeoutMs = 20000): Promise<RunningPack> {
  const child: ChildProcess = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "index.ts"], {
    cwd: POLICY_DIR,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", TS_NODE_PROJECT: "tsconfig.json" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const port = await new Promise<string>((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`policy pack did not start: ${err}`)), timeoutMs);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^(\d+)\s*$/m.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("exit", (code) => reject(new Error(`policy pack exited with ${code}: ${err}`)));
  }).catch((e: unknown) => {
    child.kill();
    throw e;
  });
  const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return {
    async info() {
      const info = await unary<InstanceType<typeof Empty>, apb.AnalyzerInfo>(
        client.getAnalyzerInfo.bind(client),
        new Empty(),
      );
      return {
        name: info.getName(),
        version: info.getVersion(),
        policies: info.getPoliciesList().map((p) => p.getName()),
      };
    },
    async configure(config) {
      const request = new apb.ConfigureAnalyzerRequest();
      for (const [name, { enforcementLevel, ...properties }] of Object.entries(config)) {
        const policyConfig = new apb.PolicyConfig();
        policyConfig.setEnforcementlevel(
          enforcementLevel === "mandatory" ? apb.EnforcementLevel.MANDATORY : apb.EnforcementLevel.ADVISORY,
        );
        policyConfig.setProperties(Struct.fromJavaScript(properties as Parameters<typeof Struct.fromJavaScript>[0]));
        request.getPolicyconfigMap().set(name, policyConfig);
      }
      await unary(client.configure.bind(client), request);
    },
    async analyze(resource) {
      return diagnostics(await unary(client.analyze.bind(client), fill(new apb.AnalyzeRequest(), resource)));
    },
    async analyzeStack(resources) {
      const request = new apb.AnalyzeStackRequest();
      request.setResourcesList(resources.map((r) => fill(new apb.AnalyzerResource(), r)));
      return diagnostics(await unary(client.analyzeStack.bind(client), request));
    },
    stop() {
      client.close();
      child.kill();
    },
  };
}
