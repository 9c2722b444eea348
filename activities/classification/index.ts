export { classifyErrorMessage, type Classification } from './classify';
export { CATEGORY_ACTIONS } from './category-actions';
export { ERROR_TABLE, STATUS_ENDPOINT_ERRORS, type ErrorRow, type StatusEndpointError } from './error-table';
export { normalizeMessage } from './normalize';
