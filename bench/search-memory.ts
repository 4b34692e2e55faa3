/**
 * Run alone (bench/search-relevance.ts spawns it): what each part of search analysis adds to a
 * process's resident memory and how long its first use takes. Prints one line of JSON.
 */
import { readFileSync } from "node:fs";
import { tokenise } from "../app/lib/text/analyze";
import { detectLanguage } from "../app/lib/text/detect";

const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) / 1024;
const steps: { step: string; ms: number; rssMb: number }[] = [];
let before = rssMb();
async function step(name: string, work: () => unknown) {
  const started = performance.now();
  await work();
  const now = rssMb();
  steps.push({ step: name, ms: performance.now() - started, rssMb: now - before });
  before = now;
}
await step("word lists and stemmers (first Swedish or Norwegian text)", () => tokenise("Jag har glömt lösenordet till kundkorgen. Handlekurven er tom.", "sv"));
await step("jieba (first Chinese text)", () => tokenise("我们的数据库备份每天晚上都失败了", "zh"));
await step("eld, medium database, in its worker thread (first post written; the thread ends after 5 idle minutes)", () => detectLanguage("Hur exporterar jag mina fakturor till Excel?"));
console.log(JSON.stringify(steps));
