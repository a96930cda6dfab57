export { RelayHub } from './relay-hub.js';
