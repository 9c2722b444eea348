/** Links to the Temporal UI page of each workflow; the UI opens the latest run when no run id is given. */
export function temporalUiLinks(baseUrl: string, workflowIds: readonly string[]): string[] {
  const base = baseUrl.replace(/\/+$/, '');
  return workflowIds.map((workflowId) => `${base}/workflows/${encodeURIComponent(workflowId)}`);
}
