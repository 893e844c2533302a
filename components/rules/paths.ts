/** An issue path in the form Pulumi and the README use: `templateMappings[1].claimValue`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map(String)
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join("");
}
