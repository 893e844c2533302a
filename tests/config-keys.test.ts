// Keys of the stack config: every key that is no setting is an error with a did-you-mean, at every level, and keys
// that reach an object's prototype (`__proto__`, `constructor`, `prototype`) are rejected wherever config is merged
// or parsed.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { ConfigError, type RawConfig, parseSettings, readRawConfig } from "../components/config";
import { connectionFromConfig } from "../components/mailcow/connection";
import { overlay, readProjectDefaults } from "../components/project-defaults";

const valid = (): Record<string, Record<string, unknown>> => ({
  authentik: { url: "https://auth.example.org", token: "authentik-token" },
  mailcow: { url: "https://mail.example.org", apiKey: "MAILCOW-KEY" },
  access: { groups: ["mail-users"] },
});

/** A pulumi.Config over JSON text, as the engine hands structured values to the program. */
const configOf = (values: Record<string, string>) =>
  ({
    getObject: (key: string) => (values[key] === undefined ? undefined : JSON.parse(values[key])),
  }) as unknown as pulumi.Config;

function thrown(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

const problemsOf = (raw: unknown) => thrown(() => parseSettings(raw as RawConfig, {})).problems;

describe("unknown top-level keys", () => {
  const read = (allKeys: string[], projectDefaults: Record<string, unknown> = {}) =>
    thrown(() => readRawConfig(configOf({}), { allKeys, projectDefaults, stack: "dev" }));

  test.each([
    [
      "mailcow-sso:provisoning",
      "mailcow-sso:provisoning: is not a setting of this project; did you mean mailcow-sso:provisioning? Rename it",
    ],
    [
      "mailcow-sso:acess",
      "mailcow-sso:acess: is not a setting of this project; did you mean mailcow-sso:access? Rename it",
    ],
    [
      "mailcow-sso:Mailcow",
      "mailcow-sso:Mailcow: is not a setting of this project; did you mean mailcow-sso:mailcow? Rename it",
    ],
    [
      "mailcow-sso:mailcow.url",
      "mailcow-sso:mailcow.url: is a key of its own, not the field of mailcow-sso:mailcow it looks like (it was set without --path); run `pulumi config rm mailcow.url` and `pulumi config set --path mailcow.url <value>`",
    ],
    [
      "mailcow_sso:access",
      "mailcow_sso:access: is not in this project's namespace; did you mean mailcow-sso:access? Rename it",
    ],
    ["mailcow-sso:__proto__", "mailcow-sso:__proto__: is never a setting; remove it"],
    [
      "mailcow-sso:zzz",
      "mailcow-sso:zzz: is not a setting of this project (the settings are authentik, mailcow, application, oauth2, access, provisioning, adopt); remove or rename it",
    ],
  ])("%s", (key, problem) => {
    const error = read(["mailcow-sso:authentik", key, "authentik:url", "pulumi:tags"]);
    expect(error.problems).toEqual([problem]);
    expect(error.message).toContain("Fix the keys above in Pulumi.dev.yaml");
  });

  test("other packages' keys and this project's settings pass; Pulumi.yaml's keys are checked too", () => {
    expect(() =>
      readRawConfig(configOf({}), {
        allKeys: ["mailcow-sso:access", "authentik:url", "aws:region"],
        projectDefaults: {},
      }),
    ).not.toThrow();
    expect(read([], { provisionig: {} }).problems).toEqual([
      "mailcow-sso:provisionig: is not a setting of this project; did you mean mailcow-sso:provisioning? Rename it",
    ]);
    // The engine also passes Pulumi.yaml's keys to the program: one problem, not two.
    expect(read(["mailcow-sso:provisionig"], { provisionig: {} }).problems).toHaveLength(1);
  });
});

describe("unknown keys inside a section name the key and suggest the right one", () => {
  test.each<[string, (raw: Record<string, Record<string, unknown>>) => void, string]>([
    ["mailcow", (r) => (r.mailcow.ur = "x"), 'mailcow-sso:mailcow: unknown key "ur"; did you mean "url"?'],
    [
      "provisioning",
      (r) => (r.provisioning = { loginProvisoning: true }),
      'mailcow-sso:provisioning: unknown key "loginProvisoning"; did you mean "loginProvisioning"?',
    ],
    [
      "a template mapping",
      (r) => (r.provisioning = { templateMappings: [{ group: "g", template: "T", claimvalue: "x" }] }),
      'mailcow-sso:provisioning.templateMappings[0]: unknown key "claimvalue"; did you mean "claimValue"?',
    ],
    [
      "an adopt binding",
      (r) =>
        (r.adopt = {
          bindings: [{ kind: "group", ref: "mail-users", id: "0b9d6bd5-4f6a-4b6e-9f7c-1a2b3c4d5e6f", idd: 1 }],
        }),
      'mailcow-sso:adopt.bindings[0]: unknown key "idd"; did you mean "id"?',
    ],
    [
      "oauth2, far from any key",
      (r) => (r.oauth2 = { colour: "blue" }),
      'mailcow-sso:oauth2: unknown key "colour"; the known keys are name, authorizationFlow',
    ],
  ])("%s", (_label, mutate, expected) => {
    const raw = valid();
    mutate(raw);
    expect(problemsOf(raw).join("\n")).toContain(expected);
  });

  test("an access entry with a misspelt field names the field it meant", () => {
    const raw = valid();
    raw.access = { groups: [{ nmae: "mail-users" }, { name: "staff", ordr: 5 }] };
    expect(problemsOf(raw)).toEqual([
      "mailcow-sso:access.groups[0].name: is required; set it with `pulumi config set --path access.groups[0].name <value>`",
      'mailcow-sso:access.groups[0]: unknown key "nmae"; did you mean "name"?',
      'mailcow-sso:access.groups[1]: unknown key "ordr"; did you mean "order"?',
    ]);
  });
});

describe("__proto__, constructor and prototype", () => {
  const evil = "https://evil.example.net";

  test("overlay keeps them as own keys: the merged object's prototype never changes", () => {
    const top = JSON.parse(`{"url":"https://mail.example.org","__proto__":{"redirectUrlExtra":["${evil}"]}}`);
    const merged = overlay({ onDelete: "retain" }, top) as Record<string, unknown>;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.keys(merged)).toEqual(["onDelete", "url", "__proto__"]);
    expect(merged.redirectUrlExtra).toBeUndefined();
    // A base that has the key too: merged field by field, still as an own key.
    const deep = overlay(JSON.parse('{"__proto__":{"a":1}}'), JSON.parse('{"__proto__":{"b":2}}')) as object;
    expect(Object.getPrototypeOf(deep)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(deep, "__proto__")?.value).toEqual({ a: 1, b: 2 });
  });

  test("in a stack value laid over the project defaults, the issue's example is rejected with its key", () => {
    const stack = {
      mailcow: `{"url":"https://mail.example.org","apiKey":"MAILCOW-KEY","__proto__":{"redirectUrlExtra":["${evil}"]}}`,
      authentik: '{"url":"https://auth.example.org","token":"t"}',
      access: `{"groups":["mail-users"],"constructor":{"public":true}}`,
      application: `{"prototype":{"launchUrl":"${evil}"}}`,
    };
    const raw = readRawConfig(configOf(stack), {
      allKeys: Object.keys(stack).map((k) => `mailcow-sso:${k}`),
      projectDefaults: { mailcow: { onDelete: "remove" }, access: {}, application: {} },
    });
    expect(problemsOf(raw)).toEqual([
      'mailcow-sso:mailcow: "__proto__" is never a setting; remove it',
      'mailcow-sso:application: "prototype" is never a setting; remove it',
      'mailcow-sso:access: "constructor" is never a setting; remove it',
    ]);
  });

  test.each([
    ["access.groups[0]", { access: { groups: [JSON.parse('{"name":"g","__proto__":{"order":1}}')] } }],
    [
      "a template mapping",
      { provisioning: { templateMappings: [JSON.parse('{"group":"g","template":"T","__proto__":{}}')] } },
    ],
    ["adopt", { adopt: JSON.parse('{"__proto__":{"application":"mailcow"}}') }],
  ])("nested in %s: rejected", (_label, patch) => {
    const raw = { ...valid(), ...patch };
    expect(problemsOf(raw).join("\n")).toMatch(/__proto__" is never a setting|must be a string or \{ name, order \}/);
  });

  test("Pulumi.yaml: a project key named __proto__ stays an own key and is reported", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailcow-sso-defaults-"));
    const file = path.join(dir, "Pulumi.yaml");
    fs.writeFileSync(
      file,
      `name: mailcow-sso\nconfig:\n  mailcow-sso:__proto__:\n    value:\n      mailcow:\n        redirectUrlExtra: ["${evil}"]\n`,
    );
    const defaults = readProjectDefaults(file);
    fs.rmSync(dir, { recursive: true });
    expect(Object.getPrototypeOf(defaults)).toBe(Object.prototype);
    expect(defaults.mailcow).toBeUndefined();
    const error = thrown(() => readRawConfig(configOf({}), { allKeys: [], projectDefaults: defaults }));
    expect(error.problems).toEqual(["mailcow-sso:__proto__: is never a setting; remove it"]);
  });

  test("the provider's own reading of the mailcow object (connectionFromConfig) leaves them inert", () => {
    const parsed = connectionFromConfig(`{"apiKey":"K","__proto__":{"insecureTls":true,"maxRetries":5}}`);
    expect(parsed).toEqual({ ok: true, connection: expect.objectContaining({ insecureTls: false, maxRetries: 2 }) });
  });
});
