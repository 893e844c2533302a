// The objects the emulator stores: authentik's database rows, reduced to the columns its API shows. Field names
// follow the API (snake_case) so serializers stay thin; computed and nested fields are added on the way out.

export interface FlowRow {
  pk: string;
  /** The PolicyBindingModel uuid a flow has besides its own pk. */
  policybindingmodel_ptr_id: string;
  name: string;
  slug: string;
  title: string;
  designation: string;
  authentication: string;
  background: string;
  policy_engine_mode: string;
  compatibility_mode: boolean;
  layout: string;
  denied_action: string;
}

export interface ScopeMappingRow {
  pk: string;
  managed: string | null;
  name: string;
  expression: string;
  scope_name: string;
  description: string;
}

export interface CertificateKeyPairRow {
  pk: string;
  name: string;
  managed: string | null;
  certificate_data: string;
  key_data: string;
  key_type: "rsa" | "ec";
  cert_subject: string;
  cert_expiry: string;
  fingerprint_sha256: string;
  fingerprint_sha1: string;
}

export interface UserRow {
  pk: number;
  uuid: string;
  username: string;
  name: string;
  email: string;
  is_active: boolean;
  last_login: string | null;
  date_joined: string;
  password_change_date: string;
  last_updated: string;
  path: string;
  type: "internal" | "external" | "service_account" | "internal_service_account";
  attributes: Record<string, unknown>;
}

export interface GroupRow {
  pk: string;
  num_pk: number;
  name: string;
  is_superuser: boolean;
  parents: string[];
  /** Member user pks: authentik's one user-group relation, read from both sides. */
  users: number[];
  attributes: unknown;
  roles: string[];
}

export interface RedirectUri {
  matching_mode: "strict" | "regex";
  url: string;
  redirect_uri_type: "authorization" | "logout";
}

export interface OAuth2ProviderRow {
  pk: number;
  name: string;
  authentication_flow: string | null;
  authorization_flow: string;
  invalidation_flow: string;
  property_mappings: string[];
  client_type: "confidential" | "public";
  grant_types: string[];
  client_id: string;
  client_secret: string;
  access_code_validity: string;
  access_token_validity: string;
  refresh_token_validity: string;
  refresh_token_threshold: string;
  include_claims_in_id_token: boolean;
  signing_key: string | null;
  encryption_key: string | null;
  redirect_uris: RedirectUri[];
  logout_uri: string;
  logout_method: "backchannel" | "frontchannel";
  sub_mode: string;
  issuer_mode: "global" | "per_provider";
  jwt_federation_sources: string[];
  jwt_federation_providers: number[];
}

export interface ApplicationRow {
  pk: string;
  name: string;
  slug: string;
  provider: number | null;
  backchannel_providers: number[];
  open_in_new_tab: boolean;
  meta_launch_url: string;
  meta_icon: string;
  meta_description: string;
  meta_publisher: string;
  policy_engine_mode: "all" | "any";
  group: string;
  meta_hide: boolean;
}

/** An expression policy (authentik_policies_expression.ExpressionPolicy); its expression is stored, never run. */
export interface ExpressionPolicyRow {
  pk: string;
  name: string;
  execution_logging: boolean;
  expression: string;
}

export interface PolicyBindingRow {
  pk: string;
  policy: string | null;
  group: string | null;
  user: number | null;
  target: string;
  negate: boolean;
  enabled: boolean;
  order: number;
  timeout: number;
  failure_result: boolean;
}

/** An API token and the user it authenticates as. */
export interface TokenRow {
  key: string;
  user: number;
  /** Only GET requests pass the permission check (a user with view permissions only). */
  readOnly: boolean;
}

/** An authorization code, access token or refresh token the OAuth2 endpoints issued. */
export interface GrantRow {
  token: string;
  provider: number;
  user: number;
  scope: string[];
  /** Epoch seconds. */
  expires: number;
  authTime: number;
  /** Codes only: the redirect URI and nonce of the authorization request. */
  redirectUri?: string;
  nonce?: string;
}
