import { readFile } from 'node:fs/promises';

/** Bed name -> what is planted in it. */
export async function loadBeds(file: string): Promise<Map<string, string[]>> {
  const raw = JSON.parse(await readFile(file, 'utf8')) as Record<string, string[]>;
  return new Map(Object.entries(raw));
}
