export { LectureHalls, type HallOptions } from './lecture-halls.js';
export { hallRoutes } from './hall-routes.js';
