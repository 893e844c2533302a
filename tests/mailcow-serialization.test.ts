// The provider as Pulumi stores it: serialized by value into state. It must carry no key, no secret, no client,
// stay reasonably small, and still work once loaded from that text.
import * as pulumi from "@pulumi/pulumi";
import { identityProviderProvider } from "../components/mailcow/provider";
import { MailcowEmulator } from "./support/mailcow-emulator";

const requireFromString: (code: string) => {
  handler: () => pulumi.dynamic.ResourceProvider;
} = require("require-from-string");

const API_KEY = "ABCDEF-012345-ABCDEF-012345-ABCDEF";
const CLIENT_SECRET = "serialization-test-client-secret";

function configRequest(mailcow: Record<string, unknown>): pulumi.dynamic.ConfigureRequest {
  const raw = JSON.stringify(mailcow);
  return { config: { get: (key) => (key === "mailcow" ? raw : undefined), require: () => raw } };
}

let serialized: { text: string; containsSecrets: boolean };

// Serialized once (it takes seconds), after configure has run in this process with a key in config and env.
beforeAll(async () => {
  process.env.MAILCOW_API_KEY = API_KEY;
  try {
    await identityProviderProvider.configure!(configRequest({ apiKey: API_KEY }));
    serialized = await pulumi.runtime.serializeFunction(() => identityProviderProvider, { allowSecrets: true });
  } finally {
    delete process.env.MAILCOW_API_KEY;
  }
});

test("configure in this process does not leak into the serialized text", () => {
  const { text, containsSecrets } = serialized;
  expect(containsSecrets).toBe(false);
  expect(text).not.toContain(API_KEY);
  expect(text).not.toContain(CLIENT_SECRET);
  // Constructs the serializer cannot reproduce: #private members and `super` calls.
  expect(text).not.toMatch(/this\.#|__super/);
  // No Pulumi SDK or other package captured by value.
  expect(text).not.toMatch(/require\("@pulumi/);
});

test("the serialized provider stays within its size budget", () => {
  const { text } = serialized;
  const gzipped = require("node:zlib").gzipSync(text).length;
  // Measured: ~67 KB raw, ~15 KB gzipped (client, validation and normalisation with their messages, plus the
  // serializer's per-function wrappers). The budget catches accidental captures (SDK modules, clients, data).
  expect(text.length).toBeLessThan(80_000);
  expect(gzipped).toBeLessThan(18_000);
});

describe("the deserialized provider", () => {
  let emulator: MailcowEmulator;
  let provider: pulumi.dynamic.ResourceProvider;

  beforeAll(async () => {
    emulator = await MailcowEmulator.start();
    provider = requireFromString(serialized.text).handler();
  });

  afterAll(async () => {
    await emulator.stop();
  });

  test("checks, creates, reads and deletes against mailcow", async () => {
    await provider.configure!(configRequest({ apiKey: emulator.rwKey, requestTimeoutSeconds: 2 }));
    const { inputs, failures } = await provider.check!(
      {},
      {
        mailcowUrl: emulator.url,
        authorizeUrl: "https://auth.example.org/authorize",
        tokenUrl: "https://auth.example.org/token",
        userinfoUrl: "https://auth.example.org/userinfo",
        clientId: "mailcow",
        clientSecret: CLIENT_SECRET,
        redirectUrl: "https://mail.example.org",
        allowHttp: true,
      },
    );
    expect(failures).toEqual([]);
    const { id, outs } = await provider.create(inputs);
    expect(JSON.stringify(outs)).not.toContain(CLIENT_SECRET);
    expect((await provider.read!(id, outs)).props).toEqual(outs);
    await provider.delete!(id, outs);
    expect(emulator.storedSettings()).toEqual({});
  });

  test("its errors keep their message (no Error subclass mangled by the serializer)", async () => {
    await provider.configure!(configRequest({ apiKey: "WRONG-KEY-000000", requestTimeoutSeconds: 2 }));
    await expect(provider.read!("identity-provider", { mailcowUrl: emulator.url })).rejects.toThrow(/API key is wrong/);
    expect(emulator.unauthorizedCount).toBe(1);
  });
});
