function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

/**
 * pass^k as τ-bench defines it: the chance that k runs of a task, drawn from its n runs, all pass, estimated per
 * task as C(c, k) / C(n, k) from its c passing runs, averaged over the tasks. pass^1 is the plain pass rate.
 * @param outcomes - per task, how many runs it had (n) and how many passed (c)
 * @param k - 1 ≤ k ≤ every task's n
 */
export function passHatK(outcomes: readonly { n: number; c: number }[], k: number): number {
  if (outcomes.length === 0) return 0;
  const sum = outcomes.reduce((total, { n, c }) => {
    if (k < 1 || k > n) throw new Error(`pass^${k} needs at least ${k} runs of every task (one has ${n})`);
    return total + choose(c, k) / choose(n, k);
  }, 0);
  return sum / outcomes.length;
}
