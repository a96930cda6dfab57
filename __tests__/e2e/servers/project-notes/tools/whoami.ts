// A tool module registered by importing it: it adds its tool to the shared server.
import { server } from '../server.js';
import { registerWhoami } from '../whoami-tool.js';

registerWhoami(server);
