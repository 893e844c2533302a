/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  // Not the repo root: sdks/authentik holds two package.json files (source and bin/) that confuse the haste map.
  roots: ["<rootDir>/tests", "<rootDir>/components", "<rootDir>/policy", "<rootDir>/bench"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  // tests/engine drives the real CLI: `npm run test:engine` (jest.engine.config.js).
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/sdks/", "<rootDir>/tests/engine/"],
  // Tests that spawn the dynamic-provider host or an HTTP emulator need more than the 5 s default.
  testTimeout: 30000,
  // Host tests run the compiled provider, as the engine does; build it first.
  globalSetup: "<rootDir>/tests/support/build-provider.mjs",
};
