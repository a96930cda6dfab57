/*
 * Code a run leaves vulnerable: what a bump to SDK 1.26 would turn from a leak into
 * an outage (the connect guard throws at the second concurrent client).
 */
import { RULES } from './findings.js';
import type { FileResult } from './run.js';

export interface UnfixedFile {
  path: string;
  instances: number;
}

/**
 * Shared servers and transports a file still holds after the run: those marked for
 * review, or, when the file could not be written (or its rewrite failed), the ones
 * the rewrite would have fixed. A use of a shared server outside a request is not
 * an instance of its own: the server it uses is marked too.
 */
export function unfixedInstances(file: FileResult): number {
  const open = file.findings.filter((finding) => finding.status === 'review' || file.error !== undefined);
  if (open.length === 0) return 0;
  return Math.max(1, open.filter((finding) => finding.rule !== RULES.serverUsedOutsideRequest).length);
}

function count(instances: number): string {
  return instances === 1 ? '1 shared server or transport is' : `${instances} shared servers or transports are`;
}

/** The plain sentence every surface uses for a bump that meets unfixed code. */
export function atRiskSentence(instances: number, where: string, to: string): string {
  return `${count(instances)} still unfixed in ${where}: after this bump to ${to} ${instances === 1 ? 'it fails' : 'they fail'} at the second concurrent client until fixed`;
}

/** Why a bump was held back (--no-bump-unfixed). */
export function heldBackSentence(instances: number, where: string): string {
  return `${count(instances)} still unfixed in ${where}, and on SDK 1.26 ${instances === 1 ? 'it would fail' : 'they would fail'} at the second concurrent client: the bump waits until ${instances === 1 ? 'it is' : 'they are'} fixed`;
}
