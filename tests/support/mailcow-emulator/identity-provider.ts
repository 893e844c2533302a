// mailcow's identity_provider() for the actions the API reaches: get, edit, test and delete
// (data/web/inc/functions.inc.php, identical from release 2025-05 on). Values are PHP values; storage is strings.
// Emulated as far as the project's own paths go: generic-oidc throughout, keycloak edits (the "someone else's
// identity provider" the provider must recognise), stored ldap settings in GET. Saving ldap and the keycloak and
// ldap connection tests are not emulated: no product path sends them, and they fail loudly instead of answering.
import type { MailboxTable, SettingsTable } from "./database";
import { NotEmulated } from "./not-emulated";
import { curlStatusCode } from "./outbound-http";
import {
  PhpArray,
  type PhpValue,
  arrayFilter,
  isEmpty,
  isset,
  looseEqualsString,
  rtrim,
  strtolower,
  toBool,
  toInt,
  toPhpString,
  wrapInArray,
} from "./php";
import { phpJsonDecode, phpJsonEncode } from "./php-json";

export const DEFAULT_CLIENT_SCOPES = "openid profile email mailcow_template";
const AUTHSOURCES = ["keycloak", "generic-oidc", "ldap"];

export interface IdentityProviderTables {
  settings: SettingsTable;
  mailboxes: MailboxTable;
}

/** What identity_provider() leaves behind: its boolean result and the messages it pushed to $_SESSION['return']. */
export interface IdentityProviderResult {
  ok: boolean;
  messages: PhpArray[];
}

function returnMessage(type: "success" | "danger", action: string, log: PhpValue, msg: PhpValue): PhpArray {
  return PhpArray.assoc([
    ["type", type],
    ["log", PhpArray.list(["identity_provider", action, log])],
    ["msg", msg],
  ]);
}

function msgPair(key: string, argument: PhpValue): PhpArray {
  return PhpArray.list([key, argument]);
}

/** identity_provider('get'): stored strings, typed per key, plus the defaults GET adds. */
export function getSettings(table: SettingsTable): PhpArray {
  const settings = new PhpArray();
  for (const [key, value] of table.rowsInKeyOrder()) {
    if (key === "redirect_url_extra" || key === "mappers" || key === "templates") {
      settings.set(key, phpJsonDecode(value, false));
    } else if (key === "use_ssl" || key === "use_tls" || key === "login_provisioning" || key === "ignore_ssl_errors") {
      settings.set(key, toBool(value));
    } else {
      settings.set(key, value);
    }
  }
  const authsource = settings.get("authsource");
  if (looseEqualsString(authsource, "generic-oidc") && isEmpty(settings.get("client_scopes"))) {
    settings.set("client_scopes", DEFAULT_CLIENT_SCOPES);
  }
  if (looseEqualsString(authsource, "ldap")) {
    // `ignore_ssl_errors` (with an s) is never written, so GET always adds it as false.
    for (const key of ["use_ssl", "use_tls", "ignore_ssl_errors"]) if (!isset(settings, key)) settings.set(key, false);
  }
  // Configurations saved before 2025-05 (or none at all) never stored the key: GET reports an integer 1.
  if (!isset(settings, "login_provisioning")) settings.set("login_provisioning", 1n);
  return settings;
}

function syncInterval(data: PhpArray): bigint {
  const interval = isEmpty(data.get("sync_interval")) ? 15n : toInt(data.get("sync_interval"));
  return interval < 1n ? 1n : interval;
}

function intOrZero(data: PhpArray, key: string): bigint {
  return isset(data, key) ? toInt(data.get(key)) : 0n;
}

/** Per-authsource normalisation (§3.2, §3.3); returns the required-settings list in mailcow's order. */
function normalise(authsource: string, data: PhpArray): string[] {
  const nonEmptyOrNull = (key: string): PhpValue => (isEmpty(data.get(key)) ? null : data.get(key)!);
  if (authsource === "keycloak") {
    data.set("server_url", isEmpty(data.get("server_url")) ? null : rtrim(data.get("server_url"), "/"));
    for (const key of ["mailpassword_flow", "periodic_sync", "import_users"]) data.set(key, intOrZero(data, key));
    data.set("sync_interval", syncInterval(data));
    return [
      "authsource",
      "server_url",
      "realm",
      "client_id",
      "client_secret",
      "redirect_url",
      "version",
      "mailpassword_flow",
      "periodic_sync",
      "import_users",
      "sync_interval",
      "ignore_ssl_error",
      "login_provisioning",
    ];
  }
  if (authsource === "generic-oidc") {
    for (const key of ["authorize_url", "token_url", "userinfo_url"]) data.set(key, nonEmptyOrNull(key));
    data.set("client_scopes", isEmpty(data.get("client_scopes")) ? DEFAULT_CLIENT_SCOPES : data.get("client_scopes")!);
    return [
      "authsource",
      "authorize_url",
      "token_url",
      "client_id",
      "client_secret",
      "redirect_url",
      "userinfo_url",
      "client_scopes",
      "ignore_ssl_error",
      "login_provisioning",
    ];
  }
  throw new NotEmulated("saving an ldap identity provider");
}

/** json_encode() result as bound to PDO: false (a failed encode) is stored as "". */
function encodedForStorage(value: PhpValue): string {
  const encoded = phpJsonEncode(value);
  return encoded === false ? "" : encoded;
}

/** The optional extras, written one statement each after the commit (§3.5). */
function writeExtras(table: SettingsTable, data: PhpArray): void {
  if (isset(data, "redirect_url_extra")) {
    table.upsert("redirect_url_extra", encodedForStorage(arrayFilter(wrapInArray(data.get("redirect_url_extra")!))));
  }
  if (isset(data, "default_template")) {
    const template = data.get("default_template");
    table.upsert("default_template", isEmpty(template) ? "" : toPhpString(template));
  }
  if (isset(data, "mappers") && isset(data, "templates")) {
    const mappers = arrayFilter(wrapInArray(data.get("mappers")!));
    const templates = arrayFilter(wrapInArray(data.get("templates")!));
    // Unequal counts after filtering drop both lists silently; the edit still succeeds.
    if (mappers.size === templates.size) {
      table.upsert("mappers", encodedForStorage(mappers));
      table.upsert("templates", encodedForStorage(templates));
    }
  }
  table.upsert("access_token", "");
}

/** identity_provider('edit', $attr). May throw PhpUncaughtError where PHP would throw. */
export function editIdentityProvider(tables: IdentityProviderTables, attr: PhpArray): IdentityProviderResult {
  const dataLog = attr.clone();
  for (const secret of ["client_secret", "access_token"]) if (isset(dataLog, secret)) dataLog.set(secret, "*");
  const fail = (msg: PhpValue): IdentityProviderResult => ({
    ok: false,
    messages: [returnMessage("danger", "edit", dataLog, msg)],
  });

  if (!isset(attr, "authsource")) return fail(msgPair("required_data_missing", ""));
  const data = attr.clone();
  const authsource = strtolower(data.get("authsource"));
  data.set("authsource", authsource);
  if (!AUTHSOURCES.includes(authsource)) return fail(msgPair("invalid_authsource", null));
  if (tables.mailboxes.anyExternal(authsource)) return fail(msgPair("authsource_in_use", null));

  for (const flag of ["ignore_ssl_error", "login_provisioning"]) {
    data.set(flag, isset(data, flag) ? toBool(data.get(flag)) : false);
  }
  const required = normalise(authsource, data);

  let missing = "";
  const committed = tables.settings.transaction((upsert) => {
    for (const setting of required) {
      if (!isset(data, setting)) {
        missing = setting;
        return false;
      }
      upsert(setting, toPhpString(data.get(setting)));
    }
    return true;
  });
  if (!committed) return fail(msgPair("required_data_missing", missing));

  writeExtras(tables.settings, data);
  return { ok: true, messages: [returnMessage("success", "edit", dataLog, msgPair("object_modified", ""))] };
}

/** identity_provider('delete'): refused while any mailbox uses an external authsource, whichever it is. */
export function deleteIdentityProvider(tables: IdentityProviderTables): IdentityProviderResult {
  if (tables.mailboxes.anyExternal()) {
    return { ok: false, messages: [returnMessage("danger", "delete", null, msgPair("authsource_in_use", null))] };
  }
  tables.settings.deleteAll();
  return { ok: true, messages: [returnMessage("success", "delete", null, msgPair("item_deleted", ""))] };
}

export interface OutboundOptions {
  /** curl's CURLOPT_TIMEOUT in the generic-oidc branch: 7 s in mailcow. */
  httpTimeoutMs: number;
  signal?: AbortSignal;
}

/** identity_provider('test', $attr): checks only the posted attributes, persists nothing, pushes no messages. */
export async function testIdentityProvider(attr: PhpArray, outbound: OutboundOptions): Promise<boolean> {
  const authsource = attr.get("authsource");
  const insecure = looseEqualsString(attr.get("ignore_ssl_error"), "1");
  // A PHP switch compares loosely and authsource is not lower-cased here; no match means success.
  if (looseEqualsString(authsource, "generic-oidc")) {
    const url = toPhpString(attr.get("token_url"));
    const code = await curlStatusCode({
      method: "OPTIONS",
      url,
      insecure,
      timeoutMs: outbound.httpTimeoutMs,
      signal: outbound.signal,
    });
    return code === 200;
  }
  if (looseEqualsString(authsource, "keycloak") || looseEqualsString(authsource, "ldap")) {
    throw new NotEmulated(`the ${toPhpString(authsource)} connection test`);
  }
  return true;
}
