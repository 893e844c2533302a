// The shared rules issue 12 added to components/rules: keys (did-you-mean, prototype keys, strict objects, a string
// or an object), visible names and free text, numbers given as text, and wildcard hosts in URLs.
import { z } from "zod";
import {
  claimValue,
  closestKey,
  formatPath,
  freeText,
  hasInvisibleCharacter,
  numberFromText,
  strictObject,
  stringOrObject,
  templateName,
  typedSetCommand,
  unknownKeyMessage,
  urlProblem,
  visibleName,
} from "../components/rules";

const issuesOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
};

test.each<[string, string[], string | undefined]>([
  ["provisoning", ["access", "provisioning"], "provisioning"],
  ["acess", ["access", "adopt"], "access"],
  ["URL", ["url", "token"], "url"],
  ["mialcow", ["mailcow"], "mailcow"],
  ["x", ["url"], undefined],
  ["colour", ["name", "slug"], undefined],
])("closestKey(%j) → %j", (key, candidates, expected) => {
  expect(closestKey(key, candidates)).toBe(expected);
});

test("unknownKeyMessage: a suggestion, the known keys, or never a setting", () => {
  expect(unknownKeyMessage("ur", ["url", "token"])).toBe('unknown key "ur"; did you mean "url"?');
  expect(unknownKeyMessage("zzz", ["url", "token"])).toBe('unknown key "zzz"; the known keys are url, token');
  for (const key of ["__proto__", "constructor", "prototype"]) {
    expect(unknownKeyMessage(key, ["url", key])).toBe(`"${key}" is never a setting; remove it`);
  }
});

describe("strictObject", () => {
  const schema = strictObject({ url: z.string(), maxRetries: z.number().optional() });

  test("names every unknown key with its likely fix, own __proto__ included", () => {
    expect(issuesOf(schema, JSON.parse('{"url":"x","maxRetrys":1,"__proto__":{"maxRetries":9}}'))).toEqual([
      ': unknown key "maxRetrys"; did you mean "maxRetries"?; "__proto__" is never a setting; remove it',
    ]);
  });

  test("says what it expects instead of something that is not an object", () => {
    expect(issuesOf(schema, "https://x")).toEqual([": must be an object (url, maxRetries)"]);
  });
});

test("stringOrObject validates each form with its own schema, so an object's issues keep their path", () => {
  const entry = stringOrObject(z.string().min(1), strictObject({ name: z.string(), order: z.number().optional() }));
  expect(entry.parse("g")).toBe("g");
  expect(entry.parse({ name: "g", order: 3 })).toEqual({ name: "g", order: 3 });
  expect(issuesOf(entry, { name: "g", ordr: 3 })).toEqual([': unknown key "ordr"; did you mean "order"?']);
  expect(issuesOf(entry, { name: "g", order: "x" })).toEqual([
    "order: Invalid input: expected number, received string",
  ]);
  expect(issuesOf(entry, "")).toEqual([": Too small: expected string to have >=1 characters"]);
});

describe("names and text", () => {
  test.each([
    ["NUL", "mail\u0000users"],
    ["a zero-width space", "mail\u200busers"],
    ["a zero-width joiner", "mail\u200dusers"],
    ["a right-to-left override", "\u202eadmins"],
    ["a byte-order mark inside", "us\ufeffers"],
    ["a C1 control", "users\u0085"],
    ["a line separator", "a\u2028b"],
  ])("a name with %s is refused, by the config and by mailcow's template rules alike", (_label, name) => {
    const problem = ": must not contain control or invisible characters (NUL, zero-width spaces, direction marks)";
    expect(issuesOf(visibleName("a group name"), name)).toEqual([problem]);
    expect(issuesOf(templateName, name)).toEqual([problem]);
    expect(issuesOf(claimValue, name)).toEqual([problem]);
  });

  test("ordinary names pass, trimmed; an accent or an emoji is visible", () => {
    expect(visibleName("a name").parse("  Mail Users ")).toBe("Mail Users");
    expect(hasInvisibleCharacter("Équipe ✉️")).toBe(false);
    expect(issuesOf(visibleName("a username", 3), "abcd")).toEqual([": must be at most 3 characters"]);
  });

  test("free text keeps newlines only where it may have them", () => {
    expect(freeText("a description", { multiLine: true }).parse("Line 1\nLine 2\tend")).toBe("Line 1\nLine 2\tend");
    expect(issuesOf(freeText("a publisher"), "IT\nDept")).toEqual([": must not contain control characters"]);
    expect(issuesOf(freeText("a description", { multiLine: true }), "a\u0000")).toEqual([
      ": must not contain control characters other than newlines and tabs",
    ]);
  });
});

test("numberFromText reads a plain number given as text, and leaves anything else to the schema", () => {
  const schema = numberFromText(z.number());
  expect(schema.parse("7.5")).toBe(7.5);
  expect(schema.parse(" 15 ")).toBe(15);
  expect(schema.parse(3)).toBe(3);
  for (const text of ["1e3", "0x10", "", "7.5s", "Infinity"]) expect(schema.safeParse(text).success).toBe(false);
  expect(typedSetCommand("mailcow.requestTimeoutSeconds", "float", "7.5")).toBe(
    "pulumi config set --path --type float mailcow.requestTimeoutSeconds 7.5",
  );
});

test.each(["https://*.example.org", "https://%2A.example.org/x", "https://mail.*.example.org"])(
  "urlProblem refuses the wildcard host in %s",
  (value) => {
    expect(urlProblem(value)).toBe("must not have a wildcard host (*); give the exact host name");
  },
);
