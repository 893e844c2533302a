// jest globalSetup: compiles the provider's run-time code (components/mailcow/bin), as `npm ci` does, so that
// host tests never run a stale build. Incremental: with nothing changed it costs about two seconds.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export default function buildProvider() {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", path.join(root, "components", "mailcow", "tsconfig.runtime.json")], {
    stdio: "inherit",
  });
}
