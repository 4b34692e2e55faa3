import { scoreSentence } from "../app/harvest/detectors/detect";
for (const s of process.argv.slice(2)) { const r = scoreSentence(s); console.log(s); for (const [k, v] of Object.entries(r)) if (v.matched.length) console.log("  ", k, v.score.toFixed(2), JSON.stringify(v.matched.map(m=>m.text))); }
