// README.md and policy/README.md, held against the code they describe: the config tables against the schema, the
// sample error against what the boundary prints, the outputs against index.ts, the connection test's variables,
// the workflows' triggers, the pack's policies, the quickstart's order and every link inside the documents.
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { z } from "zod";
import { ConfigError, type RawConfig, parseSettings } from "../components/config";
import { SECTION_OBJECTS } from "../components/config-schema";
import { DEFAULT_TIMEOUT_MS, ENV, INSECURE_TLS_ENV, TIMEOUT_ENV } from "../components/connection-test/input";
import { policies } from "../policy/policies";

const ROOT = path.join(__dirname, "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const POLICY_README = fs.readFileSync(path.join(ROOT, "policy", "README.md"), "utf8");

/** The text of `## <title>` (or `### <title>`) up to the next heading of the same or a higher level. */
function section(text: string, heading: string): string {
  const level = heading.match(/^#+/)?.[0].length ?? 2;
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no section "${heading}"`);
  const rest = text.slice(start + heading.length + 2);
  const next = rest.search(new RegExp(`^#{1,${level}} `, "m"));
  return next < 0 ? rest : rest.slice(0, next);
}

/** The rows of the first table in `text`, as cells. */
function tableRows(text: string): string[][] {
  const lines = text.split("\n").filter((line) => line.startsWith("|"));
  return lines.slice(2).map((line) =>
    line
      .slice(1, -1)
      .split(" | ")
      .map((cell) => cell.trim()),
  );
}

const backticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

const minimal = (): Record<string, Record<string, unknown>> => ({
  authentik: { url: "https://auth.example.org", token: "t" },
  mailcow: { url: "https://mail.example.org", apiKey: "K" },
  access: { groups: ["g"] },
});

describe("README's configuration tables are the schema", () => {
  test.each(Object.keys(SECTION_OBJECTS))("`%s`: the same keys, and every default as the schema has it", (name) => {
    const rows = tableRows(section(README, `### \`${name}\``)).flatMap(([keys, fallback]) =>
      backticked(keys).map((key) => ({ key, fallback })),
    );
    const schema = SECTION_OBJECTS[name as keyof typeof SECTION_OBJECTS];
    expect(rows.map((row) => row.key).sort()).toEqual(Object.keys(schema.shape).sort());

    const required: Record<string, object> = { authentik: minimal().authentik, mailcow: minimal().mailcow };
    const parsed = schema.parse(required[name] ?? {}) as Record<string, unknown>;
    for (const { key, fallback } of rows) {
      if (fallback.startsWith("required")) {
        const raw = minimal();
        delete raw[name][key];
        const problems = (() => {
          try {
            parseSettings(raw as RawConfig, {});
            return [];
          } catch (error) {
            return (error as ConfigError).problems;
          }
        })();
        expect(problems.some((p) => p.startsWith(`mailcow-sso:${name}.${key}: `))).toBe(true);
      } else if (/^`[^`]+`$/.test(fallback)) {
        expect({ key, value: parsed[key] }).toEqual({ key, value: parse(fallback.slice(1, -1)) });
      } else {
        // Prose ("unset", "the mailcow URL", "generated …"): no default in the schema; the text says what applies.
        expect({ key, value: parsed[key] }).toEqual({ key, value: undefined });
      }
    }
  });

  test('every range a table states ("1 to 300") is the schema\'s: both ends pass, one step beyond fails', () => {
    const ranges = Object.entries(SECTION_OBJECTS).flatMap(([name, schema]) =>
      tableRows(section(README, `### \`${name}\``)).flatMap(([keys, , meaning]) => {
        const range = /\b(\d+) to (\d+)\b/.exec(meaning ?? "");
        return range ? backticked(keys).map((key) => ({ name, key, schema, min: +range[1], max: +range[2] })) : [];
      }),
    );
    expect(ranges.map(({ name, key }) => `${name}.${key}`)).toEqual([
      "mailcow.requestTimeoutSeconds",
      "mailcow.maxRetries",
      "mailcow.retryBackoffMs",
    ]);
    for (const { key, schema, min, max } of ranges) {
      const field = (schema.shape as Record<string, z.ZodType>)[key];
      expect([min, max].map((value) => field.safeParse(value).success)).toEqual([true, true]);
      expect([min - 0.5, max + 1].map((value) => field.safeParse(value).success)).toEqual([false, false]);
    }
  });

  test("the sample error is what the boundary prints for it", () => {
    const sample = section(README, "## Configuration").match(/```\n(Invalid stack configuration[\s\S]*?)\n```/)?.[1];
    const raw = { ...minimal(), application: { slug: "token" }, provisioning: { loginProvisoning: true } } as Record<
      string,
      Record<string, unknown>
    >;
    delete raw.mailcow.apiKey;
    expect(() => parseSettings(raw as RawConfig, {}, { stack: "dev" })).toThrow(ConfigError);
    try {
      parseSettings(raw as RawConfig, {}, { stack: "dev" });
    } catch (error) {
      expect((error as Error).message).toBe(sample);
    }
  });
});

test("the stack outputs table lists exactly what index.ts exports", () => {
  const exported = [...fs.readFileSync(path.join(ROOT, "index.ts"), "utf8").matchAll(/^export const (\w+)/gm)].map(
    (m) => m[1],
  );
  const documented = tableRows(section(README, "## Stack outputs")).flatMap(([outputs]) => backticked(outputs));
  expect(documented.sort()).toEqual(exported.sort());
});

test("the connection test section names every variable the script reads, and its defaults", () => {
  const text = section(README, "## The connection test");
  for (const name of [...Object.values(ENV), INSECURE_TLS_ENV, TIMEOUT_ENV]) expect(text).toContain(name);
  expect(text).toContain(`${TIMEOUT_ENV}\` (default ${DEFAULT_TIMEOUT_MS / 1000})`);
  // The rerun uses the stack's outputs for every authentik URL: none is typed by hand.
  expect(text).not.toMatch(/OIDC_\w+_URL=https:/);
});

describe("the workflows table says when each workflow runs", () => {
  const workflow = (file: string) =>
    parse(fs.readFileSync(path.join(ROOT, ".github", "workflows", file), "utf8")) as {
      on: Record<string, unknown>;
      jobs: Record<string, { steps: { run?: string; if?: string }[] }>;
    };
  const when = Object.fromEntries(
    tableRows(section(README, "## Pull requests, deploys and drift")).map(([file, cell, what]) => [
      backticked(file)[0],
      { cell, what },
    ]),
  );

  test("preview.yml: pull requests to main only", () => {
    expect(when["preview.yml"].cell).toBe("pull requests to `main`");
    expect(workflow("preview.yml").on).toEqual({ pull_request: { branches: ["main"] } });
  });

  test("deploy.yml: push to main, and by hand", () => {
    expect(when["deploy.yml"].cell).toBe("push to `main`, and by hand");
    expect(Object.keys(workflow("deploy.yml").on).sort()).toEqual(["push", "workflow_dispatch"]);
  });

  test("drift.yml: daily and by hand; on failure the job summary names the stack", () => {
    expect(when["drift.yml"].cell).toBe("daily, and by hand");
    const drift = workflow("drift.yml");
    expect(Object.keys(drift.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    expect(when["drift.yml"].what).toContain("the job summary names the stack and how to restore it");
    const summary = Object.values(drift.jobs)
      .flatMap((job) => job.steps)
      .find((step) => step.run?.includes("$GITHUB_STEP_SUMMARY"));
    expect(summary?.if).toBe("failure()");
    expect(summary?.run).toContain("${{ matrix.stack }}");
    expect(summary?.run).toMatch(/pulumi refresh|pulumi up/);
  });
});

test("policy/README's table is the pack: every policy, with its level and kind", () => {
  const rows = tableRows(section(POLICY_README, "## Policies")).map(([name, level, kind]) => ({
    name: backticked(name)[0],
    level,
    kind: kind.split(" ")[0],
  }));
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  expect(rows.sort(byName)).toEqual(
    policies
      .map((policy) => ({
        name: policy.name,
        level: policy.enforcementLevel,
        kind: "validateStack" in policy ? "stack" : "resource",
      }))
      .sort(byName),
  );
});

test("`npx jest policy/tests`, as policy/README says, runs the pack's tests and nothing else", () => {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".test.ts")) found.push(path.relative(ROOT, full));
    }
  };
  for (const root of ["tests", "components", "policy", "bench"]) walk(path.join(ROOT, root));
  expect(POLICY_README).toContain("`npx jest policy/tests`");
  const matched = found.filter((file) => /policy\/tests/.test(path.join(ROOT, file)));
  expect(matched.length).toBeGreaterThan(5);
  expect(matched.every((file) => file.startsWith("policy/tests/"))).toBe(true);
});

test("the quickstart goes in the order a newcomer can follow", () => {
  const text = section(README, "## Quickstart");
  const steps = [
    "npm ci",
    "pulumi stack init dev",
    "--secret --path authentik.token",
    "--path authentik.url",
    "pulumi preview -s dev",
    "pulumi up -s dev",
  ].map((step) => text.indexOf(step));
  expect(steps.every((at) => at >= 0)).toBe(true);
  expect([...steps].sort((a, b) => a - b)).toEqual(steps);
  expect(text).toContain("encryptionsalt");
  expect(text).toMatch(/Back that folder up/);
});

describe("links inside the documents lead somewhere", () => {
  const slug = (heading: string) =>
    heading
      .toLowerCase()
      .replace(/[^\w\s-]/g, "")
      .trim()
      .replace(/\s/g, "-");
  test.each([
    ["README.md", README],
    ["policy/README.md", POLICY_README],
  ])("%s", (file, text) => {
    const anchors = new Set([...text.matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1])));
    const links = [...text.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(links.filter((link) => !anchors.has(link))).toEqual([]);
    const dir = path.dirname(path.join(ROOT, file));
    const files = [...text.matchAll(/\]\(((?!https?:|#)[^)]+)\)/g)].map((m) => m[1]);
    expect(files.filter((target) => !fs.existsSync(path.join(dir, target)))).toEqual([]);
  });

  test("the connection test's own pointer names the README section by its title", () => {
    expect(README).toContain("\n## The connection test\n");
    expect(fs.readFileSync(path.join(ROOT, "components/connection-test/input.ts"), "utf8")).toContain(
      '(see README: "The connection test")',
    );
  });
});
