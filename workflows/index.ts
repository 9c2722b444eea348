export { trackJobOperation } from './track-job-operation';
