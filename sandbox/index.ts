export * from './server';
export { fillErrorRow, fillTemplate, jobViewUrl, type MessageContext } from './error-messages';
export { DEFAULT_CREDENTIALS, DEFAULT_KNOBS, DEFAULT_PARTNER_ID } from './state';
export { loadRulesFile } from './rules-file';
