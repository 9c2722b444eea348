/**
 * LinkedIn's throttles: a daily budget of status calls (UTC day) and an optional per-second cap on the
 * /v2 endpoints. Only admitted calls count against a budget.
 */
const DAY_MS = 86_400_000;

export class QuotaGate {
  private statusDay = -1;
  private statusCallsToday = 0;
  private second = -1;
  private callsThisSecond = 0;

  /** Admits one status call, or refuses it when today's budget is spent. */
  admitStatusCall(now: number, callsPerDay: number): boolean {
    const day = Math.floor(now / DAY_MS);
    if (day !== this.statusDay) {
      this.statusDay = day;
      this.statusCallsToday = 0;
    }
    if (this.statusCallsToday >= callsPerDay) return false;
    this.statusCallsToday += 1;
    return true;
  }

  /** Admits one /v2 call under a per-second cap; null is unlimited. */
  admitCall(now: number, callsPerSecond: number | null): boolean {
    if (callsPerSecond === null) return true;
    const second = Math.floor(now / 1000);
    if (second !== this.second) {
      this.second = second;
      this.callsThisSecond = 0;
    }
    if (this.callsThisSecond >= callsPerSecond) return false;
    this.callsThisSecond += 1;
    return true;
  }

  reset(): void {
    this.statusDay = -1;
    this.statusCallsToday = 0;
    this.second = -1;
    this.callsThisSecond = 0;
  }
}
