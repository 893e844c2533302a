/** @type {import('jest').Config} */
// The engine suite: the real Pulumi CLI (scripts/engine/install.sh) against the emulators. One test file at a time:
// every run starts plugins and builds, and the machine has 2 cores.
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests/engine"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  maxWorkers: 1,
  testTimeout: 10 * 60_000,
};
