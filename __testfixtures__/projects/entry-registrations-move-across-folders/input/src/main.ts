import { catalog } from './mcp/catalog-server.js';
import { transport } from './mcp/transport.js';
import { app } from './web/app.js';
import lendingTools from './tools/lending.js';
import * as shelves from './tools/shelves.js';
import { registerWith } from './tools/register.js';

// Lending tools first: the desk lists them in this order.
for (const tool of lendingTools) {
  registerWith(catalog, tool);
}
shelves.install(catalog);

await catalog.connect(transport);

app.listen(Number(process.env.PORT ?? 8080), () => {
  console.log(`catalog on ${process.env.PORT ?? 8080}`);
});
