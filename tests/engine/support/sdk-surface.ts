// The API surface of a generated Pulumi Node.js SDK file, without formatting, comments or generator boilerplate:
// type tokens, declared properties and their types, how inputs reach the engine (secret wrapping included), required
// inputs and secret outputs. Two SDKs with the same surface behave the same for a program.
import fs from "node:fs";
import path from "node:path";

export interface FileSurface {
  tokens: string[];
  properties: string[];
  inputs: string[];
  required: string[];
  secretOutputs: string[];
}

const squash = (text: string) =>
  text
    .replace(/\s+/g, " ")
    .replace(/'/g, '"')
    // Older generators write `args ? args.x : undefined` where newer ones write `args?.x`.
    .replace(/\b(args|state) \? \1\.(\w+) : undefined\b/g, "$1?.$2")
    // Formatting is the formatter's, not the generator's: compare without any whitespace.
    .replace(/\s+/g, "");

export function fileSurface(source: string): FileSurface {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const all = (re: RegExp, pick = (m: RegExpMatchArray) => squash(m[1])) =>
    [...new Set([...code.matchAll(re)].map(pick))].sort();
  return {
    tokens: all(/["'](authentik:[^"']+|pulumi:providers:authentik[^"']*)["']/g),
    // `declare public readonly x: T` (newer generators) and `public readonly x!: T` (older) declare the same output.
    properties: all(
      /^\s*(?:declare\s+)?(?:public\s+)?readonly\s+(\w+\??)!?\s*:\s*([^;]+);/gm,
      (m) => `${m[1]}: ${squash(m[2])}`,
    ),
    inputs: all(/resourceInputs\[["'](\w+)["']\]\s*=\s*([^;]+);/g, (m) => `${m[1]} = ${squash(m[2])}`),
    // `args?.x === undefined && !opts.urn` (newer) or `(!args || args.x === undefined) && !opts.urn` (older).
    required: all(/\(?(?:!args \|\| args\.|args\?\.)(\w+) === undefined\)? && !opts\.urn/g),
    secretOutputs: all(/additionalSecretOutputs:\s*\[([^\]]*)\]/g),
  };
}

/** Surfaces of every resource, function, config and types file of an SDK directory, keyed by relative path. */
export function sdkSurface(dir: string): Record<string, FileSurface> {
  const surfaces: Record<string, FileSurface> = {};
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, entry.name);
      if (entry.isDirectory()) {
        if (!["bin", "node_modules", "scripts"].includes(entry.name)) walk(rel);
      } else if (entry.name.endsWith(".ts") && !["utilities.ts", "index.ts"].includes(rel)) {
        surfaces[rel] = fileSurface(fs.readFileSync(path.join(dir, rel), "utf8"));
      }
    }
  };
  walk("");
  return surfaces;
}
