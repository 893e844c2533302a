// Test-side reader of authentik's OpenAPI schema (node_modules/@goauthentik/api/schema.yml, the API of
// authentik 2026.5) and a checker for the subset of OpenAPI 3 it uses, so fidelity tests can hold the
// emulator's routes, responses and request validation against the real contract.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

export interface SchemaObject {
  $ref?: string;
  type?: "string" | "integer" | "number" | "boolean" | "array" | "object";
  format?: string;
  nullable?: boolean;
  readOnly?: boolean;
  writeOnly?: boolean;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  additionalProperties?: boolean | SchemaObject;
  allOf?: SchemaObject[];
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: SchemaObject;
}

export interface Operation {
  operationId: string;
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { content: Record<string, { schema: SchemaObject }>; required?: boolean };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: SchemaObject }> }>;
  security?: Record<string, unknown>[];
}

export interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, SchemaObject>;
    parameters: Record<string, Parameter>;
    responses: Record<string, { content: Record<string, { schema: SchemaObject }> }>;
  };
}

export const SCHEMA_FILE = path.resolve(__dirname, "../../../node_modules/@goauthentik/api/schema.yml");

let cached: OpenApi | undefined;

export function loadSchema(): OpenApi {
  cached ??= parse(readFileSync(SCHEMA_FILE, "utf8"), { maxAliasCount: -1 }) as OpenApi;
  return cached;
}

/** Follows $ref (and a lone allOf wrapper, keeping the wrapper's nullable/readOnly) to the schema itself. */
export function resolve(doc: OpenApi, schema: SchemaObject): SchemaObject {
  if (schema.$ref) return resolve(doc, doc.components.schemas[schema.$ref.split("/").pop()!]);
  if (schema.allOf && schema.allOf.length === 1) {
    const { allOf, ...outer } = schema;
    return { ...resolve(doc, allOf[0]), ...outer };
  }
  return schema;
}

export const modelName = (schema: SchemaObject): string | undefined => schema.$ref?.split("/").pop();

export function operation(doc: OpenApi, template: string, method: string): Operation | undefined {
  return doc.paths[template]?.[method.toLowerCase()];
}

export function parameters(doc: OpenApi, op: Operation): Parameter[] {
  return (op.parameters ?? []).map((p) =>
    "$ref" in p ? doc.components.parameters[p.$ref.split("/").pop()!] : (p as Parameter),
  );
}

/** The JSON schema of an operation's response for a status, resolved through components.responses. */
export function responseSchema(doc: OpenApi, op: Operation, status: string): SchemaObject | undefined {
  const response = op.responses[status];
  if (!response) return undefined;
  const content = response.$ref ? doc.components.responses[response.$ref.split("/").pop()!].content : response.content;
  return content?.["application/json"]?.schema;
}

export function requestSchema(op: Operation): SchemaObject | undefined {
  return op.requestBody?.content["application/json"]?.schema;
}

const FORMATS: Record<string, (value: string) => boolean> = {
  uuid: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v),
  "date-time": (v) =>
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(v) && !Number.isNaN(Date.parse(v)),
  email: (v) => v === "" || /^[^@\s]+@[^@\s]+$/.test(v),
  uri: (v) => v === "" || URL.canParse(v),
};

/** Every way `value` departs from `schema`: wrong types, missing required or undeclared properties, bad enums. */
export function conformance(doc: OpenApi, value: unknown, schema: SchemaObject, at = "$"): string[] {
  const s = resolve(doc, schema);
  if (value === null) return s.nullable ? [] : [`${at}: null, but the schema does not allow null`];
  if (s.allOf) return s.allOf.flatMap((part) => conformance(doc, value, part, at));
  const problems: string[] = [];
  const type = s.type ?? (s.properties ? "object" : undefined);
  const actual = Array.isArray(value) ? "array" : typeof value;
  if (type === "integer" || type === "number") {
    if (typeof value !== "number" || (type === "integer" && !Number.isInteger(value))) {
      return [`${at}: expected ${type}, got ${JSON.stringify(value)}`];
    }
    if (s.minimum !== undefined && value < s.minimum) problems.push(`${at}: below minimum ${s.minimum}`);
    if (s.maximum !== undefined && value > s.maximum) problems.push(`${at}: above maximum ${s.maximum}`);
  } else if (type === "array") {
    if (!Array.isArray(value)) return [`${at}: expected array, got ${actual}`];
    value.forEach((item, i) => problems.push(...conformance(doc, item, s.items ?? {}, `${at}[${i}]`)));
  } else if (type === "object") {
    if (actual !== "object") return [`${at}: expected object, got ${actual}`];
    const record = value as Record<string, unknown>;
    for (const key of s.required ?? []) if (!(key in record)) problems.push(`${at}: missing required "${key}"`);
    for (const [key, item] of Object.entries(record)) {
      const property = s.properties?.[key];
      if (property) problems.push(...conformance(doc, item, property, `${at}.${key}`));
      else if (s.additionalProperties === undefined || s.additionalProperties === false) {
        if (s.properties) problems.push(`${at}: "${key}" is not in the schema`);
      }
    }
  } else if (type !== undefined && actual !== type) {
    return [`${at}: expected ${type}, got ${actual} ${JSON.stringify(value)}`];
  }
  if (typeof value === "string") {
    if (s.format && FORMATS[s.format] && !FORMATS[s.format](value))
      problems.push(`${at}: not a ${s.format}: "${value}"`);
    if (s.pattern && !new RegExp(s.pattern, "u").test(value)) problems.push(`${at}: does not match ${s.pattern}`);
    if (s.maxLength !== undefined && value.length > s.maxLength) problems.push(`${at}: longer than ${s.maxLength}`);
  }
  if (s.enum && !s.enum.includes(value))
    problems.push(`${at}: ${JSON.stringify(value)} is not one of ${s.enum.join(", ")}`);
  return problems;
}
