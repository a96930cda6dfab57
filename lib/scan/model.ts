/*
 * The scan's accumulator: for the modules of a project that mention the SDK, every
 * site where a server meets a client, with the traces of the values involved, and
 * the analyses the plan asks about (how often code runs, where values come from).
 */
import { SdkClasses } from './classes.js';
import { Flow } from './flow.js';
import type { SourceModule } from './module.js';
import type { Project } from './project.js';
import { Runs } from './runs.js';
import { type Site, findSites } from './sites.js';

export interface ScanOptions {
  /** Recognise the v2 split packages too. */
  v2?: boolean;
}

export class Model {
  readonly runs: Runs;
  readonly classes: SdkClasses;
  readonly flow: Flow;
  readonly sites: Site[] = [];

  constructor(
    readonly project: Project,
    readonly seeds: SourceModule[],
    options: ScanOptions = {},
  ) {
    this.runs = new Runs(project);
    this.classes = new SdkClasses(project, options.v2 ?? false);
    this.flow = new Flow(project, this.classes, this.runs);
    for (const module of seeds) this.sites.push(...findSites(module, this.flow, this.classes));
  }
}
