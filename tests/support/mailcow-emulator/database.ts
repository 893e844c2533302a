// The three MariaDB tables the identity-provider routes touch: `identity_provider` (key/value strings),
// `mailbox` (only its authsource column matters here) and `api` (keys, access level, allow list).
import { PhpUncaughtError } from "./php";

/** `value TEXT`: MariaDB's strict mode rejects longer values, and PDO's exception mode turns that into an
 * uncaught PDOException. */
export const TEXT_MAX_BYTES = 65535;

export const MAILBOX_AUTHSOURCES = ["mailcow", "keycloak", "generic-oidc", "ldap"] as const;
export type MailboxAuthsource = (typeof MAILBOX_AUTHSOURCES)[number];

function checkTextLength(key: string, value: string): void {
  if (Buffer.byteLength(value, "utf8") > TEXT_MAX_BYTES) {
    throw new PhpUncaughtError(`SQLSTATE[22001]: Data too long for column 'value' (key ${key})`);
  }
}

/** Table `identity_provider`: one string per key, upserted, never partially written inside a transaction. */
export class SettingsTable {
  private rows = new Map<string, string>();

  /** `SELECT *` on InnoDB returns rows in primary-key order. */
  rowsInKeyOrder(): [string, string][] {
    return [...this.rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  upsert(key: string, value: string): void {
    checkTextLength(key, value);
    this.rows.set(key, value);
  }

  /** Runs `body` on a staged copy; the rows change only if it returns true (commit) without throwing. */
  transaction(body: (upsert: (key: string, value: string) => void) => boolean): boolean {
    const staged = new Map(this.rows);
    const committed = body((key, value) => {
      checkTextLength(key, value);
      staged.set(key, value);
    });
    if (committed) this.rows = staged;
    return committed;
  }

  deleteAll(): void {
    this.rows.clear();
  }

  snapshot(): Record<string, string> {
    return Object.fromEntries(this.rowsInKeyOrder());
  }

  replace(raw: Record<string, string>): void {
    for (const [key, value] of Object.entries(raw)) {
      if (typeof value !== "string")
        throw new TypeError(`identity_provider.${key} must be a string (got ${typeof value})`);
    }
    this.rows = new Map(Object.entries(raw));
  }
}

/** Table `mailbox`, reduced to username and the `authsource` ENUM column. */
export class MailboxTable {
  private readonly authsources = new Map<string, MailboxAuthsource>();

  add(username: string, authsource: MailboxAuthsource): void {
    assertAuthsource(authsource);
    if (this.authsources.has(username)) throw new Error(`mailbox ${username} already exists`);
    this.authsources.set(username, authsource);
  }

  setAuthsource(username: string, authsource: string): void {
    assertAuthsource(authsource);
    if (!this.authsources.has(username)) throw new Error(`mailbox ${username} does not exist`);
    this.authsources.set(username, authsource);
  }

  /** `WHERE authsource != 'mailcow' AND authsource IS NOT NULL [AND authsource != :except]`. */
  anyExternal(except?: string): boolean {
    return [...this.authsources.values()].some((source) => source !== "mailcow" && source !== except);
  }
}

function assertAuthsource(value: string): asserts value is MailboxAuthsource {
  if (!(MAILBOX_AUTHSOURCES as readonly string[]).includes(value)) {
    throw new Error(`mailbox authsource must be one of ${MAILBOX_AUTHSOURCES.join(", ")} (got ${value})`);
  }
}
