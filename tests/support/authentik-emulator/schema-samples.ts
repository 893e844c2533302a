// Request bodies generated from the schema's ...Request models: a valid value for every property (by type and
// format, with the references a field needs taken from a hand-made setup) and an invalid one per kind of rule.
import type { AuthentikEmulator } from "./emulator";
import { type OpenApi, type SchemaObject, resolve } from "./openapi";
import type { HandMadeSetup } from "./test-client";

export interface SampleContext {
  emulator: AuthentikEmulator;
  setup: HandMadeSetup;
  /** Distinguishes the values of two samples (create vs update) and keeps unique fields unique. */
  variant: number;
  /** Fresh objects a sample may reference once (an application's provider is one-to-one). */
  freeProviderPk: number;
}

/** Values whose meaning the type alone does not give: references to stored objects and formatted strings. */
function semantic(model: string, field: string, ctx: SampleContext): { value: unknown } | undefined {
  const { store } = ctx.emulator;
  const n = ctx.variant;
  const flows = ["default-provider-authorization-implicit-consent", "default-provider-authorization-explicit-consent"];
  const byField: Record<string, () => unknown> = {
    authorization_flow: () => store.flowBySlug(flows[n % 2])!.pk,
    invalidation_flow: () =>
      store.flowBySlug(n % 2 ? "default-invalidation-flow" : "default-provider-invalidation-flow")!.pk,
    authentication_flow: () => store.flowBySlug("default-authentication-flow")!.pk,
    property_mappings: () => [ctx.setup.templateMappingPk],
    signing_key: () => store.certificateByName("authentik Self-signed Certificate")!.pk,
    encryption_key: () => store.certificateByName("authentik Internal JWT Certificate")!.pk,
    target: () => ctx.setup.applicationPk,
    parents: () => [ctx.setup.groupPk],
    users: () => [1],
    roles: () => [],
    provider: () => ctx.freeProviderPk,
    backchannel_providers: () => [ctx.setup.providerPk],
    jwt_federation_sources: () => [],
    jwt_federation_providers: () => [ctx.setup.providerPk],
    managed: () => `example.org/managed/${model}-${n}`,
    redirect_uris: () => [
      { matching_mode: "regex", url: `https://.*\\.example${n}\\.org/`, redirect_uri_type: "logout" },
    ],
    grant_types: () => (n % 2 ? ["authorization_code", "refresh_token"] : ["client_credentials"]),
    attributes: () => ({ sample: n }),
    expression: () => `return {"n": ${n}}`,
  };
  if (/_validity$|_threshold$/.test(field)) return { value: n % 2 ? "hours=2" : "minutes=5;seconds=3" };
  if (model.endsWith("PolicyBindingRequest")) {
    if (field === "group") return { value: ctx.setup.groupPk };
    if (field === "policy" || field === "user") return { value: null };
  }
  if (model.endsWith("ApplicationRequest") && field === "group") return { value: `label-${n}` };
  return field in byField ? { value: byField[field]() } : undefined;
}

/** A valid value for one property of a request model. */
export function sampleValue(
  doc: OpenApi,
  model: string,
  field: string,
  schema: SchemaObject,
  ctx: SampleContext,
): unknown {
  const special = semantic(model, field, ctx);
  if (special) return special.value;
  const s = resolve(doc, schema);
  const n = ctx.variant;
  if (s.enum) return s.enum[(n + 1) % s.enum.length];
  if (s.format === "uri") return `https://example${n}.org/${field}`;
  switch (s.type) {
    case "boolean":
      return n % 2 === 0;
    case "integer":
      return Math.min(s.maximum ?? 1000, Math.max(s.minimum ?? 0, 40 + n));
    case "array":
      return [];
    case "object":
      return {};
    default:
      return `${field.replace(/_/g, "-")}-${n}-${Math.random().toString(36).slice(2, 8)}`;
  }
}

/** Every property of a request model with a valid value. */
export function sampleBody(doc: OpenApi, model: string, ctx: SampleContext): Record<string, unknown> {
  const schema = doc.components.schemas[model];
  return Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([field, property]) => [
      field,
      sampleValue(doc, model, field, property, ctx),
    ]),
  );
}

/** Invalid values the schema rules out, each with the message DRF gives for it. */
export function invalidValues(doc: OpenApi, schema: SchemaObject): [unknown, RegExp][] {
  const s = resolve(doc, schema);
  const cases: [unknown, RegExp][] = [];
  if (!s.nullable) cases.push([null, /^This field may not be null\.$/]);
  if (s.enum) cases.push(["no-such-choice", /^"no-such-choice" is not a valid choice\.$/]);
  else if (s.type === "boolean") cases.push(["maybe", /^Must be a valid boolean\.$/]);
  // IntegerField and PrimaryKeyRelatedField to an integer pk word it differently.
  else if (s.type === "integer") {
    cases.push(["many", /^(A valid integer is required\.|Incorrect type\. Expected pk value, received str\.)$/]);
  } else if (s.type === "string" && s.format === "uuid")
    cases.push(["not-a-uuid", /^“not-a-uuid” is not a valid UUID\.$/]);
  else if (s.type === "string" && s.format === "uri") cases.push(["not a url", /^Enter a valid URL\.$/]);
  else if (s.type === "string" && (s.minLength ?? 0) >= 1) cases.push(["   ", /^This field may not be blank\.$/]);
  if (s.type === "string" && s.maxLength !== undefined) {
    cases.push([
      "x".repeat(s.maxLength + 1),
      new RegExp(`^Ensure this field has no more than ${s.maxLength} characters\\.$`),
    ]);
  }
  if (s.type === "array") cases.push(["not-a-list", /^Expected a list of items but got type "str"\.$/]);
  return cases;
}
