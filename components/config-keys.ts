// Keys of the stack config that are no setting of this project: a misspelt section (`mailcow-sso:provisoning`), a
// field set without --path (`mailcow-sso:mailcow.url`), or a misspelt namespace (`mailcow_sso:access`). Pulumi
// hands the program every key, so none of them is ever silently ignored.
import { CONFIG_KEYS, PROJECT } from "./config-schema";
import { closestKey, isForbiddenKey } from "./rules";

function problemOf(name: string): string {
  const where = `${PROJECT}:${name}`;
  const [head] = name.split(/[.[]/);
  if (head !== name && (CONFIG_KEYS as readonly string[]).includes(head)) {
    return (
      `${where}: is a key of its own, not the field of ${PROJECT}:${head} it looks like (it was set without ` +
      `--path); run \`pulumi config rm ${name}\` and \`pulumi config set --path ${name} <value>\``
    );
  }
  if (isForbiddenKey(name)) return `${where}: is never a setting; remove it`;
  const guess = closestKey(name, CONFIG_KEYS);
  return guess === undefined
    ? `${where}: is not a setting of this project (the settings are ${CONFIG_KEYS.join(", ")}); remove or rename it`
    : `${where}: is not a setting of this project; did you mean ${PROJECT}:${guess}? Rename it`;
}

/** One problem per key (namespace included) that looks meant for this project but names no setting. */
export function unknownConfigKeys(keys: readonly string[]): string[] {
  const problems = new Set<string>();
  for (const key of keys) {
    const colon = key.indexOf(":");
    const namespace = key.slice(0, colon);
    const name = key.slice(colon + 1);
    if (namespace === PROJECT) {
      if (!(CONFIG_KEYS as readonly string[]).includes(name)) problems.add(problemOf(name));
    } else if (closestKey(namespace, [PROJECT]) !== undefined) {
      problems.add(`${key}: is not in this project's namespace; did you mean ${PROJECT}:${name}? Rename it`);
    }
  }
  return [...problems];
}
