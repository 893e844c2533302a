// The stand-in resource plugins of the engine toolchain (scripts/engine/standins), pinned to what they imitate: the
// properties the @pulumi/random and @pulumi/command SDKs declare, and the behaviour of the real providers' code.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { COMMAND_INPUTS, commandProvider } from "../scripts/engine/standins/command-provider";
import {
  generate,
  RANDOM_INPUTS,
  RANDOM_PASSWORD,
  RANDOM_STRING,
  randomProvider,
} from "../scripts/engine/standins/random-provider";
import { SECRET_SIG, SIG_KEY, UNKNOWN } from "../scripts/engine/standins/wire";

/** Input and output property names a generated SDK resource class declares (its constructor's resourceInputs). */
function sdkProperties(file: string): { inputs: string[]; outputs: string[] } {
  const source = fs.readFileSync(require.resolve(file), "utf8");
  const all = new Set([...source.matchAll(/resourceInputs\["(\w+)"\]/g)].map((m) => m[1]));
  const inputs = [...new Set([...source.matchAll(/resourceInputs\["(\w+)"\] = args\?\.\w+/g)].map((m) => m[1]))].sort();
  return { inputs, outputs: [...all].filter((name) => !inputs.includes(name)).sort() };
}

const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });
const urn = (type: string, name: string) => `urn:pulumi:dev::proj::mailcow-sso:index:MailcowSso$${type}::${name}`;

describe("random stand-in against @pulumi/random 4.21.2", () => {
  it.each([
    ["@pulumi/random/randomString.js", RANDOM_STRING, ["result"]],
    ["@pulumi/random/randomPassword.js", RANDOM_PASSWORD, ["bcryptHash", "result"]],
  ])("%s: accepts exactly the SDK's inputs and returns its outputs", async (file, type, outputs) => {
    const sdk = sdkProperties(file);
    expect([...RANDOM_INPUTS].sort()).toEqual(sdk.inputs);
    expect(sdk.outputs).toEqual(outputs);
    const { inputs } = await randomProvider.check("", {}, { length: 12 });
    const created = await randomProvider.create(urn(type, "x"), inputs);
    expect(Object.keys(created.outs).sort()).toEqual([...sdk.inputs.filter((k) => k in inputs), ...outputs].sort());
  });

  it("fills terraform-provider-random's defaults and keeps number and numeric equal", async () => {
    const { inputs, failures } = await randomProvider.check("", {}, { length: 8, number: false });
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject({
      lower: true,
      upper: true,
      special: true,
      numeric: false,
      number: false,
      minLower: 0,
    });
  });

  it.each([
    [{ length: 0 }, "length must be an integer of at least 1"],
    [
      { length: 3, minUpper: 2, minNumeric: 2 },
      "length (3) must be >= min_upper + min_lower + min_numeric + min_special (4)",
    ],
  ])("rejects %j", async (news, reason) => {
    expect((await randomProvider.check("", {}, news)).failures).toEqual([{ property: "length", reason }]);
  });

  it("does not validate unknown values during preview", async () => {
    expect((await randomProvider.check("", {}, { length: UNKNOWN })).failures).toEqual([]);
  });

  it("generates the requested length and classes, honouring minimums", () => {
    for (let i = 0; i < 50; i++) {
      const value = generate({ length: 20, lower: false, upper: true, numeric: true, special: false, minNumeric: 5 });
      expect(value).toMatch(/^[A-Z0-9]{20}$/);
      expect(value.replace(/\D/g, "").length).toBeGreaterThanOrEqual(5);
    }
    expect(
      generate({ length: 6, lower: false, upper: false, numeric: false, special: true, overrideSpecial: "-" }),
    ).toBe("------");
  });

  it("uses the result as RandomString's id and 'none' as RandomPassword's, like the Terraform provider", async () => {
    const { inputs } = await randomProvider.check("", {}, { length: 10 });
    const str = await randomProvider.create(urn(RANDOM_STRING, "s"), inputs);
    expect(str.id).toBe(str.outs.result);
    expect((await randomProvider.create(urn(RANDOM_PASSWORD, "p"), inputs)).id).toBe("none");
  });

  it("replaces on any input change, keepers included, and not when only secretness differs", async () => {
    const olds = { length: 10, keepers: { rotation: "1" }, result: "x" };
    expect(await randomProvider.diff("", "", olds, { length: 10, keepers: { rotation: "2" } })).toEqual({
      changes: true,
      replaces: ["keepers"],
    });
    expect(await randomProvider.diff("", "", olds, { length: secret(10), keepers: { rotation: "1" } })).toEqual({
      changes: false,
      replaces: [],
    });
  });

  it("refuses resources it does not implement", async () => {
    await expect(randomProvider.create(urn("random:index/randomUuid:RandomUuid", "u"), {})).rejects.toThrow(
      "the random stand-in does not implement random:index/randomUuid:RandomUuid",
    );
  });
});

describe("command stand-in against @pulumi/command 1.2.1 local.Command", () => {
  const lines: string[] = [];
  const provider = commandProvider((_urn, line) => lines.push(line));
  const commandUrn = urn("command:local:Command", "test");
  let dir: string;

  beforeEach(() => {
    lines.length = 0;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "standin-command-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("accepts exactly the SDK's inputs; outputs stdout and stderr (assets and archive are not implemented)", async () => {
    const sdk = sdkProperties("@pulumi/command/local/command.js");
    expect([...COMMAND_INPUTS].sort()).toEqual(sdk.inputs);
    expect(sdk.outputs).toEqual(["archive", "assets", "stderr", "stdout"]);
    const created = await provider.create(commandUrn, { create: "true" });
    expect(Object.keys(created.outs).sort()).toEqual(["create", "stderr", "stdout"]);
    expect((await provider.check("", {}, { assetPaths: ["*"] })).failures).toEqual([
      { property: "assetPaths", reason: "the command stand-in does not implement assetPaths" },
    ]);
  });

  it("runs in `dir`, else in the plugin's working directory, with the environment merged and secrets revealed", async () => {
    const inDir = await provider.create(commandUrn, {
      create: "pwd; echo $TOKEN; echo $HOME",
      dir,
      environment: { TOKEN: secret("t0k") },
    });
    expect(inDir.outs.stdout).toBe(`${fs.realpathSync(dir)}\nt0k\n${process.env.HOME}`);
    expect(inDir.outs.environment).toEqual({ TOKEN: secret("t0k") });
    expect((await provider.create(commandUrn, { create: "pwd" })).outs.stdout).toBe(process.cwd());
  });

  it("trims one trailing newline, streams lines per `logging`, and feeds stdin", async () => {
    const out = await provider.create(commandUrn, {
      create: "cat; echo err >&2",
      stdin: "a\nb\n\n",
      logging: "stderr",
    });
    expect(out.outs).toMatchObject({ stdout: "a\nb\n", stderr: "err" });
    expect(lines).toEqual(["err"]);
  });

  it("runs `update` (or `create` without it) with the previous output in the environment", async () => {
    const olds = { create: "echo one", stdout: "one", stderr: "" };
    const updated = await provider.update("id", commandUrn, olds, {
      create: "echo one",
      update: 'echo "was $PULUMI_COMMAND_STDOUT"',
    });
    expect(updated.outs.stdout).toBe("was one");
    const fallback = await provider.update("id", commandUrn, olds, {
      create: "echo again$PULUMI_COMMAND_STDOUT",
      addPreviousOutputInEnv: false,
    });
    expect(fallback.outs.stdout).toBe("again");
  });

  it("reports a failure as pulumi-command does: the exit status, the command and its output", async () => {
    await expect(provider.create(commandUrn, { create: "echo partial; exit 3" })).rejects.toThrow(
      'exit status 3: running "echo partial; exit 3":\npartial\n',
    );
  });

  it("runs `delete` on destroy and nothing without it", async () => {
    const marker = path.join(dir, "deleted");
    await provider.delete("id", commandUrn, { delete: `touch ${marker}` });
    expect(fs.existsSync(marker)).toBe(true);
    await expect(provider.delete("id", commandUrn, { create: "exit 1" })).resolves.toBeUndefined();
  });

  it("replaces only when triggers change; other changes are updates", async () => {
    const olds = { create: "a", triggers: ["1"], stdout: "" };
    expect(await provider.diff("", "", olds, { create: "b", triggers: ["1"] })).toEqual({
      changes: true,
      replaces: [],
    });
    expect(await provider.diff("", "", olds, { create: "a", triggers: ["2"] })).toEqual({
      changes: true,
      replaces: ["triggers"],
    });
    expect(await provider.diff("", "", olds, { create: "a", triggers: ["1"] })).toEqual({
      changes: false,
      replaces: [],
    });
  });
});
