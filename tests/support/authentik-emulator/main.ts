// Process entry of the authentik API emulator (a stand-in, for out-of-process tests such as the Pulumi engine
// suite): `node -r ts-node/register tests/support/authentik-emulator/main.ts [--port N] [--token T]
// [--read-only-token T] [--tls] [--ca-file PATH] [--signed-in USER]`. Prints one JSON line
// {"url","token","readOnlyToken"?,"caFile"?,"pid","control"} on stdout, then serves until SIGTERM/SIGINT.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startAuthentikEmulator } from "./emulator";

const FLAGS = ["--port", "--token", "--read-only-token", "--ca-file", "--signed-in"] as const;

export function parseArgs(argv: string[]): Record<string, string | true> {
  const args: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--tls") args.tls = true;
    else if ((FLAGS as readonly string[]).includes(flag) && i + 1 < argv.length) args[flag.slice(2)] = argv[++i];
    else throw new Error(`unknown or incomplete argument "${flag}" (flags: ${FLAGS.join(" ")} --tls)`);
  }
  if (args.port !== undefined && !/^\d+$/.test(String(args.port)))
    throw new Error("--port takes a number (0: any free port)");
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const emulator = await startAuthentikEmulator({
    port: args.port === undefined ? 0 : Number(args.port),
    token: typeof args.token === "string" ? args.token : undefined,
    readOnlyToken: typeof args["read-only-token"] === "string" ? args["read-only-token"] : undefined,
    tls: args.tls === true || args["ca-file"] !== undefined ? true : undefined,
    signedIn: typeof args["signed-in"] === "string" ? args["signed-in"] : undefined,
  });
  let caFile: string | undefined;
  if (emulator.ca !== undefined) {
    caFile =
      typeof args["ca-file"] === "string"
        ? args["ca-file"]
        : path.join(mkdtempSync(path.join(tmpdir(), "akemu-")), "ca.pem");
    writeFileSync(caFile, emulator.ca);
  }
  const stop = (): void => void emulator.stop().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  process.stdout.write(
    `${JSON.stringify({
      url: emulator.url,
      token: emulator.token,
      ...(emulator.readOnlyToken !== undefined ? { readOnlyToken: emulator.readOnlyToken } : {}),
      ...(caFile !== undefined ? { caFile } : {}),
      pid: process.pid,
      control: `${emulator.url}/_emulator/`,
    })}\n`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`authentik emulator: ${(error as Error).message}\n`);
    process.exit(2);
  });
}
