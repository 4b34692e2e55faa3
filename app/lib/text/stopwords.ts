/**
 * Function words of each language. They are indexed like any word (a "phrase" may contain
 * them), but a query does not require them: "how do I export" must find a post that says
 * "export". A query word is dropped when it is a function word in any of our languages, since
 * the query's language is not known.
 */
const WORDS = {
  en: "a an and are as at be but by can do does did for from had has have he her his how i if in into is it its me my no not of on or our she so than that the their them then there these they this to us was we were what when where which who why will with would you your",
  sv: "alla allt att av blev bli blir de dem den denna deras dess det detta dig din dina ditt du där efter eller en er era ert ett från för ha hade han hans har hon hur här i inte jag kan man med mig min mina mitt mot ni nu när och om oss på sig sin sina sitt ska skulle som så till under upp ut vad var vara vi vid vilken vill än är åt över",
  no: "alle at av bare ble bli blir da de dem den denne deres det dette deg din dine ditt du der eller en er et etter for fra før han hans har hun hva hvor hvordan her i ikke jeg kan man med meg min mine mitt mot nå når og om oss på seg sin sine sitt skal skulle som så til under opp ut var vi ved vil være eg ikkje kva korleis",
  zh: "的 了 吗 呢 吧 啊 是 在 和 与 或 我 我们 你 你们 他 她 它 他们 这 那 这个 那个 都 也 就 还 有 没有 请问 一个",
} as const;

const STOP = new Set(Object.values(WORDS).flatMap((list) => list.split(" ")));

export function isStopWord(word: string): boolean {
  return STOP.has(word);
}
