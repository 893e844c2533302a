// Records what the current mailcow identity provider writes into Pulumi state, as a fixture for the tests that
// prove later versions still handle it (see components/mailcow/README.md, "Versions"). Run it BEFORE changing the
// provider's behaviour, with the version being retired:
//   npx ts-node tests/support/capture-provider-state.ts <providerVersion>
// It drives a create (and a read) through Pulumi's dynamic-provider host against the mailcow emulator, like the
// engine does, and writes tests/fixtures/mailcow-provider-v<version>.json: the serialized `__provider` exactly as
// the resource stores it, the checked inputs and the outputs. Every secret in it is an obvious fake.
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { desiredInputs, startHost } from "./identity-provider-host";
import { MailcowEmulator } from "./mailcow-emulator";
import { PROJECT_ROOT, type Props } from "./provider-host";

/** Stands in for the emulator's random address, so tests can point the recorded state at their own emulator. */
export const FIXTURE_MAILCOW_URL = "http://mailcow.fixture.invalid";
export const FIXTURE_CLIENT_SECRET = "fixture-client-secret-NOT-A-REAL-SECRET";

/** The inputs MailcowSso gives the resource for a typical stack, every optional input spelled out. */
function fixtureInputs(mailcowUrl: string): Props {
  return desiredInputs(mailcowUrl, {
    clientId: "fixture-client-id",
    clientSecret: FIXTURE_CLIENT_SECRET,
    clientScopes: ["openid", "profile", "email", "mailcow_template"],
    ignoreSslError: false,
    adoptExisting: false,
    onDelete: "remove",
  });
}

/** Replaces every occurrence of the emulator URL in a JSON-able value. */
function rewriteUrl<T>(value: T, from: string, to: string): T {
  return JSON.parse(JSON.stringify(value).split(from).join(to)) as T;
}

async function main(): Promise<void> {
  const version = process.argv[2];
  if (!version) throw new Error("usage: capture-provider-state.ts <providerVersion>");
  const emulator = await MailcowEmulator.start();
  const host = await startHost();
  try {
    await host.configure({ mailcow: JSON.stringify({ apiKey: emulator.rwKey, requestTimeoutSeconds: 5 }) });
    const checked = await host.check({}, fixtureInputs(emulator.url));
    if (checked.failures.length > 0) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
    const created = await host.create(checked.inputs);
    const read = await host.read(created.id, created.outs, checked.inputs);
    if (JSON.stringify(read.props) !== JSON.stringify(created.outs)) throw new Error("read differs from create");
    const fixture = {
      description:
        `State written by the mailcow identity provider v${version} (create through the dynamic-provider host). ` +
        `mailcowUrl is ${FIXTURE_MAILCOW_URL}: point it at a running emulator. Secrets are fakes.`,
      providerVersion: version,
      pulumiVersion: require("@pulumi/pulumi/package.json").version as string,
      id: created.id,
      provider: host.providerText,
      inputs: rewriteUrl(checked.inputs, emulator.url, FIXTURE_MAILCOW_URL),
      outputs: rewriteUrl(created.outs, emulator.url, FIXTURE_MAILCOW_URL),
      mailcowStored: emulator.storedSettings(),
    };
    for (const secret of [emulator.rwKey, emulator.roKey]) {
      if (JSON.stringify(fixture).includes(secret)) throw new Error("the fixture would contain an API key");
    }
    const file = path.join(PROJECT_ROOT, "tests", "fixtures", `mailcow-provider-v${version}.json`);
    const prettier: typeof import("prettier") = require("prettier");
    writeFileSync(file, await prettier.format(JSON.stringify(fixture), { parser: "json", filepath: file }));
    console.log(`wrote ${path.relative(PROJECT_ROOT, file)} (__provider ${fixture.provider.length} characters)`);
  } finally {
    await host.stop();
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
