import { z } from 'zod';

export interface BookTool {
  name: string;
  description: string;
  run: (isbn: string) => string;
}

const lendingTools: BookTool[] = [
  { name: 'lend', description: 'Lend a book', run: (isbn) => `lent ${isbn}` },
  { name: 'return', description: 'Take a book back', run: (isbn) => `returned ${isbn}` },
];

export const isbnSchema = { isbn: z.string() };

export default lendingTools;
