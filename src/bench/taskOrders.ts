// A budget point carries its controller from task to task, so its result depends on the order of the
// tasks: one completion that changes moves the threshold for every task after it. Running such points
// over several task orders and averaging measures the point rather than one path of its controller.
// Points without carried state (fixed thresholds, single models) give the same result in any order and
// run once.
import type { EadEngine } from "../engine/engine";
import type { DecodeSettings } from "../engine/types";
import { runQualityBench, type BenchConfig, type BenchOptions, type ModeResult } from "./quality";
import { seededRandom } from "./seededRandom";
import type { BenchTask } from "./tasks";

/** How a point's edit similarity and large share spread over the orders. */
export interface OrderSpread {
  count: number;
  editSimilarity: { min: number; max: number };
  largeShare: { min: number; max: number };
}

export type OrderedResult = ModeResult & { orders?: OrderSpread };

/** `count` orders of `n` tasks: the file's own order first, then seeded shuffles (Fisher-Yates). */
export function taskOrders(n: number, count: number, seed = 1): number[][] {
  const orders = [Array.from({ length: n }, (_, i) => i)];
  const random = seededRandom(seed);
  for (let k = 1; k < count; k++) {
    const order = [...orders[0]];
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    orders.push(order);
  }
  return orders;
}

/** Whether a point's result depends on the task order (it carries a budget controller). */
export function carriesState(c: BenchConfig): boolean {
  return c.mode === "ead" && c.target != null;
}

export async function runOverOrders(
  engine: EadEngine,
  tasks: BenchTask[],
  configs: BenchConfig[],
  base: Partial<DecodeSettings>,
  orderCount: number,
  onProgress?: (done: number, total: number, label: string) => void,
  options: BenchOptions = {},
): Promise<OrderedResult[]> {
  if (orderCount <= 1) return runQualityBench(engine, tasks, configs, base, onProgress, options);
  const stateful = configs.filter(carriesState);
  const stateless = configs.filter((c) => !carriesState(c));
  const total = tasks.length * (stateless.length + stateful.length * orderCount);
  let offset = 0;
  const progress = (done: number, _t: number, label: string) => onProgress?.(offset + done, total, label);

  const once = stateless.length ? await runQualityBench(engine, tasks, stateless, base, progress, options) : [];
  offset += tasks.length * stateless.length;
  const perOrder: ModeResult[][] = [];
  for (const [k, order] of taskOrders(tasks.length, orderCount).entries()) {
    const results = stateful.length
      ? await runQualityBench(engine, order.map((i) => tasks[i]), stateful, base, (d, t, label) => progress(d, t, `order ${k + 1}: ${label}`), options)
      : [];
    perOrder.push(results);
    offset += tasks.length * stateful.length;
  }
  // Back in the order the points were asked for.
  return configs.map((c) => {
    const s = stateful.indexOf(c);
    return s >= 0 ? averageOverOrders(perOrder.map((results) => results[s])) : once[stateless.indexOf(c)];
  });
}

/** The mean of every figure over the orders, with the spread of the two that matter most. */
export function averageOverOrders(results: readonly ModeResult[]): OrderedResult {
  const spread = (pick: (r: ModeResult) => number) => ({ min: Math.min(...results.map(pick)), max: Math.max(...results.map(pick)) });
  return {
    ...(meanOf(results as unknown as Record<string, unknown>[]) as unknown as ModeResult),
    orders: {
      count: results.length,
      editSimilarity: spread((r) => r.editSimilarity),
      largeShare: spread((r) => r.largeShare),
    },
  };
}

/** Numbers are averaged (4 decimals), nested objects field by field, anything else taken from the first. */
function meanOf(values: readonly Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(values[0])) {
    const first = values[0][key];
    if (typeof first === "number") {
      const nums = values.map((v) => v[key] as number);
      out[key] = Math.round((nums.reduce((a, b) => a + b, 0) / nums.length) * 1e4) / 1e4;
    } else if (first && typeof first === "object" && !Array.isArray(first)) {
      out[key] = meanOf(values.map((v) => v[key] as Record<string, unknown>));
    } else {
      out[key] = first;
    }
  }
  return out;
}
