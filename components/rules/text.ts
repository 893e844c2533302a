/** C0 control characters and DEL: never part of a URL, a client ID or a name mailcow stores. */
export function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * Characters that do not show: C1 controls, format characters (zero-width spaces and joiners, direction marks, the
 * byte-order mark, soft hyphens) and line or paragraph separators. A name carrying one looks like another name but
 * matches nothing typed by hand.
 */
export function hasInvisibleCharacter(value: string): boolean {
  return /[\u0080-\u009f\p{Cf}\p{Zl}\p{Zp}]/u.test(value);
}
