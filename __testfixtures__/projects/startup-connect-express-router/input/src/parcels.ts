const depots: Record<string, string> = { P100: 'Lyon depot' };

export function lookupParcel(code: string): string {
  return depots[code] ?? 'not scanned yet';
}
