// mailcow's request pipeline for the API (sessions.inc.php, prerequisites.inc.php, json_api.php), in its stage
// order (reference §1.1), reduced to the identity-provider routes. Every other category answers 404.
import type { IncomingHttpHeaders } from "node:http";
import { type ApiAccess, type ApiKeyRow, authenticate } from "./api-auth";
import {
  type IdentityProviderResult,
  type IdentityProviderTables,
  type OutboundOptions,
  deleteIdentityProvider,
  editIdentityProvider,
  getSettings,
  testIdentityProvider,
} from "./identity-provider";
import { NotEmulated } from "./not-emulated";
import { PhpArray, type PhpValue, PhpUncaughtError, castToArray, isEmpty } from "./php";
import { decodeUtf8, echoJson, phpJsonDecode } from "./php-json";
import { type PostValue, parseFormFields } from "./post-fields";

/** PHP's default Content-Type, which 401 responses keep because json_api.php sets its own only later. */
export const PHP_DEFAULT_CONTENT_TYPE = "text/html; charset=UTF-8";
export const JSON_CONTENT_TYPE = "application/json";

export interface ApiRequest {
  method: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  remoteAddress: string;
}

export interface ApiResponse {
  status: number;
  contentType: string;
  body: string;
  authenticated: boolean;
}

export interface ApiEnvironment {
  tables: IdentityProviderTables;
  apiKeys: readonly ApiKeyRow[];
  outbound: OutboundOptions;
}

function errorBody(msg: string): string {
  return echoJson(
    PhpArray.assoc([
      ["type", "error"],
      ["msg", msg],
    ]),
  );
}

/** process_edit_return()/process_delete_return(): pushed messages as an array, else one generic object. */
export function processReturn(result: IdentityProviderResult, failureMsg: string): string {
  if (result.messages.length > 0) return echoJson(PhpArray.list(result.messages));
  return result.ok
    ? echoJson(
        PhpArray.assoc([
          ["type", "success"],
          ["msg", "Task completed"],
        ]),
      )
    : errorBody(failureMsg);
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** json_decode($_POST[...], true); an array field (`attr[]=`) is a TypeError in PHP 8. */
function decodeField(value: PostValue): PhpValue {
  if (value instanceof PhpArray)
    throw new PhpUncaughtError("json_decode(): Argument #1 ($json) must be of type string");
  const text = decodeUtf8(value);
  return text === undefined ? null : phpJsonDecode(text, true);
}

/** $requestDecoded['attr']: reading a string offset of a string throws; other scalars give null. */
function offsetOf(decoded: PhpValue, key: string): PhpValue {
  if (decoded instanceof PhpArray) return decoded.get(key) ?? null;
  if (typeof decoded === "string") throw new PhpUncaughtError(`Cannot access offset of type string on string`);
  return null;
}

interface Stage {
  request: ApiRequest;
  action: string;
  category: string;
  access: ApiAccess | undefined;
  env: ApiEnvironment;
}

type Reply = { status: number; body: string };

const REQUEST_INCOMPLETE: Reply = { status: 200, body: errorBody("Cannot find attributes in post data") };
const READ_WRITE_DENIED: Reply = { status: 403, body: errorBody("API read/write access denied") };
const ROUTE_NOT_FOUND: Reply = { status: 404, body: errorBody("route not found") };
const ONLY_POST: Reply = { status: 405, body: errorBody("only POST method is allowed") };
const ONLY_GET: Reply = { status: 405, body: errorBody("only GET method is allowed") };

async function runAction(stage: Stage, post: Map<string, PostValue>, settingsAtStart: PhpArray): Promise<Reply> {
  const { request, action, category, access, env } = stage;
  switch (action) {
    case "get": {
      if (request.method !== "GET") return ONLY_GET;
      // The whole get switch sits inside a login check: no login, no output at all.
      if (access === undefined) return { status: 200, body: "" };
      if (category !== "identity-provider") return ROUTE_NOT_FOUND;
      const body = isEmpty(settingsAtStart)
        ? "{}"
        : echoJson(settingsAtStart, { pretty: true, unescapedUnicode: true });
      return { status: 200, body };
    }
    case "edit": {
      if (access !== "rw") return READ_WRITE_DENIED;
      if (!post.has("attr")) return REQUEST_INCOMPLETE;
      const attr = castToArray(decodeField(post.get("attr")!));
      attr.delete("csrf_token");
      if (post.has("items")) castToArray(decodeField(post.get("items")!));
      if (request.method !== "POST") return ONLY_POST;
      if (category === "identity-provider") {
        return { status: 200, body: processReturn(editIdentityProvider(env.tables, attr), "Cannot edit item") };
      }
      if (category === "identity-provider-test") {
        const ok = await testIdentityProvider(attr, env.outbound);
        return { status: 200, body: processReturn({ ok, messages: [] }, "Cannot edit item") };
      }
      return ROUTE_NOT_FOUND;
    }
    case "delete": {
      if (access !== "rw") return READ_WRITE_DENIED;
      if (!post.has("items")) return REQUEST_INCOMPLETE;
      castToArray(decodeField(post.get("items")!));
      if (request.method !== "POST") return ONLY_POST;
      if (category !== "identity-provider") return ROUTE_NOT_FOUND;
      return { status: 200, body: processReturn(deleteIdentityProvider(env.tables), "Cannot delete item") };
    }
    case "add":
    case "process":
      // mailcow has these actions, but no identity-provider route uses them.
      throw new NotEmulated(`the ${action} action`);
    default:
      return ROUTE_NOT_FOUND;
  }
}

/** JSON bodies (json_api.php:64-97): 400 for invalid JSON on non-get actions, then attr/items overrides. */
function applyJsonBody(stage: Stage, post: Map<string, PostValue>): Reply | undefined {
  const { request, action } = stage;
  if (!(header(request.headers, "content-type") ?? "").includes("application/json")) return undefined;
  const text = decodeUtf8(request.body);
  const decoded = text === undefined ? null : phpJsonDecode(text, true);
  if (action !== "get" && decoded === null) {
    return { status: 400, body: errorBody("Request body doesn't contain valid json!") };
  }
  if (action === "edit") {
    // attr and items are re-encoded as JSON strings; a missing attr becomes "null", i.e. an empty set.
    post.set("attr", Buffer.from(echoJson(offsetOf(decoded, "attr")), "utf8"));
    post.set("items", Buffer.from(echoJson(offsetOf(decoded, "items")), "utf8"));
  }
  if (action === "delete") post.set("items", request.body);
  return undefined;
}

async function runScript(stage: Stage): Promise<Reply> {
  // Stage 3: identity_provider('init') and ('get') run first, so GET reports the state at the start of the request.
  const settingsAtStart = getSettings(stage.env.tables.settings);
  // Stage 5: only `Sec-Fetch-Dest: empty` (or none) may call the API.
  const fetchDest = header(stage.request.headers, "sec-fetch-dest");
  if (fetchDest !== undefined && fetchDest !== "empty") return { status: 403, body: "" };
  // Stage 6: PHP parsed form bodies into $_POST before the script started; JSON bodies override attr/items.
  const post = parseFormFields(stage.request.method, header(stage.request.headers, "content-type"), stage.request.body);
  const invalidJson = applyJsonBody(stage, post);
  if (invalidJson) return invalidJson;
  // Stage 7: api_log() json_decode()s every field, which throws for array fields.
  for (const [name, value] of post) if (name !== "csrf_token" && value instanceof PhpArray) decodeField(value);
  return runAction(stage, post, settingsAtStart);
}

/** Runs one request through the PHP side, from API-key authentication to the route's output. */
export async function handleApiRequest(
  env: ApiEnvironment,
  request: ApiRequest,
  route: { action: string; category: string },
): Promise<ApiResponse> {
  const auth = authenticate(header(request.headers, "x-api-key"), env.apiKeys, request.remoteAddress);
  if (auth.kind === "rejected") {
    return { status: 401, contentType: PHP_DEFAULT_CONTENT_TYPE, body: errorBody(auth.msg), authenticated: false };
  }
  const access = auth.kind === "authenticated" ? auth.access : undefined;
  const stage: Stage = { request, ...route, access, env };
  try {
    const reply = await runScript(stage);
    return { ...reply, contentType: JSON_CONTENT_TYPE, authenticated: access !== undefined };
  } catch (error) {
    // mailcow's exception_handler ends the script without output: HTTP 200, empty body.
    if (!(error instanceof PhpUncaughtError)) throw error;
    return { status: 200, contentType: JSON_CONTENT_TYPE, body: "", authenticated: access !== undefined };
  }
}
