import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

/** Pulumi.yaml beside index.ts. */
export const PROJECT_FILE = path.join(__dirname, "..", "Pulumi.yaml");

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Sets `key` as an own data property. Plain assignment of "__proto__" would replace the object's prototype instead,
 * and every later read of a missing key would find the attacker's value; as an own key, the strict schema rejects it.
 */
function setOwn(target: Json, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The project-level config values declared in Pulumi.yaml, by key without namespace. Pulumi hands the program a
 * stack value *instead of* the project value (pulumi/pulumi#13176), so the loader overlays the two itself.
 */
export function readProjectDefaults(file: string = PROJECT_FILE, project = "mailcow-sso"): Json {
  const doc: unknown = parse(fs.readFileSync(file, "utf8"));
  const config = isObject(doc) && isObject(doc.config) ? doc.config : {};
  const defaults: Json = {};
  for (const [key, declared] of Object.entries(config)) {
    const name = key.startsWith(`${project}:`) ? key.slice(project.length + 1) : key;
    if (name.includes(":")) continue; // another package's config, e.g. authentik:url
    setOwn(defaults, name, isObject(declared) && Object.hasOwn(declared, "value") ? declared.value : declared);
  }
  return defaults;
}

/** Field-by-field overlay: objects merge recursively, arrays and scalars from `top` replace `base`. */
export function overlay(base: unknown, top: unknown): unknown {
  if (top === undefined) return base;
  if (!isObject(base) || !isObject(top)) return top;
  const merged: Json = {};
  for (const [key, value] of Object.entries(base)) setOwn(merged, key, value);
  for (const [key, value] of Object.entries(top)) {
    setOwn(merged, key, overlay(Object.hasOwn(base, key) ? base[key] : undefined, value));
  }
  return merged;
}
