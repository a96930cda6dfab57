import { accessSync, constants, statSync } from 'node:fs';

/**
 * Whether a file must be left as it is. Root passes every access check, so in a
 * container or CI job `chmod 444` would protect nothing: a file with no write bit
 * for anyone is read-only whoever runs the tool. Throws when the file cannot be
 * looked at (the caller reports that).
 */
export function isReadOnly(absolute: string): boolean {
  if ((statSync(absolute).mode & 0o222) === 0) return true;
  try {
    accessSync(absolute, constants.W_OK);
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return true;
    throw error;
  }
}
