import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { mailcowConnectionFields } from "./mailcow/connection";
import { overlay, readProjectDefaults } from "./project-defaults";
import {
  baseUrl,
  claimValue,
  duplicatesOf,
  formatPath,
  httpProblem,
  httpsUnlessAllowed,
  scopeList,
  secretValue,
  templateName,
  uniqueClaimValues,
  url,
} from "./rules";

/** The project namespace of every stack config key (`mailcow-sso:<key>`). */
export const PROJECT = "mailcow-sso";

/** Top-level stack config keys, each a structured object (`pulumi config set --path <key>.<field> ...`). */
export const CONFIG_KEYS = [
  "authentik",
  "mailcow",
  "application",
  "oauth2",
  "access",
  "provisioning",
  "adopt",
] as const;
export type RawConfig = Partial<Record<(typeof CONFIG_KEYS)[number], unknown>>;

/** Slugs that authentik serves under /application/o/ itself, so an application cannot use them. */
export const RESERVED_SLUGS = ["authorize", "token", "device", "userinfo", "introspect", "revoke"];

const DURATION_UNITS = ["microseconds", "milliseconds", "seconds", "minutes", "hours", "days", "weeks"];
const DURATION = new RegExp(
  `^(?:${DURATION_UNITS.join("|")})=\\d+(?:\\.\\d+)?(?:;(?:${DURATION_UNITS.join("|")})=\\d+(?:\\.\\d+)?)*$`,
);
const SLUG = /^[a-z0-9][a-z0-9_-]*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const nonEmpty = (what: string) =>
  z
    .string({ error: `must be ${what}` })
    .trim()
    .min(1, { error: `must not be empty` });

const duration = z.string().regex(DURATION, {
  error: `must be an authentik duration such as "hours=1;minutes=2" (units: ${DURATION_UNITS.join(", ")})`,
});

const slug = z
  .string()
  .regex(SLUG, { error: "must be a slug: lower-case letters, digits, '-' and '_', starting with a letter or digit" })
  .refine((s) => !RESERVED_SLUGS.includes(s), {
    error: `is reserved by authentik (${RESERVED_SLUGS.join(", ")}); choose another slug`,
  });

/** An ordered access entry: a bare name, or `{ name, order }`. */
const accessEntry = (field: "name" | "username" | "id", value: z.ZodString) =>
  z.union([value, z.object({ [field]: value, order: z.number().int().nonnegative().optional() }).strict()], {
    error: `must be a string or { ${field}, order }`,
  });

const authentikSchema = z
  .object({
    url: baseUrl,
    token: z.string().optional(),
    insecure: z.boolean().default(false),
    allowHttp: z.boolean().default(false),
  })
  .strict()
  .superRefine(...httpsUnlessAllowed(["url"], "allowHttp", "authentik.allowHttp"));

/** The provider's connection fields (shared with its configure) and what the component passes on as inputs. */
const mailcowSchema = z
  .object({
    url: baseUrl,
    ...mailcowConnectionFields,
    allowHttp: z.boolean().default(false),
    ignoreSslError: z.boolean().default(false),
    adoptExisting: z.boolean().default(false),
    onDelete: z.enum(["remove", "retain"]).default("remove"),
    redirectUrlExtra: z.array(url).default([]),
    clientScopes: scopeList,
    connectionTest: z.boolean().default(true),
  })
  .strict()
  .superRefine(...httpsUnlessAllowed(["url", "redirectUrlExtra"], "allowHttp", "mailcow.allowHttp"));

const applicationSchema = z
  .object({
    name: nonEmpty("the application's display name").default("mailcow"),
    slug: slug.default("mailcow"),
    group: z.string().optional(),
    policyEngineMode: z.enum(["any", "all"]).default("any"),
    launchUrl: url.optional(),
    icon: z.string().optional(),
    description: z.string().optional(),
    publisher: z.string().optional(),
    openInNewTab: z.boolean().default(false),
  })
  .strict();

const oauth2Schema = z
  .object({
    name: z.string().trim().min(1, { error: "must not be empty" }).optional(),
    authorizationFlow: slug.default("default-provider-authorization-implicit-consent"),
    invalidationFlow: slug.default("default-provider-invalidation-flow"),
    signingKey: nonEmpty("the name of an authentik certificate-key pair").default("authentik Self-signed Certificate"),
    accessCodeValidity: duration.default("minutes=1"),
    accessTokenValidity: duration.default("minutes=10"),
    refreshTokenValidity: duration.default("days=30"),
    subMode: z
      .enum(["hashed_user_id", "user_id", "user_uuid", "user_username", "user_email", "user_upn"])
      .default("hashed_user_id"),
    issuerMode: z.enum(["per_provider", "global"]).default("per_provider"),
    clientId: z
      // `pulumi config set --path` stores an all-digit value as a number.
      .union([z.string(), z.number().int().nonnegative().transform(String)])
      .pipe(z.string().regex(/^[A-Za-z0-9._~-]{1,255}$/, { error: "must be 1-255 characters of A-Z a-z 0-9 . _ ~ -" }))
      .optional(),
    // Pinned by `npm run adopt` to keep a hand-made setup's secret; while set, clientSecretRotation has no effect.
    clientSecret: secretValue.max(255, { error: "must be at most 255 characters (authentik's limit)" }).optional(),
    clientSecretRotation: z.union([z.string(), z.number()]).transform(String).default("1"),
  })
  .strict();

const accessSchema = z
  .object({
    public: z.boolean().default(false),
    groups: z.array(accessEntry("name", nonEmpty("an authentik group name"))).default([]),
    users: z.array(accessEntry("username", nonEmpty("an authentik username"))).default([]),
    policies: z
      .array(accessEntry("id", z.string().regex(UUID, { error: "must be the UUID of an existing authentik policy" })))
      .default([]),
  })
  .strict();

const templateMappingSchema = z
  .object({
    group: nonEmpty("an authentik group name"),
    template: templateName,
    claimValue: claimValue.optional(),
  })
  .strict();

/** Mappings with the claim value filled in (the group name unless given); claim values follow mailcow's rules. */
const templateMappingsSchema = z
  .array(templateMappingSchema)
  .default([])
  .transform((mappings) =>
    mappings.map((m) => ({ group: m.group, template: m.template, claimValue: m.claimValue ?? m.group })),
  )
  .superRefine((mappings, ctx) => {
    mappings.forEach((mapping, i) => {
      const result = claimValue.safeParse(mapping.claimValue);
      if (!result.success) {
        ctx.addIssue({
          code: "custom",
          path: [i, "claimValue"],
          message: `(from the group name) ${result.error.issues[0].message}`,
        });
      }
    });
    for (const dup of duplicatesOf(mappings.map((m) => m.group))) {
      ctx.addIssue({
        code: "custom",
        message: `group "${dup}" is mapped twice; the first match wins, so list it once`,
      });
    }
    uniqueClaimValues(
      mappings.map((m) => m.claimValue),
      ctx,
    );
  });

const provisioningSchema = z
  .object({
    loginProvisioning: z.boolean().default(false),
    defaultTemplate: templateName.optional(),
    templateMappings: templateMappingsSchema,
  })
  .strict();

/** An authentik object ID as `pulumi config set --path` stores it: digits become numbers. */
const objectId = (what: string, pattern: RegExp) =>
  z
    .union([z.string(), z.number().int().nonnegative().transform(String)])
    .pipe(z.string().regex(pattern, { error: `must be ${what}` }));

/** Written by `npm run adopt`: IDs of a hand-made setup's objects, passed as `import` when the stack first creates them. */
const adoptSchema = z
  .object({
    oauth2Provider: objectId("the integer pk of an authentik OAuth2 provider", /^\d+$/).optional(),
    application: slug.optional(),
    templateScope: objectId("the UUID of an authentik scope mapping", UUID).optional(),
    bindings: z
      .array(
        z
          .object({
            kind: z.enum(["group", "user", "policy"]),
            ref: nonEmpty("the group name, username or policy UUID of an access entry"),
            id: objectId("the UUID of an authentik policy binding", UUID),
          })
          .strict(),
      )
      .default([]),
    removeBindings: z.array(objectId("the UUID of an authentik policy binding", UUID)).default([]),
  })
  .strict();
export type AdoptSettings = z.infer<typeof adoptSchema>;

/** Each top-level key is parsed on its own so that one broken section does not hide the problems of another. */
const sectionSchemas = {
  authentik: authentikSchema,
  mailcow: mailcowSchema,
  application: applicationSchema.prefault({}),
  oauth2: oauth2Schema.prefault({}),
  access: accessSchema.prefault({}),
  provisioning: provisioningSchema.prefault({}),
  adopt: adoptSchema.prefault({}),
};
type Parsed = { [K in keyof typeof sectionSchemas]: z.infer<(typeof sectionSchemas)[K]> };

export interface AccessBinding {
  kind: "group" | "user" | "policy";
  /** Group name, username or policy UUID: the logical name of the binding derives from it, never its position. */
  ref: string;
  order: number;
}

export interface TemplateMapping {
  group: string;
  claimValue: string;
  template: string;
}

/** Validated settings with plain secrets: the pure result of parsing. `loadSettings` turns secrets into Outputs. */
export interface PlainSettings {
  authentik: { url: string; token: string; insecure: boolean; allowHttp: boolean };
  mailcow: Omit<Parsed["mailcow"], "apiKey" | "url"> & { url: string; apiKey: string };
  application: Omit<Parsed["application"], "launchUrl"> & { launchUrl: string };
  oauth2: Parsed["oauth2"];
  access: { public: boolean; bindings: AccessBinding[] };
  provisioning: { loginProvisioning: boolean; defaultTemplate?: string; templateMappings: TemplateMapping[] };
  adopt: AdoptSettings;
}

/** What the components receive: the same settings, with every secret as a secret Output. */
export type Settings = Omit<PlainSettings, "authentik" | "mailcow" | "oauth2"> & {
  authentik: Omit<PlainSettings["authentik"], "token"> & { token: pulumi.Output<string> };
  mailcow: Omit<PlainSettings["mailcow"], "apiKey"> & { apiKey: pulumi.Output<string> };
  oauth2: Omit<PlainSettings["oauth2"], "clientSecret"> & { clientSecret?: pulumi.Output<string> };
};

/**
 * One error for the whole config, listing every problem with its key and a hint. A RunError, so Pulumi prints the
 * message alone instead of a stack trace.
 */
export class ConfigError extends pulumi.RunError {
  constructor(readonly problems: string[]) {
    super(
      `Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${p}`).join("\n") +
        "\nNothing was created. Fix the keys above in Pulumi.<stack>.yaml (or with `pulumi config set --path`) and run again.",
    );
    this.name = "ConfigError";
  }
}

/** `mailcow-sso:mailcow.url` style key for a zod issue path. */
export function configKey(path: readonly PropertyKey[]): string {
  return path.length === 0 ? PROJECT : `${PROJECT}:${formatPath(path)}`;
}

function secretFrom(configured: string | undefined, envName: string, env: NodeJS.ProcessEnv): string | undefined {
  const value = configured ?? env[envName];
  return value && value.trim() !== "" ? value : undefined;
}

function accessBindings(access: Parsed["access"]): AccessBinding[] {
  const entries = (kind: AccessBinding["kind"], field: string, list: unknown[]): AccessBinding[] =>
    list.map((entry, index) =>
      typeof entry === "string"
        ? { kind, ref: entry, order: index * 10 }
        : {
            kind,
            ref: (entry as Record<string, string>)[field],
            order: (entry as { order?: number }).order ?? index * 10,
          },
    );
  return [
    ...entries("group", "name", access.groups),
    ...entries("user", "username", access.users),
    ...entries("policy", "id", access.policies),
  ];
}

/**
 * Validates raw stack config and resolves secrets from config or the environment.
 * Throws one ConfigError that lists every problem; never touches Pulumi resources.
 */
export function parseSettings(raw: RawConfig, env: NodeJS.ProcessEnv = process.env): PlainSettings {
  const problems: string[] = [];
  const section = <K extends keyof Parsed>(key: K): Parsed[K] | undefined => {
    const result = sectionSchemas[key].safeParse(raw[key], { reportInput: true });
    if (result.success) return result.data as Parsed[K];
    for (const issue of result.error.issues) {
      const where = configKey([key, ...issue.path]);
      const message =
        issue.code === "invalid_type" && issue.input === undefined
          ? `is required; set it with \`pulumi config set --path ${where.slice(PROJECT.length + 1)} <value>\``
          : issue.message;
      problems.push(`${where}: ${message}`);
    }
    return undefined;
  };
  const authentik = section("authentik");
  const mailcow = section("mailcow");
  const application = section("application");
  const oauth2 = section("oauth2");
  const access = section("access");
  const provisioning = section("provisioning");
  const adopt = section("adopt");

  let token: string | undefined;
  if (authentik) {
    token = secretFrom(authentik.token, "AUTHENTIK_TOKEN", env);
    if (!token) {
      problems.push(
        `${configKey(["authentik", "token"])}: no authentik API token; run \`pulumi config set --secret --path authentik.token <token>\` or export AUTHENTIK_TOKEN`,
      );
    }
  }

  let apiKey: string | undefined;
  if (mailcow) {
    apiKey = secretFrom(mailcow.apiKey, "MAILCOW_API_KEY", env);
    if (!apiKey) {
      problems.push(
        `${configKey(["mailcow", "apiKey"])}: no mailcow API key; run \`pulumi config set --secret --path mailcow.apiKey <key>\` or export MAILCOW_API_KEY`,
      );
    }
  }

  // The one http rule that spans sections: the launch URL is a mailcow page.
  const launchProblem = mailcow?.allowHttp ? undefined : httpProblem(application?.launchUrl, "mailcow.allowHttp");
  if (launchProblem !== undefined) problems.push(`${configKey(["application", "launchUrl"])}: ${launchProblem}`);

  const bindings = access ? accessBindings(access) : [];
  if (access) {
    for (const kind of ["group", "user", "policy"] as const) {
      const field = { group: "groups", user: "users", policy: "policies" }[kind];
      for (const dup of duplicatesOf(bindings.filter((b) => b.kind === kind).map((b) => b.ref))) {
        problems.push(`${configKey(["access", field])}: "${dup}" is listed twice; list each ${kind} once`);
      }
    }
    if (bindings.length === 0 && !access.public) {
      problems.push(
        `${configKey(["access"])}: no groups, users or policies may use the application, which makes it open to every authentik user; add access.groups or set access.public: true`,
      );
    }
  }

  if (adopt) {
    for (const binding of adopt.bindings) {
      if (!bindings.some((b) => b.kind === binding.kind && b.ref === binding.ref)) {
        problems.push(
          `${configKey(["adopt", "bindings"])}: ${binding.kind} "${binding.ref}" is not in the access settings; run npm run adopt again or remove the entry`,
        );
      }
    }
  }

  if (problems.length > 0 || !authentik || !mailcow || !application || !oauth2 || !access || !provisioning || !adopt) {
    throw new ConfigError(problems);
  }
  return {
    authentik: { url: authentik.url, token: token!, insecure: authentik.insecure, allowHttp: authentik.allowHttp },
    mailcow: { ...mailcow, apiKey: apiKey! },
    application: { ...application, launchUrl: application.launchUrl ?? mailcow.url },
    oauth2,
    access: { public: access.public, bindings },
    provisioning: {
      loginProvisioning: provisioning.loginProvisioning,
      defaultTemplate: provisioning.defaultTemplate,
      templateMappings: provisioning.templateMappings,
    },
    adopt,
  };
}

/**
 * Reads every structured key of the stack config as plain JSON (secret parts included, wrapped right after), laid
 * field by field over the project defaults of Pulumi.yaml.
 */
export function readRawConfig(
  config: pulumi.Config = new pulumi.Config(PROJECT),
  projectDefaults: Record<string, unknown> = readProjectDefaults(),
): RawConfig {
  const raw: RawConfig = {};
  const problems: string[] = [];
  for (const key of CONFIG_KEYS) {
    try {
      raw[key] = overlay(projectDefaults[key], config.getObject<unknown>(key));
    } catch {
      problems.push(
        `${configKey([key])}: is not a structured value; set its fields with \`pulumi config set --path ${key}.<field> <value>\``,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return raw;
}

/** The one config boundary: read, validate, and wrap the secrets as secret Outputs. */
export function loadSettings(config?: pulumi.Config, env: NodeJS.ProcessEnv = process.env): Settings {
  const plain = parseSettings(readRawConfig(config), env);
  return {
    ...plain,
    authentik: { ...plain.authentik, token: pulumi.secret(plain.authentik.token) },
    mailcow: { ...plain.mailcow, apiKey: pulumi.secret(plain.mailcow.apiKey) },
    oauth2: {
      ...plain.oauth2,
      clientSecret: plain.oauth2.clientSecret === undefined ? undefined : pulumi.secret(plain.oauth2.clientSecret),
    },
  };
}
