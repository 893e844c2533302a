/**
 * The schema of the stack config: one zod object per top-level key, and the only place defaults are written.
 * Limits are authentik's own where it has them (its 2026.5 OpenAPI schema, node_modules/@goauthentik/api/schema.yml),
 * cited beside each; cross-section rules live in config.ts.
 */
import { z } from "zod";
import { formatDuration, parseDurationSeconds } from "../policy/durations";
import { mailcowConnectionFields } from "./mailcow/connection";
import {
  baseUrl,
  claimValue,
  duplicatesOf,
  freeText,
  httpsUnlessAllowed,
  numberFromText,
  scopeList,
  secretValue,
  strictObject,
  stringOrObject,
  templateName,
  uniqueClaimValues,
  url,
  visibleName,
} from "./rules";

/** The project namespace of every stack config key (`mailcow-sso:<key>`). */
export const PROJECT = "mailcow-sso";

/** Slugs that authentik serves under /application/o/ itself, so an application cannot use them. */
export const RESERVED_SLUGS = ["authorize", "token", "device", "userinfo", "introspect", "revoke"];

// authentik's schema gives slugs a pattern and no maximum, so an overlong one fails only at apply (in request paths
// and the issuer URL); 255 is the longest identifier the schema allows anywhere (client_id, a token's identifier).
export const MAX_SLUG_LENGTH = 255;
/** PolicyBindingRequest.order in authentik's schema: a 32-bit signed integer (this project uses 0 and up). */
export const MAX_BINDING_ORDER = 2_147_483_647;
/** UserRequest.username in authentik's schema. */
export const MAX_USERNAME_LENGTH = 150;
/**
 * authentik parses validities with Python's timedelta (authentik/lib/utils/time.py, timedelta_from_string) and adds
 * them to now() when it issues a code or token: timedelta ends at 999,999,999 days and datetime at the year 9999, so
 * huge values fail when the provider is saved or when a user signs in. 100 years stays far below both; under a
 * second, a code or token expires before mailcow can use it.
 */
export const VALIDITY_SECONDS = { min: 1, max: 100 * 365 * 86_400 };

const DURATION_UNITS = ["microseconds", "milliseconds", "seconds", "minutes", "hours", "days", "weeks"];
const DURATION = new RegExp(
  `^(?:${DURATION_UNITS.join("|")})=\\d+(?:\\.\\d+)?(?:;(?:${DURATION_UNITS.join("|")})=\\d+(?:\\.\\d+)?)*$`,
);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const flag = (fallback: boolean) => z.boolean({ error: "must be true or false" }).default(fallback);

const validity = z.string({ error: 'must be an authentik duration such as "minutes=10"' }).superRefine((text, ctx) => {
  if (!DURATION.test(text)) {
    ctx.addIssue({
      code: "custom",
      message: `must be an authentik duration such as "hours=1;minutes=2" (units: ${DURATION_UNITS.join(", ")})`,
    });
    return;
  }
  for (const unit of duplicatesOf(text.split(";").map((pair) => pair.split("=")[0]))) {
    ctx.addIssue({ code: "custom", message: `gives ${unit} twice; authentik keeps only the last, so give it once` });
  }
  const seconds = parseDurationSeconds(text) ?? 0;
  if (seconds < VALIDITY_SECONDS.min) {
    ctx.addIssue({ code: "custom", message: "must be at least seconds=1; a shorter validity expires before use" });
  } else if (seconds > VALIDITY_SECONDS.max) {
    ctx.addIssue({ code: "custom", message: `must be at most ${formatDuration(VALIDITY_SECONDS.max)} (100 years)` });
  }
});

const slugText = (pattern: RegExp, what: string) =>
  z
    .string({ error: "must be a slug" })
    .regex(pattern, { error: `must be a slug: ${what}` })
    .max(MAX_SLUG_LENGTH, { error: `must be at most ${MAX_SLUG_LENGTH} characters` });

/** An application slug; lower-case only, because it is part of the issuer URL that mailcow compares. */
const applicationSlug = slugText(
  /^[a-z0-9][a-z0-9_-]*$/,
  "lower-case letters, digits, '-' and '_', starting with a letter or digit",
).refine((s) => !RESERVED_SLUGS.includes(s), {
  error: `is reserved by authentik (${RESERVED_SLUGS.join(", ")}); choose another slug`,
});

/** A flow slug, with authentik's own pattern (FlowRequest.slug). */
const flowSlug = slugText(/^[-a-zA-Z0-9_]+$/, "letters, digits, '-' and '_'");

/** A UUID, kept as written (binding names derive from it); config.ts compares UUIDs case-insensitively, as authentik. */
const uuid = (what: string) => z.string({ error: `must be ${what}` }).regex(UUID, { error: `must be ${what}` });

const groupName = visibleName("an authentik group name");
const username = visibleName("an authentik username", MAX_USERNAME_LENGTH);
const bindingOrder = numberFromText(
  z
    .number({ error: "must be a whole number" })
    .int({ error: "must be a whole number" })
    .min(0, { error: "must be >=0" })
    .max(MAX_BINDING_ORDER, { error: `must be at most ${MAX_BINDING_ORDER} (authentik stores a 32-bit integer)` }),
);

/** An ordered access entry: a bare name, or `{ <field>, order }`. */
const accessEntry = (field: "name" | "username" | "id", value: z.ZodType<string, string>) =>
  stringOrObject(value, strictObject({ [field]: value, order: bindingOrder.optional() }));

/** An authentik object ID as `pulumi config set --path` stores it: digits become numbers. */
const objectId = (what: string, id: z.ZodType<string, string>) =>
  z.union([z.string(), z.number().int().nonnegative().transform(String)], { error: `must be ${what}` }).pipe(id);

const authentik = strictObject({
  url: baseUrl,
  token: z.string({ error: "must be a string" }).optional(),
  insecure: flag(false),
  allowHttp: flag(false),
}).superRefine(...httpsUnlessAllowed(["url"], "allowHttp", "authentik.allowHttp"));

/** A stack's timeout that rounds to 0 ms would silently become the client's 15 s, and under a second no mailcow answers. */
const requestTimeoutSeconds = mailcowConnectionFields.requestTimeoutSeconds.refine((seconds) => seconds >= 1, {
  error: "must be at least 1 second",
});

/** The provider's connection fields (shared with its configure) and what the component passes on as inputs. */
const mailcow = strictObject({
  url: baseUrl,
  ...mailcowConnectionFields,
  requestTimeoutSeconds,
  allowHttp: flag(false),
  ignoreSslError: flag(false),
  // The policy pack's exception for ignoreSslError, declared here and nowhere else (see policy/README.md).
  allowIgnoreSslError: flag(false),
  adoptExisting: flag(false),
  onDelete: z.enum(["remove", "retain"], { error: 'must be "remove" or "retain"' }).default("remove"),
  redirectUrlExtra: z.array(url, { error: "must be a list of URLs" }).default([]),
  clientScopes: scopeList,
  connectionTest: flag(true),
})
  .superRefine(...httpsUnlessAllowed(["url", "redirectUrlExtra"], "allowHttp", "mailcow.allowHttp"))
  .superRefine((value, ctx) => {
    // Compared as browsers send them (host lower-cased, default port dropped): one redirect URL, registered once.
    const normalised = value.redirectUrlExtra.map((extra) => new URL(extra).href);
    normalised.forEach((href, i) => {
      if (href === new URL(value.url).href) {
        ctx.addIssue({ code: "custom", path: ["redirectUrlExtra", i], message: "is mailcow.url itself; remove it" });
      } else if (normalised.indexOf(href) !== i) {
        ctx.addIssue({ code: "custom", path: ["redirectUrlExtra", i], message: "is listed twice; list it once" });
      }
    });
  });

const application = strictObject({
  name: visibleName("the application's display name").default("mailcow"),
  slug: applicationSlug.default("mailcow"),
  group: freeText("a label for the user's application library").optional(),
  policyEngineMode: z.enum(["any", "all"], { error: 'must be "any" or "all"' }).default("any"),
  launchUrl: url.optional(),
  icon: freeText("an icon URL or path").optional(),
  description: freeText("a description", { multiLine: true }).optional(),
  publisher: freeText("a publisher name").optional(),
  openInNewTab: flag(false),
});

const oauth2 = strictObject({
  name: visibleName("the OAuth2 provider's name").optional(),
  authorizationFlow: flowSlug.default("default-provider-authorization-implicit-consent"),
  invalidationFlow: flowSlug.default("default-provider-invalidation-flow"),
  signingKey: visibleName("the name of an authentik certificate-key pair").default("authentik Self-signed Certificate"),
  accessCodeValidity: validity.default("minutes=1"),
  accessTokenValidity: validity.default("minutes=10"),
  refreshTokenValidity: validity.default("days=30"),
  subMode: z
    .enum(["hashed_user_id", "user_id", "user_uuid", "user_username", "user_email", "user_upn"])
    .default("hashed_user_id"),
  issuerMode: z.enum(["per_provider", "global"]).default("per_provider"),
  // OAuth2ProviderRequest.client_id: at most 255 characters (here also only URL-safe ones).
  clientId: objectId(
    "a client ID",
    z.string().regex(/^[A-Za-z0-9._~-]{1,255}$/, { error: "must be 1-255 characters of A-Z a-z 0-9 . _ ~ -" }),
  ).optional(),
  // Pinned by `npm run adopt` to keep a hand-made setup's secret; while set, clientSecretRotation has no effect.
  clientSecret: secretValue.max(255, { error: "must be at most 255 characters (authentik's limit)" }).optional(),
  clientSecretRotation: z
    .union([z.string(), z.number()], { error: "must be a string or a number" })
    .transform(String)
    .default("1"),
});

const access = strictObject({
  public: flag(false),
  groups: z.array(accessEntry("name", groupName), { error: "must be a list" }).default([]),
  users: z.array(accessEntry("username", username), { error: "must be a list" }).default([]),
  policies: z
    .array(accessEntry("id", uuid("the UUID of an existing authentik policy")), { error: "must be a list" })
    .default([]),
});

/** Mappings with the claim value filled in (the group name unless given); claim values follow mailcow's rules. */
const templateMappings = z
  .array(strictObject({ group: groupName, template: templateName, claimValue: claimValue.optional() }), {
    error: "must be a list of { group, template, claimValue? }",
  })
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

const provisioning = strictObject({
  loginProvisioning: flag(false),
  defaultTemplate: templateName.optional(),
  templateMappings,
});

const bindingUuid = objectId(
  "the UUID of an authentik policy binding",
  uuid("the UUID of an authentik policy binding"),
);

/** Written by `npm run adopt`: IDs of a hand-made setup's objects, passed as `import` when the stack first creates them. */
const adopt = strictObject({
  oauth2Provider: objectId(
    "the integer pk of an authentik OAuth2 provider",
    z.string().regex(/^\d+$/, { error: "must be the integer pk of an authentik OAuth2 provider" }),
  ).optional(),
  application: applicationSlug.optional(),
  templateScope: objectId(
    "the UUID of an authentik scope mapping",
    uuid("the UUID of an authentik scope mapping"),
  ).optional(),
  bindings: z
    .array(
      strictObject({
        kind: z.enum(["group", "user", "policy"]),
        ref: visibleName("the group name, username or policy UUID of an access entry"),
        id: bindingUuid,
      }),
    )
    .default([]),
  removeBindings: z.array(bindingUuid).default([]),
});

/** The object of each top-level key, with its fields (README's tables list them: tests/readme.test.ts). */
export const SECTION_OBJECTS = { authentik, mailcow, application, oauth2, access, provisioning, adopt };

/** One schema per top-level key; each is parsed on its own, so one broken section does not hide another's problems. */
export const SECTION_SCHEMAS = {
  authentik,
  mailcow,
  application: application.prefault({}),
  oauth2: oauth2.prefault({}),
  access: access.prefault({}),
  provisioning: provisioning.prefault({}),
  adopt: adopt.prefault({}),
};

/** Top-level stack config keys, each a structured object (`pulumi config set --path <key>.<field> ...`). */
export const CONFIG_KEYS = Object.keys(SECTION_SCHEMAS) as (keyof typeof SECTION_SCHEMAS)[];

export type Parsed = { [K in keyof typeof SECTION_SCHEMAS]: z.infer<(typeof SECTION_SCHEMAS)[K]> };
export type AdoptSettings = Parsed["adopt"];
