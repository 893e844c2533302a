// The emulator's database: one map per table, seeded like a fresh install, plus the relations authentik's
// serializers read across tables. Tests get typed access through `emulator.store`.
import { randomBytes } from "node:crypto";
import { sha256Hex } from "./ids";
import { type SeedData, buildSeed, userRow } from "./seed";
import type {
  ApplicationRow,
  CertificateKeyPairRow,
  ExpressionPolicyRow,
  FlowRow,
  GrantRow,
  GroupRow,
  OAuth2ProviderRow,
  PolicyBindingRow,
  ScopeMappingRow,
  TokenRow,
  UserRow,
} from "./types";

export class Store {
  readonly flows = new Map<string, FlowRow>();
  readonly scopeMappings = new Map<string, ScopeMappingRow>();
  readonly certificates = new Map<string, CertificateKeyPairRow>();
  readonly users = new Map<number, UserRow>();
  readonly groups = new Map<string, GroupRow>();
  readonly providers = new Map<number, OAuth2ProviderRow>();
  readonly applications = new Map<string, ApplicationRow>();
  readonly bindings = new Map<string, PolicyBindingRow>();
  /** Expression policies, the one policy type emulated (by uuid). */
  readonly policies = new Map<string, ExpressionPolicyRow>();
  readonly tokens: TokenRow[] = [];
  /** OAuth2 grants by token string: what the token endpoint issued and userinfo accepts. */
  readonly authorizationCodes = new Map<string, GrantRow>();
  readonly accessTokens = new Map<string, GrantRow>();
  readonly refreshTokens = new Map<string, GrantRow>();
  /** The user whose browser session /application/o/authorize/ sees; none (a login redirect) by default. */
  signedIn: number | undefined = undefined;
  /** authentik's install id, which user uids are hashed with. */
  readonly installId = randomBytes(16).toString("hex");
  private sequences = { provider: 1, user: 2, group: 2 };
  private readonly seed: SeedData;

  constructor(private readonly initialTokens: TokenRow[]) {
    this.seed = buildSeed();
    this.reset();
  }

  /** Back to a fresh install: the same seeded objects (same uuids), nothing created since, counters restarted. */
  reset(): void {
    for (const table of [this.flows, this.scopeMappings, this.certificates, this.groups, this.applications]) {
      table.clear();
    }
    this.users.clear();
    this.providers.clear();
    this.bindings.clear();
    this.policies.clear();
    this.signedIn = undefined;
    for (const grants of [this.authorizationCodes, this.accessTokens, this.refreshTokens]) grants.clear();
    const seed = structuredClone(this.seed);
    for (const row of seed.flows) this.flows.set(row.pk, row);
    for (const row of seed.scopeMappings) this.scopeMappings.set(row.pk, row);
    for (const row of seed.certificates) this.certificates.set(row.pk, row);
    for (const row of seed.users) this.users.set(row.pk, row);
    for (const row of seed.groups) this.groups.set(row.pk, row);
    this.tokens.splice(0, this.tokens.length, ...this.initialTokens.map((token) => ({ ...token })));
    this.sequences = {
      provider: 1,
      user: Math.max(...seed.users.map((u) => u.pk)) + 1,
      group: Math.max(...seed.groups.map((g) => g.num_pk)) + 1,
    };
  }

  nextProviderPk(): number {
    return this.sequences.provider++;
  }

  nextGroupNumPk(): number {
    return this.sequences.group++;
  }

  /** Adds a user the way `ak create_user` or the admin UI would (there is no API route for it here). */
  addUser(fields: Partial<Omit<UserRow, "pk" | "uuid">> & { username: string }): UserRow {
    const user = userRow(this.sequences.user++, fields);
    this.users.set(user.pk, user);
    return user;
  }

  userByUsername(username: string): UserRow | undefined {
    return [...this.users.values()].find((user) => user.username === username);
  }

  providerByClientId(clientId: string): OAuth2ProviderRow | undefined {
    return [...this.providers.values()].find((provider) => provider.client_id === clientId);
  }

  flowBySlug(slug: string): FlowRow | undefined {
    return [...this.flows.values()].find((flow) => flow.slug === slug);
  }

  applicationBySlug(slug: string): ApplicationRow | undefined {
    return [...this.applications.values()].find((app) => app.slug === slug);
  }

  scopeMappingByManaged(managed: string): ScopeMappingRow | undefined {
    return [...this.scopeMappings.values()].find((mapping) => mapping.managed === managed);
  }

  certificateByName(name: string): CertificateKeyPairRow | undefined {
    return [...this.certificates.values()].find((pair) => pair.name === name);
  }

  /** The application whose `provider` is this one (a one-to-one relation in authentik). */
  applicationOfProvider(providerPk: number): ApplicationRow | undefined {
    return [...this.applications.values()].find((app) => app.provider === providerPk);
  }

  backchannelApplicationOf(providerPk: number): ApplicationRow | undefined {
    return [...this.applications.values()].find((app) => app.backchannel_providers.includes(providerPk));
  }

  groupsOfUser(userPk: number): GroupRow[] {
    return [...this.groups.values()].filter((group) => group.users.includes(userPk));
  }

  /** A user is a superuser through any superuser group (authentik has no per-user flag). */
  isSuperuser(userPk: number): boolean {
    return this.groupsOfUser(userPk).some((group) => group.is_superuser);
  }

  /** User.uid: sha256 of "<pk>-<install id>". */
  uidOf(user: UserRow): string {
    return sha256Hex(`${user.pk}-${this.installId}`);
  }

  tokenFor(key: string): TokenRow | undefined {
    return this.tokens.find((token) => token.key === key);
  }

  /** Everything stored, as plain JSON (the control surface's /_emulator/state). */
  snapshot(): Record<string, unknown[]> {
    return {
      flows: [...this.flows.values()],
      scopeMappings: [...this.scopeMappings.values()],
      certificates: [...this.certificates.values()].map(({ key_data: _key, ...rest }) => rest),
      users: [...this.users.values()],
      groups: [...this.groups.values()],
      providers: [...this.providers.values()],
      applications: [...this.applications.values()],
      bindings: [...this.bindings.values()],
      policies: [...this.policies.values()],
    };
  }
}
