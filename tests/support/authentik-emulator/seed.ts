// What a fresh authentik 2026.5 holds before anyone touches it, as its blueprints and startup code create it:
// the default flows (blueprints/default/flow-*.yaml), the managed OAuth2 scope mappings
// (blueprints/system/providers-oauth2.yaml; expressions restated, same claims), the two certificate-key pairs
// authentik/crypto/apps.py creates, the akadmin user and the "authentik Admins" superuser group.
import { generateCertificate } from "./certificates";
import { isoNow, uuid4 } from "./ids";
import type { CertificateKeyPairRow, FlowRow, GroupRow, ScopeMappingRow, UserRow } from "./types";

export interface SeedData {
  flows: FlowRow[];
  scopeMappings: ScopeMappingRow[];
  certificates: CertificateKeyPairRow[];
  users: UserRow[];
  groups: GroupRow[];
}

const FLOWS: [slug: string, name: string, title: string, designation: string, authentication: string][] = [
  [
    "default-provider-authorization-implicit-consent",
    "Authorize Application",
    "Redirecting to %(app)s",
    "authorization",
    "require_authenticated",
  ],
  [
    "default-provider-authorization-explicit-consent",
    "Authorize Application",
    "Redirecting to %(app)s",
    "authorization",
    "require_authenticated",
  ],
  ["default-provider-invalidation-flow", "Logout", "You've logged out of %(app)s.", "invalidation", "none"],
  ["default-authentication-flow", "Welcome to authentik!", "Welcome to authentik!", "authentication", "none"],
  ["default-invalidation-flow", "Logout", "Default Invalidation Flow", "invalidation", "none"],
];

const SCOPES: [managedSuffix: string, name: string, scope: string, description: string, expression: string][] = [
  ["openid", "authentik default OAuth Mapping: OpenID 'openid'", "openid", "", "return {}\n"],
  [
    "email",
    "authentik default OAuth Mapping: OpenID 'email'",
    "email",
    "Email address",
    'return {\n    "email": request.user.email,\n    "email_verified": False\n}\n',
  ],
  [
    "profile",
    "authentik default OAuth Mapping: OpenID 'profile'",
    "profile",
    "General Profile Information",
    'return {\n    "name": request.user.name,\n    "given_name": request.user.name,\n' +
      '    "preferred_username": request.user.username,\n    "nickname": request.user.username,\n' +
      '    "groups": [group.name for group in request.user.ak_groups.all()],\n}\n',
  ],
  [
    "entitlements",
    "authentik default OAuth Mapping: Application Entitlements",
    "entitlements",
    "Application entitlements",
    "entitlements = [e.name for e in request.user.app_entitlements(provider.application)]\n" +
      'return {\n    "entitlements": entitlements,\n    "roles": entitlements,\n}\n',
  ],
  [
    "offline_access",
    "authentik default OAuth Mapping: OpenID 'offline_access'",
    "offline_access",
    "Access to request new tokens without interaction",
    "return {}\n",
  ],
  [
    "authentik_api",
    "authentik default OAuth Mapping: authentik API access",
    "goauthentik.io/api",
    "authentik API Access on behalf of your user",
    "return {}\n",
  ],
];

/** The claims each managed mapping's expression returns, for the userinfo endpoint and discovery. */
export const MANAGED_SCOPE_CLAIMS: Record<string, (user: UserRow, groupNames: string[]) => Record<string, unknown>> = {
  "goauthentik.io/providers/oauth2/scope-openid": () => ({}),
  "goauthentik.io/providers/oauth2/scope-email": (user) => ({ email: user.email, email_verified: false }),
  "goauthentik.io/providers/oauth2/scope-profile": (user, groups) => ({
    name: user.name,
    given_name: user.name,
    preferred_username: user.username,
    nickname: user.username,
    groups,
  }),
  "goauthentik.io/providers/oauth2/scope-entitlements": () => ({ entitlements: [], roles: [] }),
  "goauthentik.io/providers/oauth2/scope-offline_access": () => ({}),
  "goauthentik.io/providers/oauth2/scope-authentik_api": () => ({}),
};

function keyPair(name: string, managed: string | null): CertificateKeyPairRow {
  const generated = generateCertificate({
    subject: [
      ["CN", name],
      ["O", "authentik"],
      ["OU", "Self-signed"],
    ],
    keyType: "rsa",
    validDays: 365,
  });
  return {
    pk: uuid4(),
    name,
    managed,
    certificate_data: generated.certPem,
    key_data: generated.keyPem,
    key_type: generated.keyType,
    cert_subject: generated.subject,
    cert_expiry: generated.notAfter,
    fingerprint_sha256: generated.fingerprintSha256,
    fingerprint_sha1: generated.fingerprintSha1,
  };
}

export function buildSeed(): SeedData {
  const flows = FLOWS.map(([slug, name, title, designation, authentication]) => ({
    pk: uuid4(),
    policybindingmodel_ptr_id: uuid4(),
    name,
    slug,
    title,
    designation,
    authentication,
    background: "",
    policy_engine_mode: "any",
    compatibility_mode: false,
    layout: "stacked",
    denied_action: "message_continue",
  }));
  const scopeMappings = SCOPES.map(([suffix, name, scope, description, expression]) => ({
    pk: uuid4(),
    managed: `goauthentik.io/providers/oauth2/scope-${suffix}`,
    name,
    expression,
    scope_name: scope,
    description,
  }));
  const admin = userRow(1, { username: "akadmin", name: "authentik Default Admin", email: "admin@example.com" });
  const admins: GroupRow = {
    pk: uuid4(),
    num_pk: 1,
    name: "authentik Admins",
    is_superuser: true,
    parents: [],
    users: [admin.pk],
    attributes: {},
    roles: [],
  };
  return {
    flows,
    scopeMappings,
    certificates: [
      keyPair("authentik Self-signed Certificate", null),
      keyPair("authentik Internal JWT Certificate", "goauthentik.io/crypto/jwt-managed"),
    ],
    users: [admin],
    groups: [admins],
  };
}

/** A user as authentik stores one made with `ak create_user` or the admin UI: active, internal, no login yet. */
export function userRow(pk: number, fields: Partial<Omit<UserRow, "pk" | "uuid">> & { username: string }): UserRow {
  const now = isoNow();
  return {
    pk,
    uuid: uuid4(),
    name: fields.username,
    email: "",
    is_active: true,
    last_login: null,
    date_joined: now,
    password_change_date: now,
    last_updated: now,
    path: "users",
    type: "internal",
    attributes: {},
    ...fields,
  };
}
