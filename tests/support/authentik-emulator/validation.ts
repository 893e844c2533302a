// Request-body validation with Django REST framework's semantics and messages: ModelSerializer fields (CharField
// trims and refuses blanks, BooleanField's accepted spellings, PrimaryKeyRelatedField's lookups), required fields
// on create and PUT, nothing required on PATCH, read-only and unknown keys ignored, errors keyed by field.
import type { Store } from "./store";

export type ErrorDetail = string[] | Record<string, unknown> | unknown[];
export type Parsed = { value: unknown } | { error: ErrorDetail };

export interface Context {
  store: Store;
  /** PATCH: nothing is required, only given fields are validated. */
  partial: boolean;
  /** The stored object on PUT/PATCH, so uniqueness checks can skip it. */
  existing?: Record<string, unknown>;
}

export interface FieldSpec {
  name: string;
  required?: boolean;
  allowNull?: boolean;
  /** The model default, filled in when a create leaves the field out. */
  default?: () => unknown;
  parse: (value: unknown, ctx: Context) => Parsed;
  /** Field validators that run after parsing (uniqueness, validate_<field>); return a message to fail. */
  validators?: ((value: unknown, ctx: Context) => string | undefined)[];
}

export const MESSAGES = {
  required: "This field is required.",
  null: "This field may not be null.",
  blank: "This field may not be blank.",
  string: "Not a valid string.",
  boolean: "Must be a valid boolean.",
  integer: "A valid integer is required.",
  url: "Enter a valid URL.",
  slug: "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.",
  emptyList: "This list may not be empty.",
};

/** Python's type(x).__name__ for a decoded JSON value, as DRF messages quote it. */
export function pythonType(value: unknown): string {
  if (value === null) return "NoneType";
  if (Array.isArray(value)) return "list";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "string") return "str";
  return "dict";
}

/** Python's str(x) for a decoded JSON scalar. */
export function pythonStr(value: unknown): string {
  if (value === true) return "True";
  if (value === false) return "False";
  if (value === null) return "None";
  return typeof value === "string" ? value : JSON.stringify(value);
}

const fail = (message: string): Parsed => ({ error: [message] });

export function string(options: { allowBlank?: boolean; maxLength?: number; pattern?: RegExp } = {}) {
  return (value: unknown): Parsed => {
    if (typeof value === "boolean" || !["string", "number"].includes(typeof value)) return fail(MESSAGES.string);
    const text = String(value).trim();
    if (text === "" && !options.allowBlank) return fail(MESSAGES.blank);
    if (options.maxLength !== undefined && text.length > options.maxLength) {
      return fail(`Ensure this field has no more than ${options.maxLength} characters.`);
    }
    if (options.pattern && text !== "" && !options.pattern.test(text)) return fail(MESSAGES.slug);
    return { value: text };
  };
}

const TRUE_VALUES = new Set<unknown>([
  "t",
  "T",
  "y",
  "Y",
  "yes",
  "Yes",
  "YES",
  "true",
  "True",
  "TRUE",
  "on",
  "On",
  "ON",
  "1",
  1,
  true,
]);
const FALSE_VALUES = new Set<unknown>([
  "f",
  "F",
  "n",
  "N",
  "no",
  "No",
  "NO",
  "false",
  "False",
  "FALSE",
  "off",
  "Off",
  "OFF",
  "0",
  0,
  false,
]);

export const boolean = (value: unknown): Parsed => {
  if (TRUE_VALUES.has(value)) return { value: true };
  if (FALSE_VALUES.has(value)) return { value: false };
  return fail(MESSAGES.boolean);
};

export function integer(options: { min?: number; max?: number } = {}) {
  return (value: unknown): Parsed => {
    const text = typeof value === "number" || typeof value === "string" ? String(value).replace(/\.0*$/, "") : "";
    if (!/^\s*[-+]?\d+\s*$/.test(text)) return fail(MESSAGES.integer);
    const number = Number(text);
    if (options.max !== undefined && number > options.max) {
      return fail(`Ensure this value is less than or equal to ${options.max}.`);
    }
    if (options.min !== undefined && number < options.min) {
      return fail(`Ensure this value is greater than or equal to ${options.min}.`);
    }
    return { value: number };
  };
}

export function choice(choices: readonly string[]) {
  return (value: unknown): Parsed =>
    typeof value === "string" && choices.includes(value)
      ? { value }
      : fail(`"${pythonStr(value)}" is not a valid choice.`);
}

/** Django's URLValidator, reduced to what matters here: an http(s)/ftp(s) scheme and a host. */
export function url(options: { allowBlank?: boolean } = {}) {
  const text = string({ allowBlank: options.allowBlank });
  return (value: unknown): Parsed => {
    const parsed = text(value);
    if ("error" in parsed || parsed.value === "") return parsed;
    const candidate = String(parsed.value);
    let ok: boolean;
    try {
      const target = new URL(candidate);
      ok = /^(https?|ftps?):$/.test(target.protocol) && target.hostname !== "" && !/\s/.test(candidate);
    } catch {
      ok = false;
    }
    return ok ? parsed : fail(MESSAGES.url);
  };
}

/** A uuid in any form Python's uuid.UUID(hex=...) accepts, normalised; undefined when it is not one. */
export function normaliseUuid(raw: string): string | undefined {
  const hex = raw
    .trim()
    .replace(/^urn:uuid:/i, "")
    .replace(/^\{|\}$/g, "")
    .replace(/-/g, "")
    .toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** PrimaryKeyRelatedField to a table keyed by uuid. */
export function uuidRef(exists: (store: Store, pk: string) => boolean) {
  return (value: unknown, ctx: Context): Parsed => {
    if (typeof value === "boolean" || (typeof value === "object" && value !== null)) {
      return fail(`Incorrect type. Expected pk value, received ${pythonType(value)}.`);
    }
    const pk = typeof value === "string" ? normaliseUuid(value) : undefined;
    if (typeof value === "string" && pk === undefined) return fail(`“${value}” is not a valid UUID.`);
    if (pk === undefined || !exists(ctx.store, pk)) {
      return fail(`Invalid pk "${pythonStr(value)}" - object does not exist.`);
    }
    return { value: pk };
  };
}

/** PrimaryKeyRelatedField to a table keyed by integer. */
export function intRef(exists: (store: Store, pk: number) => boolean) {
  return (value: unknown, ctx: Context): Parsed => {
    const number = typeof value === "number" ? Math.trunc(value) : typeof value === "string" ? Number(value) : NaN;
    if (
      typeof value === "boolean" ||
      !Number.isFinite(number) ||
      (typeof value === "string" && !/^\s*-?\d+\s*$/.test(value))
    ) {
      return fail(`Incorrect type. Expected pk value, received ${pythonType(value)}.`);
    }
    if (!exists(ctx.store, number)) return fail(`Invalid pk "${pythonStr(value)}" - object does not exist.`);
    return { value: number };
  };
}

/** ManyRelatedField / ListField: a JSON list whose items each pass `item`; the first bad item fails the field. */
export function list(item: (value: unknown, ctx: Context) => Parsed, options: { allowEmpty?: boolean } = {}) {
  return (value: unknown, ctx: Context): Parsed => {
    if (!Array.isArray(value)) return fail(`Expected a list of items but got type "${pythonType(value)}".`);
    if (value.length === 0 && options.allowEmpty === false) return fail(MESSAGES.emptyList);
    const out: unknown[] = [];
    for (const entry of value) {
      const parsed = item(entry, ctx);
      if ("error" in parsed) return parsed;
      if (!out.includes(parsed.value)) out.push(parsed.value);
    }
    return { value: out };
  };
}

/** DRF's JSONField: any JSON value. */
export const anyJson = (value: unknown): Parsed => ({ value });

/** Runs every field's parse and validators in serializer order; returns the validated values or the errors. */
export function validateBody(
  specs: readonly FieldSpec[],
  body: unknown,
  ctx: Context,
): { values: Record<string, unknown> } | { errors: Record<string, ErrorDetail> } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { errors: { non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonType(body)}.`] } };
  }
  const input = body as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  const errors: Record<string, ErrorDetail> = {};
  for (const spec of specs) {
    if (!(spec.name in input)) {
      if (ctx.partial) continue;
      if (spec.required) errors[spec.name] = [MESSAGES.required];
      else if (!ctx.existing && spec.default) values[spec.name] = spec.default();
      continue;
    }
    const raw = input[spec.name];
    if (raw === null) {
      if (spec.allowNull) values[spec.name] = null;
      else errors[spec.name] = [MESSAGES.null];
      continue;
    }
    const parsed = spec.parse(raw, ctx);
    if ("error" in parsed) {
      errors[spec.name] = parsed.error;
      continue;
    }
    const message = (spec.validators ?? []).map((check) => check(parsed.value, ctx)).find(Boolean);
    if (message) errors[spec.name] = [message];
    else values[spec.name] = parsed.value;
  }
  return Object.keys(errors).length > 0 ? { errors } : { values };
}

/** UniqueValidator: the model field's "unique" message, skipping the object being updated. */
export function unique(message: string, taken: (value: unknown, ctx: Context) => object | undefined) {
  return (value: unknown, ctx: Context): string | undefined => {
    const other = taken(value, ctx);
    return other && other !== ctx.existing ? message : undefined;
  };
}
