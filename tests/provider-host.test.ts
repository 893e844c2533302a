// Proves the host harness with a tiny inline provider: every RPC reaches the provider running in the real
// dynamic-provider host process, and results and failures come back as plain objects and typed errors.
import * as pulumi from "@pulumi/pulumi";
import {
  DynamicProviderHost,
  HostCallError,
  diffChangesName,
  dropUndefined,
  qualifyConfigKeys,
  serializeProvider,
  withoutProvider,
} from "./support/provider-host";

const GREETING = "hello from the closure";

// Config seen by `configure` lives on the provider object inside the host process only.
const tinyProvider: pulumi.dynamic.ResourceProvider & { endpoint?: string } = {
  async configure(req) {
    this.endpoint = req.config.get("endpoint");
  },
  async check(_olds, news) {
    if (typeof news.name !== "string" || news.name === "") {
      return { failures: [{ property: "name", reason: "name is required" }] };
    }
    return { inputs: { ...news, name: news.name.toLowerCase() } };
  },
  async diff(_id, olds, news) {
    if (news.mode === "unknown") return {};
    if (olds.name !== news.name) return { changes: true, replaces: ["name"], deleteBeforeReplace: true };
    return { changes: olds.size !== news.size };
  },
  async create(inputs) {
    const crypto = require("crypto");
    console.log(`creating ${inputs.name}`);
    if (inputs.name === "half") {
      throw Object.assign(new Error("created but not ready"), { id: "half-id", properties: { name: "half" } });
    }
    const id = `${inputs.name}-${crypto.randomBytes(4).toString("hex")}`;
    return { id, outs: { ...inputs, endpoint: this.endpoint ?? null, greeting: GREETING, pid: process.pid } };
  },
  async read(id, props) {
    return { id, props: { ...props, refreshed: true }, inputs: { name: props?.name } };
  },
  async update(_id, _olds, news) {
    return { outs: { ...news, updated: true } };
  },
  async delete(id) {
    if (id.startsWith("locked")) throw new Error(`resource ${id} is locked`);
  },
};

describe("pure helpers", () => {
  test.each([
    [{ endpoint: "e" }, { "proj:endpoint": "e" }],
    [{ "other:key": "v" }, { "other:key": "v" }],
    [{}, {}],
  ])("qualifyConfigKeys(%j)", (input, expected) => {
    expect(qualifyConfigKeys("proj", input)).toEqual(expected);
  });

  test.each([
    [0, "unknown"],
    [1, "none"],
    [2, "some"],
    [99, "unknown"],
  ])("diffChangesName(%d) = %s", (value, expected) => {
    expect(diffChangesName(value)).toBe(expected);
  });

  test.each([
    [{ a: 1, b: undefined }, { a: 1 }],
    [{ a: { b: undefined, c: [1, { d: undefined, e: null }] } }, { a: { c: [1, { e: null }] } }],
    [[{ x: undefined }], [{}]],
    ["plain", "plain"],
  ])("dropUndefined(%j)", (input, expected) => {
    expect(dropUndefined(input)).toEqual(expected);
  });

  test("withoutProvider removes only __provider", () => {
    expect(withoutProvider({ __provider: "code", a: 1 })).toEqual({ a: 1 });
  });
});

describe("serializeProvider", () => {
  test("emits a module exporting handler, with captured constants by value", async () => {
    const text = await serializeProvider(tinyProvider);
    expect(text).toContain("exports.handler");
    expect(text).toContain(GREETING);
  });
});

describe("DynamicProviderHost with a tiny provider", () => {
  let host: DynamicProviderHost;

  beforeAll(async () => {
    host = await DynamicProviderHost.start({ project: "tiny", provider: tinyProvider });
    await expect(host.configure({ endpoint: "https://example.test" })).resolves.toEqual({ acceptSecrets: false });
  });

  afterAll(async () => {
    await host.stop();
  });

  test("the host prints its port first on stdout", () => {
    expect(host.stdout.split("\n")[0].trim()).toBe(String(host.port));
  });

  test("check normalises valid inputs and returns failures for invalid ones", async () => {
    await expect(host.check({}, { name: "Alpha" })).resolves.toEqual({ inputs: { name: "alpha" }, failures: [] });
    const bad = await host.check({}, { name: "" });
    expect(bad.failures).toEqual([{ property: "name", reason: "name is required" }]);
  });

  test("create runs in a separate process, sees configure's config and echoes outs", async () => {
    const { id, outs } = await host.create({ name: "alpha", size: 1 });
    expect(id).toMatch(/^alpha-[0-9a-f]{8}$/);
    expect(outs).toMatchObject({ name: "alpha", size: 1, endpoint: "https://example.test", greeting: GREETING });
    expect(outs.pid).not.toBe(process.pid);
    expect(await host.waitForOutput("stdout", "creating alpha")).toContain("creating alpha");
  });

  test.each([
    [{ name: "a", size: 1 }, { name: "a", size: 1 }, "none", []],
    [{ name: "a", size: 1 }, { name: "a", size: 2 }, "some", []],
    [{ name: "a" }, { name: "b" }, "some", ["name"]],
    [{ name: "a" }, { name: "a", mode: "unknown" }, "unknown", []],
  ])("diff %j -> %j is %s", async (olds, news, changes, replaces) => {
    const result = await host.diff("id-1", olds, news);
    expect(result.changes).toBe(changes);
    expect(result.replaces).toEqual(replaces);
    expect(result.deleteBeforeReplace).toBe(replaces.length > 0);
  });

  test("read returns props and inputs, and the __provider the host kept", async () => {
    await expect(host.read("id-1", { name: "a", size: 3 })).resolves.toEqual({
      id: "id-1",
      props: { name: "a", size: 3, refreshed: true },
      inputs: { name: "a" },
      provider: host.providerText,
    });
  });

  test("update returns outs", async () => {
    await expect(host.update("id-1", { name: "a" }, { name: "a", size: 5 })).resolves.toEqual({
      outs: { name: "a", size: 5, updated: true },
      provider: host.providerText,
    });
  });

  test("a request's own __provider wins, as state written by another provider brings its own", async () => {
    const other = await serializeProvider({ ...tinyProvider, read: async (id) => ({ id, props: { other: true } }) });
    const read = await host.read("id-2", { name: "a", __provider: other });
    expect(read).toMatchObject({ props: { other: true }, provider: other });
  });

  test("delete succeeds, and a thrown error comes back as gRPC code 2 with its message", async () => {
    await expect(host.delete("free-1", { name: "a" })).resolves.toBeUndefined();
    const error = await host.delete("locked-1", { name: "a" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostCallError);
    expect(error).toMatchObject({ method: "delete", code: 2, details: "resource locked-1 is locked" });
    expect(await host.waitForOutput("stderr", "resource locked-1 is locked")).toContain("resource locked-1 is locked");
  });

  test("a create error carrying an id is decoded as a partial (init) failure", async () => {
    const error = await host.create({ name: "half" }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 2,
      details: "created but not ready",
      initFailure: { id: "half-id", properties: { name: "half" }, reasons: [] },
    });
  });
});

describe("DynamicProviderHost lifecycle", () => {
  test("configure without the key leaves config empty; stop ends the process", async () => {
    const host = await DynamicProviderHost.start({ project: "tiny", provider: tinyProvider });
    await host.configure({});
    const { outs } = await host.create({ name: "beta" });
    expect(outs.endpoint).toBeNull();
    expect(host.running).toBe(true);
    await host.stop();
    expect(host.running).toBe(false);
    await expect(host.check({}, { name: "x" })).rejects.toBeInstanceOf(Error);
  });

  test("a provider can be given as serialized text, e.g. one recorded from a state", async () => {
    const text = await serializeProvider(tinyProvider);
    const host = await DynamicProviderHost.start({ project: "tiny", provider: { text } });
    try {
      expect(host.providerText).toBe(text);
      await host.configure({});
      await expect(host.check({}, { name: "Gamma" })).resolves.toMatchObject({ inputs: { name: "gamma" } });
    } finally {
      await host.stop();
    }
  });

  test("a host that cannot start reports why", async () => {
    await expect(
      DynamicProviderHost.start({ project: "tiny", provider: tinyProvider, nodePath: "/nonexistent/node" }),
    ).rejects.toThrow(/did not start/);
  });
});
