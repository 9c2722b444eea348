export { trackJobOperation } from './track-job-operation';
export { budgetAlert } from './budget-alert';
