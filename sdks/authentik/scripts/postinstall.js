// Compiles the SDK into bin/ and copies package.json next to it, because utilities.getVersion() reads
// bin/package.json. bin/ is build output and is not committed, so every install has to produce it.
// The copy leaves out "name": jest's haste map refuses to resolve a package name that two package.json files
// under the project root declare, and nothing reads the name from bin/package.json.
"use strict";

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");

let tsc;
try {
  // Resolve from the SDK folder: walk-up resolution finds the consuming project's TypeScript.
  tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
} catch {
  console.error(
    "@pulumi/authentik: cannot compile the SDK because the 'typescript' package is not installed. " +
      "Install dev dependencies (do not use --omit=dev) or add typescript to the project.",
  );
  process.exit(1);
}

try {
  execFileSync(process.execPath, [tsc, "-p", root], { stdio: "inherit" });
} catch {
  console.error("@pulumi/authentik: tsc failed while compiling the SDK into bin/.");
  process.exit(1);
}
const { name: _name, ...manifest } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
fs.writeFileSync(path.join(root, "bin", "package.json"), JSON.stringify(manifest, null, 2) + "\n");
