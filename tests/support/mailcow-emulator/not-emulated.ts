/**
 * Thrown where mailcow does something that no path of this project exercises, so the emulator does not
 * reproduce it: the request fails with a 500 and lands in `internalErrors`, which tests assert stays empty.
 */
export class NotEmulated extends Error {
  constructor(what: string) {
    super(`not emulated: ${what} (no product path sends it)`);
    this.name = "NotEmulated";
  }
}
