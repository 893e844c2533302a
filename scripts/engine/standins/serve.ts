// Entry point of the stand-in resource plugins: `node serve.js <random|command> <engine address> [flags]`.
// Compiled by scripts/engine/install.sh into the toolchain cache (outside the repo) and launched by a
// pulumi-resource-<name> script installed with `pulumi plugin install resource <name> <version> --file`.
// @pulumi/pulumi is resolved from the plugin's working directory, the project, exactly as the engine's own
// pulumi-resource-pulumi-nodejs script does, so the plugin uses the project's copy of the SDK and grpc-js.
import path from "node:path";
import { commandProvider, type StatusSink } from "./command-provider";
import { randomProvider } from "./random-provider";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [process.cwd()] }));
const load = (relative: string) => require(path.join(pulumiDir, relative));

/** Sends a line to the engine as an ephemeral info status, as pulumi-command's InfoStatus does. */
function engineStatus(engineAddress: string | undefined): StatusSink {
  if (!engineAddress) return (_urn, line) => process.stderr.write(`${line}\n`);
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
  const enginerpc = load("proto/engine_grpc_pb.js");
  const engineproto = load("proto/engine_pb.js");
  const client = new enginerpc.EngineClient(engineAddress, grpc.credentials.createInsecure());
  return (urn, line) => {
    const request = new engineproto.LogRequest();
    request.setSeverity(engineproto.LogSeverity.INFO);
    request.setMessage(line);
    request.setUrn(urn);
    request.setEphemeral(true);
    client.log(request, () => undefined);
  };
}

function main(): Promise<void> {
  const [which, ...args] = process.argv.slice(2);
  const engineAddress = args.find((arg) => !arg.startsWith("-"));
  const provider =
    which === "random"
      ? randomProvider
      : which === "command"
        ? commandProvider(engineStatus(engineAddress))
        : undefined;
  if (!provider) throw new Error(`usage: serve.js <random|command> <engine address>; got ${which}`);
  return load("provider/index.js").main(provider, args);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
