// mailcow's identity_provider() for the actions the API reaches: get, edit, test and delete
// (data/web/inc/functions.inc.php, identical from release 2025-05 on). Values are PHP values; storage is strings.
import type { MailboxTable, SettingsTable } from "./database";
import { ldapBind } from "./ldap-bind";
import { curlStatusCode, phpUrlencode } from "./outbound-http";
import {
  PhpArray,
  type PhpValue,
  arrayFilter,
  isEmpty,
  isset,
  looseEqualsString,
  rtrim,
  strReplace,
  stringArgument,
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

/** Per-authsource normalisation (§3.2-3.4); returns the required-settings list in mailcow's order. */
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
  data.set("host", isEmpty(data.get("host")) ? "" : strReplace(" ", "", data.get("host")));
  data.set("port", isEmpty(data.get("port")) ? 389n : toInt(data.get("port")));
  data.set("username_field", isEmpty(data.get("username_field")) ? "mail" : strtolower(data.get("username_field")));
  data.set("attribute_field", isEmpty(data.get("attribute_field")) ? "" : strtolower(data.get("attribute_field")));
  data.set("filter", isEmpty(data.get("filter")) ? "" : data.get("filter")!);
  for (const key of ["periodic_sync", "import_users"]) data.set(key, intOrZero(data, key));
  const useSsl = isset(data, "use_ssl") ? toBool(data.get("use_ssl")) : false;
  data.set("use_ssl", useSsl);
  data.set("use_tls", isset(data, "use_tls") && !useSsl ? toBool(data.get("use_tls")) : false);
  data.set("sync_interval", syncInterval(data));
  return [
    "authsource",
    "host",
    "port",
    "basedn",
    "username_field",
    "filter",
    "attribute_field",
    "binddn",
    "bindpass",
    "periodic_sync",
    "import_users",
    "sync_interval",
    "use_ssl",
    "use_tls",
    "ignore_ssl_error",
    "login_provisioning",
  ];
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
  /** curl's CURLOPT_TIMEOUT in the keycloak and generic-oidc branches: 7 s in mailcow. */
  httpTimeoutMs: number;
  /** LdapRecord's network timeout: 5 s by default. */
  ldapTimeoutMs: number;
  signal?: AbortSignal;
}

/** http_build_query(): null values are skipped, booleans become 1/0, arrays become key[sub]=value. */
export function httpBuildQuery(pairs: readonly (readonly [string, PhpValue | undefined])[]): string {
  const parts: string[] = [];
  const add = (name: string, value: PhpValue | undefined): void => {
    if (value === undefined || value === null) return;
    if (value instanceof PhpArray) {
      for (const [key, item] of value.entries()) add(`${name}[${String(key)}]`, item);
      return;
    }
    const text = typeof value === "boolean" ? (value ? "1" : "0") : toPhpString(value);
    parts.push(`${phpUrlencode(name)}=${phpUrlencode(text)}`);
  };
  for (const [name, value] of pairs) add(name, value);
  return parts.join("&");
}

async function testLdap(data: PhpArray, outbound: OutboundOptions): Promise<boolean> {
  const fields = ["host", "port", "basedn", "binddn", "bindpass"];
  if (fields.some((field) => !toBool(data.get(field)))) return false;
  const useSsl = isset(data, "use_ssl") ? toBool(data.get("use_ssl")) : false;
  const useTls = isset(data, "use_tls") && !useSsl ? toBool(data.get("use_tls")) : false;
  const portText = toPhpString(data.get("port"));
  return ldapBind({
    hosts: stringArgument(data.get("host"), "explode").split(","),
    port: /^[0-9]+$/.test(portText) ? Number(portText) : NaN,
    useSsl,
    useTls,
    insecure: isset(data, "ignore_ssl_error") && toBool(data.get("ignore_ssl_error")),
    bindDn: toPhpString(data.get("binddn")),
    password: toPhpString(data.get("bindpass")),
    timeoutMs: outbound.ldapTimeoutMs,
    signal: outbound.signal,
  });
}

/** identity_provider('test', $attr): checks only the posted attributes, persists nothing, pushes no messages. */
export async function testIdentityProvider(attr: PhpArray, outbound: OutboundOptions): Promise<boolean> {
  const authsource = attr.get("authsource");
  const insecure = looseEqualsString(attr.get("ignore_ssl_error"), "1");
  // A PHP switch compares loosely and authsource is not lower-cased here; no match means success.
  if (looseEqualsString(authsource, "keycloak")) {
    const url = `${toPhpString(attr.get("server_url"))}/realms/${toPhpString(attr.get("realm"))}/protocol/openid-connect/token`;
    const formBody = httpBuildQuery([
      ["grant_type", "client_credentials"],
      ["client_id", attr.get("client_id")],
      ["client_secret", attr.get("client_secret")],
    ]);
    const code = await curlStatusCode({
      method: "POST",
      url,
      formBody,
      insecure,
      timeoutMs: outbound.httpTimeoutMs,
      signal: outbound.signal,
    });
    return code === 200;
  }
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
  if (looseEqualsString(authsource, "ldap")) return testLdap(attr, outbound);
  return true;
}
