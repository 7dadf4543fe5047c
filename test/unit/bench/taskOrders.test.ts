// Budget points over several task orders: the orders are seeded permutations, the stateless points run
// once and equal a plain run, and a budget point is the mean of its runs over the orders (fixture pair).
import assert from "node:assert/strict";
import { join } from "node:path";
import { runQualityBench, type BenchConfig, type ModeResult } from "../../../src/bench/quality";
import { averageOverOrders, carriesState, runOverOrders, taskOrders } from "../../../src/bench/taskOrders";
import { readTasks, type BenchTask } from "../../../src/bench/tasks";
import type { EadEngine } from "../../../src/engine/engine";
import { loadFixtureEngine, repoRoot } from "../helpers/fixtures";

describe("bench/taskOrders", function () {
  this.timeout(600_000);

  it("gives the file's order first, then distinct seeded permutations that repeat with the seed", () => {
    const orders = taskOrders(20, 4);
    assert.equal(orders.length, 4);
    assert.deepEqual(orders[0], Array.from({ length: 20 }, (_, i) => i));
    for (const o of orders) assert.deepEqual([...o].sort((a, b) => a - b), orders[0]);
    assert.equal(new Set(orders.map((o) => o.join(","))).size, 4);
    assert.deepEqual(taskOrders(20, 4), orders);
    assert.notDeepEqual(taskOrders(20, 4, 2)[1], orders[1]);
  });

  it("averages every figure over the orders and keeps the spread of quality and share", () => {
    const base = { mode: "ead", threshold: null, target: 0.3, editSimilarity: 0.2, largeShare: 0.3, evaluated: { small: 10, large: 4 } };
    const a = { ...base } as unknown as ModeResult;
    const b = { ...base, editSimilarity: 0.3, largeShare: 0.25, evaluated: { small: 20, large: 6 } } as unknown as ModeResult;
    const m = averageOverOrders([a, b]);
    assert.equal(m.editSimilarity, 0.25);
    assert.equal(m.largeShare, 0.275);
    assert.deepEqual(m.evaluated, { small: 15, large: 5 });
    assert.equal(m.threshold, null);
    assert.deepEqual(m.orders, { count: 2, editSimilarity: { min: 0.2, max: 0.3 }, largeShare: { min: 0.25, max: 0.3 } });
  });

  describe("with the fixture pair", () => {
    let engine: EadEngine;
    let tasks: BenchTask[];
    const settings = { window: 16, maxTokens: 12, topK: 64, stability: "none" as const };
    const large: BenchConfig = { mode: "large", threshold: null, stability: null };
    const budget: BenchConfig = { mode: "ead", threshold: null, stability: "none", target: 0.3 };

    before(async () => {
      engine = await loadFixtureEngine();
      tasks = (await readTasks(join(repoRoot, "bench", "tasks", "dev.jsonl"))).slice(0, 6);
    });
    after(async () => engine?.dispose());

    it("runs stateless points once (as a plain run) and budget points once per order, averaged", async () => {
      assert.ok(carriesState(budget) && !carriesState(large));
      const labels: string[] = [];
      let last = 0;
      const results = await runOverOrders(engine, tasks, [large, budget], settings, 3, (done, total, label) => {
        assert.equal(total, 6 * (1 + 3));
        last = done;
        labels.push(label);
      });
      assert.equal(last, 24);
      assert.ok(labels.some((l) => l.startsWith("order 3: ")));
      const [plainLarge] = await runQualityBench(engine, tasks, [large], settings);
      assert.equal(results[0].editSimilarity, plainLarge.editSimilarity);
      assert.equal(results[0].orders, undefined);

      const perOrder = [];
      for (const order of taskOrders(tasks.length, 3)) {
        perOrder.push((await runQualityBench(engine, order.map((i) => tasks[i]), [budget], settings))[0]);
      }
      const expected = averageOverOrders(perOrder);
      assert.equal(results[1].editSimilarity, expected.editSimilarity);
      assert.equal(results[1].largeShare, expected.largeShare);
      assert.deepEqual(results[1].orders, expected.orders);
    });

    it("with one order is a plain run", async () => {
      const [a] = await runOverOrders(engine, tasks, [budget], settings, 1);
      const [b] = await runQualityBench(engine, tasks, [budget], settings);
      assert.equal(a.editSimilarity, b.editSimilarity);
      assert.equal(a.largeShare, b.largeShare);
    });
  });
});
