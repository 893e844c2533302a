// Pulumi.yaml holds the values this project chooses for every stack, and nothing else: the defaults are written
// once, in the schema. The overlay is a real feature: a stack that sets one field of a section keeps the project's
// other fields.
import { type PlainSettings, type RawConfig, parseSettings } from "../components/config";
import { overlay, readProjectDefaults } from "../components/project-defaults";

const minimal = (): Record<string, Record<string, unknown>> => ({
  authentik: { url: "https://auth.example.org", token: "t" },
  mailcow: { url: "https://mail.example.org", apiKey: "K" },
  access: { groups: ["mail-users"] },
});

const layered = (stack: Record<string, unknown>, defaults = readProjectDefaults()): RawConfig =>
  Object.fromEntries(
    [...new Set([...Object.keys(defaults), ...Object.keys(stack)])].map((key) => [
      key,
      overlay(defaults[key], stack[key]),
    ]),
  );

const field = (settings: PlainSettings, section: string, key: string): unknown =>
  (settings as unknown as Record<string, Record<string, unknown>>)[section][key];

test("every value in Pulumi.yaml differs from the schema's default, so no default is written twice", () => {
  const defaults = readProjectDefaults() as Record<string, Record<string, unknown>>;
  const schemaDefaults = parseSettings(minimal() as RawConfig, {});
  const restated = Object.entries(defaults).flatMap(([section, fields]) =>
    Object.entries(fields)
      .filter(([key, value]) => JSON.stringify(field(schemaDefaults, section, key)) === JSON.stringify(value))
      .map(([key]) => `${section}.${key}`),
  );
  expect(Object.keys(defaults).length).toBeGreaterThan(0);
  expect(restated).toEqual([]);
});

test("the project's values apply to a stack that does not set them", () => {
  const settings = parseSettings(layered(minimal()), {});
  expect(settings.provisioning).toMatchObject({ loginProvisioning: true, defaultTemplate: "Default" });
});

test("a stack that sets one field of a section keeps the project's other fields", () => {
  const stack = { ...minimal(), provisioning: { defaultTemplate: "Staff" } };
  const settings = parseSettings(layered(stack), {});
  expect(settings.provisioning).toMatchObject({ loginProvisioning: true, defaultTemplate: "Staff" });
  // Pulumi alone would hand the program the stack's object instead (pulumi/pulumi#13176).
  expect(parseSettings(stack as RawConfig, {}).provisioning.loginProvisioning).toBe(false);
});
