import { z } from 'zod';

export type AddTool = (name: string, description: string, run: (tank: string) => string) => void;

export function registerTankTools(add: AddTool) {
  add('temperature', 'Water temperature of a tank', (tank) => `${tank}: 24.5 C`);
  add('feeding', 'When a tank was last fed', (tank) => `${tank}: 08:15`);
}

export const tankSchema = { tank: z.string() };
