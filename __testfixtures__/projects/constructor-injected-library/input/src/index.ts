export { HttpRunner } from './http-runner.js';
